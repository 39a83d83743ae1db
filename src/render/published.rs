//! The files a council's publishing duties ask for beside the pages: each meeting's calendar
//! entry and open data, each committee's and council's calendar and feed, the council's index
//! of meetings and its CSVs of meetings and papers, and the JSON Schemas the data follows.
//!
//! They are made from the plan, the same list of meetings the pages are, and only from what a
//! public page shows: an exempt report becomes an exempt item (title, paragraph, public-interest
//! reason) whatever the audience, and a draft is left out of them even in a preview.

use jiff::civil::Date;

use super::listings::{self, Listed};
use super::plan::{AgendaRow, MeetingPlan, Plan, PlannedReport};
use crate::content::duties::day;
use crate::content::{Authority, Committee, Site, Status, canonical_path};
use crate::output::OutputFile;
use crate::publishing::meeting::{last_changed, sequence};
use crate::publishing::open_data::{self, Indexed, schema};
use crate::publishing::{
    AgendaItem, ExemptItem, Link, Meeting, MeetingDate, Paper, PublicItem, calendar,
};

/// A meeting's calendar file, below its folder.
pub const MEETING_CALENDAR: &str = "meeting.ics";
/// A meeting's open data, below its folder.
pub const MEETING_DATA: &str = "meeting.json";

/// A feed's file, below its folder.
pub const FEED: &str = "feed.xml";
/// A council's or committee's calendar of meetings, below its folder.
pub const CALENDAR: &str = "meetings.ics";
/// A council's index of meetings as open data, below its folder.
pub const MEETINGS_DATA: &str = "meetings.json";
/// A council's meetings as a spreadsheet, below its folder.
pub const MEETINGS_CSV: &str = "meetings.csv";
/// A council's papers as a spreadsheet, below its folder.
pub const PAPERS_CSV: &str = "papers.csv";

/// The folder of a committee's calendar and feed: `dudley/committees/children-select/`.
pub fn committee_folder(authority: &Authority, committee: &Committee) -> String {
    format!("{}/committees/{}/", authority.slug, committee.id)
}

/// The folder of a council's calendar, feed, open data and CSVs: `dudley/`.
pub fn council_folder(authority: &Authority) -> String {
    format!("{}/", authority.slug)
}

/// Whether `plan` has a calendar entry: a meeting on a known day.
pub fn has_calendar(plan: &MeetingPlan<'_>) -> bool {
    day(plan.date).is_some()
}

/// Every file of the duties, in a fixed order: the schemas, then each council's files.
pub fn files(site: &Site, plan: &Plan<'_>) -> Vec<OutputFile> {
    let mut files = schema_files(site);
    for index in 0..site.authorities.len() {
        files.extend(authority_files(site, plan, index));
    }
    files
}

/// The JSON Schemas the open data follows.
pub fn schema_files(site: &Site) -> Vec<OutputFile> {
    let base = site.config.base_url();
    vec![
        file(
            "schemas/meeting.schema.json".into(),
            schema::to_text(&schema::event(&format!(
                "{base}schemas/meeting.schema.json"
            ))),
        ),
        file(
            "schemas/meetings.schema.json".into(),
            schema::to_text(&schema::index(&format!(
                "{base}schemas/meetings.schema.json"
            ))),
        ),
    ]
}

/// The files of the duties of the council at `index` of the site, from its own meetings
/// and reports only (and the site's settings): none if it has no meetings.
pub fn authority_files(site: &Site, plan: &Plan<'_>, index: usize) -> Vec<OutputFile> {
    let mut files = Vec::new();
    let plans: Vec<&MeetingPlan<'_>> = plan.meetings_of(index).iter().collect();
    if plans.is_empty() {
        return files;
    }
    let authority = &site.authorities[index];
    let meetings: Vec<Meeting> = plans.iter().map(|m| meeting(site, m)).collect();
    meeting_files(authority, &plans, &meetings, &mut files);
    committee_files(site, authority, (&plans, &meetings), &mut files);
    council_files(site, authority, (&plans, &meetings), &mut files);
    files
}

