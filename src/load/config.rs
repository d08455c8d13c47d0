//! site.toml: the site's settings and the checker's severity levels.

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Severity};
use crate::error::Error;
use crate::model::keywords::did_you_mean;
use crate::model::{Levels, SiteConfig};

/// Reads site.toml. A missing file means this is not a Verity site, which
/// is an `Err`; a file with mistakes gives diagnostics and default settings.
pub(super) fn load(loader: &mut super::Loader) -> Result<(SiteConfig, Levels, u64), Error> {
    let root = loader.root.clone();
    let path = root.join("site.toml");
    if !path.is_file() {
        return Err(Error::NotASite {
            root: root.to_path_buf(),
        });
    }
    let Some(file) = loader.read_source(&path) else {
        return Ok((fallback(), Levels::new(), 0));
    };
    let config: SiteConfig = match toml::from_str(&file.text) {
        Ok(config) => config,
        Err(error) => {
            let range = error.span().unwrap_or(0..0);
            loader.diagnostics.push(
                Diagnostic::new(Code::ConfigInvalid, error.message().trim().to_string())
                    .at(&file.path, range)
                    .help("see the README for the settings site.toml accepts"),
            );
            return Ok((fallback(), Levels::new(), file.fingerprint));
        }
    };
    let levels = levels(&config, &file.path, loader.diagnostics);
    if !super::pages::is_valid_slug(&config.theme) {
        loader.diagnostics.push(
            Diagnostic::new(
                Code::ConfigInvalid,
                format!(
                    "theme `{}` must be the name of a folder in themes/",
                    config.theme
                ),
            )
            .in_file(&file.path)
            .help("write the folder's name only, such as `theme = \"nhs\"`: lowercase letters, digits and hyphens"),
        );
    }
    if !config.base_url.starts_with('/') && !config.base_url.contains("://") {
        loader.diagnostics.push(
            Diagnostic::new(
                Code::ConfigInvalid,
                format!(
                    "base_url `{}` must start with `/` or a scheme such as https://",
                    config.base_url
                ),
            )
            .in_file(&file.path)
            .help("write `base_url = \"/\"` for a site at the root of its domain"),
        );
    }
    for date in [
        &config.accessibility.prepared,
        &config.accessibility.reviewed,
        &config.accessibility.tested,
    ]
    .into_iter()
    .flatten()
    {
        if let Err(problem) = crate::model::Date::parse(date.get_ref()) {
            loader.diagnostics.push(
                Diagnostic::new(Code::ConfigInvalid, problem)
                    .at(&file.path, date.span())
                    .help("write the date as YYYY-MM-DD, such as \"2026-11-20\""),
            );
        }
    }
    Ok((config, levels, file.fingerprint))
}

fn fallback() -> SiteConfig {
    SiteConfig::with_title("Untitled site")
}

fn levels(config: &SiteConfig, file: &str, diagnostics: &mut Diagnostics) -> Levels {
    let mut levels = Levels::new();
    for (code, level) in &config.check.levels {
        let Some(code_value) = Code::from_name(code.get_ref()) else {
            let mut d = Diagnostic::new(
                Code::ConfigInvalid,
                format!("unknown diagnostic code `{}`", code.get_ref()),
            )
            .at(file, code.span());
            if let Some(close) = did_you_mean(code.get_ref(), Code::ALL.iter().map(|c| c.as_str()))
            {
                d = d.help(format!("did you mean `{close}`?"));
            }
            diagnostics.push(d);
            continue;
        };
        if !code_value.level_can_change() {
            diagnostics.push(
                Diagnostic::new(
                    Code::ConfigInvalid,
                    format!(
                        "`{}` cannot be turned down: it stops a build that would destroy something or could not finish",
                        code_value.as_str()
                    ),
                )
                .at(file, code.span())
                .help("remove this line"),
            );
            continue;
        }
        let severity = match level.get_ref().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "off" => None,
            other => {
                diagnostics.push(
                    Diagnostic::new(Code::ConfigInvalid, format!("unknown level `{other}`"))
                        .at(file, level.span())
                        .help("use \"error\", \"warning\" or \"off\""),
                );
                continue;
            }
        };
        levels.insert(code_value, severity);
    }
    levels
}
