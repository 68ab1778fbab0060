//! From parsed clauses and filters to a tantivy query.
//!
//! Free text is searched in title (boosted), body and source. A word that the query analyzer
//! turns into several tokens becomes a phrase. Chinese is cut into the index's own words and
//! single characters; since the index holds every dictionary word of a text wherever it occurs,
//! and every character, that phrase finds every document that contains the characters in order,
//! whatever jieba made of the context (see [`crate::analysis::chinese::segment_for_index`]).

use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, BoostWeight, ConstScoreQuery, EmptyQuery, EnableScoring,
    Occur as TantivyOccur, PhraseQuery, Query, RangeQuery, RegexQuery, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::expand::{self, Candidate, Translations};
use super::glossary::Glossary;
use super::joint::Bonus;
use super::query::{Atom, Clause, FieldName, Occur};
use super::word_run::WordRun;

/// What each part of the query that a document of [`Built::in_part`] holds adds to its score:
/// more than a part's own score can reach, so that the score counts parts first. The score
/// shown is what is left over ([`in_part_score`]).
pub const PART_HELD: f32 = 1000.0;

/// The score of a [`Built::in_part`] match without the parts' count.
pub fn in_part_score(score: f32) -> f32 {
    score % PART_HELD
}
use super::Filters;
use crate::analysis::fold::is_han;
use crate::analysis::{analyze_with, english, AnalyzedToken, Mode, Script, Words};
use crate::document::{Kind, Lang};
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::schema::{date_value, Fields};

/// How much a title match counts against a body match.
pub const TITLE_BOOST: f32 = 3.0;
/// How much a glossary form of a term counts against the form typed.
const EXPANSION_WEIGHT: f32 = 0.35;
/// How much words found together as typed add, against each word's own score.
const PHRASE_BONUS: f32 = 0.5;

/// How much a match of Chinese words counts against a match of as many English ones. A Chinese
/// text is indexed as every character plus every dictionary word in it, about twice the tokens
/// per word of text an English one has, so BM25's length normalisation would otherwise score a
/// Chinese match at about half an English one, and a Chinese query would rank English documents
/// found through the glossary above the Chinese documents that hold the words typed. (2.0 moves
/// nDCG@10 on `data/relevance.toml` from 0.841 to 0.851; 3.0 scored 0.853 but was not taken, to
/// stay clear of tuning to the set.)
const HAN_BOOST: f32 = 2.0;

/// Characters to a Chinese word, for `~N`: the index counts positions in characters.
const HAN_CHARS_PER_WORD: u32 = 2;

/// The fields free text is looked up in: title, body and source.
pub(super) fn word_fields(fields: &Fields) -> [Field; 3] {
    [fields.title, fields.body, fields.source]
}

/// A query ready to run, and the terms to highlight.
pub struct Built {
    pub query: Box<dyn Query>,
    /// Positive text terms (as indexed) to highlight in snippets.
    pub highlight: Vec<String>,
    /// Words that the query holds only inside longer strings (a phrase, a glossary form, a
    /// Chinese string cut into several words): highlighted only where they stand together with
    /// other highlighted words, never alone.
    pub never_alone: Vec<String>,
    /// Other forms of the query's terms that were searched too (from the glossary), each once.
    pub also_searched: Vec<String>,
    /// What the user should know about how the query was read (a word too long to index).
    pub notices: Vec<String>,
    /// For documents in the other language that hold the translations of only some of the
    /// query's words (at least half of those that have any), or of only some of a Chinese
    /// string (演习 of 金龙演习): the query that finds them, apart from [`Built::query`]'s
    /// matches, which hold every word. Searched only to fill a first page that the full
    /// matches leave short, and never counted with them.
    pub in_part: Option<Box<dyn Query>>,
    /// The query with the Chinese words it runs together parted by spaces
    /// (`东部战区台湾海峡演习` → `东部战区 台湾海峡 演习`): what is searched when the run, as
    /// written, is in no document. `None` when it has no such run.
    pub spaced: Option<String>,
}

/// Builds queries against one index.
pub struct Builder<'a> {
    pub fields: &'a Fields,
    /// Speaker names as indexed, to match a name typed in another case.
    pub speakers: &'a [String],
    /// Theme slugs as indexed (a corpus's settings may add themes to the built-in ones).
    pub themes: &'a [String],
    /// The index's words, which cut Chinese query text (so a query never loads jieba).
    pub words: Words<'a>,
    /// What the index keeps to translate a query (learned pairs, dictionary, pinyin).
    translations: Option<&'a Translations>,
    /// The index, whose English words a Chinese name no table knows is compared with.
    searcher: Option<&'a tantivy::Searcher>,
    /// Words the index holds that a run of their characters is read through (see
    /// [`WordRun`]).
    added: Option<&'a HashSet<String>>,
    highlight: Vec<String>,
    never_alone: Vec<String>,
    /// Words the query holds on their own, highlighted wherever they appear.
    alone: Vec<String>,
    also_searched: Vec<String>,
    notices: Vec<String>,
    /// Whether any clause held something to search (a word, a field, a prefix).
    searchable: bool,
    any: bool,
    expand: bool,
    /// How many excluded groups the builder is inside (their words are not highlighted).
    negated: usize,
    /// The request's filters as one zero-scoring query, which every phrase is also
    /// intersected with (see [`Builder::text`]).
    within: Option<Box<dyn Query>>,
    /// How many groups the builder is inside.
    depth: usize,
    /// The one text field a `title:` or `body:` clause searches, in every form of its words.
    only: Option<(Field, f32)>,
    /// The top level's words in part (see [`Built::in_part`]), and where in the top level's
    /// required queries the words in full stand.
    in_part: Option<(Box<dyn Query>, std::ops::Range<usize>)>,
}

