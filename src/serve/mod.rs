//! `verity serve`: a preview of the site on a loopback address, rebuilt in
//! memory by the same pipeline as `verity build` whenever a source changes,
//! with live reload and the problems shown over the page.
//!
//! Not for: publishing. Nothing is written to disk, and the server only
//! ever serves files of the built site.

mod http;
mod reference;
mod state;
mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use tokio::sync::{broadcast, watch as signal};

use crate::error::Error;
use crate::model::Date;
use state::{Rebuilder, Snapshot};

/// How to run the preview server.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port; 0 picks a free one.
    pub port: u16,
    /// Poll for changes instead of using the operating system's events.
    pub poll: bool,
    /// The date to judge rules and reviews by.
    pub as_of: Date,
}

/// Runs the preview server until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<(), Error> {
    let root = options.root.canonicalize().map_err(|source| Error::Io {
        path: options.root.clone(),
        source,
    })?;
    if !root.join("site.toml").is_file() {
        return Err(Error::NotASite { root });
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| Error::Io {
            path: root.clone(),
            source,
        })?;
    runtime.block_on(run(root, options))
}

async fn run(root: PathBuf, options: ServeOptions) -> Result<(), Error> {
    // Watching starts before the first build reads anything, so that no
    // save is missed: rebuilds trust the watcher to name every change.
    let (changes_tx, changes) = mpsc::channel();
    let watcher = watch::watch(&root, options.poll, changes_tx).map_err(|e| Error::Io {
        path: root.clone(),
        source: std::io::Error::other(format!(
            "cannot watch the site for changes: {e}; try --poll"
        )),
    })?;
    let mut rebuilder = Rebuilder::new(&root, options.as_of);
    let first = rebuild_safely(
        &mut rebuilder,
        &Snapshot::default(),
        &[],
        Rebuilder::rebuild,
    );
    print_rebuild(first.report.as_deref(), &first.line);
    let (rebuilt, _) = broadcast::channel(16);
    let (stop, stopping) = signal::channel(false);
    let app = Arc::new(http::App {
        snapshot: RwLock::new(first.snapshot),
        rebuilt,
        stopping,
    });
    let worker_app = app.clone();
    let worker = std::thread::spawn(move || rebuild_loop(rebuilder, changes, worker_app));

    let address = SocketAddr::new(options.bind, options.port);
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|source| Error::Io {
            path: PathBuf::from(address.to_string()),
            source,
        })?;
    let local = listener.local_addr().map_err(|source| Error::Io {
        path: PathBuf::from(address.to_string()),
        source,
    })?;
    if !options.bind.is_loopback() {
        say(
            &mut std::io::stderr(),
            &format!(
                "warning: serving on {}, which other computers can reach; the preview is not meant to be public\n",
                options.bind
            ),
        );
    }
    say(
        &mut std::io::stdout(),
        &format!(
            "Serving {} at http://{local}/ (press Ctrl-C to stop)\nEvery value and component, and what each trust's pages show: http://{local}{}\n",
            display(&root),
            reference::REFERENCE_PATH
        ),
    );
    let connections = accept(listener, http::router(app.clone()), app.stopping.clone());
    let result = tokio::select! {
        result = connections => result,
        _ = shutdown_signal() => Ok(()),
    };
    let _ = stop.send(true);
    let result = result.map_err(|source| Error::Io {
        path: PathBuf::from(local.to_string()),
        source,
    });
    drop(watcher);
    let _ = worker.join();
    say(&mut std::io::stdout(), "Stopped.\n");
    result
}

/// How long a client has to send a request's headers before its
/// connection is dropped, so that clients that open connections and send
/// nothing (slowloris) cannot hold the server's connections.
const HEADER_DEADLINE: Duration = Duration::from_secs(5);

/// Serves each connection the listener accepts, until the server stops:
/// HTTP/1.1 with a deadline for each request's headers. Open connections
/// finish what they are sending when it stops.
async fn accept(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    stopping: signal::Receiver<bool>,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let service = hyper_util::service::TowerToHyperService::new(router);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, or a connection reset before it was
            // accepted: wait a moment rather than spin or stop serving.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = service.clone();
        let stopping = stopping.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_DEADLINE);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped(stopping) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
}

