//! Stage five: HTML. Each page's body, as the read stage wrote it, has its
//! component placeholders filled by the theme, and the theme's page, trust
//! home and site home templates wrap the result; the site's own files
//! (search, sitemap, 404) are made here too.
//!
//! Not for: deciding what is wrong with a page (that is `check`) or writing
//! files (that is `write`).

mod search;
pub(crate) mod theme;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::expand::{ExpandedPage, Part};
use crate::model::{Lang, Page, Site, Trust, TrustId};
use crate::read::body::fill_placeholders;
use crate::read::{Heading, RenderedBody};
pub(crate) use search::{SearchEntry, SectionCache, search_entry, search_files};
pub(crate) use theme::Theme;

/// Every file of the built site, by path relative to the output folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path (with `/` separators) → contents, shared with the preview
    /// server's cache rather than copied. Empty when the run did not keep
    /// them: a build writes each file as it is made.
    pub files: BTreeMap<Arc<str>, Arc<[u8]>>,
    /// How many files the site has.
    pub count: usize,
}

/// One output file: its path and its bytes.
pub(crate) type OutputFile = (Arc<str>, Arc<[u8]>);

/// A file's text as it is published: a value decoded from YAML can hold a
/// marker character that the loader could not see in the file, and none
/// ever reaches a published file.
pub(crate) fn published(text: String) -> String {
    match crate::model::without_reserved(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// Files made as text, as output files.
pub(crate) fn as_output(files: Vec<(String, String)>) -> Vec<OutputFile> {
    files
        .into_iter()
        .map(|(path, text)| (Arc::from(path), Arc::from(published(text).into_bytes())))
        .collect()
}

/// Stands in for a block component's body while the component is rendered
/// once, so that its HTML can be split into an opening and a closing half.
const BODY_MARKER: &str = "\u{E002}body\u{E002}";

/// One page rendered for one trust, before it is wrapped in the theme.
#[derive(Debug, Clone)]
pub(crate) struct RenderedPage {
    /// The page's index in [`Site::pages`].
    pub(crate) page: usize,
    /// The trust it was rendered for.
    pub(crate) trust: TrustId,
    /// The language it is written in.
    pub(crate) lang: Lang,
    /// The body HTML.
    pub(crate) html: String,
    /// The body's headings.
    pub(crate) headings: Vec<Heading>,
}

/// Fills an expanded page's body, as read, with its components' HTML.
pub(crate) fn render_body(
    theme: &Theme,
    page: usize,
    trust: &TrustId,
    expanded: &ExpandedPage,
    file: &str,
    body: &RenderedBody,
    lang: Lang,
) -> Result<RenderedPage, Diagnostic> {
    let mut halves: BTreeMap<usize, (String, String)> = BTreeMap::new();
    let mut filled = Vec::with_capacity(expanded.components.len());
    for (index, call) in expanded.components.iter().enumerate() {
        let at_call = |d: Diagnostic| {
            let d = d.for_trust(trust);
            if d.span.is_some() {
                d
            } else {
                d.at(file, call.expression.clone())
            }
        };
        let html = match call.part {
            Part::Whole => theme.render_component(call, None, lang).map_err(at_call)?,
            Part::Open => {
                let html = theme
                    .render_component(call, Some(BODY_MARKER), lang)
                    .map_err(at_call)?;
                let (open, close) = html.split_once(BODY_MARKER).unwrap_or((html.as_str(), ""));
                halves.insert(index, (open.to_string(), close.to_string()));
                open.to_string()
            }
            Part::Close(open) => halves
                .get(&open)
                .map(|(_, close)| close.clone())
                .unwrap_or_default(),
        };
        filled.push(html);
    }
    let html = fill_placeholders(&body.html, &|i| filled.get(i).cloned());
    Ok(RenderedPage {
        page,
        trust: trust.clone(),
        lang,
        html,
        headings: body.headings.clone(),
    })
}

/// The site's base address, always ending in `/`.
/// The path every link starts with (`/` or `/guidance/`). Links stay on
/// the site's own host, so the preview server and any copy of the site
/// work without the real domain.
pub(crate) fn base_url(site: &Site) -> String {
    base_path(&site.config.base_url)
}

/// The site's absolute address, when `base_url` gives one (for the sitemap).
fn absolute_base(site: &Site) -> Option<String> {
    let base = &site.config.base_url;
    (base.starts_with("https://") || base.starts_with("http://"))
        .then(|| format!("{}/", base.trim_end_matches('/')))
}

/// The files every site has besides its pages: the 404 page, robots.txt,
/// and (when `base_url` is absolute) a sitemap with each page's last review.
pub(crate) fn site_files(site: &Site, theme: &Theme) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut context = base_context(site, theme)?;
    // The 404 page cannot know which language its reader wanted: it says
    // everything in each language the site's trusts publish in.
    let mut others = Vec::new();
    for lang in site_languages(site).into_iter().filter(|l| *l != Lang::En) {
        others.push(theme.strings_in(lang)?);
    }
    context.insert("other_languages", &others);
    let mut files = vec![(
        "404.html".to_string(),
        theme.render_page("404.html", &context)?,
    )];
    let mut robots = "User-agent: *\nAllow: /\n".to_string();
    if let Some(base) = absolute_base(site) {
        robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
        files.push(("sitemap.xml".to_string(), sitemap(site, &base)));
    }
    files.push(("robots.txt".to_string(), robots));
    files.push(("_headers".to_string(), headers(&base_url(site))));
    files.push((
        "staticwebapp.config.json".to_string(),
        azure_config(&base_url(site)),
    ));
    Ok(files)
}

/// The same headers and 404 page for Azure Static Web Apps, which reads
/// `staticwebapp.config.json` rather than `_headers`.
fn azure_config(base: &str) -> String {
    let headers: serde_json::Map<String, serde_json::Value> = SECURITY_HEADERS
        .iter()
        .chain(HOST_ONLY_HEADERS)
        .map(|(name, value)| (name.to_string(), serde_json::Value::from(*value)))
        .collect();
    let config = serde_json::json!({
        "globalHeaders": headers,
        "routes": [{
            "route": format!("{base}assets/*"),
            "headers": { "Cache-Control": "public, max-age=31536000, immutable" }
        }],
        "responseOverrides": {
            "404": { "rewrite": format!("{base}404.html"), "statusCode": 404 }
        }
    });
    // A map of strings cannot fail to serialize.
    let mut text = serde_json::to_string_pretty(&config).unwrap_or_default();
    text.push('\n');
    text
}

/// What [`site_files`] depends on besides the theme and site.toml: each
/// trust's id, and each of its pages' address and last review.
pub(crate) fn site_files_inputs(
    site: &Site,
) -> Vec<(&str, &str, Lang, Option<crate::model::Date>)> {
    site.trusts
        .keys()
        .flat_map(|id| {
            site.pages_for(id)
                .map(move |p| (id.as_str(), p.slug.as_str(), p.lang, p.front.last_reviewed))
        })
        .collect()
}

/// Every language some trust publishes in, English first.
fn site_languages(site: &Site) -> Vec<Lang> {
    let mut languages: Vec<Lang> = site
        .trusts
        .values()
        .flat_map(|t| t.languages.iter().copied())
        .collect();
    languages.sort();
    languages.dedup();
    languages
}

/// The headers every page of the site is served with, by hosts that read
/// the `_headers` file and by the preview server: a strict
/// Content-Security-Policy (the theme has no inline script or style, and a
/// page's own HTML can have neither).
pub(crate) const SECURITY_HEADERS: &[(&str, &str)] = &[
    (
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    (
        "Permissions-Policy",
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()",
    ),
];

/// Sent by hosts only: over HTTPS, browsers then never ask for the site
/// over plain HTTP for a year. Not for other names under the trust's
/// domain, which Verity knows nothing of; and not from the preview
/// server, which speaks plain HTTP.
const HOST_ONLY_HEADERS: &[(&str, &str)] = &[("Strict-Transport-Security", "max-age=31536000")];

/// Response headers for hosts that read a `_headers` file: the security
/// headers, and a year's caching for assets, whose names change with their
/// content.
fn headers(base: &str) -> String {
    let mut file = format!("{base}*\n");
    for (name, value) in SECURITY_HEADERS.iter().chain(HOST_ONLY_HEADERS) {
        file.push_str(&format!("  {name}: {value}\n"));
    }
    file.push_str(&format!(
        "{base}assets/*\n  Cache-Control: public, max-age=31536000, immutable\n"
    ));
    file
}

fn sitemap(site: &Site, base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    // One entry per page of every trust: written straight into the file.
    let mut entry = |parts: &[&str], lastmod: Option<crate::model::Date>| {
        xml.push_str("  <url><loc>");
        for part in std::iter::once(&base).chain(parts) {
            push_escaped_xml(&mut xml, part);
        }
        xml.push_str("</loc>");
        if let Some(date) = lastmod {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    };
    entry(&[], None);
    for trust in site.trusts.values() {
        for lang in &trust.languages {
            // A trust's home lists its pages: it changed when they last did.
            let latest = site
                .pages_for(&trust.id)
                .filter(|p| p.lang == *lang)
                .filter_map(|p| p.front.last_reviewed)
                .max();
            entry(&[&trust.id, "/", lang.prefix()], latest);
        }
        for page in site.pages_for(&trust.id) {
            let root = trust_root(&trust.id, page.lang);
            entry(&[&root, &page.slug, "/"], page.front.last_reviewed);
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

fn push_escaped_xml(xml: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => xml.push_str("&amp;"),
            '<' => xml.push_str("&lt;"),
            '>' => xml.push_str("&gt;"),
            '"' => xml.push_str("&quot;"),
            '\'' => xml.push_str("&apos;"),
            c => xml.push(c),
        }
    }
}

/// The path part of `base_url`, always starting and ending with `/`.
pub(crate) fn base_path(base_url: &str) -> String {
    let without_scheme = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    let trimmed = without_scheme.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Where a trust's pages in a language begin, relative to the output
/// folder: "hhft/", or "hywel-dda/cy/" for its Welsh pages.
pub(crate) fn trust_root(trust: &str, lang: Lang) -> String {
    format!("{trust}/{}", lang.prefix())
}

/// Where a page lives, relative to the output folder.
pub(crate) fn page_path(trust: &str, lang: Lang, slug: &str) -> String {
    format!("{}{slug}/index.html", trust_root(trust, lang))
}

/// The same page in each language its trust publishes in, for the
/// language switch and `hreflang` links. `page` is the address after the
/// language's folder ("accessibility/"), and `exists` says whether the
/// trust has it in a language: where it does not, the switch goes to the
/// trust's home in that language and search engines are not told of it.
fn alternates(
    site: &Site,
    trust: &Trust,
    current: Lang,
    page: &str,
    exists: impl Fn(Lang) -> bool,
) -> Vec<LanguageLink> {
    if trust.languages.len() < 2 {
        return Vec::new();
    }
    trust
        .languages
        .iter()
        .map(|&lang| {
            let translated = exists(lang);
            let root = format!("{}{}", base_url(site), trust_root(&trust.id, lang));
            LanguageLink {
                lang: lang.as_str(),
                name: lang.own_name(),
                url: if translated {
                    format!("{root}{page}")
                } else {
                    root
                },
                current: lang == current,
                translated,
            }
        })
        .collect()
}

/// A link to one language's version of a page.
#[derive(Serialize)]
struct LanguageLink {
    /// Its language code, for `lang` and `hreflang`.
    lang: &'static str,
    /// The language's name in itself: "Cymraeg".
    name: &'static str,
    url: String,
    /// The language the page is in.
    current: bool,
    /// The page exists in this language (else `url` is the trust's home).
    translated: bool,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    base_url: String,
    /// The scheme and host of an absolute `base_url` ("https://x.nhs.uk"),
    /// else empty: canonical links are absolute where the site knows its
    /// address.
    origin: String,
}

#[derive(Serialize)]
struct TrustView<'a> {
    id: &'a str,
    name: &'a str,
    nation: &'a str,
    website: Option<&'a str>,
    privacy_notice: Option<&'a str>,
    url: String,
    contacts: Cow<'a, BTreeMap<String, crate::model::Contact>>,
    /// The records team's phone number as a `tel:` address, for the
    /// footer and the search page.
    records_tel: Option<String>,
}

#[derive(Serialize)]
struct PageLink<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    content: &'a str,
    headings: &'a [Heading],
    /// The level-2 headings, for the contents list.
    sections: Vec<&'a Heading>,
    last_reviewed: Option<String>,
    next_review: Option<String>,
    topics: Vec<&'a str>,
    /// The online services for what the page is about, as links.
    online_services: Vec<OnlineLink<'a>>,
}

/// A link to an online service: what the patient does there, and where.
#[derive(Serialize)]
struct OnlineLink<'a> {
    text: &'a str,
    web: &'a str,
}

/// The online services a page links to: the trust's own and the rule
/// data's for its nation (a trust's service stands in for the rule data's
/// of the same id), about one of the page's topics, in id order.
fn online_services<'a>(site: &'a Site, trust: &'a Trust, page: &Page) -> Vec<OnlineLink<'a>> {
    let national = site.rules.online_services.iter().filter(|(id, service)| {
        !trust.online_services.contains_key(*id)
            && (service.nations.is_empty() || service.nations.contains(&trust.nation))
    });
    let mut services: Vec<_> = national.chain(&trust.online_services).collect();
    services.sort_by_key(|(id, _)| *id);
    services
        .into_iter()
        .filter(|(_, service)| service.topics.iter().any(|t| page.front.topics.contains(t)))
        .map(|(_, service)| OnlineLink {
            text: service.link_in(page.lang),
            web: service.web.value.trim(),
        })
        .collect()
}

fn site_view(site: &Site) -> SiteView<'_> {
    let origin = absolute_base(site)
        .and_then(|base| {
            let host_start = base.find("://")? + 3;
            let path_start = base[host_start..]
                .find('/')
                .map_or(base.len(), |i| host_start + i);
            Some(base[..path_start].to_string())
        })
        .unwrap_or_default();
    SiteView {
        title: &site.config.title,
        base_url: base_url(site),
        origin,
    }
}

fn trust_view<'a>(site: &Site, trust: &'a Trust, lang: Lang) -> TrustView<'a> {
    TrustView {
        id: &trust.id,
        name: trust.name_in(lang),
        nation: trust.nation.as_str(),
        website: trust.website.as_deref(),
        privacy_notice: trust.privacy_notice.as_deref(),
        url: format!("{}{}", base_url(site), trust_root(&trust.id, lang)),
        contacts: contacts_in(&trust.contacts, lang),
        records_tel: trust
            .contacts
            .get("records")
            .and_then(|c| c.phone.as_deref())
            .map(crate::model::Phone::read)
            // "Ask the switchboard" is no number to dial.
            .filter(|phone| !phone.national.is_empty())
            .map(|phone| phone.tel_uri()),
    }
}

