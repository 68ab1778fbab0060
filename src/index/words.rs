//! The words milpress adds to jieba's dictionary (terms of art of the glossary and the theme
//! lexicon, `analysis::chinese::added_words`) as this index was built with them
//! ([`ADDED_FILE`], beside the index), so that a search, which never loads jieba, knows them.
//!
//! An index holds such a word whole wherever its characters stand in a row, beside the
//! characters; a search reads a run of them through the word's postings (one term instead of
//! a phrase checking positions) but scores it as the run, so that ranking is what it would be
//! without the word. An index without the file (built before milpress added words) holds none
//! of them, and its runs are searched as phrases.

use std::collections::HashSet;
use std::path::Path;

use super::tables::write_atomically;
use crate::document::Fnv1a;
use crate::error::Result;

/// The file beside the index that lists the words added, one per line after a header and the
/// line saying what they were drawn from.
pub const ADDED_FILE: &str = "milpress-added-words.txt";

/// The first line of [`ADDED_FILE`]: a file without it is not trusted.
const HEADER: &str = "# milpress added words 1";

/// The second line of [`ADDED_FILE`]: what the words were drawn from (a hash of the terms of
/// art of the glossary and the themes), known without loading jieba.
fn source_line() -> String {
    let mut hash = Fnv1a::default();
    for term in crate::reference::dict::domain_terms() {
        hash.write(term.as_bytes());
        hash.write(b"\n");
    }
    format!("from\t{:016x}", hash.finish())
}

/// The file's text for the words this milpress adds.
fn text() -> String {
    let mut text = format!("{HEADER}\n{}", source_line());
    for word in crate::analysis::chinese::added_words() {
        text.push('\n');
        text.push_str(word);
    }
    text.push('\n');
    text
}

/// Whether the index in `dir` lists the words this milpress adds: when not (an index built
/// before milpress added words, or before the glossary or the themes changed), its segments
/// lack some, and a search would miss the documents that hold one only as characters; an
/// index run then reads every file again.
pub(super) fn are_current(dir: &Path) -> bool {
    // Asked at the start of every index run: jieba (which tells which terms it lacks) may not
    // be loaded yet, and a run that finds nothing to do never needs it.
    let Ok(have) = std::fs::read_to_string(dir.join(ADDED_FILE)) else {
        return false;
    };
    let mut lines = have.lines();
    lines.next() == Some(HEADER) && lines.next() == Some(source_line().as_str())
}

/// Writes [`ADDED_FILE`] unless it already says what this milpress adds. Called before an
/// index run's commits: a search that sees the run's documents sees the file too.
pub(crate) fn keep(dir: &Path) -> Result<()> {
    let path = dir.join(ADDED_FILE);
    let want = text();
    if std::fs::read_to_string(&path).is_ok_and(|have| have == want) {
        return Ok(());
    }
    write_atomically(&path, want)
}

/// The words listed in the index in `dir`; none when the file is missing or not one of ours.
pub fn load(dir: &Path) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(ADDED_FILE)) else {
        return HashSet::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) || !lines.next().is_some_and(|l| l.starts_with("from\t")) {
        return HashSet::new();
    }
    lines
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_lists_the_words_added_and_is_written_once() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).is_empty());
        assert!(!are_current(dir.path()));
        keep(dir.path()).unwrap();
        assert!(are_current(dir.path()));
        let words = load(dir.path());
        assert!(words.contains("演训"), "{words:?}");
        // A word jieba knows is not added.
        assert!(!words.contains("海军"));
        let path = dir.path().join(ADDED_FILE);
        let written = std::fs::metadata(&path).unwrap().modified().unwrap();
        keep(dir.path()).unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            written
        );
        std::fs::write(&path, "演训\n").unwrap();
        assert!(load(dir.path()).is_empty(), "a file without its header");
    }
}
