//! The theme: Tera templates for whole pages, Tera components for what
//! markdown can call, and static assets whose names carry a content hash.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::expand::ComponentCall;
use crate::model::Lang;

/// A loaded theme, ready to render.
pub(crate) struct Theme {
    tera: Tera,
    files: TemplateFiles,
    /// Static files by output path under `assets/`.
    pub(crate) assets: BTreeMap<String, Arc<[u8]>>,
    /// Asset name as the templates know it (`style.css`) → output path.
    pub(crate) asset_paths: BTreeMap<String, String>,
    /// Every word the templates show, by language (`strings/en.toml`,
    /// `strings/cy.toml`), given to each template as `t`.
    pub(crate) strings: BTreeMap<Lang, tera::Value>,
    /// Changes whenever any file of the theme changes.
    pub(crate) fingerprint: u64,
    /// How paths are shown in diagnostics: `themes/nhs/`.
    display_root: String,
}

/// A theme file: its path under the theme folder and its bytes.
type ThemeFile = (String, Vec<u8>);

/// A theme's files as found on disk (or built in), before they are compiled.
#[derive(Debug, Clone, Hash)]
pub(crate) struct ThemeFiles {
    /// How paths are shown in diagnostics: `themes/nhs/`.
    display_root: String,
    /// Every file, by path under the theme folder.
    files: Vec<ThemeFile>,
}

impl Theme {
    /// Reads a theme's files without compiling them, so that a caller can
    /// tell whether anything changed.
    pub(crate) fn files(root: &Path, name: &str) -> ThemeFiles {
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            ThemeFiles {
                display_root: format!("themes/{name}/"),
                files: read_theme_dir(&dir),
            }
        } else {
            let files = crate::builtin::builtin_theme(name)
                .into_iter()
                .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
                .collect();
            ThemeFiles {
                display_root: format!("(built-in) themes/{name}/"),
                files,
            }
        }
    }

    /// Compiles a theme's files. Template errors become diagnostics.
    pub(crate) fn build(
        files: ThemeFiles,
        root: &Path,
        name: &str,
        diagnostics: &mut Diagnostics,
    ) -> Option<Theme> {
        let fingerprint = crate::fingerprint::fingerprint(&files);
        if files.files.is_empty() {
            diagnostics.push(
                Diagnostic::new(Code::ThemeError, format!("there is no theme `{name}`"))
                    .in_file("site.toml")
                    .help("set `theme = \"nhs\"` in site.toml, or add the theme under themes/"),
            );
            return None;
        }
        let mut theme = build_theme(files.files, &files.display_root, root, diagnostics)?;
        theme.fingerprint = fingerprint;
        Some(theme)
    }

    /// Registers the template files with a run's diagnostics, so that a
    /// reused theme's errors can still quote its templates.
    pub(crate) fn register_sources(&self, diagnostics: &mut Diagnostics) {
        for file in self.files.0.values() {
            diagnostics.add_source(file.clone());
        }
    }

    /// Renders a whole page template with its context.
    pub(crate) fn render_page(
        &self,
        template: &str,
        context: &Context,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| self.files.diagnostic(e))
    }

    /// The words of the theme in a language: a problem naming the file to
    /// add when the theme has none for it.
    pub(crate) fn strings_in(&self, lang: Lang) -> Result<&tera::Value, Diagnostic> {
        self.strings.get(&lang).ok_or_else(|| {
            Diagnostic::new(
                Code::ThemeError,
                format!(
                    "the theme has no words in {} for the trusts that publish in it",
                    lang.own_name()
                ),
            )
            .in_file(&format!(
                "{}strings/{}.toml",
                self.display_root,
                lang.as_str()
            ))
            .help(format!(
                "copy strings/en.toml to strings/{}.toml and translate each value",
                lang.as_str()
            ))
        })
    }

    /// Renders a component in a page's language; `body` is the HTML a
    /// block component wraps.
    pub(crate) fn render_component(
        &self,
        call: &ComponentCall,
        body: Option<&str>,
        lang: Lang,
    ) -> Result<String, Diagnostic> {
        let mut context = Context::new();
        for (key, value) in &call.args {
            context.insert(key.clone(), value);
        }
        // The theme's words are an implicit argument (`@t`): a component
        // that shows none need not declare it.
        let mut implicits = Context::new();
        implicits.insert_value("t", self.strings_in(lang)?.clone());
        self.tera
            .render_component_with_implicits(call.name, &context, &implicits, body, true)
            .map_err(|e| self.files.diagnostic(e))
    }
}

