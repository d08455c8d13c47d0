//! Writes a large, realistic Verity site for benchmarks, and the same
//! content in Hugo's and Zola's layouts for side-by-side runs.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --trusts 100 --pages 100 OUT [--hugo HUGO_OUT] [--zola ZOLA_OUT]
//! ```
//!
//! `--pages` is per trust: half are shared pages (one file rendered for
//! every trust), half the trust's own. Pages run from 300 to 900 words, with
//! headings, lists, a table every few pages, a code block on one in ten and
//! links between pages. Every deadline, fee and contact is an expression,
//! so the site checks clean.
//!
//! `--legacy` writes as pages imported from an old site read: one sentence
//! in five runs to 26 to 40 words, so the writing lints warn tens of
//! thousands of times (issue 19 and 20 measure what that costs).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

struct Options {
    trusts: usize,
    pages: usize,
    out: PathBuf,
    /// Other generators to write the same content for, and where.
    peers: Vec<(Peer, PathBuf)>,
    legacy: bool,
}

/// Another static site generator, given the same pages with their facts
/// written out (it has no rule data) and templates like Verity's.
#[derive(Clone, Copy)]
enum Peer {
    Hugo,
    Zola,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let (mut trusts, mut pages, mut out, mut legacy) = (10, 10, None, false);
    let mut peers = Vec::new();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<usize, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--trusts" => trusts = number("--trusts")?,
            "--pages" => pages = number("--pages")?,
            "--hugo" => peers.push((Peer::Hugo, args.next().ok_or("--hugo needs a folder")?)),
            "--zola" => peers.push((Peer::Zola, args.next().ok_or("--zola needs a folder")?)),
            "--legacy" => legacy = true,
            other if !other.starts_with('-') => out = Some(PathBuf::from(other)),
            other => return Err(format!("unknown option {other}")),
        }
    }
    let out = out.ok_or(
        "usage: gen_corpus --trusts N --pages N OUT [--hugo HUGO_OUT] [--zola ZOLA_OUT] [--legacy]",
    )?;
    let peers = peers
        .into_iter()
        .map(|(peer, dir)| (peer, PathBuf::from(dir)))
        .collect();
    Ok(Options {
        trusts,
        pages,
        out,
        peers,
        legacy,
    })
}

/// A small deterministic generator, so every run writes the same corpus.
struct Random {
    state: u64,
    /// Whether sentences run long now and then, as imported pages' do.
    legacy: bool,
}

