//! A meeting's pack: its agenda, with a link to each public report's page and to the print
//! view.

use serde::Serialize;

use super::page::{
    Alternate, CouncilMark, Page, PageCommon, RenderContext, authority_crumb, home_crumb, render,
    root_of,
};
use super::plan::MeetingPlan;
use super::published::{FEED, MEETING_CALENDAR, committee_folder, council_folder, has_calendar};
use super::summary::{MeetingSummary, meeting_summary};
use crate::diagnostic::Diagnostic;

pub fn meeting_page(
    cx: &RenderContext<'_>,
    meeting: &MeetingPlan<'_>,
) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        authority_name: String,
        meeting: MeetingSummary,
        /// The meeting's calendar entry, for a meeting on a known day that goes ahead.
        calendar: Option<String>,
    }
    let path = meeting.address.pack.clone();
    let root = root_of(&path);
    let description = format!(
        "Agenda and reports of the {} of {}.",
        meeting.title(),
        meeting.authority.meta.name
    );
    let mut page = PageCommon::new(
        cx.config,
        &path,
        &meeting.title(),
        &description,
        vec![home_crumb(&root), authority_crumb(meeting.authority, &root)],
        meeting.has_drafts(),
    );
    page.exempt = meeting.show_exempt && meeting.reports.iter().any(|r| r.report.is_exempt());
    page.council = Some(CouncilMark::colour_of(meeting.authority, &root));
    page.feeds = feeds(meeting, &root);
    let summary = meeting_summary(meeting, &root);
    let calendar = (has_calendar(meeting) && !summary.cancelled)
        .then(|| format!("{root}{}{MEETING_CALENDAR}", meeting.address.folder));
    let context = Context {
        page,
        authority_name: meeting.authority.meta.name.clone(),
        meeting: summary,
        calendar,
    };
    render(cx.theme, "meeting.html", &context, path)
}

/// The council's and the committee's feeds, from a page whose root is `root`.
fn feeds(meeting: &MeetingPlan<'_>, root: &str) -> Vec<Alternate> {
    let authority = meeting.authority;
    vec![
        Alternate {
            href: format!("{root}{}{FEED}", council_folder(authority)),
            title: format!("{}: new reports", authority.meta.name),
        },
        Alternate {
            href: format!(
                "{root}{}{FEED}",
                committee_folder(authority, meeting.committee)
            ),
            title: format!(
                "{}, {}: new reports",
                meeting.committee.name, authority.meta.name
            ),
        },
    ]
}
