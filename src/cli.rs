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
#[command(
    name = "milpress",
    version,
    about,
    max_term_width = 100,
    after_help = "Help topics: `milpress help query` explains the query language."
)]
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
    /// Whether the index folder was named (`--index` or `MILPRESS_INDEX`) rather than the
    /// default: only the default is built on first use. Set by `main` from clap's value source.
    #[arg(skip)]
    pub index_named: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from a corpus folder.
    ///
    /// Only new and changed files are read; documents of deleted files are removed. Files that
    /// cannot be read are reported and skipped (exit code 2), and everything else is indexed.
    #[command(allow_negative_numbers = true)]
    Index(IndexArgs),
    /// Search the index.
    ///
    /// All words are required unless --any. "quoted phrase", "phrase"~3 for proximity, -word or
    /// NOT word to exclude, a OR b, (groups), word* for a prefix, and field filters speaker:,
    /// year:, theme:, lang:, source:, kind:, title:, body:. `milpress help query` tells more.
    /// Exit code 0 with hits, 1 without, 2 on error.
    // `--limit -1` is a bad value of --limit, not an unknown option.
    #[command(allow_negative_numbers = true)]
    Search(Box<SearchArgs>),
    /// Print one document in full, by id.
    Show(ShowArgs),
    /// Who said what: matching answers of briefing transcripts, newest first.
    ///
    /// One entry per answer: date, speaker, the question on one line and the answer's opening,
    /// in both languages where the transcript has both. The query language is search's; the
    /// options are its filters. Exit code 0 with answers, 1 without, 2 on error.
    // `--limit -1` is a bad value of --limit, not an unknown option.
    #[command(allow_negative_numbers = true)]
    Said(SaidArgs),
    /// Merge the index's segments (after many incremental runs): into one per core, at most 4,
    /// so a search still reads them in parallel.
    #[command(allow_negative_numbers = true)]
    Optimize(OptimizeArgs),
    /// Count matching documents per year, quarter, month, ISO week or day.
    ///
    /// Each QUERY is one series, with the query language and every filter of `search`, so a
    /// year's count equals `search QUERY --year Y --limit 0`'s total. Undated documents, and
    /// documents with only a year in a finer trend, are counted apart. Exit code 0 when a
    /// series matched, 1 when none did, 2 on error.
    #[command(allow_negative_numbers = true)]
    Trend(Box<TrendArgs>),
    /// Time searches in one warm process: p50/p95/p99/max per query and per class, and
    /// queries per second.
    ///
    /// Each query runs the full `search` path (facets, ten snippets, glossary expansion)
    /// --warmup times untimed, then --runs times timed.
    // `--limit -1` is a bad value of --limit, not an unknown option.
    #[command(allow_negative_numbers = true)]
    Bench(BenchArgs),
    /// Serve the index to a browser and as a JSON API (read-only).
    ///
    /// A search page at http://127.0.0.1:8411/ and /api/search, /api/doc, /api/trend,
    /// /api/health. Binds loopback unless --addr says otherwise; another address needs --token.
    /// A `milpress index` run on the same index is picked up without a restart.
    Serve(ServeArgs),
    /// List translation pairs learned from the index's bilingual documents.
    ///
    /// Each pair with its log-likelihood score, the aligned segments holding both and their
    /// Dice coefficient, best first; `pinned` or `banned` when your glossary file
    /// (MILPRESS_GLOSSARY) pins or bans it. Exit code 0 with pairs, 1 without, 2 on error.
    Glossary(GlossaryArgs),
}

#[derive(Debug, Args)]
pub struct GlossaryArgs {
    /// List the pairs learned from the index's bilingual documents.
    #[arg(long, required = true)]
    pub learned: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = GlossaryFormat::Text, value_name = "FORMAT")]
    pub format: GlossaryFormat,
}

/// How `milpress glossary` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GlossaryFormat {
    /// Aligned columns, fitted to 80 columns.
    Text,
    /// One JSON array of pairs.
    Json,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// The corpus folders. Each is added to the index or brought up to date; folders the
    /// index holds but not named here are left alone. None: every folder the index holds
    /// (`./corpus` for a new index).
    #[arg(value_name = "CORPUS")]
    pub corpus: Vec<PathBuf>,
    /// Remove this folder's documents from the index, and stop remembering the folder
    /// (repeatable).
    #[arg(long, value_name = "DIR")]
    pub forget: Vec<PathBuf>,
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
    /// Suggest `milpress optimize` after a run that adds at least this many documents and
    /// leaves more segments than it would (for tests).
    #[arg(long, hide = true, default_value_t = SUGGEST_OPTIMIZE_FROM, value_name = "DOCS")]
    pub suggest_optimize_from: u64,
}

