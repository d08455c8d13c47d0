//! The preview server's HTTP side: the built site from memory, a small
//! script that reloads the page when a rebuild finishes (server-sent
//! events), and an overlay listing the latest problems. Only files of the
//! built site are ever served; a path that tries to climb out is refused.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::Stream;
use tokio::sync::{broadcast, watch};

use super::reference::REFERENCE_PATH;
use super::state::{Problem, Snapshot};
use crate::expand::escape_html;

/// What the handlers share.
pub(crate) struct App {
    /// What to serve.
    pub(crate) snapshot: RwLock<Snapshot>,
    /// Sends the generation number after every rebuild.
    pub(crate) rebuilt: broadcast::Sender<u64>,
    /// Becomes true when the server is stopping, to end event streams.
    pub(crate) stopping: watch::Receiver<bool>,
}

/// The server's routes, each behind the guard.
pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/__verity/events", get(events))
        .route("/__verity/live.js", get(live_script))
        .route("/__verity/overlay.css", get(overlay_style))
        .route("/__verity/problems.json", get(problems))
        .route("/__verity/reference.css", get(reference_style))
        .route("/__verity/reference", get(reference_folder))
        .route(REFERENCE_PATH, get(reference_index))
        .route("/__verity/reference/{trust}/", get(reference_trust))
        .fallback(get(site_file))
        .layer(axum::middleware::from_fn(guard))
        .with_state(app)
}

/// Answers only requests addressed to this computer by a name no other
/// site can use, and sends every answer with the site's security headers,
/// so that the preview behaves as the published site will.
async fn guard(request: Request, next: Next) -> Response {
    let mut response = match refusal(&request) {
        Some(refused) => refused,
        None => next.run(request).await,
    };
    for (name, value) in crate::render::SECURITY_HEADERS {
        response
            .headers_mut()
            .insert(*name, HeaderValue::from_static(value));
    }
    response
}

/// Why a request is not answered, by the host it names: HTTP/1.1 must name
/// exactly one (in a Host header, or in the address itself), and every
/// name given must be this computer's.
fn refusal(request: &Request) -> Option<Response> {
    let hosts: Vec<&str> = request
        .headers()
        .get_all(header::HOST)
        .iter()
        .map(|h| h.to_str().unwrap_or(""))
        .collect();
    let authority = request.uri().authority().map(|a| a.as_str());
    let bad = |text: &'static str| Some((StatusCode::BAD_REQUEST, text).into_response());
    if hosts.len() > 1 {
        return bad("Bad request: a request names one host.\n");
    }
    if hosts.is_empty() && authority.is_none() && request.version() == axum::http::Version::HTTP_11
    {
        return bad("Bad request: an HTTP/1.1 request names its host.\n");
    }
    if hosts
        .into_iter()
        .chain(authority)
        .any(|host| !host_allowed(host))
    {
        return Some(
            (
                StatusCode::FORBIDDEN,
                "Verity's preview answers only to localhost or an IP address, such as http://127.0.0.1:1111/\n",
            )
                .into_response(),
        );
    }
    None
}

/// Whether a Host header names this computer in a way that no other site
/// can: `localhost`, a name under `.localhost`, or an IP address. The owner
/// of any other name can point it at 127.0.0.1 (DNS rebinding) and let
/// their pages read the preview.
pub(crate) fn host_allowed(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => {
            return rest.split_once(']').is_some_and(|(ip, port)| {
                ip.parse::<std::net::Ipv6Addr>().is_ok()
                    && (port.is_empty() || port.strip_prefix(':').is_some_and(is_port))
            });
        }
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        },
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || (name.ends_with(".localhost") && name.len() > ".localhost".len())
        || name.parse::<std::net::Ipv4Addr>().is_ok()
}

fn is_port(text: &str) -> bool {
    !text.is_empty() && text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit())
}

const LIVE_SCRIPT: &str = include_str!("live.js");
const OVERLAY_STYLE: &str = include_str!("overlay.css");

