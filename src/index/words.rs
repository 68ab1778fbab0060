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
use crate::error::Result;

/// The file beside the index that lists the words added, one per line.
pub const ADDED_FILE: &str = "milpress-added-words.txt";

/// The first line of [`ADDED_FILE`]: a file without it is not trusted.
const HEADER: &str = "# milpress added words 1";

/// The file's text for the words this milpress adds.
fn text() -> String {
    let mut text = String::from(HEADER);
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
    std::fs::read_to_string(dir.join(ADDED_FILE)).is_ok_and(|have| have == text())
}

/// Writes [`ADDED_FILE`] unless it already says what this milpress adds. Called before an
/// index run's commits: a search that sees the run's documents sees the file too.
pub(crate) fn keep(dir: &Path) -> Result<()> {
    if are_current(dir) {
        return Ok(());
    }
    write_atomically(&dir.join(ADDED_FILE), text())
}

/// The words listed in the index in `dir`; none when the file is missing or not one of ours.
pub fn load(dir: &Path) -> HashSet<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(ADDED_FILE)) else {
        return HashSet::new();
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
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
