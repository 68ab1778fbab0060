//! The index's translation tables, built at the end of `milpress index` and stored beside the
//! index as [`TABLE_FILE`], so that `milpress search` translates a query without loading a
//! dictionary (CC-CEDICT takes a fraction of a second to load; a search must stay at about
//! 15 ms as a new process).
//!
//! Three kinds of rows, each `kind TAB key TAB form|form|form`, sorted, looked up by binary
//! search over the file's bytes (no parsing when it is opened):
//! - `z`: a Chinese word → English forms (CC-CEDICT glosses whose words all occur in the index);
//! - `e`: an English form (normalised as the glossary normalises) → Chinese words of the index;
//! - `p`: a pinyin key (`huangyandao`) → Chinese words of the index that read so.
//!
//! Chinese words come from the index's own vocabulary, and, for an index with little or no
//! Chinese, from the entries CC-CEDICT reaches through the index's English words (a gloss or a
//! pinyin spelling such as `taliban`), so a Chinese query can be cut into the table's words.
//! CC-CEDICT (MDBG and the CC-CEDICT contributors) is under CC BY-SA 4.0; the table derived
//! from it stays under that licence.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::schema::Field;

use super::{vocabulary, Index};
use crate::analysis::chinese;
use crate::analysis::fold::is_han;
use crate::analysis::normalized;
use crate::document::Fnv1a;
use crate::error::Result;
use crate::reference::{dict, pinyin};

/// The file beside the index that holds the tables.
pub const TABLE_FILE: &str = "milpress-translations.tsv";

/// At most this many forms are kept for one key: beyond them a translation is mostly noise.
pub const MAX_FORMS: usize = 3;

/// How many of a Chinese word's dictionary senses lead to it from English: later senses are
/// rarer uses (行使 is "to exercise (a right)" first, and 活动 "to exercise" only fourth).
const MAX_SENSES_TO_CHINESE: usize = 4;

/// The longest English form kept, in words: longer glosses are explanations, not names.
const MAX_GLOSS_WORDS: usize = 3;

/// Which table a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Chinese word → English forms.
    ZhToEn,
    /// Normalised English form → Chinese words.
    EnToZh,
    /// Pinyin key → Chinese words.
    Pinyin,
}

impl Kind {
    fn tag(self) -> char {
        match self {
            Kind::ZhToEn => 'z',
            Kind::EnToZh => 'e',
            Kind::Pinyin => 'p',
        }
    }
}

/// The tables of one index, as read from [`TABLE_FILE`] (empty when there is none).
#[derive(Debug)]
pub struct Tables {
    /// The file's bytes, not checked as UTF-8 as a whole (checking 2 MB of Chinese costs a
    /// search more than all its lookups): a line is checked when a lookup returns it. Mapped,
    /// not read: a search touches the few pages its binary searches land on, where reading the
    /// whole file into memory cost a new `milpress search` process about 2 ms at a million
    /// documents.
    text: OwnedBytes,
    /// Where the rows start: after the header line that holds the vocabulary's fingerprint.
    rows: usize,
}

impl Default for Tables {
    fn default() -> Tables {
        Tables {
            text: OwnedBytes::empty(),
            rows: 0,
        }
    }
}

impl Tables {
    /// Reads the tables beside the index in `dir`; empty when the file is missing or unreadable
    /// (an index built by an older milpress: searching still works, with fewer translations).
    pub fn load(dir: &Path) -> Tables {
        let text = MmapDirectory::open(dir)
            .ok()
            .and_then(|d| d.open_read(Path::new(TABLE_FILE)).ok())
            .and_then(|file| file.read_bytes().ok())
            .unwrap_or_else(OwnedBytes::empty);
        let rows = match text.strip_prefix(b"#\t") {
            Some(rest) => line_end(&text, text.len() - rest.len()).map_or(text.len(), |n| n + 1),
            None => 0,
        };
        Tables { text, rows }
    }

    /// The fingerprint of the vocabulary these tables were built from, when they say.
    fn fingerprint(&self) -> Option<&str> {
        let header = self.text[..self.rows].strip_prefix(b"#\t")?;
        Some(std::str::from_utf8(header).ok()?.trim_end())
    }

    /// Whether these tables were ordered by this version's rules (the order of `e` rows): tables
    /// of an older milpress are built again by the next index run, even one that changes
    /// nothing.
    pub fn follow_the_rules(&self) -> bool {
        self.fingerprint()
            .is_some_and(|f| f.split_whitespace().last() == Some(RULES.as_str()))
    }

    /// Tables from rows given in memory (tests, and [`build`] before writing).
    pub fn from_rows<'r>(
        rows: impl IntoIterator<Item = (&'r (char, String), &'r Vec<String>)>,
    ) -> Tables {
        let mut text = String::new();
        for ((tag, key), forms) in rows {
            push_table_row(&mut text, *tag, key, forms);
        }
        Tables {
            text: OwnedBytes::new(text.into_bytes()),
            rows: 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.len() == self.rows
    }

    /// The forms stored for `key` in table `kind`, best first.
    pub fn get(&self, kind: Kind, key: &str) -> Vec<&str> {
        find_row(&self.text[self.rows..], kind.tag(), key).map_or_else(Vec::new, |forms| {
            forms.split('|').filter(|f| !f.is_empty()).collect()
        })
    }

    /// Whether `key` is a Chinese word of the `z` table.
    pub fn has_zh(&self, key: &str) -> bool {
        !self.get(Kind::ZhToEn, key).is_empty()
    }
}

/// Where the line that starts at `start` ends (its newline), if it has one.
fn line_end(bytes: &[u8], start: usize) -> Option<usize> {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|n| start + n)
}

/// The rest of the row `tag TAB key TAB …` in `rows` (sorted lines, as the tables and the
/// learned pairs are stored), found by binary search over the bytes: nothing is parsed, and
/// only the row found is checked as UTF-8 (`None` too when it is not: a damaged file).
pub(super) fn find_row<'t>(rows: &'t [u8], tag: char, key: &str) -> Option<&'t str> {
    if key.is_empty() || key.contains(['\t', '\n']) {
        return None;
    }
    let wanted = format!("{tag}\t{key}\t");
    let (mut lo, mut hi) = (0, rows.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // `lo` is always a line start, so the line holding `mid` starts at or after it.
        let start = rows[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |p| lo + p + 1);
        let end = line_end(rows, start).unwrap_or(rows.len());
        let line = &rows[start..end];
        if let Some(rest) = line.strip_prefix(wanted.as_bytes()) {
            return std::str::from_utf8(rest).ok();
        }
        if line < wanted.as_bytes() {
            lo = end + 1;
        } else {
            hi = start;
        }
    }
    None
}

