//! A report's Markdown body to HTML: committee paragraph numbering, `chart` and `table` blocks,
//! appendices, a contents list, and the author's raw HTML sanitised.
//!
//! Exempt appendices are taken out of the source first (`withhold`), so that nothing after
//! sees them. Rendering then runs in two passes over pulldown-cmark's events: the first turns
//! fenced `chart` and `table` blocks into placeholders (so that sanitising never sees chart SVG),
//! the second numbers top-level blocks and writes HTML. Placeholders are filled in last.

mod figures;
mod habits;
mod labels;
mod links;
mod numbering;
mod placeholder;
mod sanitize;
mod withhold;
mod writer;

use links::{check_image, checked_url};
use placeholder::{
    INLINE_PLACEHOLDER_CLOSE, INLINE_PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN,
    fill_placeholders, stand_in,
};

use std::collections::{BTreeMap, BTreeSet};
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

/// Whether raw HTML is one comment and nothing else, `<!-- a note for the author -->`.
fn is_comment(html: &str) -> bool {
    let html = html.trim();
    html.strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
        .is_some_and(|inside| !inside.contains("-->"))
}

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
    let mut references = Vec::new();
    let (expanded, figure_problems) = figures::expand(
        &source,
        &report.file,
        report.body_line,
        &mut |figure| blocks.figure(figure),
        &mut references,
    );
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
    let mut writer = BodyWriter::new(options, &first.captioned);
    writer.write(&first.events);
    diagnostics.extend(first.labels_without_numbers(&writer.labels_without_numbers));
    if options.part != Part::Withheld {
        // The withheld part alone cannot see the public labels its references name.
        diagnostics.extend(labels::unknown(&report.file, &references, &writer.targets));
    }

    // Last: fill the placeholders, which sanitising has kept, then the references.
    let mut rendered = first.rendered;
    for (index, caption_number) in &writer.block_numbers {
        if let Some(html) = rendered.get_mut(*index) {
            *html = numbered_caption(html, caption_number);
        }
    }
    let targets = &writer.targets;
    let plain = |text: &str| labels::fill(text, &references, targets, labels::Written::Plain);
    let html = fill_placeholders(&writer.html, &rendered);
    let mut contents = writer.contents;
    for entry in &mut contents {
        entry.title = plain(&entry.title);
    }
    let mut text_blocks = writer.blocks;
    for block in &mut text_blocks {
        block.text = plain(&block.text);
        block.heading = plain(&block.heading);
    }
    diagnostics.sort();
    diagnostics.dedup();
    RenderedBody {
        html: labels::fill(&html, &references, targets, labels::Written::Link),
        contents,
        text: plain(&writer.text),
        blocks: text_blocks,
        diagnostics,
        appendix_ids: writer.appendix_ids,
    }
}

/// A fenced chart or table the body numbers, "Figure 2" or "Table 1", with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Captioned {
    pub is_table: bool,
    pub label: Option<String>,
}

