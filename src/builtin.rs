//! The files built into the binary: the example site, which `verity new`
//! writes out, and its `nhs` theme, used by sites that carry no theme of
//! their own. A leaf, like model/: it depends on nothing of the pipeline.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::model::{Date, Topic};

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

/// Starts a page titled `title` in the site at `root`: a page every trust
/// gets, or with `trust` that trust's own. Its front matter is complete and
/// valid, reviewed `today`, with what is left to write said in comments;
/// an existing page is never replaced. Returns the page's path.
pub fn write_page(
    root: &Path,
    title: &str,
    trust: Option<&str>,
    today: Date,
) -> Result<PathBuf, Error> {
    if !root.join("site.toml").is_file() {
        return Err(Error::NotASite {
            root: root.to_path_buf(),
        });
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let slug = crate::model::slugify(&title);
    if slug.is_empty() {
        return Err(Error::Usage(
            "the title needs at least one letter or digit, such as \"Ask for your records\""
                .to_string(),
        ));
    }
    let folder = match trust {
        Some(id) => {
            let folder = root.join("content").join("trusts").join(id);
            if !folder.join("trust.yaml").is_file() {
                return Err(Error::Usage(format!(
                    "there is no trust `{id}`: its folder content/trusts/{id}/ with a trust.yaml must exist first"
                )));
            }
            folder
        }
        None => root.join("content").join("pages"),
    };
    let path = folder.join(format!("{slug}.md"));
    if path.exists() {
        return Err(Error::PageExists { path });
    }
    std::fs::create_dir_all(&folder).map_err(|source| io_error(&folder, source))?;
    std::fs::write(&path, page_text(&title, today)).map_err(|source| io_error(&path, source))?;
    Ok(path)
}

/// A new page's text: front matter that checks clean, with comments that
/// say what each field is for, and a first line to replace.
fn page_text(title: &str, today: Date) -> String {
    let topics: Vec<String> = Topic::ALL
        .iter()
        .map(|t| format!("#   {} ({})", t.as_str(), t.covers()))
        .collect();
    format!(
        "---\n\
title: {}\n\
# One sentence, shown under the title, in the trust's page list and in search results.\n\
description: {}\n\
# Which rules the page talks about, such as [sar] or [sar, deceased]:\n\
{}\n\
topics: []\n\
# The day the whole page was last checked; the next review is due a year later.\n\
last_reviewed: {}\n\
---\n\
\n\
Write the page here. Type no deadline, fee or contact: write an expression such as\n\
{{{{ deadlines.sar_response }}}} and the rule data fills it in for each trust.\n",
        yaml_text(title),
        yaml_text(&format!("What {} is about.", title.to_lowercase())),
        topics.join("\n"),
        today,
    )
}

/// A value written so that YAML reads it back exactly: in double quotes
/// unless it is plain words.
fn yaml_text(text: &str) -> String {
    let plain = text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " ,.'-()?".contains(c));
    if plain {
        text.to_string()
    } else {
        let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"")
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}
