//! `verity serve` end to end: the live preview reloads after an edit, shows
//! problems in an overlay without ever stopping, and never serves anything
//! outside the built site. Every wait here is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Server {
    child: Child,
    port: u16,
    /// What the server prints; kept so that its output is always read.
    _log: Receiver<String>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_verity"))
            .args([
                "--root",
                root.to_str().expect("utf-8"),
                "serve",
                "--port",
                "0",
                "--as-of",
                "2026-11-21",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let lines = lines_of(stdout);
        let line = wait_for(&lines, |l| l.contains("http://127.0.0.1:"))
            .expect("the server says where it listens");
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .expect("a port");
        Server {
            child,
            port,
            _log: lines,
        }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        let response = String::from_utf8_lossy(&response).into_owned();
        let status = response
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Listens for reload events.
    fn events(&self) -> Receiver<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(
            stream,
            "GET /__verity/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("request");
        let lines = lines_of(stream);
        // The server subscribes before it answers: once the answer starts,
        // no rebuild can be missed.
        assert!(
            wait_for(&lines, |l| l.starts_with("HTTP/1.1 200")).is_some(),
            "the event stream opens"
        );
        lines
    }

    /// Asks the server to stop as Ctrl-C does, and waits (bounded) for it.
    fn stop(mut self) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < WAIT {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines_of(reader: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_for(lines: &Receiver<String>, wanted: impl Fn(&str) -> bool) -> Option<String> {
    wait_within(lines, WAIT, wanted)
}

/// The first line `wanted` within `within`, if one comes.
fn wait_within(
    lines: &Receiver<String>,
    within: Duration,
    wanted: impl Fn(&str) -> bool,
) -> Option<String> {
    let deadline = Instant::now() + within;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if wanted(&line) => return Some(line),
            Ok(_) => continue,
            Err(_) => return None,
        }
    }
    None
}

fn wait_for_reload(events: &Receiver<String>) {
    assert!(
        wait_for(events, |l| l == "event: reload").is_some(),
        "no reload event within {WAIT:?}"
    );
}

/// Waits for reloads until `path` is served as `ready` says, and returns
/// it. One save may be seen as two (the file truncated, then written) more
/// than the watcher's settle time apart, each rebuilt and reloaded: the
/// first reload may show the build before the save's last part.
fn reload_until(
    server: &Server,
    events: &Receiver<String>,
    path: &str,
    ready: impl Fn(&str) -> bool,
) -> (u16, String) {
    let deadline = Instant::now() + WAIT;
    loop {
        wait_for_reload(events);
        let (status, body) = server.get(path);
        if ready(&body) || Instant::now() > deadline {
            return (status, body);
        }
    }
}

/// A server for the site, and its reload events.
fn serve_and_listen(site: &Path) -> (Server, Receiver<String>) {
    let server = Server::start(site);
    let events = server.events();
    (server, events)
}

/// A source file of the site, and its text.
fn source(site: &Path, relative: &str) -> (PathBuf, String) {
    let path = site.join(relative);
    let text = std::fs::read_to_string(&path).expect("source file");
    (path, text)
}

/// Saves like many editors do: write a temporary file, then rename it.
fn save(path: &Path, text: &str) {
    let temporary = path.with_extension("md.tmp~");
    std::fs::write(&temporary, text).expect("write");
    std::fs::rename(&temporary, path).expect("rename");
}

#[test]
fn an_edit_reloads_the_page_and_a_broken_file_shows_in_the_overlay_until_fixed() {
    let site = common::example_site();
    let server = Server::start(site.path());
    let (status, body) = server.get("/nuh/costs/");
    assert_eq!(status, 200);
    assert!(body.contains("<h1>What it costs</h1>"));
    assert!(body.contains("/__verity/live.js"));
    assert!(!body.contains("verity-overlay\""));

    let events = server.events();
    let page = site.path().join("content/pages/costs.md");
    let text = std::fs::read_to_string(&page).expect("page");
    save(
        &page,
        &text.replace("title: What it costs", "title: What asking costs"),
    );
    let (_, body) = reload_until(&server, &events, "/nuh/costs/", |b| {
        b.contains("<h1>What asking costs</h1>")
    });
    assert!(
        body.contains("<h1>What asking costs</h1>"),
        "the new title is served"
    );

    let trust = site.path().join("content/trusts/nuh/trust.yaml");
    let good = std::fs::read_to_string(&trust).expect("trust");
    std::fs::write(&trust, format!("{good}contacts: [oops\n")).expect("break");
    let (status, body) = reload_until(&server, &events, "/nuh/costs/", |b| {
        b.contains("id=\"verity-overlay\"")
    });
    assert_eq!(status, 200, "the last good build is still served");
    assert!(body.contains("<h1>What asking costs</h1>"));
    assert!(
        body.contains("id=\"verity-overlay\""),
        "the overlay is shown"
    );
    assert!(
        body.contains("content/trusts/nuh/trust.yaml:"),
        "the overlay names the file and line"
    );
    let (_, problems) = server.get("/__verity/problems.json");
    assert!(problems.contains("content/trusts/nuh/trust.yaml:"));

    std::fs::write(&trust, good).expect("fix");
    let (_, body) = reload_until(&server, &events, "/nuh/costs/", |b| {
        !b.contains("id=\"verity-overlay\"")
    });
    assert!(
        !body.contains("id=\"verity-overlay\""),
        "fixing the file clears the overlay"
    );

    let status = server.stop().expect("Ctrl-C stops the server");
    assert!(status.success());
}

#[test]
fn nothing_outside_the_built_site_is_ever_served() {
    let site = common::example_site();
    let server = Server::start(site.path());
    for path in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/nuh/../../content/rules/fees.yaml",
        "/assets/..%2f..%2fsite.toml",
        "/assets/%2e%2e%5csite.toml",
        "//etc/passwd",
        "/content/rules/fees.yaml",
        "/site.toml",
        "/etc/passwd",
        "/%00/index.html",
    ] {
        let (status, body) = server.get(path);
        assert!(status == 400 || status == 404, "{path} gave {status}");
        assert!(
            !body.contains("amount_pence") && !body.contains("base_url") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
}

/// Sends raw bytes and reads the reply's status (0 if the server closed the
/// connection without one).
fn raw_status(port: u16, request: &[u8]) -> u16 {
    raw_reply(port, request)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Sends raw bytes and reads the whole reply, headers and all.
fn raw_reply(port: u16, request: &[u8]) -> String {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let _ = stream.write_all(request);
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

/// A GET for `path` with this Host header.
fn get_as(port: u16, host: &str, path: &str) -> String {
    raw_reply(
        port,
        format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// The value of a header in a raw reply.
fn header<'r>(reply: &'r str, name: &str) -> Option<&'r str> {
    reply.split("\r\n\r\n").next()?.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[test]
fn the_preview_sends_the_sites_security_policy_and_follows_it() {
    let site = common::example_site();
    let server = Server::start(site.path());
    // A problem, so that the overlay is on the page.
    let events = server.events();
    let page = site.path().join("content/pages/costs.md");
    let text = std::fs::read_to_string(&page).expect("page");
    save(&page, &format!("{text}\nIt costs £50.\n"));
    wait_for_reload(&events);
    let (_, published) = server.get("/_headers");
    let policy = published
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .expect("_headers has a policy")
        .to_string();
    let reply = get_as(server.port, "127.0.0.1", "/nuh/costs/");
    assert_eq!(
        header(&reply, "Content-Security-Policy"),
        Some(policy.as_str())
    );
    assert_eq!(header(&reply, "X-Content-Type-Options"), Some("nosniff"));
    // The overlay's look comes from a style sheet of the server's own,
    // which the policy allows, not from styles written into the page.
    assert!(reply.contains("id=\"verity-overlay\""), "{reply}");
    assert!(!reply.contains("<style"), "{reply}");
    let sheet = get_as(server.port, "127.0.0.1", "/__verity/overlay.css");
    assert!(sheet.starts_with("HTTP/1.1 200"), "{sheet}");
    assert_eq!(
        header(&sheet, "Content-Type"),
        Some("text/css; charset=utf-8")
    );
}

#[test]
fn only_requests_for_a_loopback_name_or_an_address_are_answered() {
    let site = common::example_site();
    let server = Server::start(site.path());
    let port = server.port;
    for host in [
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".to_string(),
        format!("preview.localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let reply = get_as(port, &host, "/nuh/costs/");
        assert!(reply.starts_with("HTTP/1.1 200"), "{host}: {reply}");
    }
    // No host, two hosts, or another host in the address itself.
    for request in [
        "GET /nuh/costs/ HTTP/1.1\r\nConnection: close\r\n\r\n".to_string(),
        "GET /nuh/costs/ HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n".to_string(),
        "GET http://evil.example/nuh/costs/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".to_string(),
    ] {
        let reply = raw_reply(port, request.as_bytes());
        assert!(!reply.contains("What it costs"), "{request}: {reply}");
        assert!(header(&reply, "Content-Security-Policy").is_some(), "{reply}");
    }
    // A name that could be made to point at this computer (DNS rebinding).
    for host in [
        "evil.example",
        "evil.example:1111",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "localhost@evil.example",
    ] {
        let reply = get_as(port, host, "/nuh/costs/");
        assert!(reply.starts_with("HTTP/1.1 403"), "{host}: {reply}");
        assert!(!reply.contains("What it costs"), "{host}");
    }
}

#[test]
fn a_double_slash_never_redirects_to_another_host() {
    let site = common::example_site();
    let server = Server::start(site.path());
    for path in ["//nuh", "//nuh/costs", "///nuh", "/nuh//costs"] {
        let reply = get_as(server.port, "127.0.0.1", path);
        if let Some(location) = header(&reply, "Location") {
            assert!(
                location.starts_with('/') && !location.starts_with("//"),
                "{path} redirects to {location}"
            );
        }
    }
    let reply = get_as(server.port, "127.0.0.1", "//nuh");
    assert_eq!(header(&reply, "Location"), Some("/nuh/"), "{reply}");
}

#[test]
fn a_client_that_never_finishes_its_headers_is_dropped() {
    let site = common::example_site();
    let server = Server::start(site.path());
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .write_all(b"GET /nuh/costs/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("half a request");
    stream.set_read_timeout(Some(WAIT)).expect("timeout");
    let started = Instant::now();
    let mut reply = Vec::new();
    let closed = stream.read_to_end(&mut reply).is_ok();
    assert!(
        closed && started.elapsed() < WAIT,
        "the connection was still open after {:?}",
        started.elapsed()
    );
    // And the server still answers everyone else.
    assert_eq!(server.get("/nuh/costs/").0, 200);
}

/// The server's resident memory in KiB, from /proc.
#[cfg(target_os = "linux")]
fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}

#[test]
fn the_server_keeps_serving_under_many_clients_long_requests_and_slow_clients() {
    let site = common::example_site();
    let server = Server::start(site.path());
    let port = server.port;
    let pages = [
        "/",
        "/nuh/",
        "/nuh/costs/",
        "/hhft/your-records/",
        "/imperial/search/",
    ];
    let (status, _) = server.get("/nuh/costs/");
    assert_eq!(status, 200);
    #[cfg(target_os = "linux")]
    let memory_before = resident_kib(server.child.id());

    // Slow clients: connections that send half a request and wait. They
    // must not hold up anyone else.
    let slow: Vec<TcpStream> = (0..64)
        .filter_map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
            stream
                .write_all(b"GET /nuh/costs/ HTTP/1.1\r\nHost: 127")
                .ok()?;
            Some(stream)
        })
        .collect();
    assert_eq!(slow.len(), 64);

    // Many clients at once, each with a bounded number of requests.
    let workers: Vec<_> = (0..16)
        .map(|worker| {
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for round in 0..40 {
                    let path = pages[(worker + round) % pages.len()];
                    let request = format!(
                        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    );
                    let status = raw_status(port, request.as_bytes());
                    if status != 200 {
                        failures.push(format!("{path}: {status}"));
                    }
                }
                failures
            })
        })
        .collect();

    // Very long addresses and headers are refused, or the connection is
    // closed; either way the server carries on.
    let long_path = format!("/{}", "a".repeat(100_000));
    let long_url = format!("GET {long_path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let status = raw_status(port, long_url.as_bytes());
    assert!(
        status == 0 || (400..500).contains(&status),
        "long address: {status}"
    );
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: {}\r\nConnection: close\r\n\r\n",
        "b".repeat(1_000_000)
    );
    let status = raw_status(port, long_header.as_bytes());
    assert!(
        status == 0 || (400..500).contains(&status),
        "long header: {status}"
    );
    let many_headers: String = (0..10_000).map(|i| format!("X-{i}: v\r\n")).collect();
    let request = format!("GET / HTTP/1.1\r\nHost: x\r\n{many_headers}Connection: close\r\n\r\n");
    let status = raw_status(port, request.as_bytes());
    assert!(
        status == 0 || (400..500).contains(&status),
        "many headers: {status}"
    );
    // Garbage and traversal written straight onto the socket.
    for request in [
        &b"\x00\x01\x02 not http at all\r\n\r\n"[..],
        b"GET ../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET http://x/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /..\\..\\site.toml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    ] {
        let status = raw_status(port, request);
        assert!(
            status != 200,
            "{} was served",
            String::from_utf8_lossy(request)
        );
    }

    let failures: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("worker"))
        .collect();
    assert_eq!(failures, Vec::<String>::new());
    drop(slow);
    let (status, body) = server.get("/nuh/costs/");
    assert_eq!(status, 200);
    assert!(body.contains("</html>"));
    // Memory is bounded: 640 requests and refused giants leave the server
    // about where it started (nothing is kept per request).
    #[cfg(target_os = "linux")]
    {
        let memory_after = resident_kib(server.child.id());
        assert!(
            memory_after < memory_before + 64 * 1024,
            "resident memory grew from {memory_before} KiB to {memory_after} KiB"
        );
    }
}

#[test]
fn the_preview_survives_a_page_nested_thousands_deep() {
    let site = common::example_site();
    let server = Server::start(site.path());
    let events = server.events();
    let deep = site.path().join("content/pages/deep.md");
    save(
        &deep,
        &format!(
            "---\ntitle: Deep\ndescription: Deep.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n{}Deep.\n{}<div>{}x\n",
            "{% inset() %}\n".repeat(1200),
            "{% end %}\n".repeat(1200),
            "<span>".repeat(100_000),
        ),
    );
    wait_for_reload(&events);
    let (status, _) = server.get("/nuh/costs/");
    assert_eq!(status, 200, "the server still serves");
    let (_, problems) = server.get("/__verity/problems.json");
    assert!(problems.contains("nesting-too-deep"), "{problems}");
}

#[test]
fn a_mistake_in_one_page_is_marked_there_and_never_stops_another_page_updating() {
    let site = common::example_site();
    let (server, events) = serve_and_listen(site.path());
    let (costs, good_costs) = source(site.path(), "content/pages/costs.md");
    save(
        &costs,
        &good_costs.replacen("\n\n", "\n\nWe reply within 40 days.\n\n", 1),
    );
    wait_for_reload(&events);
    // The terminal says in one line what the save did.
    let line = wait_for(&server._log, |l| {
        l.starts_with("content/pages/costs.md changed:")
    })
    .expect("a line for the rebuild");
    assert!(
        line.contains(
            "; 1 error, marked on the pages of content/pages/costs.md (everything is up to date)"
        ),
        "{line}"
    );
    // The page shows what was written, with the mistake given to the
    // preview's script to mark where it is, and the overlay.
    let (status, body) = server.get("/nuh/costs/");
    assert_eq!(status, 200);
    assert!(body.contains("within 40 days"), "{body}");
    assert!(
        body.contains(
            "<script type=\"application/json\" id=\"verity-marks\">[{\"code\":\"deadline-mismatch\",\"found\":\"40 days\""
        ),
        "{body}"
    );
    assert!(body.contains("id=\"verity-overlay\""));
    // Another page edited meanwhile is served as it is now.
    let records = site.path().join("content/pages/your-records.md");
    let text = std::fs::read_to_string(&records).expect("page");
    save(
        &records,
        &text.replace(
            "title: Ask for your own health records",
            "title: Ask for your health records",
        ),
    );
    wait_for_reload(&events);
    let (_, body) = server.get("/nuh/your-records/");
    assert!(
        body.contains("<h1>Ask for your health records</h1>"),
        "{body}"
    );
    assert!(
        !body.contains("id=\"verity-marks\""),
        "no mark on another page"
    );
    // A page whose front matter cannot be read keeps its last good version,
    // and the other pages still update.
    save(
        &costs,
        &good_costs.replacen("title: What it costs", "title: Costs: what you pay", 1),
    );
    wait_for_reload(&events);
    let (status, body) = server.get("/nuh/costs/");
    assert_eq!(status, 200, "the last good version of an unreadable page");
    assert!(body.contains("id=\"verity-overlay\""));
    save(
        &records,
        &text.replace(
            "title: Ask for your own health records",
            "title: Asking for your health records",
        ),
    );
    wait_for_reload(&events);
    let (_, body) = server.get("/nuh/your-records/");
    assert!(
        body.contains("<h1>Asking for your health records</h1>"),
        "{body}"
    );
    // Fixed, it has no marks and no overlay.
    save(
        &costs,
        &good_costs.replace("title: What it costs", "title: What it costs now"),
    );
    wait_for_reload(&events);
    let (_, body) = server.get("/nuh/costs/");
    assert!(body.contains("<h1>What it costs now</h1>"), "{body}");
    assert!(!body.contains("id=\"verity-overlay\""));
    assert!(!body.contains("id=\"verity-marks\""));
    server.stop();
}

#[test]
fn a_preview_started_with_mistakes_serves_everything_that_renders() {
    let site = common::example_site();
    let costs = site.path().join("content/pages/costs.md");
    let text = std::fs::read_to_string(&costs).expect("page");
    save(
        &costs,
        &text.replacen("\n\n", "\n\nWe reply within 40 days.\n\n", 1),
    );
    let trust = site.path().join("content/trusts/nuh/trust.yaml");
    let good = std::fs::read_to_string(&trust).expect("trust");
    std::fs::write(&trust, format!("{good}contacts: [oops\n")).expect("break");
    let server = Server::start(site.path());
    // The page with a mistake renders, with the overlay saying what is wrong.
    let (status, body) = server.get("/hhft/costs/");
    assert_eq!(status, 200);
    assert!(body.contains("within 40 days"), "{body}");
    assert!(body.contains("id=\"verity-overlay\""));
    // So does every other page of every trust that loaded.
    assert_eq!(server.get("/hhft/your-records/").0, 200);
    assert_eq!(server.get("/fife/").0, 200);
    let (_, problems) = server.get("/__verity/problems.json");
    assert!(
        problems.contains("content/trusts/nuh/trust.yaml:"),
        "{problems}"
    );
    assert!(problems.contains("content/pages/costs.md:"), "{problems}");
    server.stop();
}

/// The row of the reference page's table for one expression.
fn reference_row<'p>(page: &'p str, expression: &str) -> &'p str {
    let start = page
        .find(&format!("<code>{expression}</code></th>"))
        .unwrap_or_else(|| panic!("no row for {expression}"));
    let rest = &page[start..];
    &rest[..rest.find("</tr>").unwrap_or(rest.len())]
}