/// A trust's contacts as a page in a language shows them: a Welsh page
/// shows a contact's Welsh name and hours where trust.yaml gives them.
fn contacts_in(
    contacts: &BTreeMap<String, crate::model::Contact>,
    lang: Lang,
) -> Cow<'_, BTreeMap<String, crate::model::Contact>> {
    if lang == Lang::En {
        return Cow::Borrowed(contacts);
    }
    let shown = contacts
        .iter()
        .map(|(role, contact)| (role.clone(), contact.in_lang(lang)))
        .collect();
    Cow::Owned(shown)
}

/// What every template gets: the site, the assets and the English words.
fn base_context(site: &Site, theme: &Theme) -> Result<Context, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("t", theme.strings_in(Lang::En)?.clone());
    context.insert("alternates", &Vec::<LanguageLink>::new());
    // The page's own address (path), where it has one; the 404 page has none.
    context.insert("address", "");
    context.insert("site", &site_view(site));
    let assets: BTreeMap<&str, String> = theme
        .asset_paths
        .iter()
        .map(|(name, path)| (name.as_str(), format!("{}assets/{path}", base_url(site))))
        .collect();
    context.insert("assets", &assets);
    Ok(context)
}

/// What every page of one trust in one language shows of the site, the
/// trust and the theme's words, made once per trust and language rather
/// than once per page (the trust's contacts alone are a good part of the
/// work of wrapping a page).
pub(crate) fn trust_context(
    site: &Site,
    theme: &Theme,
    trust: &Trust,
    lang: Lang,
) -> Result<Context, Diagnostic> {
    let mut context = base_context(site, theme)?;
    context.insert_value("t", theme.strings_in(lang)?.clone());
    context.insert("trust", &trust_view(site, trust, lang));
    Ok(context)
}

