//! Exempt appendices taken out of a report's source before anything else reads it.
//!
//! Where each exempt appendix starts and ends is decided once, from pulldown-cmark's parse of
//! the whole body: it is the whole of its section, from its heading down to the next top-level
//! heading of its level or higher, whatever it holds. The withheld text is blanked out byte for
//! byte, line breaks kept, so that every line keeps its number; figure expansion, link
//! definitions, footnotes and rendering then see only what is left.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag};

use super::ExemptAppendices;
use crate::diagnostic::Diagnostic;

/// Which part of a report's body is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Everything but the exempt appendices, whose headings stay with a notice: what is
    /// published.
    Public,
    /// Only the exempt appendices, headings included: to check them and to learn which
    /// datasets they draw on, never to publish.
    Withheld,
    /// All of it: exempt papers shown to the reviewers entitled to see them, and unpublished
    /// reports when checked.
    Whole,
}

/// Where a body sits in its report file, for placing problems.
pub struct Place<'a> {
    pub file: &'a str,
    /// The file line on which the body starts.
    pub first_line: usize,
}

impl Place<'_> {
    /// The 1-based file line and column (in characters) of a byte offset in `body`.
    pub fn of(&self, body: &str, offset: usize) -> (usize, usize) {
        let before = &body[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = self.first_line + before.matches('\n').count();
        (line, before[line_start..].chars().count() + 1)
    }
}

/// A top-level heading: its level, its `{#id}`, where it is, and whether it is underlined
/// (setext) rather than written with `#`.
struct Heading {
    level: HeadingLevel,
    id: Option<String>,
    range: Range<usize>,
    underlined: bool,
}

/// What of the body's structure withholding needs, from one parse.
#[derive(Default)]
struct Outline {
    headings: Vec<Heading>,
    /// Footnote definitions and references: label (lower-cased) and where.
    note_definitions: Vec<(String, Range<usize>)>,
    note_references: Vec<(String, Range<usize>)>,
    /// Links and images that use a link reference definition: label, where it is used, and
    /// where the definition they use is.
    link_references: Vec<(String, Range<usize>, Range<usize>)>,
}

/// An exempt appendix's section: its id, its heading and where its content ends.
struct Section<'a> {
    id: &'a str,
    heading: Range<usize>,
    end: usize,
    /// Where the heading that ends it starts, if that is a plain line underlined with `---`
    /// or `===`: the usual slip of an author who meant a line across the page.
    ended_by_underlined: Option<usize>,
}

impl Section<'_> {
    fn content(&self) -> Range<usize> {
        self.heading.end..self.end
    }
}

/// The part of `body` to render, and the problems of the public part's use of what is
/// withheld. With no exempt appendix, or for the whole body, the body is returned as it is.
pub fn select<'a>(
    body: &'a str,
    exempt: &ExemptAppendices,
    part: Part,
    place: &Place<'_>,
) -> (Cow<'a, str>, Vec<Diagnostic>) {
    if exempt.is_empty() || part == Part::Whole {
        return (Cow::Borrowed(body), Vec::new());
    }
    let outline = outline(body);
    let sections = sections(&outline, exempt, body.len());
    match part {
        Part::Public => {
            let withheld: Vec<Range<usize>> = sections.iter().map(Section::content).collect();
            let problems = public_problems(body, &outline, &sections, place);
            (Cow::Owned(blank(body, &withheld)), problems)
        }
        _ => {
            let kept: Vec<Range<usize>> = sections.iter().map(|s| s.heading.start..s.end).collect();
            (
                Cow::Owned(blank(body, &complement(&kept, body.len()))),
                Vec::new(),
            )
        }
    }
}

