//! Integration tests: the real `milpress` binary on corpora written to temporary folders, on the
//! project's sample corpus, and on the shared real corpus when it is present.

mod util;

mod answers;
mod browser;
mod cli;
mod crash;
mod fuzz;
mod incremental;
mod pages;
mod query_language;
mod records;
mod robustness;
mod sample_corpus;
mod serve;
mod shared_corpus;
mod trend;
