//! The tantivy schema: every field name lives here, and [`Fields`] hands out typed handles so
//! nothing else in the crate spells a field name.
//!
//! Searchable text (title, body, source, an answer's question) goes through the bilingual analyzer
//! with positions. Filters and facets (kind, lang, year, date, speaker, theme, tag, source_name, path, parent)
//! are exact-match, fast fields. `lang` holds every language a document can be read in
//! (`Document::langs`), and `source` every name of its outlet in `data/outlets.toml`, so
//! `--source 解放军报` finds the documents whose source is `PLA Daily`.
//! The whole [`Document`] is stored once, as JSON, in `doc`: what search prints and `show`
//! returns is exactly what ingest produced.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::{DateTime, TantivyDocument};

use crate::analysis::BILINGUAL;
use crate::document::{Document, Lang};

/// Typed handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    pub id: Field,
    pub kind: Field,
    pub title: Field,
    pub body: Field,
    pub source: Field,
    /// The source's name whole, for its facet.
    pub source_name: Field,
    pub lang: Field,
    pub date: Field,
    /// The day a date sort puts the document at: its date, or the first day of its year when
    /// it has only a year (so `--sort -date` lists a year-only 2025 release with 2025's, not
    /// after every dated document). Fast only: no filter reads it.
    pub sort_date: Field,
    pub year: Field,
    pub speaker: Field,
    pub theme: Field,
    /// The editor's tags, lowercased.
    pub tag: Field,
    pub path: Field,
    /// A hash of the normalised text, to find the same release saved twice.
    pub fingerprint: Field,
    pub doc: Field,
    /// An answer's question (both languages), searchable on its own.
    pub question: Field,
    /// The id of the release or briefing a headline or answer belongs to: exact and fast, so
    /// search can group a briefing's matching answers without reading stored documents.
    pub parent: Field,
}

/// Builds the schema and its field handles.
pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(BILINGUAL)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = STRING | FAST;
    let fields = Fields {
        id: builder.add_text_field("id", STRING | FAST),
        kind: builder.add_text_field("kind", keyword.clone()),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text.clone()),
        source: builder.add_text_field("source", text.clone()),
        source_name: builder.add_text_field("source_name", keyword.clone()),
        lang: builder.add_text_field("lang", keyword.clone()),
        date: builder.add_date_field(
            "date",
            DateOptions::from(FAST)
                .set_indexed()
                .set_precision(DateTimePrecision::Seconds),
        ),
        sort_date: builder.add_date_field(
            "sort_date",
            DateOptions::from(FAST).set_precision(DateTimePrecision::Seconds),
        ),
        year: builder.add_u64_field("year", NumericOptions::default().set_indexed() | FAST),
        speaker: builder.add_text_field("speaker", keyword.clone()),
        theme: builder.add_text_field("theme", keyword.clone()),
        tag: builder.add_text_field("tag", keyword),
        path: builder.add_text_field("path", STRING),
        fingerprint: builder.add_text_field("fingerprint", STRING),
        doc: builder.add_text_field("doc", STORED),
        question: builder.add_text_field("question", text),
        parent: builder.add_text_field("parent", STRING | FAST),
    };
    (builder.build(), fields)
}

impl Fields {
    /// Reads the field handles back from an existing index's schema.
    pub fn from_schema(schema: &Schema) -> Option<Fields> {
        let get = |name: &str| schema.get_field(name).ok();
        Some(Fields {
            id: get("id")?,
            kind: get("kind")?,
            title: get("title")?,
            body: get("body")?,
            source: get("source")?,
            source_name: get("source_name")?,
            lang: get("lang")?,
            date: get("date")?,
            sort_date: get("sort_date")?,
            year: get("year")?,
            speaker: get("speaker")?,
            theme: get("theme")?,
            tag: get("tag")?,
            path: get("path")?,
            fingerprint: get("fingerprint")?,
            doc: get("doc")?,
            question: get("question")?,
            parent: get("parent")?,
        })
    }

    /// The name of a field, for the few places (fast-field collectors, aggregations) where
    /// tantivy wants a name rather than a handle.
    pub fn name(&self, schema: &Schema, field: Field) -> String {
        schema.get_field_name(field).to_string()
    }