/// Runs that add this many documents suggest `milpress optimize` when they leave the index in
/// more segments than it would: at a million documents it takes 40-50 s and makes searches
/// 20-40% faster, which an index run does not spend on its own (time and memory).
pub const SUGGEST_OPTIMIZE_FROM: u64 = 200_000;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for (may be empty when filters are given; `-` reads it from standard
    /// input).
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// How many hits to show [default: 10].
    #[arg(long, short = 'n', value_name = "N", conflicts_with = "all")]
    pub limit: Option<usize>,
    /// Every match, not a page (best with --format csv or jsonl, which stream it).
    #[arg(long)]
    pub all: bool,
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
    /// Snippet length: characters in JSON and CSV, display columns in text (a Chinese
    /// character counts two); at least 20, or 0 for no snippets.
    #[arg(long, default_value_t = 160, value_name = "CHARS", value_parser = snippet_length)]
    pub snippet: usize,
    /// The corpus to build the index from if it does not exist yet.
    #[arg(long, default_value = "corpus", value_name = "CORPUS")]
    pub corpus: PathBuf,
}

/// How the words of a query match, shared by every command that runs a query.
#[derive(Debug, Default, Args)]
pub struct MatchArgs {
    /// Any word suffices instead of all.
    #[arg(long)]
    pub any: bool,
    /// Search only the words typed, not their glossary forms in the other language.
    #[arg(long)]
    pub exact: bool,
    /// Find the words of the query within this many words of each other, in any order
    /// (like "a b"~N; in Chinese a word counts as two characters).
    #[arg(long, value_name = "N")]
    pub near: Option<u32>,
}

/// `--snippet`: 0 (none), or long enough to show a match in its context.
fn snippet_length(value: &str) -> Result<usize, String> {
    match value.trim().parse::<usize>() {
        Ok(n) if n == 0 || n >= 20 => Ok(n),
        Ok(_) => Err("a snippet is at least 20 characters long (0 for none)".into()),
        Err(_) => Err(format!("`{value}` is not a number of characters")),
    }
}

/// `--year`: one year; a range gets a pointer to `--years`.
fn one_year(value: &str) -> Result<i32, String> {
    let folded = crate::extract::date::fold_width(value);
    let year: i32 = folded.trim().parse().map_err(|_| {
        if value.contains("..") || value.contains('-') {
            format!("`{value}` is not one year: for a range, use --years {value}")
        } else {
            format!("`{value}` is not a year (a number such as 2024)")
        }
    })?;
    if !(1000..=9999).contains(&year) {
        return Err(format!(
            "`{value}` is not a year: write all four digits (such as 2024)"
        ));
    }
    Ok(year)
}

/// The filters of `search`, shared by every command that runs a query, so they mean the same
/// everywhere.
#[derive(Debug, Default, Args)]
pub struct FilterArgs {
    /// Only this year.
    #[arg(long, value_name = "YEAR", conflicts_with = "years", value_parser = one_year)]
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
    /// Only documents in this language: en, zh, mixed or other (neither).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Only documents from this source (words of its name).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Only releases, only headlines or only answers (each answer of a briefing on its own).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
}

#[derive(Debug, Args)]
pub struct TrendArgs {
    /// The queries, one series each (quote a query of several words).
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    pub queries: Vec<String>,
    /// The period to count by: year, quarter, month, week (ISO) or day.
    #[arg(long, value_enum, default_value_t = TrendBy::Year, value_name = "PERIOD")]
    pub by: TrendBy,
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Show counts per N documents of the period that pass the filters (e.g. --per 1000), so
    /// a growing archive does not mislead.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub per: Option<u64>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = TrendFormat::Text)]
    pub format: TrendFormat,
    /// Also write the chart as an SVG file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Queries to time: one a line, `class<TAB>query`, or `class<TAB>query<TAB>search options`
    /// (default: the built-in set, data/bench-queries.tsv).
    #[arg(long, value_name = "FILE")]
    pub queries: Option<PathBuf>,
    /// Timed runs of each query.
    #[arg(long, default_value_t = 20, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub runs: u32,
    /// Untimed runs of each query first.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub warmup: u32,
    /// Searchers running at once, for throughput.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: u16,
    /// Count no facets (years, themes, speakers).
    #[arg(long)]
    pub no_facets: bool,
    /// Cut no snippets.
    #[arg(long)]
    pub no_snippets: bool,
    /// Search only the words typed, no glossary forms (with --no-facets --no-snippets: the
    /// work a bare engine does, top ten and the count).
    #[arg(long)]
    pub exact: bool,
    /// Count every run anew: no totals or facets kept from an earlier run of the same query,
    /// so each run costs what a query asked for the first time costs (warm).
    #[arg(long)]
    pub recount: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = BenchFormat::Text)]
    pub format: BenchFormat,
}

/// How `bench` prints its figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum BenchFormat {
    Text,
    Json,
}

