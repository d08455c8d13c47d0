//! Problems found in the author's files, as values: a stable code, a
//! severity, where it is, what is wrong and what to write instead.
//!
//! Every stage adds to a [`Diagnostics`] list instead of failing on the first
//! problem, so an author sees everything wrong at once. Reporting in the three
//! output formats lives in [`report`]. Internal failures (a bug, a disk that
//! fails mid-write) are not diagnostics: see [`crate::Error`].

pub mod explain;
pub mod report;
mod source;

pub use source::{LineCol, SourceFile, floor_char_boundary, relative_path};

use foldhash::HashMap;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

/// How serious a diagnostic is. Errors stop a build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, but the build goes on.
    Warning,
    /// Stops `verity build` from writing anything.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident; )*) => {
        /// The stable code of a diagnostic. Tools and site.toml refer to these
        /// names, so a name never changes once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        impl Code {
            /// Every code, for validating site.toml and for documentation.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case name shown to authors and tools.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The severity used unless site.toml says otherwise.
            pub fn default_severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// Whether site.toml may change the code's level. A problem that
            /// stops Verity writing (an output folder it must not touch, a
            /// theme that cannot render, nesting it cannot read) is always
            /// an error: hidden, it would leave a build that wrote nothing
            /// and showed no reason.
            pub fn level_can_change(self) -> bool {
                !matches!(self, Code::OutputUnsafe | Code::ThemeError | Code::NestingTooDeep)
            }

            /// Looks a code up by its name.
            pub fn from_name(name: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str() == name)
            }
        }
    };
}

