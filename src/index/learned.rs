//! Translation pairs learned from the index's own bilingual documents (an original and its
//! translation in one record), built at the end of `milpress index` beside the translation
//! tables and stored as [`LEARNED_FILE`].
//!
//! Each bilingual document is cut into aligned segments: title with title, then paragraphs by
//! position when both sides have as many (sentences by position within a paragraph pair when
//! their counts match too), else sentences by position when their counts match, else the first
//! sentences only. Over all segments, each Chinese word (jieba's cut, two characters or more)
//! and each English term (a stemmed word, or two adjacent words) is counted once per segment,
//! and so is each pair of them; a pair is kept when its log-likelihood ratio (Dunning) shows it
//! co-occurs far more than chance, it was seen together at least [`MIN_JOINT`] times, and
//! neither side is a stop word. Pairs are taken best first, each word keeping at most
//! [`MAX_PARTNERS`] partners, so a word frequent everywhere does not pair with everything.
//!
//! The segments are recomputed from the stored bilingual documents on every run that changed
//! the index (found by a query on `lang`, so an index without any costs one empty query): no
//! per-file counts to keep in step, at the price of reading every bilingual document again.
//! That is cheap while they are a few thousand (161 in the shared corpus); an index holding
//! hundreds of thousands would want counts kept per file instead.
//!
//! Rows are `kind TAB key TAB form;score;joint;dice|...`, sorted, looked up by binary search over
//! the file's bytes: `z` a Chinese word → English forms (as written), `e` a normalised English
//! term → Chinese words, partners best first.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

use super::tables::{find_row, write_atomically};
use super::Index;
use crate::analysis::{analyze, normalized, Mode, Script};
use crate::document::{Document, Lang};
use crate::error::{Error, Result};

/// The file beside the index that holds the learned pairs.
pub const LEARNED_FILE: &str = "milpress-learned.tsv";

/// The most partners one word keeps, on either side.
pub const MAX_PARTNERS: usize = 3;

/// The fewest segments a pair must share. Twice is not enough: on the shared corpus most pairs
/// seen only twice are two rare words of one misaligned sentence pair.
pub const MIN_JOINT: u32 = 3;

/// A word's further partners must score at least this share of its best one: a translation
/// stands out, the words around it do not.
const RELATIVE: f64 = 0.75;

/// The smallest Dice coefficient kept: a pair must cover a fair share of both sides' segments.
const MIN_DICE: f64 = 0.3;

/// The smallest log-likelihood ratio kept: chance would reach it once in a thousand (χ², one
/// degree of freedom).
const MIN_SCORE: f64 = 10.83;

/// English words that pair with anything: compared after stemming, as the analyzer cuts them.
const EN_STOP: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "being", "between", "both", "but", "by", "can", "could", "do", "does", "during", "each", "for",
    "from", "had", "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it",
    "its", "may", "more", "most", "must", "no", "not", "of", "on", "one", "or", "other", "our",
    "out", "over", "said", "same", "she", "should", "so", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "under",
    "up", "us", "was", "we", "were", "what", "when", "which", "while", "who", "will", "with",
    "would", "you", "your",
];

/// Chinese function words of two characters or more, which jieba cuts as words.
const ZH_STOP: &[&str] = &[
    "一个", "一些", "一种", "不是", "以及", "他们", "但是", "我们", "你们", "它们", "这个", "这些",
    "那些", "那个", "就是", "已经", "可以", "没有", "因为", "所以", "如果", "进行", "通过", "对于",
    "其中", "以来", "还是", "或者", "并且", "而且", "同时", "自己", "相关", "有关", "目前", "今年",
    "表示", "指出",
];

static EN_STOP_KEYS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut out = HashSet::new();
    for word in EN_STOP {
        analyze(word, Mode::Whole, |t| {
            out.insert(t.text);
        });
    }
    out
});

/// One learned pair, with the evidence for it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// The Chinese word, folded as the index holds it.
    pub zh: String,
    /// The English term as the translations most often write it (`Taliban`, `Jiang Bin`).
    pub en: String,
    /// Log-likelihood ratio of the pair over the aligned segments.
    pub score: f64,
    /// Segments holding both.
    pub joint: u32,
    /// Dice coefficient: 2 × joint / (segments with the word + segments with the term).
    pub dice: f64,
}

/// A partner found by a lookup: the form of the other language and the pair's evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Partner<'t> {
    pub form: &'t str,
    pub score: f64,
    pub joint: u32,
    pub dice: f64,
}

