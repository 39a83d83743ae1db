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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingInfo {
    pub committee: String,
    pub date: PartialDate,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub venue: Option<String>,
    #[serde(default)]
    pub cancelled: Cancelled,
    #[serde(default)]
    pub items: Vec<AgendaEntry>,
    /// The line of the file this meeting starts on, for messages.
    #[serde(skip)]
    pub line: usize,
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
    for (meeting, node) in meetings.iter_mut().zip(&items) {
        meeting.line = node.start.line;
    }
    meetings
}
