//! Habits from Word that Markdown reads differently from what the author meant, found on the
//! body as written: paragraph numbers typed by hand (`6.1 The Government…`, `4. This is…`,
//! `8) Safeguarding…`), which a meeting would see beside scrutiny's own and which shift every
//! number after them; a table pasted from Word, its cells separated by tabs, which reads as one
//! paragraph; a chart fenced as ```` ```Chart ```` or ```` ```text ````, which shows its YAML as
//! code; a link to a paragraph the report does not have; a picture on the author's computer;
//! an appendix section the front matter does not declare; a decision paper with nothing to
//! decide. The mechanical ones come with the fix `check --fix` makes.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag};

mod rules;

pub use rules::is_computer_path;
use rules::{chart_fields, container_end, marker_of, pipe_table, plain_text, typed_number};

use super::numbering::{self, Numberer};
use super::writer::is_recommendations_heading;
use crate::content::places::Step;
use crate::content::{Numbering, Purpose, Report, Status};
use crate::diagnostic::{Diagnostic, Edit};

/// Every habit the body of `report` holds.
pub fn check(report: &Report) -> Vec<Diagnostic> {
    let mut walk = Walk::new(report);
    walk.run();
    if walk.typed_numbers {
        let lists = std::mem::take(&mut walk.lists_from_one);
        walk.found.extend(lists);
    }
    walk.links();
    walk.decision();
    walk.contact();
    walk.recommendations_once();
    walk.found
}

/// A link of a report's body to another page or file of the site, by a relative address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLink {
    pub target: String,
    pub line: usize,
    pub column: usize,
}

/// The links of a report's body that lead, by a relative address, to another page or file of
/// the site (not to a place in the report, another site, an email address or a telephone).
pub fn site_links(report: &Report) -> Vec<SiteLink> {
    let place = Place::new(&report.body, report.body_line);
    Parser::new_ext(&report.body, super::parser_options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url, range)),
            _ => None,
        })
        .filter(|(url, _)| {
            let scheme = url
                .split_once(':')
                .is_some_and(|(s, _)| !s.contains(['/', '?', '#']));
            !url.is_empty() && !scheme && !url.starts_with(['#', '/']) && !is_computer_path(url)
        })
        .map(|(url, range)| {
            let (line, column) = place.of(range.start);
            SiteLink {
                target: url.to_string(),
                line,
                column,
            }
        })
        .collect()
}

/// Where a byte offset of the body is in the file.
struct Place<'a> {
    body: &'a str,
    first_line: usize,
    line_starts: Vec<usize>,
}

impl<'a> Place<'a> {
    fn new(body: &'a str, first_line: usize) -> Self {
        let line_starts = std::iter::once(0)
            .chain(body.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Place {
            body,
            first_line,
            line_starts,
        }
    }

    fn of(&self, offset: usize) -> (usize, usize) {
        let index = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[index];
        (
            self.first_line + index,
            self.body[start..offset].chars().count() + 1,
        )
    }

    /// The whole lines a range covers, without the last line end.
    fn lines(&self, range: &Range<usize>) -> &'a str {
        let start = self.line_starts[self.line_starts.partition_point(|&s| s <= range.start) - 1];
        let text = &self.body[start..range.end.min(self.body.len())];
        text.strip_suffix('\n').unwrap_or(text)
    }
}