/// A trust's page that is not an author's (its home, accessibility
/// statement, search), in one language, at `page` under the language's
/// folder.
fn trust_page(
    site: &Site,
    theme: &Theme,
    trust: &Trust,
    lang: Lang,
    page: &str,
) -> Result<Context, Diagnostic> {
    let mut context = trust_context(site, theme, trust, lang)?;
    context.insert("alternates", &alternates(site, trust, lang, page, |_| true));
    context.insert(
        "address",
        &format!("{}{}{page}", base_url(site), trust_root(&trust.id, lang)),
    );
    Ok(context)
}

/// Wraps a rendered page in the theme's page template.
pub(crate) fn wrap_page(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedPage,
) -> Result<(String, String), Diagnostic> {
    let (_, trust) = page_and_trust(site, rendered)?;
    let context = trust_context(site, theme, trust, rendered.lang)?;
    wrap_page_in(site, theme, rendered, &context)
}

/// The page and trust a rendered page is for. Both always exist (pages are
/// only expanded for loaded trusts); a miss is reported, never a panic.
fn page_and_trust<'a>(
    site: &'a Site,
    rendered: &RenderedPage,
) -> Result<(&'a Page, &'a Trust), Diagnostic> {
    let missing = || {
        Diagnostic::new(
            crate::diagnostics::Code::ThemeError,
            format!("no page {} for trust `{}`", rendered.page, rendered.trust),
        )
    };
    let page = site.pages.get(rendered.page).ok_or_else(missing)?;
    let trust = site.trusts.get(&rendered.trust).ok_or_else(missing)?;
    Ok((page, trust))
}

