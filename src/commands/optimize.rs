//! `milpress optimize`: merge the index into one segment per core.

use std::time::Instant;

use anyhow::Context;

use super::Outcome;
use crate::cli::{GlobalArgs, OptimizeArgs};
use crate::index;

pub fn run(args: &OptimizeArgs, global: &GlobalArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let wanted = args
        .segments
        .map_or_else(index::segments_wanted, usize::from);
    let (before, after) = index::optimize(&global.index, 256 << 20, wanted)
        .with_context(|| format!("optimizing {}", global.index.display()))?;
    super::index::keep_word_counts(&global.index)
        .with_context(|| format!("counting frequent words in {}", global.index.display()))?;
    eprintln!(
        "{before} segment{} merged into {after} ({:.1} s)",
        if before == 1 { "" } else { "s" },
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Success)
}
