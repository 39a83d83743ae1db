//! The second pass over a body's events: each top-level block numbered, headings given ids
//! and entered in the contents list, tables made scrollable, the author's markup sanitised.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::labels::Target;
use super::numbering::{self, Numberer};
use super::{
    BodyOptions, Captioned, ContentsEntry, PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN, Part, RESERVED_IDS,
    TextBlock, sanitize,
};
use crate::content::Numbering;
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
    /// What each label names, for the references.
    pub(super) targets: BTreeMap<String, Target>,
    /// Labels on paragraphs that took no number.
    pub(super) labels_without_numbers: Vec<String>,
    /// The fenced blocks numbered, by placeholder: the id and the name of their number.
    pub(super) block_numbers: Vec<(usize, (String, String))>,
    captioned: &'o BTreeMap<usize, Captioned>,
    used_ids: BTreeSet<String>,
    block_open: bool,
    tables: usize,
    /// Numbered figures (pictures and charts) and tables so far.
    figures: usize,
    numbered_tables: usize,
    /// Whether the section being written holds the recommendations.
    in_recommendations: bool,
    /// Whether the first appendix has begun.
    in_appendices: bool,
}

/// Marks where a body's appendices begin, so that the printed paper can end the report
/// (background papers, contact officers) before its appendices, as papers are laid out.
const APPENDICES_MARK: &str = "<!-- appendices -->";

impl<'o> BodyWriter<'o> {
    pub(super) fn new(
        options: &'o BodyOptions<'o>,
        captioned: &'o BTreeMap<usize, Captioned>,
    ) -> Self {
        BodyWriter {
            options,
            targets: BTreeMap::new(),
            labels_without_numbers: Vec::new(),
            block_numbers: Vec::new(),
            captioned,
            figures: 0,
            numbered_tables: 0,
            in_recommendations: false,
            in_appendices: false,
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
                    level,
                    id,
                    classes,
                    attrs,
                }) => {
                    let start = attrs
                        .iter()
                        .find(|(key, _)| key.as_ref() == "start")
                        .and_then(|(_, value)| numbering::parse_start(value.as_deref()?).ok());
                    self.heading(
                        *level,
                        id.as_deref(),
                        classes,
                        start,
                        &container[1..container.len() - 1],
                    );
                }
                Event::Html(html) => {
                    self.captioned_block(html);
                    self.push_container(container);
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
        format!("<a id=\"{id}\" href=\"#{id}\" aria-label=\"Paragraph {number}\">{number}</a>")
    }

