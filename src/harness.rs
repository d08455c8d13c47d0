//! Entry points that take arbitrary bytes, for the fuzz targets in `fuzz/`
//! and for the test that replays their corpus (`tests/fuzz_corpus.rs`).
//!
//! Each runs one part of the pipeline on the input and checks what must
//! hold for any input: no panic, and every range it reports lies inside
//! the text on character boundaries (and, for a page, that reading it once
//! for many trusts gives each trust's own reading). A broken promise panics, which is how
//! a fuzzer learns of it.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::expand::ExpandedPage;
use crate::model::{Date, Page, RunParams};
use crate::pipeline::{Judged, Pipeline};
use crate::read::Reading;

/// The front-matter splitter.
pub fn front_matter(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(split) = crate::load::split_front_matter(&text) {
        assert_range(&text, &split.yaml, "front matter");
        assert!(split.yaml.end <= split.body_start && split.body_start <= text.len());
        assert!(text.is_char_boundary(split.body_start));
        assert_plain_front_matter_agrees(&text, &split.yaml);
    }
}

/// Front matter read without the YAML parser must read exactly as the
/// YAML parser reads it.
fn assert_plain_front_matter_agrees(text: &str, yaml: &Range<usize>) {
    let Some(plain) = crate::load::read_plain_front_matter(&text[yaml.clone()]) else {
        return;
    };
    let file = SourceFile::new("page.md", &PathBuf::from("page.md"), text.to_string());
    let parsed = crate::load::yaml::YamlText {
        file: &file,
        start: yaml.start,
        end: yaml.end,
    }
    .parse::<crate::model::FrontMatter>();
    let parsed = parsed.map(|front| format!("{front:?}")).ok();
    assert_eq!(
        Some(format!("{plain:?}")),
        parsed,
        "front matter read two ways differs"
    );
}

/// Raw HTML in a page body: the sanitiser's verdict (what the checker
/// reports) against what the browser-facing output contains.
/// - Nothing in the output is outside the allow-list, read again the way
///   a browser's tokenizer reads it.
/// - Where nothing is reported, the sanitised body is the body as written,
///   parsed and written back with nothing removed: nothing was dropped
///   without a word. That includes every body the renderer sends out
///   without sanitising (no raw HTML, no address that is not allowed).
/// - Every reported place lies inside the markdown.
pub fn raw_html(data: &[u8]) {
    use crate::read::sanitize;
    let markdown = String::from_utf8_lossy(data);
    let events = pulldown_cmark::Parser::new_ext(&markdown, crate::read::body::markdown_options())
        .into_offset_iter();
    let written = crate::read::body::write_body(events, &markdown);
    let body = crate::read::body::render_markdown(&markdown);
    for removed in &body.removed {
        assert_range(&markdown, &removed.range, "removed HTML");
    }
    assert_eq!(
        sanitize::removals(&body.html),
        [],
        "the output holds HTML the allow-list does not"
    );
    let verdict = sanitize::removals(&written.html);
    if !written.needs_cleaning {
        assert_eq!(
            verdict,
            [],
            "a body sent out unsanitised holds HTML the allow-list does not"
        );
    }
    if verdict.is_empty() {
        assert_eq!(
            sanitize::clean(&written.html),
            sanitize::clean_permissively(&written.html),
            "the sanitiser removed something it did not report"
        );
    }
}

/// The expression parser, on a page body.
pub fn expressions(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (template, diagnostics) = crate::expand::parse_body("page.md", &text, 0);
    assert_diagnostics(&text, &diagnostics);
    for node in &template.nodes {
        if let crate::expand::Node::Text(range) = node {
            assert_range(&text, range, "typed text");
        }
    }
}

/// The claim extractor, on one block of text.
pub fn claims(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for claim in crate::check::claims::extract(&text) {
        assert_range(&text, &claim.range, "claim");
    }
}

