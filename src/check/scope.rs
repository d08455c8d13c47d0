//! Which rules a piece of text is about. A page's `topics` say which rule
//! areas it speaks about; the sentence holding a claim, its paragraph, or
//! any heading it sits under, that names one regime in the words of the
//! rule data's `topic_words:` ("died", "Freedom of Information",
//! "complain") narrows that to the regime, the nearest naming winning, so
//! "40 days" is right under "Records of someone who has died" and wrong
//! under "Your own records". Words of `other_rules:` ("medical report",
//! "kept for", "car park") say a sentence, or a section, is about something
//! the records rules do not cover, and its time limits and sums are not
//! theirs.

use aho_corasick::AhoCorasick;

use crate::model::{Rules, Topic};

use crate::read::text::TextBlock;

/// Which rules a claim is judged by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The rules of these topics, which the text names.
    Topics(Vec<Topic>),
    /// The page's topics: nothing nearer names a regime, so the text may be
    /// about any of them.
    PageTopics(Vec<Topic>),
    /// Rules the data does not hold (another statute, how long records are
    /// kept, a car park): time limits and sums here are not claims about
    /// the records rules.
    OtherRules,
}

/// The words that name each topic's regime, and the words of other rules,
/// from the rule data, in one automaton so that a text is read once.
pub(crate) struct RegimeWords {
    automaton: Option<AhoCorasick>,
    /// The topic of each word by the automaton's pattern number; `None` for
    /// a word of other rules.
    topics: Vec<Option<Topic>>,
}

/// What a text names.
#[derive(Debug, Default)]
struct Named {
    topics: Vec<Topic>,
    other_rules: bool,
}

impl RegimeWords {
    /// The words of the rule data.
    pub(crate) fn new(rules: &Rules) -> RegimeWords {
        let topic_words = rules
            .topic_words
            .iter()
            .flat_map(|(topic, words)| words.iter().map(move |word| (word, Some(*topic))));
        let other_words = rules.other_rule_words.iter().map(|word| (word, None));
        let (words, topics): (Vec<String>, Vec<Option<Topic>>) = topic_words
            .chain(other_words)
            .map(|(word, topic)| (word.split_whitespace().collect::<Vec<_>>().join(" "), topic))
            .filter(|(word, _)| !word.is_empty())
            .map(|(word, topic)| (word.to_lowercase(), topic))
            .unzip();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&words)
            .ok();
        RegimeWords { automaton, topics }
    }

    /// The regimes a text names, in topic order, and whether it names
    /// other rules.
    fn named(&self, text: &str) -> Named {
        let Some(automaton) = &self.automaton else {
            return Named::default();
        };
        let mut named = Named::default();
        for m in automaton.find_iter(text) {
            if !super::starts_a_word(text, m.start()) {
                continue;
            }
            match self.topics[m.pattern().as_usize()] {
                Some(topic) => named.topics.push(topic),
                None => named.other_rules = true,
            }
        }
        named.topics.sort();
        named.topics.dedup();
        named
    }
}

/// The rules a claim is judged by, from the nearest signal outward: the
/// regimes its sentence names (or other rules, which win in their own
/// sentence), else those its paragraph names, else those its own section's
/// heading names (or other rules), else those of the heading of the
/// section holding that, and so on out, else (unless the page's title puts
/// it outside these rules) the page's own topics.
///
/// Other rules named elsewhere in the paragraph do not count: "We keep
/// records for 8 years. We reply within 40 days." still has a time limit
/// to check.
#[cfg(test)]
pub(crate) fn scope_of(
    words: &RegimeWords,
    page: PageSignals,
    block: &TextBlock,
    sentence: &str,
    at: usize,
) -> Scope {
    sentence_scope(words, sentence).unwrap_or_else(|| outer_scope(words, page, block, at))
}

/// The scope a sentence gives by itself, if it names a regime or other
/// rules.
pub(crate) fn sentence_scope(words: &RegimeWords, sentence: &str) -> Option<Scope> {
    let in_sentence = words.named(sentence);
    if in_sentence.other_rules {
        return Some(Scope::OtherRules);
    }
    (!in_sentence.topics.is_empty()).then_some(Scope::Topics(in_sentence.topics))
}

/// Words that open a sentence about a charge named just before: "...
/// attracts charges. The charges must be paid up front."
const BACK_TO_A_CHARGE: &[&str] = &[
    "the charge",
    "the charges",
    "the fee",
    "the fees",
    "the cost",
    "the costs",
    "this charge",
    "this fee",
    "this cost",
    "these charges",
    "these fees",
    "these costs",
    "such charges",
    "such fees",
    "those charges",
    "those fees",
];

