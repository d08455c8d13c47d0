//! Which rules a piece of text is about. A page's `topics` say which rule
//! areas it speaks about; a paragraph, or any heading it sits under, that
//! names one regime in the words of the rule data's `topic_words:` ("died",
//! "Freedom of Information", "complain") narrows that to the regime, the
//! nearest naming winning, so "40 days" is right under "Records of someone
//! who has died" and wrong under "Your own records".

use aho_corasick::AhoCorasick;

use crate::model::{Rules, Topic};

use crate::read::text::TextBlock;

/// The words that name each topic's regime, from the rule data
/// (`topic_words:`), in one automaton so that a text is read once.
pub(crate) struct RegimeWords {
    automaton: Option<AhoCorasick>,
    /// The topic of each word, by the automaton's pattern number.
    topics: Vec<Topic>,
}

impl RegimeWords {
    /// The words of the rule data.
    pub(crate) fn new(rules: &Rules) -> RegimeWords {
        let (words, topics): (Vec<String>, Vec<Topic>) = rules
            .topic_words
            .iter()
            .flat_map(|(topic, words)| {
                words
                    .iter()
                    .map(|word| word.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|word| !word.is_empty())
                    .map(move |word| (word.to_lowercase(), *topic))
            })
            .unzip();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&words)
            .ok();
        RegimeWords { automaton, topics }
    }

    /// The regimes a text names, in topic order.
    fn named(&self, text: &str) -> Vec<Topic> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        let mut named: Vec<Topic> = automaton
            .find_iter(text)
            .filter(|m| super::starts_a_word(text, m.start()))
            .map(|m| self.topics[m.pattern().as_usize()])
            .collect();
        named.sort();
        named.dedup();
        named
    }
}

/// The topics whose rules apply to a block, from the nearest signal
/// outward: those its paragraph names, else those its own section's
/// heading names, else those of the heading of the section holding that,
/// and so on out, else the page's own.
pub(crate) fn scope_of(
    words: &RegimeWords,
    page_topics: &[Topic],
    block: &TextBlock,
) -> Vec<Topic> {
    std::iter::once(block.text.as_str())
        .chain(block.headings.iter().map(|heading| &**heading))
        .map(|text| words.named(text))
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

    /// Words for three regimes, as rule data would give them.
    fn words() -> RegimeWords {
        let mut rules = Rules::default();
        for (topic, words) in [
            (
                Topic::Deceased,
                &["died", "someone who has died", "personal representative"][..],
            ),
            (Topic::Foi, &["freedom of information"][..]),
            (Topic::Sar, &["your own records", "uk gdpr"][..]),
        ] {
            rules
                .topic_words
                .insert(topic, words.iter().map(|w| w.to_string()).collect());
        }
        RegimeWords::new(&rules)
    }

    fn scope_of(page: &[Topic], block: &TextBlock) -> Vec<Topic> {
        super::scope_of(&words(), page, block)
    }

    #[test]
    fn regime_words_come_from_the_data_and_start_a_word() {
        let page = [Topic::Sar, Topic::Deceased];
        assert_eq!(
            scope_of(&page, &block("Under the UK GDPR we reply in 40 days.", "")),
            [Topic::Sar]
        );
        // Inside another word, a regime word names nothing.
        assert_eq!(
            scope_of(&page, &block("We studied it for 40 days.", "")),
            page
        );
        // With no words in the data, the page's topics are the scope.
        let none = RegimeWords::new(&Rules::default());
        assert_eq!(
            super::scope_of(&none, &page, &block("If the patient has died.", "")),
            page
        );
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