/// One page, expanded for a trust of the example site, read as the checker
/// reads it and rendered into the theme.
pub fn page(data: &[u8]) {
    let Some(example) = example() else {
        return;
    };
    let text = String::from_utf8_lossy(data).into_owned();
    let site = &example.judged.site;
    let (Some(model), Some(trust)) = (site.pages.first(), site.trusts.values().next()) else {
        return;
    };
    let mut front = (*model.front).clone();
    front.allow.clear();
    let page = Page {
        source: Arc::new(SourceFile::new("page.md", &PathBuf::from("page.md"), text)),
        front: Arc::new(front),
        body_start: 0,
        slug: model.slug.clone(),
        owner: model.owner.clone(),
        lang: model.lang,
        trusts: vec![trust.id.clone()],
        allow_ranges: Vec::new(),
    };
    let (template, mut diagnostics) =
        crate::expand::parse_body(&page.source.path, &page.source.text, 0);
    let (expanded, problems) =
        crate::expand::expand_page(site, example.as_of, &page, &template, trust);
    diagnostics.extend(problems);
    assert_diagnostics(&page.source.text, &diagnostics);
    let reading = crate::read::read(&expanded);
    assert_marked_reading_matches(&expanded, &reading);
    let blocks = &reading.text;
    for block in &blocks.blocks {
        for claim in crate::check::claims::extract(&block.text) {
            if let Some(source) = block.typed_source(&claim.range) {
                assert_range(&page.source.text, &source, "claim's source");
            }
        }
    }
    let sentences = crate::check::lints::block_sentences(&blocks.blocks);
    crate::check::lints::long_sentences(
        &page.source.path.as_str().into(),
        &blocks.blocks,
        &sentences,
    );
    crate::check::lints::reading_age(&sentences);
    if let Some(theme) = &example.judged.theme {
        // A template error is a diagnostic, not a crash; either is fine here.
        if let Ok(body) = crate::render::render_body(
            theme,
            0,
            &trust.id,
            &expanded,
            "page.md",
            &reading.body,
            page.lang,
        ) {
            let _ = crate::render::wrap_page(site, theme, &body);
        }
    }
}

/// The example site as judged, and the date it was judged as of.
struct Example {
    judged: Judged,
    as_of: Date,
}

/// The example site, loaded once per process from a copy written to the
/// temporary folder and removed; `None` if it cannot be written there.
fn example() -> Option<&'static Example> {
    static EXAMPLE: OnceLock<Option<Example>> = OnceLock::new();
    EXAMPLE
        .get_or_init(|| {
            let dir = std::env::temp_dir().join(format!("verity-harness-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            crate::write_example(&dir).ok()?;
            let as_of = Date::parse("2026-11-21").ok()?;
            let judged = Pipeline::new(&dir, RunParams::as_of(as_of)).judge().ok();
            let loaded = judged.map(|judged| Example { judged, as_of });
            // Everything is in memory now; the copy is not needed.
            let _ = std::fs::remove_dir_all(&dir);
            loaded
        })
        .as_ref()
}

/// A shared page is read once with its values marked, then filled in for
/// each trust: that must give exactly the trust's own reading.
fn assert_marked_reading_matches(expanded: &ExpandedPage, own: &Reading) {
    use crate::read::slots::{MarkedReading, Slotted};
    let Some(slotted) = Slotted::of(expanded) else {
        return;
    };
    if let Some(marked) = MarkedReading::read(&slotted) {
        let (text, body) = marked.fill(&slotted);
        assert_eq!(text, *own.text, "the blocks read through markers differ");
        assert_eq!(body, *own.body, "the body read through markers differs");
    }
}

fn assert_range(text: &str, range: &Range<usize>, what: &str) {
    assert!(
        range.start <= range.end
            && range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end),
        "{what} range {range:?} is not inside the text of {} bytes",
        text.len()
    );
}

fn assert_diagnostics(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        if let Some(span) = d.span.as_ref().filter(|s| &*s.file == "page.md") {
            assert_range(text, &span.range, d.code.as_str());
        }
    }
}

/// What the sanitiser's allow-list would remove from HTML, read as a
/// browser reads it, one line per removal: for tests that the published
/// output holds nothing outside the list.
pub fn disallowed_html(html: &str) -> Vec<String> {
    crate::read::sanitize::removals(html)
        .into_iter()
        .map(|removed| format!("{:?} at {:?}", removed.what, removed.at))
        .collect()
}
