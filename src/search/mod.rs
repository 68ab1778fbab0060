//! Search: `query → parse → build → search → facets + snippets`, returning plain structs that
//! [`crate::output`] prints.
//!
//! [`query`] parses what the user typed, [`build`] turns it into a tantivy query, [`facets`]
//! counts years, themes and speakers over all matches, and [`snippet`] cuts the highlighted
//! fragments.

pub mod bench;
pub mod build;
pub mod facets;
pub mod glossary;
pub mod query;
pub mod rank;
pub mod snippet;
pub mod suggest;
pub mod trend;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, DocAddress, IndexReader, Order, TantivyDocument, Term};

use crate::analysis::{BilingualTokenizer, Mode};
use crate::document::{Date, Document, Kind, Lang};
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::index::Index;

pub use facets::{FacetValue, Facets};
pub use snippet::Snippet;

/// Restrictions given as options rather than in the query text.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Inclusive range of years.
    pub years: Option<(i32, i32)>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Any of these speakers (either script).
    pub speakers: Vec<String>,
    /// Any of these themes.
    pub themes: Vec<String>,
    pub lang: Option<Lang>,
    pub source: Option<String>,
    pub kind: Option<Kind>,
}

/// The order of hits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Relevance,
    /// Oldest first.
    Date,
    /// Newest first.
    DateDesc,
}

/// A search to run.
#[derive(Clone, Debug)]
pub struct Request {
    pub query: String,
    /// Any query term suffices (OR) instead of all (AND).
    pub any: bool,
    /// Search only the words typed: no glossary forms in the other language.
    pub exact: bool,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Snippet length in characters.
    pub snippet_chars: usize,
    /// Count the year, theme and speaker facets over all matches (off: empty facets).
    pub facets: bool,
    /// Cut a highlighted snippet for each hit (off: empty snippets).
    pub snippets: bool,
}

impl Request {
    pub fn new(query: impl Into<String>) -> Request {
        Request {
            query: query.into(),
            any: false,
            exact: false,
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            snippet_chars: 160,
            facets: true,
            snippets: true,
        }
    }
}

/// One hit: the document's metadata, its score and its snippet.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub id: String,
    /// BM25 relevance; null when hits are sorted by date.
    pub score: Option<f32>,
    pub kind: Kind,
    pub title: String,
    pub date: Option<Date>,
    pub year: Option<i32>,
    pub lang: Lang,
    pub speakers: Vec<String>,
    pub themes: Vec<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub record: Option<u64>,
    pub snippet: String,
    /// Character ranges `[start, end)` into `snippet`.
    pub highlights: Vec<(usize, usize)>,
    /// For a related headline, the id of the release it was listed on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// The outcome of a search.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    /// Other forms of the query's terms searched too (glossary), e.g. 香山论坛 for
    /// "Xiangshan Forum".
    pub also_searched: Vec<String>,
    pub hits: Vec<Hit>,
    pub facets: Facets,
    /// When nothing matched: the query with misspelled English words corrected from the
    /// index's own words.
    pub did_you_mean: Option<String>,
}

/// A searcher over one index, reusable across queries.
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    extractor: Extractor,
}

