//! A pipeline kept between runs must give what a fresh one gives: after any
//! sequence of edits (pages, rules, trust.yaml, theme, site.toml; files
//! added, deleted and renamed), its output files and its diagnostics are
//! byte for byte those of a build that starts from nothing. The preview
//! server depends on this; a memo key that misses an input breaks it.

mod common;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use verity::RunParams;
use verity::diagnostics::report::{self, Format};
use verity::model::Date;
use verity::pipeline::Pipeline;

fn as_of() -> Date {
    Date::parse("2026-11-21").expect("date")
}

/// One change an author might make.
#[derive(Debug, Clone)]
enum Edit {
    /// A paragraph added to the end of a page.
    PageParagraph { page: usize, variant: u8 },
    /// A page's title changed.
    PageTitle { page: usize, variant: u8 },
    /// A claim the rules contradict typed into a page (an error).
    PageWrongClaim { page: usize },
    /// A page put back as it was in the example.
    PageRestored { page: usize },
    /// A new page, shared or for one trust.
    PageAdded { slot: u8, trust: Option<usize> },
    /// A page deleted.
    PageDeleted { page: usize },
    /// A page moved to a new file name (and so a new address).
    PageRenamed { page: usize, slot: u8 },
    /// A rule's wording changed.
    RuleWording { variant: u8 },
    /// A rule's amount changed, which contradicts pages that state it.
    RuleAmount { pence: u16 },
    /// A rules file that no longer parses, then one that does.
    RulesBroken { broken: bool },
    /// A trust's name changed.
    TrustName { trust: usize, variant: u8 },
    /// A trust's records phone number changed.
    TrustPhone { trust: usize, variant: u8 },
    /// A trust starts or stops publishing in Welsh.
    TrustLanguages { trust: usize, welsh: bool },
    /// A new trust, with no pages of its own.
    TrustAdded { slot: u8 },
    /// A trust and its own pages removed.
    TrustDeleted { trust: usize },
    /// The site home template changed (what it shows of each trust).
    ThemeSiteHome { variant: u8 },
    /// The page template changed.
    ThemeBase { variant: u8 },
    /// The style sheet changed.
    ThemeStyle { variant: u8 },
    /// The site's title changed.
    SiteTitle { variant: u8 },
    /// The search words changed (synonyms and ignored words).
    SearchWords { variant: u8 },
}

fn edit() -> impl Strategy<Value = Edit> {
    let page = 0..40usize;
    let trust = 0..4usize;
    prop_oneof![
        (page.clone(), any::<u8>())
            .prop_map(|(page, variant)| Edit::PageParagraph { page, variant }),
        (page.clone(), any::<u8>()).prop_map(|(page, variant)| Edit::PageTitle { page, variant }),
        page.clone().prop_map(|page| Edit::PageWrongClaim { page }),
        page.clone().prop_map(|page| Edit::PageRestored { page }),
        (0..4u8, proptest::option::of(trust.clone()))
            .prop_map(|(slot, trust)| Edit::PageAdded { slot, trust }),
        page.clone().prop_map(|page| Edit::PageDeleted { page }),
        (page, 0..4u8).prop_map(|(page, slot)| Edit::PageRenamed { page, slot }),
        any::<u8>().prop_map(|variant| Edit::RuleWording { variant }),
        (0..3u16).prop_map(|n| Edit::RuleAmount { pence: n * 500 }),
        any::<bool>().prop_map(|broken| Edit::RulesBroken { broken }),
        (trust.clone(), any::<u8>())
            .prop_map(|(trust, variant)| Edit::TrustName { trust, variant }),
        (trust.clone(), any::<u8>())
            .prop_map(|(trust, variant)| Edit::TrustPhone { trust, variant }),
        (trust.clone(), any::<bool>())
            .prop_map(|(trust, welsh)| Edit::TrustLanguages { trust, welsh }),
        (0..3u8).prop_map(|slot| Edit::TrustAdded { slot }),
        trust.prop_map(|trust| Edit::TrustDeleted { trust }),
        (0..3u8).prop_map(|variant| Edit::ThemeSiteHome { variant }),
        any::<u8>().prop_map(|variant| Edit::ThemeBase { variant }),
        any::<u8>().prop_map(|variant| Edit::ThemeStyle { variant }),
        any::<u8>().prop_map(|variant| Edit::SiteTitle { variant }),
        (0..3u8).prop_map(|variant| Edit::SearchWords { variant }),
    ]
}