/// Template name → the file it came from, so that a Tera error can point
/// into the template as the theme's author sees it.
struct TemplateFiles(BTreeMap<String, Arc<SourceFile>>);

impl TemplateFiles {
    /// A template error as a diagnostic pointing into the template file.
    fn diagnostic(&self, error: tera::Error) -> Diagnostic {
        let report = match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => Some(report),
            _ => None,
        };
        match report {
            Some(report) => self.located(
                report.filename(),
                report.message(),
                report.span().range.clone(),
            ),
            None => self.read_rendered_report(&error.to_string()),
        }
    }

    fn located(&self, template: &str, message: &str, range: std::ops::Range<usize>) -> Diagnostic {
        let d = Diagnostic::new(Code::ThemeError, message.to_string())
            .help("fix the theme template; the pages themselves are not at fault");
        match self.0.get(template) {
            Some(file) => d.at(&file.path, range),
            None => d.in_file(template),
        }
    }

    /// Some Tera errors (unknown filters, functions, components) arrive as
    /// an already-rendered report; its first `error:` line and `-->` place
    /// are read back so the diagnostic still points into the template.
    fn read_rendered_report(&self, text: &str) -> Diagnostic {
        let message = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("error: "))
            .unwrap_or(text.lines().next().unwrap_or("template error"));
        let place = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("--> "))
            .and_then(|place| {
                let mut parts = place.rsplitn(3, ':');
                let column: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                Some((parts.next()?.to_string(), line, column))
            });
        match place.and_then(|(name, line, column)| {
            self.0.get(&name).map(|f| (name, f.offset_of(line, column)))
        }) {
            Some((name, offset)) => self.located(&name, message, offset..offset + 1),
            None => Diagnostic::new(Code::ThemeError, message.to_string())
                .help("fix the theme template; the pages themselves are not at fault"),
        }
    }
}

fn read_theme_dir(dir: &Path) -> Vec<ThemeFile> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = crate::diagnostics::relative_path(dir, entry.path());
        if let Ok(bytes) = std::fs::read(entry.path()) {
            files.push((relative, bytes));
        }
    }
    files
}

fn build_theme(
    files: Vec<ThemeFile>,
    display_root: &str,
    site_root: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<Theme> {
    let mut tera = Tera::new();
    let mut names = BTreeMap::new();
    let mut templates = Vec::new();
    let mut assets = BTreeMap::new();
    let mut asset_paths = BTreeMap::new();
    let mut strings = BTreeMap::new();
    for (path, bytes) in files {
        if let Some(asset) = path.strip_prefix("static/") {
            let output = fingerprint(asset, &bytes);
            asset_paths.insert(asset.to_string(), output.clone());
            assets.insert(output, Arc::from(bytes));
            continue;
        }
        let shown = format!("{display_root}{path}");
        if let Some(name) = path
            .strip_prefix("strings/")
            .and_then(|p| p.strip_suffix(".toml"))
        {
            match read_strings(name, &bytes, &shown) {
                Ok((lang, words)) => {
                    strings.insert(lang, words);
                }
                Err(problem) => diagnostics.push(problem),
            }
            continue;
        }
        if !path.ends_with(".html") {
            continue;
        }
        let Ok(text) = String::from_utf8(bytes) else {
            diagnostics.push(
                Diagnostic::new(Code::FileUnreadable, "this template is not UTF-8 text")
                    .in_file(&shown),
            );
            continue;
        };
        let file = Arc::new(SourceFile::new(
            shown.clone(),
            &site_root.join(&shown),
            text,
        ));
        diagnostics.add_source(file.clone());
        let name = path.strip_prefix("templates/").unwrap_or(&path).to_string();
        names.insert(name.clone(), file.clone());
        templates.push((name, file));
    }
    let raw: Vec<(&str, &str)> = templates
        .iter()
        .map(|(name, file)| (name.as_str(), file.text.as_str()))
        .collect();
    let files = TemplateFiles(names);
    if let Err(error) = tera.add_raw_templates(raw) {
        diagnostics.push(files.diagnostic(error));
        return None;
    }
    for problem in unmatched_strings(&strings, display_root) {
        diagnostics.push(problem);
    }
    Some(Theme {
        tera,
        files,
        assets,
        asset_paths,
        strings,
        fingerprint: 0,
        display_root: display_root.to_string(),
    })
}

/// One language's words: `strings/<lang>.toml`, a table of text.
fn read_strings(name: &str, bytes: &[u8], shown: &str) -> Result<(Lang, tera::Value), Diagnostic> {
    let lang = Lang::parse(name).map_err(|message| {
        Diagnostic::new(Code::ThemeError, message)
            .in_file(shown)
            .help("name each strings file for its language: en.toml, cy.toml")
    })?;
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Diagnostic::new(Code::FileUnreadable, "this strings file is not UTF-8 text").in_file(shown)
    })?;
    let table: BTreeMap<String, String> = toml::from_str(text).map_err(|e| {
        let d = Diagnostic::new(
            Code::ThemeError,
            format!("this strings file cannot be read: {}", e.message()),
        )
        .help("write each line as key = \"text\"");
        match e.span() {
            Some(range) => d.in_file(shown).at(shown, range),
            None => d.in_file(shown),
        }
    })?;
    let value = tera::Value::from_serializable(&table);
    Ok((lang, value))
}