impl<'a> Builder<'a> {
    pub fn new(
        fields: &'a Fields,
        speakers: &'a [String],
        themes: &'a [String],
        words: Words<'a>,
    ) -> Builder<'a> {
        Builder {
            fields,
            speakers,
            themes,
            words,
            translations: None,
            searcher: None,
            added: None,
            highlight: Vec::new(),
            never_alone: Vec::new(),
            alone: Vec::new(),
            also_searched: Vec::new(),
            notices: Vec::new(),
            searchable: false,
            any: false,
            expand: false,
            negated: 0,
            within: None,
            depth: 0,
            only: None,
            in_part: None,
        }
    }

    /// Translates with the index's learned pairs and tables too, after the glossary.
    pub fn with_translations(mut self, translations: &'a Translations) -> Builder<'a> {
        self.translations = Some(translations);
        self
    }

    /// Searches every word in the body text only (as `body:` does one word).
    pub fn in_body_only(mut self) -> Builder<'a> {
        self.only = Some((self.fields.body, 1.0));
        self
    }

    /// Reads a run of characters that makes one of `added` through that word.
    pub fn with_added(mut self, added: &'a HashSet<String>) -> Builder<'a> {
        self.added = Some(added);
        self
    }

    /// Compares Chinese names no table knows with the English words of `searcher`'s index.
    pub fn with_searcher(mut self, searcher: &'a tantivy::Searcher) -> Builder<'a> {
        self.searcher = Some(searcher);
        self
    }

    /// Builds the query for `clauses` (all required unless `any`) restricted by `filters`.
    /// With `expand`, terms the glossary knows are also searched in their other forms.
    pub fn build(
        mut self,
        clauses: &[Clause],
        any: bool,
        expand: bool,
        filters: &Filters,
    ) -> Result<Built> {
        self.any = any;
        self.expand = expand;
        let filters: Vec<Box<dyn Query>> = self
            .filters(filters)?
            .into_iter()
            .map(|f| Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>)
            .collect();
        if !filters.is_empty() {
            self.within = Some(Box::new(BooleanQuery::intersection(
                filters.iter().map(|f| f.box_clone()).collect(),
            )));
        }
        let mut must: Vec<Box<dyn Query>> = Vec::new();
        let mut must_not: Vec<Box<dyn Query>> = Vec::new();
        self.list(clauses, &mut must, &mut must_not)?;
        if !clauses.is_empty() && !self.searchable {
            return Err(Error::Query(
                "nothing to search: the query has no word, only punctuation or operators \
                 (use * or an empty query to list every document)"
                    .to_string(),
            ));
        }
        must.extend(filters);
        if must.is_empty() {
            must.push(Box::new(AllQuery));
        }
        let bonus = self.phrase_bonus(clauses);
        let subqueries: Vec<(TantivyOccur, Box<dyn Query>)> = must
            .iter()
            .map(|q| (TantivyOccur::Must, q.box_clone()))
            .chain(
                must_not
                    .iter()
                    .map(|q| (TantivyOccur::MustNot, q.box_clone())),
            )
            .chain(bonus.map(|q| (TantivyOccur::Should, q)))
            .collect();
        // The same query with the words in part for the words in full, less its own matches.
        let in_part = self.in_part.take().map(|(partial, words)| {
            let mut required = must;
            required.splice(words, [partial]);
            let full = BooleanQuery::new(
                subqueries
                    .iter()
                    .map(|(occur, q)| (*occur, q.box_clone()))
                    .collect(),
            );
            Box::new(BooleanQuery::new(
                required
                    .into_iter()
                    .map(|q| (TantivyOccur::Must, q))
                    .chain(must_not.into_iter().map(|q| (TantivyOccur::MustNot, q)))
                    .chain(std::iter::once((
                        TantivyOccur::MustNot,
                        Box::new(Materialized(Box::new(full))) as Box<dyn Query>,
                    )))
                    .collect(),
            )) as Box<dyn Query>
        });
        let mut highlight = self.highlight;
        highlight.sort();
        highlight.dedup();
        let mut never_alone = self.never_alone;
        never_alone.sort();
        never_alone.dedup();
        never_alone.retain(|w| !self.alone.contains(w));
        let mut also_searched = Vec::new();
        for form in self.also_searched {
            if !also_searched.contains(&form) {
                also_searched.push(form);
            }
        }
        Ok(Built {
            query: Box::new(BooleanQuery::new(subqueries)),
            highlight,
            never_alone,
            also_searched,
            notices: self.notices,
            in_part,
            spaced: None,
        })
    }

    /// The queries of a list of clauses (the whole query or a group), sorted into required and
    /// excluded. Optional clauses (with `any`) are joined into one required union.
    fn list(
        &mut self,
        clauses: &[Clause],
        must: &mut Vec<Box<dyn Query>>,
        must_not: &mut Vec<Box<dyn Query>>,
    ) -> Result<()> {
        let mut should: Vec<Box<dyn Query>> = Vec::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut i = 0;
        while i < clauses.len() {
            if self.leaves_out(clauses, i) {
                i += 1;
                continue;
            }
            let (query, others, partly, next, names) = match self.expanded(clauses, i)? {
                Some(found) => (
                    Some(found.query),
                    found.others,
                    found.partly,
                    found.next,
                    found.names,
                ),
                None => (self.clause(&clauses[i])?, None, None, i + 1, Vec::new()),
            };
            if let Some(query) = query {
                match clauses[i].occur {
                    Occur::MustNot => must_not.push(query),
                    Occur::Default if self.any => should.push(query),
                    // `+word` is required as typed, whatever the language.
                    Occur::Default if is_text(&clauses[i]) => {
                        let typed = typed_name(&clauses[i..next]);
                        let part = Part {
                            query,
                            others,
                            partly,
                            typed,
                            names,
                        };
                        // One thing named twice (`Fujian 福建舰`): either name will do.
                        match parts.iter_mut().find(|p| p.names_the_same(&part)) {
                            Some(same) => same.absorb(part),
                            None => parts.push(part),
                        }
                    }
                    Occur::Must | Occur::Default => must.push(query),
                }
            }
            i = next;
        }
        let at = must.len();
        if let Some(partial) = self.whole(parts, must) {
            if self.depth == 0 && !self.any {
                self.in_part = Some((partial, at..must.len()));
            }
        }
        if !should.is_empty() {
            must.push(Box::new(BooleanQuery::union(should)));
        }
        Ok(())
    }

    /// Whether clause `i` is an English function word (`to` of `arms sales to Taiwan`) among
    /// two or more other words, and starts no term the glossary knows (`the Fujian`): it is not
    /// asked for, since a document in Chinese can hold no form of it. Never with `--any`, where
    /// every word is a choice.
    fn leaves_out(&self, clauses: &[Clause], i: usize) -> bool {
        const FUNCTION_WORDS: &[&str] = &[
            "a", "an", "the", "of", "to", "in", "on", "for", "and", "with", "by", "at", "from",
            "about", "as", "into", "over", "against", "its", "their", "his", "her",
        ];
        let function_word = |clause: &Clause| {
            plain_word(clause).is_some_and(|w| {
                w != w.to_uppercase() && FUNCTION_WORDS.contains(&w.to_lowercase().as_str())
            })
        };
        if self.any || !function_word(&clauses[i]) {
            return false;
        }
        let others = clauses
            .iter()
            .filter(|c| is_text(c) && !function_word(c))
            .count();
        let words: Vec<&str> = clauses[i..].iter().map_while(plain_word).take(6).collect();
        let starts_a_term = (2..=words.len()).any(|n| {
            !Glossary::builtin()
                .alternatives(&words[..n].join(" "))
                .is_empty()
        });
        others >= 2 && !starts_a_term
    }

    /// Pushes the required words and phrases of a query into `must`, every part as typed or in
    /// one of its other forms; and, when two or more parts have other forms, returns the query
    /// for documents in the other language that hold the other forms of at least half of those
    /// parts (the words in part, [`Built::in_part`]). A part no source translates (a name no
    /// dictionary lists) cannot be asked of a document in the other language.
    fn whole(
        &mut self,
        parts: Vec<Part>,
        must: &mut Vec<Box<dyn Query>>,
    ) -> Option<Box<dyn Query>> {
        let translated: Vec<Box<dyn Query>> = parts
            .iter()
            .filter_map(|p| p.others.as_ref().map(|q| q.box_clone()))
            .collect();
        let several = parts.len() >= 2 && translated.len() >= 2 && self.negated == 0;
        // Chinese strings translated only in part: every part required, those in their partial
        // forms too.
        let partly = (!several && self.negated == 0 && parts.iter().any(|p| p.partly.is_some()))
            .then(|| {
                let required = parts
                    .iter()
                    .map(|p| {
                        let mut either = vec![p.query.box_clone()];
                        either.extend(p.partly.as_ref().map(|q| q.box_clone()));
                        let either: Box<dyn Query> = Box::new(BooleanQuery::union(either));
                        (TantivyOccur::Must, either)
                    })
                    .collect();
                Box::new(BooleanQuery::new(required)) as Box<dyn Query>
            });
        must.extend(parts.into_iter().map(|p| p.query));
        // With one translated part, its forms alone would stand for the whole query (a misspelt
        // `Xiangshen Forum` would find every 论坛).
        several
            .then(|| {
                let enough = translated.len().div_ceil(2);
                // Each part a document holds counts for more than any score can: those that
                // hold more of the query come first, by score among those that hold as many.
                let counted: Vec<Box<dyn Query>> = translated
                    .into_iter()
                    .map(|part| {
                        let held = ConstScoreQuery::new(part.box_clone(), PART_HELD);
                        Box::new(BooleanQuery::union(vec![part, Box::new(held)])) as Box<dyn Query>
                    })
                    .collect();
                Box::new(BooleanQuery::union_with_minimum_required_clauses(
                    counted, enough,
                )) as Box<dyn Query>
            })
            .or(partly)
    }

    /// A parenthesised group as one query; `None` when it holds nothing searchable.
    fn group(&mut self, clauses: &[Clause], positive: bool) -> Result<Option<Box<dyn Query>>> {
        let mut must = Vec::new();
        let mut must_not = Vec::new();
        if !positive {
            self.negated += 1;
        }
        self.depth += 1;
        let listed = self.list(clauses, &mut must, &mut must_not);
        self.depth -= 1;
        if !positive {
            self.negated -= 1;
        }
        listed?;
        if must.is_empty() && must_not.is_empty() {
            return Ok(None);
        }
        if must.is_empty() {
            // Only exclusions: everything but them.
            must.push(Box::new(AllQuery));
        }
        Ok(Some(Box::new(BooleanQuery::new(
            must.into_iter()
                .map(|q| (TantivyOccur::Must, q))
                .chain(must_not.into_iter().map(|q| (TantivyOccur::MustNot, q)))
                .collect(),
        ))))
    }

    /// One clause: its alternatives joined by OR.
    fn clause(&mut self, clause: &Clause) -> Result<Option<Box<dyn Query>>> {
        let positive = clause.occur != Occur::MustNot && self.negated == 0;
        let mut alternatives = Vec::new();
        let several = clause.alternatives.len() > 1;
        for atom in &clause.alternatives {
            // Each word or phrase of `a OR b` in its other forms too, as it would be alone.
            if several {
                let alone = Clause {
                    occur: clause.occur,
                    alternatives: vec![atom.clone()],
                };
                if let Some(found) = self.expanded(std::slice::from_ref(&alone), 0)? {
                    alternatives.push(found.query);
                    continue;
                }
            }
            if let Some(query) = self.atom(atom, positive)? {
                alternatives.push(query);
            }
        }
        Ok(match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(Box::new(BooleanQuery::union(alternatives))),
        })
    }

    /// The longest run of plain words starting at clause `i` that the glossary knows (or a
    /// quoted phrase it knows), searched as typed OR in its other forms at a lower weight.
    /// Returns the query and the index of the clause after the run.
    ///
    /// An excluded word or phrase is expanded too, so `a -b` leaves out every document that
    /// `a b` finds: `NOT 台独` also excludes "Taiwan independence".
    fn expanded(&mut self, clauses: &[Clause], i: usize) -> Result<Option<Expansion>> {
        const LONGEST: usize = 6;
        if !self.expand {
            return Ok(None);
        }
        let candidates: Vec<(usize, String)> =
            match (&clauses[i].occur, clauses[i].alternatives.as_slice()) {
                // Near each other (`~N`) too: the typed phrase keeps its slop, its other
                // forms are phrases.
                (_, [Atom::Phrase { text, .. }]) => {
                    vec![(i + 1, han_joined(text).unwrap_or_else(|| text.clone()))]
                }
                (
                    Occur::MustNot,
                    [Atom::Text {
                        text,
                        prefix: false,
                    }],
                ) => vec![(i + 1, text.clone())],
                _ => {
                    // With `--any`, every word is one of the choices: two words the glossary
                    // knows as one term (Taiwan Strait) are not narrowed to that term.
                    let longest = if self.any { 1 } else { LONGEST };
                    let words: Vec<&str> = clauses[i..]
                        .iter()
                        .map_while(plain_word)
                        .take(longest)
                        .collect();
                    (1..=words.len())
                        .rev()
                        .map(|n| (i + n, words[..n].join(" ")))
                        .collect()
                }
            };
        let glossary = Glossary::builtin();
        let runs = candidates.clone();
        for (next, text) in candidates {
            let mut others: Vec<String> = glossary
                .alternatives(&text)
                .into_iter()
                .map(str::to_string)
                .collect();
            if others.is_empty() {
                others = glossary.designation_forms(&text);
            }
            if others.is_empty() {
                continue;
            }
            let mut typed = Vec::new();
            for clause in &clauses[i..next] {
                if let Some(query) = self.clause(clause)? {
                    typed.push((TantivyOccur::Must, query));
                }
            }
            let all_text = self.all_text();
            let mut forms: Vec<Box<dyn Query>> = Vec::new();
            for other in &others {
                let positive = clauses[i].occur != Occur::MustNot && self.negated == 0;
                if let Some(query) = self.text(other, 0, &all_text, positive) {
                    forms.push(boosted(query, EXPANSION_WEIGHT));
                    self.also_searched.push(other.to_string());
                }
            }
            let mut expansion = Expansion::new(Box::new(BooleanQuery::new(typed)), forms, next);
            expansion.names = others.iter().map(|o| name_key(o)).collect();
            return Ok(Some(expansion));
        }
        self.translated(clauses, i, &runs)
    }

    /// What the glossary does not know, translated by the index's tables: the longest run of
    /// words starting at clause `i` that a source has candidates for, searched as typed OR as
    /// each candidate (all of a candidate's parts required) at the source's weight.
    fn translated(
        &mut self,
        clauses: &[Clause],
        i: usize,
        runs: &[(usize, String)],
    ) -> Result<Option<Expansion>> {
        let Some(translations) = self.translations else {
            return Ok(None);
        };
        let positive = clauses[i].occur != Occur::MustNot && self.negated == 0;
        for (next, text) in runs {
            // A Chinese string is cut within its own clause; and with `--any` a run would make
            // its words required together, so only one clause is translated at a time there.
            if *next > i + 1 && (self.any || text.chars().any(is_han)) {
                continue;
            }
            let mut found = expand::candidates(text, translations);
            // A quoted string asks for all of it: a translation of some of its words (国防 of
            // "多国防务官员") would find documents that hold neither.
            if matches!(clauses[i].alternatives.as_slice(), [Atom::Phrase { .. }]) {
                found.retain(|c| c.complete);
            }
            // Unquoted, such a translation finds documents that hold some of the string, but
            // never counts them as holding all of it (演习 of 金龙演习 is every exercise): they
            // are listed apart, as the words in part are.
            let han = text.chars().any(is_han);
            let (mut found, partial): (Vec<_>, Vec<_>) =
                found.into_iter().partition(|c| c.complete || !han);
            if *next == i + 1 && !found.iter().any(|c| self.can_match(c)) {
                // A name none of the tables knows (昆都士): an index word that sounds like it;
                // never for a word the dictionary knows as a common one (战略 is no name).
                if let Some(searcher) = self.searcher.filter(|_| !translations.is_common_word(text))
                {
                    let body = self.fields.body;
                    let english = |letter: char| english_words(searcher, body, letter);
                    found.extend(expand::transliterate(text, &english));
                }
            }
            let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
            for candidate in found {
                if let Some(query) = self.candidate(&candidate, positive) {
                    alternatives.push(boosted(query, candidate.source.weight()));
                    self.also_searched.push(candidate.shown());
                }
            }
            let mut partly: Vec<Box<dyn Query>> = Vec::new();
            for candidate in partial {
                if let Some(query) = self.candidate(&candidate, positive) {
                    partly.push(boosted(query, candidate.source.weight()));
                    self.also_searched.push(candidate.shown_in_part());
                }
            }
            if alternatives.is_empty() && partly.is_empty() {
                continue;
            }
            let mut typed = Vec::new();
            for clause in &clauses[i..*next] {
                if let Some(query) = self.clause(clause)? {
                    typed.push((TantivyOccur::Must, query));
                }
            }
            let mut expansion =
                Expansion::new(Box::new(BooleanQuery::new(typed)), alternatives, *next);
            expansion.partly = (!partly.is_empty())
                .then(|| Box::new(BooleanQuery::union(partly)) as Box<dyn Query>);
            return Ok(Some(expansion));
        }
        Ok(None)
    }

    /// One candidate as a query: every part required, each part any of its forms, each form a
    /// phrase. Pinyin forms are kept only when the index holds all their words (most Chinese
    /// words have no English spelling in the index). `None` when nothing of it can match.
    fn candidate(&mut self, candidate: &Candidate, positive: bool) -> Option<Box<dyn Query>> {
        let all_text = self.all_text();
        let mut parts = Vec::new();
        for forms in &candidate.parts {
            let mut either: Vec<Box<dyn Query>> = Vec::new();
            for form in forms {
                if candidate.source.is_guess() && !self.all_indexed(form) {
                    continue;
                }
                if let Some(query) = self.text(form, 0, &all_text, positive) {
                    either.push(query);
                }
            }
            if either.is_empty() {
                return None;
            }
            parts.push((
                TantivyOccur::Must,
                Box::new(BooleanQuery::union(either)) as Box<dyn Query>,
            ));
        }
        (!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>)
    }

    /// Whether some form of `candidate` can match (every part has a form the index holds).
    fn can_match(&self, candidate: &Candidate) -> bool {
        candidate.parts.iter().all(|forms| {
            forms
                .iter()
                .any(|f| !candidate.source.is_guess() || self.all_indexed(f))
        })
    }

    /// Whether every token of `text` is a word of the index.
    fn all_indexed(&self, text: &str) -> bool {
        let mut all = true;
        let mut any = false;
        analyze_with(text, Mode::Query, self.words, |t| {
            any = true;
            all &= (self.words)(&t.text);
        });
        any && all
    }

    /// Several plain words typed together also score as a phrase, so documents that hold them
    /// in that order rank above those where they are scattered.
    fn phrase_bonus(&mut self, clauses: &[Clause]) -> Option<Box<dyn Query>> {
        let words: Vec<&str> = clauses
            .iter()
            .filter(|c| c.occur != Occur::MustNot)
            .filter_map(|c| match c.alternatives.as_slice() {
                [Atom::Text {
                    text,
                    prefix: false,
                }] => Some(text.as_str()),
                _ => None,
            })
            .collect();
        if words.len() < 2 {
            return None;
        }
        let fields = [
            (self.fields.title, TITLE_BOOST * PHRASE_BONUS),
            (self.fields.body, PHRASE_BONUS),
        ];
        let query = self.text(&words.join(" "), 0, &fields, false)?;
        // A phrase occurs no more often than each of its words, and its BM25 weight is the
        // sum of theirs: in title and body it scores at most what its words score there,
        // times its boost over theirs (the bonus, and the Chinese weight when a Chinese word
        // lifts the whole phrase but not an English word of it).
        let han = words.iter().any(|w| w.chars().any(is_han));
        let factor = PHRASE_BONUS * if han { HAN_BOOST } else { 1.0 };
        Some(Box::new(Bonus { query, factor }))
    }

    /// The text fields a word is searched in, with their boosts: all of them, or the one a
    /// `title:` or `body:` clause names.
    fn all_text(&self) -> Vec<(Field, f32)> {
        if let Some(only) = self.only {
            return vec![only];
        }
        let [title, body, source] = word_fields(self.fields);
        vec![(title, TITLE_BOOST), (body, 1.0), (source, 1.0)]
    }

    /// A word or quoted string searched in one text field only (`body:台湾`), in its other
    /// forms too, as it would be searched everywhere.
    fn in_field(
        &mut self,
        field: (Field, f32),
        value: &str,
        positive: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let atom = match value.split_whitespace().count() {
            0 => return Ok(None),
            1 => Atom::Text {
                text: value.trim().to_string(),
                prefix: false,
            },
            _ => Atom::Phrase {
                text: value.to_string(),
                slop: 0,
            },
        };
        let clause = Clause {
            occur: Occur::Default,
            alternatives: vec![atom],
        };
        let outer = self.only.replace(field);
        let found = self.group(std::slice::from_ref(&clause), positive);
        self.only = outer;
        found
    }

    fn atom(&mut self, atom: &Atom, positive: bool) -> Result<Option<Box<dyn Query>>> {
        let all_text = self.all_text();
        Ok(match atom {
            Atom::Text { text, prefix: true } => self.prefix(text, &all_text, positive)?,
            Atom::Text {
                text,
                prefix: false,
            } => self.text(text, 0, &all_text, positive),
            Atom::Phrase { text, slop } => match han_joined(text) {
                // Near each other, characters count, as if the phrase had no spaces.
                Some(joined) if *slop > 0 => self.text(&joined, *slop, &all_text, positive),
                // Chinese is written without spaces, but a headline may set words apart with
                // one: the phrase matches either way.
                Some(joined) => {
                    let either: Vec<Box<dyn Query>> = [joined.as_str(), text.as_str()]
                        .into_iter()
                        .filter_map(|t| self.text(t, *slop, &all_text, positive))
                        .collect();
                    (!either.is_empty()).then(|| Box::new(BooleanQuery::union(either)) as _)
                }
                None => self.text(text, *slop, &all_text, positive),
            },
            Atom::Field { field, value } => {
                self.searchable = true;
                self.field(*field, value, positive)?
            }
            Atom::Group(clauses) => self.group(clauses, positive)?,
        })
    }

    /// Free text over `fields` (field, boost), Chinese text weighing [`HAN_BOOST`] times more.
    /// `None` when the text has no searchable token.
    fn text(
        &mut self,
        text: &str,
        slop: u32,
        fields: &[(Field, f32)],
        positive: bool,
    ) -> Option<Box<dyn Query>> {
        if let Some(long) = overlong_word(text) {
            // The analyzer drops such a word, which would widen the query: it matches nothing.
            self.searchable = true;
            let chars = long.chars().count();
            let notice = format!(
                "a word of {chars} characters is longer than any indexed word ({} bytes at \
                 most): it matches nothing",
                english::MAX_WORD_BYTES
            );
            if !self.notices.contains(&notice) {
                self.notices.push(notice);
            }
            return Some(Box::new(EmptyQuery));
        }
        let mut tokens = Vec::new();
        analyze_with(text, Mode::Query, self.words, |t| tokens.push(t));
        let first = tokens.first()?.position;
        self.searchable = true;
        let words: Vec<(usize, String)> = tokens
            .iter()
            .map(|t| (t.position - first, t.text.clone()))
            .collect();
        if positive {
            self.highlight.extend(words.iter().map(|(_, w)| w.clone()));
            let list = if words.len() > 1 {
                &mut self.never_alone
            } else {
                &mut self.alone
            };
            list.extend(words.iter().map(|(_, w)| w.clone()));
        }
        let han = tokens.iter().any(|t| t.script == Script::Han);
        let script_boost = if han { HAN_BOOST } else { 1.0 };
        let reads = (slop == 0).then(|| self.added_reads(&tokens)).flatten();
        // A Chinese position is a character and a word about two of them: `~N` allows N words.
        let slop = if han {
            slop.saturating_mul(HAN_CHARS_PER_WORD)
        } else {
            slop
        };
        let per_field = fields
            .iter()
            .map(|&(field, boost)| {
                let query = match &reads {
                    Some(reads) => Box::new(WordRun::reading(
                        reads
                            .iter()
                            .map(|(at, read)| (*at, Term::from_field_text(field, read)))
                            .collect(),
                        words
                            .iter()
                            .map(|(_, piece)| Term::from_field_text(field, piece))
                            .collect(),
                    )),
                    None => sequence(field, &words, slop),
                };
                // A phrase checks positions for every document holding all its words until
                // it finds one in order, and a union (as the glossary's forms make) moves
                // its members by windows of thousands of documents: a filter outside the
                // union would not spare those checks. Inside, the filter's postings lead and
                // the phrase is checked only where the filter holds (zero score: ranking
                // unchanged).
                let query = match (&self.within, words.len() > 1) {
                    (Some(within), true) => {
                        Box::new(BooleanQuery::intersection(vec![query, within.box_clone()]))
                    }
                    _ => query,
                };
                boosted(query, boost * script_boost)
            })
            .collect();
        Some(Box::new(BooleanQuery::union(per_field)))
    }

    /// What to read for `tokens` when they hold, one after the other with no gap, the pieces
    /// of a word milpress added (see [`WordRun`]): each such run as its word (the longest from
    /// the left), the other tokens as they are, at their positions from the first. `None` when
    /// they hold none.
    fn added_reads(&self, tokens: &[AnalyzedToken]) -> Option<Vec<(usize, String)>> {
        let added = self.added?;
        let first = tokens.first()?.position;
        // Whether tokens `i..j` spell a word added, each following the one before.
        let spelled = |i: usize, j: usize| -> Option<String> {
            let run = &tokens[i..j];
            let mut next = run.first()?.position;
            for token in run {
                if token.script != Script::Han || token.position != next {
                    return None;
                }
                next += token.text.chars().count();
            }
            let word: String = run.iter().map(|t| t.text.as_str()).collect();
            added.contains(&word).then_some(word)
        };
        let mut reads = Vec::with_capacity(tokens.len());
        let mut any = false;
        let mut i = 0;
        while i < tokens.len() {
            let found = (i + 2..=tokens.len())
                .rev()
                .find_map(|j| spelled(i, j).map(|word| (j, word)));
            let at = tokens[i].position - first;
            match found {
                Some((j, word)) => {
                    reads.push((at, word));
                    any = true;
                    i = j;
                }
                None => {
                    reads.push((at, tokens[i].text.clone()));
                    i += 1;
                }
            }
        }
        any.then_some(reads)
    }

    /// `word*`: any indexed word that starts with the (unstemmed, lowercased) prefix.
    fn prefix(
        &mut self,
        text: &str,
        fields: &[(Field, f32)],
        positive: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let prefix = text.to_lowercase();
        if !prefix.chars().all(char::is_alphanumeric) {
            return Err(Error::Query(format!(
                "a prefix search takes letters and digits before the *, not {text:?}"
            )));
        }
        self.searchable = true;
        if positive {
            self.highlight.push(prefix.clone());
        }
        let pattern = format!("{}.*", regex_escape(&prefix));
        let mut per_field: Vec<Box<dyn Query>> = Vec::new();
        for &(field, boost) in fields {
            let query = RegexQuery::from_pattern(&pattern, field)
                .map_err(|e| Error::Query(format!("prefix {text:?}: {e}")))?;
            per_field.push(boosted(Box::new(query), boost));
        }
        Ok(Some(Box::new(BooleanQuery::union(per_field))))
    }

    fn field(
        &mut self,
        field: FieldName,
        value: &str,
        positive: bool,
    ) -> Result<Option<Box<dyn Query>>> {
        let filter = match field {
            FieldName::Title => {
                return self.in_field((self.fields.title, TITLE_BOOST), value, positive)
            }
            FieldName::Body => return self.in_field((self.fields.body, 1.0), value, positive),
            FieldName::Source => {
                return Ok(self.text(value, 0, &[(self.fields.source, 1.0)], false))
            }
            FieldName::Speaker => self.speaker(value),
            FieldName::Theme => self.theme(value)?,
            FieldName::Tag => keyword(self.fields.tag, &value.trim().to_lowercase()),
            FieldName::Year => {
                let (from, to) = parse_years(value)?;
                year_range(self.fields.year, from, to)
            }
            FieldName::Lang => {
                let lang = Lang::parse(value).ok_or_else(|| {
                    Error::Query(format!(
                        "unknown language {value:?} (use en, zh, mixed or other)"
                    ))
                })?;
                keyword(self.fields.lang, lang.as_str())
            }
            FieldName::Kind => {
                let kind = Kind::parse(value).ok_or_else(|| {
                    Error::Query(format!("unknown kind {value:?} (kinds: {})", Kind::names()))
                })?;
                keyword(self.fields.kind, kind.as_str())
            }
        };
        Ok(Some(Box::new(ConstScoreQuery::new(filter, 0.0))))
    }

    /// A speaker in either script, any case: the roster maps 蒋斌 and "jiang bin" to Jiang Bin;
    /// other names match the indexed names case-insensitively, traditional characters as
    /// simplified. One word that names no speaker by itself matches the speakers whose names
    /// hold it (`Hegseth`: Pete Hegseth), and a full name none has, a speaker named by its
    /// surname alone (`Pete Hegseth`: Hegseth).
    fn speaker(&mut self, name: &str) -> Box<dyn Query> {
        // 孫立方 as the roster writes it, 孙立方.
        let canonical = match name.chars().any(is_han) {
            true => crate::reference::roster().canonical(&fast2s::convert(name)),
            false => crate::reference::roster().canonical(name),
        };
        // A foreign official the roster does not list, in Chinese (奥斯汀): the glossary's
        // English name, when the index has that speaker.
        let english = || {
            Glossary::builtin()
                .alternatives(&fast2s::convert(name.trim()))
                .into_iter()
                .filter(|form| form.is_ascii() && form.contains(char::is_alphabetic))
                .map(|form| self.speaker_names(form))
                .find(|names| !names.is_empty())
        };
        let foreign = name.chars().any(is_han).then(english).flatten();
        let mut names = foreign.unwrap_or_else(|| self.speaker_names(&canonical));
        if names.is_empty() {
            // Searched as typed, it matches nothing: say why, rather than an empty page alone.
            let notice = format!(
                "no speaker of this index is named {}: the speaker facet lists those it has",
                name.trim()
            );
            if !self.notices.contains(&notice) {
                self.notices.push(notice);
            }
            names.push(&canonical);
        }
        Box::new(BooleanQuery::union(
            names
                .into_iter()
                .map(|n| keyword(self.fields.speaker, n))
                .collect(),
        ))
    }

    /// The index's speakers that `canonical` names: the same name, the names holding a
    /// one-word name (`Nakatani`: `Gen Nakatani` too), or the surname alone of a full name
    /// (`Pete Hegseth`: `Hegseth` too, as a transcript may label him).
    fn speaker_names(&self, canonical: &str) -> Vec<&'a str> {
        let wanted = fold_name(canonical);
        let mut names: Vec<&str> = self
            .speakers
            .iter()
            .filter(|s| fold_name(s) == wanted)
            .map(String::as_str)
            .collect();
        let mut words = canonical.split_whitespace();
        match (words.next_back(), words.next()) {
            // One word: every name holding it.
            (Some(_), None) => names.extend(
                self.speakers
                    .iter()
                    .filter(|s| s.split_whitespace().any(|w| fold_name(w) == wanted))
                    .map(String::as_str),
            ),
            // `Pete Hegseth`, where a transcript named him `SECRETARY HEGSETH`: the surname.
            (Some(surname), Some(_)) => {
                let surname = fold_name(surname);
                names.extend(
                    self.speakers
                        .iter()
                        .filter(|s| fold_name(s) == surname)
                        .map(String::as_str),
                );
            }
            _ => {}
        }
        names.sort_unstable();
        names.dedup();
        names
    }

    /// A theme by slug or alias. A theme neither the theme data nor the index knows is an
    /// error naming the valid ones, not an empty answer.
    fn theme(&self, value: &str) -> Result<Box<dyn Query>> {
        // The built-in lexicon is built only for a theme filter: most searches never need it.
        let extractor = Extractor::new();
        let lexicon = extractor.lexicon();
        let slug = lexicon.canonical_slug(value);
        if !lexicon.is_known(&slug) && !self.themes.contains(&slug) {
            let mut valid: Vec<&str> = lexicon.slugs().collect();
            valid.extend(self.themes.iter().map(String::as_str));
            valid.sort_unstable();
            valid.dedup();
            return Err(Error::Query(format!(
                "unknown theme {value:?} (themes: {})",
                valid.join(", ")
            )));
        }
        Ok(keyword(self.fields.theme, &slug))
    }

    fn filters(&mut self, filters: &Filters) -> Result<Vec<Box<dyn Query>>> {
        let mut out: Vec<Box<dyn Query>> = Vec::new();
        if let Some((from, to)) = filters.years {
            out.push(year_range(self.fields.year, from, to));
        }
        if filters.from.is_some() || filters.to.is_some() {
            let bound = |date: Option<crate::document::Date>| match date {
                Some(d) => Bound::Included(Term::from_field_date(
                    self.fields.date,
                    date_value(d.days_since_epoch()),
                )),
                None => Bound::Unbounded,
            };
            out.push(Box::new(RangeQuery::new(
                bound(filters.from),
                bound(filters.to),
            )));
        }
        if !filters.speakers.is_empty() {
            out.push(Box::new(BooleanQuery::union(
                filters.speakers.iter().map(|s| self.speaker(s)).collect(),
            )));
        }
        if !filters.themes.is_empty() {
            out.push(Box::new(BooleanQuery::union(
                filters
                    .themes
                    .iter()
                    .map(|t| self.theme(t))
                    .collect::<Result<_>>()?,
            )));
        }
        if let Some(lang) = filters.lang {
            out.push(keyword(self.fields.lang, lang.as_str()));
        }
        if let Some(kind) = filters.kind {
            out.push(keyword(self.fields.kind, kind.as_str()));
        }
        if let Some(source) = &filters.source {
            // A name the outlet directory knows is that outlet, whichever way it is written
            // (`解放军报` is PLA Daily, not also China Military Online, whose `中国军网-解放军报`
            // holds the words); any other text is looked for in the publishers' names.
            let known = crate::reference::outlets::outlets().lookup(source);
            let query = match known {
                Some(outlet) => keyword(self.fields.source_name, &outlet.name),
                None => match self.text_only(source, self.fields.source) {
                    Some(query) => query,
                    None => Box::new(EmptyQuery),
                },
            };
            out.push(query);
        }
        Ok(out)
    }

    fn text_only(&self, text: &str, field: Field) -> Option<Box<dyn Query>> {
        let mut words = Vec::new();
        analyze_with(text, Mode::Query, self.words, |t| {
            words.push((t.position, t.text))
        });
        let first = words.first()?.0;
        let words: Vec<_> = words.into_iter().map(|(p, w)| (p - first, w)).collect();
        Some(sequence(field, &words, 0))
    }
}