/// Site homes that show more of each trust than its name, as a theme may.
const SITE_HOMES: [&str; 3] = [
    "{% for trust in trusts %}<p>{{ trust.name }}: {{ trust.contacts.records.phone | default(value=\"\") }}</p>{% endfor %}",
    "{% for trust in trusts %}<p>{{ trust.name }} ({{ trust.nation }})</p>{% endfor %}",
    "{% for trust in trusts %}<p><a href=\"{{ trust.url }}\">{{ trust.name }}</a></p>{% endfor %}",
];

/// The example site, with a site home that lists each trust's phone number.
struct Site {
    dir: tempfile::TempDir,
    root: PathBuf,
    original: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = common::example_site();
        let original = common::example_site();
        let root = dir.path().canonicalize().expect("root");
        let site = Site {
            dir,
            root,
            original,
        };
        site.site_home(0);
        site
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).unwrap_or_default()
    }

    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&path, text).expect("write");
        path
    }

    fn site_home(&self, variant: usize) -> PathBuf {
        let template = format!(
            "{{% extends \"base.html\" %}}{{% block content %}}<h1>{{{{ site.title }}}}</h1>{}{{% endblock content %}}",
            SITE_HOMES[variant % SITE_HOMES.len()]
        );
        self.write("themes/nhs/templates/site_home.html", &template)
    }

    /// Every page file, in a stable order.
    fn pages(&self) -> Vec<String> {
        self.files_under("content", |path| {
            path.extension().is_some_and(|e| e == "md")
        })
    }

    /// Every trust folder's id, in a stable order.
    fn trusts(&self) -> Vec<String> {
        let mut trusts: Vec<String> = std::fs::read_dir(self.path("content/trusts"))
            .expect("trusts")
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().join("trust.yaml").is_file())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        trusts.sort();
        trusts
    }

    fn files_under(&self, folder: &str, wanted: impl Fn(&Path) -> bool) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.path(folder))
            .into_iter()
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_type().is_file() && wanted(entry.path()))
            .filter_map(|entry| {
                let relative = entry.path().strip_prefix(&self.root).ok()?;
                Some(relative.to_string_lossy().into_owned())
            })
            .collect();
        files.sort();
        files
    }

    /// Applies an edit; returns the paths it touched, as a watcher would
    /// report them.
    fn apply(&self, edit: &Edit) -> Vec<PathBuf> {
        let pages = self.pages();
        let trusts = self.trusts();
        let page = |i: usize| pages.get(i % pages.len().max(1)).cloned();
        let trust = |i: usize| trusts.get(i % trusts.len().max(1)).cloned();
        match *edit {
            Edit::PageParagraph { page: i, variant } => page(i)
                .map(|p| {
                    let text = self.read(&p) + &format!("\nA short note, number {variant}.\n");
                    vec![self.write(&p, &text)]
                })
                .unwrap_or_default(),
            Edit::PageTitle { page: i, variant } => page(i)
                .map(|p| {
                    let text =
                        replace_line(&self.read(&p), "title:", &format!("title: Page {variant}"));
                    vec![self.write(&p, &text)]
                })
                .unwrap_or_default(),
            Edit::PageWrongClaim { page: i } => page(i)
                .map(|p| {
                    let text = self.read(&p)
                        + "\nWe will reply to your request within 40 days. It costs up to £50.\n";
                    vec![self.write(&p, &text)]
                })
                .unwrap_or_default(),
            Edit::PageRestored { page: i } => page(i)
                .map(|p| {
                    let original = self.original.path().join(&p);
                    match std::fs::read_to_string(original) {
                        Ok(text) => vec![self.write(&p, &text)],
                        Err(_) => Vec::new(),
                    }
                })
                .unwrap_or_default(),
            Edit::PageAdded { slot, trust: t } => {
                let folder = match t.and_then(trust) {
                    Some(id) => format!("content/trusts/{id}"),
                    None => "content/pages".to_string(),
                };
                let text = format!(
                    "---\ntitle: Extra page {slot}\ndescription: Another page.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n## About this\n\nYou can ask us for your records at any time.\n"
                );
                vec![self.write(&format!("{folder}/extra-{slot}.md"), &text)]
            }
            Edit::PageDeleted { page: i } => page(i)
                .map(|p| {
                    std::fs::remove_file(self.path(&p)).expect("delete");
                    vec![self.path(&p)]
                })
                .unwrap_or_default(),
            Edit::PageRenamed { page: i, slot } => page(i)
                .map(|p| {
                    let from = self.path(&p);
                    let to = from.with_file_name(format!("renamed-{slot}.md"));
                    std::fs::rename(&from, &to).expect("rename");
                    vec![from, to]
                })
                .unwrap_or_default(),
            Edit::RuleWording { variant } => {
                let file = "content/rules/fees.yaml";
                let text = replace_line(
                    &self.read(file),
                    "    summary: It is free",
                    &format!(
                        "    summary: It is free to ask for a copy of your records ({variant})."
                    ),
                );
                vec![self.write(file, &text)]
            }
            Edit::RuleAmount { pence } => {
                let file = "content/rules/fees.yaml";
                let text = self.read(file).replacen(
                    "amount_pence: 0\n",
                    &format!("amount_pence: {pence}\n"),
                    1,
                );
                let text = replace_first_line(
                    &text,
                    "    amount_pence: ",
                    &format!("    amount_pence: {pence}"),
                );
                vec![self.write(file, &text)]
            }
            Edit::RulesBroken { broken } => {
                let file = "content/rules/caldicott.yaml";
                let original = std::fs::read_to_string(self.original.path().join(file))
                    .expect("original rules");
                let text = if broken {
                    original + "\nbroken: [\n"
                } else {
                    original
                };
                vec![self.write(file, &text)]
            }
            Edit::TrustName { trust: t, variant } => trust(t)
                .map(|id| {
                    let file = format!("content/trusts/{id}/trust.yaml");
                    let text = replace_line(
                        &self.read(&file),
                        "name:",
                        &format!("name: Trust {id} {variant}"),
                    );
                    vec![self.write(&file, &text)]
                })
                .unwrap_or_default(),
            Edit::TrustPhone { trust: t, variant } => trust(t)
                .map(|id| {
                    let file = format!("content/trusts/{id}/trust.yaml");
                    let text = replace_first_line(
                        &self.read(&file),
                        "    phone:",
                        &format!("    phone: 0115 924 {:04}", 1000 + u32::from(variant)),
                    );
                    vec![self.write(&file, &text)]
                })
                .unwrap_or_default(),
            Edit::TrustLanguages { trust: t, welsh } => trust(t)
                .map(|id| {
                    let file = format!("content/trusts/{id}/trust.yaml");
                    let text: String = self
                        .read(&file)
                        .lines()
                        .filter(|line| !line.starts_with("languages:"))
                        .map(|line| format!("{line}\n"))
                        .collect();
                    let languages = if welsh { "[en, cy]" } else { "[en]" };
                    vec![self.write(&file, &format!("{text}languages: {languages}\n"))]
                })
                .unwrap_or_default(),
            Edit::SearchWords { variant } => {
                let text = match variant {
                    0 => "en:\n  synonyms:\n    - [fee, cost]\n  ignore: [the]\n",
                    1 => {
                        "en:\n  synonyms:\n    - [died, deceased, passed away]\n  ignore: [records, the]\ncy:\n  synonyms:\n    - [ffi, cost]\n"
                    }
                    _ => "",
                };
                vec![self.write("content/search.yaml", text)]
            }
            Edit::TrustAdded { slot } => {
                let text = format!(
                    "name: Extra Trust {slot}\nnation: england\ncontacts:\n  records:\n    name: Records team\n    phone: 0113 496 00{slot}0\n    email: records{slot}@example.nhs.uk\n"
                );
                vec![self.write(&format!("content/trusts/extra{slot}/trust.yaml"), &text)]
            }
            Edit::TrustDeleted { trust: t } => match trust(t) {
                Some(id) if trusts.len() > 1 => {
                    let folder = self.path(&format!("content/trusts/{id}"));
                    std::fs::remove_dir_all(&folder).expect("delete trust");
                    vec![folder]
                }
                _ => Vec::new(),
            },
            Edit::ThemeSiteHome { variant } => vec![self.site_home(usize::from(variant))],
            Edit::ThemeBase { variant } => {
                let file = "themes/nhs/templates/base.html";
                let text =
                    self.read(file)
                        .replacen("</body>", &format!("<!-- {variant} --></body>"), 1);
                vec![self.write(file, &text)]
            }
            Edit::ThemeStyle { variant } => {
                let file = "themes/nhs/static/style.css";
                let text = self.read(file) + &format!("\n/* {variant} */\n");
                vec![self.write(file, &text)]
            }
            Edit::SiteTitle { variant } => {
                let text = replace_line(
                    &self.read("site.toml"),
                    "title =",
                    &format!("title = \"Your health records {variant}\""),
                );
                vec![self.write("site.toml", &text)]
            }
        }
    }
}

