//! Reports: YAML front matter between `---` lines, then the Markdown narrative.

use serde::{Deserialize, Deserializer};

use super::PartialDate;
use crate::diagnostic::Diagnostic;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    #[default]
    Final,
    Withdrawn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    #[default]
    Paragraphs,
    Sections,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    Noting,
    Decision,
    Discussion,
}

/// `exempt: false`, or the paragraph (1–7) of Schedule 12A to the Local Government Act 1972
/// that makes a paper exempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Exempt(pub Option<u8>);

impl<'de> Deserialize<'de> for Exempt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Flag(bool),
            Paragraph(i64),
        }
        match Raw::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "exempt is false or the Schedule 12A paragraph 1–7 that makes the paper exempt",
            )
        })? {
            Raw::Flag(false) => Ok(Exempt(None)),
            Raw::Flag(true) => Err(serde::de::Error::custom(
                "exempt is false or the Schedule 12A paragraph 1–7 that makes the paper exempt; `true` does not say which paragraph",
            )),
            Raw::Paragraph(n @ 1..=7) => Ok(Exempt(Some(n as u8))),
            Raw::Paragraph(n) => Err(serde::de::Error::custom(format!(
                "`exempt: {n}` is not a paragraph of Schedule 12A, which has paragraphs 1 to 7"
            ))),
        }
    }
}

/// An agenda item number: `"6"`, `"6a"`; a bare number is accepted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AgendaItem(pub String);

impl<'de> Deserialize<'de> for AgendaItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_yaml::Value::deserialize(deserializer)?;
        match value {
            serde_yaml::Value::String(s) => Ok(AgendaItem(s)),
            serde_yaml::Value::Number(n) => Ok(AgendaItem(n.to_string())),
            _ => Err(serde::de::Error::custom(
                "item is an agenda item number such as \"6\" or \"6a\"",
            )),
        }
    }
}

