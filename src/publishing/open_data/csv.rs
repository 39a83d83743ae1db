//! CSVs of a council's meetings and papers, for a spreadsheet. Every cell goes through the
//! site's spreadsheet rule ([`crate::output::spreadsheet::neutralised`]): text that a
//! spreadsheet would run as a formula is written with a leading `'`. An exempt item has one
//! row in the papers CSV: its title, paragraph, the paragraph's description and the
//! public-interest reason, with no address.

use std::borrow::Cow;

use crate::output::spreadsheet::neutralised;

use super::super::clear_days::PublicationRule;
use super::super::meeting::{AgendaItem, Meeting};
use super::super::schedule_12a;

/// The columns of the meetings CSV.
pub const MEETING_COLUMNS: &[&str] = &[
    "authority",
    "committee",
    "date",
    "start",
    "end",
    "venue",
    "status",
    "cancellation_reason",
    "published",
    "items",
    "papers",
    "url",
];

/// The columns of the papers CSV.
pub const PAPER_COLUMNS: &[&str] = &[
    "authority",
    "committee",
    "meeting_date",
    "item",
    "title",
    "media_type",
    "published",
    "updated",
    "clear_days",
    "late",
    "urgency",
    "supplementary",
    "exempt_paragraph",
    "exempt_description",
    "public_interest",
    "url",
];

/// One row per meeting, in date order, then by committee; times in UK time (`18:00`).
pub fn meetings<'a>(meetings: impl IntoIterator<Item = &'a Meeting>) -> String {
    let mut meetings: Vec<&Meeting> = meetings.into_iter().collect();
    meetings.sort_by(|a, b| {
        (a.date, a.start, &a.committee, &a.url).cmp(&(b.date, b.start, &b.committee, &b.url))
    });
    let rows = meetings.into_iter().map(|meeting| {
        let papers: usize = meeting
            .agenda
            .iter()
            .map(|item| match item {
                AgendaItem::Public(item) => item.papers.len(),
                AgendaItem::Exempt(_) => 0,
            })
            .sum();
        vec![
            meeting.authority.clone(),
            meeting.committee.clone(),
            meeting.date.iso(),
            clock(meeting.starts()),
            clock(meeting.ends()),
            meeting.venue.clone().unwrap_or_default(),
            status(meeting).to_owned(),
            meeting.cancelled.clone().unwrap_or_default(),
            meeting.published.map(|d| d.to_string()).unwrap_or_default(),
            meeting.agenda.len().to_string(),
            papers.to_string(),
            meeting.url.clone(),
        ]
    });
    write(MEETING_COLUMNS, rows)
}

/// One row per published paper and per exempt item, meeting by meeting in date order and
/// item by item in agenda order. `clear_days` is counted by `rule` where the paper's
/// publication date and the meeting's day are known, and `late` says whether it had fewer
/// than the rule asks.
pub fn papers<'a>(
    meetings: impl IntoIterator<Item = &'a Meeting>,
    rule: &PublicationRule,
) -> String {
    let mut meetings: Vec<&Meeting> = meetings.into_iter().collect();
    meetings.sort_by(|a, b| {
        (a.date, a.start, &a.committee, &a.url).cmp(&(b.date, b.start, &b.committee, &b.url))
    });
    let mut rows: Vec<Vec<String>> = Vec::new();
    for meeting in meetings {
        for item in &meeting.agenda {
            let number = item.number().unwrap_or_default().to_owned();
            match item {
                AgendaItem::Public(public) => {
                    for paper in &public.papers {
                        let timing = match (paper.published, meeting.date.day()) {
                            (Some(published), Some(day)) => Some(rule.timing(published, day)),
                            _ => None,
                        };
                        rows.push(vec![
                            meeting.authority.clone(),
                            meeting.committee.clone(),
                            meeting.date.iso(),
                            number.clone(),
                            paper.title.clone(),
                            paper.media_type.clone(),
                            date(paper.published),
                            date(paper.updated),
                            timing.map(|t| t.clear_days.to_string()).unwrap_or_default(),
                            timing
                                .map(|t| yes_no(t.is_late()).to_owned())
                                .unwrap_or_default(),
                            public.urgency.clone().unwrap_or_default(),
                            yes_no(meeting.is_supplementary(paper)).to_owned(),
                            String::new(),
                            String::new(),
                            String::new(),
                            paper.url.clone(),
                        ]);
                    }
                }
                AgendaItem::Exempt(exempt) => rows.push(vec![
                    meeting.authority.clone(),
                    meeting.committee.clone(),
                    meeting.date.iso(),
                    number,
                    exempt.title.clone(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    exempt.paragraph.to_string(),
                    schedule_12a::description(exempt.paragraph)
                        .unwrap_or_default()
                        .to_owned(),
                    exempt.public_interest.clone().unwrap_or_default(),
                    String::new(),
                ]),
            }
        }
    }
    write(PAPER_COLUMNS, rows)
}

fn status(meeting: &Meeting) -> &'static str {
    if meeting.is_cancelled() {
        "cancelled"
    } else {
        "confirmed"
    }
}

fn clock(moment: Option<jiff::Zoned>) -> String {
    moment
        .map(|m| m.strftime("%H:%M").to_string())
        .unwrap_or_default()
}

fn date(day: Option<jiff::civil::Date>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

fn yes_no(flag: bool) -> &'static str {
    if flag { "yes" } else { "no" }
}

/// A header row and rows as CSV, every cell neutralised and quoted where RFC 4180 needs it,
/// lines ending in `\n`, as the site's other CSVs.
fn write(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let header = header
        .iter()
        .map(|h| (*h).to_owned())
        .collect::<Vec<String>>();
    let result = std::iter::once(header).chain(rows).try_for_each(|row| {
        let cells: Vec<Cow<'_, str>> = row.iter().map(|cell| neutralised(cell)).collect();
        writer.write_record(cells.iter().map(|c| c.as_bytes()))
    });
    // Writing into memory fails only for a record of no fields, and every row here has the
    // header's columns.
    let bytes = match (result, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        _ => Vec::new(),
    };
    String::from_utf8(bytes).unwrap_or_default()
}