/// The first Latin-script word of `text` too long for the analyzer to keep.
fn overlong_word(text: &str) -> Option<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '.') || is_han(c))
        .find(|w| w.len() > english::MAX_WORD_BYTES)
}

/// The English words of `field` in the index that start with `letter`: four to twenty ASCII
/// letters, as indexed (stemmed). One range of the term dictionary per segment, read only for a
/// Chinese name no table knows.
fn english_words(searcher: &tantivy::Searcher, field: Field, letter: char) -> Vec<String> {
    let mut out = Vec::new();
    if !letter.is_ascii_lowercase() {
        return out;
    }
    let from = [letter as u8];
    let to = [letter as u8 + 1];
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().range().ge(from).lt(to).into_stream() else {
            continue;
        };
        while stream.advance() {
            let key = stream.key();
            if (4..=20).contains(&key.len()) && key.iter().all(u8::is_ascii_lowercase) {
                // Only ASCII letters: the bytes are UTF-8.
                out.push(String::from_utf8_lossy(key).into_owned());
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// One required word or phrase of a query (or a run of them that a source translates whole),
/// as [`Builder::whole`] combines them.
struct Part {
    /// As typed, or in any of its other forms.
    query: Box<dyn Query>,
    /// Its other forms alone, when it has any.
    others: Option<Box<dyn Query>>,
    /// Forms of only some of it (a Chinese string translated in part), when it has any.
    partly: Option<Box<dyn Query>>,
    /// The words as typed, in [`name_key`] form (empty for what is not plain words).
    typed: String,
    /// Its glossary forms, in [`name_key`] form.
    names: Vec<String>,
}

impl Part {
    /// Whether two parts are one thing in two names: either as typed is a glossary form of the
    /// other (`Fujian` and 福建舰, whose forms hold `the Fujian`).
    fn names_the_same(&self, other: &Part) -> bool {
        (!other.typed.is_empty() && self.names.contains(&other.typed))
            || (!self.typed.is_empty() && other.names.contains(&self.typed))
    }

    /// Takes in a part that names the same thing: a document holding either holds this part.
    fn absorb(&mut self, other: Part) {
        let union = |a: Box<dyn Query>, b: Box<dyn Query>| -> Box<dyn Query> {
            Box::new(BooleanQuery::union(vec![a, b]))
        };
        let query = std::mem::replace(&mut self.query, Box::new(AllQuery));
        self.query = union(query, other.query);
        self.others = match (self.others.take(), other.others) {
            (Some(a), Some(b)) => Some(union(a, b)),
            (a, b) => a.or(b),
        };
        self.partly = match (self.partly.take(), other.partly) {
            (Some(a), Some(b)) => Some(union(a, b)),
            (a, b) => a.or(b),
        };
        self.names.extend(other.names);
        self.names.push(other.typed);
    }
}

/// A name compared with another: normalised, without a leading article (`the Fujian` is
/// `Fujian`).
fn name_key(text: &str) -> String {
    let key = crate::analysis::normalized(text);
    key.strip_prefix("the ").map(str::to_string).unwrap_or(key)
}

/// The words of a run of clauses as typed, in [`name_key`] form: plain words and a phrase's
/// text; empty when the run holds anything else.
fn typed_name(clauses: &[Clause]) -> String {
    let mut words = Vec::new();
    for clause in clauses {
        match clause.alternatives.as_slice() {
            [Atom::Text {
                text,
                prefix: false,
            }]
            | [Atom::Phrase { text, .. }] => words.push(text.as_str()),
            _ => return String::new(),
        }
    }
    name_key(&words.join(" "))
}

/// A run of clauses searched as typed or in other forms.
struct Expansion {
    /// The run as typed OR any of its other forms.
    query: Box<dyn Query>,
    /// The other forms alone (`None` when no form could match).
    others: Option<Box<dyn Query>>,
    /// Forms of only some of the run, searched for the words in part alone.
    partly: Option<Box<dyn Query>>,
    /// The clause after the run.
    next: usize,
    /// The glossary's forms of the run, in [`name_key`] form (empty for other sources).
    names: Vec<String>,
}

impl Expansion {
    fn new(typed: Box<dyn Query>, forms: Vec<Box<dyn Query>>, next: usize) -> Expansion {
        let others = match forms.len() {
            0 => None,
            _ => Some(Box::new(BooleanQuery::union(
                forms.iter().map(|q| q.box_clone()).collect(),
            )) as Box<dyn Query>),
        };
        let mut either = vec![typed];
        either.extend(forms);
        Expansion {
            query: Box::new(BooleanQuery::union(either)),
            others,
            partly: None,
            next,
            names: Vec::new(),
        }
    }
}

/// Whether a clause is a word or a phrase (not a field, a prefix, a group or alternatives), the
/// parts that whole-query translation combines.
fn is_text(clause: &Clause) -> bool {
    matches!(
        clause.alternatives.as_slice(),
        [Atom::Text { prefix: false, .. }] | [Atom::Phrase { .. }]
    )
}

/// The word of a clause that is one plain word (no operator, no field, no prefix).
fn plain_word(clause: &Clause) -> Option<&str> {
    match clause.alternatives.as_slice() {
        [Atom::Text {
            text,
            prefix: false,
        }] if clause.occur == Occur::Default => Some(text),
        _ => None,
    }
}

/// `text` without the spaces it has between two Chinese characters (`保持 克制` → `保持克制`);
/// `None` when it has none.
fn han_joined(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let end = (i..chars.len())
                .find(|&j| !chars[j].is_whitespace())
                .unwrap_or(chars.len());
            let between_han =
                i > 0 && is_han(chars[i - 1]) && chars.get(end).is_some_and(|&n| is_han(n));
            if between_han {
                changed = true;
            } else {
                out.extend(&chars[i..end]);
            }
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

/// A term, or a phrase of terms at relative positions.
fn sequence(field: Field, words: &[(usize, String)], slop: u32) -> Box<dyn Query> {
    if let [(_, word)] = words {
        return Box::new(TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqs,
        ));
    }
    let terms = words
        .iter()
        .map(|(p, w)| (*p, Term::from_field_text(field, w)))
        .collect();
    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
}

/// `query` scoring `boost` times as much: a term through tantivy's own boost (which its
/// block-max pruning reads through), anything else through [`Weighted`] (which a plan can see
/// into).
fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost == 1.0 {
        query
    } else if query.downcast_ref::<TermQuery>().is_some() {
        Box::new(BoostQuery::new(query, boost))
    } else {
        Box::new(Weighted { query, boost })
    }
}

/// A query scoring `boost` times as much, exactly as tantivy's `BoostQuery` does, but which
/// shows what it wraps: a plan that needs only the matches takes apart what is inside.
#[derive(Debug)]
pub struct Weighted {
    pub query: Box<dyn Query>,
    pub boost: f32,
}

impl Clone for Weighted {
    fn clone(&self) -> Weighted {
        Weighted {
            query: self.query.box_clone(),
            boost: self.boost,
        }
    }
}

impl Query for Weighted {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weight = self.query.weight(scoring)?;
        Ok(if scoring.is_scoring_enabled() {
            Box::new(BoostWeight::new(weight, self.boost))
        } else {
            weight
        })
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.query.query_terms(visitor)
    }
}

/// A query whose matches in a segment are read whole into a bitset before it is asked about
/// any document: for excluding the full matches from the words in part. tantivy's exclusion
/// asks its set about documents in increasing order, which a phrase's scorer standing past
/// them (on its first match, or done) cannot answer in a debug build; a bitset can.
#[derive(Debug)]
struct Materialized(Box<dyn Query>);

impl Clone for Materialized {
    fn clone(&self) -> Materialized {
        Materialized(self.0.box_clone())
    }
}

impl Query for Materialized {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(MaterializedWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

struct MaterializedWeight(Box<dyn Weight>);

impl Weight for MaterializedWeight {
    fn scorer(
        &self,
        reader: &tantivy::SegmentReader,
        boost: tantivy::Score,
    ) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        let mut scorer = self.0.scorer(reader, boost)?;
        let mut bits = tantivy::BitSet::with_max_value(reader.max_doc());
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED {
            bits.insert(doc);
            doc = scorer.advance();
        }
        Ok(Box::new(tantivy::query::ConstScorer::new(
            tantivy::query::BitSetDocSet::from(bits),
            0.0,
        )))
    }

    fn explain(
        &self,
        reader: &tantivy::SegmentReader,
        doc: tantivy::DocId,
    ) -> tantivy::Result<tantivy::query::Explanation> {
        self.0.explain(reader, doc)
    }
}

fn keyword(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, value),
        IndexRecordOption::Basic,
    ))
}