impl AgendaItem {
    /// Orders items as an agenda does: 2 before 10, 6 before 6a before 6b.
    pub fn sort_key(&self) -> (u32, String) {
        let digits: String = self.0.chars().take_while(char::is_ascii_digit).collect();
        (
            digits.parse().unwrap_or(u32::MAX),
            self.0[digits.len()..].to_owned(),
        )
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Author {
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct Update {
    pub date: PartialDate,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AppendixRef {
    pub title: String,
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
    #[serde(default)]
    pub exempt: Exempt,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct BackgroundPaper {
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
}

/// The front sheet of a report, as its front matter gives it.
#[derive(Debug, Clone, Deserialize)]
pub struct FrontMatter {
    pub title: String,
    pub committee: String,
    pub meeting: PartialDate,
    #[serde(default)]
    pub meeting_note: Option<String>,
    #[serde(default)]
    pub item: Option<AgendaItem>,
    #[serde(default)]
    pub report_of: Option<String>,
    #[serde(default)]
    pub authors: Vec<Author>,
    #[serde(default)]
    pub wards: Vec<String>,
    #[serde(default)]
    pub key_decision: bool,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub exempt: Exempt,
    #[serde(default)]
    pub purpose: Option<Purpose>,
    #[serde(default)]
    pub portfolio: Option<String>,
    /// The cabinet member whose portfolio the report falls in: "Councillor Wilson".
    #[serde(default)]
    pub lead_member: Option<String>,
    #[serde(default)]
    pub forward_plan_ref: Option<String>,
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// Why the chair took a paper published late as urgent (LGA 1972 s.100B(4)(b)).
    #[serde(default)]
    pub urgency: Option<String>,
    /// For an exempt paper: why the public interest in withholding it outweighs the public
    /// interest in publishing it.
    #[serde(default)]
    pub public_interest: Option<String>,
    #[serde(default)]
    pub updated: Vec<Update>,
    #[serde(default)]
    pub numbering: Numbering,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub recommendations: Vec<String>,
    #[serde(default)]
    pub appendices: Vec<AppendixRef>,
    #[serde(default)]
    pub background_papers: Vec<BackgroundPaper>,
}

impl FrontMatter {
    /// Gives the text shown to readers the body's typography (curly quotes and apostrophes,
    /// dashes), so that pages, feeds, calendars and data all show it as the body would.
    /// Identifiers, dates, addresses, phone numbers and emails stay as written.
    fn typeset(&mut self) {
        use super::typeset;
        let each = |text: &mut String| *text = typeset(text);
        let some = |text: &mut Option<String>| {
            if let Some(text) = text {
                *text = typeset(text);
            }
        };
        each(&mut self.title);
        some(&mut self.meeting_note);
        some(&mut self.report_of);
        some(&mut self.portfolio);
        some(&mut self.lead_member);
        some(&mut self.urgency);
        some(&mut self.public_interest);
        some(&mut self.summary);
        self.wards.iter_mut().for_each(each);
        self.recommendations.iter_mut().for_each(each);
        for author in &mut self.authors {
            each(&mut author.name);
            some(&mut author.role);
        }
        for update in &mut self.updated {
            each(&mut update.note);
        }
        for appendix in &mut self.appendices {
            each(&mut appendix.title);
        }
        for paper in &mut self.background_papers {
            each(&mut paper.title);
        }
    }
}

impl super::source::Fields for FrontMatter {
    const WHAT: &'static str = "the front matter";
    const REQUIRED: &'static [&'static str] = &["title", "committee", "meeting"];
}

/// A report as loaded: its slug, front sheet and the Markdown body with where it starts.
#[derive(Debug, Clone)]
pub struct Report {
    pub slug: String,
    /// Path of the source file relative to the site root.
    pub file: String,
    pub front: FrontMatter,
    /// The front matter as written, for placing problems found after parsing.
    pub front_text: String,
    pub body: String,
    /// The line of the file on which the body starts, for placing Markdown problems.
    pub body_line: usize,
    /// Fingerprints of the whole file and of its front matter alone, so that a preview can
    /// tell what changed (a listing shows only the front matter).
    pub fingerprint: u64,
    pub front_fingerprint: u64,
}

impl Report {
    pub fn is_exempt(&self) -> bool {
        self.front.exempt.0.is_some()
    }

    /// The ids of its exempt appendices that are in its body (an exempt appendix in a file of
    /// its own has none).
    pub fn exempt_appendix_ids(&self) -> Vec<&str> {
        self.front
            .appendices
            .iter()
            .filter(|a| a.exempt.0.is_some())
            .filter_map(|a| a.id.as_deref())
            .collect()
    }

    pub fn is_draft(&self) -> bool {
        self.front.status == Status::Draft
    }
}

/// Splits a report's text into front matter and body, returning the front matter, the body and
/// the line on which the body starts.
pub fn split_front_matter<'a>(
    text: &'a str,
    display: &str,
) -> Result<(&'a str, &'a str, usize), Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(display, "this report is empty").at(1, 1).with_hint(
            "a report starts with front matter between --- lines; `scrutiny new report` writes one",
        ));
    }
    let Some(rest) = text.strip_prefix("---\n") else {
        return Err(Diagnostic::error(display, "this report has no front matter")
            .at(1, 1)
            .with_hint("start the file with a line `---`, the front matter fields, then another `---` line"));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + front.lines().count() + 1;
            if let Some(start) = body_in_front(front) {
                let closing = body_line - 1;
                return Err(not_closed(display, start, Some(closing)));
            }
            return Ok((front, body, body_line));
        }
        offset += line.len();
    }
    Err(not_closed(display, body_in_front(rest).unwrap_or(1), None))
}

/// The file line on which the Markdown body seems to start inside the front matter that YAML
/// cannot read: a heading (`## Purpose of report`) after a blank line. (YAML reads such a
/// heading as a comment; in a front matter that reads, it is one.) The YAML is read only when
/// there is such a heading: most front matters have none, and reading each one here as well as
/// for its fields would parse every report's front matter twice.
fn body_in_front(front: &str) -> Option<usize> {
    let lines: Vec<&str> = front.lines().collect();
    let start = (1..lines.len()).find_map(|i| {
        let heading = lines[i].trim_start_matches('#');
        let is_heading =
            lines[i].starts_with("##") && heading.starts_with(' ') && !heading.trim().is_empty();
        (is_heading && lines[i - 1].trim().is_empty()).then_some(i + 2)
    })?;
    serde_yaml::from_str::<serde_yaml::Value>(front)
        .is_err()
        .then_some(start)
}

