//! How meetings and their reports are listed: on the home page, an authority's page, a
//! meeting's pack and the cover of its print view. One listing, shown in four places.

use serde::Serialize;

use super::plan::{AgendaRow, MeetingPlan, PlannedReport};
use crate::content::{AgendaEntry, Report, Status};
use crate::publishing::schedule_12a;

/// One row of an agenda: a report, or an item without one.
#[derive(Serialize)]
pub struct ReportSummary {
    pub is_report: bool,
    pub note: Option<String>,
    pub title: String,
    pub href: Option<String>,
    /// The page the row links to, for a report shown.
    #[serde(skip)]
    pub page: Option<String>,
    pub item: Option<String>,
    pub report_of: Option<String>,
    pub summary: Option<String>,
    pub key_decision: bool,
    pub status: &'static str,
    pub exempt_paragraph: Option<u8>,
    /// What Schedule 12A's paragraph says the withheld information is, for an exempt row.
    pub exempt_description: Option<&'static str>,
    /// Why the public interest in withholding outweighs that in publishing, as the report
    /// states it: published with the item's title, by law and by design.
    pub public_interest: Option<String>,
    pub draft: bool,
}

#[derive(Serialize)]
pub struct MeetingSummary {
    pub time: Option<String>,
    pub venue: Option<String>,
    pub cancelled: bool,
    pub cancelled_reason: Option<String>,
    /// Every agenda item in order: reports and items without a report.
    pub agenda: Vec<ReportSummary>,
    pub title: String,
    pub committee: String,
    pub date: String,
    pub date_iso: String,
    pub href: String,
    pub note: Option<String>,
    pub reports: Vec<ReportSummary>,
}

pub fn status_text(report: &Report) -> &'static str {
    match report.front.status {
        Status::Draft => "Draft",
        Status::Final => "Final",
        Status::Withdrawn => "Withdrawn",
    }
}

/// A report's row: what the audience may see of it, linking to its page if it has one.
fn report_summary(
    meeting: &MeetingPlan<'_>,
    planned: &PlannedReport<'_>,
    root: &str,
) -> ReportSummary {
    let report = planned.report;
    let exempt = report.front.exempt.0.filter(|_| !meeting.show_exempt);
    let public = exempt.is_none();
    ReportSummary {
        is_report: true,
        note: None,
        title: report.front.title.clone(),
        href: public.then(|| format!("{root}{}", planned.page)),
        page: public.then(|| planned.page.clone()),
        item: report.front.item.as_ref().map(|i| i.0.clone()),
        report_of: report.front.report_of.clone().filter(|_| public),
        summary: report.front.summary.clone().filter(|_| public),
        key_decision: public && report.front.key_decision,
        status: status_text(report),
        exempt_paragraph: exempt,
        exempt_description: exempt.and_then(schedule_12a::description),
        public_interest: exempt.and(report.front.public_interest.clone()),
        draft: report.is_draft(),
    }
}

fn entry_summary(entry: &AgendaEntry) -> ReportSummary {
    ReportSummary {
        is_report: false,
        note: entry.note.clone(),
        title: entry.title.clone(),
        href: None,
        page: None,
        item: entry.item.as_ref().map(|i| i.0.clone()),
        report_of: None,
        summary: None,
        key_decision: false,
        status: "Final",
        exempt_paragraph: None,
        exempt_description: None,
        public_interest: None,
        draft: false,
    }
}

/// The agenda: reports and items without a report, in the plan's agenda order.
fn agenda(meeting: &MeetingPlan<'_>, root: &str) -> Vec<ReportSummary> {
    meeting
        .agenda()
        .into_iter()
        .map(|row| match row {
            AgendaRow::Item(entry) => entry_summary(entry),
            AgendaRow::Report(planned) => report_summary(meeting, planned, root),
        })
        .collect()
}

/// A cancellation's reason after the banner's "This meeting was cancelled.": a reason that
/// says so itself ("The meeting was cancelled; its business moves to November") loses those
/// words rather than saying them twice.
fn cancelled_words(reason: &str) -> String {
    let trimmed = reason.trim();
    for opening in [
        "the meeting was cancelled",
        "this meeting was cancelled",
        "cancelled",
    ] {
        let said = trimmed
            .get(..opening.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(opening));
        if let (true, Some(rest)) = (said, trimmed.get(opening.len()..)) {
            let rest = rest.trim_start_matches([';', ':', ',', '.', ' ', '–', '-']);
            let mut chars = rest.chars();
            return chars
                .next()
                .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default();
        }
    }
    trimmed.to_owned()
}

/// A meeting as listed on a page whose root is `root`.
pub fn meeting_summary(meeting: &MeetingPlan<'_>, root: &str) -> MeetingSummary {
    let cancelled = meeting.info.and_then(|i| i.cancelled.0.clone());
    MeetingSummary {
        time: meeting.info.and_then(|i| i.time.clone()),
        venue: meeting.info.and_then(|i| i.venue.clone()),
        cancelled: cancelled.is_some(),
        cancelled_reason: cancelled
            .filter(|r| !r.is_empty())
            .map(|r| cancelled_words(&r)),
        agenda: agenda(meeting, root),
        title: meeting.title(),
        committee: meeting.committee.name.clone(),
        date: meeting.date.long(),
        date_iso: meeting.date.iso(),
        href: format!("{root}{}", meeting.address.pack),
        note: meeting
            .public_reports()
            .find_map(|r| r.report.front.meeting_note.clone()),
        reports: meeting
            .reports
            .iter()
            .map(|r| report_summary(meeting, r, root))
            .collect(),
    }
}