/// The text with every line that starts with `prefix` replaced.
fn replace_line(text: &str, prefix: &str, line: &str) -> String {
    text.lines()
        .map(|l| if l.starts_with(prefix) { line } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// The text with the first line that starts with `prefix` replaced.
fn replace_first_line(text: &str, prefix: &str, line: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(prefix) {
                done = true;
                line
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// What a run gives a user: the report, and the files it would write.
#[derive(PartialEq)]
struct Judged {
    report: String,
    files: Option<Vec<(String, Vec<u8>)>>,
}

impl std::fmt::Debug for Judged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let files = self.files.as_ref().map(|files| {
            files
                .iter()
                .map(|(path, bytes)| format!("{path} ({} bytes)", bytes.len()))
                .collect::<Vec<_>>()
        });
        f.debug_struct("Judged")
            .field("report", &self.report)
            .field("files", &files)
            .finish()
    }
}

fn judge(pipeline: &mut Pipeline) -> Judged {
    let judged = pipeline.judge().expect("the site has a site.toml");
    let report = report::render(
        &judged.diagnostics,
        judged.summary,
        Format::Json,
        report::Style::default(),
    );
    let files = judged.output.map(|output| {
        output
            .files
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
            .collect()
    });
    Judged { report, files }
}

/// The first file whose bytes differ, to say what went wrong briefly.
fn first_difference(kept: &Judged, fresh: &Judged) -> String {
    if kept.report != fresh.report {
        return format!(
            "diagnostics differ:\nkept: {}\nfresh: {}",
            kept.report, fresh.report
        );
    }
    match (&kept.files, &fresh.files) {
        (Some(kept), Some(fresh)) => {
            for (k, f) in kept.iter().zip(fresh) {
                if k != f {
                    return format!(
                        "{} differs from {}:\nkept: {}\nfresh: {}",
                        k.0,
                        f.0,
                        String::from_utf8_lossy(&k.1),
                        String::from_utf8_lossy(&f.1)
                    );
                }
            }
            format!("{} files kept, {} fresh", kept.len(), fresh.len())
        }
        (kept, fresh) => format!(
            "output kept: {}, fresh: {}",
            kept.is_some(),
            fresh.is_some()
        ),
    }
}

/// Runs the edits one by one against two long-lived pipelines, one that
/// looks at every file's time stamp and one told of each change as the
/// preview server's watcher tells it, and a fresh pipeline after each.
fn rebuilds_equal_fresh_builds(edits: &[Edit]) -> Result<(), TestCaseError> {
    let site = Site::new();
    let mut polled = Pipeline::new(&site.root, RunParams::as_of(as_of()));
    let mut watched = Pipeline::watched(&site.root, RunParams::as_of(as_of()));
    // As the preview server runs it: each edit's rebuild puts the search
    // files off, and a run straight after makes them.
    let mut deferred = Pipeline::watched(&site.root, RunParams::as_of(as_of()));
    judge(&mut polled);
    judge(&mut watched);
    judge(&mut deferred);
    for (step, edit) in edits.iter().enumerate() {
        let touched = site.apply(edit);
        watched.forget(&touched);
        deferred.forget(&touched);
        deferred.put_off_search(true);
        judge(&mut deferred);
        deferred.put_off_search(false);
        // A fresh build as `verity build` makes it, keeping nothing.
        let fresh = judge(&mut Pipeline::once(&site.root, RunParams::as_of(as_of())));
        let kept = judge(&mut polled);
        prop_assert!(
            kept == fresh,
            "after step {step} ({edit:?}), the polled pipeline: {}",
            first_difference(&kept, &fresh)
        );
        let kept = judge(&mut watched);
        prop_assert!(
            kept == fresh,
            "after step {step} ({edit:?}), the watched pipeline: {}",
            first_difference(&kept, &fresh)
        );
        let kept = judge(&mut deferred);
        prop_assert!(
            kept == fresh,
            "after step {step} ({edit:?}), the pipeline that put search off: {}",
            first_difference(&kept, &fresh)
        );
    }
    drop(site.dir);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_rebuild_after_any_edits_equals_a_fresh_build(edits in proptest::collection::vec(edit(), 1..7)) {
        rebuilds_equal_fresh_builds(&edits)?;
    }
}

/// The case that found the site-home key covering only each trust's id and
/// name, kept so it runs every time.
#[test]
fn a_trust_phone_edit_reaches_a_site_home_that_shows_it() {
    rebuilds_equal_fresh_builds(&[Edit::TrustPhone {
        trust: 1,
        variant: 7,
    }])
    .expect("the rebuild equals a fresh build");
}
