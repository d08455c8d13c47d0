//! The hot paths of a build, one by one: expression expansion, claim
//! extraction, markdown rendering and template rendering, on the example
//! site's own pages. `cargo bench` runs them; whole builds are timed by
//! `bench/compare.sh`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use verity::RunParams;
use verity::bench::{ExamplePage, claims_in};
use verity::diagnostics::report::{self, Format, Summary};
use verity::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use verity::model::Date;
use verity::pipeline::Pipeline;

fn params() -> RunParams {
    RunParams::as_of(Date::parse("2026-11-21").unwrap_or_else(|e| panic!("{e}")))
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn hot_paths(c: &mut Criterion) {
    let page = ExamplePage::load(root(), params(), "your-records", "nuh")
        .unwrap_or_else(|e| panic!("the example site loads: {e}"));

    c.bench_function("parse expressions of a page", |b| {
        b.iter(|| black_box(&page).parse())
    });
    c.bench_function("expand a page for one trust", |b| {
        b.iter(|| black_box(&page).expand())
    });

    let paragraph = "Imperial asks for two proofs of identification. There may be a charge, up to a maximum of £50. \
                     We have between 21 to 40 days to respond; call 020 3313 3112 or email records@example.nhs.uk.";
    c.bench_function("extract claims from a paragraph", |b| {
        b.iter(|| claims_in(black_box(paragraph)))
    });
    let plain = "You have the right to see the health records we hold about you. This is called a subject access request.";
    c.bench_function("extract claims from a paragraph with none", |b| {
        b.iter(|| claims_in(black_box(plain)))
    });

    c.bench_function("read a page's sentences for the writing lints", |b| {
        b.iter(|| black_box(&page).sentences())
    });
    c.bench_function("read a page's markdown (text blocks and body)", |b| {
        b.iter(|| black_box(&page).read())
    });
    c.bench_function("render a page with the theme", |b| {
        b.iter(|| black_box(&page).render())
    });

    // The human report of one page with thousands of problems: its cost
    // must grow with the number of problems, not with their square (20,000
    // took 23 s when each was quoted from the whole page).
    for count in [5_000, 20_000] {
        let (diagnostics, summary) = many_problems(count);
        c.bench_function(
            &format!("human report of {count} problems in one page"),
            |b| {
                // Every problem in full, as `--verbose` shows them.
                let style = report::Style {
                    color: false,
                    verbose: true,
                };
                b.iter(|| report::render(black_box(&diagnostics), summary, Format::Human, style))
            },
        );
    }

    c.bench_function("judge the example site again after no change", |b| {
        let mut pipeline = Pipeline::new(root(), params());
        b.iter(|| pipeline.judge().map(|o| o.work))
    });
}

/// A page that says "40 days" on each of `count` lines, and a problem at
/// each.
fn many_problems(count: usize) -> (Diagnostics, Summary) {
    let text = "We reply within 40 days.\n".repeat(count);
    let file = Arc::new(SourceFile::new("many.md", Path::new("many.md"), text));
    let mut diagnostics = Diagnostics::default();
    diagnostics.add_source(file);
    for line in 0..count {
        let at = line * 25 + 16;
        diagnostics.push(
            Diagnostic::new(Code::DeadlineMismatch, "a time limit the rules do not have")
                .at("many.md", at..at + 7)
                .help("write {{ deadlines.sar_response }}"),
        );
    }
    let summary = Summary {
        errors: count,
        warnings: 0,
        pages: 1,
        trusts: 1,
    };
    (diagnostics, summary)
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
