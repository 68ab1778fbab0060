//! Counts kept in the index for frequent words: for each segment, the total and facet counts
//! of every word that a large share of its documents hold, as one-word searches count them
//! (the word in title, body and source, the answers of briefings left out).
//!
//! A frequent word is where counting costs most: `the` matches 287,000 of a million documents,
//! and reading each one's facet values was a quarter of its search. A segment never changes
//! once written, so its counts are computed once, when `milpress index` or `optimize` leaves
//! it, and kept in `counts/<segment>` beside it. Deletions are the one thing that changes a
//! segment: the counts are of every document, deleted or not, and a search takes off the
//! deleted documents that match (a re-indexed feed deletes a thousand documents, not a fifth
//! of a segment; past one document in 16 deleted the counts are not used).
//!
//! A file names the shape of query its counts are for (the fields, the documents left out); a
//! search whose one word is looked up otherwise counts as it always did. A segment without a
//! file (one written since the last run, or an old index) is counted as before too.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, SegmentReader, Term};

use super::facets::{FacetCollector, COLUMNS};
use super::rank::{set_docs, visit, Excluded, Masks};
use crate::document::Fnv1a;

use crate::index::COUNTS_FOLDER as FOLDER;

const MAGIC: &[u8; 8] = b"MPCOUNT1";

/// A word is kept in a segment when at least this many of its documents hold it...
pub const MIN_DOCS: u32 = 2_000;
/// ...and at least this share of them (one in this many): counting a rarer word costs less
/// than the file would hold for it.
const MIN_SHARE: u32 = 128;
/// The most words kept per segment, the most frequent first.
const MOST_WORDS: usize = 20_000;
/// Past this share of a segment deleted (one in this many), its counts are not used: taking
/// the deleted matches off would cost more than counting.
const MOST_DELETED: u32 = 16;

/// The shape of one-word query that counts are kept for: the fields the word is looked up in
/// and the terms whose documents are left out, both sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    pub fields: Vec<u32>,
    /// (field, text) of each term left out.
    pub excluded: Vec<(u32, String)>,
}

impl Shape {
    /// The shape of a word looked up in `fields`, less the documents of `excluded`; `None`
    /// when an excluded term is not text.
    pub fn new(fields: &[Field], excluded: &[Term]) -> Option<Shape> {
        let mut fields: Vec<u32> = fields.iter().map(|f| f.field_id()).collect();
        fields.sort_unstable();
        let mut left_out = Vec::with_capacity(excluded.len());
        for term in excluded {
            let text = term.value().as_str()?.to_string();
            left_out.push((term.field().field_id(), text));
        }
        left_out.sort();
        Some(Shape {
            fields,
            excluded: left_out,
        })
    }

    fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.fields.iter().map(|&f| Field::from_field_id(f))
    }
}

/// One word's counts in one segment, deleted documents included.
#[derive(Debug, PartialEq, Eq)]
pub struct WordCounts {
    pub matches: u32,
    /// By column (the year first): (value, count) for every value counted, values as
    /// the facet collector's `SegmentFacets::by_value` numbers them.
    pub columns: Vec<Vec<(u32, u64)>>,
}

/// What went into [`keep`].
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Kept {
    /// Segments whose counts were computed.
    pub segments: usize,
    /// Words kept, over those segments.
    pub words: usize,
}

