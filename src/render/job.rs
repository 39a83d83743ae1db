//! Rendering one job of the plan: its pages written to the sink as they are rendered, and
//! what it leaves for the site-wide files (search, sitemap, feed, CSVs, copies) and for a
//! memory of what it was made from.

use rayon::prelude::*;

use super::accessibility::accessibility_page;
use super::authority::authority_page;
use super::body::Usage;
use super::home::home_page;
use super::listings::{Listed, listed};
use super::meeting::meeting_page;
use super::not_found::not_found_page;
use super::page::Page;
use super::page::RenderContext;
use super::page::logo_file;
use super::plan::{Job, MeetingPlan, Plan};
use super::print::print_page;
use super::report::{report_page, search_entry};
use super::report_view::build_report;
use super::search::search_page;
use super::theme::Theme;
use crate::content::{DatasetRead, Datasets, Site};
use crate::diagnostic::Diagnostic;
use crate::output::search::SearchEntry;
use crate::output::{Sink, write};

/// What a job leaves besides its pages' bytes.
#[derive(Debug, Default)]
pub struct JobOutput {
    /// Its pages, in the order rendered.
    pub paths: Vec<String>,
    /// Its public reports, as search knows them.
    pub search: Vec<SearchEntry>,
    /// Its public reports, as the sitemap and feed list them.
    pub listed: Vec<Listed>,
    pub usage: Usage,
    pub warnings: Vec<Diagnostic>,
    /// Every dataset its pages looked up, and what was found.
    pub reads: Vec<DatasetRead>,
}

impl JobOutput {
    fn page(&mut self, sink: &dyn Sink, page: Page) -> Result<(), Vec<Diagnostic>> {
        write(sink, &page.path, page.html.as_bytes())?;
        self.paths.push(page.path);
        Ok(())
    }
}

/// Renders every job of `plan` in parallel into `sink`, in plan order; every problem of every
/// job when any fails.
pub fn render_jobs(
    site: &Site,
    theme: &Theme,
    plan: &Plan<'_>,
    sink: &dyn Sink,
) -> Result<Vec<JobOutput>, Vec<Diagnostic>> {
    let jobs = plan.jobs();
    let results: Vec<Result<JobOutput, Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|job| {
            let result = render_job(site, theme, plan, job, sink);
            sink.job_done(jobs.len());
            result
        })
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(output) => outputs.push(output),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok(outputs)
    } else {
        problems.sort();
        problems.dedup();
        Err(problems)
    }
}

/// Renders one job's pages into `sink`. Its pages reach datasets only through the
/// [`Datasets`] made here, whose record of what was read the output keeps.
pub fn render_job(
    site: &Site,
    theme: &Theme,
    plan: &Plan<'_>,
    job: &Job,
    sink: &dyn Sink,
) -> Result<JobOutput, Vec<Diagnostic>> {
    let datasets = Datasets::new(site);
    let cx = RenderContext {
        config: &site.config,
        theme,
        datasets: &datasets,
    };
    let mut output = JobOutput::default();
    let drafts = plan.audience.drafts;
    match job {
        Job::Home => output.page(sink, home_page(&cx, plan)?)?,
        Job::NotFound => output.page(sink, not_found_page(&cx)?)?,
        Job::Accessibility => output.page(sink, accessibility_page(&cx, drafts)?)?,
        Job::Search => output.page(sink, search_page(&cx, &site.authorities, drafts)?)?,
        Job::Authority(a) => {
            let authority = &site.authorities[*a];
            let (page, usage) = authority_page(&cx, authority, plan.meetings_of(*a))?;
            output.page(sink, page)?;
            output.usage = usage;
        }
        Job::Meeting(m) => meeting_pages(&cx, &plan.meetings[*m], sink, &mut output)?,
    }
    output.reads = datasets.into_reads();
    Ok(output)
}

/// A meeting's pack, the pages of its public reports and its print view, each report
/// rendered once for all of them.
fn meeting_pages(
    cx: &RenderContext<'_>,
    meeting: &MeetingPlan<'_>,
    sink: &dyn Sink,
    output: &mut JobOutput,
) -> Result<(), Vec<Diagnostic>> {
    let mut built = Vec::new();
    let mut problems = Vec::new();
    for planned in meeting.public_reports() {
        match build_report(cx, meeting, planned) {
            Ok(report) => built.push((planned, report)),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    output.page(sink, meeting_page(cx, meeting)?)?;
    for (planned, report) in &built {
        output.page(sink, report_page(cx, meeting, planned, report)?)?;
        output.search.extend(search_entry(meeting, planned, report));
        output.listed.push(listed(cx.config, meeting, planned));
    }
    output.page(sink, print_page(cx, meeting, &built)?)?;
    // The council's logo heads its reports and the printed cover.
    if !built.is_empty() {
        output.usage.assets.extend(logo_file(meeting.authority));
    }
    for (_, report) in built {
        output.usage.extend(report.usage);
        output.warnings.extend(report.warnings);
    }
    Ok(())
}