codes! {
    /// A file could not be read, or is not valid UTF-8.
    FileUnreadable = "file-unreadable", Error;
    /// A file among the sources that Verity did not read: a symbolic
    /// link, or a file that is not a page or rule data.
    FileSkipped = "file-skipped", Warning;
    /// A private-use character that Verity uses as a marker inside pages.
    CharacterReserved = "character-reserved", Error;
    /// A folder every site needs (content/, its trusts or rules), or any
    /// trust or page at all.
    ContentMissing = "content-missing", Error;
    /// YAML that does not parse.
    YamlSyntax = "yaml-syntax", Error;
    /// A key that the schema does not know (often a typo).
    DataUnknownKey = "data-unknown-key", Error;
    /// A required key is missing.
    DataMissingField = "data-missing-field", Error;
    /// A value of the wrong type or outside its allowed range.
    DataInvalid = "data-invalid", Error;
    /// A duration unit that Verity does not know.
    UnitUnknown = "unit-unknown", Error;
    /// The same rule id defined twice.
    RuleDuplicate = "rule-duplicate", Error;
    /// A rule whose summary says another time limit or amount than its value,
    /// or that names a stand-in for a nation that cannot stand in there.
    RuleInconsistent = "rule-inconsistent", Error;
    /// A reference to a rule id that does not exist.
    RuleUnknown = "rule-unknown", Error;
    /// A trust's service target that is not shorter than the law allows.
    TargetTooLong = "target-too-long", Error;
    /// A problem in site.toml.
    ConfigInvalid = "config-invalid", Error;
    /// A page without front matter, or front matter that never closes.
    FrontMatterMissing = "front-matter-missing", Error;
    /// Two pages that would be written to the same address for one trust.
    SlugDuplicate = "slug-duplicate", Error;
    /// A page slug that cannot be used as a web address.
    SlugInvalid = "slug-invalid", Error;
    /// A page names a trust that does not exist.
    TrustUnknown = "trust-unknown", Error;
    /// A page limited with `nations:` to nations that leave out a trust it
    /// names or belongs to.
    PageNation = "page-nation", Error;
    /// A trust's own page in a language the trust does not publish in.
    PageLanguage = "page-language", Error;
    /// A page of a trust that publishes in Welsh with no Welsh version.
    TranslationMissing = "translation-missing", Error;
    /// A translation last reviewed before its English page was.
    TranslationStale = "translation-stale", Warning;
    /// A fact with no wording in the language of the page that shows it.
    RuleUntranslated = "rule-untranslated", Error;
    /// A group of search synonyms with fewer than two words, or a word no
    /// search can match, in content/search.yaml.
    SearchWords = "search-words", Warning;
    /// A topic outside the fixed set.
    TopicUnknown = "topic-unknown", Error;
    /// An expression that does not parse.
    ExprSyntax = "expr-syntax", Error;
    /// An expression naming a value or component that does not exist.
    ExprUnknown = "expr-unknown", Error;
    /// A component called with a wrong argument.
    ExprArgument = "expr-argument", Error;
    /// A block component without its `{% end %}`, or an `{% end %}` without a block.
    BlockUnclosed = "block-unclosed", Error;
    /// Blocks or raw HTML nested deeper than Verity (or a browser) reads.
    NestingTooDeep = "nesting-too-deep", Error;
    /// A theme template that does not parse or fails to render.
    ThemeError = "theme-error", Error;
    /// An output folder that Verity must not write to.
    OutputUnsafe = "output-unsafe", Error;
    /// A rule fact whose effective dates mean it does not apply on the build date.
    RuleNotInForce = "rule-not-in-force", Error;
    /// A rule fact of other nations used on the page of a trust in a nation
    /// where it does not apply, with no version of its own there.
    RuleNotInNation = "rule-not-in-nation", Error;
    /// A hand-typed time limit that the rule data does not have.
    DeadlineMismatch = "deadline-mismatch", Error;
    /// A time limit or amount where the rules in scope have none, and that is
    /// no rule of any topic: the page's topics may be missing one.
    ClaimUnscoped = "claim-unscoped", Warning;
    /// A hand-typed amount or charge that the rule data does not have.
    FeeMismatch = "fee-mismatch", Error;
    /// A fee the law no longer allows.
    FeeRetired = "fee-retired", Error;
    /// A repealed law.
    LawOutdated = "law-outdated", Error;
    /// A name that no law has.
    LawMisnamed = "law-misnamed", Error;
    /// A law of another country.
    LawForeign = "law-foreign", Error;
    /// A law in force cited for a rule area it has no part in, such as the
    /// Access to Health Records Act for your own records.
    LawMisapplied = "law-misapplied", Error;
    /// A phrase for a rule, or the name of an office, the law no longer has.
    TermRetired = "term-retired", Error;
    /// A phone number, email or postcode of another trust.
    ContactForeign = "contact-foreign", Error;
    /// A phone number, email or postcode that is in no trust.yaml or national contact.
    ContactUnknown = "contact-unknown", Error;
    /// A phone number, email address or postcode in trust.yaml or the rule
    /// data that is not one, or a number with a note that a phone would
    /// dial.
    ContactInvalid = "contact-invalid", Error;
    /// Two trusts that give the same phone number or email address without
    /// saying they share it: a copied trust.yaml publishes another trust's
    /// contacts.
    ContactShared = "contact-shared", Error;
    /// Ten digits that read as an NHS number but fail the Modulus 11 check.
    NhsNumberInvalid = "nhs-number-invalid", Error;
    /// A hand-written copy of a canonical list that differs from it.
    ListDrift = "list-drift", Error;
    /// A page whose next review date has passed.
    ReviewOverdue = "review-overdue", Warning;
    /// A page with no review dates.
    ReviewMissing = "review-missing", Warning;
    /// A page whose `last_reviewed` date is after today: usually the year
    /// typed wrong, and it would keep the page from ever falling due.
    ReviewFuture = "review-future", Warning;
    /// A page uses a fact that the information governance lead has not verified.
    RuleUnverified = "rule-unverified", Warning;
    /// An `allow` entry that matches nothing on its page.
    AllowUnused = "allow-unused", Warning;
    /// An internal link or `#anchor` that leads nowhere.
    LinkBroken = "link-broken", Error;
    /// An image without alt text.
    ImageAltMissing = "image-alt-missing", Error;
    /// A heading that skips a level.
    HeadingSkipped = "heading-skipped", Error;
    /// A top-level heading in a page body: the title is the page's only one.
    HeadingH1 = "heading-h1", Error;
    /// Link text such as "click here" that does not say where a link goes.
    LinkTextVague = "link-text-vague", Warning;
    /// A table whose header row is empty.
    TableHeaderMissing = "table-header-missing", Error;
    /// A sentence longer than plain English allows.
    SentenceLong = "sentence-long", Warning;
    /// A page harder to read than the site's target reading age.
    ReadingAge = "reading-age", Warning;
    /// Raw HTML that could run a script: `<script>`, event handlers,
    /// `javascript:` addresses, frames.
    HtmlUnsafe = "html-unsafe", Error;
}

/// A place in a source file: the file's site-relative path and a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Site-relative path, as in [`SourceFile::path`] (shared with the
    /// diagnostic's `file`).
    pub file: Arc<str>,
    /// Byte range in the file's text.
    pub range: Range<usize>,
}