fn outline(body: &str) -> Outline {
    let mut parser = Parser::new_ext(body, super::parser_options()).into_offset_iter();
    let mut outline = Outline::default();
    let mut links: Vec<(String, Range<usize>)> = Vec::new();
    let mut depth = 0usize;
    for (event, range) in parser.by_ref() {
        match &event {
            Event::Start(Tag::Heading { level, id, .. }) if depth == 0 => {
                let underlined = !body[range.clone()].trim_start().starts_with('#');
                outline.headings.push(Heading {
                    level: *level,
                    id: id.as_ref().map(|id| id.to_string()),
                    range: range.clone(),
                    underlined,
                });
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                outline
                    .note_definitions
                    .push((label.to_lowercase(), range.clone()));
            }
            Event::FootnoteReference(label) => {
                outline
                    .note_references
                    .push((label.to_lowercase(), range.clone()));
            }
            Event::Start(Tag::Link { link_type, id, .. })
            | Event::Start(Tag::Image { link_type, id, .. })
                if uses_definition(*link_type) =>
            {
                links.push((id.to_string(), range.clone()));
            }
            _ => {}
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let definitions = parser.reference_definitions();
    outline.link_references = links
        .into_iter()
        .filter_map(|(label, used)| {
            let span = definitions.get(&label)?.span.clone();
            Some((label, used, span))
        })
        .collect();
    outline
}

fn uses_definition(link_type: LinkType) -> bool {
    matches!(
        link_type,
        LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
    )
}

/// The section of every top-level heading whose id is an exempt appendix's.
fn sections<'a>(outline: &Outline, exempt: &'a ExemptAppendices, len: usize) -> Vec<Section<'a>> {
    let mut sections = Vec::new();
    for (i, heading) in outline.headings.iter().enumerate() {
        let Some((id, _)) = exempt
            .iter()
            .find(|(id, _)| heading.id.as_deref() == Some(id.as_str()))
        else {
            continue;
        };
        let next = outline.headings[i + 1..]
            .iter()
            .find(|h| h.level <= heading.level);
        sections.push(Section {
            id,
            heading: heading.range.clone(),
            end: next.map_or(len, |h| h.range.start),
            ended_by_underlined: next
                .filter(|h| h.underlined && h.id.is_none())
                .map(|h| h.range.start),
        });
    }
    sections
}