/// Documents of the years `from..=to`. A span of a few decades is a union of one term per year
/// (postings: cost grows with the matches); a longer one, such as an open end, a range query
/// (which scans the year column of every document).
fn year_range(field: Field, from: i32, to: i32) -> Box<dyn Query> {
    const MOST_TERMS: i32 = 100;
    let term = |y: i32| Term::from_field_u64(field, u64::try_from(y).unwrap_or(0));
    if to >= from && to - from < MOST_TERMS {
        let years: Vec<Box<dyn Query>> = (from..=to)
            .map(|y| -> Box<dyn Query> {
                Box::new(TermQuery::new(term(y), IndexRecordOption::Basic))
            })
            .collect();
        return Box::new(BooleanQuery::union(years));
    }
    Box::new(RangeQuery::new(
        Bound::Included(term(from)),
        Bound::Included(term(to)),
    ))
}

/// `2024` or `2020..2024` (either end may be left open: `2020..`, `..2024`).
pub fn parse_years(value: &str) -> Result<(i32, i32)> {
    // `２０２４`, as a Chinese input method types it.
    let folded = crate::extract::date::fold_width(value);
    let value = folded.as_str();
    let bad = || {
        Error::Query(format!(
            "a year is four digits, 2024, or a range 2020..2024, not {value:?}"
        ))
    };
    let year = |s: &str, default: i32| -> Result<i32> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(default);
        }
        s.parse::<i32>()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(bad)
    };
    let (from, to) = match value.split_once("..") {
        Some((from, to)) => (year(from, 0)?, year(to, 9999)?),
        None => {
            let y = year(value, -1)?;
            if y < 0 {
                return Err(bad());
            }
            (y, y)
        }
    };
    if from > to {
        return Err(Error::Query(format!(
            "the year range {value:?} runs backwards"
        )));
    }
    Ok((from, to))
}