/// One problem, with everything a person needs to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error or warning, after site.toml's levels are applied.
    pub severity: Severity,
    /// The trust whose rendering of a shared page found the problem.
    pub trust: Option<String>,
    /// Every trust whose pages have it, once the run's diagnostics are
    /// finished: a mistake in a page shared by 33 trusts is one diagnostic
    /// listing them, not 33.
    pub trusts: Vec<String>,
    /// Where the problem is; `None` for problems with no place (a missing folder).
    pub span: Option<Span>,
    /// Where a file is named without a place in it (an unreadable file).
    pub file: Option<Arc<str>>,
    /// One sentence: what is wrong.
    pub message: String,
    /// The text as written, the rule and its place, and a note; `None`
    /// when it has none of them (see [`Diagnostic::detail`]).
    detail: Option<Box<Detail>>,
    /// What to write instead. Borrowed when it is fixed text: a site with
    /// tens of thousands of warnings of one kind holds one copy of it.
    pub help: Option<Cow<'static, str>>,
    /// Probably caused by another error (a reference to a rule in a file
    /// that failed to load): shown only if it is the only error.
    pub cascade: bool,
}

/// The parts of a diagnostic that lint warnings never have: a site whose
/// authors left hundreds of thousands of long sentences holds a pointer
/// for each, not five empty fields (120 bytes a warning).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Detail {
    /// The text exactly as written, where that matters.
    pub found: Option<String>,
    /// What the rule data says it should be.
    pub expected: Option<String>,
    /// The rule id the problem is about.
    pub rule: Option<String>,
    /// Where that rule is defined.
    pub rule_span: Option<Span>,
    /// Why: background, such as the history of a retired value.
    pub note: Option<String>,
}

/// What a diagnostic without details reads as.
static NO_DETAIL: Detail = Detail {
    found: None,
    expected: None,
    rule: None,
    rule_span: None,
    note: None,
};

impl Diagnostic {
    /// A diagnostic with the code's default severity and no place yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            trust: None,
            trusts: Vec::new(),
            span: None,
            file: None,
            message: message.into(),
            detail: None,
            help: None,
            cascade: false,
        }
    }

    /// The text as written, the rule, its place and the note, where given.
    pub fn detail(&self) -> &Detail {
        self.detail.as_deref().unwrap_or(&NO_DETAIL)
    }

    /// The details, to set one.
    pub fn detail_mut(&mut self) -> &mut Detail {
        self.detail.get_or_insert_default()
    }

    /// Marks the diagnostic as probably caused by another error.
    pub fn cascading(mut self, cascade: bool) -> Self {
        self.cascade = cascade;
        self
    }

    /// Points the diagnostic at a byte range of a file.
    pub fn at(self, file: &str, range: Range<usize>) -> Self {
        // One copy of the path for both: a warning-heavy site has hundreds
        // of thousands of diagnostics.
        self.at_shared(&Arc::from(file), range)
    }

    /// Points the diagnostic at a byte range of a file whose path the
    /// caller already shares: a page's many warnings hold one copy.
    pub fn at_shared(mut self, file: &Arc<str>, range: Range<usize>) -> Self {
        self.file = Some(file.clone());
        self.span = Some(Span {
            file: file.clone(),
            range,
        });
        self
    }

    /// Names the file without a place in it.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(Arc::from(file));
        self
    }

    /// Names the trust whose rendering found the problem.
    pub fn for_trust(mut self, trust: &str) -> Self {
        self.trust = Some(trust.to_string());
        self
    }

    /// Adds a help line: what to write instead.
    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a note: why this is a problem.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.detail_mut().note = Some(note.into());
        self
    }

    /// Records the text as written on the page.
    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.detail_mut().found = Some(found.into());
        self
    }
}

/// All the diagnostics of a run, with the source files they point into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Every file read, in the order read: registering one must cost
    /// next to nothing, as a run reads thousands and quotes a few.
    sources: Vec<Arc<SourceFile>>,
    /// Index into `sources` by path, made when a report first asks.
    by_path: std::sync::OnceLock<HashMap<String, usize>>,
}

