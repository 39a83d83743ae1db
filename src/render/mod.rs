//! From the model to pages. [`plan`] decides the list of pages a site has (the one place that
//! knows it); each page kind has its file, which builds its template's context and renders it;
//! [`render_site`] runs the whole build as a list of steps, handing the site-wide files to
//! [`crate::output`] as plain entries. Rendering never reads a file, and a page reaches the
//! model only through its part of the plan and [`crate::content::Datasets`].

mod accessibility;
mod authority;
mod body;
pub mod compare;
mod home;
mod job;
mod listings;
mod meeting;
mod not_found;
mod page;
mod plan;
mod print;
mod published;
mod report;
mod report_view;
mod search;
mod summary;
pub mod theme;
mod withheld;

use std::collections::BTreeMap;
use std::path::PathBuf;

use rustc_hash::FxHashSet;

use crate::content::{DatasetKey, Site};
use crate::diagnostic::Diagnostic;
use crate::output::search::{SearchEntry, SearchIndex};
use crate::output::{OutputFile, Sink, write, write_files};

pub use body::{Body, Placement, Usage, render_report_body};
pub use compare::{Compared, Measure};
pub use job::{JobOutput, render_job, render_jobs};
pub use listings::Listed;
pub use page::{Crumb, Page, PageCommon, RenderContext, root_of};
pub use plan::{Audience, Job, JobKey, MeetingPlan, Plan, PlannedReport, plan};
pub use published::{
    authority_files as published_authority_files, schema_files as published_schema_files,
};
pub use theme::Theme;
pub use withheld::{DatasetUse, Unpublished, Withheld, unpublished};

/// What a build wrote, beyond the files in its sink: files to copy from content as they are,
/// and counts and warnings for the summary.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Files copied from content as they are (images, appendix files): output path → source.
    pub copies: BTreeMap<String, PathBuf>,
    pub pages: usize,
    pub charts: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Renders the whole site into `sink`: every page, the comparison, the search index, sitemap
/// and feed, the calendars, feeds and open data of the publishing duties, every dataset CSV a
/// public page uses, and the theme's assets. Pages render in
/// parallel and are written as they are rendered, so memory does not grow with the site; what
/// is kept for the listings is small, and sorted before use, so the output is the same
/// whatever the thread count.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    audience: Audience,
    withheld: &Withheld,
    sink: &dyn Sink,
) -> Result<Rendered, Vec<Diagnostic>> {
    let plan = plan(site, audience);
    let jobs = render_jobs(site, theme, &plan, sink)?;
    let used = used_datasets(&jobs);
    let measures = compare::measures(site, &|key| used.contains(key), withheld);
    // The search index is made beside the rest of the site: its work keeps a core busy
    // while the other files wait on the disk.
    let (searched, compared) = rayon::join(
        || write_files(sink, &search_index(jobs.iter().flat_map(|j| &j.search))),
        || -> Result<Compared, Vec<Diagnostic>> {
            let compared = compare_page(site, theme, &measures, audience.drafts)?;
            write_files(sink, &compared.files)?;
            write(sink, &compared.page.path, compared.page.html.as_bytes())?;
            write(
                sink,
                "sitemap.xml",
                sitemap(site, &jobs, &compared).as_bytes(),
            )?;
            write(sink, "feed.xml", feed(site, &jobs).as_bytes())?;
            write_files(sink, &published::files(site, &plan))?;
            write_csvs(site, sink, used.iter().copied().chain(&compared.datasets))?;
            write_files(sink, &theme_assets(theme))?;
            Ok(compared)
        },
    );
    let compared = match (searched, compared) {
        (Ok(()), Ok(compared)) => compared,
        (searched, compared) => {
            let mut problems = searched.err().unwrap_or_default();
            problems.extend(compared.err().unwrap_or_default());
            return Err(problems);
        }
    };
    let rendered = summary(&jobs, &compared, withheld);
    // A large site's jobs hold millions of small allocations (every report's words): free
    // them beside the rest of the build rather than before it can finish.
    std::thread::spawn(move || drop(jobs));
    Ok(rendered)
}

/// The datasets the pages of `jobs` draw on.
pub fn used_datasets<'a>(
    jobs: impl IntoIterator<Item = &'a JobOutput>,
) -> FxHashSet<&'a DatasetKey> {
    jobs.into_iter()
        .flat_map(|job| &job.usage.datasets)
        .collect()
}

