//! Source files as the author sees them: the text, and a line index that turns
//! byte offsets into 1-based line and character columns (and back).
//!
//! Not for: reading files from disk (that is `load`), or formatting reports.

use std::path::{Path, PathBuf};

/// One file of the site, kept in memory so that diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, with `/` separators, as shown to authors.
    pub path: String,
    /// Absolute path on disk.
    pub disk_path: PathBuf,
    /// The whole text, exactly as read (a UTF-8 byte-order mark is kept so
    /// that offsets match the file on disk).
    pub text: String,
    /// A hash of the text: equal fingerprints mean unchanged content, so
    /// work done on the file can be reused.
    pub fingerprint: u64,
    /// False when the file was not valid UTF-8 and `text` is a lossy copy
    /// kept only so that reports can quote it.
    pub is_text: bool,
    /// Where each line starts, worked out when a report first needs it:
    /// most files of a site are never quoted.
    line_starts: std::sync::OnceLock<Box<[usize]>>,
}

/// A 1-based line and column; the column counts characters, not bytes, so it
/// matches what an editor shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based character column.
    pub column: usize,
}

impl SourceFile {
    /// Builds a source file.
    pub fn new(path: impl Into<String>, disk_path: &Path, text: String) -> Self {
        SourceFile {
            path: path.into(),
            disk_path: disk_path.to_path_buf(),
            fingerprint: crate::fingerprint::fingerprint(&text),
            text,
            is_text: true,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1))
                .collect()
        })
    }

    /// The line and character column of a byte offset. Offsets past the end
    /// are clamped; offsets inside a multi-byte character point at it.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line_index = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line_index];
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        LineCol {
            line: line_index + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and character column, clamped to
    /// the line's end (a CR before the newline counts as part of the line).
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts().get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self.line_end(start);
        self.text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(i, _)| start + i)
    }

    /// The byte range of the line holding `offset`, without its line ending.
    pub fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        let line = self.line_col(offset).line;
        let start = self.line_starts()[line - 1];
        start..self.line_end(start)
    }

    /// The whole lines that a byte range touches, with their line endings,
    /// and the number of the first: what a report quotes for the range.
    pub fn lines_of(&self, range: &std::ops::Range<usize>) -> (usize, std::ops::Range<usize>) {
        let first = self.line_col(range.start).line;
        let last = self.line_col(range.end.max(range.start)).line;
        let starts = self.line_starts();
        let start = starts[first - 1];
        let end = starts.get(last).copied().unwrap_or(self.text.len());
        (first, start..end.max(start))
    }

    fn line_end(&self, start: usize) -> usize {
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A path relative to the site root with `/` separators, as authors see it.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md", Path::new("/a.md"), text.to_string())
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = file("£50 fee\nnext");
        assert_eq!(f.line_col(2), LineCol { line: 1, column: 2 });
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 3 });
        assert_eq!(f.line_col(9), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn crlf_lines_keep_exact_positions() {
        let f = file("one\r\ntwo\r\n");
        assert_eq!(f.line_col(5), LineCol { line: 2, column: 1 });
        assert_eq!(f.offset_of(2, 2), 6);
        assert_eq!(f.line_range(6), 5..8);
    }

    #[test]
    fn offset_of_round_trips() {
        let f = file("ab\n£c\n");
        for offset in [0, 1, 3, 5, 6] {
            let lc = f.line_col(offset);
            assert_eq!(f.offset_of(lc.line, lc.column), offset);
        }
    }
}
