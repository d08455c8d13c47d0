//! The three ways a run's diagnostics are shown: rustc-style text for people,
//! the JSON contract of DESIGN.md for tools, and GitHub workflow annotations.

use annotate_snippets::{AnnotationKind, Element, Group, Level, Renderer, Snippet};
use serde::Serialize;

use super::{Diagnostic, Diagnostics, Severity};

/// Totals that every format reports.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Summary {
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of distinct pages (a shared page counts once).
    pub pages: usize,
    /// Number of trusts.
    pub trusts: usize,
}

/// Output format chosen with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text with the source line and a caret.
    Human,
    /// The versioned JSON contract.
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

/// How the human report is shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    /// Colour, for a terminal.
    pub color: bool,
    /// Every diagnostic in full, rather than the first few of each kind of
    /// warning and a count of the rest.
    pub verbose: bool,
}

/// Renders every diagnostic in the chosen format.
pub fn render(diagnostics: &Diagnostics, summary: Summary, format: Format, style: Style) -> String {
    match format {
        Format::Human => human(diagnostics, summary, style),
        Format::Json => json(diagnostics, summary),
        Format::Github => github(diagnostics),
    }
}

fn human(diagnostics: &Diagnostics, summary: Summary, style: Style) -> String {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    // Past a hundred errors of one kind in one file, or a handful of
    // warnings of one kind anywhere, a person reads no more of them: the
    // rest are counted, with their files (`--verbose` shows each, the JSON
    // report lists every one). A site imported with 40,000 long sentences
    // still shows its errors first and reads in a minute.
    let mut shown: std::collections::HashMap<(Option<&str>, super::Code), usize> =
        Default::default();
    let mut not_shown: std::collections::BTreeMap<(Option<&str>, &str), usize> = Default::default();
    let mut warnings_shown: std::collections::HashMap<super::Code, usize> = Default::default();
    let mut warnings_not_shown: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    let mut unverified: Vec<&super::Diagnostic> = Vec::new();
    for d in diagnostics.items() {
        let file = d.span.as_ref().map(|s| &*s.file).or(d.file.as_deref());
        // One task for one person: listed together, for the lead.
        if !style.verbose && d.code == super::Code::RuleUnverified && d.detail().rule.is_some() {
            unverified.push(d);
            continue;
        }
        if !style.verbose && d.severity == Severity::Warning {
            let count = warnings_shown.entry(d.code).or_default();
            *count += 1;
            if *count > WARNINGS_SHOWN {
                let file = file.unwrap_or("the site");
                warnings_not_shown
                    .entry(d.code.as_str())
                    .or_default()
                    .push(file);
                continue;
            }
        }
        let count = shown.entry((file, d.code)).or_default();
        *count += 1;
        if *count > SHOWN_OF_A_KIND && !style.verbose {
            *not_shown.entry((file, d.code.as_str())).or_default() += 1;
            continue;
        }
        out.push_str(&renderer.render(&human_groups(diagnostics, d)));
        out.push_str("\n\n");
    }
    for ((file, code), count) in not_shown {
        out.push_str(&format!(
            "... and {count} more [{code}] in {}: `--format json` lists every one\n\n",
            file.unwrap_or("the site")
        ));
    }
    for (code, files) in warnings_not_shown {
        out.push_str(&more_warnings(code, &files));
    }
    out.push_str(&unverified_list(diagnostics, &unverified));
    out.push_str(&summary_line(summary));
    out.push('\n');
    out
}

/// The facts of the rule data that pages show and nobody has verified, one
/// line each with its place, as one list for the information governance
/// lead (`--verbose` shows each in full).
fn unverified_list(diagnostics: &Diagnostics, unverified: &[&super::Diagnostic]) -> String {
    let Some(first) = unverified.first() else {
        return String::new();
    };
    let severity = first.severity.as_str();
    let facts = match unverified.len() {
        1 => "1 fact in the rule data has".to_string(),
        n => format!("{n} facts in the rule data have"),
    };
    let mut out = format!(
        "{severity}[rule-unverified]: {facts} not been verified, and pages show them\n  = help: for the information governance lead: check each against the law it cites, then set `status: confirmed` at its place\n"
    );
    for d in unverified {
        let place = diagnostics.place(d).unwrap_or_default();
        let rule = d.detail().rule.as_deref().unwrap_or_default();
        // The summary's message ends with how many pages show the fact.
        let shown = d
            .message
            .rsplit_once(", and ")
            .map_or(String::new(), |(_, shown)| format!(" ({shown})"));
        out.push_str(&format!("  {place}  `{rule}`{shown}\n"));
    }
    out.push('\n');
    out
}

