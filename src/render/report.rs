//! A report's own page, and what search knows of it.

use serde::Serialize;

use super::RenderContext;
use super::page::{Crumb, Page, PageCommon, authority_crumb, home_crumb, render, root_of};
use super::plan::{MeetingPlan, PlannedReport};
use super::report_view::{BuiltReport, ReportView, place_view};
use crate::diagnostic::Diagnostic;
use crate::output::search::{SearchEntry, SearchText};

/// The page of a public report of `meeting`, from the report as built once for the meeting.
pub fn report_page(
    cx: &RenderContext<'_>,
    meeting: &MeetingPlan<'_>,
    planned: &PlannedReport<'_>,
    built: &BuiltReport,
) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        report: ReportView,
    }
    let report = planned.report;
    let path = planned.page.clone();
    let root = root_of(&path);
    let front = &report.front;
    let description = front
        .summary
        .clone()
        .unwrap_or_else(|| format!("{} — report to the {}.", front.title, meeting.title()));
    let mut page = PageCommon::new(
        cx.config,
        &path,
        &front.title,
        &description,
        vec![
            home_crumb(&root),
            authority_crumb(meeting.authority, &root),
            Crumb {
                title: meeting.title(),
                href: format!("{root}{}", meeting.address.pack),
            },
        ],
        report.is_draft(),
    );
    page.exempt = report.is_exempt();
    let context = Context {
        page,
        report: place_view(&built.view, &root, ""),
    };
    render(cx.theme, "report.html", &context, path)
}

/// What search knows of a public report's page.
pub fn search_entry(
    meeting: &MeetingPlan<'_>,
    planned: &PlannedReport<'_>,
    built: &BuiltReport,
) -> SearchEntry {
    let front = &planned.report.front;
    SearchEntry::new(SearchText {
        path: planned.page.clone(),
        title: &front.title,
        authority: &meeting.authority.meta.short_name,
        committee: &meeting.committee.name,
        date: meeting.date.long(),
        summary: front.summary.as_deref().unwrap_or_default(),
        headings: built
            .view
            .contents
            .iter()
            .map(|c| c.title.as_str())
            .collect(),
        text: &built.text,
    })
}