/// The English forms of one dictionary sense worth searching: the sense split at `;`, with
/// explanations in brackets, leading `to`/`the`/`a`, and cross-references left out. Names,
/// ordinary words and short phrases remain (`Helmand (name)` → `Helmand`).
pub fn clean_glosses(sense: &str) -> Vec<String> {
    const SKIP: &[&str] = &[
        "variant of",
        "surname",
        "abbr",
        "cl:",
        "see ",
        "used in",
        "used for",
        "classifier",
        "also written",
        "also pr.",
        "old ",
        "particle",
        "(literary)",
        "(archaic)",
        "(dialect)",
        "(slang)",
    ];
    let mut out = Vec::new();
    for part in sense.split(';') {
        let lower = part.to_lowercase();
        if SKIP.iter().any(|s| lower.contains(s)) || part.contains('[') {
            continue;
        }
        let mut plain = String::new();
        let mut depth = 0usize;
        for c in part.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                _ if depth == 0 => plain.push(c),
                _ => {}
            }
        }
        let plain = plain.split(',').next().unwrap_or("").trim();
        let mut words: Vec<&str> = plain.split_whitespace().collect();
        while let Some(first) = words.first() {
            if ["to", "the", "a", "an"].contains(&first.to_lowercase().as_str()) && words.len() > 1
            {
                words.remove(0);
            } else {
                break;
            }
        }
        if words.is_empty()
            || words.len() > MAX_GLOSS_WORDS
            || !words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '\'' || c == '.')
            })
        {
            continue;
        }
        let gloss = words.join(" ");
        if !out.contains(&gloss) {
            out.push(gloss);
        }
    }
    out
}

/// Every term of `field` in the index, with its document frequency.
fn vocabulary(
    searcher: &tantivy::Searcher,
    field: Field,
    out: &mut HashMap<String, u64>,
) -> Result<()> {
    let added = crate::analysis::chinese::added_words();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                // Searched as their characters: no translation of theirs is ever asked for.
                if added.contains(term) {
                    continue;
                }
                *out.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    Ok(())
}

/// Builds the tables for the index in `index` and writes them to [`TABLE_FILE`] beside it.
///
/// Dictionary answers are kept in [`LOOKUP_FILE`] from one run to the next, so a run that adds a
/// few documents looks up only the words they bring and never loads CC-CEDICT when they bring
/// none (loading it costs about half a second).
pub fn build(index: &Index, searcher: &tantivy::Searcher) -> Result<Tables> {
    let text_fields = [index.fields.title, index.fields.body];
    let kept = Tables::load(&index.dir);
    let segments = vocabulary::segment_ids(searcher);
    // Tables ordered by other rules are built again whatever the vocabulary.
    let current = kept.follow_the_rules();
    if let Some(mut known) = vocabulary::Known::load(&index.dir)
        .filter(|known| current && kept.fingerprint() == Some(known.fingerprint.as_str()))
    {
        let new = known.new_words(searcher, &text_fields, MAX_NEW_WORDS + 1)?;
        if new.is_empty() {
            // No new word: the tables stand; the segments just read need not be read again.
            if known.segments != segments {
                known.segments = segments;
                known.save(&index.dir)?;
            }
            return Ok(kept);
        }
        if new.len() <= MAX_NEW_WORDS {
            if let Some(grown) = grow(index, searcher, &kept, &new)? {
                known.add(new.iter().map(String::as_str));
                known.segments = segments;
                known.fingerprint = grown.fingerprint().unwrap_or_default().to_string();
                known.save(&index.dir)?;
                return Ok(grown);
            }
        }
    }
    let mut vocab = HashMap::new();
    for field in text_fields {
        vocabulary(searcher, field, &mut vocab)?;
    }
    let fingerprint = vocabulary_fingerprint(&vocab);
    let known = vocabulary::Known::new(
        fingerprint.clone(),
        segments,
        vocab.keys().map(String::as_str),
    );
    if kept.fingerprint() == Some(fingerprint.as_str()) {
        known.save(&index.dir)?;
        return Ok(kept);
    }
    let mut lookups = Lookups::load(&index.dir);
    let tables = from_vocabulary_with(&vocab, &mut lookups);
    if lookups.changed() {
        write_atomically(&index.dir.join(LOOKUP_FILE), lookups.to_text())?;
    }
    let tables = write_tables(&index.dir, &fingerprint, &tables.text)?;
    // Written after the tables, so that it never describes tables that were not written.
    known.save(&index.dir)?;
    Ok(tables)
}

/// The dictionary's answers kept beside the index in `dir` ([`LOOKUP_FILE`]), as text; empty
/// when there are none.
pub fn read_lookups(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(LOOKUP_FILE)).unwrap_or_default()
}

/// Whether the answers `lookups` (as [`read_lookups`] gives them) hold a sense for `word` and
/// none of its senses is a proper noun (a capitalised English form: `Sanya`, `March`).
pub fn glossed_as_common(lookups: &str, word: &str) -> bool {
    let needle = format!("\nh\t{word}\t");
    let Some(at) = lookups.find(&needle) else {
        return false;
    };
    let rest = &lookups[at + needle.len()..];
    let line = rest.split('\n').next().unwrap_or_default();
    let forms: Vec<&str> = line
        .split('|')
        .filter_map(|gloss| gloss.split('=').next())
        .filter(|form| !form.is_empty())
        .collect();
    !forms.is_empty()
        && !forms
            .iter()
            .any(|form| form.chars().next().is_some_and(char::is_uppercase))
}

/// At most this many new words are added to the tables row by row; a run that brings more
/// rebuilds them (each new English word is looked for in every gloss kept, and beyond a few
/// thousand words reading the whole vocabulary once costs less).
const MAX_NEW_WORDS: usize = 2_000;

