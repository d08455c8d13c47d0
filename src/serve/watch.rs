//! Watching the site's sources: content/, themes/ and site.toml. Editors
//! save in many small steps (a temporary file, a rename, several events at
//! once); the debouncer gathers them into one batch per save.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{
    self, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher,
};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdCache, NoCache, RecommendedCache, new_debouncer_opt,
};

/// How long to wait for an editor to finish saving before rebuilding.
const SETTLE: Duration = Duration::from_millis(20);

/// A running watcher: native change events, or polling for file systems
/// where those fail (network drives, some containers). It is only held:
/// dropping it stops watching.
pub(crate) struct SourceWatcher {
    _debouncer: Box<dyn std::any::Any + Send>,
}

/// Starts watching `root`, sending each batch of changed source paths.
pub(crate) fn watch(
    root: &Path,
    poll: bool,
    changes: Sender<Vec<PathBuf>>,
) -> notify::Result<SourceWatcher> {
    let root_for_filter = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        // When the watcher lost track (an error, or the system dropped
        // events), every file may have changed: the whole site is read again.
        let events = match result {
            Ok(events) if !events.iter().any(|e| e.event.need_rescan()) => events,
            _ => {
                let _ = changes.send(vec![root_for_filter.clone()]);
                return;
            }
        };
        // Reading a file is an event too (Verity reads every source on each
        // rebuild); only creating, changing and removing files count.
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| {
                !matches!(
                    e.event.kind,
                    notify::EventKind::Access(_) | notify::EventKind::Other
                )
            })
            .flat_map(|e| e.event.paths.iter())
            .filter(|p| is_source(&root_for_filter, p))
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = changes.send(paths);
        }
    };
    if poll {
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(300))
            .with_compare_contents(true);
        let mut debouncer =
            new_debouncer_opt::<_, PollWatcher, NoCache>(SETTLE, None, handler, NoCache, config)?;
        add_roots(&mut debouncer, root)?;
        Ok(SourceWatcher {
            _debouncer: Box::new(debouncer),
        })
    } else {
        let mut debouncer = new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
            SETTLE,
            None,
            handler,
            RecommendedCache::new(),
            notify::Config::default(),
        )?;
        add_roots(&mut debouncer, root)?;
        Ok(SourceWatcher {
            _debouncer: Box::new(debouncer),
        })
    }
}

fn add_roots<T: Watcher, C: FileIdCache>(
    debouncer: &mut Debouncer<T, C>,
    root: &Path,
) -> notify::Result<()> {
    // The root itself, not recursively, catches site.toml and a content/ or
    // themes/ folder created later; the folders are watched recursively.
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    for folder in ["content", "themes"] {
        let dir = root.join(folder);
        if dir.is_dir() {
            debouncer.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

/// Whether a changed path is one of the site's sources.
pub(crate) fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = relative.components();
    let first = parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    match first.as_deref() {
        Some("site.toml") => parts.next().is_none(),
        Some("content") | Some("themes") => !is_editor_scratch(path),
        _ => false,
    }
}

/// Editors' temporary files: vim's swap files, emacs' lock files, "~" backups.
fn is_editor_scratch(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_trigger_a_rebuild() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/site.toml")));
        assert!(is_source(root, Path::new("/site/content/pages/a.md")));
        assert!(is_source(
            root,
            Path::new("/site/themes/nhs/static/style.css")
        ));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/target/debug/verity")));
        assert!(!is_source(root, Path::new("/site/content/pages/.a.md.swp")));
        assert!(!is_source(root, Path::new("/elsewhere/site.toml")));
    }
}