/// Where the public part would lean on what is withheld, or lose it unawares: a link or a
/// note defined inside an exempt appendix, and an underlined line that ends one.
fn public_problems(
    body: &str,
    outline: &Outline,
    sections: &[Section<'_>],
    place: &Place<'_>,
) -> Vec<Diagnostic> {
    let inside = |offset: usize| sections.iter().find(|s| s.content().contains(&offset));
    let mut problems: Vec<(usize, Diagnostic)> = Vec::new();
    for (label, used, definition) in &outline.link_references {
        if let (None, Some(section)) = (inside(used.start), inside(definition.start)) {
            problems.push((used.start, Diagnostic::error(place.file, format!("the link `[{label}]` is defined inside the exempt appendix `{}`, which is not published", section.id))
                .with_hint(format!("define the link outside the appendix: write `[{label}]: https://…` above the heading of the appendix"))));
        }
    }
    for (label, used) in &outline.note_references {
        if inside(used.start).is_some() {
            continue;
        }
        let mut definitions = outline.note_definitions.iter().filter(|(l, _)| l == label);
        let withheld = definitions
            .clone()
            .find_map(|(_, range)| inside(range.start));
        if let (Some(section), false) = (
            withheld,
            definitions.any(|(_, r)| inside(r.start).is_none()),
        ) {
            problems.push((used.start, Diagnostic::error(place.file, format!("the note `[^{label}]` is defined inside the exempt appendix `{}`, which is not published", section.id))
                .with_hint(format!("move `[^{label}]: …` above the heading of the appendix (a note may be defined anywhere in the report)"))));
        }
    }
    for section in sections {
        if let Some(start) = section.ended_by_underlined {
            problems.push((start, Diagnostic::error(place.file, format!("this underlined line is a heading that ends the exempt appendix `{}`, so everything after it would be published", section.id))
                .with_hint("to start a public section, write the heading as `## …`; to keep it in the appendix, make it a `### …` subheading; for a line across the page, leave a blank line above the `---`")));
        }
    }
    problems
        .into_iter()
        .map(|(offset, diagnostic)| {
            let (line, column) = place.of(body, offset);
            diagnostic.at(line, column)
        })
        .collect()
}

/// `body` with every byte in `ranges` but line breaks turned into a space.
fn blank(body: &str, ranges: &[Range<usize>]) -> String {
    let mut bytes = body.as_bytes().to_vec();
    for range in ranges {
        for byte in &mut bytes[range.clone()] {
            if !matches!(byte, b'\n' | b'\r') {
                *byte = b' ';
            }
        }
    }
    // The ranges start and end where the parser's events do, on character boundaries.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The parts of `0..len` outside `kept` (which are in order).
fn complement(kept: &[Range<usize>], len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for range in kept {
        if range.start > from {
            out.push(from..range.start);
        }
        from = from.max(range.end);
    }
    if from < len {
        out.push(from..len);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLACE: Place<'static> = Place {
        file: "r.md",
        first_line: 10,
    };

    fn public(body: &str) -> (String, Vec<Diagnostic>) {
        let exempt = vec![("appendix-2".to_owned(), 3)];
        let (text, problems) = select(body, &exempt, Part::Public, &PLACE);
        (text.into_owned(), problems)
    }

    #[test]
    fn a_section_runs_to_the_next_heading_of_its_level_or_higher() {
        let body = "Intro.\n\n## Appendix 2 {#appendix-2}\n\nSecret.\n\n### Sub\n\nSecret too.\n\n# Part\n\nPublic.\n";
        let (text, problems) = public(body);
        assert!(problems.is_empty());
        assert_eq!(text.len(), body.len());
        assert_eq!(text.lines().count(), body.lines().count());
        assert!(text.contains("## Appendix 2 {#appendix-2}\n"));
        assert!(!text.contains("Secret") && !text.contains("Sub"), "{text}");
        assert!(text.contains("# Part\n\nPublic.\n"));
    }

    #[test]
    fn headings_nested_in_quotes_and_lists_do_not_end_a_section() {
        let body =
            "## Appendix 2 {#appendix-2}\n\n> Quoted\n> ---\n\n- item\n\n  ## Listed\n\nSecret.\n";
        let (text, _) = public(body);
        for secret in ["Quoted", "Listed", "item", "Secret"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    #[test]
    fn an_exempt_subsection_ends_at_the_next_heading_of_its_level() {
        let body = "## Costs\n\n### Offer {#appendix-2}\n\nSecret.\n\n#### Detail\n\nSecret.\n\n### Next\n\nPublic.\n";
        let (text, _) = public(body);
        assert!(
            !text.contains("Secret") && !text.contains("Detail"),
            "{text}"
        );
        assert!(text.contains("### Next\n\nPublic."));
    }

    #[test]
    fn a_fence_left_open_withholds_to_the_end() {
        let body =
            "## Appendix 2 {#appendix-2}\n\n```\nSecret.\n\n## Not a heading\n\nStill inside.\n";
        let (text, _) = public(body);
        assert!(
            !text.contains("Not a heading") && !text.contains("Still"),
            "{text}"
        );
    }

    #[test]
    fn the_withheld_part_is_the_exempt_sections_alone() {
        let body = "Public.\n\n## Appendix 2 {#appendix-2}\n\nSecret.\n\n## Next\n\nPublic too.\n";
        let exempt = vec![("appendix-2".to_owned(), 3)];
        let (text, problems) = select(body, &exempt, Part::Withheld, &PLACE);
        assert!(problems.is_empty());
        assert!(text.contains("## Appendix 2 {#appendix-2}\n\nSecret.\n"));
        assert!(!text.contains("Public") && !text.contains("Next"), "{text}");
        assert_eq!(text.lines().count(), body.lines().count());
    }

    #[test]
    fn public_use_of_a_link_or_note_defined_inside_is_an_error_at_the_use() {
        let body = "See [costs] and a note.[^a]\n\n## Appendix 2 {#appendix-2}\n\n[costs]: https://example.gov.uk/secret\n\n[^a]: Secret note.\n";
        let (text, problems) = public(body);
        assert!(
            !text.contains("secret") && !text.contains("Secret"),
            "{text}"
        );
        let messages: Vec<(usize, usize, &str)> = problems
            .iter()
            .map(|d| (d.line, d.column, d.message.as_str()))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|(l, c, m)| (*l, *c) == (10, 5) && m.contains("the link `[costs]`"))
        );
        assert!(
            messages
                .iter()
                .any(|(l, c, m)| (*l, *c) == (10, 24) && m.contains("the note `[^a]`"))
        );
    }

    #[test]
    fn a_note_defined_outside_as_well_is_public() {
        let body =
            "A note.[^a]\n\n[^a]: Public note.\n\n## Appendix 2 {#appendix-2}\n\nSecret.[^a]\n";
        let (text, problems) = public(body);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(text.contains("[^a]: Public note."));
    }

    #[test]
    fn an_underlined_line_that_ends_a_section_is_an_error_but_a_line_across_is_not() {
        let (_, problems) =
            public("## Appendix 2 {#appendix-2}\n\nSecret.\n\n---\n\nTotal\n---\n\nMore.\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!((problems[0].line, problems[0].column), (16, 1));
        assert!(problems[0].message.contains("underlined line"));
        let (_, problems) =
            public("## Appendix 2 {#appendix-2}\n\nSecret.\n\nAppendix 3 {#appendix-3}\n---\n");
        assert!(
            problems.is_empty(),
            "an underlined heading with an id is meant"
        );
    }

    #[test]
    fn without_exempt_appendices_the_body_is_untouched() {
        let body = "## Appendix 2 {#appendix-2}\n\nText.\n";
        let (text, _) = select(body, &Vec::new(), Part::Public, &PLACE);
        assert!(matches!(text, Cow::Borrowed(_)));
        let exempt = vec![("appendix-2".to_owned(), 3)];
        let (text, _) = select(body, &exempt, Part::Whole, &PLACE);
        assert_eq!(text, body);
    }
}