/// Each meeting's calendar entry (when it has a day) and open data.
fn meeting_files(
    authority: &Authority,
    plans: &[&MeetingPlan<'_>],
    meetings: &[Meeting],
    files: &mut Vec<OutputFile>,
) {
    for (plan, meeting) in plans.iter().zip(meetings) {
        let folder = &plan.address.folder;
        let name = format!("{}, {}", meeting.name, authority.meta.name);
        if let Some(text) = calendar::calendar(&name, [meeting]) {
            files.push(file(format!("{folder}{MEETING_CALENDAR}"), text));
        }
        files.push(file(
            format!("{folder}{MEETING_DATA}"),
            open_data::event_json(meeting),
        ));
    }
}

/// Each committee's calendar and feed, for the committees that have meetings.
fn committee_files(
    site: &Site,
    authority: &Authority,
    (plans, meetings): (&[&MeetingPlan<'_>], &[Meeting]),
    files: &mut Vec<OutputFile>,
) {
    for committee in &authority.meta.committees {
        let theirs: Vec<usize> = (0..plans.len())
            .filter(|&i| plans[i].committee.id == committee.id)
            .collect();
        if theirs.is_empty() {
            continue;
        }
        let folder = committee_folder(authority, committee);
        let name = format!("{}, {}", committee.name, authority.meta.name);
        if let Some(text) = calendar::calendar(&name, theirs.iter().map(|&i| &meetings[i])) {
            files.push(file(format!("{folder}{CALENDAR}"), text));
        }
        files.push(file(
            format!("{folder}{FEED}"),
            feed(site, &name, &folder, theirs.iter().map(|&i| plans[i])),
        ));
    }
}

/// The council's calendar, index of meetings, CSVs of meetings and papers, and feed.
fn council_files(
    site: &Site,
    authority: &Authority,
    (plans, meetings): (&[&MeetingPlan<'_>], &[Meeting]),
    files: &mut Vec<OutputFile>,
) {
    let folder = council_folder(authority);
    if let Some(text) = calendar::calendar(&authority.meta.name, meetings) {
        files.push(file(format!("{folder}{CALENDAR}"), text));
    }
    let index = open_data::index(
        &authority.meta.name,
        &format!("{}{folder}", site.config.base_url()),
        meetings.iter().map(|meeting| Indexed {
            meeting,
            data_url: format!("{}{MEETING_DATA}", meeting.url),
            calendar_url: meeting
                .date
                .day()
                .map(|_| format!("{}{MEETING_CALENDAR}", meeting.url)),
        }),
    );
    files.push(file(
        format!("{folder}{MEETINGS_DATA}"),
        open_data::index_json(&index),
    ));
    files.push(file(
        format!("{folder}{MEETINGS_CSV}"),
        open_data::csv::meetings(meetings),
    ));
    files.push(file(
        format!("{folder}{PAPERS_CSV}"),
        open_data::csv::papers(meetings, &site.config.publication_rule),
    ));
    files.push(file(
        format!("{folder}{FEED}"),
        feed(site, &authority.meta.name, &folder, plans.iter().copied()),
    ));
}

fn file(path: String, text: String) -> OutputFile {
    OutputFile {
        path,
        bytes: text.into_bytes(),
    }
}

/// An Atom feed of the public reports of `meetings`, newest first, titled `title`, written at
/// `folder` (`dudley/` for a council's) and linked to that folder's page.
fn feed<'a>(
    site: &Site,
    title: &str,
    folder: &str,
    meetings: impl Iterator<Item = &'a MeetingPlan<'a>>,
) -> String {
    let reports: Vec<Listed> = meetings
        .flat_map(|meeting| {
            meeting
                .public_reports()
                .map(|planned| listings::listed(&site.config, meeting, planned))
        })
        .collect();
    let mut feed = listings::feed(&site.config, reports.iter());
    feed.title = title.to_owned();
    feed.address = format!("{}{folder}", site.config.base_url());
    crate::output::feed::feed(&feed)
}

/// The meeting as the calendars and open data describe it.
pub fn meeting(site: &Site, plan: &MeetingPlan<'_>) -> Meeting {
    let base = site.config.base_url();
    let url = format!("{base}{}", plan.address.folder);
    let info = plan.info;
    let pack = info.and_then(|i| i.published).and_then(day);
    let cancelled = info.and_then(|i| i.cancelled.0.clone());
    let agenda = agenda(plan, &base, pack);
    let date = match day(plan.date) {
        Some(day) => MeetingDate::Day(day),
        None => MeetingDate::Month {
            year: plan.date.year,
            month: plan.date.month,
        },
    };
    let changes: Vec<Date> = info
        .map(|i| i.changes.iter().filter_map(|c| day(c.date)).collect())
        .unwrap_or_default();
    let paper_dates = agenda.iter().flat_map(|item| match item {
        AgendaItem::Public(item) => item
            .papers
            .iter()
            .flat_map(|p| [p.published, p.updated])
            .flatten()
            .collect::<Vec<_>>(),
        AgendaItem::Exempt(_) => Vec::new(),
    });
    let dates: Vec<Date> = paper_dates
        .chain(pack)
        .chain(changes.iter().copied())
        .collect();
    let mut links = vec![Link {
        note: "Print view".into(),
        url: format!("{url}print.html"),
    }];
    if date.day().is_some() {
        links.push(Link {
            note: "Calendar".into(),
            url: format!("{url}{MEETING_CALENDAR}"),
        });
    }
    links.push(Link {
        note: "Open data".into(),
        url: format!("{url}{MEETING_DATA}"),
    });
    Meeting {
        name: plan.title(),
        authority: plan.authority.meta.name.clone(),
        committee: plan.committee.name.clone(),
        date,
        start: info.and_then(|i| i.start),
        end: info.and_then(|i| i.end),
        venue: info.and_then(|i| i.venue.clone()),
        sequence: sequence(changes.len(), cancelled.is_some()),
        cancelled,
        last_changed: last_changed(date, dates),
        description: Some(format!("The agenda and reports: {url}")),
        published: pack,
        agenda,
        links,
        url,
    }
}

/// The agenda in the plan's agenda order, as the pack page lists it; drafts left out.
fn agenda(plan: &MeetingPlan<'_>, base: &str, pack: Option<Date>) -> Vec<AgendaItem> {
    plan.agenda()
        .into_iter()
        .filter_map(|row| match row {
            AgendaRow::Item(entry) => Some(AgendaItem::Public(PublicItem {
                number: entry.item.as_ref().map(|i| i.0.clone()),
                title: entry.title.clone(),
                note: entry.note.clone(),
                urgency: None,
                papers: Vec::new(),
            })),
            AgendaRow::Report(planned) if planned.report.is_draft() => None,
            AgendaRow::Report(planned) => Some(item(planned, base, pack)),
        })
        .collect()
}

/// A report as an agenda item: an exempt one by its title, paragraph and public-interest
/// reason only.
fn item(planned: &PlannedReport<'_>, base: &str, pack: Option<Date>) -> AgendaItem {
    let report = planned.report;
    let number = report.front.item.as_ref().map(|i| i.0.clone());
    if let Some(paragraph) = report.front.exempt.0 {
        return AgendaItem::Exempt(ExemptItem {
            number,
            title: report.front.title.clone(),
            paragraph,
            public_interest: report.front.public_interest.clone(),
        });
    }
    let withdrawn = report.front.status == Status::Withdrawn;
    AgendaItem::Public(PublicItem {
        number,
        title: report.front.title.clone(),
        note: withdrawn.then(|| "This report has been withdrawn.".to_owned()),
        urgency: report
            .front
            .urgency
            .clone()
            .filter(|reason| !reason.trim().is_empty()),
        papers: vec![Paper {
            title: report.front.title.clone(),
            url: format!("{base}{}", canonical_path(&planned.page)),
            media_type: "text/html".into(),
            published: report.front.published.and_then(day).or(pack),
            updated: report
                .front
                .updated
                .iter()
                .filter_map(|u| day(u.date))
                .max(),
        }],
    })
}
