//! A block of text cut into sentences and clauses once, however many claims
//! it holds: history is decided per clause ("used to be 40 days, but now it
//! is a month"), scope and the trust's aims per sentence.

use std::ops::Range;

/// What ends a clause besides the end of a sentence: a value after one of
/// these is said of something else ("no longer free: we charge £50", "used
/// to be 40 days, but now it is a month").
const TURNS: &[&str] = &[
    ": ",
    "; ",
    ", and ",
    ", but ",
    " but ",
    " now ",
    " however",
    " whereas ",
    " instead",
    " although",
    " though",
    ", which",
    " except",
    " while ",
];

/// Words that open a sentence with a clause it then turns from: "Although
/// the law gives us 40 days, we will reply within 21" says the 21 days in
/// a clause of its own, so the first comma after one of these ends a clause.
const CONCESSIONS: &[&str] = &[
    "although ",
    "though ",
    "even though ",
    "even if ",
    "while ",
    "whilst ",
    "whereas ",
    // Welsh: although.
    "er bod ",
    "er nad ",
];

/// A block's text in lowercase with where its sentences and clauses end.
pub(crate) struct Clauses {
    /// The text in lowercase (or the text itself, where lowercasing would
    /// change its length, and words are then matched in ASCII case only).
    lower: String,
    /// Where each clause ends, in order: the end of a sentence or a turn.
    clause_ends: Vec<usize>,
    /// Where each sentence ends: a full stop, question or exclamation mark,
    /// then a space.
    sentence_ends: Vec<usize>,
}

impl Clauses {
    /// Cuts a block's text into sentences and clauses.
    pub(crate) fn new(text: &str) -> Clauses {
        let lowered = text.to_lowercase();
        let lower = if lowered.len() == text.len() {
            lowered
        } else {
            text.to_ascii_lowercase()
        };
        let bytes = lower.as_bytes();
        let mut clause_ends = Vec::new();
        let mut sentence_ends = Vec::new();
        // Whether no word of the sentence has been seen yet, and whether
        // its first word concedes.
        let mut opening = true;
        let mut conceding = false;
        for at in (0..lower.len()).filter(|&at| lower.is_char_boundary(at)) {
            if opening && !bytes[at].is_ascii_whitespace() {
                opening = false;
                conceding = CONCESSIONS.iter().any(|c| lower[at..].starts_with(c));
            }
            let sentence_end = matches!(bytes[at], b'.' | b'!' | b'?')
                && bytes.get(at + 1).is_none_or(u8::is_ascii_whitespace);
            if sentence_end {
                sentence_ends.push(at);
                opening = true;
            }
            let conceded = conceding && lower[at..].starts_with(", ");
            if sentence_end || conceded || TURNS.iter().any(|t| lower[at..].starts_with(t)) {
                clause_ends.push(at);
                conceding = false;
            }
        }
        Clauses {
            lower,
            clause_ends,
            sentence_ends,
        }
    }

    /// The clause holding `range`, in lowercase.
    pub(crate) fn clause_of(&self, range: &Range<usize>) -> &str {
        self.piece_of(&self.clause_ends, range)
    }

    /// The clause holding `range`, in lowercase, cut where the range is:
    /// the words before it and the words after it.
    pub(crate) fn clause_sides(&self, range: &Range<usize>) -> (&str, &str) {
        self.sides(&self.clause_ends, range)
    }

    /// The sentence holding `range`, in lowercase, cut where the range is.
    pub(crate) fn sentence_sides(&self, range: &Range<usize>) -> (&str, &str) {
        self.sides(&self.sentence_ends, range)
    }

    fn sides(&self, ends: &[usize], range: &Range<usize>) -> (&str, &str) {
        let (start, end) = self.bounds(ends, range);
        let cut = |at: usize| at.clamp(start, end);
        (
            self.lower.get(start..cut(range.start)).unwrap_or_default(),
            self.lower.get(cut(range.end)..end).unwrap_or_default(),
        )
    }

    /// The sentence holding `range`, in lowercase.
    pub(crate) fn sentence_of(&self, range: &Range<usize>) -> &str {
        self.piece_of(&self.sentence_ends, range)
    }

    /// The sentence before the one holding `range`, in lowercase, if the
    /// block has one.
    pub(crate) fn sentence_before(&self, range: &Range<usize>) -> Option<&str> {
        let before = self.sentence_ends.partition_point(|&end| end < range.start);
        let end = *self.sentence_ends.get(before.checked_sub(1)?)?;
        let start = before
            .checked_sub(2)
            .map_or(0, |i| self.sentence_ends[i] + 1);
        self.lower.get(start..end)
    }

    fn piece_of(&self, ends: &[usize], range: &Range<usize>) -> &str {
        let (start, end) = self.bounds(ends, range);
        self.lower.get(start..end).unwrap_or_default()
    }

    /// Where the piece (clause or sentence, by `ends`) holding `range`
    /// starts and ends.
    fn bounds(&self, ends: &[usize], range: &Range<usize>) -> (usize, usize) {
        let before = ends.partition_point(|&end| end < range.start);
        let start = before.checked_sub(1).map_or(0, |i| ends[i] + 1);
        let end = ends[ends.partition_point(|&end| end < range.end)..]
            .first()
            .copied()
            .unwrap_or(self.lower.len());
        (start.min(end), end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn around(text: &str, claim: &str) -> (String, String) {
        let at = text.find(claim).expect("claim in text");
        let clauses = Clauses::new(text);
        let range = at..at + claim.len();
        (
            clauses.clause_of(&range).trim().to_string(),
            clauses.sentence_of(&range).trim().to_string(),
        )
    }

    #[test]
    fn sentences_end_at_a_stop_and_clauses_also_at_a_turn() {
        let text = "Fees were abolished. It used to be 40 days, but now it is a month. Ask us.";
        assert_eq!(
            around(text, "a month"),
            (
                "now it is a month".to_string(),
                "it used to be 40 days, but now it is a month".to_string()
            )
        );
        assert_eq!(around(text, "Fees").1, "fees were abolished");
        assert_eq!(around(text, "Ask").1, "ask us");
    }

    #[test]
    fn a_sentence_that_opens_with_a_concession_turns_at_its_first_comma() {
        let text = "Although the law gives us 40 days, we reply within 21 days, or sooner.";
        assert_eq!(
            around(text, "21 days").0,
            "we reply within 21 days, or sooner"
        );
        assert_eq!(
            around(text, "40 days").0,
            "although the law gives us 40 days"
        );
        // Only a sentence that opens with one: a comma elsewhere is no turn.
        let plain = "By law, we reply within 21 days.";
        assert_eq!(
            around(plain, "21 days").0,
            "by law, we reply within 21 days"
        );
    }

    #[test]
    fn a_decimal_point_does_not_end_a_sentence() {
        assert_eq!(
            around("We charge £25.00 for a copy. Then", "£25.00").1,
            "we charge £25.00 for a copy"
        );
    }
}