/// Puts a block's number ("Figure 2", with the id a reference links to) at the head of its
/// caption: a chart's title, or a table's `<caption>`.
fn numbered_caption(html: &str, (id, name): &(String, String)) -> String {
    let number = format!(
        "<span class=\"caption-number\" id=\"{}\">{}:</span> ",
        web::escape_html(id),
        web::escape_html(name)
    );
    for opening in ["<span class=\"chart-title\">", "<caption>"] {
        if let Some(at) = html.find(opening) {
            let after = at + opening.len();
            return format!("{}{number}{}", &html[..after], &html[after..]);
        }
    }
    html.to_owned()
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
    /// Every label and heading id the author gave, with where it is.
    labels: BTreeMap<String, (usize, usize)>,
    /// The fenced blocks that take a "Figure" or "Table" number, by placeholder.
    captioned: BTreeMap<usize, Captioned>,
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
            labels: BTreeMap::new(),
            captioned: BTreeMap::new(),
        }
    }

    /// Records a label at its place; a label given twice is an error, as a reference could
    /// not say which it means.
    fn label(&mut self, label: &str, offset: usize) {
        let (line, column) = self.place.of(self.body, offset);
        if let Some((first_line, _)) = self.labels.get(label) {
            self.diagnostics.push(
                Diagnostic::error(self.place.file, format!("the label `{label}` is given twice in this report (first on line {first_line}), so a reference to it could not say which it means"))
                    .at(line, column)
                    .with_hint(format!("give this one a label of its own, such as {{#{label}-2}}")),
            );
            return;
        }
        self.labels.insert(label.to_owned(), (line, column));
    }

    /// Errors for labels on paragraphs that take no number, which a reference could not name.
    fn labels_without_numbers(&self, labels: &[String]) -> Vec<Diagnostic> {
        labels
            .iter()
            .filter_map(|label| {
                let (line, column) = self.labels.get(label)?;
                Some(
                    Diagnostic::error(self.place.file, format!("the label `{label}` is on a paragraph that has no number, so a reference to it would have nothing to write"))
                        .at(*line, *column)
                        .with_hint("put the label on a numbered paragraph, or on the heading above it: ## Costs {#costs}"),
                )
            })
            .collect()
    }

    /// Checks the attribute block on a paragraph's last line (`{#costs start=5}`) at its
    /// place, and records its label.
    fn paragraph_attributes(&mut self, range: &Range<usize>) {
        let source = &self.body[range.clone()];
        let Some((inner, at)) = numbering::attribute_line(source) else {
            return;
        };
        let offset = range.start + at;
        match numbering::parse_attributes(inner) {
            None => {}
            Some(Ok(attributes)) => {
                if let Some(label) = &attributes.label {
                    self.label(label, offset);
                }
            }
            Some(Err(problem)) => self.attribute_problem(problem, offset),
        }
    }

    fn attribute_problem(&mut self, problem: numbering::AttributeProblem, offset: usize) {
        let (line, column) = self.place.of(self.body, offset);
        self.diagnostics.push(
            Diagnostic::error(self.place.file, problem.message)
                .at(line, column)
                .with_hint(problem.hint),
        );
    }

    /// A heading's `start=5` is checked, and its id recorded as a label.
    fn heading_attributes(&mut self, event: &Event<'_>, range: &Range<usize>) {
        let Event::Start(Tag::Heading { id, attrs, .. }) = event else {
            return;
        };
        let brace = self.body[range.clone()]
            .rfind('{')
            .map_or(range.start, |at| range.start + at);
        if let Some(id) = id {
            self.label(id, brace);
        }
        for (key, value) in attrs {
            let problem = match (key.as_ref(), value) {
                ("start", Some(value)) => numbering::parse_start(value).err(),
                _ => Some(numbering::AttributeProblem {
                    message: format!("`{key}` is not something a heading can carry"),
                    hint: "a heading may carry an id, {#costs}, {.numbered} or {.unnumbered}, and {start=5} to take the number 5".to_owned(),
                }),
            };
            if let Some(problem) = problem {
                self.attribute_problem(problem, brace);
            }
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
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                    if matches!(fence_kind(info), "chart" | "table") =>
                {
                    let lang = fence_kind(info).to_owned();
                    self.fence_attributes(info, &lang, &range);
                    let mut yaml = String::new();
                    for (inner, _) in parser.by_ref() {
                        match inner {
                            Event::Text(text) => yaml.push_str(&text),
                            Event::End(TagEnd::CodeBlock) => break,
                            _ => {}
                        }
                    }
                    self.fenced_block(lang, yaml, &range);
                }
                Event::Start(Tag::Heading { ref id, .. }) => {
                    if let Some(id) = id {
                        self.check_heading_id(id, &range);
                    }
                    self.heading_attributes(&event, &range);
                    self.events.push(event);
                }
                Event::Start(Tag::Paragraph) => {
                    self.paragraph_attributes(&range);
                    self.events.push(event);
                }
                Event::Start(Tag::Link { .. }) => self.link(event, &range),
                Event::Start(Tag::Image { .. }) => self.image(event, &range),
                Event::FootnoteReference(name) => self.footnote_reference(&name),
                Event::Start(Tag::FootnoteDefinition(name)) => self.footnote_start(name),
                Event::End(TagEnd::FootnoteDefinition) => self.footnote_end(),
                // A comment is a note to whoever edits the file: it is not published.
                Event::Start(Tag::HtmlBlock) if is_comment(&body[range.clone()]) => {
                    for (inner, _) in parser.by_ref() {
                        if matches!(inner, Event::End(TagEnd::HtmlBlock)) {
                            break;
                        }
                    }
                }
                Event::InlineHtml(ref html) if is_comment(html) => {}
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

    /// A fenced chart or table takes a "Figure" or "Table" number; its info string may give
    /// it a label, ```` ```chart {#workers} ````.
    fn fence_attributes(&mut self, info: &str, kind: &str, range: &Range<usize>) {
        let rest = info[kind.len()..].trim();
        let mut label = None;
        if !rest.is_empty() {
            let offset = range.start + self.body[range.clone()].find('{').unwrap_or(0);
            let parsed = rest
                .strip_prefix('{')
                .and_then(|r| r.strip_suffix('}'))
                .map(str::trim)
                .and_then(|inner| inner.strip_prefix('#'))
                .filter(|l| !l.contains(char::is_whitespace));
            match parsed {
                Some(found) => match numbering::check_label(found) {
                    Ok(()) => {
                        self.label(found, offset);
                        label = Some(found.to_owned());
                    }
                    Err(problem) => self.attribute_problem(problem, offset),
                },
                None => self.attribute_problem(
                    numbering::AttributeProblem {
                        message: format!("`{rest}` after ```{kind} is not a label"),
                        hint: format!(
                            "write a label in braces after the word {kind}: ```{kind} {{#workers}}"
                        ),
                    },
                    offset,
                ),
            }
        }
        self.captioned.insert(
            self.rendered.len(),
            Captioned {
                is_table: kind == "table",
                label,
            },
        );
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
        let hint = match crate::web::suggest_slug(id) {
            None => {
                "write an id of lower-case letters, digits and hyphens, such as {#costs}".to_owned()
            }
            Some(suggestion) => format!("write {{#{suggestion}}}"),
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

/// The kind a fenced block's info string names: its first word (`chart {#workers}` is a chart).
fn fence_kind(info: &str) -> &str {
    info.split_whitespace().next().unwrap_or("")
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

#[cfg(test)]
mod tests;