/// Wraps a rendered page in the theme's page template, given its trust's
/// [`trust_context`].
pub(crate) fn wrap_page_in(
    site: &Site,
    theme: &Theme,
    rendered: &RenderedPage,
    trust_context: &Context,
) -> Result<(String, String), Diagnostic> {
    let (page, trust) = page_and_trust(site, rendered)?;
    let next_review = page.front.next_review.or_else(|| {
        page.front
            .last_reviewed
            .map(|d| d.add_months(site.config.review_interval_months))
    });
    let view = PageView {
        title: &page.front.title,
        description: &page.front.description,
        url: format!(
            "{}{}{}/",
            base_url(site),
            trust_root(&trust.id, page.lang),
            page.slug
        ),
        content: &rendered.html,
        headings: &rendered.headings,
        sections: rendered.headings.iter().filter(|h| h.level == 2).collect(),
        last_reviewed: page.front.last_reviewed.map(|d| d.long_form_in(page.lang)),
        next_review: next_review.map(|d| d.long_form_in(page.lang)),
        topics: page.front.topics.iter().map(|t| t.as_str()).collect(),
        online_services: online_services(site, trust, page),
    };
    let mut context = trust_context.clone();
    context.insert("address", &view.url);
    context.insert("page", &view);
    let slug = format!("{}/", page.slug);
    let translated = |lang: Lang| site.has_page(&trust.id, &page.slug, lang);
    context.insert(
        "alternates",
        &alternates(site, trust, page.lang, &slug, translated),
    );
    let html = theme
        .render_page("page.html", &context)
        .map_err(|d| d.for_trust(&trust.id))?;
    Ok((page_path(&trust.id, page.lang, &page.slug), html))
}

