//! `milpress index`: build or update the index from one or more corpus folders.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
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
        forget: args.forget.clone(),
    };
    let folders = if args.corpus.is_empty() && !args.forget.is_empty() {
        // `--forget DIR` alone forgets, and reads nothing else.
        Vec::new()
    } else {
        index::folders_to_update(&args.corpus, &global.index)
    };
    let outcome = build_folders(&folders, &global.index, &options, args.quiet)?;
    // Only a hint: an index that cannot be looked at now says so on the next command.
    let _ = suggest_optimize(&global.index, args.suggest_optimize_from);
    Ok(outcome)
}

/// Says on stderr when `milpress optimize` would merge the segments of a large index.
fn suggest_optimize(index_dir: &Path, from: u64) -> anyhow::Result<()> {
    let index = index::Index::open(index_dir)?;
    let metas = index.tantivy.searchable_segment_metas()?;
    let docs: u64 = metas.iter().map(|m| u64::from(m.num_docs())).sum();
    let wanted = index::segments_wanted();
    if docs >= from && metas.len() > wanted {
        writeln!(
            std::io::stderr().lock(),
            "milpress: the index has {} segments: `milpress optimize` merges them into {wanted} \
             for searches 20-40% faster (about a minute at a million documents)",
            metas.len()
        )?;
    }
    Ok(())
}

/// Keeps in the index the counts of its frequent words for the segments that have none yet
/// (see [`crate::search::kept`]).
pub fn keep_word_counts(index_dir: &Path) -> anyhow::Result<()> {
    let searcher = crate::search::Searcher::new(index::Index::open(index_dir)?)?;
    searcher.keep_word_counts(crate::search::kept::MIN_DOCS)?;
    Ok(())
}

/// Indexes `corpus` into `index_dir`, printing problems and a summary on stderr.
pub fn build(
    corpus: &Path,
    index_dir: &Path,
    options: &UpdateOptions,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    build_folders(&[corpus.to_path_buf()], index_dir, options, quiet)
}

/// Indexes each of `folders` into `index_dir`, printing problems and a summary on stderr.
pub fn build_folders(
    folders: &[PathBuf],
    index_dir: &Path,
    options: &UpdateOptions,
    quiet: bool,
) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut bar = Bar::new();
    let summary =
        index::update_folders(folders, index_dir, options, &mut bar).with_context(|| {
            let names: Vec<String> = folders.iter().map(|f| f.display().to_string()).collect();
            if names.is_empty() {
                format!("updating {}", index_dir.display())
            } else {
                format!("indexing {} into {}", names.join(", "), index_dir.display())
            }
        })?;
    let mut err = std::io::stderr().lock();
    if let Err(e) = keep_word_counts(index_dir) {
        // Searches count as before without them.
        writeln!(
            err,
            "milpress: warning: frequent words' counts not kept: {e:#}"
        )?;
    }
    if !quiet {
        for note in &summary.notes {
            let path = note.folder.join(strip_prefix(&note.folder, &note.path));
            writeln!(err, "milpress: {}: note: {}", path.display(), note.message)?;
        }
        for problem in &summary.problems {
            // A record's message says itself what was skipped and what kept.
            let what = if problem.message.starts_with("record ") && problem.skipped {
                ""
            } else if problem.skipped {
                "skipped: "
            } else {
                "warning: "
            };
            let path = problem
                .folder
                .join(strip_prefix(&problem.folder, &problem.path));
            writeln!(
                err,
                "milpress: {}: {what}{}",
                path.display(),
                problem.message
            )?;
        }
    }
    if !quiet {
        const SHOWN: usize = 10;
        for dup in summary.duplicates.iter().take(SHOWN) {
            let path = dup.folder.join(strip_prefix(&dup.folder, &dup.path));
            // A record of a multi-record file is named by its own id (`feed.jsonl#r3`).
            let which = dup
                .id
                .strip_prefix(dup.path.as_str())
                .filter(|rest| rest.starts_with('#'))
                .map(|rest| format!(" record {}:", &rest[1..]))
                .unwrap_or_default();
            // Counts by outlet see only the copy kept: say whose copy is not counted.
            let outlet = dup
                .other_source
                .as_ref()
                .map(|s| format!("; this copy's outlet, {s}, is not counted"))
                .unwrap_or_default();
            writeln!(
                err,
                "milpress: {}:{which} duplicate of {} (indexed once{outlet})",
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
    // Named even with --quiet: the summary counts them among the files with errors.
    for failed in &summary.failed_before {
        let path = failed
            .folder
            .join(strip_prefix(&failed.folder, &failed.path));
        let why = if failed.message.is_empty() {
            String::new()
        } else {
            format!(" ({})", failed.message)
        };
        writeln!(
            err,
            "milpress: {}: not read again: unchanged since it could not be used{why}; change it, \
             or index with --rebuild, to try again",
            path.display()
        )?;
    }
    for left in &summary.left_out_before {
        let path = left.folder.join(strip_prefix(&left.folder, &left.path));
        writeln!(
            err,
            "milpress: {}: still left out, the file unchanged since it was read: {}",
            path.display(),
            left.message
        )?;
    }
    Ok(if summary.has_errors() {
        Outcome::Partial
    } else {
        Outcome::Success
    })
}

/// A stored path without the folder's name that an update put in front of it (where an
/// earlier folder holds the same relative path), so that messages name the file on disk.
fn strip_prefix<'a>(folder: &Path, path: &'a str) -> &'a str {
    folder
        .file_name()
        .and_then(|name| path.strip_prefix(&format!("{}/", name.to_string_lossy())))
        .filter(|rest| folder.join(rest).is_file())
        .unwrap_or(path)
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
