//! `content/trusts/<id>/trust.yaml`: each trust's name, nation, contacts
//! and service targets.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::yaml::YamlText;
use crate::diagnostics::{Code, Diagnostic, Span};
use crate::model::{Lang, Nation, Trust, TrustFile, TrustId};

/// A trust.yaml as read: the trust and the problems that do not stop it
/// being published (its contact details), or the one that does.
pub(super) type Parsed = Result<(Trust, Vec<Diagnostic>), Diagnostic>;

/// Reads every trust folder. The folder name is the trust's id.
pub(super) fn load(loader: &mut super::Loader) -> BTreeMap<TrustId, Trust> {
    let root = loader.root.clone();
    let root = root.as_path();
    let dir = root.join("content").join("trusts");
    let mut trusts = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return trusts;
    };
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    let mut folders = Vec::new();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push(entry.path());
        } else if !super::unseen(&name) {
            loader.diagnostics.push(
                Diagnostic::new(
                    Code::FileSkipped,
                    "this is not a folder, so it was not read as a trust",
                )
                .in_file(&crate::diagnostics::relative_path(root, &entry.path()))
                .help("each trust is a folder here holding its trust.yaml and its own pages"),
            );
        }
    }
    if folders.is_empty() {
        loader.diagnostics.push(
            Diagnostic::new(Code::ContentMissing, "there are no trusts: content/trusts/ has no trust folders")
                .in_file("content/trusts/")
                .help("add a folder for each trust, named as in its web address (such as `nuh`), holding its trust.yaml"),
        );
    }
    for folder in folders {
        let id = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = folder.join("trust.yaml");
        let relative = crate::diagnostics::relative_path(root, &path);
        if !super::pages::is_valid_slug(&id) {
            loader.diagnostics.push(
                Diagnostic::new(
                    Code::SlugInvalid,
                    format!("the trust folder name `{id}` cannot be used in a web address"),
                )
                .in_file(&crate::diagnostics::relative_path(root, &folder))
                .help("use lowercase letters, digits and hyphens only, for example `nuh`"),
            );
            continue;
        }
        if !path.is_file() {
            loader.diagnostics.push(
                Diagnostic::new(
                    Code::DataMissingField,
                    format!("the trust folder `{id}` has no trust.yaml"),
                )
                .in_file(&relative)
                .help("add trust.yaml with at least `name:` and `nation:`"),
            );
            continue;
        }
        let Some(file) = loader.read_source(&path) else {
            continue;
        };
        let parsed = match loader.cache.trusts.get(&path) {
            Some((cached, parsed)) if Arc::ptr_eq(cached, &file) => parsed.clone(),
            _ => {
                let yaml = YamlText::whole(&file);
                let parsed = yaml
                    .parse::<TrustFile>()
                    .and_then(|parsed| trust(TrustId::new(&id), parsed, &yaml, &file));
                loader
                    .cache
                    .trusts
                    .insert(path.clone(), (file.clone(), parsed.clone()));
                parsed
            }
        };
        match parsed {
            Ok((trust, problems)) => {
                loader.diagnostics.extend(problems);
                trusts.insert(trust.id.clone(), trust);
            }
            Err(diagnostic) => loader.diagnostics.push(diagnostic),
        }
    }
    trusts
}

fn trust(
    id: TrustId,
    file: TrustFile,
    yaml: &YamlText,
    source: &Arc<crate::diagnostics::SourceFile>,
) -> Parsed {
    if let Some(address) = &file.privacy_notice {
        yaml.web_address(address, "privacy_notice")?;
    }
    for service in file.online_services.values() {
        yaml.web_address(&service.web, "web")?;
    }
    let service_targets = file
        .service_targets
        .into_iter()
        .map(|(key, target)| {
            let span = Span {
                file: Arc::from(yaml.file.path.as_str()),
                range: yaml.range_of(&key),
            };
            (key.value, (target, span))
        })
        .collect();
    let problems = file
        .contacts
        .iter()
        .flat_map(|(role, contact)| {
            super::contact_details::check(&yaml.file.path, &yaml.file.text, role, contact)
        })
        .collect();
    let trust = Trust {
        id,
        name: file.name,
        name_cy: file.name_cy,
        nation: file.nation,
        website: file.website,
        privacy_notice: file.privacy_notice.map(|address| address.value),
        contacts: file.contacts,
        online_services: file.online_services,
        service_targets,
        id_documents: file.id_documents,
        languages: languages(file.nation, file.languages),
        file: yaml.file.path.clone(),
        source: source.clone(),
        fingerprint: yaml.file.fingerprint,
    };
    Ok((trust, problems))
}

/// The languages a trust publishes in: as trust.yaml says, or both English
/// and Welsh for a body in Wales. English is always one of them, and first.
fn languages(nation: Nation, written: Option<Vec<Lang>>) -> Vec<Lang> {
    let written = written.unwrap_or_else(|| match nation {
        Nation::Wales => vec![Lang::En, Lang::Cy],
        _ => vec![Lang::En],
    });
    let mut languages = vec![Lang::En];
    languages.extend(written.into_iter().filter(|l| *l != Lang::En));
    languages.dedup();
    languages
}
