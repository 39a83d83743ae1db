//! `meetings.yaml`: what reports do not carry — a meeting's time and venue, agenda items that
//! have no report (apologies, minutes), and cancelled meetings.

use serde::{Deserialize, Deserializer};

use super::places;
use super::{AgendaItem, PartialDate};
use crate::diagnostic::Diagnostic;

/// An agenda item without a report of its own.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct AgendaEntry {
    #[serde(default)]
    pub item: Option<AgendaItem>,
    pub title: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// `cancelled: true`, or the reason as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cancelled(pub Option<String>);

impl<'de> Deserialize<'de> for Cancelled {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Flag(bool),
            Reason(String),
        }
        Ok(match Raw::deserialize(deserializer)? {
            Raw::Flag(false) => Cancelled(None),
            Raw::Flag(true) => Cancelled(Some(String::new())),
            Raw::Reason(reason) => Cancelled(Some(reason)),
        })
    }
}

/// A change to a meeting after it was announced (a new venue, a new time): each raises the
/// meeting's sequence number in calendars, so that calendars holding it take the change.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingChange {
    pub date: PartialDate,
    pub note: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingInfo {
    pub committee: String,
    pub date: PartialDate,
    #[serde(default)]
    pub time: Option<String>,
    /// When the meeting is due to end, written as `time` is.
    #[serde(default)]
    pub ends: Option<String>,
    #[serde(default)]
    pub venue: Option<String>,
    /// When the pack (the agenda and the reports with it) was published.
    #[serde(default)]
    pub published: Option<PartialDate>,
    #[serde(default)]
    pub changes: Vec<MeetingChange>,
    #[serde(default)]
    pub cancelled: Cancelled,
    #[serde(default)]
    pub items: Vec<AgendaEntry>,
    /// The line of the file this meeting starts on, for messages.
    #[serde(skip)]
    pub line: usize,
    /// `time` and `ends` as times of day, once read.
    #[serde(skip)]
    pub start: Option<jiff::civil::Time>,
    #[serde(skip)]
    pub end: Option<jiff::civil::Time>,
    /// Where `published:`'s value is, for messages.
    #[serde(skip)]
    pub published_at: (usize, usize),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingsFile {
    #[serde(default)]
    pub meetings: Vec<MeetingInfo>,
}

impl super::source::Fields for MeetingsFile {
    const WHAT: &'static str = "meetings.yaml";
    const REQUIRED: &'static [&'static str] = &[];
}

impl MeetingInfo {
    /// Gives what readers see of the meeting (its venue, notes, agenda items, the reason it
    /// was cancelled) the typography of a report's body.
    fn typeset(&mut self) {
        use super::typeset;
        let some = |text: &mut Option<String>| {
            if let Some(text) = text {
                *text = typeset(text);
            }
        };
        some(&mut self.venue);
        some(&mut self.cancelled.0);
        for change in &mut self.changes {
            change.note = typeset(&change.note);
        }
        for item in &mut self.items {
            item.title = typeset(&item.title);
            some(&mut item.note);
        }
    }
}

/// Reads `meetings.yaml`, each meeting with the line it starts on.
pub fn read(text: &str, display: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<MeetingInfo> {
    let Some(file) = super::source::parse_fields::<MeetingsFile>(text, display, 1, diagnostics)
    else {
        return Vec::new();
    };
    let tree = places::parse(text, 1).ok();
    let items = tree
        .as_ref()
        .and_then(|tree| tree.get("meetings"))
        .map(|node| node.items().to_vec())
        .unwrap_or_default();
    let mut meetings = file.meetings;
    meetings.iter_mut().for_each(MeetingInfo::typeset);
    for (meeting, node) in meetings.iter_mut().zip(&items) {
        meeting.line = node.start.line;
        let place = |key: &str| {
            node.get(key)
                .map_or((node.start.line, node.start.column), places::Node::place)
        };
        meeting.published_at = place("published");
        meeting.start = read_time(
            meeting.time.as_deref(),
            "time",
            place("time"),
            display,
            diagnostics,
        );
        meeting.end = read_time(
            meeting.ends.as_deref(),
            "ends",
            place("ends"),
            display,
            diagnostics,
        );
        if meeting.end.is_some() && meeting.start.is_none() {
            let (line, column) = place("ends");
            diagnostics.push(
                Diagnostic::error(
                    display,
                    "this meeting has a time it ends (`ends:`) but no time it starts",
                )
                .at(line, column)
                .with_hint("give the time it starts too: time: 6.00pm"),
            );
        }
        if let (Some(start), Some(end)) = (meeting.start, meeting.end)
            && end <= start
        {
            let (line, column) = place("ends");
            diagnostics.push(
                Diagnostic::error(
                    display,
                    format!(
                        "this meeting ends (`ends: {}`) before it starts (`time: {}`)",
                        meeting.ends.as_deref().unwrap_or_default(),
                        meeting.time.as_deref().unwrap_or_default()
                    ),
                )
                .at(line, column)
                .with_hint("write the end as a time of day after the start, such as 8.30pm"),
            );
        }
        let changes = node
            .get("changes")
            .map(|n| n.items().to_vec())
            .unwrap_or_default();
        for (change, change_node) in meeting.changes.iter().zip(&changes) {
            if change.date.day.is_none() {
                let (line, column) = change_node
                    .get("date")
                    .map_or(change_node.place(), places::Node::place);
                diagnostics.push(
                    Diagnostic::error(
                        display,
                        format!(
                            "a change needs the day it was made, not only the month: `{}`",
                            change.date.iso()
                        ),
                    )
                    .at(line, column)
                    .with_hint("write the day, such as 2024-10-01"),
                );
            }
        }
    }
    meetings
}

/// Reads a meeting's `time` or `ends` as a time of day; a value that is not one is an error at
/// its place.
fn read_time(
    text: Option<&str>,
    field: &str,
    (line, column): (usize, usize),
    display: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<jiff::civil::Time> {
    match crate::publishing::meeting::parse_time(text?) {
        Ok(time) => Some(time),
        Err(why) => {
            diagnostics.push(
                Diagnostic::error(display, format!("`{field}:` {why}"))
                    .at(line, column)
                    .with_hint("calendars need the time as a time of day; leave `time` out for a meeting that lasts all day"),
            );
            None
        }
    }
}
