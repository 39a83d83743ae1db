use jiff::civil::{date, time};
use serde_json::Value;

use super::*;
use crate::publishing::clear_days::PublicationRule;
use crate::publishing::meeting::{ExemptItem, Link, Paper, PublicItem};

const PACK: &str = "https://scrutiny.example.gov.uk/dudley/2024-07-18-children-select/";

fn paper(title: &str, slug: &str, published: jiff::civil::Date) -> Paper {
    Paper {
        title: title.into(),
        url: format!("{PACK}{slug}/"),
        media_type: "text/html".into(),
        published: Some(published),
        updated: None,
    }
}

/// A summer meeting with business, a report, a late urgent report, a supplementary paper and
/// an exempt item.
pub(crate) fn summer_meeting() -> Meeting {
    Meeting {
        url: PACK.into(),
        name: "Children Services Select Committee, 18 July 2024".into(),
        authority: "Dudley Metropolitan Borough Council".into(),
        committee: "Children Services Select Committee".into(),
        date: MeetingDate::Day(date(2024, 7, 18)),
        start: Some(time(18, 0, 0, 0)),
        end: Some(time(20, 0, 0, 0)),
        venue: Some("Council House, Priory Road, Dudley".into()),
        cancelled: None,
        sequence: 0,
        last_changed: date(2024, 7, 16),
        description: None,
        published: Some(date(2024, 7, 10)),
        agenda: vec![
            AgendaItem::Public(PublicItem {
                number: Some("1".into()),
                title: "Apologies for absence".into(),
                note: None,
                urgency: None,
                papers: Vec::new(),
            }),
            AgendaItem::Public(PublicItem {
                number: Some("5".into()),
                title: "Family Safeguarding update".into(),
                note: None,
                urgency: None,
                papers: vec![
                    paper("Family Safeguarding update", "family-safeguarding-update", date(2024, 7, 10)),
                    Paper {
                        title: "Appendix 1 – Caseloads".into(),
                        url: format!("{PACK}family-safeguarding-update/appendix-1.pdf"),
                        media_type: "application/pdf".into(),
                        published: Some(date(2024, 7, 12)),
                        updated: None,
                    },
                ],
            }),
            AgendaItem::Public(PublicItem {
                number: Some("6".into()),
                title: "=Budget \"pressures\", 2024".into(),
                note: Some("A late report.".into()),
                urgency: Some("The grant decision arrived on 15 July and must be answered by 31 July.".into()),
                papers: vec![paper("=Budget \"pressures\", 2024", "budget-pressures", date(2024, 7, 16))],
            }),
            AgendaItem::Exempt(ExemptItem {
                number: Some("8".into()),
                title: "Residential placement contract".into(),
                paragraph: 3,
                public_interest: Some("Publishing the tendered prices would harm the council's position in the retender.".into()),
            }),
        ],
        links: vec![Link {
            note: "Print view".into(),
            url: format!("{PACK}print.html"),
        }],
    }
}

fn json(meeting: &Meeting) -> Value {
    serde_json::from_str(&event_json(meeting)).unwrap()
}

#[test]
fn the_event_has_the_open_civic_data_fields_in_a_fixed_order() {
    let text = event_json(&summer_meeting());
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \"") && !l.starts_with("   "))
        .map(|l| l.trim().split('"').nth(1).unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "description",
            "classification",
            "start_date",
            "end_date",
            "all_day",
            "status",
            "location",
            "participants",
            "agenda",
            "documents",
            "media",
            "links",
            "sources",
            "extras"
        ]
    );
    let event = json(&summer_meeting());
    assert_eq!(event["start_date"], "2024-07-18T18:00:00+01:00");
    assert_eq!(event["end_date"], "2024-07-18T20:00:00+01:00");
    assert_eq!(event["all_day"], false);
    assert_eq!(event["status"], "confirmed");
    assert_eq!(event["classification"], "committee-meeting");
    assert_eq!(
        event["location"]["name"],
        "Council House, Priory Road, Dudley"
    );
    assert_eq!(
        event["participants"][0]["name"],
        "Children Services Select Committee"
    );
    assert_eq!(event["sources"][0]["url"], PACK);
    assert_eq!(
        event_json(&summer_meeting()),
        text,
        "the same bytes each time"
    );
}

