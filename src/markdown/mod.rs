//! A report's Markdown body to HTML: committee paragraph numbering, `chart` and `table` blocks,
//! appendices, a contents list, and the author's raw HTML sanitised.
//!
//! Exempt appendices are taken out of the source first (`withhold`), so that nothing after
//! sees them. Rendering then runs in two passes over pulldown-cmark's events: the first turns
//! fenced `chart` and `table` blocks into placeholders (so that sanitising never sees chart SVG),
//! the second numbers top-level blocks and writes HTML. Placeholders are filled in last.

mod figures;
mod habits;
mod numbering;
mod sanitize;
mod withhold;
mod writer;

use std::collections::BTreeSet;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::content::{Numbering, Report};
use crate::diagnostic::Diagnostic;
use crate::web;
pub use figures::FigureRef;
pub use habits::{SiteLink, site_links};
pub use withhold::Part;
use writer::BodyWriter;

/// One entry of a report's contents list: a `##` section.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ContentsEntry {
    pub id: String,
    pub title: String,
    /// The section's paragraph number, where it has one.
    pub number: Option<String>,
    pub is_appendix: bool,
}

/// A stretch of a body's public text that a link can point to: a numbered paragraph (with
/// what follows it up to the next number), or a section under its heading. Search finds words
/// in these, and links to the anchor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextBlock {
    /// The id to link to (`para-5.4`, `partnership`), with the body's id prefix; empty for
    /// text before the first heading or number.
    pub anchor: String,
    /// The paragraph or section number, where it has one.
    pub number: Option<String>,
    /// The heading of the section the block is in.
    pub heading: String,
    pub text: String,
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
    /// The same text, by numbered paragraph and section.
    pub blocks: Vec<TextBlock>,
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of appendices whose `## Appendix` section the body holds.
    pub appendix_ids: BTreeSet<String>,
}

/// Everything body rendering needs beyond the Markdown itself.
pub struct BodyOptions<'a> {
    pub numbering: Numbering,
    /// Prefixed to every id the body generates, so that several reports can share one page.
    pub id_prefix: &'a str,
    /// The report's exempt appendices.
    pub exempt_appendices: &'a ExemptAppendices,
    /// Which part of the body to render: the public part withholds the exempt appendices.
    pub part: Part,
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

/// Renders a report's body: the part `options` asks for, with exempt appendices withheld
/// from the source before anything else reads it.
pub fn render_body(
    report: &Report,
    options: &BodyOptions<'_>,
    blocks: &mut dyn BlockRenderer,
) -> RenderedBody {
    let place = withhold::Place {
        file: &report.file,
        first_line: report.body_line,
    };
    let (source, mut diagnostics) = withhold::select(
        &report.body,
        options.exempt_appendices,
        options.part,
        &place,
    );
    let (expanded, figure_problems) =
        figures::expand(&source, &report.file, report.body_line, &mut |figure| {
            blocks.figure(figure)
        });
    diagnostics.extend(figure_problems);
    if options.part != Part::Withheld {
        // The body as written, once: the withheld part is the same text.
        diagnostics.extend(habits::check(report));
    }

    // Pass 1: fenced chart and table blocks become placeholders; links, images and ids are
    // checked. Pass 2: number blocks, write headings, wrap tables, sanitise raw HTML.
    let mut first = FirstPass::new(&expanded, place, options, blocks);
    first.run();
    diagnostics.append(&mut first.diagnostics);
    let mut writer = BodyWriter::new(options);
    writer.write(&first.events);

    // Last: fill the placeholders, which sanitising has kept.
    diagnostics.sort();
    diagnostics.dedup();
    RenderedBody {
        html: fill_placeholders(&writer.html, &first.rendered),
        contents: writer.contents,
        text: writer.text,
        blocks: writer.blocks,
        diagnostics,
        appendix_ids: writer.appendix_ids,
    }
}

