//! Open data: a JSON document per meeting in the Open Civic Data Event shape, an index of a
//! council's meetings, the JSON Schemas they follow ([`schema`]), and CSVs of meetings and
//! papers ([`csv`]).
//!
//! The event follows Open Civic Data's Event (its `name`, `start_date`, `end_date`, `all_day`,
//! `status`, `classification`, `location`, `participants`, `agenda`, `documents`, `media`,
//! `links`, `sources`, `extras`), with what a council's agenda adds kept in `extras`: the
//! Schedule 12A paragraph of an exempt item, an urgent item's reason, a supplementary paper.
//! `id` is the meeting page's address (Open Civic Data's own `ocd-event/…` ids are given by
//! its database, which this site is not). `status` is `confirmed` or `cancelled`, never
//! `passed`, which would depend on the day of the build. Keys are written in a fixed order.

pub mod csv;
pub mod schema;

use serde::Serialize;

use super::meeting::{AgendaItem, ExemptItem, Meeting, MeetingDate, Paper, PublicItem};
use super::schedule_12a;

/// The `classification` of every meeting.
pub const CLASSIFICATION: &str = "committee-meeting";

/// A meeting as an Open Civic Data Event.
#[derive(Debug, Serialize)]
pub struct Event {
    pub id: String,
    pub name: String,
    pub description: String,
    pub classification: &'static str,
    pub start_date: String,
    pub end_date: String,
    pub all_day: bool,
    pub status: &'static str,
    pub location: Option<Location>,
    pub participants: Vec<Participant>,
    pub agenda: Vec<EventAgendaItem>,
    pub documents: Vec<Document>,
    pub media: Vec<Document>,
    pub links: Vec<EventLink>,
    pub sources: Vec<EventLink>,
    pub extras: EventExtras,
}

#[derive(Debug, Serialize)]
pub struct Location {
    pub name: String,
    pub note: String,
    pub url: Option<String>,
    pub coordinates: Option<()>,
}

#[derive(Debug, Serialize)]
pub struct Participant {
    pub name: String,
    pub entity_type: &'static str,
    pub note: &'static str,
}

#[derive(Debug, Serialize)]
pub struct EventAgendaItem {
    pub description: String,
    pub classification: Vec<&'static str>,
    pub order: String,
    pub subjects: Vec<String>,
    pub notes: Vec<String>,
    pub related_entities: Vec<()>,
    pub media: Vec<Document>,
    pub extras: ItemExtras,
}