/// Waits until the server is stopping.
async fn stopped(mut stopping: signal::Receiver<bool>) {
    loop {
        let stop = *stopping.borrow_and_update();
        if stop || stopping.changed().await.is_err() {
            return;
        }
    }
}

/// Rebuilds, surviving a bug in Verity: the last good site stays, the
/// problem is shown, and the next rebuild starts afresh.
fn rebuild_safely(
    rebuilder: &mut Rebuilder,
    previous: &Snapshot,
    paths: &[PathBuf],
    rebuild: impl FnOnce(&mut Rebuilder, &Snapshot, &[PathBuf]) -> state::Rebuilt,
) -> state::Rebuilt {
    let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rebuild(rebuilder, previous, paths)
    }));
    attempt.unwrap_or_else(|_| {
        let fresh = rebuilder.restarted();
        *rebuilder = fresh;
        state::Rebuilt::failed(previous)
    })
}

/// Rebuilds after each batch of changes until the watcher stops.
fn rebuild_loop(
    mut rebuilder: Rebuilder,
    changes: mpsc::Receiver<Vec<PathBuf>>,
    app: Arc<http::App>,
) {
    let mut next: Option<Vec<PathBuf>> = None;
    loop {
        let mut paths = match next.take().map_or_else(|| changes.recv(), Ok) {
            Ok(paths) => paths,
            Err(_) => return,
        };
        // Saves that arrived while the last rebuild ran are one rebuild.
        while let Ok(more) = changes.try_recv() {
            paths.extend(more);
        }
        paths.sort();
        paths.dedup();
        let Some(previous) = current(&app) else {
            return;
        };
        let rebuilt = rebuild_safely(&mut rebuilder, &previous, &paths, Rebuilder::rebuild);
        let search_waiting = rebuilt.search_waiting;
        // The new pages are served before the log is written.
        let generation = publish(&app, rebuilt, true);
        if !search_waiting {
            continue;
        }
        // The search files the rebuild put off, unless another save came
        // first (its rebuild puts them off again).
        match changes.try_recv() {
            Ok(paths) => next = Some(paths),
            Err(mpsc::TryRecvError::Disconnected) => return,
            Err(mpsc::TryRecvError::Empty) => {
                let Some(previous) = current(&app).filter(|s| s.generation == generation) else {
                    continue;
                };
                let rebuilt = rebuild_safely(&mut rebuilder, &previous, &[], |r, previous, _| {
                    r.make_search(previous)
                });
                // The page in the browser has not changed: no reload.
                publish(&app, rebuilt, false);
            }
        }
    }
}

/// The snapshot being served.
fn current(app: &http::App) -> Option<Snapshot> {
    app.snapshot.read().ok().map(|snapshot| snapshot.clone())
}

/// Serves a rebuild's snapshot, then logs it; with `reload`, tells the
/// browsers showing the preview to load their page again. Returns the
/// snapshot's generation.
fn publish(app: &http::App, rebuilt: state::Rebuilt, reload: bool) -> u64 {
    let state::Rebuilt {
        snapshot: new,
        line,
        report,
        ..
    } = rebuilt;
    let generation = new.generation;
    if let Ok(mut snapshot) = app.snapshot.write() {
        *snapshot = new;
    }
    if reload {
        let _ = app.rebuilt.send(generation);
    }
    print_rebuild(report.as_deref(), &line);
    generation
}

fn print_rebuild(report: Option<&str>, line: &str) {
    if let Some(report) = report {
        say(&mut std::io::stderr(), report);
    }
    say(&mut std::io::stdout(), &format!("{line}\n"));
}

/// Writes to the terminal. If nobody reads it any more (a closed pipe), the
/// server carries on rather than stopping over a log line.
fn say(out: &mut impl std::io::Write, text: &str) {
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

fn display(root: &Path) -> String {
    root.display().to_string()
}

/// Ctrl-C, or a polite request to stop from the system.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
