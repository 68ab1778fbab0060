//! `milpress eval`: resolve the corpora and the relevance set, run the chosen evaluations
//! ([`crate::eval`]) and print their figures as text tables or one JSON object.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use serde::Serialize;

use super::Outcome;
use crate::cli::{EvalArgs, EvalFormat, EvalWhat};
use crate::eval::ranking::{self, CorpusName, RelevanceSet};
use crate::eval::{facets, recall, Indexed};
use crate::output;

/// Where the shared corpus sits relative to the project.
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
        let shared = match &args.corpus {
            Some(dir) if dir.is_dir() => Some(dir.clone()),
            Some(dir) => bail!("--corpus {}: not a folder", dir.display()),
            None => Some(PathBuf::from(SHARED_CORPUS)).filter(|d| d.is_dir()),
        };
        let sample = Some(args.sample_corpus.clone()).filter(|d| d.is_dir());
        let corpus = match (&shared, &sample) {
            (Some(dir), _) | (None, Some(dir)) => dir.clone(),
            (None, None) => bail!(
                "no corpus: neither {SHARED_CORPUS} nor {} exists (use --corpus DIR)",
                args.sample_corpus.display()
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
                let set = RelevanceSet::parse(&text)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                (set, path.display().to_string())
            }
            None => (
                RelevanceSet::builtin().map_err(anyhow::Error::msg)?,
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

pub fn run(args: &EvalArgs) -> anyhow::Result<Outcome> {
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
        figures.facets = Some(facets::run(&settings.corpus));
        note(format!("facets: {:.1} s", started.elapsed().as_secs_f64()));
    }

    let mut out = std::io::stdout().lock();
    output::ignore_broken_pipe(
        print(&mut out, &figures, settings.format).and_then(|()| out.flush()),
    )
    .context("writing the figures")?;
    Ok(Outcome::Success)
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
    eprintln!("milpress: {message}");
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
