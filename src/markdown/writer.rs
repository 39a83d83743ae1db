//! The second pass over a body's events: each top-level block numbered, headings given ids
//! and entered in the contents list, tables made scrollable, the author's markup sanitised.

use std::collections::BTreeSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::numbering::{self, Numberer};
use super::{BodyOptions, ContentsEntry, Part, RESERVED_IDS, TextBlock, sanitize};
use crate::web;

/// Writes the second pass: numbering, headings, tables and sanitising.
pub(super) struct BodyWriter<'o> {
    options: &'o BodyOptions<'o>,
    numberer: Numberer,
    pub(super) html: String,
    pub(super) text: String,
    pub(super) blocks: Vec<TextBlock>,
    pub(super) contents: Vec<ContentsEntry>,
    pub(super) appendix_ids: BTreeSet<String>,
    used_ids: BTreeSet<String>,
    block_open: bool,
    tables: usize,
}

impl<'o> BodyWriter<'o> {
    pub(super) fn new(options: &'o BodyOptions<'o>) -> Self {
        BodyWriter {
            options,
            numberer: Numberer::new(options.numbering),
            html: String::new(),
            text: String::new(),
            blocks: Vec::new(),
            contents: Vec::new(),
            appendix_ids: BTreeSet::new(),
            // The page around the body uses these ids for its own sections.
            used_ids: RESERVED_IDS
                .iter()
                .map(|id| format!("{}{id}", options.id_prefix))
                .collect(),
            block_open: false,
            tables: 0,
        }
    }

    pub(super) fn write(&mut self, events: &[Event<'_>]) {
        let mut i = 0;
        while i < events.len() {
            let end = container_end(events, i);
            let container = &events[i..end];
            match &events[i] {
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    self.heading(
                        *level,
                        id.as_deref(),
                        classes,
                        &container[1..container.len() - 1],
                    );
                }
                Event::Start(Tag::Paragraph) => self.paragraph(&container[1..container.len() - 1]),
                Event::Start(Tag::Table(_)) => self.table(container),
                Event::Start(Tag::FootnoteDefinition(_)) => {
                    self.close_block();
                    self.push_container(&container[1..container.len() - 1]);
                }
                _ => self.push_container(container),
            }
            i = end;
        }
        self.close_block();
    }

    fn close_block(&mut self) {
        if self.block_open {
            self.html.push_str("</div>\n");
            self.block_open = false;
        }
    }

