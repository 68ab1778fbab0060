//! `milpress-eval`: how well milpress finds, ranks and labels what a corpus holds, in figures.
//! A developers' tool beside the product, calling the library's public API like any user.
//!
//! Three measurements, each in its own module returning a plain serialisable report with a text
//! printer: [`recall`] (Chinese substring recall and precision of search against a brute-force
//! scan of the documents), [`ranking`] (nDCG@10 and MRR against the graded relevance set in
//! `data/relevance.toml`) and [`facets`] (date, theme and speaker extractors against the
//! metadata a JSON Lines corpus carries). [`corpus`] reads and indexes a corpus afresh into a
//! temporary folder; [`figures`] holds the counting and table helpers they share. This file
//! resolves the command line, runs the chosen evaluations and prints their figures as text
//! tables or one JSON object. Exit code 0 when done, 2 on an error.

mod corpus;
mod facets;
mod figures;
mod ranking;
mod recall;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Parser, ValueEnum};
use serde::Serialize;

use corpus::Indexed;
use ranking::{CorpusName, RelevanceSet};

/// Measure recall, ranking and extractor accuracy on a corpus.
///
/// recall: Chinese terms sampled from the corpus against a brute-force substring scan;
/// ranking: nDCG@10 and MRR on the relevance set (data/relevance.toml); facets: dates,
/// themes and speakers against what the corpus's JSON Lines records state. The corpus is
/// indexed afresh into a temporary folder.
#[derive(Debug, Parser)]
#[command(name = "milpress-eval", version)]
struct EvalArgs {
    /// What to measure.
    #[arg(value_enum)]
    what: EvalWhat,
    /// The corpus (default: the shared corpus beside the workspace, ../shared/corpus, when it
    /// exists, else the sample corpus).
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// The sample corpus, for the relevance queries judged on it (default: the workspace's
    /// corpus/).
    #[arg(long, value_name = "DIR")]
    sample_corpus: Option<PathBuf>,
    /// The relevance set (default: the built-in data/relevance.toml).
    #[arg(long, value_name = "FILE")]
    relevance: Option<PathBuf>,
    /// Number of Chinese terms to sample for recall.
    #[arg(long, default_value_t = 300, value_name = "N")]
    sample: usize,
    /// Seed of the recall sample.
    #[arg(long, default_value_t = 20_260_518, value_name = "S")]
    seed: u64,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = EvalFormat::Text)]
    format: EvalFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EvalWhat {
    Recall,
    Ranking,
    Facets,
    All,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum EvalFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let args = EvalArgs::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("milpress-eval: {err:#}");
            ExitCode::from(2)
        }
    }
}

/// The workspace's root folder: corpora and data are found from here, not from the current
/// folder, so the tool runs the same from anywhere.
fn workspace_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate's folder sits inside the workspace's")
}

/// Where the shared corpus sits relative to the workspace's root.
const SHARED_CORPUS: &str = "../shared/corpus";

/// The arguments, resolved and checked.
struct Settings {
    what: EvalWhat,
    /// The corpus of recall and facets.
    corpus: PathBuf,
    /// The corpora of the relevance set's queries, when available.
    corpora: BTreeMap<CorpusName, PathBuf>,
    relevance: RelevanceSet,
    relevance_source: String,
    recall: recall::Options,
    format: EvalFormat,
}

impl Settings {
    fn resolve(args: &EvalArgs) -> anyhow::Result<Settings> {
        let root = workspace_root();
        let shared = match &args.corpus {
            Some(dir) if dir.is_dir() => Some(dir.clone()),
            Some(dir) => bail!("--corpus {}: not a folder", dir.display()),
            // Canonical, so that reports name /…/shared/corpus rather than /…/milpress/../shared.
            None => root
                .join(SHARED_CORPUS)
                .canonicalize()
                .ok()
                .filter(|d| d.is_dir()),
        };
        let sample_dir = args
            .sample_corpus
            .clone()
            .unwrap_or_else(|| root.join("corpus"));
        let sample = Some(sample_dir.clone()).filter(|d| d.is_dir());
        let corpus = match (&shared, &sample) {
            (Some(dir), _) | (None, Some(dir)) => dir.clone(),
            (None, None) => bail!(
                "no corpus: neither {} nor {} exists (use --corpus DIR)",
                root.join(SHARED_CORPUS).display(),
                sample_dir.display()
            ),
        };
        let mut corpora = BTreeMap::new();
        if let Some(dir) = shared {
            corpora.insert(CorpusName::Shared, dir);
        }
        if let Some(dir) = sample {
            corpora.insert(CorpusName::Sample, dir);
        }
        let (relevance, relevance_source) = match &args.relevance {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let set = RelevanceSet::parse(&text).with_context(|| path.display().to_string())?;
                (set, path.display().to_string())
            }
            None => (
                RelevanceSet::builtin()?,
                "built-in data/relevance.toml".to_string(),
            ),
        };
        if args.sample == 0 {
            bail!("--sample takes a number of terms above 0");
        }
        Ok(Settings {
            what: args.what,
            corpus,
            corpora,
            relevance,
            relevance_source,
            recall: recall::Options {
                sample: args.sample,
                seed: args.seed,
            },
            format: args.format,
        })
    }

    fn runs(&self, what: EvalWhat) -> bool {
        self.what == what || self.what == EvalWhat::All
    }
}

