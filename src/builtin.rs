//! The files built into the binary: the example site, which `verity new`
//! writes out, and its `nhs` theme, used by sites that carry no theme of
//! their own. A leaf, like model/: it depends on nothing of the pipeline.

use std::path::Path;

use crate::error::Error;

include!(concat!(env!("OUT_DIR"), "/example_files.rs"));

/// Files of the built-in theme `name`, as (path under the theme folder, bytes).
pub(crate) fn builtin_theme(name: &str) -> Vec<(&'static str, &'static [u8])> {
    let prefix = format!("themes/{name}/");
    EXAMPLE_FILES
        .iter()
        .filter_map(|(path, bytes)| {
            path.strip_prefix(prefix.as_str())
                .map(|rest| (rest, *bytes))
        })
        .collect()
}

/// Writes the example site into `dir`, which must not exist or be empty.
pub fn write_example(dir: &Path) -> Result<usize, Error> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|source| io_error(dir, source))?;
        if entries.next().is_some() {
            return Err(Error::NotEmpty {
                path: dir.to_path_buf(),
            });
        }
    }
    for (path, bytes) in EXAMPLE_FILES {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| io_error(parent, source))?;
        }
        std::fs::write(&target, bytes).map_err(|source| io_error(&target, source))?;
    }
    Ok(EXAMPLE_FILES.len())
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}