/// The period of a trend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TrendBy {
    Year,
    Quarter,
    Month,
    Week,
    Day,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TrendFormat {
    Text,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct SaidArgs {
    /// What the answers are about (may be empty: every answer, with the filters given; `-`
    /// reads it from standard input).
    #[arg(value_name = "QUERY", num_args = 0..)]
    pub query: Vec<String>,
    #[command(flatten)]
    pub matching: MatchArgs,
    /// The filters of `search` (`--kind` can only be `answer` here).
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Only answers whose own words (or their translation's) hold the query: not those that
    /// match only through the question they answer. For counting what a speaker said.
    #[arg(long)]
    pub answer_only: bool,
    /// How many answers to show.
    #[arg(long, short = 'n', default_value_t = 20)]
    pub limit: usize,
    /// Every matching answer, not the newest `--limit` (best with --format csv or jsonl).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
    /// Skip this many answers (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// How much of each answer to show, in characters.
    #[arg(long, default_value_t = 160, value_name = "CHARS")]
    pub opening: usize,
    /// The corpus to build the index from if it does not exist yet.
    #[arg(long, default_value = "corpus", value_name = "CORPUS")]
    pub corpus: PathBuf,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The document id, as search prints it.
    pub id: String,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ShowFormat::Text)]
    pub format: ShowFormat,
}

/// How `show` prints a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    /// For people: the document's fields, then its text.
    Text,
    /// The document as one JSON object.
    Json,
}

impl From<ShowFormat> for Format {
    fn from(format: ShowFormat) -> Format {
        match format {
            ShowFormat::Text => Format::Text,
            ShowFormat::Json => Format::Json,
        }
    }
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

/// The search options a line of a `bench` query file may carry (`--year 2024 --sort -date`):
/// the same options, and the same meaning, as `search`'s.
#[derive(Debug, Parser)]
#[command(name = "options", no_binary_name = true, disable_help_flag = true)]
pub struct QueryOptions {
    #[command(flatten)]
    pub matching: MatchArgs,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of hits: relevance, date or -date.
    #[arg(
        long,
        default_value = "relevance",
        value_name = "ORDER",
        allow_hyphen_values = true
    )]
    pub sort: String,
    /// How many hits to fetch.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
}
/// `milpress help query`: the query language, with examples in both languages.
pub const QUERY_HELP: &str = r#"The query language of `milpress search`

  xiangshan forum          every word is required (AND is implied;
                           --any for any word)
  香山论坛 开幕            Chinese works the same way; no spaces are
                           needed inside Chinese
  东部战区台湾海峡演习     words run together are found as written;
                           where no document holds them so, each
                           word anywhere (a notice says so)
  "xiangshan forum"        a phrase
  "taiwan independence"~3  its words within 3 words of each other
  "福建舰 试验"~3          the same in Chinese (a word counted as two
                           characters); a space between Chinese words
                           of a phrase is optional ("保持 克制" finds
                           保持克制 too)
  台独 OR 台湾独立         either one
  taiwan NOT independence  NOT excludes the next word, phrase or group
  taiwan -independence     the same; -"phrase" excludes a phrase
  (drill OR exercise) 台湾 parentheses group; OR binds tighter than
                           AND: a b OR c = a (b OR c)
  NOT (navy OR 海军)       exclude a whole group
  IED*  taiw*              a prefix: any word that starts with it
  IEDs  UAV                acronyms in capitals stay acronyms: IEDs
                           finds IED, never "I"
  speaker:"Wu Qian" speaker:蒋斌 year:2024 year:2020..2024
  theme:taiwan lang:zh source:"PLA Daily" kind:headline title:forum
  body:香山
                           fields; the same filters exist as options
                           (--speaker, --years, ...)
  *                        every document (or an empty query): browse,
                           with filters or --sort

Operators are upper case only: `and`, `or` and `not` in lower case are words.
On the command line -word needs no quoting: a token starting with - is an
option only when it is exactly one milpress knows (-n, -f, -h, --limit, ...),
so `milpress search taiwan -independence -n 5` excludes "independence" and
shows 5 hits. NOT word always works too. `~N` follows a quoted phrase only.

Terms the glossary knows are also searched in the other language (Xiangshan
Forum also finds 香山论坛, and NOT 台独 also excludes "Taiwan independence");
--exact searches only the words typed. A Chinese string the dictionary
translates only in part (金龙演习: 演习 is "exercise", 金龙 unknown) is never
a full match through that part: documents that hold only it are listed apart.

Errors, never a silent answer: a query with no word (only punctuation) is an
error (exit 2); a word too long to index matches nothing (exit 1, with a
notice); unknown fields, themes, languages and kinds are errors naming the
valid ones. Exit codes: 0 found, 1 nothing found, 2 error.
"#;
