//! Stage three: reading. Each expanded page's markdown is parsed once, and
//! that one pass gives everything later stages need of it: the blocks of
//! readable text and the outline (for `check`), and the body HTML with its
//! headings and whatever the sanitiser removed (for `render`, and for
//! `check` to report).
//!
//! A shared page is read once for all its trusts wherever that reads the
//! same as each trust's own markdown (see [`slots`]).
//!
//! Not for: judging what the text says (that is `check`), or the theme
//! (that is `render`).

pub(crate) mod body;
pub(crate) mod sanitize;
pub(crate) mod slots;
pub(crate) mod text;

use foldhash::HashMap;
use std::sync::Arc;

use crate::expand::ExpandedPage;
use crate::fingerprint::fingerprint;
pub(crate) use body::{Heading, RemovedHtml, RenderedBody};
pub(crate) use text::{BlockKind, TextBlock, TextBlocks};

/// What one reading of an expanded page gives.
#[derive(Debug, Clone)]
pub(crate) struct Reading {
    /// The readable text and outline, for the checker.
    pub(crate) text: Arc<TextBlocks>,
    /// The body HTML, sanitised, with what the sanitiser removed.
    pub(crate) body: Arc<RenderedBody>,
}

/// Reads one expanded page.
pub(crate) fn read(page: &ExpandedPage) -> Reading {
    let (text, body) = text::read(page);
    Reading {
        text: Arc::new(text),
        body: Arc::new(body),
    }
}

/// Reads one page as expanded for each of its trusts, in order. Trusts
/// whose markdown is the same share one reading, and a shared page's
/// values are taken out so that its markdown is parsed once for all its
/// trusts wherever that reads the same as each trust's own.
pub(crate) fn read_group(pages: &[&ExpandedPage]) -> Vec<Reading> {
    let mut group = GroupReading {
        shared: pages.len() > 1,
        ..GroupReading::default()
    };
    pages.iter().map(|page| group.read(page)).collect()
}

/// The readings of one page's trusts so far.
#[derive(Default)]
struct GroupReading {
    /// Whether the page is read for more than one trust: only then is
    /// reading its marked markdown once worth the marking.
    shared: bool,
    /// Readings of the marked markdown, by the marking's key; `None` where
    /// the trusts' own markdown must be read.
    marked: HashMap<u64, Option<Arc<slots::MarkedReading>>>,
    /// Readings by the fingerprint of the expanded markdown.
    readings: HashMap<u64, Reading>,
}

impl GroupReading {
    fn read(&mut self, page: &ExpandedPage) -> Reading {
        if let Some(slotted) = self.shared.then(|| slots::Slotted::of(page)).flatten() {
            let marked = self
                .marked
                .entry(slotted.key())
                .or_insert_with(|| slots::MarkedReading::read(&slotted).map(Arc::new))
                .clone();
            if let Some(marked) = marked {
                let (text, body) = marked.fill(&slotted);
                return Reading {
                    text: Arc::new(text),
                    body: Arc::new(body),
                };
            }
        }
        self.readings
            .entry(fingerprint(&page.markdown))
            .or_insert_with(|| read(page))
            .clone()
    }
}