/// Which languages a trust has a page in, for its key: the language switch
/// of each version links to the others.
pub(crate) fn translations(site: &Site, trust: &Trust, slug: &str) -> Vec<Lang> {
    if trust.languages.len() < 2 {
        return Vec::new();
    }
    trust
        .languages
        .iter()
        .copied()
        .filter(|lang| site.has_page(&trust.id, slug, *lang))
        .collect()
}

/// What a trust's home in a language shows of its pages, for telling
/// whether it changed.
pub(crate) fn trust_home_inputs<'a>(
    site: &'a Site,
    trust: &'a Trust,
    lang: Lang,
) -> Vec<(&'a str, &'a str, &'a str, Option<&'a str>)> {
    site.pages_for(&trust.id)
        .filter(|p| p.lang == lang)
        .map(|p| {
            (
                p.front.title.as_str(),
                p.front.description.as_str(),
                p.slug.as_str(),
                p.front.group.as_deref(),
            )
        })
        .collect()
}

/// A heading of a trust's home and the pages listed under it; `heading`
/// is `None` for the pages that name no group.
#[derive(Serialize)]
struct PageGroup<'a> {
    heading: Option<&'a str>,
    pages: Vec<PageLink<'a>>,
}

/// Pages in list order, grouped by the group they name, each group where
/// its first page comes, and the pages that name none after them all: a
/// comms team orders pages once, and groups follow.
fn grouped<'a>(pages: impl Iterator<Item = (Option<&'a str>, PageLink<'a>)>) -> Vec<PageGroup<'a>> {
    let mut groups: Vec<PageGroup> = Vec::new();
    let mut ungrouped = Vec::new();
    for (heading, link) in pages {
        let Some(heading) = heading else {
            ungrouped.push(link);
            continue;
        };
        match groups.iter_mut().find(|g| g.heading == Some(heading)) {
            Some(group) => group.pages.push(link),
            None => groups.push(PageGroup {
                heading: Some(heading),
                pages: vec![link],
            }),
        }
    }
    if !ungrouped.is_empty() {
        groups.push(PageGroup {
            heading: None,
            pages: ungrouped,
        });
    }
    groups
}