/// The first pass over a body's events: what the second pass writes, with the markup the
/// renderer makes itself standing in as placeholders.
struct FirstPass<'a, 'o> {
    body: &'a str,
    place: withhold::Place<'o>,
    line_starts: Vec<usize>,
    options: &'o BodyOptions<'o>,
    blocks: &'o mut dyn BlockRenderer,
    events: Vec<Event<'a>>,
    /// What each placeholder stands for.
    rendered: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// Footnotes by slug, in the order first referred to; and the definitions open.
    footnotes: Vec<String>,
    footnote_open: Vec<String>,
}

impl<'a, 'o> FirstPass<'a, 'o> {
    fn new(
        body: &'a str,
        place: withhold::Place<'o>,
        options: &'o BodyOptions<'o>,
        blocks: &'o mut dyn BlockRenderer,
    ) -> Self {
        FirstPass {
            body,
            place,
            line_starts: line_starts(body),
            options,
            blocks,
            events: Vec::new(),
            rendered: Vec::new(),
            diagnostics: Vec::new(),
            footnotes: Vec::new(),
            footnote_open: Vec::new(),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.place.first_line + self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    fn run(&mut self) {
        let body = self.body;
        let mut parser = Parser::new_ext(body, parser_options()).into_offset_iter();
        while let Some((event, range)) = parser.next() {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref lang)))
                    if matches!(lang.as_ref(), "chart" | "table") =>
                {
                    let mut yaml = String::new();
                    for (inner, _) in parser.by_ref() {
                        match inner {
                            Event::Text(text) => yaml.push_str(&text),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    self.fenced_block(lang.to_string(), yaml, &range);
                }
                Event::Start(Tag::Heading {
                    id: Some(ref id), ..
                }) => {
                    self.check_heading_id(id, &range);
                    self.events.push(event);
                }
                Event::Start(Tag::Link { .. }) => self.link(event, &range),
                Event::Start(Tag::Image { .. }) => self.image(event, &range),
                Event::FootnoteReference(name) => self.footnote_reference(&name),
                Event::Start(Tag::FootnoteDefinition(name)) => self.footnote_start(name),
                Event::End(TagEnd::FootnoteDefinition) => self.footnote_end(),
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.diagnostics.push(
                        Diagnostic::warning(self.place.file, "raw HTML in a report is sanitised: scripts, event handlers, styles, forms and frames are removed")
                            .at(self.line_of(range.start), 1)
                            .with_hint("write the content in Markdown where you can"),
                    );
                    self.events.push(event);
                }
                other => self.events.push(other),
            }
        }
    }

    fn stand_in(&mut self, html: String, inline: bool) {
        let event = stand_in(&mut self.rendered, html, inline);
        self.events.push(event);
    }

    fn fenced_block(&mut self, kind: String, yaml: String, range: &Range<usize>) {
        let block = FencedBlock {
            kind,
            yaml,
            line: self.line_of(range.start) + 1,
        };
        let html = self
            .blocks
            .render(&block, self.rendered.len())
            .unwrap_or_else(|found| {
                self.diagnostics.extend(found);
                String::new()
            });
        self.stand_in(html, false);
    }

    /// An author's heading id becomes part of the page's address (`…/index.html#costs`), so it
    /// is held to the rule for web addresses.
    fn check_heading_id(&mut self, id: &str, range: &Range<usize>) {
        if web::is_slug(id) {
            return;
        }
        // The id is in the heading's attribute block, its last `{`.
        let brace = self.body[range.clone()]
            .rfind('{')
            .map_or(range.start, |at| range.start + at);
        let (line, column) = self.place.of(self.body, brace);
        let suggestion = slug::slugify(id);
        let hint = if suggestion.is_empty() {
            "write an id of lower-case letters, digits and hyphens, such as {#costs}".to_owned()
        } else {
            format!("write {{#{suggestion}}}")
        };
        self.diagnostics.push(
            Diagnostic::error(self.place.file, format!("the heading id `{id}` may hold only lower-case letters, digits and hyphens, as it becomes part of the page's web address"))
                .at(line, column)
                .with_hint(hint),
        );
    }

    fn link(&mut self, event: Event<'a>, range: &Range<usize>) {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = event
        else {
            return;
        };
        let dest_url = match dest_url.strip_prefix('#') {
            // A link within the report follows its ids wherever the report is placed.
            Some(fragment) => CowStr::from(format!("#{}{fragment}", self.options.id_prefix)),
            None => checked_url(
                dest_url,
                self.place.file,
                self.line_of(range.start),
                &mut self.diagnostics,
            ),
        };
        self.events.push(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    fn image(&mut self, event: Event<'a>, range: &Range<usize>) {
        let Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) = event
        else {
            return;
        };
        let (file, line) = (self.place.file, self.line_of(range.start));
        check_image(
            self.body,
            range,
            &dest_url,
            file,
            line,
            &mut self.diagnostics,
        );
        let is_local = !dest_url.contains(':')
            && !dest_url.starts_with("//")
            && !habits::is_computer_path(&dest_url);
        let dest_url = if is_local {
            match self.blocks.image(&dest_url) {
                Ok(address) => CowStr::from(address),
                Err(why) => {
                    self.diagnostics.push(
                        Diagnostic::error(file, format!("the image cannot be shown: {why}"))
                            .at(line, 1)
                            .with_hint("put the image in the authority's assets/ folder and write ![what it shows](assets/name.png)"),
                    );
                    dest_url
                }
            }
        } else {
            checked_url(dest_url, file, line, &mut self.diagnostics)
        };
        self.events.push(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    fn footnote_reference(&mut self, name: &str) {
        let slug = slug::slugify(name);
        let number = match self.footnotes.iter().position(|n| *n == slug) {
            Some(i) => i + 1,
            None => {
                self.footnotes.push(slug.clone());
                self.footnotes.len()
            }
        };
        let prefix = self.options.id_prefix;
        let (reference, note) = (
            web::escape_html(&format!("{prefix}fnref-{slug}")),
            web::escape_html(&format!("{prefix}fn-{slug}")),
        );
        self.stand_in(
            format!("<sup class=\"footnote-ref\"><a id=\"{reference}\" href=\"#{note}\" aria-label=\"Note {number}\">{number}</a></sup>"),
            true,
        );
    }

    fn footnote_start(&mut self, name: CowStr<'a>) {
        let slug = slug::slugify(&name);
        // The definition stays a container, so its paragraphs take no numbers; its own
        // markup comes from the placeholders inside it.
        self.events
            .push(Event::Start(Tag::FootnoteDefinition(name)));
        let number = self
            .footnotes
            .iter()
            .position(|n| *n == slug)
            .map_or(0, |i| i + 1);
        let note = web::escape_html(&format!("{}fn-{slug}", self.options.id_prefix));
        self.stand_in(
            format!("<div class=\"footnote\" id=\"{note}\"><span class=\"footnote-number\">{number}.</span>"),
            false,
        );
        self.footnote_open.push(slug);
    }

    fn footnote_end(&mut self) {
        let slug = self.footnote_open.pop().unwrap_or_default();
        let reference = web::escape_html(&format!("{}fnref-{slug}", self.options.id_prefix));
        self.stand_in(
            format!("<a class=\"footnote-back\" href=\"#{reference}\" aria-label=\"Back to the text\">↩</a></div>"),
            false,
        );
        self.events.push(Event::End(TagEnd::FootnoteDefinition));
    }
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
    if habits::is_computer_path(&url) {
        // An error at its place says what to do; nothing of the path is published.
        return CowStr::Borrowed("#");
    }
    diagnostics.push(
        Diagnostic::warning(file, format!("the link `{url}` was removed: only web, email, telephone and relative links are kept"))
            .at(line, 1),
    );
    CowStr::Borrowed("#")
}

fn check_image(
    body: &str,
    range: &Range<usize>,
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

#[cfg(test)]
mod tests;
