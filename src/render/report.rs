//! A report's own page, and what search knows of it.

use serde::Serialize;

use super::page::{CouncilMark, Page, PageCommon, RenderContext, meeting_crumbs, render, root_of};
use super::plan::{MeetingPlan, PlannedReport};
use super::report_view::{BuiltReport, ReportView, place_text, place_view};
use crate::diagnostic::Diagnostic;
use crate::markdown::TextBlock;
use crate::output::search::{self, SearchBlock, SearchEntry, SearchText};

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
        meeting_crumbs(meeting, &root),
        report.is_draft(),
    );
    page.exempt = report.is_exempt();
    page.council = Some(CouncilMark::of(meeting.authority, &root));
    let context = Context {
        page,
        report: place_view(&built.view, &root, ""),
    };
    render(cx.theme, "report.html", &context, path)
}

/// What search knows of a public report's page. Search knows only the public reports a public
/// build publishes: none where an exempt report is shown, none where the index is off.
pub fn search_entry(
    meeting: &MeetingPlan<'_>,
    planned: &PlannedReport<'_>,
    built: &BuiltReport,
) -> Option<SearchEntry> {
    let report = planned.report;
    if report.is_exempt() || !search::enabled() {
        return None;
    }
    let front = &report.front;
    let root = root_of(&planned.page);
    Some(SearchEntry::new(SearchText {
        path: planned.page.clone(),
        title: &front.title,
        authority: &meeting.authority.meta.short_name,
        committee: &meeting.committee.name,
        date: meeting.date.long(),
        date_iso: meeting.date.iso(),
        summary: front.summary.as_deref().unwrap_or_default(),
        headings: built
            .view
            .contents
            .iter()
            .map(|c| c.title.as_str())
            .collect(),
        blocks: built
            .blocks
            .iter()
            .map(|b| search_block(b, &root))
            .collect(),
    }))
}

/// A block of a report's text as search links to it, on the report's own page.
fn search_block(block: &TextBlock, root: &str) -> SearchBlock {
    let label = match (&block.number, block.anchor.contains("para-")) {
        (Some(number), true) => format!("Paragraph {number}"),
        (Some(number), false) => format!("Section {number}: {}", block.heading),
        (None, _) => block.heading.clone(),
    };
    SearchBlock {
        anchor: place_text(&block.anchor, root, ""),
        label,
        text: block.text.clone(),
    }
}
