//! Writes the calendars, open data and CSVs of a small council into a folder, through the
//! library's writers, so that the published-file checks (`tests/clients/check_published.py`)
//! read real output with real clients:
//!
//! ```text
//! cargo run --example published_files -- DIR
//! ```
//!
//! The meetings are those of the fixture site `tests/fixtures/duties`: winter and summer
//! meetings, a cancelled one, papers published late, urgent, supplementary and exempt.

use std::path::Path;

use jiff::civil::{Date, Time, date, time};
use scrutiny::publishing::meeting::{last_changed, sequence};
use scrutiny::publishing::open_data::{self, Indexed, schema};
use scrutiny::publishing::{
    AgendaItem, DayCount, ExemptItem, Link, Meeting, MeetingDate, Paper, PublicItem,
    PublicationRule, calendar,
};

const BASE: &str = "https://scrutiny.example.gov.uk/";
const AUTHORITY: &str = "Riverside Borough Council";
const CHILDREN: (&str, &str) = ("children-select", "Children Services Select Committee");
const OVERVIEW: (&str, &str) = ("overview", "Overview and Scrutiny Committee");

/// What `meetings.yaml` says of a meeting.
struct Entry {
    committee: (&'static str, &'static str),
    day: Date,
    start: Option<Time>,
    end: Option<Time>,
    venue: &'static str,
    published: Option<Date>,
    changes: Vec<Date>,
    cancelled: Option<&'static str>,
    agenda: Vec<AgendaItem>,
}

fn business(number: &str, title: &str, note: Option<&str>) -> AgendaItem {
    AgendaItem::Public(PublicItem {
        number: Some(number.into()),
        title: title.into(),
        note: note.map(str::to_owned),
        urgency: None,
        papers: Vec::new(),
    })
}

fn report(
    folder: &str,
    number: &str,
    title: &str,
    slug: &str,
    published: Date,
    urgency: Option<&str>,
) -> AgendaItem {
    AgendaItem::Public(PublicItem {
        number: Some(number.into()),
        title: title.into(),
        note: None,
        urgency: urgency.map(str::to_owned),
        papers: vec![Paper {
            title: title.into(),
            url: format!("{BASE}riverside/{folder}/{slug}/"),
            media_type: "text/html".into(),
            published: Some(published),
            updated: None,
        }],
    })
}

fn folder(committee: &str, day: Date) -> String {
    format!("{day}-{committee}")
}