/// The scope of a sentence that names nothing itself but opens on the
/// charge of the sentence before ("The charges must be paid up front"):
/// other rules, where that sentence is about them.
pub(crate) fn follows_on(words: &RegimeWords, sentence: &str, before: &str) -> Option<Scope> {
    let opens = sentence.trim_start();
    let refers_back = BACK_TO_A_CHARGE.iter().any(|w| {
        opens
            .strip_prefix(w)
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
    });
    (refers_back && words.named(before).other_rules).then_some(Scope::OtherRules)
}

/// The scope of a sentence that names nothing itself (at `at` in its
/// block): its paragraph's, else its headings' out to the title, else the
/// page's topics.
pub(crate) fn outer_scope(
    words: &RegimeWords,
    page: PageSignals,
    block: &TextBlock,
    at: usize,
) -> Scope {
    OuterScope::of(words, page, block).at(words, block, at)
}

/// The scope a block gives its sentences that name nothing themselves,
/// read once per block however many claims it holds.
pub(crate) enum OuterScope {
    /// The same for every such sentence.
    Fixed(Scope),
    /// The paragraph names regimes other than its section's, or than its
    /// page's where no heading names one ("## Freedom of Information: we
    /// reply in 20 working days. Personal information is exempt"): a
    /// sentence after a regime is named follows on from it ("For your own
    /// records, ask us. We reply in ..."); one before may be about either.
    Paragraph {
        /// The paragraph's regimes.
        own: Vec<Topic>,
        /// Those and the section's.
        with_section: Vec<Topic>,
    },
}

impl OuterScope {
    /// Reads the paragraph, its headings out to the title, and the page.
    pub(crate) fn of(words: &RegimeWords, page: PageSignals, block: &TextBlock) -> OuterScope {
        let in_paragraph = words.named(&block.text);
        let in_heading = block
            .headings
            .iter()
            .map(|heading| words.named(heading))
            .find(|named| !named.topics.is_empty() || named.other_rules);
        if !in_paragraph.topics.is_empty() {
            let own = in_paragraph.topics;
            // What the paragraph sits in: its nearest heading that names a
            // regime, else the page's topics.
            let outer = match &in_heading {
                Some(heading) => heading.topics.clone(),
                None if words.named(page.title).other_rules => Vec::new(),
                None => page.topics.to_vec(),
            };
            // A paragraph that names all of what it sits in decides; one
            // that names only some of it (one of the page's two topics)
            // leaves a sentence before the naming to all of them.
            if outer.iter().all(|t| own.contains(t)) {
                return OuterScope::Fixed(Scope::Topics(own));
            }
            let mut with_section = own.clone();
            with_section.extend(outer);
            with_section.sort();
            with_section.dedup();
            return OuterScope::Paragraph { own, with_section };
        }
        if let Some(named) = in_heading {
            if !named.topics.is_empty() {
                return OuterScope::Fixed(Scope::Topics(named.topics));
            }
            return OuterScope::Fixed(Scope::OtherRules);
        }
        // The title says what the page is about as a whole: enough to put it
        // outside these rules ("Our complaints procedure"), not to pick one of
        // the page's topics for every sentence.
        if words.named(page.title).other_rules {
            return OuterScope::Fixed(Scope::OtherRules);
        }
        OuterScope::Fixed(Scope::PageTopics(page.topics.to_vec()))
    }

    /// The scope of a sentence at `at` in the block.
    pub(crate) fn at(&self, words: &RegimeWords, block: &TextBlock, at: usize) -> Scope {
        match self {
            OuterScope::Fixed(scope) => scope.clone(),
            OuterScope::Paragraph { own, with_section } => {
                let named_before = block
                    .text
                    .get(..at)
                    .is_some_and(|before| !words.named(before).topics.is_empty());
                Scope::Topics(if named_before { own } else { with_section }.clone())
            }
        }
    }
}

