//! The one place that knows which YAML library Verity uses. It parses a
//! piece of a source file into a typed value and turns every YAML or schema
//! error into a located diagnostic with a plain-English message.

use std::ops::Range;

use serde::de::DeserializeOwned;
use serde_saphyr::{Error, Options};

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::model::keywords::did_you_mean;

pub(crate) use crate::model::Located;

/// A piece of a source file that holds YAML: the whole of a rules file, or
/// the front matter of a page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YamlText<'a> {
    /// The file the YAML is in.
    pub(crate) file: &'a SourceFile,
    /// Byte offset in the file where the YAML starts (at a line start).
    pub(crate) start: usize,
    /// Byte offset where it ends.
    pub(crate) end: usize,
}

impl<'a> YamlText<'a> {
    /// The whole file as YAML.
    pub(crate) fn whole(file: &'a SourceFile) -> Self {
        let start = if file.text.starts_with('\u{feff}') {
            3
        } else {
            0
        };
        YamlText {
            file,
            start,
            end: file.text.len(),
        }
    }

    fn text(&self) -> &'a str {
        &self.file.text[self.start..self.end]
    }

    /// Lines of the file before the YAML starts.
    fn line_offset(&self) -> usize {
        self.file.line_col(self.start).line - 1
    }

    /// The byte range in the file of a located value.
    pub(crate) fn range_of<T>(&self, value: &Located<T>) -> Range<usize> {
        self.range_of_location(&value.referenced)
    }

    fn range_of_location(&self, location: &serde_saphyr::Location) -> Range<usize> {
        let span = location.span();
        if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len()) {
            let start = self.start + offset as usize;
            return start..(start + len as usize).min(self.end);
        }
        let line = location.line() as usize + self.line_offset();
        let start = self.file.offset_of(line, location.column() as usize);
        start..start
    }

    /// `Err` with a diagnostic at `value` unless it is a whole web address
    /// (`https://` or `http://`): a bare "www.example.nhs.uk/privacy" would
    /// be published as a link to a page of this site that does not exist.
    pub(crate) fn web_address(
        &self,
        value: &Located<String>,
        field: &str,
    ) -> Result<(), Diagnostic> {
        let address = value.value.trim();
        let has_host = |rest: &str| {
            rest.split('/')
                .next()
                .is_some_and(|host| host.contains('.'))
        };
        let whole = ["https://", "http://"]
            .iter()
            .any(|scheme| address.strip_prefix(scheme).is_some_and(has_host));
        if whole && !address.contains(char::is_whitespace) {
            return Ok(());
        }
        Err(Diagnostic::new(
            Code::DataInvalid,
            format!("`{field}` must be a whole web address"),
        )
        .at(&self.file.path, self.range_of(value))
        .help("write the address as a browser shows it, starting with https://, such as https://www.example.nhs.uk/privacy"))
    }

    /// Parses the YAML into `T`. Empty YAML (only blanks and comments) is
    /// parsed as an empty mapping, so an empty rules file is simply empty.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        let text = self.text();
        let text = if is_blank_yaml(text) { "{}" } else { text };
        let mut options = Options::default();
        options.with_snippet = false;
        serde_saphyr::from_str_with_options(text, options).map_err(|error| self.diagnostic(&error))
    }

    fn diagnostic(&self, error: &Error) -> Diagnostic {
        let (code, message, help) = describe(error);
        let range = match error.location() {
            Some(location) if location.line() > 0 => {
                let range = self.range_of_location(&location);
                // A zero-length place still deserves a caret under one character.
                if range.is_empty() {
                    range.start..next_char_end(&self.file.text, range.start)
                } else {
                    range
                }
            }
            _ => self.start..self.start,
        };
        let raw = strip_location(&error.without_snippet().to_string());
        let yaml = self.start..self.end;
        if let Some(plain) = super::yaml_mistakes::explain(&self.file.text, yaml, &range, &raw) {
            return Diagnostic::new(code, plain.message)
                .at(&self.file.path, plain.range)
                .help(plain.help);
        }
        let mut diagnostic = Diagnostic::new(code, message).at(&self.file.path, range);
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        diagnostic
    }
}

fn next_char_end(text: &str, offset: usize) -> usize {
    text[offset.min(text.len())..]
        .chars()
        .next()
        .filter(|c| *c != '\n' && *c != '\r')
        .map_or(offset, |c| offset + c.len_utf8())
}

fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#')
    })
}