/// How many warnings of one kind the human report shows in full.
const WARNINGS_SHOWN: usize = 5;

/// "warning[sentence-long]: 37 more like this, in a.md (12), b.md (3) and 9
/// other files", for the warnings of a kind not shown in full.
fn more_warnings(code: &str, files: &[&str]) -> String {
    // Counted in a map: a site imported with 40,000 long sentences has
    // thousands of files, and a search of a list for each took a tenth of
    // its build.
    let mut counts: std::collections::HashMap<&str, usize> = Default::default();
    for file in files {
        *counts.entry(file).or_default() += 1;
    }
    let mut by_file: Vec<(&str, usize)> = counts.into_iter().collect();
    by_file.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let named: Vec<String> = by_file
        .iter()
        .take(FILES_NAMED)
        .map(|(file, count)| format!("{file} ({count})"))
        .collect();
    let others = by_file.len().saturating_sub(FILES_NAMED);
    let rest = match others {
        0 => String::new(),
        1 => " and 1 other file".to_string(),
        n => format!(" and {n} other files"),
    };
    format!(
        "warning[{code}]: {} more like this, in {}{rest}\n  = help: `--verbose` shows each one; `--format json` lists them all\n\n",
        files.len(),
        named.join(", ")
    )
}

/// How many files a count of warnings names.
const FILES_NAMED: usize = 5;

/// How many problems of one kind in one file the human report shows.
const SHOWN_OF_A_KIND: usize = 100;

fn human_groups<'a>(diagnostics: &'a Diagnostics, d: &'a Diagnostic) -> Vec<Group<'a>> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = match &d.trust {
        Some(trust) => format!("{} (trust: {trust})", d.message),
        None => d.message.clone(),
    };
    let heading = level.primary_title(title).id(d.code.as_str());
    let mut elements: Vec<Element> = Vec::new();
    match (&d.span, &d.file) {
        (Some(span), _) => {
            if let Some(source) = diagnostics.source(&span.file) {
                let label = d
                    .detail()
                    .expected
                    .as_ref()
                    .map(|e| format!("the rule says: {e}"));
                // Only the lines the span touches: the renderer reads all
                // the text it is given, and a page with thousands of
                // problems would be read once for each.
                let range = clamp(&source.text, &span.range);
                let (first_line, lines) = source.lines_of(&range);
                let local = range.start - lines.start..range.end - lines.start;
                let mut annotation = AnnotationKind::Primary.span(local);
                if let Some(label) = label {
                    annotation = annotation.label(label);
                }
                elements.push(
                    Snippet::source(&source.text[lines])
                        .line_start(first_line)
                        .path(&*span.file)
                        .annotation(annotation)
                        .into(),
                );
            } else {
                elements.push(annotate_snippets::Origin::path(&*span.file).into());
            }
        }
        (None, Some(file)) => {
            elements.push(annotate_snippets::Origin::path(&**file).into());
        }
        (None, None) => {}
    }
    if let Some(note) = rule_note(diagnostics, d) {
        elements.push(Level::NOTE.message(note).into());
    }
    if let Some(note) = &d.detail().note {
        elements.push(Level::NOTE.message(note.as_str()).into());
    }
    if let Some(trusts) = trusts_line(d) {
        elements.push(Level::NOTE.message(trusts).into());
    }
    if let Some(help) = &d.help {
        elements.push(Level::HELP.message(help.as_ref()).into());
    }
    vec![Group::with_title(heading).elements(elements)]
}

/// How many trusts a list names in the human report and annotations
/// before it counts the rest (the JSON report names every one).
const TRUSTS_NAMED: usize = 8;