fn entries() -> Vec<Entry> {
    let children = |day| folder(CHILDREN.0, day);
    let overview = |day| folder(OVERVIEW.0, day);
    let january = date(2024, 1, 15);
    let may = date(2024, 5, 28);
    let july = date(2024, 7, 18);
    let november = date(2024, 11, 5);
    let new_year = date(2025, 1, 6);
    let admissions = AgendaItem::Public(PublicItem {
        number: Some("5".into()),
        title: "Admissions forecast".into(),
        note: None,
        urgency: None,
        papers: vec![Paper {
            title: "Admissions forecast".into(),
            url: format!("{BASE}riverside/{}/admissions-forecast/", children(january)),
            media_type: "text/html".into(),
            published: None,
            updated: None,
        }],
    });
    vec![
        Entry {
            committee: CHILDREN,
            day: january,
            start: Some(time(18, 0, 0, 0)),
            end: Some(time(20, 0, 0, 0)),
            venue: "Council Chamber, Town Hall, Riverside",
            published: Some(date(2024, 1, 5)),
            changes: Vec::new(),
            cancelled: None,
            agenda: vec![
                business("1", "Apologies for absence", None),
                business("2", "Declarations of interest", None),
                business(
                    "3",
                    "Minutes",
                    Some("To approve the minutes of the meeting held on 20 November 2023."),
                ),
                report(
                    &children(january),
                    "4",
                    "School place planning",
                    "school-place-planning",
                    date(2024, 1, 5),
                    None,
                ),
                admissions,
            ],
        },
        Entry {
            committee: CHILDREN,
            day: may,
            start: Some(time(18, 0, 0, 0)),
            end: None,
            venue: "Council Chamber, Town Hall, Riverside",
            published: Some(date(2024, 5, 17)),
            changes: Vec::new(),
            cancelled: None,
            agenda: vec![
                business("1", "Apologies for absence", None),
                report(
                    &children(may),
                    "4",
                    "The youth offer",
                    "youth-offer",
                    date(2024, 5, 20),
                    None,
                ),
            ],
        },
        Entry {
            committee: CHILDREN,
            day: july,
            start: Some(time(18, 0, 0, 0)),
            end: Some(time(20, 30, 0, 0)),
            venue: "Committee Room 2, Town Hall, Riverside",
            published: Some(date(2024, 7, 10)),
            changes: Vec::new(),
            cancelled: None,
            agenda: vec![
                business("1", "Apologies for absence", None),
                report(
                    &children(july),
                    "4",
                    "Family Safeguarding update",
                    "family-safeguarding-update",
                    date(2024, 7, 10),
                    None,
                ),
                report(
                    &children(july),
                    "5",
                    "Caseloads – supplementary information",
                    "caseload-supplement",
                    date(2024, 7, 12),
                    None,
                ),
                report(
                    &children(july),
                    "6",
                    "Budget pressures in children's services",
                    "budget-pressures",
                    date(2024, 7, 16),
                    Some(
                        "The grant settlement arrived on 15 July and the committee's view is \
                         needed before the Cabinet meets on 24 July.",
                    ),
                ),
                business(
                    "7",
                    "Exclusion of the press and public",
                    Some("To resolve that the press and public be excluded for item 8."),
                ),
                AgendaItem::Exempt(ExemptItem {
                    number: Some("8".into()),
                    title: "Residential placements contract".into(),
                    paragraph: 3,
                    public_interest: Some(
                        "Publishing the tendered prices before the contract is let would weaken \
                         the council's position in the retender, which outweighs the public \
                         interest in seeing them now."
                            .into(),
                    ),
                }),
            ],
        },
        Entry {
            committee: OVERVIEW,
            day: date(2024, 10, 14),
            start: Some(time(10, 0, 0, 0)),
            end: None,
            venue: "Council Chamber, Town Hall, Riverside",
            published: None,
            changes: vec![date(2024, 10, 1)],
            cancelled: Some(
                "The meeting was cancelled because its business was not ready; it moves to 5 \
                 November.",
            ),
            agenda: Vec::new(),
        },
        Entry {
            committee: OVERVIEW,
            day: november,
            start: Some(time(10, 0, 0, 0)),
            end: Some(time(12, 30, 0, 0)),
            venue: "Council Chamber, Town Hall, Riverside",
            published: Some(date(2024, 10, 28)),
            changes: Vec::new(),
            cancelled: None,
            agenda: vec![
                business("1", "Apologies for absence", None),
                report(
                    &overview(november),
                    "4",
                    "Accepting the family hubs grant",
                    "grant-acceptance",
                    date(2024, 10, 31),
                    Some(
                        "The grant conditions arrived on 30 October and must be accepted before \
                         8 November.",
                    ),
                ),
            ],
        },
        Entry {
            committee: OVERVIEW,
            day: new_year,
            start: None,
            end: None,
            venue: "Online, by video link",
            published: Some(date(2024, 12, 20)),
            changes: Vec::new(),
            cancelled: None,
            agenda: vec![report(
                &overview(new_year),
                "1",
                "Winter pressures",
                "winter-pressures",
                date(2024, 12, 20),
                None,
            )],
        },
    ]
}