/// Computes and writes the counts of every segment of `searcher` that has none yet, under
/// `index_dir`, and removes those of segments gone. A word is kept where at least `min_docs`
/// documents of a segment hold it (and one in 128). `facets` gives the collector
/// that counts, asked only when a segment needs counting (it decodes every segment's columns).
pub fn keep(
    searcher: &tantivy::Searcher,
    index_dir: &Path,
    shape: &Shape,
    facets: impl FnOnce() -> crate::error::Result<FacetCollector>,
    min_docs: u32,
) -> crate::error::Result<Kept> {
    let folder = index_dir.join(FOLDER);
    std::fs::create_dir_all(&folder)?;
    let mut report = Kept::default();
    let mut live = Vec::new();
    let masks = Masks::default();
    let mut facets = Some(facets);
    let mut collector = None;
    for (ordinal, reader) in searcher.segment_readers().iter().enumerate() {
        let name = reader.segment_id().uuid_string();
        let path = folder.join(&name);
        live.push(name.clone());
        if path.exists() {
            continue;
        }
        let words = frequent_words(reader, shape, min_docs)?;
        if !words.is_empty() {
            if let Some(make) = facets.take() {
                collector = Some(make()?);
            }
        }
        let Some(facets) = &collector else {
            // No word to count: the segment's file says so.
            write(&folder, &name, reader.max_doc(), shape, Vec::new())?;
            report.segments += 1;
            continue;
        };
        let mut excluded = Excluded::new(&masks);
        for (field, text) in &shape.excluded {
            let term = Term::from_field_text(Field::from_field_id(*field), text);
            excluded.push(&TermQuery::new(term, IndexRecordOption::Basic), searcher)?;
        }
        let mut counted = Vec::with_capacity(words.len());
        for word in words {
            let Ok(text) = std::str::from_utf8(&word) else {
                continue;
            };
            let mut bits = vec![0u64; (reader.max_doc() as usize).div_ceil(64)];
            for field in shape.fields() {
                let query =
                    TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic);
                let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
                set_docs(&mut bits, weight.as_ref(), reader, true)?;
            }
            excluded.clear(&mut bits, reader)?;
            let mut segment =
                tantivy::collector::Collector::for_segment(facets, ordinal as u32, reader)?;
            let mut matches = 0u32;
            let mut block = Vec::with_capacity(super::facets::BLOCK);
            visit(&bits, |doc| {
                matches += 1;
                block.push(doc);
                if block.len() == block.capacity() {
                    segment.count_block(&block);
                    block.clear();
                }
            });
            segment.count_block(&block);
            let columns = segment
                .by_value()
                .into_iter()
                .map(|counts| {
                    counts
                        .into_iter()
                        .enumerate()
                        .filter(|&(_, n)| n > 0)
                        .map(|(value, n)| (value as u32, n))
                        .collect()
                })
                .collect();
            counted.push((word, WordCounts { matches, columns }));
        }
        report.segments += 1;
        report.words += counted.len();
        write(&folder, &name, reader.max_doc(), shape, counted)?;
    }
    // Counts of segments merged away or deleted whole.
    for entry in std::fs::read_dir(&folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !live.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(report)
}

/// The words of `reader` worth keeping: those at least `min_docs` documents (and one in
/// [`MIN_SHARE`]) hold in one of the shape's fields, the most frequent first.
fn frequent_words(
    reader: &SegmentReader,
    shape: &Shape,
    min_docs: u32,
) -> crate::error::Result<Vec<Vec<u8>>> {
    let least = min_docs.max(reader.max_doc() / MIN_SHARE).max(1);
    if reader.max_doc() < least {
        return Ok(Vec::new());
    }
    let mut found: HashMap<Vec<u8>, u32> = HashMap::new();
    for field in shape.fields() {
        let inverted = reader.inverted_index(field)?;
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let docs = stream.value().doc_freq;
            if docs >= least {
                let most = found.entry(stream.key().to_vec()).or_default();
                *most = (*most).max(docs);
            }
        }
    }
    let mut words: Vec<(Vec<u8>, u32)> = found.into_iter().collect();
    words.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    words.truncate(MOST_WORDS);
    Ok(words.into_iter().map(|(w, _)| w).collect())
}

fn put_u32(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(out, bytes.len() as u32);
    out.extend_from_slice(bytes);
}

/// Writes a segment's file: a header (the segment's size, the shape, the words' places by
/// hash), then each word's counts. Written aside and renamed, so a search never reads half.
fn write(
    folder: &Path,
    name: &str,
    max_doc: u32,
    shape: &Shape,
    mut words: Vec<(Vec<u8>, WordCounts)>,
) -> crate::error::Result<()> {
    words.sort_by_key(|(word, _)| Fnv1a::hash(word));
    let mut header = Vec::new();
    header.extend_from_slice(MAGIC);
    put_u32(&mut header, max_doc);
    put_u32(&mut header, shape.fields.len() as u32);
    for &field in &shape.fields {
        put_u32(&mut header, field);
    }
    put_u32(&mut header, shape.excluded.len() as u32);
    for (field, text) in &shape.excluded {
        put_u32(&mut header, *field);
        put_bytes(&mut header, text.as_bytes());
    }
    put_u32(&mut header, COLUMNS as u32);
    put_u32(&mut header, words.len() as u32);
    let mut blobs = Vec::new();
    let mut places = Vec::with_capacity(words.len());
    for (word, counts) in &words {
        let from = blobs.len();
        put_bytes(&mut blobs, word);
        put_u32(&mut blobs, counts.matches);
        for column in &counts.columns {
            put_u32(&mut blobs, column.len() as u32);
            for &(value, count) in column {
                put_u32(&mut blobs, value);
                put_u32(&mut blobs, u32::try_from(count).unwrap_or(u32::MAX));
            }
        }
        places.push((Fnv1a::hash(word), from, blobs.len() - from));
    }
    let start = header.len() + places.len() * ENTRY;
    for (hash, from, len) in places {
        header.extend_from_slice(&hash.to_le_bytes());
        header.extend_from_slice(&((start + from) as u64).to_le_bytes());
        put_u32(&mut header, len as u32);
    }
    let aside = folder.join(format!(".{name}.{}", std::process::id()));
    {
        let mut out = BufWriter::new(File::create(&aside)?);
        out.write_all(&header)?;
        out.write_all(&blobs)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    }
    std::fs::rename(&aside, folder.join(name))?;
    Ok(())
}