impl Diagnostics {
    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// The diagnostics, taken out (sources are dropped).
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }

    /// Whether any diagnostic is an error once site.toml's `levels` apply,
    /// before [`Diagnostics::finish`] has applied them.
    pub fn has_errors_at(&self, levels: &BTreeMap<Code, Option<Severity>>) -> bool {
        self.items.iter().any(|d| match levels.get(&d.code) {
            Some(level) => *level == Some(Severity::Error),
            None => d.severity == Severity::Error,
        })
    }

    /// Takes in another set's diagnostics and the sources they quote.
    pub fn absorb(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        for source in other.sources {
            self.add_source(source);
        }
    }

    /// Adds many diagnostics.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Remembers a source file so that reports can quote it.
    pub fn add_source(&mut self, file: Arc<SourceFile>) {
        self.sources.push(file);
        self.by_path = std::sync::OnceLock::new();
    }

    /// The source file a diagnostic points into, if it was loaded.
    pub fn source(&self, path: &str) -> Option<&SourceFile> {
        let index = self.by_path.get_or_init(|| {
            // A file read twice is quoted as last read, as before.
            (0..self.sources.len())
                .map(|i| (self.sources[i].path.clone(), i))
                .collect()
        });
        index.get(path).map(|i| self.sources[*i].as_ref())
    }

    /// Start and end line:column of a diagnostic, when it has a place in a
    /// loaded file.
    pub fn positions(&self, d: &Diagnostic) -> Option<(LineCol, LineCol)> {
        let span = d.span.as_ref()?;
        let source = self.source(&span.file)?;
        Some((
            source.line_col(span.range.start),
            source.line_col(span.range.end),
        ))
    }

    /// Where a diagnostic points, as authors write it: `file:line:col`.
    pub fn place(&self, d: &Diagnostic) -> Option<String> {
        let file = d.file.as_deref()?;
        Some(match self.positions(d) {
            Some((start, _)) => format!("{file}:{}:{}", start.line, start.column),
            None => file.to_string(),
        })
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// The diagnostics, in report order once [`Diagnostics::finish`] has run.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Applies site.toml's severity levels (dropping codes set to "off"),
    /// removes exact repeats (a shared page broken the same way for every
    /// trust is reported once) and sorts by file and position, so that the
    /// report is the same on every run.
    pub fn finish(&mut self, levels: &BTreeMap<Code, Option<Severity>>) {
        if self
            .items
            .iter()
            .any(|d| !d.cascade && d.severity == Severity::Error)
        {
            self.items.retain(|d| !d.cascade);
        }
        self.items.retain_mut(|d| match levels.get(&d.code) {
            Some(Some(severity)) => {
                d.severity = *severity;
                true
            }
            Some(None) => false,
            None => true,
        });
        sort_in_order(&mut self.items);
        self.merge_trusts();
        // A problem merged for several trusts names none, and so may sort
        // earlier (`sort_in_order` sorts only what is out of order).
        sort_in_order(&mut self.items);
        self.summarise_unverified();
    }

    /// An unverified fact is one task for the information governance lead,
    /// however many pages show it: its `rule-unverified` warnings become
    /// one, at the rule's line in the rule data, naming the pages.
    /// The items stay sorted: each summary goes in at its place (there are
    /// a handful, among what may be tens of thousands of warnings).
    fn summarise_unverified(&mut self) {
        let mut by_rule: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        let shown = self.items.extract_if(.., |d| {
            d.code == Code::RuleUnverified
                && d.detail().rule.is_some()
                && d.detail().rule_span.is_some()
        });
        for d in shown {
            let rule = d.detail().rule.clone().unwrap_or_default();
            by_rule.entry(rule).or_default().push(d);
        }
        for (rule, shown) in by_rule {
            let summary = unverified_summary(&rule, shown);
            let at = self
                .items
                .partition_point(|d| sort_key(d) <= sort_key(&summary));
            self.items.insert(at, summary);
        }
    }

    /// A shared page broken the same way for several trusts is one problem:
    /// it is reported once, with every trust in `trusts` (and `trust` only
    /// where there is one).
    fn merge_trusts(&mut self) {
        // In place: the items may be tens of thousands of warnings.
        for d in &mut self.items {
            d.trusts = d.trust.iter().cloned().collect();
        }
        self.items.dedup_by(|later, kept| {
            let same = same_problem(kept, later);
            if same {
                kept.trusts.extend(later.trust.take());
            }
            same
        });
        for d in &mut self.items {
            if d.trusts.len() > 1 {
                d.trust = None;
            }
        }
    }
}