/// A trust's guidance home in a language, listing its pages in it.
pub(crate) fn render_trust_home(
    site: &Site,
    theme: &Theme,
    trust: &Trust,
    lang: Lang,
) -> Result<(String, String), Diagnostic> {
    let root = trust_root(&trust.id, lang);
    let mut links = site
        .pages_for(&trust.id)
        .filter(|p| p.lang == lang)
        .map(|p| {
            let link = PageLink {
                title: &p.front.title,
                description: &p.front.description,
                url: format!("{}{root}{}/", base_url(site), p.slug),
            };
            (p.front.group.as_deref(), link)
        });
    let main_task = links.next().map(|(_, link)| link);
    let mut context = trust_page(site, theme, trust, lang, "")?;
    context.insert("main_task", &main_task);
    context.insert("groups", &grouped(links));
    let html = theme
        .render_page("trust_home.html", &context)
        .map_err(|d| d.for_trust(&trust.id))?;
    Ok((format!("{root}index.html"), html))
}

/// A trust's accessibility statement in a language, which the
/// accessibility regulations require, with the trust's own contact details.
pub(crate) fn render_accessibility(
    site: &Site,
    theme: &Theme,
    trust: &Trust,
    lang: Lang,
) -> Result<(String, String), Diagnostic> {
    let mut context = trust_page(site, theme, trust, lang, "accessibility/")?;
    context.insert("statement", &statement_view(site, &[trust], lang));
    let html = theme
        .render_page("accessibility.html", &context)
        .map_err(|d| d.for_trust(&trust.id))?;
    Ok((
        format!("{}accessibility/index.html", trust_root(&trust.id, lang)),
        html,
    ))
}