/// Everything measured, for `--format json`.
#[derive(Serialize)]
struct Figures {
    #[serde(skip_serializing_if = "Option::is_none")]
    recall: Option<recall::Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ranking: Option<ranking::Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<facets::Report>,
}

fn run(args: &EvalArgs) -> anyhow::Result<()> {
    let settings = Settings::resolve(args)?;
    let mut figures = Figures {
        recall: None,
        ranking: None,
        facets: None,
    };
    // Indexed corpora, kept for reuse between evaluations.
    let mut indexed: BTreeMap<PathBuf, Indexed> = BTreeMap::new();

    if settings.runs(EvalWhat::Recall) {
        let main = prepare(&mut indexed, &settings.corpus)?;
        let started = Instant::now();
        let report = recall::run(main, settings.recall).context("recall evaluation")?;
        note(format!(
            "recall: {} terms in {:.1} s",
            report.terms,
            started.elapsed().as_secs_f64()
        ));
        figures.recall = Some(report);
    }
    if settings.runs(EvalWhat::Ranking) {
        let started = Instant::now();
        let mut outcomes = Vec::new();
        let mut skipped = BTreeMap::new();
        for name in [CorpusName::Shared, CorpusName::Sample] {
            let count = settings
                .relevance
                .queries
                .iter()
                .filter(|q| q.corpus == name)
                .count();
            if count == 0 {
                continue;
            }
            let Some(dir) = settings.corpora.get(&name) else {
                skipped.insert(name.as_str().to_string(), count);
                continue;
            };
            let corpus = prepare(&mut indexed, dir)?;
            outcomes.extend(ranking::run_corpus(
                &corpus.searcher,
                name,
                &settings.relevance,
            ));
        }
        let source = settings.relevance_source.clone();
        figures.ranking = Some(ranking::report(source, outcomes, skipped));
        note(format!("ranking: {:.1} s", started.elapsed().as_secs_f64()));
    }
    if settings.runs(EvalWhat::Facets) {
        let started = Instant::now();
        figures.facets = Some(facets::run(&settings.corpus)?);
        note(format!("facets: {:.1} s", started.elapsed().as_secs_f64()));
    }

    let mut out = std::io::stdout().lock();
    let written = print(&mut out, &figures, settings.format).and_then(|()| out.flush());
    match written {
        // A reader that stopped early (`| head`) is not an error.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the figures"),
    }
}

/// The indexed corpus at `dir`, indexing it on first use.
fn prepare<'a>(
    indexed: &'a mut BTreeMap<PathBuf, Indexed>,
    dir: &Path,
) -> anyhow::Result<&'a Indexed> {
    let key = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    if !indexed.contains_key(&key) {
        let started = Instant::now();
        let corpus =
            Indexed::prepare(dir).with_context(|| format!("indexing {}", dir.display()))?;
        note(format!(
            "{}: {} documents indexed into a temporary folder in {:.1} s",
            dir.display(),
            corpus.corpus.docs.len(),
            started.elapsed().as_secs_f64()
        ));
        indexed.insert(key.clone(), corpus);
    }
    indexed
        .get(&key)
        .context("the corpus was indexed just above")
}

fn note(message: String) {
    eprintln!("milpress-eval: {message}");
}

fn print(out: &mut dyn Write, figures: &Figures, format: EvalFormat) -> std::io::Result<()> {
    match format {
        EvalFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, figures).map_err(std::io::Error::other)?;
            writeln!(out)
        }
        EvalFormat::Text => {
            let mut first = true;
            let mut gap = |out: &mut dyn Write| -> std::io::Result<()> {
                if !std::mem::take(&mut first) {
                    writeln!(out)?;
                }
                Ok(())
            };
            if let Some(r) = &figures.recall {
                gap(out)?;
                r.write_text(out)?;
            }
            if let Some(r) = &figures.ranking {
                gap(out)?;
                r.write_text(out)?;
            }
            if let Some(r) = &figures.facets {
                gap(out)?;
                r.write_text(out)?;
            }
            Ok(())
        }
    }
}
