//! The command line as the user types it (clap derive). [`crate::commands`] resolves these
//! arguments into validated settings before any work starts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;

/// Full-text search over defense press releases in English and Chinese.
///
/// Index a folder of press releases, briefing transcripts and headline lists (plain text,
/// Markdown with front matter, JSON and JSON Lines, saved web pages, CSV/TSV), then ask who
/// said what about a subject, and when, in either language.
#[derive(Debug, Parser)]
#[command(name = "milpress", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: GlobalArgs,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The index folder.
    #[arg(
        long,
        global = true,
        env = "MILPRESS_INDEX",
        default_value = "index",
        value_name = "DIR"
    )]
    pub index: PathBuf,
    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from a corpus folder.
    ///
    /// Only new and changed files are read; documents of deleted files are removed. Files that
    /// cannot be read are reported and skipped (exit code 2), and everything else is indexed.
    Index(IndexArgs),
    /// Search the index.
    ///
    /// All words are required unless --any. "quoted phrase", "phrase"~3 for proximity, -word to
    /// exclude, a OR b, word* for a prefix, and field filters speaker:, year:, theme:, lang:,
    /// source:, kind:, title:, body:. Exit code 0 with hits, 1 without, 2 on error.
    Search(Box<SearchArgs>),
    /// Print one document in full, by id.
    Show(ShowArgs),
    /// Merge the index's segments (after many incremental runs): into one per core, at most 4,
    /// so a search still reads them in parallel.
    Optimize(OptimizeArgs),
    /// Serve the index to a browser and as a JSON API (read-only).
    ///
    /// A search page at http://127.0.0.1:8411/ and /api/search, /api/doc, /api/trend,
    /// /api/health. Binds loopback unless --addr says otherwise; another address needs --token.
    /// A `milpress index` run on the same index is picked up without a restart.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The corpus folder.
    #[arg(default_value = "corpus", value_name = "CORPUS")]
    pub corpus: PathBuf,
    /// Start from an empty index.
    #[arg(long)]
    pub rebuild: bool,
    /// Settings to use instead of CORPUS/milpress.toml (field mappings, per-file defaults,
    /// headline lists, themes), for a corpus you cannot write to.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Indexing memory budget in MB.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub memory: usize,
    /// Commit after this many new documents (a run that is killed keeps what it committed, and
    /// the next run completes it).
    #[arg(long, default_value_t = 50_000, value_name = "DOCS")]
    pub commit_every: usize,
    /// Do not print the per-file problems, only the summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (may be empty when filters are given).
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,
    /// Any word suffices instead of all.
    #[arg(long)]
    pub any: bool,
    /// Search only the words typed, not their glossary forms in the other language.
    #[arg(long)]
    pub exact: bool,
    /// Find the words of the query within this many words of each other, in any order
    /// (like "a b"~N).
    #[arg(long, value_name = "N")]
    pub near: Option<u32>,
    /// Only this year.
    #[arg(long, value_name = "YEAR", conflicts_with = "years")]
    pub year: Option<i32>,
    /// Only these years: 2020..2024 (either end may be open).
    #[arg(long, value_name = "FROM..TO")]
    pub years: Option<String>,
    /// Only documents dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents dated on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only documents with this speaker, in either script (蒋斌 or Jiang Bin). Repeatable.
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Only documents with this theme (taiwan, south_china_sea, ...). Repeatable.
    #[arg(long, value_name = "SLUG")]
    pub theme: Vec<String>,
    /// Only documents in this language: en, zh or mixed.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Only documents from this source (words of its name).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Only releases or only headlines.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// How many hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Skip this many hits (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Order of hits: relevance, date (oldest first) or -date (newest first).
    #[arg(
        long,
        default_value = "relevance",
        value_name = "ORDER",
        allow_hyphen_values = true
    )]
    pub sort: String,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Snippet length in characters.
    #[arg(long, default_value_t = 160, value_name = "CHARS")]
    pub snippet: usize,
    /// The corpus to build the index from if it does not exist yet.
    #[arg(long, default_value = "corpus", value_name = "CORPUS")]
    pub corpus: PathBuf,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document id, as search prints it.
    pub id: String,
    /// Output format (text or json).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// How many segments to leave (default: one per core, at most 4).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub segments: Option<u16>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port, printed on stdout).
    #[arg(long, default_value = "127.0.0.1:8411", value_name = "HOST:PORT")]
    pub addr: String,
    /// A secret every API call must send (Authorization: Bearer TOKEN) and the page takes once
    /// as /?token=TOKEN. Required unless the address is loopback.
    #[arg(
        long,
        env = "MILPRESS_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<String>,
    /// Let pages from this origin (`https://example.org`) call the API.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Option<String>,
    /// Longest time a request may take, in seconds.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