impl Searcher {
    /// A searcher over `index`. When the index has several segments and the machine several
    /// cores, a search reads the segments in parallel.
    pub fn new(mut index: Index) -> Result<Searcher> {
        let segments = index.tantivy.searchable_segment_ids()?.len();
        let threads = crate::index::segments_wanted().min(segments);
        if threads > 1 {
            index.tantivy.set_multithread_executor(threads)?;
        }
        let reader = index.reader()?;
        Ok(Searcher {
            index,
            reader,
            extractor: Extractor::new(),
        })
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// Number of documents in the index.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Runs a search.
    pub fn search(&self, request: &Request) -> Result<Results> {
        let started = Instant::now();
        let fields = &self.index.fields;
        let searcher = self.reader.searcher();
        let built = self.build(&searcher, request)?;

        let facets = request.facets.then(|| facets::FacetCollector {
            year: self.index.fields.name(&self.index.schema, fields.year),
            theme: self.index.fields.name(&self.index.schema, fields.theme),
            speaker: self.index.fields.name(&self.index.schema, fields.speaker),
        });
        let top = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (addresses, total, facets) = match request.sort {
            Sort::Relevance => {
                let tweak = rank::tweaker(
                    self.index.fields.name(&self.index.schema, fields.kind),
                    self.index.fields.name(&self.index.schema, fields.date),
                );
                let (top, total, facets) =
                    searcher.search(&built.query, &(top.tweak_score(tweak), Count, facets))?;
                let hits = top
                    .into_iter()
                    .map(|(score, addr)| (Some(score), addr))
                    .collect::<Vec<_>>();
                (hits, total, facets)
            }
            Sort::Date | Sort::DateDesc => {
                let order = if request.sort == Sort::Date {
                    Order::Asc
                } else {
                    Order::Desc
                };
                let date = self.index.fields.name(&self.index.schema, fields.date);
                let by_date = top.order_by_fast_field::<DateTime>(date, order);
                let (top, total, facets) =
                    searcher.search(&built.query, &(by_date, Count, facets))?;
                let hits = top
                    .into_iter()
                    .map(|(_, addr)| (None, addr))
                    .collect::<Vec<_>>();
                (hits, total, facets)
            }
        };
        let facets = facets.unwrap_or_default();
        let addresses = if request.limit == 0 {
            Vec::new()
        } else {
            addresses
        };

        let terms = &built.highlight;
        let weights = build::highlight_weights(terms, |term| {
            searcher
                .doc_freq(&Term::from_field_text(fields.body, term))
                .unwrap_or(0)
        });
        // Snippets look for the query's words only, so they need no segmenter either.
        let wanted: HashSet<String> = terms.iter().cloned().collect();
        // Asked about every short substring of every Chinese text snippeted: rule most out by
        // length before hashing.
        let lengths: HashSet<usize> = wanted.iter().map(String::len).collect();
        let tokenizer = TextAnalyzer::from(BilingualTokenizer::with_words(
            Mode::Index,
            Arc::new(move |w: &str| lengths.contains(&w.len()) && wanted.contains(w)),
        ));
        let snippets = snippet::Snippets::new(
            weights,
            built.never_alone.iter().cloned().collect(),
            tokenizer,
            fields.clone(),
            request.snippet_chars,
        );
        let mut hits = Vec::with_capacity(addresses.len());
        for (score, address) in addresses {
            let doc = self.load(&searcher, address)?;
            let snippet = if request.snippets {
                snippets.of(&doc)
            } else {
                Snippet::default()
            };
            hits.push(Hit {
                id: doc.id,
                score,
                kind: doc.kind,
                title: doc.title,
                date: doc.date,
                year: doc.year,
                lang: doc.lang,
                speakers: doc.speakers,
                themes: doc.themes,
                source: doc.source,
                url: doc.url,
                path: doc.path,
                record: doc.record,
                snippet: snippet.text,
                highlights: snippet.highlights,
                parent: doc.parent,
            });
        }
        Ok(Results {
            query: request.query.clone(),
            total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0,
            also_searched: built.also_searched,
            did_you_mean: if total == 0 {
                suggest::did_you_mean(&searcher, &[fields.title, fields.body], &request.query)
            } else {
                None
            },
            hits,
            facets,
        })
    }

    /// The query of a request, as [`Searcher::search`] runs it.
    fn build(&self, searcher: &tantivy::Searcher, request: &Request) -> Result<build::Built> {
        let fields = &self.index.fields;
        let clauses = query::parse(&request.query)?;
        let speakers = self.speaker_names(searcher)?;
        // Chinese in the query is cut into the index's own words: no jieba at query time.
        let known = |word: &str| {
            [fields.title, fields.body].iter().any(|&f| {
                searcher
                    .doc_freq(&Term::from_field_text(f, word))
                    .is_ok_and(|n| n > 0)
            })
        };
        build::Builder::new(fields, &self.extractor, &speakers, &known).build(
            &clauses,
            request.any,
            !request.exact,
            &request.filters,
        )
    }

    /// The ids of every document a request matches, unranked, with no snippets: what an
    /// evaluation compares with the truth.
    pub fn matching_ids(&self, request: &Request) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let built = self.build(&searcher, request)?;
        let found = searcher.search(&built.query, &tantivy::collector::DocSetCollector)?;
        let id_field = self
            .index
            .fields
            .name(&self.index.schema, self.index.fields.id);
        let mut ids = Vec::with_capacity(found.len());
        let mut text = String::new();
        for address in found {
            let segment = searcher.segment_reader(address.segment_ord);
            let Some(column) = segment.fast_fields().str(&id_field)? else {
                continue;
            };
            let ord = column.term_ords(address.doc_id).next();
            if let Some(ord) = ord {
                if column.ord_to_str(ord, &mut text)? {
                    ids.push(text.clone());
                }
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// The document with this id.
    pub fn get(&self, id: &str) -> Result<Document> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.index.fields.id, id),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(
            &query as &dyn Query,
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        match top.first() {
            Some((_, address)) => self.load(&searcher, *address),
            None => Err(Error::NoSuchDocument(id.to_string())),
        }
    }

    fn load(&self, searcher: &tantivy::Searcher, address: DocAddress) -> Result<Document> {
        let stored: TantivyDocument = searcher.doc(address)?;
        let json = stored
            .get_first(self.index.fields.doc)
            .and_then(|v| v.as_str())
            .ok_or_else(|| Error::IndexUnreadable {
                path: self.index.dir.clone(),
                reason: "a document has no stored copy".to_string(),
            })?;
        serde_json::from_str(json).map_err(|e| Error::IndexUnreadable {
            path: self.index.dir.clone(),
            reason: format!("a stored document does not read back: {e}"),
        })
    }

    /// Every speaker name in the index.
    fn speaker_names(&self, searcher: &tantivy::Searcher) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.index.fields.speaker)?;
            let mut stream = inverted.terms().stream()?;
            while stream.advance() {
                if let Ok(name) = std::str::from_utf8(stream.key()) {
                    names.push(name.to_string());
                }
            }
        }
        names.sort();
        names.dedup();
        Ok(names)
    }
}