/// The comparison page of `measures`.
pub fn compare_page(
    site: &Site,
    theme: &Theme,
    measures: &[Measure<'_>],
    drafts: bool,
) -> Result<Compared, Vec<Diagnostic>> {
    // The comparison draws the datasets it is given: it looks none up.
    let datasets = crate::content::Datasets::new(site);
    let cx = RenderContext {
        config: &site.config,
        theme,
        datasets: &datasets,
    };
    compare::compare_page(&cx, measures, drafts)
}

/// The files of the search index of `entries`.
pub fn search_index<'a>(entries: impl Iterator<Item = &'a SearchEntry>) -> Vec<OutputFile> {
    let entries: Vec<&SearchEntry> = entries.collect();
    SearchIndex::build(&entries).take_changes().0
}

/// Every page's path, sorted: the jobs' and the comparison's.
pub fn page_paths<'a>(
    jobs: impl IntoIterator<Item = &'a JobOutput>,
    compared: &'a Compared,
) -> Vec<&'a str> {
    let mut paths: Vec<&str> = jobs
        .into_iter()
        .flat_map(|job| job.paths.iter().map(String::as_str))
        .chain(std::iter::once(compared.page.path.as_str()))
        .collect();
    paths.sort_unstable();
    paths
}

/// `sitemap.xml`: every page of `jobs` and the comparison.
pub fn sitemap<'a>(
    site: &Site,
    jobs: impl IntoIterator<Item = &'a JobOutput> + Clone,
    compared: &'a Compared,
) -> String {
    let paths = page_paths(jobs.clone(), compared);
    let reports = jobs.into_iter().flat_map(|job| &job.listed);
    crate::output::sitemap::sitemap(&listings::sitemap(&site.config, &paths, reports))
}

/// `feed.xml`: the public reports of `jobs`.
pub fn feed<'a>(site: &Site, jobs: impl IntoIterator<Item = &'a JobOutput>) -> String {
    let reports = jobs.into_iter().flat_map(|job| &job.listed);
    crate::output::feed::feed(&listings::feed(&site.config, reports))
}

/// The CSV file of a dataset, where the site has it.
pub fn csv_file(site: &Site, key: &DatasetKey) -> Option<OutputFile> {
    let dataset = site.dataset_at(key)?;
    Some(OutputFile {
        path: key.csv_path(),
        bytes: crate::output::csv(dataset).into_bytes(),
    })
}

/// Writes the CSV file of each dataset of `keys` (in parallel: large sites publish thousands).
fn write_csvs<'a>(
    site: &Site,
    sink: &dyn Sink,
    keys: impl Iterator<Item = &'a DatasetKey>,
) -> Result<(), Vec<Diagnostic>> {
    use rayon::prelude::*;
    let keys: FxHashSet<&DatasetKey> = keys.collect();
    keys.par_iter()
        .try_for_each(|key| match csv_file(site, key) {
            Some(file) => write(sink, &file.path, &file.bytes),
            None => Ok(()),
        })
}

/// The theme's static files, under `assets/`.
pub fn theme_assets(theme: &Theme) -> Vec<OutputFile> {
    theme
        .assets
        .iter()
        .map(|(path, bytes)| OutputFile {
            path: format!("assets/{path}"),
            bytes: bytes.clone(),
        })
        .collect()
}

/// The build's counts, copies and warnings, from its jobs and the comparison: warnings
/// sorted, each once.
pub fn summary<'a>(
    jobs: impl IntoIterator<Item = &'a JobOutput>,
    compared: &Compared,
    withheld: &Withheld,
) -> Rendered {
    let mut rendered = Rendered {
        pages: 1,
        charts: compared.charts,
        warnings: compared.warnings.clone(),
        ..Rendered::default()
    };
    for job in jobs {
        rendered.warnings.extend(job.warnings.iter().cloned());
        rendered
            .warnings
            .extend(withheld.shared_with_exempt(&job.usage.uses));
        rendered.charts += job.usage.charts;
        rendered.pages += job.paths.len();
        rendered.copies.extend(
            job.usage
                .assets
                .iter()
                .map(|(path, source)| (path.clone(), source.clone())),
        );
    }
    rendered.warnings.sort();
    rendered.warnings.dedup();
    rendered
}