/// The tables `kept` with the rows the words `new` (words the tables depend on that they were
/// not built with, all now in the index) add or change, written beside the index; `None` when
/// that cannot be worked out without a rebuild (no dictionary answers kept, or a header this
/// version did not write).
///
/// What a new word can touch, and nothing else is read:
/// - a Chinese word: its own `z` row; the `e` rows of its leading senses, ordered again over
///   every Chinese word of the index that has that sense (the kept dictionary answers say
///   which do); the `p` row of its pinyin, ordered again over the words that row held and the
///   new ones;
/// - an English word: the `z` rows of every Chinese word (of the index, or reached through its
///   English) with a gloss the word completes, and of the Chinese words it reaches itself.
///
/// Document frequencies are those of the index now, for the rows touched: a full rebuild gives
/// the same file unless the order of two words in a row untouched (or, for `p`, of a word
/// beyond the three a row holds) has changed since it was built, or a word has left the index
/// (its rows stay until the next rebuild, as they do when a run brings no new word).
fn grow(
    index: &Index,
    searcher: &tantivy::Searcher,
    kept: &Tables,
    new: &[String],
) -> Result<Option<Tables>> {
    let Some(fingerprint) = kept.fingerprint().and_then(|f| grown_fingerprint(f, new)) else {
        return Ok(None);
    };
    let Some(mut lookups) = Lookups::read(&index.dir) else {
        return Ok(None);
    };
    // Document frequency over titles and bodies, as the full build counts it; 0 for a word
    // not in the index.
    let mut dfs: HashMap<String, u64> = HashMap::new();
    let mut df = |word: &str| -> Result<u64> {
        if let Some(&n) = dfs.get(word) {
            return Ok(n);
        }
        let mut n = 0;
        for field in [index.fields.title, index.fields.body] {
            n += searcher.doc_freq(&tantivy::Term::from_field_text(field, word))?;
        }
        dfs.insert(word.to_string(), n);
        Ok(n)
    };

    let new_zh: Vec<&String> = new.iter().filter(|w| han_word(w)).collect();
    let new_en: HashSet<&str> = new
        .iter()
        .filter(|w| !han_word(w))
        .map(String::as_str)
        .collect();
    lookups.prepare(
        new_zh.iter().map(|w| w.as_str()),
        new_en.iter().copied().filter(|w| w.len() >= 4),
    );
    let mut z_heads: HashSet<String> = new_zh.iter().map(|w| w.to_string()).collect();
    let mut e_keys: HashSet<String> = HashSet::new();
    let mut p_words: HashMap<String, Vec<String>> = HashMap::new();
    for word in &new_zh {
        for gloss in lookups.glosses(word).iter().take(MAX_SENSES_TO_CHINESE) {
            if !gloss.key.is_empty() {
                e_keys.insert(gloss.key.clone());
            }
        }
        if pinyin_word(word) {
            if let Some(py) = pinyin::plain(word) {
                p_words
                    .entry(pinyin::pinyin_key(&py))
                    .or_default()
                    .push(word.to_string());
            }
        }
    }
    for word in &new_en {
        if word.len() >= 4 {
            z_heads.extend(lookups.reached(word).iter().cloned());
        }
    }
    // Chinese words with a gloss a new English word completes: theirs when the index holds
    // them or one of its English words reaches them.
    let completed: HashSet<&String> = lookups
        .glosses
        .iter()
        .filter(|_| !new_en.is_empty())
        .filter(|(_, glosses)| {
            glosses
                .iter()
                .any(|g| g.key.split(' ').any(|w| new_en.contains(w)))
        })
        .map(|(head, _)| head)
        .collect();
    let mut reached_by_index: HashSet<&String> = HashSet::new();
    for (english, heads) in &lookups.reached {
        if english.len() >= 4 && heads.iter().any(|h| completed.contains(h)) && df(english)? > 0 {
            reached_by_index.extend(heads.iter().filter(|h| completed.contains(h)));
        }
    }
    let mut completed_heads = Vec::new();
    for head in completed {
        if reached_by_index.contains(head) || df(head)? > 0 {
            completed_heads.push(head.clone());
        }
    }
    z_heads.extend(completed_heads);

    // Every row touched, as it is now; no forms means no row.
    let mut changes: Vec<((char, String), Vec<String>)> = Vec::new();
    for head in z_heads {
        let mut forms = Vec::new();
        for gloss in lookups.glosses(&head) {
            let mut in_index = !gloss.key.is_empty();
            for word in gloss.key.split(' ') {
                if !in_index || df(word)? == 0 {
                    in_index = false;
                    break;
                }
            }
            if in_index {
                forms.push(gloss.form.clone());
                if forms.len() == MAX_FORMS {
                    break;
                }
            }
        }
        changes.push((('z', head), forms));
    }
    if !e_keys.is_empty() {
        let mut by_key: HashMap<&String, Vec<(u64, String)>> = HashMap::new();
        for (head, glosses) in &lookups.glosses {
            for gloss in glosses.iter().take(MAX_SENSES_TO_CHINESE) {
                if e_keys.contains(&gloss.key) && han_word(head) {
                    let n = df(head)?;
                    if n > 0 {
                        by_key
                            .entry(&gloss.key)
                            .or_default()
                            .push((n, head.clone()));
                    }
                }
            }
        }
        for (key, words) in by_key {
            changes.push((('e', key.clone()), best_words(words)));
        }
    }
    for (key, words) in p_words {
        let mut scored = Vec::new();
        let held = kept.get(Kind::Pinyin, &key);
        for word in held.into_iter().chain(words.iter().map(String::as_str)) {
            let n = df(word)?;
            if n > 0 {
                scored.push((n, word.to_string()));
            }
        }
        changes.push((('p', key), commonest_words(scored, MAX_FORMS)));
    }
    changes.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    changes.dedup_by(|a, b| a.0 == b.0);

    if lookups.changed() {
        lookups.append(&index.dir)?;
    }
    let rows = merge_rows(&kept.text[kept.rows..], &changes);
    Ok(Some(write_tables(&index.dir, &fingerprint, &rows)?))
}

/// Writes [`TABLE_FILE`] in `dir`: the header line with the vocabulary's `fingerprint`, then
/// `rows` (sorted, whole lines); returns the tables written.
fn write_tables(dir: &Path, fingerprint: &str, rows: &[u8]) -> Result<Tables> {
    let header = format!("#\t{fingerprint}\n");
    let mut text = header.clone().into_bytes();
    text.extend_from_slice(rows);
    write_atomically(&dir.join(TABLE_FILE), &text)?;
    Ok(Tables {
        text: OwnedBytes::new(text),
        rows: header.len(),
    })
}