/// The learned pairs of one index, as read from [`LEARNED_FILE`] (empty when there is none).
#[derive(Debug, Default)]
pub struct Learned {
    text: String,
}

impl Learned {
    /// Reads the pairs beside the index in `dir`; empty when the file is missing (an index built
    /// by an older milpress, or one without bilingual documents).
    pub fn load(dir: &Path) -> Learned {
        let text = std::fs::read_to_string(dir.join(LEARNED_FILE)).unwrap_or_default();
        Learned { text }
    }

    /// The stored form of `pairs` (tests, and [`build`] before writing).
    pub fn from_pairs(pairs: &[Pair]) -> Learned {
        let mut rows: BTreeMap<(char, String), Vec<&Pair>> = BTreeMap::new();
        for pair in pairs {
            rows.entry(('z', pair.zh.clone())).or_default().push(pair);
            rows.entry(('e', normalized(&pair.en)))
                .or_default()
                .push(pair);
        }
        let mut text = String::new();
        for ((tag, key), mut partners) in rows {
            if key.is_empty() {
                continue;
            }
            partners.sort_by(|a, b| b.score.total_cmp(&a.score));
            let cells: Vec<String> = partners
                .iter()
                .map(|p| {
                    let form = if tag == 'z' { &p.en } else { &p.zh };
                    format!("{form};{:.2};{};{:.3}", p.score, p.joint, p.dice)
                })
                .collect();
            text.push_str(&format!("{tag}\t{key}\t{}\n", cells.join("|")));
        }
        Learned { text }
    }

    pub fn is_empty(&self) -> bool {
        !self.text.lines().any(|l| !l.starts_with('#'))
    }

    /// How many bilingual documents the pairs were learned from, when the file says.
    fn learned_from(&self) -> Option<u64> {
        self.text
            .lines()
            .next()?
            .strip_prefix(LEARNED_FROM)?
            .parse()
            .ok()
    }

    /// The English partners of a Chinese word, best first.
    pub fn english_of(&self, zh: &str) -> Vec<Partner<'_>> {
        self.get('z', zh)
    }

    /// The Chinese partners of English text (normalised here), best first.
    pub fn chinese_of(&self, en: &str) -> Vec<Partner<'_>> {
        self.get('e', &normalized(en))
    }

    /// Whether `zh` is a Chinese word with partners.
    pub fn has_zh(&self, zh: &str) -> bool {
        !self.english_of(zh).is_empty()
    }

    /// Every pair, best first.
    pub fn pairs(&self) -> Vec<Pair> {
        let mut out = Vec::new();
        for line in self.text.lines().filter(|l| l.starts_with("z\t")) {
            let mut cols = line.splitn(3, '\t');
            let (Some(_), Some(zh), Some(cells)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            for p in partners(cells) {
                out.push(Pair {
                    zh: zh.to_string(),
                    en: p.form.to_string(),
                    score: p.score,
                    joint: p.joint,
                    dice: p.dice,
                });
            }
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.zh.cmp(&b.zh))
                .then_with(|| a.en.cmp(&b.en))
        });
        out
    }

    fn get(&self, tag: char, key: &str) -> Vec<Partner<'_>> {
        find_row(self.text.as_bytes(), tag, key).map_or_else(Vec::new, partners)
    }
}

fn partners(cells: &str) -> Vec<Partner<'_>> {
    cells
        .split('|')
        .filter_map(|cell| {
            let mut parts = cell.split(';');
            Some(Partner {
                form: parts.next().filter(|f| !f.is_empty())?,
                score: parts.next()?.parse().ok()?,
                joint: parts.next()?.parse().ok()?,
                dice: parts.next()?.parse().ok()?,
            })
        })
        .collect()
}