    /// Writes a heading; in the public part, an exempt appendix's heading gets the notice in
    /// place of its content, which was withheld from the source.
    fn heading(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<&str>,
        classes: &[CowStr<'_>],
        start: Option<u32>,
        inner: &[Event<'_>],
    ) {
        self.close_block();
        let title = plain_text(inner);
        let has_class = |name: &str| classes.iter().any(|c| c.as_ref() == name);
        let is_appendix = level == HeadingLevel::H2 && title.trim_start().starts_with("Appendix");
        if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) {
            self.in_recommendations = is_recommendations_heading(&title);
        }
        if let Some(start) = start {
            self.numberer.start_at(start, Some(level));
        }
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
        if is_appendix && !self.in_appendices {
            self.in_appendices = true;
            self.html.push_str(APPENDICES_MARK);
        }
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
        if let Some(label) = explicit_id {
            let target = self.heading_target(&title, number.as_deref(), is_appendix, &id);
            self.targets.insert(label.to_owned(), target);
        }
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

    /// What a reference to a heading writes: "Appendix 1", "paragraph 5" (a numbered
    /// section), or the heading's own words where it has no number.
    fn heading_target(
        &self,
        title: &str,
        number: Option<&str>,
        is_appendix: bool,
        id: &str,
    ) -> Target {
        let anchor = id.to_owned();
        if is_appendix {
            let number = title
                .split_whitespace()
                .nth(1)
                .map(|word| word.trim_end_matches([':', '.', ',', '–', '-']))
                .filter(|word| !word.is_empty() && !matches!(*word, "–" | "-"))
                .unwrap_or_default()
                .to_owned();
            let name = format!("Appendix {number}").trim_end().to_owned();
            return Target {
                name,
                number,
                anchor,
            };
        }
        match number {
            Some(number) => {
                let word = match self.options.numbering {
                    Numbering::Sections => "section",
                    _ => "paragraph",
                };
                Target {
                    name: format!("{word} {number}"),
                    number: number.to_owned(),
                    anchor,
                }
            }
            None => Target {
                name: title.trim().to_owned(),
                number: title.trim().to_owned(),
                anchor,
            },
        }
    }

    /// A chart or table block the first pass marked takes the next "Figure" or "Table"
    /// number, and its label names it.
    fn captioned_block(&mut self, html: &str) {
        let Some(index) = html
            .strip_prefix(PLACEHOLDER_OPEN)
            .and_then(|rest| rest.strip_suffix(PLACEHOLDER_CLOSE))
            .and_then(|index| index.parse::<usize>().ok())
        else {
            return;
        };
        // Only a labelled block is numbered, as Word numbers only the captions inserted.
        let Some(captioned) = self.captioned.get(&index) else {
            return;
        };
        let Some(label) = captioned.label.clone() else {
            return;
        };
        let (kind, count) = if captioned.is_table {
            self.numbered_tables += 1;
            ("Table", self.numbered_tables)
        } else {
            self.figures += 1;
            ("Figure", self.figures)
        };
        let name = format!("{kind} {count}");
        let anchor = format!("{}{}-{count}", self.options.id_prefix, kind.to_lowercase());
        self.targets.insert(
            label,
            Target {
                name: name.clone(),
                number: count.to_string(),
                anchor: anchor.clone(),
            },
        );
        self.block_numbers.push((index, (anchor, name)));
    }

    /// A picture on its own line is a figure: outside the paragraph numbering, with its
    /// title (`![alt](assets/model.png "The model")`) as its caption, numbered "Figure N"
    /// where it carries a label.
    fn figure(&mut self, inner: &[Event<'_>], label: Option<&str>) {
        let mut events = inner.to_vec();
        let mut caption = String::new();
        if let Some(Event::Start(Tag::Image { title, .. })) = events.first_mut() {
            caption = title.trim().to_owned();
            *title = CowStr::Borrowed("");
        }
        let image = sanitize::inline_html(&events);
        let text = plain_text(&events);
        self.block_text(&text);
        self.text.push_str(&text);
        self.text.push('\n');
        let Some(label) = label else {
            let caption = if caption.is_empty() {
                String::new()
            } else {
                format!("<figcaption>{}</figcaption>", web::escape_html(&caption))
            };
            self.html.push_str(&format!(
                "<figure class=\"figure\">{image}{caption}</figure>\n"
            ));
            return;
        };
        self.figures += 1;
        let name = format!("Figure {}", self.figures);
        let anchor = format!("{}figure-{}", self.options.id_prefix, self.figures);
        self.targets.insert(
            label.to_owned(),
            Target {
                name: name.clone(),
                number: self.figures.to_string(),
                anchor: anchor.clone(),
            },
        );
        let caption = if caption.is_empty() {
            String::new()
        } else {
            format!(" {}", web::escape_html(&caption))
        };
        self.html.push_str(&format!(
            "<figure class=\"figure\" id=\"{}\">{image}<figcaption><span class=\"caption-number\">{}:</span>{caption}</figcaption></figure>\n",
            web::escape_html(&anchor),
            web::escape_html(&name),
        ));
    }

    fn paragraph(&mut self, inner: &[Event<'_>]) {
        let (inner, attributes) = numbering::strip_attributes(inner);
        if numbering::is_lone_image(&inner) {
            self.figure(&inner, attributes.label.as_deref());
            return;
        }
        let unnumbered = attributes.unnumbered;
        let text = plain_text(&inner);
        self.text.push_str(&text);
        self.text.push('\n');
        let paragraph_html = format!("<p>{}</p>\n", sanitize::inline_html(&inner));
        if unnumbered {
            self.labels_without_numbers
                .extend(attributes.label.iter().cloned());
            self.block_text(&text);
            self.html.push_str(&paragraph_html);
            return;
        }
        self.close_block();
        if let Some(start) = attributes.start {
            self.numberer.start_at(start, None);
        }
        let number = self.numberer.paragraph();
        if let Some(label) = &attributes.label {
            match &number {
                Some(number) => {
                    let word = if self.in_recommendations {
                        "recommendation"
                    } else {
                        "paragraph"
                    };
                    self.targets.insert(
                        label.clone(),
                        Target {
                            name: format!("{word} {number}"),
                            number: number.clone(),
                            anchor: format!("{}para-{number}", self.options.id_prefix),
                        },
                    );
                }
                None => self.labels_without_numbers.push(label.clone()),
            }
        }
        match number {
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

/// Whether a section's heading is the report's recommendations: "Recommendations",
/// "Recommendation(s)", "3. Recommendations".
pub(super) fn is_recommendations_heading(title: &str) -> bool {
    title
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c.is_whitespace())
        .to_lowercase()
        .starts_with("recommendation")
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
