//! Committee paragraph numbering: which number each top-level block and section takes under a
//! report's scheme (`paragraphs`, `sections` or `none`).

use pulldown_cmark::{CowStr, Event, HeadingLevel};

use crate::content::Numbering;

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

    /// Makes the next number taken at this level `number`: the next heading's where
    /// `heading` is given, the next paragraph's otherwise. The count goes on from it, so a
    /// number can be skipped, or a report can start at 3.
    pub fn start_at(&mut self, number: u32, heading: Option<HeadingLevel>) {
        let before = number - 1;
        match heading {
            Some(HeadingLevel::H1 | HeadingLevel::H2) => self.top = before,
            Some(_) => self.within = before,
            None if self.section.is_some() => self.within = before,
            None => self.top = before,
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

/// What a paragraph's attribute line asks for: `{.unnumbered}`, `{#label}`, `{start=5}`, or
/// several of them in one pair of braces, `{#costs start=5}`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    pub unnumbered: bool,
    pub label: Option<String>,
    /// The number this paragraph or heading takes, the count going on from it.
    pub start: Option<u32>,
}

/// One word of an attribute block that is not one scrutiny knows, or a value it cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeProblem {
    pub message: String,
    pub hint: String,
}

/// Reads the inside of an attribute block, `#costs .unnumbered start=5`. `None` where the
/// braces do not hold attributes at all (a word of text in braces), so that they stay text.
pub fn parse_attributes(inner: &str) -> Option<Result<Attributes, AttributeProblem>> {
    let words: Vec<&str> = inner.split_whitespace().collect();
    let looks_like = |w: &&str| w.starts_with('#') || w.starts_with('.') || w.contains('=');
    if words.is_empty() || !words.iter().all(looks_like) {
        return None;
    }
    let mut attributes = Attributes::default();
    for word in words {
        if let Some(label) = word.strip_prefix('#') {
            if let Err(problem) = check_label(label) {
                return Some(Err(problem));
            }
            attributes.label = Some(label.to_owned());
        } else if word == ".unnumbered" {
            attributes.unnumbered = true;
        } else if let Some(value) = word.strip_prefix("start=") {
            match parse_start(value) {
                Ok(n) => attributes.start = Some(n),
                Err(problem) => return Some(Err(problem)),
            }
        } else {
            return Some(Err(AttributeProblem {
                message: format!("`{word}` is not something a paragraph can carry"),
                hint: "a paragraph's last line may be {.unnumbered}, a label such as {#costs}, or {start=5} to number it 5: or several of them, {#costs start=5}".to_owned(),
            }));
        }
    }
    Some(Ok(attributes))
}

/// A label becomes part of a web address and is written in the text, so it is held to the
/// rule for web addresses.
pub fn check_label(label: &str) -> Result<(), AttributeProblem> {
    if crate::web::is_slug(label) {
        return Ok(());
    }
    let hint = match crate::web::suggest_slug(label) {
        Some(slug) => format!("write {{#{slug}}}"),
        None => {
            "write a label of lower-case letters, digits and hyphens, such as {#costs}".to_owned()
        }
    };
    Err(AttributeProblem {
        message: format!(
            "the label `{label}` may hold only lower-case letters, digits and hyphens"
        ),
        hint,
    })
}

/// The number in `start=5`: a whole number from 1.
pub fn parse_start(value: &str) -> Result<u32, AttributeProblem> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| AttributeProblem {
            message: format!("`start={value}` is not a paragraph number"),
            hint:
                "write the number the paragraph or section takes, a whole number from 1: {start=5}"
                    .to_owned(),
        })
}

/// The attribute block on the last line of a paragraph's source, if it has one: the text
/// inside the braces and its byte offset in `source`.
pub fn attribute_line(source: &str) -> Option<(&str, usize)> {
    let trimmed = source.trim_end();
    let line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let line = &trimmed[line_start..];
    let open = line.rfind('{')?;
    let inner = line[open..].strip_prefix('{')?.strip_suffix('}')?;
    (!inner.contains('{')).then_some((inner, line_start + open))
}

/// Removes a trailing attribute block (`{.unnumbered}`, `{#label}`, `{start=5}`) from a
/// paragraph's events, returning what it asked for. A block that does not parse is left as
/// text (the first pass reports it at its place).
pub fn strip_attributes<'a>(inner: &[Event<'a>]) -> (Vec<Event<'a>>, Attributes) {
    let mut events = inner.to_vec();
    let none = |events| (events, Attributes::default());
    let Some(last_text) = events.iter().rposition(|e| matches!(e, Event::Text(_))) else {
        return none(events);
    };
    // Only trailing breaks may follow the block.
    if events[last_text + 1..]
        .iter()
        .any(|e| !matches!(e, Event::SoftBreak | Event::HardBreak))
    {
        return none(events);
    }
    // The block may have been split into several text events.
    let mut first_text = last_text;
    while first_text > 0 && matches!(events[first_text - 1], Event::Text(_)) {
        first_text -= 1;
    }
    let joined: String = events[first_text..=last_text]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let trimmed = joined.trim_end();
    let Some(open) = trimmed.rfind('{') else {
        return none(events);
    };
    let Some(inner) = trimmed[open + 1..].strip_suffix('}') else {
        return none(events);
    };
    let Some(Ok(attributes)) = parse_attributes(inner) else {
        return none(events);
    };
    let rest = trimmed[..open].trim_end().to_owned();
    events.truncate(first_text);
    if rest.is_empty() {
        while matches!(events.last(), Some(Event::SoftBreak | Event::HardBreak)) {
            events.pop();
        }
    } else {
        events.push(Event::Text(CowStr::from(rest)));
    }
    (events, attributes)
}

/// Whether a paragraph is a picture on its own line: a figure, outside the numbering.
pub fn is_lone_image(inner: &[Event<'_>]) -> bool {
    matches!(
        inner.first(),
        Some(Event::Start(pulldown_cmark::Tag::Image { .. }))
    ) && matches!(
        inner.last(),
        Some(Event::End(pulldown_cmark::TagEnd::Image))
    ) && inner
        .iter()
        .filter(|e| matches!(e, Event::Start(pulldown_cmark::Tag::Image { .. })))
        .count()
        == 1
}