/// The Chinese words of an `e` row, each once, at most [`MAX_FORMS`]: the commonest in the
/// index (what reports write), except that when none of them is a word of the defence domain
/// (a Chinese form of the glossary or the themes, or a word of `data/dict.txt`) the commonest
/// domain word of the gloss, if it has one, takes the last place and is shown first. The
/// everyday senses of a word are commoner than its military one: `exercise` is a sense of
/// 活动, 运动 and 健身 as much as of 演习, and a defence analyst who types it means the last.
fn best_words(words: Vec<(u64, String)>) -> Vec<String> {
    let mut words = commonest_words(words, usize::MAX);
    if words.len() > MAX_FORMS && !words[..MAX_FORMS].iter().any(|w| is_domain_word(w)) {
        if let Some(at) = words.iter().position(|w| is_domain_word(w)) {
            let domain = words.remove(at);
            words.truncate(MAX_FORMS - 1);
            words.insert(0, domain);
        }
    }
    words.truncate(MAX_FORMS);
    words
}

/// The words of a row, the commonest in the index first, each once, at most `most`.
fn commonest_words(mut words: Vec<(u64, String)>, most: usize) -> Vec<String> {
    words.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    words.dedup_by(|a, b| a.1 == b.1);
    words.into_iter().take(most).map(|w| w.1).collect()
}

/// The defence domain's Chinese words (see [`best_words`]).
static DOMAIN_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    let terms = dict::domain_terms().iter().map(String::as_str);
    let listed = dict::domain_dict().iter().map(|entry| entry.word.as_str());
    terms.chain(listed).collect()
});

fn is_domain_word(word: &str) -> bool {
    DOMAIN_WORDS.contains(word)
}

/// What decides the order of the tables' rows beyond the vocabulary: the domain words (their
/// hash). Part of the tables' fingerprint, so that tables built with another list are built
/// again.
static RULES: LazyLock<String> = LazyLock::new(|| {
    let mut words: Vec<&str> = DOMAIN_WORDS.iter().copied().collect();
    words.sort_unstable();
    let sum = words.iter().fold(0u64, |sum, w| {
        sum.wrapping_mul(31).wrapping_add(Fnv1a::hash(w.as_bytes()))
    });
    format!("domain-{sum:016x}")
});

/// The fingerprint of the vocabulary `before` described, with the words `new` added; `None`
/// when `before` is not one this version writes.
fn grown_fingerprint(before: &str, new: &[String]) -> Option<String> {
    let mut parts = before.strip_prefix(LOOKUP_HEADER)?.split_whitespace();
    let count: u64 = parts.next()?.parse().ok()?;
    let sum = u64::from_str_radix(parts.next()?, 16).ok()?;
    if parts.next() != Some(RULES.as_str()) || parts.next().is_some() {
        return None;
    }
    let sum = new
        .iter()
        .fold(sum, |sum, w| sum.wrapping_add(Fnv1a::hash(w.as_bytes())));
    let count = count + new.len() as u64;
    Some(format!("{LOOKUP_HEADER} {count} {sum:016x} {}", *RULES))
}

/// Appends the row `tag TAB key TAB form|form` to `text`.
fn push_table_row(text: &mut String, tag: char, key: &str, forms: &[String]) {
    text.push(tag);
    text.push('\t');
    text.push_str(key);
    text.push('\t');
    text.push_str(&forms.join("|"));
    text.push('\n');
}

/// The sorted rows `rows` (bytes of whole lines) with `changes` (sorted by kind and key) put in:
/// a row changed replaces the one with its key, a new one goes where it sorts, and a change
/// with no forms removes its row. A line's bytes up to its second tab sort as its (kind, key)
/// does, since no key holds a byte below the tab.
fn merge_rows(rows: &[u8], changes: &[((char, String), Vec<String>)]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(rows.len() + changes.len() * 32);
    // Each change's row (empty when it removes one), and the prefix (kind and key) it starts with.
    let mut changes = changes
        .iter()
        .map(|((tag, key), forms)| {
            let mut row = String::new();
            if !forms.is_empty() {
                push_table_row(&mut row, *tag, key, forms);
            }
            (format!("{tag}\t{key}\t"), row)
        })
        .peekable();
    for line in rows.split_inclusive(|&b| b == b'\n') {
        let prefix_end = line
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\t')
            .nth(1)
            .map_or(line.len(), |(i, _)| i + 1);
        let prefix = &line[..prefix_end];
        let mut replaced = false;
        while let Some((wanted, row)) = changes.peek() {
            match wanted.as_bytes().cmp(prefix) {
                std::cmp::Ordering::Less => bytes.extend_from_slice(row.as_bytes()),
                std::cmp::Ordering::Equal => {
                    bytes.extend_from_slice(row.as_bytes());
                    replaced = true;
                }
                std::cmp::Ordering::Greater => break,
            }
            changes.next();
            if replaced {
                break;
            }
        }
        if !replaced {
            bytes.extend_from_slice(line);
        }
    }
    for (_, row) in changes {
        bytes.extend_from_slice(row.as_bytes());
    }
    bytes
}

/// A fingerprint of the terms the tables depend on (Chinese words and Latin-letter words), so a
/// run that brings no new word and loses none keeps the tables it has. Document frequencies are
/// left out: they only order a key's forms, and such a run changes them little.
fn vocabulary_fingerprint(vocab: &HashMap<String, u64>) -> String {
    let (mut count, mut sum) = (0u64, 0u64);
    for term in vocab.keys().filter(|t| depends_on(t)) {
        count += 1;
        sum = sum.wrapping_add(Fnv1a::hash(term.as_bytes()));
    }
    format!("{LOOKUP_HEADER} {count} {sum:016x} {}", *RULES)
}

/// Whether the tables depend on `term`: a Chinese word or a word of Latin letters (not a
/// number, not a single character).
pub(super) fn depends_on(term: &str) -> bool {
    han_word(term) || term.chars().all(|c| c.is_ascii_alphabetic())
}

/// Writes `text` to `path` through a temporary file, so a reader never sees half a file.
pub(super) fn write_atomically(path: &Path, text: impl AsRef<[u8]>) -> Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// The file beside the index that remembers what CC-CEDICT answered for each word looked up.
pub const LOOKUP_FILE: &str = "milpress-dictionary-lookups.tsv";

/// The first line of [`LOOKUP_FILE`]; bump it when [`clean_glosses`] or the lookups change, so
/// answers kept by an older milpress are asked again.
const LOOKUP_HEADER: &str = "# milpress dictionary lookups 1";

/// CC-CEDICT's answers for the words looked up so far, empty answers included (a word the
/// dictionary does not know is not asked again). Rows: `h TAB headword TAB gloss|gloss` (every
/// searchable English form of a Chinese headword) and `w TAB english TAB headword|headword`
/// (the Chinese headwords an English word reaches as a gloss or as pinyin).
#[derive(Debug, Default)]
pub struct Lookups {
    glosses: HashMap<String, Vec<Gloss>>,
    reached: HashMap<String, Vec<String>>,
    /// The words looked up in this run (tag and key), so the file needs writing, or only these
    /// rows appending.
    asked: Vec<(char, String)>,
    /// Whether the file read ended with a whole line, so rows can be appended to it.
    whole: bool,
}