/// How long a segment found without counts is taken to have none.
const LOOK_AGAIN: Duration = Duration::from_secs(2);

/// The bytes of one entry of a file's table: hash, offset, length.
const ENTRY: usize = 20;

/// A segment's file, its header read: where each word's counts are. The file stays open: a
/// word's counts are read from it at each search.
struct SegmentFile {
    file: Mutex<File>,
    max_doc: u32,
    shape: Shape,
    /// (hash of the word, offset, length), by hash.
    entries: Vec<(u64, u64, u32)>,
}

/// Kept counts as a searcher reads them: each segment's header read once, a word's counts
/// read from the file when asked.
#[derive(Clone, Default)]
pub struct KeptCounts {
    folder: Option<PathBuf>,
    /// How long a segment found without counts is taken to have none.
    look_again: Duration,
    inner: Arc<Mutex<Inner>>,
}

#[derive(Default)]
struct Inner {
    /// Each segment's file, or when it was found missing.
    files: HashMap<SegmentId, Result<Arc<SegmentFile>, Instant>>,
    /// Each segment's deleted documents, for a number of deletions.
    deleted: HashMap<SegmentId, (u32, Arc<Vec<DocId>>)>,
    /// How many times a word's counts were found.
    used: usize,
}

impl KeptCounts {
    /// The counts kept in the index at `index_dir`.
    pub fn of_index(index_dir: &Path) -> KeptCounts {
        KeptCounts {
            folder: Some(index_dir.join(FOLDER)),
            look_again: LOOK_AGAIN,
            inner: Arc::default(),
        }
    }

    /// The counts of `word` (a term's value bytes) in `reader`, for a query of `shape`;
    /// `None` when they were not kept (or the segment has too many deletions for them).
    pub fn word(&self, reader: &SegmentReader, shape: &Shape, word: &[u8]) -> Option<WordCounts> {
        if reader.num_deleted_docs() > reader.max_doc() / MOST_DELETED {
            return None;
        }
        let file = self.file(reader)?;
        if file.shape != *shape || file.max_doc != reader.max_doc() {
            return None;
        }
        let hash = Fnv1a::hash(word);
        let first = file.entries.partition_point(|e| e.0 < hash);
        for &(_, offset, len) in file.entries[first..].iter().take_while(|e| e.0 == hash) {
            let counts = read_word(&file.file, offset, len, word).ok().flatten();
            if counts.is_some() {
                self.lock().used += 1;
                return counts;
            }
        }
        None
    }

    /// The deleted documents of `reader`, listed once per number of deletions.
    pub fn deleted(&self, reader: &SegmentReader) -> Arc<Vec<DocId>> {
        let id = reader.segment_id();
        let n = reader.num_deleted_docs();
        let mut inner = self.lock();
        if let Some((at, docs)) = inner.deleted.get(&id) {
            if *at == n {
                return Arc::clone(docs);
            }
        }
        let docs: Vec<DocId> = match reader.alive_bitset() {
            Some(alive) => (0..reader.max_doc())
                .filter(|&d| alive.is_deleted(d))
                .collect(),
            None => Vec::new(),
        };
        let docs = Arc::new(docs);
        inner.deleted.insert(id, (n, Arc::clone(&docs)));
        docs
    }