fn meeting(entry: Entry) -> Meeting {
    let folder = folder(entry.committee.0, entry.day);
    let url = format!("{BASE}riverside/{folder}/");
    let paper_dates = entry.agenda.iter().flat_map(|item| match item {
        AgendaItem::Public(item) => item
            .papers
            .iter()
            .flat_map(|p| [p.published, p.updated])
            .flatten()
            .collect::<Vec<_>>(),
        AgendaItem::Exempt(_) => Vec::new(),
    });
    let dates: Vec<Date> = paper_dates
        .chain(entry.published)
        .chain(entry.changes.iter().copied())
        .collect();
    let day = MeetingDate::Day(entry.day);
    Meeting {
        name: format!("{}, {}", entry.committee.1, entry.day.strftime("%-d %B %Y")),
        authority: AUTHORITY.into(),
        committee: entry.committee.1.into(),
        date: day,
        start: entry.start,
        end: entry.end,
        venue: Some(entry.venue.into()),
        cancelled: entry.cancelled.map(str::to_owned),
        sequence: sequence(entry.changes.len(), entry.cancelled.is_some()),
        last_changed: last_changed(day, dates),
        description: Some(format!("The agenda and reports: {url}")),
        published: entry.published,
        agenda: entry.agenda,
        links: vec![
            Link {
                note: "Print view".into(),
                url: format!("{url}print.html"),
            },
            Link {
                note: "Calendar".into(),
                url: format!("{url}meeting.ics"),
            },
            Link {
                note: "Open data".into(),
                url: format!("{url}meeting.json"),
            },
        ],
        url,
    }
}

fn write(root: &Path, path: &str, text: &str) -> std::io::Result<()> {
    let file = root.join(path);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(file, text)
}

fn main() -> std::io::Result<()> {
    let Some(root) = std::env::args_os().nth(1) else {
        eprintln!("usage: published_files DIR");
        std::process::exit(2);
    };
    let root = Path::new(&root);
    let meetings: Vec<Meeting> = entries().into_iter().map(meeting).collect();
    let rule = PublicationRule {
        clear_days: 5,
        count: DayCount::Working,
        closures: vec![date(2024, 12, 27), date(2024, 12, 30), date(2024, 12, 31)],
    };
    let meeting_schema = format!("{BASE}schemas/meeting.schema.json");
    let index_schema = format!("{BASE}schemas/meetings.schema.json");
    write(
        root,
        "schemas/meeting.schema.json",
        &schema::to_text(&schema::event(&meeting_schema)),
    )?;
    write(
        root,
        "schemas/meetings.schema.json",
        &schema::to_text(&schema::index(&index_schema)),
    )?;
    for meeting in &meetings {
        let folder = meeting.url.trim_start_matches(BASE);
        let name = format!("{}, {AUTHORITY}", meeting.name);
        if let Some(ics) = calendar::calendar(&name, [meeting]) {
            write(root, &format!("{folder}meeting.ics"), &ics)?;
        }
        write(
            root,
            &format!("{folder}meeting.json"),
            &open_data::event_json(meeting),
        )?;
    }
    for (id, name) in [CHILDREN, OVERVIEW] {
        let theirs = meetings.iter().filter(|m| m.committee == name);
        if let Some(ics) = calendar::calendar(&format!("{name}, {AUTHORITY}"), theirs) {
            write(
                root,
                &format!("riverside/committees/{id}/meetings.ics"),
                &ics,
            )?;
        }
    }
    if let Some(ics) = calendar::calendar(AUTHORITY, &meetings) {
        write(root, "riverside/meetings.ics", &ics)?;
    }
    let index = open_data::index(
        AUTHORITY,
        &format!("{BASE}riverside/"),
        meetings.iter().map(|meeting| Indexed {
            meeting,
            data_url: format!("{}meeting.json", meeting.url),
            calendar_url: meeting
                .date
                .day()
                .map(|_| format!("{}meeting.ics", meeting.url)),
        }),
    );
    write(
        root,
        "riverside/meetings.json",
        &open_data::index_json(&index),
    )?;
    write(
        root,
        "riverside/meetings.csv",
        &open_data::csv::meetings(&meetings),
    )?;
    write(
        root,
        "riverside/papers.csv",
        &open_data::csv::papers(&meetings, &rule),
    )?;
    println!(
        "wrote the published files of {} meetings into {}",
        meetings.len(),
        root.display()
    );
    Ok(())
}