/// A document as Open Civic Data gives one: a note, a date, and links by media type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub note: String,
    pub date: String,
    pub links: Vec<MediaLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaLink {
    pub media_type: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct EventLink {
    pub note: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct EventExtras {
    pub authority: String,
    pub committee: String,
    /// When the agenda and reports were published.
    pub published: Option<String>,
    /// Why the meeting was cancelled, when it was and a reason is given.
    pub cancellation_reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ItemExtras {
    /// The item's papers, which also appear in the event's `documents`.
    pub documents: Vec<Document>,
    /// The chair's reason for taking the item as urgent.
    pub urgency: Option<String>,
    /// Whether a paper of the item was published after the agenda.
    pub supplementary: bool,
    /// For an exempt item: its paragraph of Schedule 12A.
    pub schedule_12a: Option<Exemption>,
}

#[derive(Debug, Serialize)]
pub struct Exemption {
    pub paragraph: u8,
    pub description: String,
    pub public_interest: Option<String>,
}

/// The meeting's Open Civic Data Event.
pub fn event(meeting: &Meeting) -> Event {
    let agenda: Vec<EventAgendaItem> = meeting
        .agenda
        .iter()
        .map(|item| agenda_item(meeting, item))
        .collect();
    let mut documents: Vec<Document> = Vec::new();
    for item in &agenda {
        for document in &item.extras.documents {
            if !documents.iter().any(|d| d.links == document.links) {
                documents.push(document.clone());
            }
        }
    }
    let (start_date, end_date, all_day) = when(meeting);
    Event {
        id: meeting.url.clone(),
        name: meeting.name.clone(),
        description: meeting.description.clone().unwrap_or_default(),
        classification: CLASSIFICATION,
        start_date,
        end_date,
        all_day,
        status: if meeting.is_cancelled() {
            "cancelled"
        } else {
            "confirmed"
        },
        location: meeting
            .venue
            .as_ref()
            .filter(|v| !v.trim().is_empty())
            .map(|venue| Location {
                name: venue.clone(),
                note: String::new(),
                url: None,
                coordinates: None,
            }),
        participants: vec![Participant {
            name: meeting.committee.clone(),
            entity_type: "organization",
            note: "host",
        }],
        agenda,
        documents,
        media: Vec::new(),
        links: meeting
            .links
            .iter()
            .map(|link| EventLink {
                note: link.note.clone(),
                url: link.url.clone(),
            })
            .collect(),
        sources: vec![EventLink {
            note: "The meeting's page".into(),
            url: meeting.url.clone(),
        }],
        extras: EventExtras {
            authority: meeting.authority.clone(),
            committee: meeting.committee.clone(),
            published: meeting.published.map(|d| d.to_string()),
            cancellation_reason: meeting.cancelled.clone().filter(|r| !r.trim().is_empty()),
        },
    }
}

/// The event as the file the site publishes: pretty-printed JSON and a final line break.
pub fn event_json(meeting: &Meeting) -> String {
    to_json(&event(meeting))
}

/// `start_date`, `end_date` and `all_day`: UK time with its offset
/// (`2024-07-18T18:00:00+01:00`) when the time is known; the day (`2024-07-18`) or month
/// (`2022-03`) and `all_day` otherwise.
fn when(meeting: &Meeting) -> (String, String, bool) {
    match meeting.starts() {
        Some(starts) => {
            let end = meeting.ends().map(|e| rfc3339(&e)).unwrap_or_default();
            (rfc3339(&starts), end, false)
        }
        None => (meeting.date.iso(), String::new(), true),
    }
}

fn rfc3339(moment: &jiff::Zoned) -> String {
    moment.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn agenda_item(meeting: &Meeting, item: &AgendaItem) -> EventAgendaItem {
    match item {
        AgendaItem::Public(item) => public_item(meeting, item),
        AgendaItem::Exempt(item) => exempt_item(item),
    }
}

fn public_item(meeting: &Meeting, item: &PublicItem) -> EventAgendaItem {
    let documents: Vec<Document> = item.papers.iter().map(document).collect();
    let supplementary = item.papers.iter().any(|p| meeting.is_supplementary(p));
    let urgency = item.urgency.clone().filter(|u| !u.trim().is_empty());
    let mut classification = Vec::new();
    let mut notes: Vec<String> = item.note.iter().cloned().collect();
    if let Some(reason) = &urgency {
        classification.push("urgent");
        notes.push(format!(
            "Taken as urgent under section 100B(4)(b) of the Local Government Act 1972: {reason}"
        ));
    }
    if supplementary {
        classification.push("supplementary");
    }
    EventAgendaItem {
        description: item.title.clone(),
        classification,
        order: item.number.clone().unwrap_or_default(),
        subjects: Vec::new(),
        notes,
        related_entities: Vec::new(),
        media: Vec::new(),
        extras: ItemExtras {
            documents,
            urgency,
            supplementary,
            schedule_12a: None,
        },
    }
}

/// An exempt item: its title, paragraph, the paragraph's description and the public-interest
/// reason. It has no papers to give.
fn exempt_item(item: &ExemptItem) -> EventAgendaItem {
    let description = schedule_12a::description(item.paragraph)
        .unwrap_or_default()
        .to_owned();
    let public_interest = item
        .public_interest
        .clone()
        .filter(|p| !p.trim().is_empty());
    let mut notes = vec![format!(
        "Exempt under {}: {description}",
        schedule_12a::citation(item.paragraph)
    )];
    if let Some(reason) = &public_interest {
        notes.push(format!("The public interest: {reason}"));
    }
    EventAgendaItem {
        description: item.title.clone(),
        classification: vec!["exempt"],
        order: item.number.clone().unwrap_or_default(),
        subjects: Vec::new(),
        notes,
        related_entities: Vec::new(),
        media: Vec::new(),
        extras: ItemExtras {
            documents: Vec::new(),
            urgency: None,
            supplementary: false,
            schedule_12a: Some(Exemption {
                paragraph: item.paragraph,
                description,
                public_interest,
            }),
        },
    }
}

fn document(paper: &Paper) -> Document {
    Document {
        note: paper.title.clone(),
        date: paper.published.map(|d| d.to_string()).unwrap_or_default(),
        links: vec![MediaLink {
            media_type: paper.media_type.clone(),
            url: paper.url.clone(),
        }],
    }
}

/// A council's meetings, for the index.
#[derive(Debug, Serialize)]
pub struct MeetingIndex {
    pub authority: String,
    pub url: String,
    pub meetings: Vec<IndexEntry>,
}

#[derive(Debug, Serialize)]
pub struct IndexEntry {
    pub id: String,
    pub name: String,
    pub committee: String,
    pub start_date: String,
    pub all_day: bool,
    pub status: &'static str,
    /// The meeting's Open Civic Data Event.
    pub data: String,
    /// The meeting's calendar, when it has a day.
    pub calendar: Option<String>,
}

/// What the index says of one meeting, with the addresses of its event and calendar files.
pub struct Indexed<'a> {
    pub meeting: &'a Meeting,
    pub data_url: String,
    pub calendar_url: Option<String>,
}

/// The index of a council's meetings (named `authority`, its page at `url`), in date order,
/// then by committee, whatever the order given.
pub fn index<'a>(
    authority: &str,
    url: &str,
    meetings: impl IntoIterator<Item = Indexed<'a>>,
) -> MeetingIndex {
    let mut entries: Vec<(MeetingDate, IndexEntry)> = meetings
        .into_iter()
        .map(|indexed| {
            let meeting = indexed.meeting;
            let (start_date, _, all_day) = when(meeting);
            let entry = IndexEntry {
                id: meeting.url.clone(),
                name: meeting.name.clone(),
                committee: meeting.committee.clone(),
                start_date,
                all_day,
                status: if meeting.is_cancelled() {
                    "cancelled"
                } else {
                    "confirmed"
                },
                data: indexed.data_url,
                calendar: indexed.calendar_url,
            };
            (meeting.date, entry)
        })
        .collect();
    entries.sort_by(|(a_date, a), (b_date, b)| {
        (a_date, &a.start_date, &a.committee, &a.id).cmp(&(
            b_date,
            &b.start_date,
            &b.committee,
            &b.id,
        ))
    });
    MeetingIndex {
        authority: authority.to_owned(),
        url: url.to_owned(),
        meetings: entries.into_iter().map(|(_, entry)| entry).collect(),
    }
}

/// The index as the file the site publishes.
pub fn index_json(index: &MeetingIndex) -> String {
    to_json(index)
}

fn to_json(value: &impl Serialize) -> String {
    // The structures here are plain strings, numbers, options and lists, which serde_json
    // always serialises.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
pub(crate) mod tests;