    fn unique_id(&mut self, wanted: &str) -> String {
        let base = format!("{}{}", self.options.id_prefix, wanted);
        let mut id = base.clone();
        let mut n = 2;
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn number_link(&self, number: &str) -> String {
        let id = web::escape_html(&format!("{}para-{number}", self.options.id_prefix));
        let number = web::escape_html(number);
        format!(
            "<a class=\"para-number\" id=\"{id}\" href=\"#{id}\" aria-label=\"Paragraph {number}\">{number}</a>"
        )
    }

    /// Writes a heading; in the public part, an exempt appendix's heading gets the notice in
    /// place of its content, which was withheld from the source.
    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<&str>,
        classes: &[CowStr<'_>],
        inner: &[Event<'_>],
    ) {
        self.close_block();
        let title = plain_text(inner);
        let has_class = |name: &str| classes.iter().any(|c| c.as_ref() == name);
        let is_appendix = level == HeadingLevel::H2 && title.trim_start().starts_with("Appendix");
        let wanted_id = explicit_id.map_or_else(|| slug::slugify(&title), str::to_owned);
        let id = self.unique_id(if wanted_id.is_empty() {
            "section"
        } else {
            &wanted_id
        });
        let number = self.numberer.heading(
            level,
            has_class("numbered"),
            has_class("unnumbered"),
            is_appendix,
        );

        let exempt = (is_appendix && self.options.part == Part::Public)
            .then(|| {
                self.options
                    .exempt_appendices
                    .iter()
                    .find(|(appendix, _)| Some(appendix.as_str()) == explicit_id)
            })
            .flatten()
            .map(|(_, paragraph)| *paragraph);
        if let (true, Some(appendix_id)) = (is_appendix, explicit_id) {
            self.appendix_ids.insert(appendix_id.to_owned());
        }
        if level == HeadingLevel::H2 {
            self.contents.push(ContentsEntry {
                id: id.clone(),
                title: title.clone(),
                number: number.clone(),
                is_appendix,
            });
        }
        let depth = match level {
            HeadingLevel::H1 | HeadingLevel::H2 => 2,
            HeadingLevel::H3 => 3,
            HeadingLevel::H4 => 4,
            HeadingLevel::H5 => 5,
            HeadingLevel::H6 => 6,
        };
        let tag = format!("h{depth}");
        let number_html = number
            .as_deref()
            .map(|n| self.number_link(n))
            .unwrap_or_default();
        let inner_html = sanitize::inline_html(inner);
        self.html.push_str(&format!(
            "<{tag} id=\"{}\">{number_html}{inner_html}</{tag}>\n",
            web::escape_html(&id)
        ));
        self.text.push_str(&title);
        self.text.push('\n');
        self.blocks.push(TextBlock {
            anchor: id.clone(),
            number: number.clone(),
            heading: title.clone(),
            text: String::new(),
        });

        if let Some(paragraph) = exempt {
            self.html.push_str(&format!(
                "<p class=\"exempt-notice\">This appendix is exempt under paragraph {paragraph} of Schedule 12A to the Local Government Act 1972 and is not published.</p>\n"
            ));
        }
    }

    fn paragraph(&mut self, inner: &[Event<'_>]) {
        let (inner, unnumbered) = numbering::strip_unnumbered_marker(inner);
        let text = plain_text(&inner);
        self.text.push_str(&text);
        self.text.push('\n');
        let paragraph_html = format!("<p>{}</p>\n", sanitize::inline_html(&inner));
        if unnumbered {
            self.block_text(&text);
            self.html.push_str(&paragraph_html);
            return;
        }
        self.close_block();
        match self.numberer.paragraph() {
            Some(number) => {
                let heading = self.blocks.last().map(|b| b.heading.clone());
                self.blocks.push(TextBlock {
                    anchor: format!("{}para-{number}", self.options.id_prefix),
                    number: Some(number.clone()),
                    heading: heading.unwrap_or_default(),
                    text: String::new(),
                });
                self.block_text(&text);
                self.html.push_str("<div class=\"para\">");
                self.html.push_str(&self.number_link(&number));
                self.html.push_str(&paragraph_html);
                self.block_open = true;
            }
            None => {
                self.block_text(&text);
                self.html.push_str(&paragraph_html);
            }
        }
    }

    /// Adds text to the block it is in (one without an anchor, before any heading or number).
    fn block_text(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if self.blocks.is_empty() {
            self.blocks.push(TextBlock::default());
        }
        if let Some(block) = self.blocks.last_mut() {
            if !block.text.is_empty() {
                block.text.push('\n');
            }
            block.text.push_str(text);
        }
    }

    fn table(&mut self, container: &[Event<'_>]) {
        self.tables += 1;
        let label = web::escape_html(&format!("Table {}", self.tables));
        self.html.push_str(&format!(
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"{label}\" tabindex=\"0\">"
        ));
        self.push_container(container);
        self.html.push_str("</div>\n");
    }

    fn push_container(&mut self, container: &[Event<'_>]) {
        let text = plain_text(container);
        self.block_text(&text);
        self.text.push_str(&text);
        self.text.push('\n');
        self.html.push_str(&sanitize::container_html(container));
    }
}

/// The index just past the container that starts at `start` (or `start + 1` for a lone event).
fn container_end(events: &[Event<'_>], start: usize) -> usize {
    if !matches!(events[start], Event::Start(_)) {
        return start + 1;
    }
    let mut depth = 0usize;
    for (offset, event) in events[start..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return start + offset + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

/// The words of a run of events, without markup.
fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => text.push(' '),
            _ => {}
        }
    }
    text
}
