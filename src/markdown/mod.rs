//! A report's Markdown body to HTML: committee paragraph numbering, `chart` and `table` blocks,
//! appendices, a contents list, and the author's raw HTML sanitised.
//!
//! Rendering runs in two passes over pulldown-cmark's events: the first turns fenced `chart` and
//! `table` blocks into placeholders (so that sanitising never sees chart SVG), the second numbers
//! top-level blocks and writes HTML. Placeholders are filled in last.

mod figures;
mod numbering;
mod sanitize;

use std::collections::BTreeSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::{Numbering, Report};
use crate::diagnostic::Diagnostic;
pub use figures::FigureRef;
use numbering::Numberer;

/// One entry of a report's contents list: a `##` section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ContentsEntry {
    pub id: String,
    pub title: String,
    /// The section's paragraph number, where it has one.
    pub number: Option<String>,
    pub is_appendix: bool,
}

/// A fenced block the body asks for: its kind (`chart` or `table`), its YAML and its line.
#[derive(Debug, Clone)]
pub struct FencedBlock {
    pub kind: String,
    pub yaml: String,
    /// Line in the report file of the block's first YAML line.
    pub line: usize,
}

/// Renders the fenced blocks a body holds; the chart and table code lives elsewhere.
pub trait BlockRenderer {
    /// Returns the HTML for one block, or the problems that stop it being drawn.
    fn render(&mut self, block: &FencedBlock, index: usize) -> Result<String, Vec<Diagnostic>>;

    /// Returns the text an inline figure stands for, HTML-escaped.
    fn figure(&mut self, figure: &FigureRef) -> Result<String, Diagnostic>;

    /// Returns the address of an image the body shows from the authority's files, or why it
    /// cannot be shown.
    fn image(&mut self, path: &str) -> Result<String, String>;
}

/// Which appendices of a report are exempt, by id, with their Schedule 12A paragraph.
pub type ExemptAppendices = Vec<(String, u8)>;

/// The body as HTML, with what the page around it needs.
#[derive(Debug, Clone, Default)]
pub struct RenderedBody {
    pub html: String,
    pub contents: Vec<ContentsEntry>,
    /// Plain text of the public body, for search and descriptions.
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of appendices whose `## Appendix` section the body holds.
    pub appendix_ids: BTreeSet<String>,
}

/// Everything body rendering needs beyond the Markdown itself.
pub struct BodyOptions<'a> {
    pub numbering: Numbering,
    /// Prefixed to every id the body generates, so that several reports can share one page.
    pub id_prefix: &'a str,
    pub exempt_appendices: &'a ExemptAppendices,
}

/// Markup the renderer itself writes (charts, footnote links) stands in the event stream as a
/// placeholder, which sanitising keeps, and is put in place last.
/// Ids the report page gives its own sections (front sheet, contents), which the body's
/// headings must not take.
pub const RESERVED_IDS: [&str; 7] = [
    "main",
    "summary",
    "recommendations",
    "appendices",
    "background-papers",
    "contact-officers",
    "contents-heading",
];