/// What a page says of its subject as a whole: its title, read as the
/// heading outside all others, and its `topics`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PageSignals<'a> {
    /// The page's title.
    pub(crate) title: &'a str,
    /// The page's topics.
    pub(crate) topics: &'a [Topic],
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
        rules.other_rule_words = ["medical report", "kept for", "car park"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        RegimeWords::new(&rules)
    }

    /// The topics of a claim that is the whole paragraph.
    fn scope_of(page: &[Topic], block: &TextBlock) -> Vec<Topic> {
        topics(super::scope_of(
            &words(),
            signals(page),
            block,
            &block.text,
            0,
        ))
    }

    fn signals(topics: &[Topic]) -> PageSignals<'_> {
        PageSignals {
            title: "A page",
            topics,
        }
    }

    fn topics(scope: Scope) -> Vec<Topic> {
        match scope {
            Scope::Topics(topics) | Scope::PageTopics(topics) => topics,
            Scope::OtherRules => Vec::new(),
        }
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
            topics(super::scope_of(
                &none,
                signals(&page),
                &block("If the patient has died.", ""),
                "If the patient has died.",
                0
            )),
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

    /// The scope of the claim `claim` in a paragraph.
    fn scope_in(page: &[Topic], paragraph: &str, headings: &[&str], claim: &str) -> Scope {
        let block = under(paragraph, headings);
        let clauses = crate::check::clauses::Clauses::new(paragraph);
        let at = paragraph.find(claim).expect("the claim in the paragraph");
        super::scope_of(
            &words(),
            signals(page),
            &block,
            clauses.sentence_of(&(at..at + claim.len())),
            at,
        )
    }

    #[test]
    fn each_sentence_of_a_paragraph_is_judged_by_the_regime_it_names() {
        let page = [Topic::Sar, Topic::Deceased];
        let both = "For your own records we reply within 40 days. If the patient has died, we reply within one month.";
        assert_eq!(
            scope_in(&page, both, &[], "40 days"),
            Scope::Topics(vec![Topic::Sar])
        );
        assert_eq!(
            scope_in(&page, both, &[], "one month"),
            Scope::Topics(vec![Topic::Deceased])
        );
        // A sentence naming nothing takes what its paragraph names.
        let follow = "If the patient has died, ask the executor. We reply within 40 days.";
        assert_eq!(
            scope_in(&page, follow, &[], "40 days"),
            Scope::Topics(vec![Topic::Deceased])
        );
    }

    #[test]
    fn another_sentence_s_regime_does_not_hide_the_section_s() {
        let page = [Topic::Foi, Topic::Sar];
        // Under a Freedom of Information heading, a paragraph that also
        // names your own records may be about either.
        let exempt = "We reply within 20 working days. Your own records are not covered.";
        assert_eq!(
            scope_in(
                &page,
                exempt,
                &["Freedom of Information"],
                "20 working days"
            ),
            Scope::Topics(vec![Topic::Sar, Topic::Foi])
        );
        // With no heading naming a regime, the page's topics are what the
        // paragraph sits in.
        assert_eq!(
            scope_in(&[Topic::Foi], exempt, &["The Act"], "20 working days"),
            Scope::Topics(vec![Topic::Sar, Topic::Foi])
        );
        // Where the paragraph names the section's regime too, it decides.
        let both = "We reply within 20 working days. It is about your own records, not Freedom of Information.";
        assert_eq!(
            scope_in(&page, both, &["Your own records"], "20 working days"),
            Scope::Topics(vec![Topic::Sar, Topic::Foi])
        );
        // A regime named before the claim is what it follows on from.
        let own = "For your own records, make a request. We reply within 20 working days.";
        assert_eq!(
            scope_in(&page, own, &["Freedom of Information"], "20 working days"),
            Scope::Topics(vec![Topic::Sar])
        );
        // One of the page's topics named after the claim, in another
        // sentence, does not take the claim from the page's other topics.
        let later = "We may charge for later requests. If the patient has died, ask the executor.";
        assert_eq!(
            scope_in(&[Topic::Sar, Topic::Deceased], later, &["Fees"], "charge"),
            Scope::Topics(vec![Topic::Sar, Topic::Deceased])
        );
        assert_eq!(
            scope_in(
                &[Topic::Sar, Topic::Deceased],
                "If the patient has died, ask the executor. We may charge for it.",
                &["Fees"],
                "charge"
            ),
            Scope::Topics(vec![Topic::Deceased])
        );
    }

    #[test]
    fn a_sentence_opening_on_the_charge_before_it_follows_that_sentence() {
        let private = "parking in our car park attracts a charge";
        assert_eq!(
            follows_on(&words(), "the charges must be paid up front", private),
            Some(Scope::OtherRules)
        );
        assert_eq!(
            follows_on(&words(), "the charges apply", "we reply in a month"),
            None
        );
        assert_eq!(follows_on(&words(), "the chargeable work", private), None);
    }

    #[test]
    fn other_rules_leave_their_own_sentence_or_section_unjudged() {
        let page = [Topic::Sar];
        assert_eq!(
            scope_in(&page, "Adult records are kept for 8 years.", &[], "8 years"),
            Scope::OtherRules
        );
        assert_eq!(
            scope_in(
                &page,
                "You have 21 days to see it.",
                &["A medical report for your insurer"],
                "21 days"
            ),
            Scope::OtherRules
        );
        // Not beyond their sentence: the time limit next to them is checked.
        assert_eq!(
            scope_in(
                &page,
                "Records are kept for 8 years. We reply within 40 days.",
                &[],
                "40 days"
            ),
            Scope::PageTopics(vec![Topic::Sar])
        );
        // A regime named nearer than the section's other rules wins.
        assert_eq!(
            scope_in(
                &page,
                "For your own records we reply within 40 days.",
                &["A medical report"],
                "40 days"
            ),
            Scope::Topics(vec![Topic::Sar])
        );
        // "Parking costs £3" under a heading about your own records is still a car park.
        assert_eq!(
            scope_in(
                &page,
                "The car park costs £3 an hour.",
                &["Your own records"],
                "£3"
            ),
            Scope::OtherRules
        );
    }
}
