//! The documents an evaluation compares search with: a corpus read the way `milpress index`
//! reads it ([`Corpus`]), and the same corpus indexed afresh into a temporary folder
//! ([`Indexed`]), whose documents are then exactly those the index holds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use milpress::extract::Extractor;
use milpress::index::{self, Index, UpdateOptions};
use milpress::ingest::{self, config::Config};
use milpress::search::{Request, Searcher};
use milpress::Document;
use tempfile::TempDir;

/// Every document of a corpus, as ingest and extraction turn its files into documents.
pub struct Corpus {
    pub root: PathBuf,
    pub docs: Vec<Document>,
}

impl Corpus {
    /// Reads every file of the corpus at `root` with its `milpress.toml` (defaults when it has
    /// none; settings that do not parse stop the evaluation, since they would skew it). Texts that occur twice are all kept: only
    /// [`Indexed::prepare`] knows which copy the index kept.
    pub fn load(root: &Path) -> anyhow::Result<Corpus> {
        if !root.is_dir() {
            bail!("{}: not a folder (or it does not exist)", root.display());
        }
        let config = Config::load(root).context("the corpus's settings")?;
        let extractor = Extractor::new().with_theme_overrides(config.themes());
        let walk = ingest::walk(root, None, &config);
        // Files that cannot be read in full are left out here as indexing leaves them out.
        let docs = walk
            .files
            .iter()
            .flat_map(|file| ingest::read_file(file, &config, &extractor).docs)
            .collect();
        Ok(Corpus {
            root: root.to_path_buf(),
            docs,
        })
    }
}

/// A corpus with a searcher over an index of it. The temporary index is removed on drop.
pub struct Indexed {
    pub corpus: Corpus,
    pub searcher: Searcher,
    _temp: TempDir,
}

impl Indexed {
    /// Reads the corpus at `root` and indexes it into a temporary folder: always fresh, since an
    /// existing index may be stale or from another version, and these corpora index in seconds.
    pub fn prepare(root: &Path) -> anyhow::Result<Indexed> {
        let mut corpus = Corpus::load(root)?;
        let temp = tempfile::Builder::new()
            .prefix("milpress-eval-")
            .tempdir()
            .context("creating a temporary folder")?;
        let dir = temp.path().join("index");
        index::update(root, &dir, &UpdateOptions::default(), &mut ())?;
        let searcher = Searcher::new(Index::open(&dir)?)?;
        // The index holds each text once (the copy it met first): the truth holds the same
        // documents, asked of the index itself rather than by repeating its rule. An empty
        // query with no filters matches every document.
        let held: HashSet<String> = searcher.match_ids(&Request::new(""))?.into_iter().collect();
        corpus.docs.retain(|doc| held.contains(&doc.id));
        Ok(Indexed {
            corpus,
            searcher,
            _temp: temp,
        })
    }
}