    /// How many times a word's counts in a segment were found and used.
    pub fn used(&self) -> usize {
        self.lock().used
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn file(&self, reader: &SegmentReader) -> Option<Arc<SegmentFile>> {
        let folder = self.folder.as_ref()?;
        let id = reader.segment_id();
        let mut inner = self.lock();
        match inner.files.get(&id) {
            Some(Ok(file)) => return Some(Arc::clone(file)),
            // Written at the end of an index run, after the commits a server re-opens on.
            Some(Err(missed)) if missed.elapsed() < self.look_again => return None,
            _ => {}
        }
        // A missing or unreadable file: the segment is counted as before.
        let file = read_header(&folder.join(id.uuid_string())).map(Arc::new);
        inner.files.insert(
            id,
            file.as_ref().map(Arc::clone).map_err(|_| Instant::now()),
        );
        file.ok()
    }
}

fn get_u32(input: &mut impl Read) -> std::io::Result<u32> {
    let mut bytes = [0; 4];
    input.read_exact(&mut bytes)?;
    Ok(u32::from_le_bytes(bytes))
}

fn get_u64(input: &mut impl Read) -> std::io::Result<u64> {
    let mut bytes = [0; 8];
    input.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

/// At most this many bytes are read for one length-prefixed field (a word, a term): a
/// damaged file is an error, not an allocation of gigabytes.
const LONGEST_FIELD: u32 = 1 << 16;

fn get_bytes(input: &mut impl Read) -> std::io::Result<Vec<u8>> {
    let len = get_u32(input)?;
    if len > LONGEST_FIELD {
        return Err(std::io::Error::other("a field longer than any term"));
    }
    let mut bytes = vec![0; len as usize];
    input.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn read_header(path: &Path) -> std::io::Result<SegmentFile> {
    let mut input = BufReader::new(File::open(path)?);
    let mut magic = [0; 8];
    input.read_exact(&mut magic)?;
    if &magic != MAGIC {
        return Err(std::io::Error::other("not a milpress counts file"));
    }
    let max_doc = get_u32(&mut input)?;
    let n = get_u32(&mut input)?.min(1024);
    let fields = (0..n)
        .map(|_| get_u32(&mut input))
        .collect::<std::io::Result<_>>()?;
    let n = get_u32(&mut input)?.min(1024);
    let mut excluded = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let field = get_u32(&mut input)?;
        let text = String::from_utf8(get_bytes(&mut input)?).map_err(std::io::Error::other)?;
        excluded.push((field, text));
    }
    if get_u32(&mut input)? as usize != COLUMNS {
        return Err(std::io::Error::other("counts of other columns"));
    }
    let n = get_u32(&mut input)?.min(MOST_WORDS as u32);
    let mut entries = Vec::with_capacity(n as usize);
    for _ in 0..n {
        entries.push((
            get_u64(&mut input)?,
            get_u64(&mut input)?,
            get_u32(&mut input)?,
        ));
    }
    Ok(SegmentFile {
        file: Mutex::new(input.into_inner()),
        max_doc,
        shape: Shape { fields, excluded },
        entries,
    })
}

/// The counts at `offset` in `file`, when they are `word`'s.
fn read_word(
    file: &Mutex<File>,
    offset: u64,
    len: u32,
    word: &[u8],
) -> std::io::Result<Option<WordCounts>> {
    let mut blob = vec![0; len.min(64 << 20) as usize];
    {
        let mut file = file.lock().unwrap_or_else(|e| e.into_inner());
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(&mut blob)?;
    }
    let mut input = blob.as_slice();
    if get_bytes(&mut input)? != word {
        return Ok(None);
    }
    let matches = get_u32(&mut input)?;
    let mut columns = Vec::with_capacity(COLUMNS);
    for _ in 0..COLUMNS {
        let n = get_u32(&mut input)?;
        let mut column = Vec::with_capacity((n as usize).min(input.len() / 8));
        for _ in 0..n {
            column.push((get_u32(&mut input)?, u64::from(get_u32(&mut input)?)));
        }
        columns.push(column);
    }
    Ok(Some(WordCounts { matches, columns }))
}

#[cfg(test)]
mod tests {
    use crate::index::Index;
    use crate::search::{Request, Searcher};
    use crate::testing::{index_in_segments, patrol_doc};

    /// Releases over several years, speakers, themes and outlets, some answers of a briefing,
    /// `patrol` in most bodies, in some titles and in one outlet's name.
    fn docs() -> Vec<crate::document::Document> {
        (0..300)
            .map(|i| {
                let body = if i % 4 == 3 {
                    format!("filler {}", i % 13)
                } else {
                    format!("{} filler {}", "patrol ".repeat(1 + i % 3), i % 13)
                };
                let mut d = patrol_doc(i, &body);
                d.speakers = match i % 3 {
                    0 => vec![],
                    1 => vec!["Wu Qian".into()],
                    _ => vec!["Wu Qian".into(), "Zhang Xiaogang".into()],
                };
                d.themes = (0..i % 4).map(|t| format!("theme-{t}")).collect();
                d.tags = vec![format!("tag-{}", i % 7)];
                d
            })
            .collect()
    }

    /// Total and facets of an exact one-word search, counted afresh, twice: from the columns
    /// (a searcher's first counting search) and from its decoded tables; then sorted by date.
    fn counted(searcher: &mut Searcher, word: &str) -> Vec<(usize, crate::search::Facets)> {
        searcher.keep_counts(false);
        let mut request = Request::new(word);
        request.exact = true;
        let mut by_date = request.clone();
        by_date.sort = crate::search::Sort::DateDesc;
        [&request, &request, &by_date]
            .into_iter()
            .map(|request| {
                let results = searcher.search(request).unwrap();
                (results.total, results.facets)
            })
            .collect()
    }

    #[test]
    fn kept_counts_are_what_counting_finds_deletions_taken_off() {
        let (dir, index) = index_in_segments(&docs(), 70, 25);
        let mut searcher = Searcher::new(index).unwrap();
        let words = ["patrol", "report", "weekly", "filler", "7"];
        let plain: Vec<_> = words.iter().map(|w| counted(&mut searcher, w)).collect();
        assert_eq!(searcher.aids.counts.used(), 0, "nothing kept yet");

        let kept = searcher.keep_word_counts(1).unwrap();
        assert_eq!(kept.segments, 5);
        assert!(kept.words >= 5 * 4, "{kept:?}");
        let mut searcher = Searcher::new(Index::open(dir.path()).unwrap()).unwrap();
        for (word, plain) in words.iter().zip(&plain) {
            let used = searcher.aids.counts.used();
            assert_eq!(&counted(&mut searcher, word), plain, "{word}");
            assert!(
                searcher.aids.counts.used() > used,
                "{word}: counts kept were used"
            );
        }
        assert!(plain[0][0].0 > 100, "a frequent word: {}", plain[0][0].0);

        // Kept once: a second run computes nothing, and a segment merged away leaves its file.
        assert_eq!(searcher.keep_word_counts(1).unwrap().segments, 0);
        crate::index::optimize(dir.path(), 50 << 20, 1).unwrap();
        let mut searcher = Searcher::new(Index::open(dir.path()).unwrap()).unwrap();
        assert_eq!(searcher.keep_word_counts(1).unwrap().segments, 1);
        let files = std::fs::read_dir(dir.path().join(super::FOLDER))
            .unwrap()
            .count();
        assert_eq!(files, 1);
        assert_eq!(counted(&mut searcher, "patrol"), plain[0]);
    }

    #[test]
    fn a_damaged_or_foreign_file_is_not_used() {
        let (dir, index) = index_in_segments(&docs(), 150, 40);
        let mut searcher = Searcher::new(index).unwrap();
        let plain = counted(&mut searcher, "patrol");
        searcher.keep_word_counts(1).unwrap();
        let mut whole = Searcher::new(Index::open(dir.path()).unwrap()).unwrap();
        assert_eq!(counted(&mut whole, "patrol"), plain);
        assert!(whole.aids.counts.used() > 0, "used while whole");
        for entry in std::fs::read_dir(dir.path().join(super::FOLDER)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
        }
        let mut searcher = Searcher::new(Index::open(dir.path()).unwrap()).unwrap();
        assert_eq!(counted(&mut searcher, "patrol"), plain, "cut short");
        for entry in std::fs::read_dir(dir.path().join(super::FOLDER)).unwrap() {
            std::fs::write(entry.unwrap().path(), b"MPCOUNT1 and then nothing useful").unwrap();
        }
        let mut searcher = Searcher::new(Index::open(dir.path()).unwrap()).unwrap();
        assert_eq!(counted(&mut searcher, "patrol"), plain, "not a counts file");
        assert_eq!(searcher.aids.counts.used(), 0);
    }

    #[test]
    fn counts_written_after_a_searcher_opened_are_found_later() {
        let (dir, index) = index_in_segments(&docs(), 150, 40);
        let mut searcher = Searcher::new(index).unwrap();
        let plain = counted(&mut searcher, "patrol");
        // As a server finds them: opened on the commit, the counts kept after it.
        let writer = Searcher::new(Index::open(dir.path()).unwrap()).unwrap();
        writer.keep_word_counts(1).unwrap();
        assert_eq!(counted(&mut searcher, "patrol"), plain);
        assert_eq!(searcher.aids.counts.used(), 0, "a miss is kept for a while");
        searcher.aids.counts.look_again = std::time::Duration::ZERO;
        assert_eq!(counted(&mut searcher, "patrol"), plain);
        assert!(searcher.aids.counts.used() > 0, "then looked for again");
    }
}