/// "for 33 trusts: a, b, c, ... and 25 more", for a problem several
/// trusts' pages have.
fn trusts_line(d: &Diagnostic) -> Option<String> {
    let count = d.trusts.len();
    if count < 2 {
        return None;
    }
    let named = d.trusts[..count.min(TRUSTS_NAMED)].join(", ");
    Some(if count > TRUSTS_NAMED {
        format!(
            "for {count} trusts: {named} and {} more (`--format json` lists all)",
            count - TRUSTS_NAMED
        )
    } else {
        format!("for {count} trusts: {named}")
    })
}

/// "rule deadlines.sar_response, defined at content/rules/deadlines.yaml:4:12".
fn rule_note(diagnostics: &Diagnostics, d: &Diagnostic) -> Option<String> {
    let rule = d.detail().rule.as_ref()?;
    // A problem reported at the rule itself needs no pointer to it.
    if d.detail().rule_span.is_some() && d.detail().rule_span == d.span {
        return None;
    }
    Some(match &d.detail().rule_span {
        Some(span) => match diagnostics.source(&span.file) {
            Some(source) => {
                let at = source.line_col(span.range.start);
                format!(
                    "rule `{rule}` is defined at {}:{}:{}",
                    span.file, at.line, at.column
                )
            }
            None => format!("rule `{rule}` is defined in {}", span.file),
        },
        None => format!("rule `{rule}`"),
    })
}

/// An annotation range that falls on char boundaries inside the text.
fn clamp(text: &str, range: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = super::floor_char_boundary(text, range.start);
    let end = super::floor_char_boundary(text, range.end.max(start));
    start..end
}

fn summary_line(summary: Summary) -> String {
    format!(
        "{} error{}, {} warning{} in {} page{} for {} trust{}",
        summary.errors,
        plural(summary.errors),
        summary.warnings,
        plural(summary.warnings),
        summary.pages,
        plural(summary.pages),
        summary.trusts,
        plural(summary.trusts),
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One diagnostic in the JSON contract; field order is part of the contract.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: &'a str,
    trust: Option<&'a str>,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    found: Option<&'a str>,
    expected: Option<&'a str>,
    rule: Option<&'a str>,
    message: &'a str,
    help: Option<&'a str>,
    /// Why it is a problem; added after `help` so that the fields before
    /// keep their order.
    note: Option<&'a str>,
    /// Every trust whose pages have the problem (empty for one that is not
    /// about a trust's page); added last for the same reason.
    trusts: &'a [String],
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

fn positions(
    diagnostics: &Diagnostics,
    d: &Diagnostic,
) -> Option<(super::LineCol, super::LineCol)> {
    diagnostics.positions(d)
}

fn json(diagnostics: &Diagnostics, summary: Summary) -> String {
    let items = diagnostics
        .items()
        .iter()
        .map(|d| {
            let at = positions(diagnostics, d);
            JsonDiagnostic {
                code: d.code.as_str(),
                severity: d.severity.as_str(),
                trust: d.trust.as_deref(),
                file: d.file.as_deref(),
                line: at.map(|(s, _)| s.line),
                column: at.map(|(s, _)| s.column),
                end_line: at.map(|(_, e)| e.line),
                end_column: at.map(|(_, e)| e.column),
                found: d.detail().found.as_deref(),
                expected: d.detail().expected.as_deref(),
                rule: d.detail().rule.as_deref(),
                message: &d.message,
                help: d.help.as_deref(),
                note: d.detail().note.as_deref(),
                trusts: &d.trusts,
            }
        })
        .collect();
    let report = JsonReport {
        version: 1,
        summary,
        diagnostics: items,
    };
    // Serializing plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn github(diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diagnostics.items() {
        let mut props = Vec::new();
        if let Some(file) = &d.file {
            props.push(format!("file={}", escape_property(file)));
        }
        if let Some((start, end)) = positions(diagnostics, d) {
            props.push(format!("line={}", start.line));
            props.push(format!("col={}", start.column));
            props.push(format!("endLine={}", end.line));
            props.push(format!("endColumn={}", end.column));
        }
        props.push(format!("title={}", escape_property(d.code.as_str())));
        let mut message = d.message.clone();
        if let Some(trust) = &d.trust {
            message.push_str(&format!(" (trust: {trust})"));
        }
        if let Some(trusts) = trusts_line(d) {
            message.push_str(&format!("\n{trusts}"));
        }
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

/// Escapes a workflow-command message as GitHub's runner expects.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_newlines_and_separators() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