impl Random {
    fn next(&mut self) -> u64 {
        self.state = self
            .state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.state >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const NOUNS: &[&str] = &[
    "record",
    "letter",
    "team",
    "doctor",
    "nurse",
    "clinic",
    "request",
    "form",
    "result",
    "appointment",
    "ward",
    "service",
    "carer",
    "family",
    "patient",
    "test",
    "scan",
    "note",
    "report",
    "visit",
    "hospital",
    "surgery",
];
const VERBS: &[&str] = &[
    "keeps", "shows", "explains", "lists", "checks", "shares", "sends", "reads", "updates",
    "protects", "answers",
];
const ADJECTIVES: &[&str] = &[
    "private", "clear", "full", "short", "simple", "careful", "safe", "recent", "written",
    "printed",
];

fn sentence(random: &mut Random) -> String {
    let words = if random.legacy && random.below(5) == 0 {
        26 + random.below(15)
    } else {
        5 + random.below(5)
    };
    let mut s = format!(
        "The {} {} the {}",
        random.pick(ADJECTIVES),
        random.pick(NOUNS),
        random.pick(VERBS)
    );
    for _ in 0..words.saturating_sub(4) {
        s.push(' ');
        s.push_str(if random.below(3) == 0 {
            random.pick(ADJECTIVES)
        } else {
            random.pick(NOUNS)
        });
    }
    s.push('.');
    s
}

fn paragraph(random: &mut Random, sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(random))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Sentences that use the rule data through expressions.
const FACTS: &[&str] = &[
    "We will reply within {{ deadlines.sar_response }}.",
    "It is {{ fees.sar_standard }} to ask for your records.",
    "If your request is complex, we can take up to {{ deadlines.sar_response.extension }} more.",
    "Call our team on {{ trust.contacts.records.phone }}.",
    "Email {{ trust.contacts.records.email }} with any questions.",
    "{{ deadlines.sar_response.summary }}",
];

/// The same sentences with the values written in, for Hugo.
fn plain_facts(text: &str, trust: usize) -> String {
    text.replace("{{ deadlines.sar_response }}", "1 calendar month")
        .replace("{{ fees.sar_standard }}", "free")
        .replace("{{ deadlines.sar_response.extension }}", "2 calendar months")
        .replace("{{ trust.contacts.records.phone }}", &phone(trust))
        .replace("{{ trust.contacts.records.email }}", &email(trust))
        .replace(
            "{{ deadlines.sar_response.summary }}",
            "We must reply within 1 calendar month. The month starts on the day we get your request, or the day we get any proof of identity we asked for, if that is later.",
        )
        .replace("{{ contact(\"records\") }}", &format!("Phone: {}, email: {}", phone(trust), email(trust)))
}

fn phone(trust: usize) -> String {
    format!("0113 496 {:04}", trust % 10_000)
}

fn email(trust: usize) -> String {
    format!("records@trust-{trust:03}.example.nhs.uk")
}

/// A page body of roughly `words` words.
fn body(random: &mut Random, index: usize, pages: usize, words: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", paragraph(random, 2));
    let _ = writeln!(out, "{}\n", FACTS[index % FACTS.len()]);
    let mut written = 40;
    let mut section = 0;
    while written < words {
        section += 1;
        let _ = writeln!(
            out,
            "## {} {} {}\n",
            capitalise(random.pick(ADJECTIVES)),
            random.pick(NOUNS),
            section
        );
        let _ = writeln!(out, "{}\n", paragraph(random, 3));
        let _ = writeln!(out, "{}\n", FACTS[(index + section) % FACTS.len()]);
        for _ in 0..3 + random.below(3) {
            let _ = writeln!(out, "- {}", sentence(random));
        }
        out.push('\n');
        let link = (index + section) % pages;
        let _ = writeln!(
            out,
            "Read [more about this](../page-{link:03}/) before you ask.\n"
        );
        written += 140;
    }
    if index.is_multiple_of(3) {
        out.push_str("| Step | What happens |\n|---|---|\n");
        for _ in 0..4 {
            let _ = writeln!(
                out,
                "| {} | {} |",
                capitalise(random.pick(NOUNS)),
                sentence(random)
            );
        }
        out.push('\n');
    }
    if index.is_multiple_of(10) {
        out.push_str("```text\nReference: example only\nKeep this letter safe\n```\n\n");
    }
    if index.is_multiple_of(4) {
        out.push_str("{{ contact(\"records\") }}\n");
    }
    out
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn front_matter(title: &str, topics: &str) -> String {
    format!(
        "---\ntitle: {title}\ndescription: A generated guidance page for benchmarks.\ntopics: [{topics}]\nlast_reviewed: 2026-11-01\nnext_review: 2027-11-01\n---\n\n"
    )
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn trust_yaml(trust: usize) -> String {
    format!(
        "name: Generated Trust {trust:03} NHS Foundation Trust\nnation: england\ncontacts:\n  records:\n    name: Health records team\n    phone: {}\n    email: {}\n",
        phone(trust),
        email(trust)
    )
}

fn generate(options: &Options) -> Result<(), String> {
    let out = &options.out;
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    verity::write_example(out).map_err(|e| e.to_string())?;
    for generated in ["content/pages", "content/trusts"] {
        std::fs::remove_dir_all(out.join(generated)).map_err(|e| e.to_string())?;
    }
    let shared = options.pages / 2;
    let own = options.pages - shared;
    let mut random = Random {
        state: 2026,
        legacy: options.legacy,
    };
    let mut bodies = Vec::new();
    for index in 0..shared {
        let words = 300 + random.below(600);
        let text = body(&mut random, index, options.pages, words);
        write(
            &out.join(format!("content/pages/page-{index:03}.md")),
            &format!(
                "{}{text}",
                front_matter(&format!("Shared page {index}"), "sar")
            ),
        )?;
        bodies.push((index, format!("Shared page {index}"), text));
    }
    for trust in 1..=options.trusts {
        let dir = out.join(format!("content/trusts/trust-{trust:03}"));
        write(&dir.join("trust.yaml"), &trust_yaml(trust))?;
        for n in 0..own {
            let index = shared + n;
            let words = 300 + random.below(600);
            let text = body(&mut random, index, options.pages, words);
            let title = format!("Trust {trust} page {index}");
            write(
                &dir.join(format!("page-{index:03}.md")),
                &format!("{}{text}", front_matter(&title, "sar")),
            )?;
            for (peer, dir) in &options.peers {
                write_peer_page(*peer, dir, trust, index, &title, &text)?;
            }
        }
    }
    for (peer, dir) in &options.peers {
        for trust in 1..=options.trusts {
            for (index, title, text) in &bodies {
                write_peer_page(*peer, dir, trust, *index, title, text)?;
            }
        }
        match peer {
            Peer::Hugo => write_hugo_site(dir)?,
            Peer::Zola => write_zola_site(dir, options.trusts)?,
        }
    }
    Ok(())
}

fn write_peer_page(
    peer: Peer,
    dir: &Path,
    trust: usize,
    index: usize,
    title: &str,
    text: &str,
) -> Result<(), String> {
    let path = dir.join(format!("content/trust-{trust:03}/page-{index:03}.md"));
    let description = "A generated guidance page for benchmarks.";
    let front = match peer {
        Peer::Hugo => format!("---\ntitle: \"{title}\"\ndescription: {description}\n---\n\n"),
        Peer::Zola => format!("+++\ntitle = \"{title}\"\ndescription = \"{description}\"\n+++\n\n"),
    };
    write(&path, &format!("{front}{}", plain_facts(text, trust)))
}

/// Minimal templates equivalent to Verity's: a page, a list per trust, a home.
fn write_hugo_site(hugo: &Path) -> Result<(), String> {
    write(
        &hugo.join("config.toml"),
        "baseURL = \"/\"\ntitle = \"Your health records\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[markup.highlight]\nnoClasses = false\n",
    )?;
    let base = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><header><a href=\"/\">NHS</a></header><main>{{ block \"main\" . }}{{ end }}</main><footer>Your health records</footer></body></html>\n";
    write(&hugo.join("layouts/_default/baseof.html"), base)?;
    write(
        &hugo.join("layouts/_default/single.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><p>{{ .Description }}</p>{{ .TableOfContents }}{{ .Content }}{{ end }}\n",
    )?;
    write(
        &hugo.join("layouts/_default/list.html"),
        "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>{{ end }}\n",
    )?;
    write(
        &hugo.join("layouts/index.html"),
        "{{ define \"main\" }}<h1>Choose your trust</h1><ul>{{ range .Sections }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n",
    )
}

/// The same templates for Zola (Tera), with a section per trust. Zola
/// builds its full-text search index, as Verity builds each trust's.
fn write_zola_site(zola: &Path, trusts: usize) -> Result<(), String> {
    write(
        &zola.join("config.toml"),
        "base_url = \"/\"\ntitle = \"Your health records\"\ncompile_sass = false\nbuild_search_index = true\ngenerate_feeds = false\n",
    )?;
    write(
        &zola.join("content/_index.md"),
        "+++\ntitle = \"Your health records\"\n+++\n",
    )?;
    for trust in 1..=trusts {
        write(
            &zola.join(format!("content/trust-{trust:03}/_index.md")),
            &format!("+++\ntitle = \"Trust {trust}\"\n+++\n"),
        )?;
    }
    let base = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{% block title %}{% endblock %}</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body><header><a href=\"/\">NHS</a></header><main>{% block main %}{% endblock %}</main><footer>Your health records</footer></body></html>\n";
    write(&zola.join("templates/base.html"), base)?;
    write(
        &zola.join("templates/page.html"),
        "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block main %}<h1>{{ page.title }}</h1><p>{{ page.description }}</p><ul>{% for h in page.toc %}<li><a href=\"{{ h.permalink | safe }}\">{{ h.title }}</a></li>{% endfor %}</ul>{{ page.content | safe }}{% endblock %}\n",
    )?;
    write(
        &zola.join("templates/section.html"),
        "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink | safe }}\">{{ p.title }}</a> {{ p.description }}</li>{% endfor %}</ul>{% endblock %}\n",
    )?;
    write(
        &zola.join("templates/index.html"),
        "{% extends \"base.html\" %}{% block title %}{{ section.title }}{% endblock %}{% block main %}<h1>Choose your trust</h1><ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href=\"{{ sub.permalink | safe }}\">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}\n",
    )
}

fn main() {
    let result = options().and_then(|o| generate(&o));
    if let Err(message) = result {
        eprintln!("gen_corpus: {message}");
        std::process::exit(2);
    }
}