const PLACEHOLDER_OPEN: &str = "<div data-scrutiny-block=\"";
const PLACEHOLDER_CLOSE: &str = "\"></div>";
const INLINE_PLACEHOLDER_OPEN: &str = "<span data-scrutiny-block=\"";
const INLINE_PLACEHOLDER_CLOSE: &str = "\"></span>";

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders a report's body.
pub fn render_body(
    report: &Report,
    options: &BodyOptions<'_>,
    blocks: &mut dyn BlockRenderer,
) -> RenderedBody {
    let (expanded, figure_problems) = figures::expand(
        &report.body,
        &report.file,
        report.body_line,
        &mut |figure| blocks.figure(figure),
    );
    let body = expanded.as_str();
    let line_starts = line_starts(body);
    let line_of =
        |offset: usize| report.body_line + line_starts.partition_point(|&s| s <= offset) - 1;

    let mut out = RenderedBody {
        diagnostics: figure_problems,
        ..RenderedBody::default()
    };
    let mut rendered_blocks: Vec<String> = Vec::new();
    let mut events: Vec<Event<'_>> = Vec::new();

    // Pass 1: the content of exempt appendices is dropped before anything of it is drawn;
    // fenced chart and table blocks become placeholders; links are checked.
    let mut parser = Parser::new_ext(body, parser_options()).into_offset_iter();
    let mut in_exempt_appendix = false;
    let mut footnotes: Vec<String> = Vec::new();
    let mut footnote_open: Vec<String> = Vec::new();
    while let Some((event, range)) = parser.next() {
        if let Event::Start(Tag::Heading {
            level: HeadingLevel::H1 | HeadingLevel::H2,
            id,
            ..
        }) = &event
        {
            in_exempt_appendix = false;
            let exempt = id
                .as_deref()
                .is_some_and(|id| options.exempt_appendices.iter().any(|(a, _)| a == id));
            if exempt {
                // Keep the heading itself; drop everything up to the next section.
                events.push(event);
                for (inner, _) in parser.by_ref() {
                    let done = matches!(inner, Event::End(TagEnd::Heading(_)));
                    events.push(inner);
                    if done {
                        break;
                    }
                }
                in_exempt_appendix = true;
                continue;
            }
        }
        if in_exempt_appendix {
            continue;
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref lang)))
                if matches!(lang.as_ref(), "chart" | "table") =>
            {
                let kind = lang.to_string();
                let mut yaml = String::new();
                for (inner, _) in parser.by_ref() {
                    match inner {
                        Event::Text(text) => yaml.push_str(&text),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let block = FencedBlock {
                    kind,
                    yaml,
                    line: line_of(range.start) + 1,
                };
                let html = blocks
                    .render(&block, rendered_blocks.len())
                    .unwrap_or_else(|found| {
                        out.diagnostics.extend(found);
                        String::new()
                    });
                events.push(stand_in(&mut rendered_blocks, html, false));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = match dest_url.strip_prefix('#') {
                    // A link within the report follows its ids wherever the report is placed.
                    Some(fragment) => CowStr::from(format!("#{}{fragment}", options.id_prefix)),
                    None => checked_url(
                        dest_url,
                        &report.file,
                        line_of(range.start),
                        &mut out.diagnostics,
                    ),
                };
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let line = line_of(range.start);
                check_image(
                    body,
                    &range,
                    &dest_url,
                    &report.file,
                    line,
                    &mut out.diagnostics,
                );
                let is_local = !dest_url.contains(':') && !dest_url.starts_with("//");
                let dest_url = if is_local {
                    match blocks.image(&dest_url) {
                        Ok(address) => CowStr::from(address),
                        Err(why) => {
                            out.diagnostics.push(
                                Diagnostic::error(&report.file, format!("the image cannot be shown: {why}"))
                                    .at(line, 1)
                                    .with_hint("put the image in the authority's assets/ folder and write ![what it shows](assets/name.png)"),
                            );
                            dest_url
                        }
                    }
                } else {
                    checked_url(dest_url, &report.file, line, &mut out.diagnostics)
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::FootnoteReference(name) => {
                let slug = slug::slugify(&name);
                let number = match footnotes.iter().position(|n| *n == slug) {
                    Some(i) => i + 1,
                    None => {
                        footnotes.push(slug.clone());
                        footnotes.len()
                    }
                };
                let prefix = options.id_prefix;
                events.push(stand_in(
                    &mut rendered_blocks,
                    format!("<sup class=\"footnote-ref\"><a id=\"{prefix}fnref-{slug}\" href=\"#{prefix}fn-{slug}\" aria-label=\"Note {number}\">{number}</a></sup>"),
                    true,
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let slug = slug::slugify(&name);
                // The definition stays a container, so its paragraphs take no numbers; its own
                // markup comes from the placeholders inside it.
                events.push(Event::Start(Tag::FootnoteDefinition(name.clone())));
                let number = footnotes
                    .iter()
                    .position(|n| *n == slug)
                    .map_or(0, |i| i + 1);
                let prefix = options.id_prefix;
                events.push(stand_in(
                    &mut rendered_blocks,
                    format!("<div class=\"footnote\" id=\"{prefix}fn-{slug}\"><span class=\"footnote-number\">{number}.</span>"),
                    false,
                ));
                footnote_open.push(slug);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let slug = footnote_open.pop().unwrap_or_default();
                let prefix = options.id_prefix;
                events.push(stand_in(
                    &mut rendered_blocks,
                    format!("<a class=\"footnote-back\" href=\"#{prefix}fnref-{slug}\" aria-label=\"Back to the text\">↩</a></div>"),
                    false,
                ));
                events.push(Event::End(TagEnd::FootnoteDefinition));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                out.diagnostics.push(
                    Diagnostic::warning(&report.file, "raw HTML in a report is sanitised: scripts, event handlers, styles, forms and frames are removed")
                        .at(line_of(range.start), 1)
                        .with_hint("write the content in Markdown where you can"),
                );
                events.push(event);
            }
            other => events.push(other),
        }
    }

    // Pass 2: number blocks, write headings, wrap tables, sanitise raw HTML.
    let mut writer = BodyWriter::new(options);
    writer.write(&events);
    out.contents = writer.contents;
    out.text = writer.text;
    out.appendix_ids = writer.appendix_ids;

    // Last: fill the placeholders, which sanitising has kept.
    out.html = fill_placeholders(&writer.html, &rendered_blocks);
    out.diagnostics.sort();
    out.diagnostics.dedup();
    out
}

/// Keeps `html` for the last step and returns the placeholder that stands for it in the event
/// stream: a block one, or an inline one inside a paragraph.
fn stand_in(blocks: &mut Vec<String>, html: String, inline: bool) -> Event<'static> {
    blocks.push(html);
    let index = blocks.len() - 1;
    if inline {
        Event::InlineHtml(
            format!("{INLINE_PLACEHOLDER_OPEN}{index}{INLINE_PLACEHOLDER_CLOSE}").into(),
        )
    } else {
        Event::Html(format!("{PLACEHOLDER_OPEN}{index}{PLACEHOLDER_CLOSE}").into())
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn fill_placeholders(html: &str, blocks: &[String]) -> String {
    let html = fill(html, blocks, PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE);
    fill(
        &html,
        blocks,
        INLINE_PLACEHOLDER_OPEN,
        INLINE_PLACEHOLDER_CLOSE,
    )
}

fn fill(html: &str, blocks: &[String], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(html.len() + blocks.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(close) else {
            break;
        };
        if let Some(block) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| blocks.get(i))
        {
            out.push_str(block);
        }
        rest = &after[end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// Keeps web, mail, telephone, fragment and relative links; anything else (`javascript:`,
/// `data:`) becomes `#` with a warning.
fn checked_url<'a>(
    url: CowStr<'a>,
    file: &str,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    if crate::web::is_safe_url(&url) {
        return url;
    }
    diagnostics.push(
        Diagnostic::warning(file, format!("the link `{url}` was removed: only web, email, telephone and relative links are kept"))
            .at(line, 1),
    );
    CowStr::Borrowed("#")
}

fn check_image(
    body: &str,
    range: &std::ops::Range<usize>,
    url: &str,
    file: &str,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = &body[range.clone()];
    let alt = source
        .strip_prefix("![")
        .and_then(|rest| rest.split_once("]("))
        .map(|(alt, _)| alt.trim());
    if alt.is_some_and(str::is_empty) {
        diagnostics.push(
            Diagnostic::error(file, "this image has no alt text")
                .at(line, 1)
                .with_hint("describe the image for people who cannot see it: ![Dudley Council logo](assets/logo.png)"),
        );
    }
    if url.contains("://") || url.starts_with("//") {
        diagnostics.push(
            Diagnostic::error(
                file,
                format!("the image `{url}` is loaded from another site"),
            )
            .at(line, 1)
            .with_hint(
                "put the image in the authority's assets/ folder and link it as assets/name.png",
            ),
        );
    }
}

/// Writes the second pass: numbering, headings, tables and sanitising.
struct BodyWriter<'o> {
    options: &'o BodyOptions<'o>,
    numberer: Numberer,
    html: String,
    text: String,
    contents: Vec<ContentsEntry>,
    appendix_ids: BTreeSet<String>,
    used_ids: BTreeSet<String>,
    block_open: bool,
    tables: usize,
}

impl<'o> BodyWriter<'o> {
    fn new(options: &'o BodyOptions<'o>) -> Self {
        BodyWriter {
            options,
            numberer: Numberer::new(options.numbering),
            html: String::new(),
            text: String::new(),
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

    fn write(&mut self, events: &[Event<'_>]) {
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
        let id = format!("{}para-{number}", self.options.id_prefix);
        format!(
            "<a class=\"para-number\" id=\"{id}\" href=\"#{id}\" aria-label=\"Paragraph {number}\">{number}</a>"
        )
    }

    /// Writes a heading; an exempt appendix's heading gets the notice in place of its content,
    /// which the first pass dropped.
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

        let exempt = is_appendix
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
            "<{tag} id=\"{id}\">{number_html}{inner_html}</{tag}>\n"
        ));
        self.text.push_str(&title);
        self.text.push('\n');

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
            self.html.push_str(&paragraph_html);
            return;
        }
        self.close_block();
        match self.numberer.paragraph() {
            Some(number) => {
                self.html.push_str("<div class=\"para\">");
                self.html.push_str(&self.number_link(&number));
                self.html.push_str(&paragraph_html);
                self.block_open = true;
            }
            None => self.html.push_str(&paragraph_html),
        }
    }

    fn table(&mut self, container: &[Event<'_>]) {
        self.tables += 1;
        let label = format!("Table {}", self.tables);
        self.html.push_str(&format!(
            "<div class=\"table-scroll\" role=\"region\" aria-label=\"{label}\" tabindex=\"0\">"
        ));
        self.push_container(container);
        self.html.push_str("</div>\n");
    }

    fn push_container(&mut self, container: &[Event<'_>]) {
        self.text.push_str(&plain_text(container));
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

#[cfg(test)]
mod tests;
