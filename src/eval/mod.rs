//! Evaluation: how well milpress finds, ranks and labels what a corpus holds, in figures.
//!
//! Three measurements, each in its own file and each returning a plain serialisable report with
//! a text printer: [`recall`] (Chinese substring recall and precision of search against a
//! brute-force scan of the documents), [`ranking`] (nDCG@10 and MRR against the graded relevance
//! set in `data/relevance.toml`) and [`facets`] (date, theme and speaker extractors against the
//! metadata a JSON Lines corpus carries). This module owns what they share: reading a corpus into
//! the very documents the index holds ([`Corpus`]), indexing it afresh into a temporary folder
//! ([`Indexed`]), a small seeded random generator ([`Rng`]) so that
//! every figure is reproducible, and text-table helpers.

pub mod facets;
pub mod ranking;
pub mod recall;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::index::{self, Index, UpdateOptions};
use crate::ingest::{self, config::Config};
use crate::search::Searcher;

/// Every document of a corpus, as ingest and extraction turn its files into documents (the same
/// documents an index of it holds).
pub struct Corpus {
    pub root: PathBuf,
    pub docs: Vec<Document>,
    /// Files that could not be read in full, with the reason.
    pub problems: Vec<(String, String)>,
}

impl Corpus {
    /// Reads every file of the corpus at `root` with its `milpress.toml` (defaults when it has
    /// none or it does not parse, as indexing does).
    pub fn load(root: &Path) -> Result<Corpus> {
        if !root.is_dir() {
            return Err(Error::Corpus {
                path: root.to_path_buf(),
                source: "not a folder (or it does not exist)".into(),
            });
        }
        let config = Config::load(root).unwrap_or_default();
        let extractor = Extractor::new().with_theme_overrides(config.themes());
        let walk = ingest::walk(root, None, &config);
        let mut docs = Vec::new();
        let mut problems = walk.errors;
        for file in &walk.files {
            let outcome = ingest::read_file(file, &config, &extractor);
            for problem in outcome.errors.into_iter().chain(outcome.warnings) {
                problems.push((file.rel.clone(), problem));
            }
            docs.extend(outcome.docs);
        }
        // The index holds each text once (the first file in walk order wins): so does the truth.
        let mut seen = std::collections::HashSet::new();
        docs.retain(|doc| seen.insert(doc.fingerprint()));
        Ok(Corpus {
            root: root.to_path_buf(),
            docs,
            problems,
        })
    }
}

/// A corpus with a searcher over an index of it. A temporary index is removed on drop.
pub struct Indexed {
    pub corpus: Corpus,
    pub searcher: Searcher,
    _temp: TempDir,
}

impl Indexed {
    /// Reads the corpus at `root` and indexes it into a temporary folder: always fresh, since an
    /// existing index may be stale or from another version, and these corpora index in seconds.
    pub fn prepare(root: &Path) -> Result<Indexed> {
        let corpus = Corpus::load(root)?;
        let temp = TempDir::new()?;
        let dir = temp.path().join("index");
        index::update(root, &dir, &UpdateOptions::default(), &mut ())?;
        let searcher = Searcher::new(Index::open(&dir)?)?;
        Ok(Indexed {
            corpus,
            searcher,
            _temp: temp,
        })
    }
}

/// A folder under the system's temporary folder, removed (with its contents) on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> Result<TempDir> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path =
            std::env::temp_dir().join(format!("milpress-eval-{}-{n}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)?;
        Ok(TempDir(path))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover folder in the temporary folder harms nobody.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A small seeded generator (SplitMix64 to spread the seed, then xorshift64*): reproducible
/// samples without a dependency.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // The modulo bias is below 2^-40 for the sizes used here.
        (self.next_u64() % n as u64) as usize
    }
}

/// Precision, recall and F1 from counts of true positives, false positives and false negatives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    /// 1.0 when nothing was predicted (no prediction was wrong).
    pub fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// 1.0 when nothing was expected (nothing was missed).
    pub fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    pub fn f1(self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
    }
}

/// `num / den`, and 1.0 for `0 / 0`.
pub fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// The mean, or `None` of nothing.
pub fn mean(values: impl IntoIterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values
        .into_iter()
        .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// Rounds to 4 decimals, for JSON that people read too.
pub fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A plain text table: a header row, then rows, columns padded to their widest cell (counted in
/// characters, with Han characters counted twice, as terminals draw them).
pub fn write_table(out: &mut dyn Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| display_width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    let line = |out: &mut dyn Write, cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        let mut text = String::new();
        for (i, cell) in cells.enumerate().take(columns) {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            if i + 1 < columns {
                text.extend(std::iter::repeat_n(
                    ' ',
                    widths[i].saturating_sub(display_width(cell)),
                ));
            }
        }
        writeln!(out, "  {}", text.trim_end())
    };
    line(out, &mut header.iter().copied())?;
    for row in rows {
        line(out, &mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

/// Columns a terminal uses for `s`: two for wide (CJK) characters, one for the others.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = crate::analysis::fold::is_han(c)
                || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FF60}');
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// A figure with 3 decimals, or `-` when there is none.
pub fn fmt3(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"))
}

/// The first `max` characters of `s`, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_give_precision_recall_f1() {
        let c = Counts {
            tp: 3,
            fp: 1,
            fn_: 2,
        };
        assert_eq!(c.precision(), 0.75);
        assert_eq!(c.recall(), 0.6);
        assert!((c.f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
        assert_eq!(Counts::default().precision(), 1.0);
        let none = Counts {
            tp: 0,
            fp: 2,
            fn_: 2,
        };
        assert_eq!(none.f1(), 0.0);
    }

    #[test]
    fn rng_is_reproducible_and_in_range() {
        let a: Vec<usize> = {
            let mut r = Rng::new(7);
            (0..50).map(|_| r.below(10)).collect()
        };
        let b: Vec<usize> = {
            let mut r = Rng::new(7);
            (0..50).map(|_| r.below(10)).collect()
        };
        assert_eq!(a, b);
        assert!(a.iter().all(|&x| x < 10));
        assert!(a.iter().any(|&x| x != a[0]));
        assert_eq!(Rng::new(0).below(0), 0);
    }

    #[test]
    fn mean_and_ratio_handle_empty_input() {
        assert_eq!(mean(Vec::<f64>::new()), None);
        assert_eq!(mean([1.0, 2.0]), Some(1.5));
        assert_eq!(ratio(0, 0), 1.0);
        assert_eq!(ratio(1, 4), 0.25);
    }

    #[test]
    fn tables_pad_wide_characters() {
        let mut out = Vec::new();
        write_table(
            &mut out,
            &["term", "n"],
            &[
                vec!["香山论坛".into(), "1".into()],
                vec!["ab".into(), "22".into()],
            ],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "  term      n\n  香山论坛  1\n  ab        22\n");
    }
}