/// What an accessibility statement says of the website (site.toml's
/// `[accessibility]`), with its dates written out in the page's language.
#[derive(Serialize)]
struct StatementView<'a> {
    compliance: crate::model::Compliance,
    known_issues: &'a [String],
    prepared: Option<String>,
    reviewed: Option<String>,
    tested: Option<String>,
    tested_by: Option<&'a str>,
    /// Who enforces the regulations for the bodies the statement covers:
    /// in Great Britain the EHRC, through the EASS; in Northern Ireland its
    /// own Equality Commission.
    great_britain: bool,
    northern_ireland: bool,
}

fn statement_view<'a>(site: &'a Site, trusts: &[&Trust], lang: Lang) -> StatementView<'a> {
    let config = &site.config.accessibility;
    let date = |written: &Option<toml::Spanned<String>>| {
        written
            .as_ref()
            .and_then(|d| crate::model::Date::parse(d.get_ref()).ok())
            .map(|d| d.long_form_in(lang))
    };
    StatementView {
        compliance: config.compliance,
        known_issues: &config.known_issues,
        prepared: date(&config.prepared),
        reviewed: date(&config.reviewed),
        tested: date(&config.tested),
        tested_by: config.tested_by.as_deref(),
        great_britain: trusts
            .iter()
            .any(|t| t.nation != crate::model::Nation::NorthernIreland),
        northern_ireland: trusts
            .iter()
            .any(|t| t.nation == crate::model::Nation::NorthernIreland),
    }
}

/// The site's own accessibility statement, for readers of the pages that
/// belong to no trust (the site home, the 404 page): what the website is
/// like, and each trust's statement for its contact details.
pub(crate) fn render_site_accessibility(
    site: &Site,
    theme: &Theme,
) -> Result<(String, String), Diagnostic> {
    let trusts: Vec<&Trust> = site.trusts.values().collect();
    let views: Vec<TrustView> = trusts
        .iter()
        .map(|t| trust_view(site, t, Lang::En))
        .collect();
    let mut context = base_context(site, theme)?;
    context.insert("trusts", &views);
    context.insert("statement", &statement_view(site, &trusts, Lang::En));
    context.insert("address", &format!("{}accessibility/", base_url(site)));
    let html = theme.render_page("site_accessibility.html", &context)?;
    Ok(("accessibility/index.html".to_string(), html))
}

/// The site home: choose your trust.
pub(crate) fn render_site_home(site: &Site, theme: &Theme) -> Result<(String, String), Diagnostic> {
    let trusts: Vec<TrustView> = site
        .trusts
        .values()
        .map(|t| trust_view(site, t, Lang::En))
        .collect();
    let mut context = base_context(site, theme)?;
    context.insert("trusts", &trusts);
    context.insert("address", &base_url(site));
    let html = theme.render_page("site_home.html", &context)?;
    Ok(("index.html".to_string(), html))
}

/// The theme's assets, as output files.
pub(crate) fn asset_files(theme: &Theme) -> impl Iterator<Item = (Arc<str>, Arc<[u8]>)> + '_ {
    theme
        .assets
        .iter()
        .map(|(path, bytes)| (Arc::from(format!("assets/{path}")), bytes.clone()))
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_paths_come_from_base_urls() {
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path("/guidance"), "/guidance/");
        assert_eq!(base_path("https://example.nhs.uk/records/"), "/records/");
        assert_eq!(base_path("https://example.nhs.uk"), "/");
    }
}
