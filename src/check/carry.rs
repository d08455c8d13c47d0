//! What earlier blocks of a page tell the checker about later ones: which
//! repealed laws a short name means there, and what leads into a list or
//! the paragraph after it. A page is read in order, block by block; these
//! carry what has been read so far.

use crate::read::text::Headings;
use crate::read::{BlockKind, TextBlock};

/// The repealed laws a page has named as if in force, and where their
/// short names ("the Data Protection Act") mean them: the rest of the
/// section that named them, everything under a heading that names them,
/// and the heading of a section whose text names them ("### Formal
/// requests under the Data Protection Act / Under the Data Protection Act
/// 1998, you ...").
#[derive(Default)]
pub(crate) struct RepealedLaws<'a> {
    /// The section the last block was in.
    section: Option<&'a Headings>,
    /// Named in this section so far.
    in_section: Vec<String>,
    /// Named in each heading so far, by the heading's text.
    in_headings: Vec<(&'a str, Vec<String>)>,
    /// The heading of the section being read, if nothing has given its
    /// short names a meaning yet.
    open_heading: Option<&'a TextBlock>,
}

impl<'a> RepealedLaws<'a> {
    /// The laws a short name in `block` means (`next` is the block after
    /// it, which says where a heading sits).
    pub(crate) fn meant_in(
        &mut self,
        block: &'a TextBlock,
        next: Option<&'a TextBlock>,
    ) -> Vec<String> {
        if self.section.is_none_or(|h| *h != block.headings) {
            self.section = Some(&block.headings);
            self.in_section.clear();
        }
        let above = headings_above(block, next);
        let mut meant: Vec<String> = self
            .in_headings
            .iter()
            .filter(|(heading, _)| above.iter().any(|h| &**h == *heading))
            .flat_map(|(_, ids)| ids.iter().cloned())
            .collect();
        // A heading starts the next section; it does not speak in this
        // one, though it sits under those above it.
        if block.kind != BlockKind::Heading {
            meant.extend(self.in_section.iter().cloned());
        }
        meant.sort();
        meant.dedup();
        if block.kind == BlockKind::Heading {
            self.open_heading = meant.is_empty().then_some(block);
        }
        meant
    }

    /// Learns the repealed laws `block` names. Returns the heading of the
    /// block's section, when the block is the first to name them there and
    /// nothing gave that heading's short names a meaning before.
    pub(crate) fn learn(
        &mut self,
        block: &'a TextBlock,
        named: Vec<String>,
    ) -> Option<(&'a TextBlock, Vec<String>)> {
        if block.kind == BlockKind::Heading {
            self.in_headings.push((&block.text, named));
            return None;
        }
        if named.is_empty() {
            return None;
        }
        for id in &named {
            if !self.in_section.contains(id) {
                self.in_section.push(id.clone());
            }
        }
        let heading = self
            .open_heading
            .take()
            .filter(|h| block.headings.first().is_some_and(|own| **own == *h.text))?;
        Some((heading, named))
    }
}

/// The headings a block sits under. A heading block carries those of the
/// section before it (it ends that section); its own are those of the
/// block after it, less itself.
fn headings_above<'a>(
    block: &'a TextBlock,
    next: Option<&'a TextBlock>,
) -> &'a [std::sync::Arc<str>] {
    if block.kind != BlockKind::Heading {
        return &block.headings;
    }
    match next.map(|n| &n.headings[..]) {
        Some([own, above @ ..]) if **own == *block.text => above,
        _ => &[],
    }
}

/// What leads into a block: for a list item, the paragraph that brings in
/// its list and the items before it; for the paragraph after a list, that
/// list and its lead-in ("If a request is manifestly excessive we can
/// either: / - ask for a reasonable fee; or / - refuse. / If we decide to
/// charge ..."). A paragraph after a paragraph stands alone ("... we may
/// charge a reasonable fee. / We may, however, charge for later
/// requests").
#[derive(Default)]
pub(crate) struct Lead<'a> {
    blocks: Vec<&'a TextBlock>,
    section: Option<&'a Headings>,
    after_list: bool,
}

impl<'a> Lead<'a> {
    /// The blocks that lead into `block`.
    pub(crate) fn leading_into(&mut self, block: &'a TextBlock) -> &[&'a TextBlock] {
        if self.section.is_none_or(|h| *h != block.headings) {
            self.section = Some(&block.headings);
            self.blocks.clear();
        }
        let reads_on = matches!(block.kind, BlockKind::ListItem(_)) || self.after_list;
        if reads_on { &self.blocks } else { &[] }
    }

    /// Takes in `block`, read after those before it.
    pub(crate) fn read(&mut self, block: &'a TextBlock) {
        self.after_list = matches!(block.kind, BlockKind::ListItem(_));
        match block.kind {
            BlockKind::ListItem(_) => self.blocks.push(block),
            BlockKind::Paragraph => {
                self.blocks.clear();
                self.blocks.push(block);
            }
            BlockKind::Heading => self.blocks.clear(),
        }
    }
}