impl Lookups {
    /// The answers kept beside the index in `dir`; none when the file is missing or was
    /// written by another version (it is only a cache: the dictionary answers again).
    pub fn load(dir: &Path) -> Lookups {
        Lookups::read(dir).unwrap_or_default()
    }

    /// The answers kept beside the index in `dir`, or `None` when there is no file this
    /// version wrote. Rows appended by a later run follow the sorted ones; a key written twice
    /// takes its last answer.
    fn read(dir: &Path) -> Option<Lookups> {
        let mut lookups = Lookups::default();
        let text = std::fs::read_to_string(dir.join(LOOKUP_FILE)).ok()?;
        // A run that died while appending may have left half a row: it is not read, and the
        // next run writes the file whole instead of appending to it.
        let (rows, rest) = text.rsplit_once('\n')?;
        lookups.whole = rest.is_empty();
        let mut lines = rows.split('\n');
        if lines.next() != Some(LOOKUP_HEADER) {
            return None;
        }
        for line in lines {
            let mut cols = line.splitn(3, '\t');
            let (Some(tag), Some(key), Some(values)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let values = values.split('|').filter(|v| !v.is_empty());
            match tag {
                "h" => {
                    let glosses =
                        values
                            .filter_map(|v| v.split_once('='))
                            .map(|(form, key)| Gloss {
                                form: form.to_string(),
                                key: key.to_string(),
                            });
                    lookups.glosses.insert(key.to_string(), glosses.collect());
                }
                "w" => {
                    let words = values.map(str::to_string).collect();
                    lookups.reached.insert(key.to_string(), words);
                }
                _ => {}
            }
        }
        Some(lookups)
    }

    /// Whether a word was looked up in this run.
    fn changed(&self) -> bool {
        !self.asked.is_empty()
    }

    fn to_text(&self) -> String {
        let mut rows: Vec<(char, &String)> = self.glosses.keys().map(|k| ('h', k)).collect();
        rows.extend(self.reached.keys().map(|k| ('w', k)));
        rows.sort();
        let mut text = format!("{LOOKUP_HEADER}\n");
        for (tag, key) in rows {
            self.push_row(&mut text, tag, key);
        }
        text
    }

    /// Appends the row `tag TAB key TAB values` to `text`.
    fn push_row(&self, text: &mut String, tag: char, key: &str) {
        text.push(tag);
        text.push('\t');
        text.push_str(key);
        text.push('\t');
        if tag == 'h' {
            for (i, g) in self.glosses[key].iter().enumerate() {
                if i > 0 {
                    text.push('|');
                }
                text.push_str(&g.form);
                text.push('=');
                text.push_str(&g.key);
            }
        } else {
            text.push_str(&self.reached[key].join("|"));
        }
        text.push('\n');
    }

    /// Appends the rows of the words looked up in this run to the file beside the index in
    /// `dir`, which [`Lookups::read`] found: rewriting a few megabytes for a few words would
    /// cost more than everything else a run that brings one new word does.
    fn append(&self, dir: &Path) -> Result<()> {
        use std::io::Write;
        if !self.whole {
            return write_atomically(&dir.join(LOOKUP_FILE), self.to_text());
        }
        let mut text = String::new();
        for (tag, key) in &self.asked {
            self.push_row(&mut text, *tag, key);
        }
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join(LOOKUP_FILE))?;
        file.write_all(text.as_bytes())?;
        Ok(())
    }

    /// Loads, side by side, the parts of CC-CEDICT that looking up `headwords` (with
    /// [`Lookups::glosses`]) and `english` (with [`Lookups::reached`]) will read, for the words
    /// not answered yet. Each part is a map of its own, loaded on first use (the headwords, the
    /// pinyin keys, the English words: a tenth of a second or more each, and the entries only
    /// when a word is found); loaded one after the other they are most of a run that brings a
    /// new word.
    fn prepare<'w>(
        &self,
        headwords: impl IntoIterator<Item = &'w str>,
        english: impl IntoIterator<Item = &'w str>,
    ) {
        let chinese = headwords.into_iter().any(|w| !self.glosses.contains_key(w));
        let english: Vec<&str> = english
            .into_iter()
            .filter(|w| !self.reached.contains_key(*w))
            .collect();
        let pinyin = english.iter().any(|w| may_read_as_pinyin(w));
        // A key no entry has: the map is loaded and nothing else is.
        const NO_KEY: &str = "\u{1}";
        std::thread::scope(|scope| {
            if chinese {
                scope.spawn(|| chinese_dictionary::query_by_simplified(NO_KEY));
            }
            if pinyin {
                scope.spawn(|| chinese_dictionary::query_by_pinyin(NO_KEY));
            }
            if !english.is_empty() {
                scope.spawn(|| chinese_dictionary::query_by_english(NO_KEY));
            }
        });
    }

    /// Every searchable English form CC-CEDICT gives the Chinese `headword`, in its order.
    fn glosses(&mut self, headword: &str) -> &[Gloss] {
        if !self.glosses.contains_key(headword) {
            let mut forms: Vec<Gloss> = Vec::new();
            for entry in chinese_dictionary::query_by_simplified(headword) {
                for sense in &entry.english {
                    for form in clean_glosses(sense) {
                        if !forms.iter().any(|g| g.form == form) {
                            let key = normalized(&form);
                            forms.push(Gloss { form, key });
                        }
                    }
                }
            }
            self.glosses.insert(headword.to_string(), forms);
            self.asked.push(('h', headword.to_string()));
        }
        &self.glosses[headword]
    }

    /// The Chinese headwords (two characters or more) the English `word` reaches in
    /// CC-CEDICT, as a pinyin spelling (`taliban` is not, `huangyan` is) or as a gloss word.
    fn reached(&mut self, word: &str) -> &[String] {
        if !self.reached.contains_key(word) {
            let mut words: Vec<String> = Vec::new();
            let by_pinyin = if may_read_as_pinyin(word) {
                chinese_dictionary::query_by_pinyin(word)
            } else {
                Vec::new()
            };
            for entry in by_pinyin
                .into_iter()
                .chain(chinese_dictionary::query_by_english(word))
            {
                if han_word(&entry.simplified) && !words.contains(&entry.simplified) {
                    words.push(entry.simplified.clone());
                }
            }
            self.reached.insert(word.to_string(), words);
            self.asked.push(('w', word.to_string()));
        }
        &self.reached[word]
    }
}