/// One of the preview's own files, from the binary.
fn preview_file(content_type: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn live_script() -> Response {
    preview_file("text/javascript; charset=utf-8", LIVE_SCRIPT)
}

async fn overlay_style() -> Response {
    preview_file("text/css; charset=utf-8", OVERLAY_STYLE)
}

const REFERENCE_STYLE: &str = include_str!("reference.css");

async fn reference_style() -> Response {
    preview_file("text/css; charset=utf-8", REFERENCE_STYLE)
}

async fn reference_folder() -> Response {
    Redirect::permanent(REFERENCE_PATH).into_response()
}

/// Every value and component, compared across the trusts.
async fn reference_index(State(app): State<Arc<App>>) -> Response {
    reference_page(&app, |reference| Some(reference.index().to_string()))
}

/// Every value and component as one trust's pages show them.
async fn reference_trust(
    State(app): State<Arc<App>>,
    axum::extract::Path(trust): axum::extract::Path<String>,
) -> Response {
    reference_page(&app, |reference| reference.for_trust(&trust))
}

fn reference_page(
    app: &App,
    page: impl FnOnce(&super::reference::Reference) -> Option<String>,
) -> Response {
    let Ok(snapshot) = app.snapshot.read().map(|s| s.clone()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match snapshot.reference.as_deref().and_then(page) {
        Some(html) => file_response(
            StatusCode::OK,
            "reference.html",
            html.as_bytes(),
            &snapshot.problems,
        ),
        None => not_found(&snapshot.problems),
    }
}

async fn problems(State(app): State<Arc<App>>) -> Response {
    let problems = app
        .snapshot
        .read()
        .map(|s| s.problems.clone())
        .unwrap_or_default();
    axum::Json(problems).into_response()
}

/// A "reload" event after every rebuild, until the server stops.
async fn events(State(app): State<Arc<App>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = app.rebuilt.subscribe();
    let stopping = app.stopping.clone();
    let stream = futures_util::stream::unfold(
        (receiver, stopping),
        |(mut receiver, mut stopping)| async move {
            if *stopping.borrow() {
                return None;
            }
            loop {
                tokio::select! {
                    message = receiver.recv() => match message {
                        Ok(generation) => {
                            let event = Event::default().event("reload").data(generation.to_string());
                            return Some((Ok(event), (receiver, stopping)));
                        }
                        Err(broadcast::error::RecvError::Lagged(_)) => continue,
                        Err(broadcast::error::RecvError::Closed) => return None,
                    },
                    _ = stopping.changed() => return None,
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Why a request path cannot be served.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The path tries to climb out of the site, or is malformed: 400.
    BadPath,
}

/// The output file a request path names, relative to the site, or why it
/// is refused. `..`, `.`, encoded slashes and backslashes are refused
/// before anything is looked up.
pub(crate) fn resolve(raw_path: &str, base_path: &str) -> Result<String, Refused> {
    let lower = raw_path.to_ascii_lowercase();
    if raw_path.contains('\\')
        || lower.contains("%2f")
        || lower.contains("%5c")
        || lower.contains("%00")
    {
        return Err(Refused::BadPath);
    }
    let decoded = percent_encoding::percent_decode_str(raw_path)
        .decode_utf8()
        .map_err(|_| Refused::BadPath)?;
    if decoded.contains('\0') || !decoded.starts_with('/') {
        return Err(Refused::BadPath);
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.contains(':'))
    {
        return Err(Refused::BadPath);
    }
    let base: Vec<&str> = base_path.split('/').filter(|s| !s.is_empty()).collect();
    let inside = segments.strip_prefix(base.as_slice()).unwrap_or(&segments);
    let mut path = inside.join("/");
    if decoded.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Ok(path)
}

async fn site_file(State(app): State<Arc<App>>, uri: Uri) -> Response {
    let Ok(snapshot) = app.snapshot.read().map(|s| s.clone()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let path = match resolve(uri.path(), &snapshot.base_path) {
        Ok(path) => path,
        Err(Refused::BadPath) => {
            return (
                StatusCode::BAD_REQUEST,
                "Bad request: that path is not part of the site.\n",
            )
                .into_response();
        }
    };
    if let Some(bytes) = snapshot.output.files.get(path.as_str()) {
        return file_response(StatusCode::OK, &path, bytes, &snapshot.problems);
    }
    if snapshot
        .output
        .files
        .contains_key(format!("{path}/index.html").as_str())
    {
        // To the folder's own address, made from the path as resolved: the
        // request's own path could start `//`, which a browser would read
        // as another host.
        let base: String = snapshot
            .base_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| format!("{s}/"))
            .collect();
        return Redirect::permanent(&format!("/{base}{path}/")).into_response();
    }
    match snapshot.output.files.get("404.html") {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes, &snapshot.problems),
        None => not_found(&snapshot.problems),
    }
}

fn not_found(problems: &[Problem]) -> Response {
    let page = "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>Page not found</title></head><body><h1>Page not found</h1><p>There is no page at this address in the preview.</p></body></html>";
    let html = inject(page, problems, "");
    (
        StatusCode::NOT_FOUND,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        html,
    )
        .into_response()
}

fn file_response(status: StatusCode, path: &str, bytes: &[u8], problems: &[Problem]) -> Response {
    let content_type = content_type(path);
    let mut response = if path.ends_with(".html") {
        let html = inject(&String::from_utf8_lossy(bytes), problems, path);
        (status, html).into_response()
    } else {
        (status, bytes.to_vec()).into_response()
    };
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Adds the overlay (when there are problems) and the reload script. Only
/// the preview server does this: `verity build` output never has them.
fn inject(html: &str, problems: &[Problem], path: &str) -> String {
    let mut extra = overlay(problems);
    extra.push_str(&marks(problems, path));
    extra.push_str("<script src=\"/__verity/live.js\"></script>\n");
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]),
        None => format!("{html}{extra}"),
    }
}

/// The mistakes of the page at `path` that the author typed, for the
/// preview's script to mark where they are: data, never run, so the site's
/// security policy holds.
fn marks(problems: &[Problem], path: &str) -> String {
    let here: Vec<serde_json::Value> = problems
        .iter()
        .filter(|p| !path.is_empty() && p.pages.iter().any(|page| page == path))
        .filter_map(|p| {
            let found = p.found.as_ref()?;
            Some(serde_json::json!({
                "found": found,
                "message": p.message,
                "code": p.code,
            }))
        })
        .collect();
    if here.is_empty() {
        return String::new();
    }
    // "</" would end the script element early.
    let json = serde_json::Value::from(here)
        .to_string()
        .replace("</", "<\\/");
    format!("<script type=\"application/json\" id=\"verity-marks\">{json}</script>\n")
}

/// Text for the overlay and the reference page, escaped, with `code` in
/// backticks shown as code rather than as backticks.
pub(super) fn with_code(text: &str) -> String {
    let escaped = escape_html(text);
    let mut html = String::with_capacity(escaped.len());
    for (i, part) in escaped.split('`').enumerate() {
        match i % 2 {
            1 => html.push_str(&format!("<code>{part}</code>")),
            _ => html.push_str(part),
        }
    }
    html
}

/// The overlay listing problems: a labelled dialog that keyboard and
/// screen-reader users can read and dismiss.
fn overlay(problems: &[Problem]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let count = match problems.len() {
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    let mut html = format!(
        "<link rel=\"stylesheet\" href=\"/__verity/overlay.css\">\n<section id=\"verity-overlay\" role=\"alertdialog\" aria-modal=\"false\" aria-labelledby=\"verity-overlay-title\" aria-describedby=\"verity-overlay-description\" tabindex=\"-1\">\n<h2 id=\"verity-overlay-title\">Verity found {count}</h2>\n<p id=\"verity-overlay-description\">Mistakes on this page are marked where they are. Fix these, save, and the page reloads by itself.</p>\n<ol>\n"
    );
    for problem in problems {
        html.push_str(&format!(
            "<li><p><span class=\"verity-code\">{}[{}]</span> <code>{}</code></p><p>{}</p>",
            escape_html(problem.severity),
            escape_html(problem.code),
            escape_html(&problem.place),
            with_code(&problem.message)
        ));
        if let Some(note) = &problem.note {
            html.push_str(&format!("<p>Why: {}</p>", with_code(note)));
        }
        if let Some(help) = &problem.help {
            html.push_str(&format!("<p>What to do: {}</p>", with_code(help)));
        }
        html.push_str("</li>\n");
    }
    html.push_str(
        "</ol>\n<button type=\"button\" id=\"verity-overlay-close\">Dismiss</button>\n</section>\n",
    );
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_output_files() {
        assert_eq!(resolve("/", "/"), Ok("index.html".into()));
        assert_eq!(
            resolve("/nuh/costs/", "/"),
            Ok("nuh/costs/index.html".into())
        );
        assert_eq!(
            resolve("/assets/style.css", "/"),
            Ok("assets/style.css".into())
        );
        assert_eq!(
            resolve("/guidance/nuh/", "/guidance/"),
            Ok("nuh/index.html".into())
        );
        assert_eq!(resolve("/nuh/costs", "/"), Ok("nuh/costs".into()));
    }

    #[test]
    fn climbing_out_is_refused() {
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/site.toml",
            "/nuh/%2E%2E/%2e%2e/etc/passwd",
            "/assets/..%2fsite.toml",
            "/a%5c..%5csite.toml",
            "/a\\b",
            "/%00",
            "/./index.html",
            "/C:/Windows",
            "/%ff",
        ] {
            assert_eq!(resolve(path, "/"), Err(Refused::BadPath), "{path}");
        }
    }

    #[test]
    fn only_loopback_names_and_addresses_are_hosts() {
        for host in [
            "localhost",
            "LocalHost:1111",
            "a.localhost",
            "127.0.0.1:80",
            "10.0.0.2",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(host), "{host}");
        }
        for host in [
            "evil.example",
            ".localhost",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "[::1]x",
            "localhost:",
            "localhost:99999999",
            "[evil]:80",
        ] {
            assert!(!host_allowed(host), "{host}");
        }
    }

    #[test]
    fn the_overlay_escapes_what_it_shows() {
        let html = overlay(&[Problem {
            severity: "error",
            code: "expr-unknown",
            place: "a.md:1:1".into(),
            message: "<script>".into(),
            help: Some("write `{{ deadlines.sar_response }}`".into()),
            ..Problem::default()
        }]);
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("role=\"alertdialog\""));
        assert!(
            html.contains("<code>{{ deadlines.sar_response }}</code>"),
            "{html}"
        );
    }

    #[test]
    fn a_pages_mistakes_are_data_for_the_script_to_mark() {
        let problem = Problem {
            found: Some("40 days </script>".into()),
            message: "not the time limit".into(),
            pages: vec!["nuh/costs/index.html".into()],
            ..Problem::default()
        };
        let here = marks(std::slice::from_ref(&problem), "nuh/costs/index.html");
        assert!(here.starts_with("<script type=\"application/json\" id=\"verity-marks\">"));
        assert!(here.contains("40 days <\\/script>"), "{here}");
        assert!(marks(&[problem], "hhft/costs/index.html").is_empty());
    }
}