/// The code, a message without the library's "at line N" suffix, and help.
fn describe(error: &Error) -> (Code, String, Option<String>) {
    match error.without_snippet() {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let help = match did_you_mean(field, expected.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None if expected.is_empty() => "remove this key".to_string(),
                None => format!("the keys allowed here are: {}", expected.join(", ")),
            };
            (
                Code::DataUnknownKey,
                format!("unknown key `{field}`"),
                Some(help),
            )
        }
        Error::SerdeMissingField { field, .. } => (
            Code::DataMissingField,
            format!("missing key `{field}`"),
            Some(format!("add `{field}:` with its value here")),
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            Code::DataInvalid,
            format!("unknown value `{variant}`"),
            Some(format!("use one of: {}", expected.join(", "))),
        ),
        Error::Message { msg, .. } => custom_message(msg),
        other => {
            let text = strip_location(&other.to_string());
            let code = if is_schema_error(other) {
                Code::DataInvalid
            } else {
                Code::YamlSyntax
            };
            (code, describe_type_error(&text), None)
        }
    }
}

/// Messages that Verity's own types raise while parsing (units, topics,
/// dates) already say what to write; the first words pick the code.
fn custom_message(message: &str) -> (Code, String, Option<String>) {
    let code = if message.starts_with("unknown unit") {
        Code::UnitUnknown
    } else if message.starts_with("unknown topic") {
        Code::TopicUnknown
    } else {
        Code::DataInvalid
    };
    match message.split_once(": use ") {
        Some((what, allowed)) => (code, what.to_string(), Some(format!("use {allowed}"))),
        None => (code, message.to_string(), None),
    }
}

fn is_schema_error(error: &Error) -> bool {
    matches!(
        error,
        Error::SerdeInvalidType { .. }
            | Error::SerdeInvalidValue { .. }
            | Error::SerdeInvalidLength { .. }
            | Error::NullIntoString { .. }
            | Error::Budget { .. }
            | Error::InvalidBooleanStrict { .. }
    ) || is_scalar_type_error(&error.to_string())
        || error.to_string().starts_with("duplicate mapping key")
}

/// The parser's own words for a scalar of the wrong type ("invalid u32",
/// "invalid bool"), as opposed to YAML syntax ("invalid indentation ...").
fn is_scalar_type_error(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("invalid ") else {
        return false;
    };
    let word = rest.split_whitespace().next().unwrap_or("");
    matches!(
        word,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "f32"
            | "f64"
            | "bool"
            | "char"
    )
}

/// "invalid u32" says little to a comms team; say what was expected.
fn describe_type_error(text: &str) -> String {
    match text {
        t if t.starts_with("invalid u") || t.starts_with("invalid i") => {
            format!("{t}: expected a whole number that is not too large")
        }
        t if t.starts_with("duplicate mapping key") => {
            let key = t
                .trim_start_matches("duplicate mapping key: ")
                .split(',')
                .next()
                .unwrap_or("");
            format!("the key `{key}` is written twice; keep one")
        }
        t => t.to_string(),
    }
}

fn strip_location(text: &str) -> String {
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::Path;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Target {
        value: Located<u32>,
        unit: crate::model::Unit,
    }

    fn parse(text: &str) -> Result<BTreeMap<String, Target>, (Code, String, usize, usize)> {
        let file = SourceFile::new("r.yaml", Path::new("/r.yaml"), text.to_string());
        YamlText::whole(&file).parse().map_err(|d: Diagnostic| {
            let at = file.line_col(d.span.unwrap().range.start);
            (d.code, d.message, at.line, at.column)
        })
    }

    #[test]
    fn unknown_keys_are_located_and_suggested() {
        let err = parse("a:\n  value: 1\n  unit: hour\n  vaule: 2\n").unwrap_err();
        assert_eq!((err.0, err.2, err.3), (Code::DataUnknownKey, 4, 3));
        assert_eq!(err.1, "unknown key `vaule`");
    }

    #[test]
    fn units_outside_the_set_are_their_own_code() {
        let err = parse("a:\n  value: 1\n  unit: fortnight\n").unwrap_err();
        assert_eq!((err.0, err.2, err.3), (Code::UnitUnknown, 3, 9));
    }

    #[test]
    fn crlf_files_report_the_same_positions() {
        let err = parse("a:\r\n  value: 1\r\n  unit: hour\r\n  extra: 2\r\n").unwrap_err();
        assert_eq!((err.0, err.2, err.3), (Code::DataUnknownKey, 4, 3));
    }

    #[test]
    fn blank_files_are_empty_not_errors() {
        assert!(parse("# nothing yet\n\n").unwrap().is_empty());
    }
}
