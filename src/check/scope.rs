//! Which rules a piece of text is about. A page's `topics` say which rule
//! areas it speaks about; a paragraph or its heading that names one regime
//! ("died", "Freedom of Information", "complain") narrows that to the
//! regime, so "40 days" is right under "Records of someone who has died"
//! and wrong under "Your own records".

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::model::Topic;

use crate::read::text::TextBlock;

/// Words that name a regime, in lowercase.
const REGIMES: &[(Topic, &[&str])] = &[
    (
        Topic::Deceased,
        &[
            "died",
            "deceased",
            "death",
            "access to health records act",
            "personal representative",
        ],
    ),
    (
        Topic::Foi,
        &[
            "freedom of information",
            "foi request",
            "environmental information",
        ],
    ),
    (
        Topic::Complaints,
        &["complain", "unhappy", "information commissioner"],
    ),
    (Topic::OptOut, &["opt-out", "opt out"]),
    (Topic::Caldicott, &["caldicott"]),
    (Topic::GpOnline, &["gp record", "gp surgery", "gp practice"]),
    (
        Topic::Sar,
        &[
            "subject access",
            "your own records",
            "your own health records",
        ],
    ),
];

/// All the regime words in one automaton, so a text is read once.
fn regime_words() -> &'static (AhoCorasick, Vec<Topic>) {
    static WORDS: OnceLock<(AhoCorasick, Vec<Topic>)> = OnceLock::new();
    WORDS.get_or_init(|| {
        let (words, topics): (Vec<&str>, Vec<Topic>) = REGIMES
            .iter()
            .flat_map(|(topic, words)| words.iter().map(move |w| (*w, *topic)))
            .unzip();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap_or_else(|e| panic!("the built-in regime words are valid: {e}"));
        (automaton, topics)
    })
}

/// The regimes a text names, in the order of [`REGIMES`].
fn named_regimes(text: &str) -> Vec<Topic> {
    let (automaton, topics) = regime_words();
    let mut named: Vec<Topic> = automaton
        .find_iter(text)
        .map(|m| topics[m.pattern().as_usize()])
        .collect();
    named.sort_by_key(|t| REGIMES.iter().position(|(r, _)| r == t));
    named.dedup();
    named
}

/// The topics whose rules apply to a block, from the nearest signal
/// outward: those its paragraph names, else those its own section's
/// heading names, else those of the heading of the section holding that,
/// and so on out, else the page's own.
pub(crate) fn scope_of(page_topics: &[Topic], block: &TextBlock) -> Vec<Topic> {
    std::iter::once(block.text.as_str())
        .chain(block.headings.iter().map(|heading| &**heading))
        .map(named_regimes)
        .find(|named| !named.is_empty())
        .unwrap_or_else(|| page_topics.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text::BlockKind;

    fn block(text: &str, heading: &str) -> TextBlock {
        under(text, &[heading])
    }

    /// A block under these headings, nearest first.
    fn under(text: &str, headings: &[&str]) -> TextBlock {
        let headings = headings.iter().map(|h| std::sync::Arc::from(*h)).collect();
        let mut block = TextBlock::new(BlockKind::Paragraph, headings);
        block.text = text.into();
        block
    }

    #[test]
    fn a_sub_heading_does_not_hide_the_section_it_is_in() {
        let page = [Topic::Sar, Topic::Deceased];
        let how_long = ["How long?", "Your own records"];
        assert_eq!(
            scope_of(&page, &under("We reply within 40 days.", &how_long)),
            [Topic::Sar]
        );
        let how_long = ["How long?", "Records of someone who has died"];
        assert_eq!(
            scope_of(&page, &under("We reply within 40 days.", &how_long)),
            [Topic::Deceased]
        );
        // The nearest heading that names a regime wins over those outside it.
        let nested = ["If the patient has died", "Your own records"];
        assert_eq!(
            scope_of(&page, &under("We reply within 40 days.", &nested)),
            [Topic::Deceased]
        );
    }

    #[test]
    fn a_paragraph_naming_a_regime_narrows_the_scope() {
        let page = [Topic::Sar, Topic::Deceased];
        assert_eq!(
            scope_of(
                &page,
                &block("If the patient has died, we reply within 40 days.", "")
            ),
            [Topic::Deceased]
        );
        assert_eq!(
            scope_of(
                &page,
                &block(
                    "We reply within 40 days.",
                    "Records of someone who has died"
                )
            ),
            [Topic::Deceased]
        );
        assert_eq!(
            scope_of(
                &page,
                &block("We reply within 40 days.", "How long it takes")
            ),
            page
        );
        assert_eq!(
            scope_of(
                &[Topic::Sar],
                &block("Make a Freedom of Information request.", "")
            ),
            [Topic::Foi]
        );
    }
}