/// One English form of a Chinese headword, with its normalised key (analysing it costs more
/// than everything else a rebuild does, so it is kept with the form).
#[derive(Clone, Debug)]
struct Gloss {
    form: String,
    key: String,
}

/// Syllables CC-CEDICT reads words of Han characters with that the `pinyin` crate's readings
/// lack (`r` is the `儿` of erhua, `shei` the spoken `谁`).
const DICTIONARY_SYLLABLES: &[&str] = &["dei", "kei", "r", "sei", "shei"];

/// Whether the lowercase `word` can be a pinyin key of a CC-CEDICT entry of two Han characters
/// or more: it splits into toneless syllables. Most English words do not (`destroyer`,
/// `helmand`), and for them the dictionary's pinyin keys, the largest part of it to load, are
/// not read. Checked against chinese_dictionary 2.1.3: each of the 82,935 such keys splits into
/// the `pinyin` crate's syllables and [`DICTIONARY_SYLLABLES`].
fn may_read_as_pinyin(word: &str) -> bool {
    let syllable = |s: &str| pinyin::is_syllable(s) || DICTIONARY_SYLLABLES.contains(&s);
    // splits[i]: whether word[..i] splits; every syllable is at most six ASCII letters.
    let mut splits = vec![false; word.len() + 1];
    splits[0] = true;
    for start in 0..word.len() {
        if !splits[start] || !word.is_char_boundary(start) {
            continue;
        }
        for end in start + 1..=word.len().min(start + 6) {
            if word.is_char_boundary(end) && syllable(&word[start..end]) {
                splits[end] = true;
            }
        }
    }
    !word.is_empty() && splits[word.len()]
}

/// Whether `term` is a Chinese word of two characters or more.
fn han_word(term: &str) -> bool {
    term.chars().count() >= 2 && term.chars().all(is_han)
}

/// Whether capitalised pinyin typed in English may stand for `term`: a name or a place of two
/// to four characters, never a verb or another common word that reads the same (`Shandong` is
/// 山东, not 煽动).
fn pinyin_word(term: &str) -> bool {
    han_word(term) && term.chars().count() <= 4 && chinese::may_be_name(term)
}

/// The tables for an index whose title and body terms (with document frequencies) are `vocab`,
/// asking CC-CEDICT directly (tests; [`build`] keeps the answers between runs).
pub fn from_vocabulary(vocab: &HashMap<String, u64>) -> Tables {
    from_vocabulary_with(vocab, &mut Lookups::default())
}