fn not_closed(display: &str, body_line: usize, closing: Option<usize>) -> Diagnostic {
    let message = match closing {
        Some(closing) => format!(
            "the front matter is not closed, so the report's text down to the `---` on line {closing} is read as front matter"
        ),
        None => "the front matter is not closed".to_owned(),
    };
    let hint = if body_line > 1 {
        "add a line `---` after the last front matter field, above this line".to_owned()
    } else {
        "add a line `---` after the last front matter field".to_owned()
    };
    Diagnostic::error(display, message)
        .at(body_line, 1)
        .with_hint(hint)
}

/// Reads a report: its front matter (every field checked, each problem at its place) and its
/// body. `None` when the front matter cannot be read.
pub fn read(
    text: &str,
    display: &str,
    slug: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Report> {
    let (front, body, body_line) = split_front_matter(text, display)
        .map_err(|problem| diagnostics.push(problem))
        .ok()?;
    let front_text = front.to_owned();
    let front: FrontMatter = super::source::parse_fields(front, display, 2, diagnostics)?;
    let mut report = Report {
        slug,
        file: display.to_owned(),
        front,
        front_fingerprint: super::fingerprint(front_text.as_bytes()),
        front_text,
        body: body.to_owned(),
        body_line,
        fingerprint: super::fingerprint(text.as_bytes()),
    };
    super::ids::appendix_ids(&mut report, diagnostics);
    super::links::check_report(&mut report, diagnostics);
    let left = super::placeholders::in_report(&report);
    diagnostics.extend(left.iter().map(super::placeholders::Placeholder::warning));
    // After every check that compares the text with what was written.
    report.front.typeset();
    Some(report)
}

impl Report {
    /// The line and column of the front matter's value at `path`, for placing a problem found
    /// after loading (an appendix without its section); the front matter's first line when
    /// there is no such value.
    pub fn place(&self, path: &[super::places::Step<'_>]) -> (usize, usize) {
        super::places::value(&self.front_text, 2, path).unwrap_or((2, 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let (front, body, line) = split_front_matter("---\ntitle: A\n---\nBody\n", "r.md").unwrap();
        assert_eq!(front, "title: A\n");
        assert_eq!(body, "Body\n");
        assert_eq!(line, 4);
    }

    #[test]
    fn unterminated_front_matter_is_an_error() {
        let error = split_front_matter("---\ntitle: A\n", "r.md").unwrap_err();
        assert!(error.message.contains("not closed"));
    }

    #[test]
    fn a_heading_written_as_a_comment_in_a_front_matter_that_reads_is_a_comment() {
        let text = "---\ntitle: A\n\n## Contacts\nsummary: B\n---\n\nText.\n";
        assert!(split_front_matter(text, "r.md").is_ok());
    }

    #[test]
    fn a_front_matter_closed_by_the_bodys_rule_is_not_closed() {
        let text = "---\ntitle: A\n\n## Purpose of report\n\nText.\n\n---\n\nMore.\n";
        let error = split_front_matter(text, "r.md").unwrap_err();
        assert_eq!((error.line, error.column), (4, 1));
        assert!(
            error.message.contains("the `---` on line 8"),
            "{}",
            error.message
        );
    }

    #[test]
    fn agenda_items_sort_as_an_agenda() {
        let mut items = ["10", "6b", "6", "2", "6a"].map(|s| AgendaItem(s.into()));
        items.sort_by_key(AgendaItem::sort_key);
        let order: Vec<&str> = items.iter().map(|i| i.0.as_str()).collect();
        assert_eq!(order, ["2", "6", "6a", "6b", "10"]);
    }
}
