//! Embeds the example site (site.toml, content/ and themes/ of this
//! repository, and its GitHub workflow) into the binary, for `verity new`
//! and as the built-in theme.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut files = Vec::new();
    for dir in ["content", "themes"] {
        println!("cargo:rerun-if-changed={dir}");
        collect(&root, &root.join(dir), &mut files);
    }
    // site.toml, and the GitHub workflow that checks and publishes a site.
    for file in ["site.toml", ".github/workflows/verity.yml"] {
        println!("cargo:rerun-if-changed={file}");
        if root.join(file).is_file() {
            files.push(root.join(file));
        }
    }
    files.sort();
    let mut code = String::from(
        "/// Every file of the example site: its path and contents.\npub(crate) static EXAMPLE_FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        let name: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let _ = writeln!(
            code,
            "    ({:?}, include_bytes!({:?})),",
            name.join("/"),
            file.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("example_files.rs");
    if let Err(error) = std::fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!(
                "cargo:rerun-if-changed={}",
                path.strip_prefix(root).unwrap_or(&path).display()
            );
            collect(root, &path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}