/// Learns the pairs of the index in `index` from its bilingual documents and writes them to
/// [`LEARNED_FILE`] beside it (an empty file when there are none).
pub fn build(index: &Index, searcher: &tantivy::Searcher) -> Result<Learned> {
    let lang = |l: Lang| -> (Occur, Box<dyn tantivy::query::Query>) {
        let term = Term::from_field_text(index.fields.lang, l.as_str());
        (
            Occur::Must,
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
        )
    };
    let both = BooleanQuery::new(vec![lang(Lang::En), lang(Lang::Zh)]);
    let bilingual = both.count(searcher)? as u64;
    let kept = Learned::load(&index.dir);
    if kept
        .learned_from()
        .is_some_and(|then| !worth_relearning(then, bilingual))
    {
        return Ok(kept);
    }
    let mut addresses: Vec<_> = searcher
        .search(&both, &DocSetCollector)?
        .into_iter()
        .collect();
    // Counting does not depend on the order; sorting keeps reads of the store sequential.
    addresses.sort();
    // Beyond a few thousand documents the pairs barely change, and learning costs about a
    // third of a millisecond a document: an even sample keeps a run bounded.
    let step = addresses.len().div_ceil(MAX_LEARNED_DOCS).max(1);
    let mut docs = Vec::with_capacity(addresses.len().min(MAX_LEARNED_DOCS));
    for address in addresses.into_iter().step_by(step) {
        let stored: TantivyDocument = searcher.doc(address)?;
        let Some(json) = stored.get_first(index.fields.doc).and_then(|v| v.as_str()) else {
            continue;
        };
        let doc: Document = serde_json::from_str(json).map_err(|e| Error::IndexUnreadable {
            path: index.dir.clone(),
            source: e.into(),
        })?;
        docs.push(doc);
    }
    let mut learned = Learned::from_pairs(&learn(&docs));
    learned
        .text
        .insert_str(0, &format!("{LEARNED_FROM}{bilingual}\n"));
    write_atomically(&index.dir.join(LEARNED_FILE), &learned.text)?;
    Ok(learned)
}

/// At most this many bilingual documents are read to learn pairs (an even sample beyond it).
const MAX_LEARNED_DOCS: usize = 4_000;

/// The header line of [`LEARNED_FILE`]: how many bilingual documents the index held when the
/// pairs were learned.
const LEARNED_FROM: &str = "#\tlearned from bilingual documents: ";

/// Whether pairs learned when the index held `then` bilingual documents should be learned again
/// now that it holds `now`: when the number moved by more than a tenth. Pairs are statistics
/// over all of them, so a run that adds or changes a few keeps the pairs it has (and stays
/// fast: learning reads every bilingual document); `--forget` or a large feed relearns.
fn worth_relearning(then: u64, now: u64) -> bool {
    if then == 0 {
        return now > 0;
    }
    now.abs_diff(then) * 10 > then
}

/// The pairs learned from `docs` (documents without both a Chinese and an English side add
/// nothing), best first.
pub fn learn(docs: &[Document]) -> Vec<Pair> {
    let mut counts = Counts::default();
    for doc in docs {
        for (zh, en) in aligned(doc) {
            counts.add(zh, en);
        }
    }
    counts.pairs()
}

/// One language's side of a bilingual document: `(title, body)`.
type Side<'d> = (&'d str, &'d str);

/// The Chinese and English sides of a bilingual document.
fn sides(doc: &Document) -> Option<(Side<'_>, Side<'_>)> {
    let t = doc.translation.as_ref()?;
    let own = (doc.title.as_str(), doc.body.as_str());
    let other = (t.title.as_str(), t.body.as_str());
    match (doc.lang, t.lang) {
        (Lang::Zh, Some(Lang::En) | None) => Some((own, other)),
        (Lang::En, Some(Lang::Zh) | None) => Some((other, own)),
        _ => None,
    }
}

/// The aligned `(Chinese, English)` segments of a document.
fn aligned(doc: &Document) -> Vec<(&str, &str)> {
    let Some(((zt, zb), (et, eb))) = sides(doc) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if !zt.trim().is_empty() && !et.trim().is_empty() {
        out.push((zt, et));
    }
    let (zp, ep) = (paragraphs(zb), paragraphs(eb));
    if zp.len() > 1 && zp.len() == ep.len() {
        for (z, e) in zp.into_iter().zip(ep) {
            let (zs, es) = (sentences(z), sentences(e));
            if zs.len() > 1 && zs.len() == es.len() {
                out.extend(zs.into_iter().zip(es));
            } else {
                out.push((z, e));
            }
        }
        return out;
    }
    let (zs, es) = (sentences(zb), sentences(eb));
    if zs.len() == es.len() {
        out.extend(zs.into_iter().zip(es));
    } else if let (Some(z), Some(e)) = (zs.first(), es.first()) {
        out.push((z, e));
    }
    out
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split('\n').filter(|p| !p.trim().is_empty()).collect()
}