/// Every language must have every word English has, and no other: a
/// missing one would leave a blank on a page, an extra one is a typo.
fn unmatched_strings(strings: &BTreeMap<Lang, tera::Value>, display_root: &str) -> Vec<Diagnostic> {
    let keys = |value: &tera::Value| -> Vec<String> {
        value
            .as_map()
            .map(|map| map.keys().map(|k| k.to_string()).collect())
            .unwrap_or_default()
    };
    let Some(english) = strings.get(&Lang::En).map(keys) else {
        return vec![
            Diagnostic::new(Code::ThemeError, "the theme has no English words")
                .in_file(&format!("{display_root}strings/en.toml"))
                .help("add strings/en.toml with every word the templates show"),
        ];
    };
    let mut problems = Vec::new();
    for (lang, value) in strings {
        let own = keys(value);
        let missing: Vec<&String> = english.iter().filter(|k| !own.contains(k)).collect();
        let extra: Vec<&String> = own.iter().filter(|k| !english.contains(k)).collect();
        let file = format!("{display_root}strings/{}.toml", lang.as_str());
        if !missing.is_empty() {
            problems.push(
                Diagnostic::new(
                    Code::ThemeError,
                    format!("{} words are missing: {}", lang.own_name(), join(&missing)),
                )
                .in_file(&file)
                .help("add each, translated from strings/en.toml"),
            );
        }
        if !extra.is_empty() {
            problems.push(
                Diagnostic::new(
                    Code::ThemeError,
                    format!("these words are not in strings/en.toml: {}", join(&extra)),
                )
                .in_file(&file)
                .help("check the spelling of each key against strings/en.toml"),
            );
        }
    }
    problems
}

fn join(keys: &[&String]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `style.css` → `style.1a2b3c4d5e6f7a8b.css`: a new name whenever the
/// content changes, for every asset, since `_headers` lets browsers cache
/// all of them for a year.
fn fingerprint(path: &str, bytes: &[u8]) -> String {
    let mut hasher = crate::fingerprint::StableHasher::default();
    bytes.hash(&mut hasher);
    let hash = format!("{:016x}", hasher.finish());
    match path.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{}.{ext}", &hash[..12]),
        None => format!("{path}.{}", &hash[..12]),
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn asset_names_change_with_content() {
        let a = fingerprint("style.css", b"body{}");
        let b = fingerprint("style.css", b"body{color:red}");
        assert!(a.starts_with("style.") && a.ends_with(".css"));
        assert_ne!(a, b);
        // Every asset is cached for a year, so every one has a new name.
        let icon = fingerprint("favicon.svg", b"<svg/>");
        assert!(icon.starts_with("favicon.") && icon.ends_with(".svg") && icon != "favicon.svg");
    }
}