    /// Turns a document into what tantivy indexes.
    pub fn to_tantivy(&self, doc: &Document) -> TantivyDocument {
        let mut out = TantivyDocument::new();
        out.add_text(self.id, &doc.id);
        out.add_text(self.kind, doc.kind.as_str());
        out.add_text(self.title, &doc.title);
        out.add_text(self.body, &doc.body);
        let mut langs = vec![doc.lang];
        langs.extend(&doc.langs);
        if let Some(translation) = &doc.translation {
            out.add_text(self.title, &translation.title);
            out.add_text(self.body, &translation.body);
            langs.extend(translation.lang);
        }
        // A text given in both languages is a mixed one too (`--lang mixed` finds it), and a
        // mixed one is read in either (`--lang en` finds it).
        if langs.contains(&Lang::En) && langs.contains(&Lang::Zh) {
            langs.push(Lang::Mixed);
        } else if langs.contains(&Lang::Mixed) {
            langs.extend([Lang::En, Lang::Zh]);
        }
        langs.sort_by_key(|l| l.as_str());
        langs.dedup();
        for lang in langs {
            out.add_text(self.lang, lang.as_str());
        }
        if let Some(source) = &doc.source {
            out.add_text(self.source, source);
            let outlet = crate::reference::outlets::outlets().lookup(source);
            for name in outlet.into_iter().flat_map(|o| o.names()) {
                if name != source {
                    out.add_text(self.source, name);
                }
            }
            out.add_text(self.source_name, source);
        }
        if let Some(date) = doc.date {
            out.add_date(self.date, date_value(date.days_since_epoch()));
        }
        let sort_day = doc.sort_day().map(|d| d.days_since_epoch());
        if let Some(day) = sort_day {
            out.add_date(self.sort_date, date_value(day));
        }
        if let Some(year) = doc.year.and_then(|y| u64::try_from(y).ok()) {
            out.add_u64(self.year, year);
        }
        for speaker in &doc.speakers {
            out.add_text(self.speaker, speaker);
        }
        for theme in &doc.themes {
            out.add_text(self.theme, theme);
        }
        // Lowercased, so `tag:taiwan` finds the editor's `Taiwan`.
        for tag in &doc.tags {
            out.add_text(self.tag, tag.to_lowercase());
        }
        if !doc.question.is_empty() {
            out.add_text(self.question, &doc.question);
            if let Some(translation) = &doc.translation {
                // An answer's translated question is its translation's title.
                out.add_text(self.question, &translation.title);
            }
        }
        if let Some(parent) = &doc.parent {
            out.add_text(self.parent, parent);
        }
        out.add_text(self.path, &doc.path);
        out.add_text(self.fingerprint, doc.fingerprint());
        out.add_text(
            self.doc,
            serde_json::to_string(doc).expect("a Document always serializes"),
        );
        out
    }
}

/// The indexed value of a day.
pub fn date_value(days_since_epoch: i64) -> DateTime {
    DateTime::from_timestamp_secs(days_since_epoch * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::doc;

    /// The `lang` values a document is indexed under.
    fn langs(document: &Document) -> Vec<String> {
        let (_, fields) = build();
        let indexed = fields.to_tantivy(document);
        let mut values: Vec<String> = indexed
            .get_all(fields.lang)
            .filter_map(|v| tantivy::schema::Value::as_str(&v).map(str::to_string))
            .collect();
        values.sort();
        values
    }

    #[test]
    fn a_text_in_both_languages_is_found_under_each_and_as_mixed() {
        let mut mixed = doc("m", "Drills 演习", "Navy drills. 海军演习。");
        mixed.lang = Lang::Mixed;
        assert_eq!(langs(&mixed), ["en", "mixed", "zh"]);
        let mut translated = doc("t", "演习", "海军演习。");
        translated.lang = Lang::Zh;
        translated.langs = vec![Lang::En];
        assert_eq!(langs(&translated), ["en", "mixed", "zh"]);
        let mut english = doc("e", "Drills", "Navy drills.");
        english.lang = Lang::En;
        assert_eq!(langs(&english), ["en"]);
    }
}
