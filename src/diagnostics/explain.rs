//! `verity explain CODE`: what a code means and how to fix it, from
//! docs/codes.md, so that the command and the reference never disagree.

use super::Code;

/// The reference, built into the program.
const CODES: &str = include_str!("../../docs/codes.md");

/// The reference's section for a code: its name, whether it is an error or
/// a warning, what it means and what to do, as plain text.
pub fn explain(code: Code) -> Option<String> {
    let section = section(code.as_str())?;
    let text = section.replace("**", "").replace('`', "");
    let mut out = format!("{}\n", code.as_str());
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push('\n');
        out.push_str(&paragraph.split_whitespace().collect::<Vec<_>>().join(" "));
        out.push('\n');
    }
    if !code.level_can_change() {
        out.push_str("\nIt is always an error: site.toml cannot turn it down.\n");
    }
    Some(out)
}

/// The text under `## name` in the reference, up to the next section.
fn section(name: &str) -> Option<&'static str> {
    let heading = format!("\n## {name}\n");
    let start = CODES.find(&heading)? + heading.len();
    let end = CODES[start..]
        .find("\n## ")
        .map_or(CODES.len(), |i| start + i);
    Some(&CODES[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code the reference has a section for, in order.
    fn documented() -> Vec<&'static str> {
        CODES
            .lines()
            .filter_map(|line| line.strip_prefix("## "))
            .collect()
    }

    #[test]
    fn every_code_has_one_section_and_every_section_a_code() {
        let documented = documented();
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            documented, names,
            "docs/codes.md lists the codes in their order"
        );
        for code in Code::ALL {
            let text = section(code.as_str()).unwrap_or_default();
            let severity = match code.default_severity() {
                super::super::Severity::Error => "**Error.**",
                super::super::Severity::Warning => "**Warning.**",
            };
            assert!(
                text.trim_start().starts_with(severity),
                "{}: {text}",
                code.as_str()
            );
            assert!(text.contains("**What to do:**"), "{}", code.as_str());
        }
    }
}