/// `text` cut after sentence ends (`。！？；`, or `.!?` before white space), closing quotes
/// and brackets staying with their sentence, and at line breaks.
fn sentences(text: &str) -> Vec<&str> {
    const CLOSING: &[char] = &['"', '\'', '”', '’', '）', ')', '」', '』', '》'];
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = None;
        if c == '\n' {
            end = Some(i);
        } else if matches!(c, '。' | '！' | '？' | '；' | '.' | '!' | '?') {
            let mut after = i + c.len_utf8();
            while let Some(&(j, q)) = chars.peek() {
                if !CLOSING.contains(&q) {
                    break;
                }
                after = j + q.len_utf8();
                chars.next();
            }
            let next = chars.peek().map(|&(_, n)| n);
            if !c.is_ascii() || next.is_none_or(char::is_whitespace) {
                end = Some(after);
            }
        }
        if let Some(end) = end {
            let sentence = text[start..end].trim();
            if !sentence.is_empty() {
                out.push(sentence);
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// The Chinese words of a segment: jieba's cut, two characters or more, no stop words.
fn chinese_words(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    analyze(text, Mode::Query, |t| {
        if t.script == Script::Han
            && t.text.chars().count() >= 2
            && !ZH_STOP.contains(&t.text.as_str())
        {
            out.insert(t.text);
        }
    });
    out
}

/// The English terms of a segment, normalised, each with the form written: stemmed words of
/// letters (two or more, no stop words) and pairs of such words written next to each other.
fn english_terms(text: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let mut previous: Option<(String, usize, usize)> = None;
    analyze(text, Mode::Query, |t| {
        let word = t.script == Script::Latin
            && t.text.chars().count() >= 2
            && t.text.chars().all(|c| c.is_alphabetic())
            && !EN_STOP_KEYS.contains(&t.text);
        if !word {
            previous = None;
            return;
        }
        if let Some((key, from, to)) = &previous {
            // Neighbours only: nothing but spaces between them, not a comma or a full stop.
            if text[*to..t.from].chars().all(|c| c == ' ') {
                out.insert(format!("{key} {}", t.text), written(&text[*from..t.to]));
            }
        }
        out.insert(t.text.clone(), written(&text[t.from..t.to]));
        previous = Some((t.text, t.from, t.to));
    });
    out
}

/// A term as written, without the quotes a token may keep at its ends.
fn written(text: &str) -> String {
    text.trim_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Segment counts, with words and terms interned.
#[derive(Default)]
struct Counts {
    segments: u32,
    zh: Vec<(String, u32)>,
    zh_ids: HashMap<String, usize>,
    en: Vec<(String, u32, HashMap<String, u32>)>,
    en_ids: HashMap<String, usize>,
    joint: HashMap<(usize, usize), u32>,
}

impl Counts {
    fn add(&mut self, zh: &str, en: &str) {
        let words = chinese_words(zh);
        let terms = english_terms(en);
        if words.is_empty() || terms.is_empty() {
            return;
        }
        self.segments += 1;
        let mut z_ids = Vec::with_capacity(words.len());
        for word in words {
            let next = self.zh.len();
            let id = *self.zh_ids.entry(word.clone()).or_insert(next);
            if id == next {
                self.zh.push((word, 0));
            }
            self.zh[id].1 += 1;
            z_ids.push(id);
        }
        let mut e_ids = Vec::with_capacity(terms.len());
        for (key, written) in terms {
            let next = self.en.len();
            let id = *self.en_ids.entry(key.clone()).or_insert(next);
            if id == next {
                self.en.push((key, 0, HashMap::new()));
            }
            self.en[id].1 += 1;
            *self.en[id].2.entry(written).or_default() += 1;
            e_ids.push(id);
        }
        for &z in &z_ids {
            for &e in &e_ids {
                *self.joint.entry((z, e)).or_default() += 1;
            }
        }
    }

    fn pairs(&self) -> Vec<Pair> {
        let n = f64::from(self.segments);
        let mut scored: Vec<(f64, f64, usize, usize, u32)> = Vec::new();
        for (&(z, e), &k11) in &self.joint {
            if k11 < MIN_JOINT {
                continue;
            }
            let (cz, ce) = (f64::from(self.zh[z].1), f64::from(self.en[e].1));
            let k = f64::from(k11);
            // Only attraction counts: a pair seen together less than chance is no translation.
            if k * n <= cz * ce {
                continue;
            }
            let score = llr(k, cz - k, ce - k, n - cz - ce + k);
            let dice = 2.0 * k / (cz + ce);
            if score >= MIN_SCORE && dice >= MIN_DICE {
                scored.push((score, dice, z, e, k11));
            }
        }
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| b.1.total_cmp(&a.1))
                .then_with(|| self.zh[a.2].0.cmp(&self.zh[b.2].0))
                .then_with(|| self.en[a.3].0.cmp(&self.en[b.3].0))
        });
        // Best first, so a word's first partner is its best: (partners taken, best score).
        let mut zh_taken: HashMap<usize, (usize, f64)> = HashMap::new();
        let mut en_taken: HashMap<usize, (usize, f64)> = HashMap::new();
        let mut out = Vec::new();
        for (score, dice, z, e, joint) in scored {
            let open = |taken: Option<&(usize, f64)>| {
                taken.is_none_or(|&(n, best)| n < MAX_PARTNERS && score >= RELATIVE * best)
            };
            if !open(zh_taken.get(&z)) || !open(en_taken.get(&e)) {
                continue;
            }
            zh_taken.entry(z).or_insert((0, score)).0 += 1;
            en_taken.entry(e).or_insert((0, score)).0 += 1;
            let written = self.en[e]
                .2
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or_else(|| self.en[e].0.clone(), |(w, _)| w.clone());
            out.push(Pair {
                zh: self.zh[z].0.clone(),
                en: written,
                score,
                joint,
                dice,
            });
        }
        out
    }
}

/// Dunning's log-likelihood ratio of a 2×2 table of counts.
fn llr(k11: f64, k12: f64, k21: f64, k22: f64) -> f64 {
    let xlx = |x: f64| if x > 0.0 { x * x.ln() } else { 0.0 };
    let n = k11 + k12 + k21 + k22;
    2.0 * (xlx(k11) + xlx(k12) + xlx(k21) + xlx(k22)
        - xlx(k11 + k12)
        - xlx(k21 + k22)
        - xlx(k11 + k21)
        - xlx(k12 + k22)
        + xlx(n))
    .max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_learned_again_only_when_the_bilingual_documents_moved() {
        assert!(worth_relearning(0, 1));
        assert!(!worth_relearning(0, 0));
        assert!(worth_relearning(1, 2));
        assert!(
            !worth_relearning(161, 162),
            "one more of 161 changes little"
        );
        assert!(worth_relearning(161, 180));
        assert!(worth_relearning(161, 140), "a forgotten folder");
        let learned = Learned {
            text: format!("{LEARNED_FROM}161\nz\t海军\tNavy;10.00;3;0.500\n"),
        };
        assert_eq!(learned.learned_from(), Some(161));
        assert!(!learned.is_empty());
        assert_eq!(learned.english_of("海军")[0].form, "Navy");
        assert_eq!(learned.pairs().len(), 1);
        let none = Learned {
            text: format!("{LEARNED_FROM}0\n"),
        };
        assert!(none.is_empty());
    }
    use crate::document::Translation;
    use crate::testing::{doc, index_of};

    /// A Chinese release with its English translation.
    fn bilingual(id: &str, zh: (&str, &str), en: (&str, &str)) -> Document {
        let mut d = doc(id, zh.0, zh.1);
        d.lang = Lang::Zh;
        d.langs = vec![Lang::Zh, Lang::En];
        d.translation = Some(Translation {
            lang: Some(Lang::En),
            title: en.0.into(),
            body: en.1.into(),
        });
        d
    }

    fn fixtures() -> Vec<Document> {
        vec![
            bilingual(
                "a",
                ("海警在钓鱼岛巡航", "编队昨天出发。天气很好。"),
                (
                    "Coast Guard patrols Diaoyu",
                    "The fleet left yesterday. The weather was fine.",
                ),
            ),
            bilingual(
                "b",
                ("钓鱼岛附近的演习", "海军舰艇参加演习。海警也在场。"),
                (
                    "Drill near Diaoyu",
                    "Navy ships joined the drill. The Coast Guard was there too.",
                ),
            ),
            bilingual(
                "c",
                ("海警执法", "海警登临检查渔船。钓鱼岛是中国领土。"),
                (
                    "Coast Guard enforces the law",
                    "The Coast Guard boarded fishing boats. Diaoyu is Chinese territory.",
                ),
            ),
            bilingual(
                "d",
                ("海军训练", "海军开展训练。钓鱼岛海域平静。"),
                (
                    "Navy training",
                    "The Navy held training. The waters off Diaoyu were calm.",
                ),
            ),
        ]
    }

    const SENTENCES: &str = "他说：“我们准备好了。”随后离开！Mr Li said 'ready.' Then left.\nNext";

    #[test]
    fn sentences_end_after_their_closing_quotes() {
        assert_eq!(
            sentences(SENTENCES),
            [
                "他说：“我们准备好了。”",
                "随后离开！",
                "Mr Li said 'ready.'",
                "Then left.",
                "Next"
            ]
        );
        assert_eq!(sentences("J-20 flew at 3.5 km."), ["J-20 flew at 3.5 km."]);
    }

    #[test]
    fn segments_align_by_position_when_counts_match() {
        let docs = fixtures();
        let segments = aligned(&docs[0]);
        assert_eq!(
            segments,
            [
                ("海警在钓鱼岛巡航", "Coast Guard patrols Diaoyu"),
                ("编队昨天出发。", "The fleet left yesterday."),
                ("天气很好。", "The weather was fine."),
            ]
        );
        let mut uneven = docs[0].clone();
        uneven.body = "编队昨天出发，天气很好。".into();
        assert_eq!(aligned(&uneven).len(), 2, "titles and first sentences only");
        assert!(aligned(&doc("x", "English only", "No translation.")).is_empty());
    }

    #[test]
    fn pairs_that_keep_company_are_learned() {
        let pairs = learn(&fixtures());
        let learned = Learned::from_pairs(&pairs);
        let forms = |zh: &str| -> Vec<String> {
            learned
                .english_of(zh)
                .iter()
                .map(|p| p.form.to_string())
                .collect()
        };
        assert!(
            forms("钓鱼岛").contains(&"Diaoyu".to_string()),
            "{pairs:#?}"
        );
        assert!(
            forms("海警").iter().any(|f| f.starts_with("Coast")),
            "{pairs:#?}"
        );
        assert!(learned
            .chinese_of("diaoyu")
            .iter()
            .any(|p| p.form == "钓鱼岛"));
        for pair in &pairs {
            assert!(
                pair.joint >= MIN_JOINT && pair.score >= MIN_SCORE,
                "{pair:?}"
            );
            assert!(!EN_STOP_KEYS.contains(&normalized(&pair.en)), "{pair:?}");
        }
        let mut per_word: HashMap<&str, usize> = HashMap::new();
        for pair in &pairs {
            *per_word.entry(&pair.zh).or_default() += 1;
        }
        assert!(per_word.values().all(|&n| n <= MAX_PARTNERS));
        assert_eq!(learned.pairs().len(), pairs.len(), "every pair listed");
    }

    #[test]
    fn an_index_run_writes_the_pairs_and_an_index_without_bilingual_documents_none() {
        let (dir, index) = index_of(&fixtures());
        let built = build(&index, &index.reader().unwrap().searcher()).unwrap();
        assert!(!built.is_empty());
        let loaded = Learned::load(dir.path());
        assert_eq!(loaded.pairs(), built.pairs());
        assert!(loaded.has_zh("钓鱼岛"));

        let (dir, index) = index_of(&[doc("e", "Navy training", "The Navy trained.")]);
        assert!(build(&index, &index.reader().unwrap().searcher())
            .unwrap()
            .is_empty());
        assert!(
            dir.path().join(LEARNED_FILE).is_file(),
            "an empty file says: nothing to learn"
        );
    }

    #[test]
    fn the_shared_corpus_yields_pairs() {
        let Some(path) = crate::testing::shared_file("pla-watch-2026-05.jsonl") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let mut docs = Vec::new();
        for line in text.lines() {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let field = |k: &str| record[k].as_str().unwrap_or("").to_string();
            if field("text_english").is_empty() {
                continue;
            }
            docs.push(bilingual(
                &field("id"),
                (&field("title_original"), &field("text_original")),
                (&field("title_english"), &field("text_english")),
            ));
        }
        let pairs = learn(&docs);
        let learned = Learned::from_pairs(&pairs);
        assert!(pairs.len() > 100, "{}", pairs.len());
        assert!(learned.english_of("海军").iter().any(|p| p.form == "Navy"));
        assert!(learned
            .english_of("蒋斌")
            .iter()
            .any(|p| p.form == "Jiang Bin"));
    }
}
