//! A meeting's pack: its agenda, with a link to each public report's page and to the print
//! view.

use serde::Serialize;

use super::page::{
    CouncilMark, Page, PageCommon, RenderContext, authority_crumb, home_crumb, render, root_of,
};
use super::plan::MeetingPlan;
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
    let context = Context {
        page,
        authority_name: meeting.authority.meta.name.clone(),
        meeting: meeting_summary(meeting, &root),
    };
    render(cx.theme, "meeting.html", &context, path)
}