/// Speaker names compared without case or spacing.
fn fold_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Highlight weights for the snippet generator: rarer terms weigh more.
pub fn highlight_weights(
    terms: &[String],
    doc_freq: impl Fn(&str) -> u64,
) -> BTreeMap<String, f32> {
    terms
        .iter()
        .map(|t| (t.clone(), 1.0 / (1.0 + doc_freq(t) as f32)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_chinese_words_are_taken_out() {
        assert_eq!(han_joined("保持 克制").as_deref(), Some("保持克制"));
        assert_eq!(
            han_joined("保持\u{3000} 克制 态度").as_deref(),
            Some("保持克制态度")
        );
        assert_eq!(han_joined("台湾 Strait"), None);
        assert_eq!(han_joined("保持克制"), None);
        assert_eq!(
            han_joined("J-20 歼击机 编队").as_deref(),
            Some("J-20 歼击机编队")
        );
    }

    #[test]
    fn years_and_ranges() {
        assert_eq!(parse_years("2024").unwrap(), (2024, 2024));
        assert_eq!(parse_years("2020..2024").unwrap(), (2020, 2024));
        assert_eq!(parse_years("2020..").unwrap(), (2020, 9999));
        assert_eq!(parse_years("２０２４").unwrap(), (2024, 2024));
        assert!(parse_years("2024..2020").is_err());
        assert!(parse_years("last year").is_err());
    }
}