#[test]
fn agenda_items_come_in_order_with_their_documents() {
    let event = json(&summer_meeting());
    let agenda = event["agenda"].as_array().unwrap();
    let orders: Vec<&str> = agenda
        .iter()
        .map(|i| i["order"].as_str().unwrap())
        .collect();
    assert_eq!(orders, ["1", "5", "6", "8"]);
    let report = &agenda[1];
    assert_eq!(
        report["extras"]["documents"][0]["links"][0]["media_type"],
        "text/html"
    );
    assert_eq!(
        report["extras"]["documents"][1]["links"][0]["media_type"],
        "application/pdf"
    );
    // The appendix came after the pack: the item is supplementary.
    assert_eq!(
        report["classification"],
        serde_json::json!(["supplementary"])
    );
    let urgent = &agenda[2];
    assert_eq!(
        urgent["classification"],
        serde_json::json!(["urgent", "supplementary"])
    );
    assert!(
        urgent["notes"][1]
            .as_str()
            .unwrap()
            .contains("section 100B(4)(b)")
    );
    let documents = event["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 3);
    assert_eq!(documents[0]["date"], "2024-07-10");
}

#[test]
fn an_exempt_item_appears_by_title_and_paragraph_only() {
    let event = json(&summer_meeting());
    let exempt = &event["agenda"][3];
    assert_eq!(exempt["description"], "Residential placement contract");
    assert_eq!(exempt["classification"], serde_json::json!(["exempt"]));
    assert_eq!(exempt["extras"]["schedule_12a"]["paragraph"], 3);
    assert!(
        exempt["extras"]["schedule_12a"]["description"]
            .as_str()
            .unwrap()
            .starts_with("Information relating to the financial or business affairs")
    );
    assert!(
        exempt["extras"]["schedule_12a"]["public_interest"]
            .as_str()
            .unwrap()
            .contains("retender")
    );
    assert_eq!(exempt["extras"]["documents"], serde_json::json!([]));
    assert_eq!(exempt["media"], serde_json::json!([]));
}

#[test]
fn a_cancelled_meeting_without_a_time_is_an_all_day_cancelled_event() {
    let mut meeting = summer_meeting();
    meeting.start = None;
    meeting.end = None;
    meeting.venue = None;
    meeting.cancelled = Some("The chair is unwell.".into());
    let event = json(&meeting);
    assert_eq!(event["status"], "cancelled");
    assert_eq!(event["start_date"], "2024-07-18");
    assert_eq!(event["end_date"], "");
    assert_eq!(event["all_day"], true);
    assert_eq!(event["location"], Value::Null);
    assert_eq!(
        event["extras"]["cancellation_reason"],
        "The chair is unwell."
    );
    meeting.date = MeetingDate::Month {
        year: 2022,
        month: 3,
    };
    assert_eq!(json(&meeting)["start_date"], "2022-03");
}

#[test]
fn the_index_lists_meetings_in_date_order() {
    let summer = summer_meeting();
    let mut winter = summer_meeting();
    winter.url = "https://scrutiny.example.gov.uk/dudley/2024-01-15-children-select/".into();
    winter.date = MeetingDate::Day(date(2024, 1, 15));
    let entry = |meeting| Indexed {
        meeting,
        data_url: "https://scrutiny.example.gov.uk/x/meeting.json".into(),
        calendar_url: None,
    };
    let index = index(
        "Dudley Metropolitan Borough Council",
        "https://scrutiny.example.gov.uk/dudley/",
        [entry(&summer), entry(&winter)],
    );
    let text = index_json(&index);
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value["meetings"][0]["start_date"],
        "2024-01-15T18:00:00+00:00"
    );
    assert_eq!(
        value["meetings"][1]["start_date"],
        "2024-07-18T18:00:00+01:00"
    );
}

#[test]
fn the_schemas_are_draft_2020_12_and_name_every_field_the_event_has() {
    let schema = schema::event("https://scrutiny.example.gov.uk/schemas/meeting.schema.json");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let event = json(&summer_meeting());
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let keys: Vec<&str> = event
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = required.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, keys);
    for key in keys {
        assert!(schema["properties"].get(key).is_some(), "{key}");
    }
    let index = schema::index("https://scrutiny.example.gov.uk/schemas/meetings.schema.json");
    assert_eq!(
        index["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

#[test]
fn the_papers_csv_counts_clear_days_and_withholds_exempt_papers() {
    let meeting = summer_meeting();
    let text = csv::papers([&meeting], &PublicationRule::default());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], csv::PAPER_COLUMNS.join(","));
    assert_eq!(lines.len(), 5, "{text}");
    // Published Wednesday 10 July for Thursday 18 July: 11, 12, 15, 16, 17.
    assert!(lines[1].contains(",2024-07-10,,5,no,"), "{}", lines[1]);
    // The urgent paper, published Tuesday 16 July: one clear day. Its title starts with `=`,
    // so the cell is written as text.
    assert!(
        lines[3].contains("\"'=Budget \"\"pressures\"\", 2024\""),
        "{}",
        lines[3]
    );
    assert!(lines[3].contains(",2024-07-16,,1,yes,"), "{}", lines[3]);
    // The exempt item: title, paragraph, description and reason; no address.
    assert!(lines[4].contains("Residential placement contract"));
    assert!(lines[4].contains(",3,Information relating to the financial"));
    assert!(lines[4].ends_with(","), "{}", lines[4]);
}

#[test]
fn the_meetings_csv_has_a_row_a_meeting_in_uk_time() {
    let summer = summer_meeting();
    let text = csv::meetings([&summer]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], csv::MEETING_COLUMNS.join(","));
    assert!(
        lines[1].starts_with(
            "Dudley Metropolitan Borough Council,Children Services Select Committee,2024-07-18,18:00,20:00,\"Council House, Priory Road, Dudley\",confirmed,,2024-07-10,4,3,"
        ),
        "{}",
        lines[1]
    );
}
