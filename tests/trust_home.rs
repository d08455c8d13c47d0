//! A trust's home leads with its main task (its first page) and lists the
//! rest under the groups their front matter names, in page order, with the
//! pages that name none after them.

mod common;

use common::{build, example_site, page, read_tree};

/// The headings of a trust's home and the page titles under each.
fn outline(html: &str) -> Vec<(String, Vec<String>)> {
    let main = html.split("<main").nth(1).expect("a main element");
    let mut outline: Vec<(String, Vec<String>)> = Vec::new();
    for piece in main.split("<h").skip(1) {
        let Some(level) = piece.chars().next().filter(|c| c.is_ascii_digit()) else {
            continue;
        };
        let text = piece
            .split_once('>')
            .map(|(_, rest)| rest.split("</h").next().unwrap_or(""))
            .unwrap_or("");
        let text = text
            .split('<')
            .flat_map(|part| part.split_once('>').map_or(Some(part), |(_, t)| Some(t)))
            .collect::<String>()
            .replace("&#39;", "'");
        match level {
            '2' => outline.push((text, Vec::new())),
            '3' => outline.last_mut().expect("a group").1.push(text),
            _ => {}
        }
    }
    outline
}

#[test]
fn a_trust_home_leads_with_the_main_task_and_groups_the_rest() {
    let site = example_site();
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        outline(&page(&files, "nuh/index.html")),
        [
            ("Ask for your own health records".to_string(), vec![]),
            (
                "Asking for records".to_string(),
                strings(&[
                    "Ask for someone else's health records",
                    "Records of someone who has died",
                    "Proof of identity",
                    "What it costs",
                    "How long it takes",
                ])
            ),
            (
                "How your information is used".to_string(),
                strings(&["The Caldicott principles", "The national data opt-out"])
            ),
            (
                "More about health records".to_string(),
                strings(&[
                    "If you are unhappy",
                    "Your GP record online",
                    "Freedom of Information requests",
                ])
            ),
        ]
    );
    // The Welsh home uses the Welsh pages' groups.
    let welsh = outline(&page(&files, "hywel-dda/cy/index.html"));
    let headings: Vec<&str> = welsh.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        headings[1..3],
        [
            "Gofyn am gofnodion",
            "Sut mae eich gwybodaeth yn cael ei defnyddio"
        ]
    );
}
