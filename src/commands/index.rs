//! `milpress index`: build or update the index from a corpus folder.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Outcome;
use crate::cli::{GlobalArgs, IndexArgs};
use crate::index::{self, Progress, UpdateOptions};
use crate::output;

pub fn run(args: &IndexArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let options = UpdateOptions {
        rebuild: args.rebuild,
        memory_budget: args.memory.max(16) << 20,
        config: args.config.clone(),
        commit_every: args.commit_every.max(1),
    };
    build(&args.corpus, &global.index, &options, args.quiet)
}

/// Indexes `corpus` into `index_dir`, printing problems and a summary on stderr.
pub fn build(
    corpus: &Path,
    index_dir: &Path,
    options: &UpdateOptions,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut bar = Bar::new();
    let summary = index::update(corpus, index_dir, options, &mut bar)
        .with_context(|| format!("indexing {} into {}", corpus.display(), index_dir.display()))?;
    let mut err = std::io::stderr().lock();
    if !quiet {
        for problem in &summary.problems {
            let what = if problem.skipped {
                "skipped"
            } else {
                "warning"
            };
            let path = corpus.join(&problem.path);
            writeln!(
                err,
                "milpress: {}: {what}: {}",
                path.display(),
                problem.message
            )?;
        }
    }
    if !quiet {
        const SHOWN: usize = 10;
        for dup in summary.duplicates.iter().take(SHOWN) {
            let path = corpus.join(&dup.path);
            writeln!(
                err,
                "milpress: {}: duplicate of {} (indexed once)",
                path.display(),
                dup.of_id
            )?;
        }
        if summary.duplicates.len() > SHOWN {
            writeln!(
                err,
                "milpress: ... and {} more duplicates",
                summary.duplicates.len() - SHOWN
            )?;
        }
    }
    output::summary(&mut err, &summary, started.elapsed().as_secs_f64())?;
    Ok(if summary.has_errors() {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// A progress bar on stderr, drawn only when stderr is a terminal.
struct Bar(ProgressBar);

impl Bar {
    fn new() -> Bar {
        let bar = if std::io::stderr().is_terminal() {
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
        } else {
            ProgressBar::hidden()
        };
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} files  {elapsed}  {wide_msg}")
                .expect("the template is valid"),
        );
        Bar(bar)
    }
}

impl Progress for Bar {
    fn start(&mut self, files: usize) {
        self.0.set_length(files as u64);
    }

    fn file_done(&mut self, path: &str) {
        self.0.inc(1);
        self.0.set_message(path.to_string());
    }

    fn finish(&mut self) {
        self.0.finish_and_clear();
    }
}