/// One `rule-unverified` warning for a rule that `shown` (its warnings on
/// pages, at least one) says pages show.
fn unverified_summary(rule: &str, shown: Vec<Diagnostic>) -> Diagnostic {
    let mut pages: Vec<&str> = shown
        .iter()
        .filter_map(|d| d.span.as_ref().map(|s| &*s.file))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    let mut trusts: Vec<String> = shown
        .iter()
        .flat_map(|d| d.trusts.iter().cloned())
        .collect();
    trusts.sort_unstable();
    trusts.dedup();
    let named = pages.iter().take(5).copied().collect::<Vec<_>>().join(", ");
    let more = pages.len().saturating_sub(5);
    let list = if more > 0 {
        format!("{named} and {more} more")
    } else {
        named
    };
    let span = shown[0].detail().rule_span.clone();
    let file = span.as_ref().map_or("content/rules", |s| &*s.file);
    let shows = match pages.len() {
        1 => "1 page shows it".to_string(),
        n => format!("{n} pages show it"),
    };
    let mut d = Diagnostic::new(
        Code::RuleUnverified,
        format!("`{rule}` has not been verified, and {shows}"),
    )
    .note(format!("shown on {list}"))
    .help(format!(
        "for the information governance lead: check it against the law it cites, then set `status: confirmed` here in {file}"
    ));
    d.severity = shown[0].severity;
    d.detail_mut().rule = Some(rule.to_string());
    d.detail_mut().rule_span = span.clone();
    d.file = span.as_ref().map(|s| s.file.clone());
    d.span = span;
    d.trusts = trusts;
    d
}

/// Sorts diagnostics by [`sort_key`], comparing files by their rank among
/// the files named rather than by their paths: tens of thousands of
/// warnings on a rebuild spent most of their sorting comparing paths. The
/// order is exactly `sort_key`'s.
fn sort_in_order(items: &mut [Diagnostic]) {
    if items.is_sorted_by(|a, b| sort_key(a) <= sort_key(b)) {
        return;
    }
    let mut files: Vec<&str> = items.iter().filter_map(|d| d.file.as_deref()).collect();
    files.sort_unstable();
    files.dedup();
    let rank: HashMap<&str, usize> = files.iter().enumerate().map(|(i, f)| (*f, i + 1)).collect();
    // No file sorts first, as `None` does.
    let keys: Vec<(usize, usize)> = items
        .iter()
        .map(|d| {
            let file = d
                .file
                .as_deref()
                .and_then(|f| rank.get(f))
                .copied()
                .unwrap_or(0);
            (file, d.span.as_ref().map_or(0, |s| s.range.start))
        })
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&a, &b| {
        keys[a]
            .cmp(&keys[b])
            .then_with(|| sort_key(&items[a]).cmp(&sort_key(&items[b])))
    });
    permute_in_place(items, order);
}

/// Puts `items[order[i]]` at `i` by following the permutation's cycles
/// with swaps: a second list of tens of thousands of warnings would be the
/// largest thing a warning-heavy build holds at its end.
fn permute_in_place<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..items.len() {
        let mut at = start;
        // Each place is settled once; `order[at] == at` marks it so.
        while order[at] != start {
            let from = order[at];
            items.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

fn sort_key(d: &Diagnostic) -> (Option<&str>, usize, &str, &str, Option<&str>) {
    (
        d.file.as_deref(),
        d.span.as_ref().map_or(0, |s| s.range.start),
        d.code.as_str(),
        d.message.as_str(),
        d.trust.as_deref(),
    )
}

/// Two diagnostics that differ only in the trust are one problem in a
/// shared page.
/// The same problem for two trusts: the same words in the same place, with
/// the same advice (a trust with its own target is told something else).
fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code
        && a.span == b.span
        && a.file == b.file
        && a.message == b.message
        && a.detail().note == b.detail().note
        && a.help == b.help
        && a.detail().expected == b.detail().expected
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_in_place_puts_each_item_where_the_order_says() {
        // Cycles of every length, a fixed point, and the identity.
        let orders: [&[usize]; 5] = [
            &[],
            &[0, 1, 2],
            &[2, 0, 1],
            &[1, 0, 2, 4, 5, 3],
            &[5, 4, 3, 2, 1, 0],
        ];
        for order in orders {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            let expected: Vec<usize> = order.iter().map(|&i| i * 10).collect();
            permute_in_place(&mut items, order.to_vec());
            assert_eq!(items, expected, "order {order:?}");
        }
    }

    #[test]
    fn finish_sorts_by_file_then_place() {
        let mut diagnostics = Diagnostics::default();
        for (file, start) in [("b.md", 5), ("a.md", 9), ("b.md", 1), ("a.md", 2)] {
            diagnostics
                .push(Diagnostic::new(Code::SentenceLong, "long").at(file, start..start + 1));
        }
        diagnostics.finish(&BTreeMap::new());
        let places: Vec<(String, usize)> = diagnostics
            .items()
            .iter()
            .filter_map(|d| Some((d.file.as_deref()?.to_string(), d.span.as_ref()?.range.start)))
            .collect();
        let expected = [("a.md", 2), ("a.md", 9), ("b.md", 1), ("b.md", 5)];
        assert_eq!(places, expected.map(|(f, s)| (f.to_string(), s)));
    }
}