/// A top-level block of the body, with where it is and the number scrutiny gives it.
struct Walk<'a> {
    report: &'a Report,
    place: Place<'a>,
    numberer: Numberer,
    /// Every paragraph and section number the body has.
    numbers: Vec<String>,
    /// Links within the report to a paragraph: the number and where the link is.
    para_links: Vec<(String, usize)>,
    has_recommendations_section: bool,
    /// Where the body's `## Recommendations` heading is, if it has one.
    recommendations_heading: Option<usize>,
    in_appendix: bool,
    /// Numbered lists from 1, which are typed paragraph numbers when others are.
    lists_from_one: Vec<Diagnostic>,
    /// Whether the body types paragraph numbers anywhere.
    typed_numbers: bool,
    found: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    fn new(report: &'a Report) -> Self {
        Walk {
            report,
            place: Place::new(&report.body, report.body_line),
            numberer: Numberer::new(report.front.numbering),
            numbers: Vec::new(),
            para_links: Vec::new(),
            has_recommendations_section: false,
            recommendations_heading: None,
            in_appendix: false,
            lists_from_one: Vec::new(),
            typed_numbers: false,
            found: Vec::new(),
        }
    }

    fn error(&self, offset: usize, message: String) -> Diagnostic {
        let (line, column) = self.place.of(offset);
        Diagnostic::error(&self.report.file, message).at(line, column)
    }

    fn run(&mut self) {
        let body = self.report.body.as_str();
        let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, super::parser_options())
            .into_offset_iter()
            .collect();
        let mut i = 0;
        while i < events.len() {
            let end = container_end(&events, i);
            self.inline(&events[i..end]);
            let (event, range) = &events[i];
            match event {
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
                    if let Some(start) = start {
                        self.numberer.start_at(start, Some(*level));
                    }
                    let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    self.heading(
                        *level,
                        id.as_deref(),
                        &classes,
                        &events[i + 1..end - 1],
                        range,
                    );
                }
                Event::Start(Tag::Paragraph) => self.paragraph(&events[i + 1..end - 1], range),
                Event::Start(Tag::List(Some(start))) => self.typed_list(*start, &events[i..end]),
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    self.fence(info, &events[i..end], range);
                }
                _ => {}
            }
            i = end;
        }
    }

    /// The links and pictures anywhere inside a top-level block.
    fn inline(&mut self, container: &[(Event<'_>, Range<usize>)]) {
        for (event, range) in container {
            let (Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })) = event
            else {
                continue;
            };
            if let Some(number) = dest_url.strip_prefix("#para-") {
                self.para_links.push((number.to_owned(), range.start));
            }
            if is_computer_path(dest_url) {
                let is_image = matches!(event, Event::Start(Tag::Image { .. }));
                self.found
                    .push(self.computer_path(dest_url, is_image, range.start));
            }
        }
    }

    fn computer_path(&self, path: &str, is_image: bool, offset: usize) -> Diagnostic {
        let name = path.rsplit(['\\', '/']).next().unwrap_or(path);
        let name = crate::web::suggest_slug(name.rsplit_once('.').map_or(name, |(stem, _)| stem))
            .map_or_else(
                || name.to_owned(),
                |stem| {
                    let extension = name
                        .rsplit_once('.')
                        .map_or("", |(_, e)| e)
                        .to_ascii_lowercase();
                    format!("{stem}.{extension}")
                },
            );
        let authority = self
            .report
            .file
            .split('/')
            .nth(1)
            .unwrap_or("the-authority");
        let (what, written) = if is_image {
            (
                "picture",
                format!("![what the picture shows](assets/{name})"),
            )
        } else {
            ("link", format!("[the document](assets/{name})"))
        };
        self.error(
            offset,
            format!("this {what} is a file on your computer, `{path}`, which no reader of the site can open"),
        )
        .with_hint(format!(
            "copy the file into content/{authority}/assets/ as {name}, and write {written}"
        ))
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<&str>,
        classes: &[&str],
        inner: &[(Event<'_>, Range<usize>)],
        range: &Range<usize>,
    ) {
        let title = plain_text(inner);
        let is_appendix = level == HeadingLevel::H2 && title.trim_start().starts_with("Appendix");
        if matches!(level, HeadingLevel::H1 | HeadingLevel::H2) {
            self.in_appendix = is_appendix;
            if is_recommendations_heading(&title) {
                self.has_recommendations_section = true;
                self.recommendations_heading = Some(range.start);
            }
        }
        if is_appendix {
            self.appendix(id, &title, range);
        }
        let number = self.numberer.heading(
            level,
            classes.contains(&"numbered"),
            classes.contains(&"unnumbered"),
            is_appendix,
        );
        let Some(number) = number else {
            return;
        };
        self.numbers.push(number.clone());
        if let Some((typed, offset)) = inner.first().and_then(|(event, range)| match event {
            Event::Text(text) => typed_number(text).map(|typed| (typed, range.start)),
            _ => None,
        }) {
            self.typed_numbers = true;
            self.found.push(
                self.error(
                    offset,
                    format!("this heading starts with the typed number {}, but scrutiny numbers the section {number} itself, so it would show both", typed.trim()),
                )
                .with_hint("remove the typed number: scrutiny numbers the sections and their paragraphs")
                .with_fix("remove the typed number", vec![self.removal(offset, typed)]),
            );
        }
    }

    /// An `## Appendix …` section must be one of the front matter's appendices, by its id.
    fn appendix(&mut self, id: Option<&str>, title: &str, range: &Range<usize>) {
        let declared = self
            .report
            .front
            .appendices
            .iter()
            .filter_map(|a| a.id.as_deref());
        if id.is_some_and(|id| declared.clone().any(|d| d == id)) {
            return;
        }
        let (name, rest) = title
            .split_once([':', '–', '—', '-'])
            .map_or((title, ""), |(n, r)| (n, r));
        let suggested =
            crate::web::suggest_slug(name.trim()).unwrap_or_else(|| "appendix-1".into());
        let id = id.unwrap_or(&suggested);
        let listed_title = if rest.trim().is_empty() {
            title.trim()
        } else {
            rest.trim()
        };
        self.found.push(
            self.error(
                range.start,
                "this appendix is not in the front matter's appendices, so it is not listed with them, and could not be withheld".to_owned(),
            )
            .with_hint(format!(
                "add `- {{ title: {listed_title}, id: {id} }}` to appendices in the front matter, and end this heading with {{#{id}}}"
            )),
        );
    }

    fn paragraph(&mut self, inner: &[(Event<'_>, Range<usize>)], range: &Range<usize>) {
        let events: Vec<Event<'_>> = inner.iter().map(|(e, _)| e.clone()).collect();
        let (events, attributes) = numbering::strip_attributes(&events);
        if numbering::is_lone_image(&events) {
            // A picture on its own line is a figure, outside the numbering.
            return;
        }
        let unnumbered = attributes.unnumbered;
        if !unnumbered && let Some(start) = attributes.start {
            self.numberer.start_at(start, None);
        }
        if self.tab_table(range) {
            // The table would take the paragraph's number: count it as it renders now.
            if !unnumbered && let Some(number) = self.numberer.paragraph() {
                self.numbers.push(number);
            }
            return;
        }
        let number = if unnumbered {
            None
        } else {
            self.numberer.paragraph()
        };
        let Some(number) = number else {
            return;
        };
        self.numbers.push(number.clone());
        let first = inner.first().and_then(|(event, range)| match event {
            Event::Text(text) => typed_number(text).map(|typed| (typed, range.start)),
            _ => None,
        });
        if let Some((typed, offset)) = first {
            let shown = typed.trim();
            let message = if shown.trim_end_matches('.') == number {
                format!(
                    "this paragraph starts with the typed number {shown}, which scrutiny gives it itself, so it would show twice"
                )
            } else {
                format!(
                    "this paragraph starts with the typed number {shown}, but scrutiny numbers it {number}, so a meeting would see both"
                )
            };
            self.typed_numbers = true;
            self.found.push(
                self.error(offset, message)
                    .with_hint(TYPED_NUMBER_HINT)
                    .with_fix("remove the typed number", vec![self.removal(offset, typed)]),
            );
        }
    }

    /// A top-level numbered list that does not start at 1 (`4. This is…`, `8) Safeguarding…`):
    /// paragraph numbers typed by hand, which Markdown reads as a list.
    fn typed_list(&mut self, start: u64, list: &[(Event<'_>, Range<usize>)]) {
        if self.in_appendix || self.report.front.numbering == Numbering::None {
            return;
        }
        let items: Vec<&Range<usize>> = list
            .iter()
            .filter(|(event, _)| matches!(event, Event::Start(Tag::Item)))
            .map(|(_, range)| range)
            .filter(|range| {
                // Only the list's own items, not those of a list inside it.
                list.iter()
                    .filter(|(e, r)| {
                        matches!(e, Event::Start(Tag::Item))
                            && r.start < range.start
                            && r.end >= range.end
                    })
                    .count()
                    == 0
            })
            .collect();
        let Some(first) = items.first() else {
            return;
        };
        let mut would_be = self.numberer.clone();
        let number = would_be
            .paragraph()
            .map(|n| format!(" (it would be paragraph {n})"))
            .unwrap_or_default();
        let marker = marker_of(&self.report.body[first.start..]);
        let mut edits = Vec::new();
        for (index, item) in items.iter().enumerate() {
            edits.extend(self.unlist(item, index > 0));
        }
        let problem = self
            .error(
                first.start,
                format!(
                    "this paragraph is typed with the number {}, which Markdown reads as a numbered list: it gets no paragraph number, and every number after it shifts",
                    marker.trim()
                ),
            )
            .with_hint(format!(
                "remove the typed number and scrutiny numbers the paragraph itself{number}; {TYPED_NUMBER_HINT_TAIL}"
            ))
            .with_fix(
                if items.len() == 1 {
                    "remove the typed number"
                } else {
                    "remove the typed numbers, making each a paragraph"
                },
                edits,
            );
        // A list from 1 is a list, unless the report types its paragraph numbers elsewhere.
        if start == 1 {
            self.lists_from_one.push(problem);
        } else {
            self.typed_numbers = true;
            self.found.push(problem);
        }
    }

    /// The edits that make a list item a paragraph: its marker removed, the lines under it
    /// moved back, and a blank line above it where the items were not apart.
    fn unlist(&self, item: &Range<usize>, needs_gap: bool) -> Vec<Edit> {
        let body = self.report.body.as_str();
        let line_start = body[..item.start].rfind('\n').map_or(0, |at| at + 1);
        let marker = marker_of(&body[item.start..]);
        let (line, _) = self.place.of(line_start);
        let above_blank = body[..line_start]
            .strip_suffix('\n')
            .is_none_or(|before| before.ends_with('\n') || before.is_empty());
        let mut edits = vec![Edit {
            line,
            column: 1,
            remove: body[line_start..item.start + marker.len()].to_owned(),
            insert: if needs_gap && !above_blank {
                "\n".into()
            } else {
                String::new()
            },
        }];
        let width = item.start - line_start + marker.len();
        let text = self.place.lines(item);
        for (offset, text_line) in text.split('\n').enumerate().skip(1) {
            let indent = text_line.len() - text_line.trim_start_matches(' ').len();
            if indent > 0 {
                edits.push(Edit {
                    line: line + offset,
                    column: 1,
                    remove: " ".repeat(indent.min(width)),
                    insert: String::new(),
                });
            }
        }
        edits
    }

    /// A paragraph whose lines are cells separated by tabs: a table pasted from Word.
    fn tab_table(&mut self, range: &Range<usize>) -> bool {
        let text = self.place.lines(range);
        let rows: Vec<&str> = text.split('\n').collect();
        if rows.len() < 2 || !rows.iter().all(|row| row.contains('\t')) {
            return false;
        }
        let (line, column) = self.place.of(range.start);
        let table = pipe_table(&rows);
        self.found.push(
            Diagnostic::error(
                &self.report.file,
                "this is a table pasted from Word, its cells separated by tabs, which Markdown reads as one paragraph of text: it would be published as a numbered paragraph, and every number after it would shift",
            )
            .at(line, column)
            .with_hint("write it as a table with | between the cells and a line of --- under the headings, as `scrutiny check --fix` does")
            .with_fix(
                "write the table with | between its cells",
                vec![Edit {
                    line,
                    column: 1,
                    remove: text.to_owned(),
                    insert: table,
                }],
            ),
        );
        true
    }

    /// A fenced block that meant to be a chart or table: ```` ```Chart ````, or
    /// ```` ```text ```` holding a chart's fields.
    fn fence(&mut self, info: &str, block: &[(Event<'_>, Range<usize>)], range: &Range<usize>) {
        if matches!(info, "chart" | "table") {
            return;
        }
        let line_end = self.report.body[range.start..]
            .find('\n')
            .map_or(self.report.body.len(), |at| range.start + at);
        let fence_line = self.place.lines(&(range.start..line_end));
        let (line, _) = self.place.of(range.start);
        let first_word = info
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let content: String = block
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Text(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        let (kind, drop_first_line) = if matches!(first_word.as_str(), "chart" | "table") {
            (first_word.clone(), false)
        } else if let Some(kind) = chart_fields(&content) {
            (kind.0.to_owned(), kind.1)
        } else {
            return;
        };
        let indent = fence_line.len() - fence_line.trim_start().len();
        let fence: String = fence_line
            .trim_start()
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        let mut edits = vec![Edit {
            line,
            column: indent + 1,
            remove: fence_line.trim_start().to_owned(),
            insert: format!("{fence}{kind}"),
        }];
        if drop_first_line {
            let first = content.split('\n').next().unwrap_or_default();
            edits.push(Edit {
                line: line + 1,
                column: 1,
                remove: format!("{first}\n"),
                insert: String::new(),
            });
        }
        let written = if info.is_empty() {
            "```".to_owned()
        } else {
            format!("```{info}")
        };
        let message = if matches!(first_word.as_str(), "chart" | "table") {
            format!(
                "this block is fenced as {written}, so it would be shown as code: a {kind} block is fenced ```{kind}, in lower case and with nothing after it"
            )
        } else {
            format!(
                "this block holds a {kind}'s fields but is fenced as {written}, so its YAML would be shown as code"
            )
        };
        self.found.push(
            Diagnostic::error(&self.report.file, message)
                .at(line, indent + 1)
                .with_hint(format!("start the block with the line {fence}{kind}"))
                .with_fix(format!("fence the block as {fence}{kind}"), edits),
        );
    }

    /// Links to `#para-N` that the report has no paragraph N for.
    fn links(&mut self) {
        let links = std::mem::take(&mut self.para_links);
        for (number, offset) in links {
            if self.numbers.contains(&number) {
                continue;
            }
            let range = match (self.numbers.first(), self.numbers.last()) {
                (Some(first), Some(last)) => {
                    format!("its paragraphs are numbered {first} to {last}")
                }
                _ => "it has no paragraph numbers".to_owned(),
            };
            let problem = self
                .error(offset, format!("this links to paragraph {number}, but this report has no paragraph {number}: {range}"))
                .with_hint("link to a paragraph the report has, such as #para-2: check the number on the report's page, where scrutiny shows the numbers it gives");
            self.found.push(problem);
        }
    }

    /// The recommendations are written once: in the body's `## Recommendations` section, in
    /// their place in the numbering, or in the front matter, never in both (the two would
    /// drift apart, and the page would show them twice).
    fn recommendations_once(&mut self) {
        let front = &self.report.front;
        if front.recommendations.is_empty() || self.recommendations_heading.is_none() {
            return;
        }
        let (line, column) = self.report.place(&[Step::Key("recommendations")]);
        self.found.push(
            Diagnostic::error(
                &self.report.file,
                "the recommendations are written twice: in the front matter and in the body's Recommendations section",
            )
            .at(line, column)
            .with_hint("delete `recommendations` from the front matter: the body's section is shown with its paragraph numbers, as the paper was published"),
        );
    }

    /// A decision paper asks the committee to decide something: it has recommendations.
    fn decision(&mut self) {
        let front = &self.report.front;
        if front.purpose != Some(Purpose::Decision)
            || !front.recommendations.is_empty()
            || self.has_recommendations_section
        {
            return;
        }
        let (line, column) = self.report.place(&[Step::Key("purpose")]);
        self.found.push(
            Diagnostic::error(
                &self.report.file,
                "this paper is for decision but has no recommendations, so the committee would have nothing to decide",
            )
            .at(line, column)
            .with_hint("add a `## Recommendations` section to the body, one recommendation a paragraph or list item (or list them in the front matter: recommendations:  - That the committee agrees …)"),
        );
    }

    /// A published report says who to ask about it: a final report names a contact officer.
    fn contact(&mut self) {
        let front = &self.report.front;
        if front.status != Status::Final || front.authors.iter().any(|a| !a.name.trim().is_empty())
        {
            return;
        }
        let at = |key| crate::content::places::value(&self.report.front_text, 2, &[Step::Key(key)]);
        let (line, column) = at("authors")
            .or_else(|| at("status"))
            .unwrap_or_else(|| self.report.place(&[Step::Key("title")]));
        self.found.push(
            Diagnostic::warning(
                &self.report.file,
                "this final report names no contact officer, so a reader cannot tell whom to ask about it",
            )
            .at(line, column)
            .with_hint("name the officer the paper gives as its contact in the front matter: authors: [{ name: Sam Patel, role: Report author, email: sam.patel@example.gov.uk }]"),
        );
    }

    /// The edit that removes `typed` where it starts, at `offset`.
    fn removal(&self, offset: usize, typed: &str) -> Edit {
        let (line, column) = self.place.of(offset);
        Edit {
            line,
            column,
            remove: typed.to_owned(),
            insert: String::new(),
        }
    }
}

const TYPED_NUMBER_HINT: &str = "remove the typed number: scrutiny numbers every paragraph itself; to number paragraphs 6.1, 6.2… under a section 6, write the section's heading `## Heading {.numbered}`, or use numbering: sections (if the figure belongs to the sentence, start the sentence another way)";
const TYPED_NUMBER_HINT_TAIL: &str = "to number paragraphs 6.1, 6.2… under a section 6, write the section's heading `## Heading {.numbered}`, or use numbering: sections";