/// The tables for `vocab`, asking `lookups` for dictionary answers.
pub fn from_vocabulary_with(vocab: &HashMap<String, u64>, lookups: &mut Lookups) -> Tables {
    let english_in_index = |gloss: &Gloss| {
        !gloss.key.is_empty() && gloss.key.split(' ').all(|w| vocab.contains_key(w))
    };
    let mut rows: Vec<((char, String), Vec<String>)> = Vec::new();
    let mut en_to_zh: HashMap<String, Vec<(u64, String)>> = HashMap::new();
    let mut seen_zh: HashSet<String> = HashSet::new();

    // Chinese headwords to look up: the index's own words, then those its English words reach.
    let mut headwords: Vec<(String, bool)> = vocab
        .keys()
        .filter(|t| han_word(t))
        .map(|t| (t.clone(), true))
        .collect();
    let mut english: Vec<&String> = vocab
        .keys()
        .filter(|t| t.chars().all(|c| c.is_ascii_alphabetic()) && t.len() >= 4)
        .collect();
    english.sort();
    for word in english {
        for headword in lookups.reached(word) {
            if !vocab.contains_key(headword) {
                headwords.push((headword.clone(), false));
            }
        }
    }
    headwords.sort();
    for (word, in_index) in headwords {
        if !seen_zh.insert(word.clone()) {
            continue;
        }
        let glosses = lookups.glosses(&word);
        if in_index {
            // English → Chinese keeps every leading sense, whether or not the index holds the
            // English: an English query must find Chinese-only reports (`destroyer` → 驱逐舰
            // in an index with no English text about destroyers).
            let df = vocab.get(&word).copied().unwrap_or(0);
            for gloss in glosses.iter().take(MAX_SENSES_TO_CHINESE) {
                if !gloss.key.is_empty() {
                    en_to_zh
                        .entry(gloss.key.clone())
                        .or_default()
                        .push((df, word.clone()));
                }
            }
        }
        // Chinese → English keeps the forms some English text of the index holds.
        let mut forms: Vec<String> = glosses
            .iter()
            .filter(|gloss| english_in_index(gloss))
            .map(|g| g.form.clone())
            .collect();
        forms.truncate(MAX_FORMS);
        if !forms.is_empty() {
            rows.push((('z', word), forms));
        }
    }
    for (key, words) in en_to_zh {
        rows.push((('e', key), best_words(words)));
    }

    // Pinyin: names and places of two to four characters.
    let mut by_pinyin: HashMap<String, Vec<(u64, String)>> = HashMap::new();
    for (term, &df) in vocab {
        if !pinyin_word(term) {
            continue;
        }
        if let Some(py) = pinyin::plain(term) {
            by_pinyin
                .entry(pinyin::pinyin_key(&py))
                .or_default()
                .push((df, term.clone()));
        }
    }
    for (key, words) in by_pinyin {
        rows.push((('p', key), commonest_words(words, MAX_FORMS)));
    }
    // Every key is unique within its kind, so an unstable sort gives the one order.
    rows.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Tables::from_rows(rows.iter().map(|(k, v)| (k, v)))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn a_common_word_is_told_from_a_name_by_its_senses() {
        let lookups =
            "# milpress dictionary lookups 1\nh\t战略\tstrategy=strategi\nh\t三亚\tSanya=sanya\n\
                       h\t三月\tMarch=march|third month=third month\nh\t一个\t\n";
        assert!(glossed_as_common(lookups, "战略"));
        assert!(!glossed_as_common(lookups, "三亚"));
        assert!(!glossed_as_common(lookups, "三月"));
        // No sense, or not looked up: it may be a name.
        assert!(!glossed_as_common(lookups, "一个"));
        assert!(!glossed_as_common(lookups, "昆都士"));
        assert!(!glossed_as_common("", "战略"));
    }

    #[test]
    fn glosses_keep_names_and_words_not_explanations() {
        assert_eq!(clean_glosses("Helmand (name)"), ["Helmand"]);
        assert_eq!(clean_glosses("to attack"), ["attack"]);
        assert_eq!(
            clean_glosses("the Taliban, Islamist organization that emerged in the 1990s"),
            ["Taliban"]
        );
        assert!(clean_glosses("surname Du").is_empty());
        assert!(clean_glosses("variant of 它[ta1]").is_empty());
        assert!(clean_glosses("CL:個|个[ge4]").is_empty());
        assert!(clean_glosses("a very long explanation of something obscure").is_empty());
    }

    #[test]
    fn lookups_find_every_row_and_nothing_else() {
        let mut rows = BTreeMap::new();
        for (i, key) in ["a", "bb", "c", "塔利班", "乌兹别克斯坦", "zz"]
            .iter()
            .enumerate()
        {
            rows.insert(
                ('z', key.to_string()),
                vec![format!("f{i}"), "g".to_string()],
            );
            rows.insert(('e', key.to_string()), vec![format!("e{i}")]);
        }
        let t = Tables::from_rows(&rows);
        assert_eq!(t.get(Kind::ZhToEn, "塔利班"), ["f3", "g"]);
        assert_eq!(t.get(Kind::ZhToEn, "a"), ["f0", "g"]);
        assert_eq!(t.get(Kind::ZhToEn, "zz"), ["f5", "g"]);
        assert_eq!(t.get(Kind::EnToZh, "bb"), ["e1"]);
        assert!(t.get(Kind::ZhToEn, "b").is_empty(), "a prefix is not a key");
        assert!(t.get(Kind::Pinyin, "a").is_empty());
        assert!(Tables::default().get(Kind::ZhToEn, "a").is_empty());
    }

    #[test]
    fn a_gloss_keeps_a_place_for_its_military_sense() {
        // Everyday senses commoner in the index than the military one: 演习 still gets a
        // place (the last's), shown first.
        let vocab: HashMap<String, u64> = [
            ("活动", 900),
            ("运动", 500),
            ("健身", 300),
            ("演习", 40),
            ("exercise", 10),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let t = from_vocabulary(&vocab);
        assert_eq!(
            t.get(Kind::EnToZh, &normalized("exercise")),
            ["演习", "活动", "运动"]
        );

        let words = |pairs: &[(u64, &str)]| -> Vec<(u64, String)> {
            pairs.iter().map(|&(n, w)| (n, w.to_string())).collect()
        };
        // A domain word already among the commonest: the order is the index's.
        assert_eq!(
            best_words(words(&[(9, "活动"), (1, "运动"), (5, "演习"), (2, "健身")])),
            ["活动", "演习", "健身"]
        );
        // None among the candidates, or few enough for all: as common as they are.
        assert_eq!(
            best_words(words(&[(9, "活动"), (1, "运动"), (5, "健身"), (2, "锻炼")])),
            ["活动", "健身", "锻炼"]
        );
        assert_eq!(
            best_words(words(&[(1, "演习"), (9, "活动")])),
            ["活动", "演习"]
        );
        assert!(is_domain_word("演习") && !is_domain_word("活动"));
    }

    #[test]
    fn the_dictionary_translates_words_the_index_holds() {
        let vocab: HashMap<String, u64> = [
            ("塔利班", 3),
            ("会议", 5),
            ("taliban", 2),
            ("uzbekistan", 1),
            ("meet", 4),
            ("黄岩岛", 2),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let t = from_vocabulary(&vocab);
        assert_eq!(t.get(Kind::ZhToEn, "塔利班"), ["Taliban"]);
        assert_eq!(t.get(Kind::EnToZh, "taliban"), ["塔利班"]);
        assert!(t.get(Kind::ZhToEn, "会议").contains(&"meeting"));
        assert_eq!(
            t.get(Kind::ZhToEn, "乌兹别克斯坦"),
            ["Uzbekistan"],
            "reached through the index's English words"
        );
        assert_eq!(t.get(Kind::Pinyin, "huangyandao"), ["黄岩岛"]);
    }

    #[test]
    fn tables_are_kept_while_the_words_they_depend_on_stay() {
        let vocab = |terms: &[&str]| -> HashMap<String, u64> {
            terms.iter().map(|t| (t.to_string(), 1)).collect()
        };
        let base = vocabulary_fingerprint(&vocab(&["taliban", "塔利班", "2026", "塔"]));
        assert_eq!(
            base,
            vocabulary_fingerprint(&vocab(&["塔利班", "taliban", "2027", "班"])),
            "numbers and single characters translate nothing"
        );
        assert_ne!(
            base,
            vocabulary_fingerprint(&vocab(&["taliban", "塔利班", "kunduz"]))
        );
        assert_ne!(base, vocabulary_fingerprint(&vocab(&["taliban"])));

        // The fingerprint rides in a header line that lookups step over.
        let dir = tempfile::tempdir().unwrap();
        let mut rows = BTreeMap::new();
        rows.insert(('e', "a".to_string()), vec!["甲".to_string()]);
        let rows = String::from_utf8(Tables::from_rows(&rows).text.to_vec()).unwrap();
        let text = format!("#\t{base}\n{rows}");
        std::fs::write(dir.path().join(TABLE_FILE), text).unwrap();
        let loaded = Tables::load(dir.path());
        assert_eq!(loaded.fingerprint(), Some(base.as_str()));
        assert_eq!(loaded.get(Kind::EnToZh, "a"), ["甲"]);
        assert!(!loaded.is_empty());
        std::fs::write(dir.path().join(TABLE_FILE), format!("#\t{base}\n")).unwrap();
        assert!(Tables::load(dir.path()).is_empty());
    }

    /// Writes `text` as the corpus file `name` and runs `milpress index` over the corpus.
    fn write_and_index(corpus: &Path, dir: &Path, name: &str, text: &str) {
        std::fs::write(corpus.join(name), text).unwrap();
        let options = crate::index::UpdateOptions::default();
        crate::index::update(corpus, dir, &options, &mut ()).unwrap();
    }

    #[test]
    fn index_runs_keep_the_tables_until_a_run_brings_a_new_word() {
        let corpus = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let run = |name: &str, text: &str| {
            write_and_index(corpus.path(), dir.path(), name, text);
            Tables::load(dir.path())
        };
        let first = run("a.txt", "塔利班占领昆都士\n\n塔利班再次进攻。");
        assert!(first.get(Kind::EnToZh, "taliban").contains(&"塔利班"));
        assert!(first.get(Kind::EnToZh, &normalized("destroyer")).is_empty());
        let known = vocabulary::Known::load(dir.path()).expect("the vocabulary is written");

        // Known words only: the tables stand, and the new segment is remembered as read.
        let again = run("b.txt", "昆都士\n\n塔利班。");
        assert_eq!(again.text, first.text);
        let after = vocabulary::Known::load(dir.path()).unwrap();
        assert_eq!(after.fingerprint, known.fingerprint);
        assert_ne!(
            after.segments, known.segments,
            "the new segment is remembered"
        );

        // A new word: the tables are rebuilt and translate it.
        let grown = run("c.txt", "南昌舰\n\n驱逐舰南昌舰入列。");
        assert!(
            grown
                .get(Kind::EnToZh, &normalized("destroyer"))
                .contains(&"驱逐舰"),
            "{:?}",
            grown.get(Kind::EnToZh, &normalized("destroyer"))
        );
        assert!(grown.get(Kind::EnToZh, "taliban").contains(&"塔利班"));
        assert_ne!(
            vocabulary::Known::load(dir.path()).unwrap().fingerprint,
            known.fingerprint
        );
    }

    #[test]
    fn a_run_with_new_words_gives_the_tables_a_rebuild_gives() {
        let corpus = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let run = |name: &str, text: &str| write_and_index(corpus.path(), dir.path(), name, text);
        let read = |file: &str| std::fs::read(dir.path().join(file)).unwrap();
        run(
            "a.txt",
            "塔利班占领昆都士\n\n塔利班再次进攻昆都士。护卫舰编队在黄岩岛附近训练。\
             The Taliban attacked the city again.",
        );
        let lookups_before = read(LOOKUP_FILE);
        // New words in both languages: Chinese words with dictionary senses (one shares a
        // sense with a word already indexed) and a place read by its pinyin; English words
        // that complete a gloss of an indexed Chinese word (corvette) or reach Chinese words
        // the index lacks (uzbekistan); and made-up words no dictionary knows.
        run(
            "b.txt",
            "驱逐舰南昌舰入列\n\n驱逐舰南昌舰与战舰在黄岩岛附近巡航，乌兹别克斯坦代表团参观。\
             The corvette and the destroyer sailed to Uzbekistan. Blorvexity zanqu 咕噜叽哩。",
        );
        let lookups_after = read(LOOKUP_FILE);
        assert!(
            lookups_after.starts_with(&lookups_before)
                && lookups_after.len() > lookups_before.len(),
            "the new words' answers are appended: the tables grew, they were not rebuilt"
        );
        let grown = read(TABLE_FILE);
        let tables = Tables::load(dir.path());
        assert!(
            tables.get(Kind::ZhToEn, "护卫舰").contains(&"corvette"),
            "a gloss completed"
        );
        assert!(tables
            .get(Kind::EnToZh, &normalized("destroyer"))
            .contains(&"驱逐舰"));

        // A rebuild over the same index, from nothing but the kept dictionary answers.
        std::fs::remove_file(dir.path().join(TABLE_FILE)).unwrap();
        std::fs::remove_file(dir.path().join(vocabulary::VOCABULARY_FILE)).unwrap();
        let index = Index::open(dir.path()).unwrap();
        let searcher = index.reader().unwrap().searcher();
        build(&index, &searcher).unwrap();
        let rebuilt = read(TABLE_FILE);
        assert_eq!(
            String::from_utf8(grown).unwrap(),
            String::from_utf8(rebuilt).unwrap()
        );
    }

    #[test]
    fn pinyin_keys_are_read_only_for_words_that_split_into_syllables() {
        for word in ["huangyandao", "taliban", "nanchang", "nar", "shei"] {
            assert!(may_read_as_pinyin(word), "{word}");
        }
        for word in ["destroyer", "helmand", "corvette", "vorblexqz", "", "ü"] {
            assert!(!may_read_as_pinyin(word), "{word}");
            // What the skipped lookup would have given: no Chinese word.
            assert!(
                !chinese_dictionary::query_by_pinyin(word)
                    .iter()
                    .any(|e| han_word(&e.simplified)),
                "{word}"
            );
        }
    }

    #[test]
    fn rows_merge_in_order() {
        let rows = b"e\ta\t1\ne\tab\t2\nz\tx\t3\n";
        let change = |tag: char, key: &str, forms: &[&str]| {
            (
                (tag, key.to_string()),
                forms.iter().map(|f| f.to_string()).collect(),
            )
        };
        let changes = vec![
            change('e', "a", &["9"]),
            change('e', "aa", &["7"]),
            change('p', "q", &["8"]),
            change('z', "x", &[]),
            change('z', "y", &["6"]),
        ];
        assert_eq!(
            String::from_utf8(merge_rows(rows, &changes)).unwrap(),
            "e\ta\t9\ne\taa\t7\ne\tab\t2\np\tq\t8\nz\ty\t6\n"
        );
    }

    #[test]
    fn kept_lookups_give_the_same_tables_without_asking_again() {
        let vocab: HashMap<String, u64> = [("塔利班", 3), ("taliban", 2), ("uzbekistan", 1)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let mut first = Lookups::default();
        let fresh = from_vocabulary_with(&vocab, &mut first);
        assert!(first.changed());
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOOKUP_FILE), first.to_text()).unwrap();
        let mut kept = Lookups::load(dir.path());
        let again = from_vocabulary_with(&vocab, &mut kept);
        assert_eq!(again.text, fresh.text);
        assert!(!kept.changed(), "every answer came from the file");

        // A word the file has not seen is asked, and only then is the file rewritten.
        let mut more = vocab.clone();
        more.insert("helmand".to_string(), 1);
        let mut kept = Lookups::load(dir.path());
        from_vocabulary_with(&more, &mut kept);
        assert!(kept.changed());
        assert!(kept.reached.contains_key("helmand"));

        // Half a row, left by a run that died appending, is not read.
        let mut text = first.to_text();
        text.push_str("h\t塔利班\tTali");
        std::fs::write(dir.path().join(LOOKUP_FILE), &text).unwrap();
        let kept = Lookups::read(dir.path()).unwrap();
        assert!(!kept.whole);
        assert_eq!(kept.glosses["塔利班"][0].form, "Taliban");

        // A file from another version is not trusted.
        std::fs::write(dir.path().join(LOOKUP_FILE), "h\t塔利班\twrong\n").unwrap();
        assert!(Lookups::load(dir.path()).glosses.is_empty());
    }
}
