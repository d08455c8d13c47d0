//! Times what a comms officer waits for in `verity serve`: from saving a
//! page to its new words being served, watcher settle time included. It
//! starts the server on a generated site, edits a trust's own page and a
//! shared page many times (a real write to the file each time), polls the
//! served page over HTTP until the new words appear, and prints the
//! distribution of those waits.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --trusts 100 --pages 100 /dev/shm/corpus
//! cargo build --release
//! cargo run --release --example bench_save -- /dev/shm/corpus [RUNS]
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How often the served page is asked for while waiting.
const POLL_EVERY: Duration = Duration::from_millis(2);
/// How long one save may take to show before the run is called failed.
const GIVE_UP: Duration = Duration::from_secs(30);
/// A quiet spell between saves, so each is its own save to the watcher.
const BETWEEN_SAVES: Duration = Duration::from_millis(300);

/// The page body from `GET path`, or `None` while the server cannot answer.
fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    Some(String::from_utf8_lossy(&response).into_owned())
}

/// A free port for the server.
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

/// The server, stopped when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(verity: &Path, root: &Path, port: u16) -> Result<Server, String> {
    let child = Command::new(verity)
        .arg("--root")
        .arg(root)
        .args([
            "serve",
            "--as-of",
            "2026-11-21",
            "--port",
            &port.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", verity.display()))?;
    let server = Server(child);
    let started = Instant::now();
    while get(port, "/").is_none_or(|r| !r.starts_with("HTTP/1.1 200")) {
        if started.elapsed() > Duration::from_secs(120) {
            return Err("the server did not start".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(server)
}

/// Saves `file` `runs` times with a new word in it, each time timing how
/// long until `url` serves that word; restores the file at the end.
fn saves(port: u16, file: &Path, url: &str, runs: usize) -> Result<Vec<Duration>, String> {
    let original = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    // The first words of the body, which every generated page has.
    let at = original
        .find("\n---\n")
        .map(|end| end + 5)
        .ok_or("the page has no front matter")?;
    let mut waits = Vec::new();
    for run in 0..runs {
        let word = format!("Savemark{run}x{}", std::process::id());
        let edited = format!("{}{word} {}", &original[..at], &original[at..]);
        std::thread::sleep(BETWEEN_SAVES);
        let saved = Instant::now();
        std::fs::write(file, &edited).map_err(|e| e.to_string())?;
        loop {
            if get(port, url).is_some_and(|body| body.contains(&word)) {
                waits.push(saved.elapsed());
                break;
            }
            if saved.elapsed() > GIVE_UP {
                return Err(format!("{url} never showed the edit to {}", file.display()));
            }
            std::thread::sleep(POLL_EVERY);
        }
    }
    std::fs::write(file, &original).map_err(|e| e.to_string())?;
    Ok(waits)
}

fn print(label: &str, mut waits: Vec<Duration>) {
    waits.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| waits[((waits.len() - 1) as f64 * q).round() as usize];
    println!(
        "{label:<28} min {:6.0} ms   median {:6.0} ms   p90 {:6.0} ms   max {:6.0} ms   ({} saves)",
        ms(waits[0]),
        ms(at(0.5)),
        ms(at(0.9)),
        ms(waits[waits.len() - 1]),
        waits.len()
    );
}

/// The first markdown page in a folder, by name.
fn first_page(folder: &Path) -> Result<PathBuf, String> {
    std::fs::read_dir(folder)
        .map_err(|e| format!("{}: {e}", folder.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .min()
        .ok_or_else(|| format!("{} has no pages", folder.display()))
}

fn run(root: PathBuf, runs: usize) -> Result<(), String> {
    let verity = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .parent()
        .and_then(Path::parent)
        .map(|release| release.join("verity"))
        .ok_or("cannot find target/release/verity")?;
    let trust = std::fs::read_dir(root.join("content/trusts"))
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .min()
        .ok_or("the site has no trusts")?;
    let own = first_page(&root.join("content/trusts").join(&trust))?;
    let shared = first_page(&root.join("content/pages"))?;
    let slug = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let port = free_port()?;
    let _server = start(&verity, &root, port)?;
    let own_waits = saves(port, &own, &format!("/{trust}/{}/", slug(&own)), runs)?;
    let shared_waits = saves(port, &shared, &format!("/{trust}/{}/", slug(&shared)), runs)?;
    print("a trust's own page", own_waits);
    print("a shared page", shared_waits);
    Ok(())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: bench_save SITE [RUNS]");
        std::process::exit(2);
    };
    let runs = args.next().and_then(|r| r.parse().ok()).unwrap_or(15);
    if let Err(e) = run(PathBuf::from(root), runs.max(1)) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