#[test]
fn the_reference_page_shows_what_every_expression_gives_each_trust_and_follows_edits() {
    let site = common::example_site();
    let server = Server::start(site.path());
    let (status, page) = server.get("/__verity/reference/");
    assert_eq!(status, 200);
    assert!(page.contains("/__verity/live.js"), "it reloads on save");
    // A rule value, the same for every trust writing in English, and its
    // Welsh for the trust that also writes in Welsh.
    let limit = reference_row(&page, "{{ deadlines.sar_response }}");
    assert!(
        limit.contains(
            "1 calendar month <span class=\"verity-who\">(every trust in English)</span>"
        ),
        "{limit}"
    );
    assert!(
        limit.contains("1 mis calendr <span class=\"verity-who\">(Hywel Dda University Health Board in Welsh)</span>"),
        "{limit}"
    );
    // A trust's own value, and the trusts that have none.
    let phone = reference_row(&page, "{{ trust.contacts.records.phone }}");
    assert!(
        phone.contains("0115 924 9924 extension 86838 <span class=\"verity-who\">(Nottingham University Hospitals NHS Trust)</span>"),
        "{phone}"
    );
    assert!(
        phone.contains("Nothing for NHS Fife and Hywel Dda University Health Board"),
        "{phone}"
    );
    // Every kind of component and block is offered.
    for expression in [
        "{{ contact(&quot;records&quot;) }}",
        "{{ list(&quot;exceptions&quot;) }}",
        "{{ id_documents(&quot;photo&quot;) }}",
        "{{ caldicott() }}",
        "{{ at_a_glance() }}",
        "{% warning(&quot;Bring proof of identity&quot;) %}",
    ] {
        assert!(page.contains(expression), "{expression} is missing");
    }

    // One trust's page renders its components as its pages do, and says
    // what to add where it has nothing.
    let (status, nuh) = server.get("/__verity/reference/nuh/");
    assert_eq!(status, 200);
    assert!(nuh.contains("<h1>What pages show for Nottingham University Hospitals NHS Trust</h1>"));
    assert!(nuh.contains("href=\"tel:+441159249924,86838\""), "{nuh}");
    let (_, hhft) = server.get("/__verity/reference/hhft/");
    let address = reference_row(&hhft, "{{ trust.contacts.records.address }}");
    assert!(
        address.contains("Add <code>address:</code> under <code>contacts: records:</code> in content/trusts/hhft/trust.yaml"),
        "{address}"
    );
    assert_eq!(server.get("/__verity/reference/nobody/").0, 404);

    // A saved trust.yaml shows at once, escaped.
    let events = server.events();
    let trust = site.path().join("content/trusts/nuh/trust.yaml");
    let text = std::fs::read_to_string(&trust).expect("trust");
    save(
        &trust,
        &text
            .replace("0115 924 9924 extension 86838", "0115 969 1169")
            .replace(
                "name: Data Protection Office",
                "name: Records & <Access> team",
            ),
    );
    wait_for_reload(&events);
    let (_, page) = server.get("/__verity/reference/");
    let phone = reference_row(&page, "{{ trust.contacts.records.phone }}");
    assert!(phone.contains("0115 969 1169"), "{phone}");
    let name = reference_row(&page, "{{ trust.contacts.records.name }}");
    assert!(name.contains("Records &amp; &lt;Access&gt; team"), "{name}");
    server.stop();
}

#[test]
fn the_search_files_follow_an_edit_straight_after_the_page_without_a_second_reload() {
    let site = common::example_site();
    let (server, events) = serve_and_listen(site.path());
    let (page, text) = source(site.path(), "content/pages/costs.md");
    save(
        &page,
        &text.replace("title: What it costs", "title: What asking costs"),
    );
    wait_for_reload(&events);
    let (_, body) = server.get("/nuh/costs/");
    assert!(body.contains("<h1>What asking costs</h1>"));
    // The page is served first; the trust's search page and index, which
    // list every page's title, follow without the reader asking.
    let deadline = Instant::now() + WAIT;
    loop {
        let (_, search) = server.get("/nuh/search/");
        let (_, index) = server.get("/nuh/search-index.json");
        if search.contains("What asking costs") && index.contains("What asking costs") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the search files never showed the new title"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Making them again changes nothing the open page shows: no reload.
    assert!(
        wait_within(&events, Duration::from_millis(500), |l| l
            == "event: reload")
        .is_none(),
        "the search files made a second reload"
    );
}
