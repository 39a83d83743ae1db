//! Committee paragraph numbering: which number each top-level block and section takes under a
//! report's scheme (`paragraphs`, `sections` or `none`).

use pulldown_cmark::{CowStr, Event, HeadingLevel};

use crate::content::Numbering;

/// The marker that makes a paragraph join the block before it, unnumbered.
pub const UNNUMBERED_MARKER: &str = "{.unnumbered}";

/// Hands out numbers in document order.
#[derive(Clone)]
pub struct Numberer {
    scheme: Numbering,
    /// The last number taken at the top level (a paragraph, or a section).
    top: u32,
    /// The number of the section whose blocks are numbered N.1, N.2…, if any.
    section: Option<u32>,
    /// The last number taken inside `section`.
    within: u32,
    /// In the `sections` scheme, inside a `###` subsection: its blocks take no number.
    in_subsection: bool,
    in_appendix: bool,
}

impl Numberer {
    pub fn new(scheme: Numbering) -> Self {
        Numberer {
            scheme,
            top: 0,
            section: None,
            within: 0,
            in_subsection: false,
            in_appendix: false,
        }
    }

    /// The number a heading takes, if any, updating the state for the blocks under it.
    pub fn heading(
        &mut self,
        level: HeadingLevel,
        numbered: bool,
        unnumbered: bool,
        is_appendix: bool,
    ) -> Option<String> {
        let is_section = matches!(level, HeadingLevel::H1 | HeadingLevel::H2);
        if is_section {
            self.in_appendix = is_appendix;
            self.section = None;
            self.within = 0;
            self.in_subsection = false;
        }
        if self.in_appendix {
            return None;
        }
        match (self.scheme, is_section, level) {
            (Numbering::Paragraphs, true, _) if numbered => {
                self.top += 1;
                self.section = Some(self.top);
                Some(self.top.to_string())
            }
            (Numbering::Sections, true, _) if !unnumbered => {
                self.top += 1;
                self.section = Some(self.top);
                Some(self.top.to_string())
            }
            (Numbering::Sections, false, HeadingLevel::H3) if !unnumbered => {
                let section = self.section?;
                self.within += 1;
                self.in_subsection = true;
                Some(format!("{section}.{}", self.within))
            }
            _ => None,
        }
    }

    /// The number the next top-level paragraph takes, if any.
    pub fn paragraph(&mut self) -> Option<String> {
        if self.in_appendix || self.in_subsection {
            return None;
        }
        match (self.scheme, self.section) {
            (Numbering::None, _) => None,
            (_, Some(section)) => {
                self.within += 1;
                Some(format!("{section}.{}", self.within))
            }
            (Numbering::Paragraphs, None) => {
                self.top += 1;
                Some(self.top.to_string())
            }
            (Numbering::Sections, None) => None,
        }
    }
}

/// Removes a trailing `{.unnumbered}` line from a paragraph's events, saying whether it was
/// there.
pub fn strip_unnumbered_marker<'a>(inner: &[Event<'a>]) -> (Vec<Event<'a>>, bool) {
    let mut events = inner.to_vec();
    let Some(last_text) = events.iter().rposition(|e| matches!(e, Event::Text(_))) else {
        return (events, false);
    };
    // Only trailing breaks may follow the marker.
    if events[last_text + 1..]
        .iter()
        .any(|e| !matches!(e, Event::SoftBreak | Event::HardBreak))
    {
        return (events, false);
    }
    let Event::Text(text) = &events[last_text] else {
        return (events, false);
    };
    let Some(rest) = text.trim_end().strip_suffix(UNNUMBERED_MARKER) else {
        return (events, false);
    };
    let rest = rest.trim_end().to_owned();
    events.truncate(last_text);
    if rest.is_empty() {
        while matches!(events.last(), Some(Event::SoftBreak | Event::HardBreak)) {
            events.pop();
        }
    } else {
        events.push(Event::Text(CowStr::from(rest)));
    }
    (events, true)
}
