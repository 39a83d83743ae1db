//! From the model to pages: which pages a site has (the one place that knows the list), the
//! context each page's template gets, and the rendering itself. Rendering never reads a file.

mod compare;
mod pages;
mod site_files;
pub mod theme;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::chart::{self, BlockContext};
use crate::content::{Authority, Report, Site};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, BlockRenderer, BodyOptions, FencedBlock};
pub use pages::{MeetingPlan, Plan, plan};
pub use theme::Theme;

/// What a build publishes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Audience {
    /// Include `status: draft` reports (preview builds only).
    pub drafts: bool,
    /// Include exempt reports and appendices under an "Exempt — not for publication" banner:
    /// only `serve --exempt`, on loopback, for reviewers entitled to see them.
    pub exempt: bool,
}

/// A file of the output: its path below the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

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

/// A link in a page's breadcrumbs.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub href: String,
}

/// What every page's template gets.
#[derive(Debug, Clone, Serialize)]
pub struct PageCommon {
    pub root: String,
    pub site_title: String,
    pub language: String,
    pub page_title: String,
    pub description: String,
    pub canonical: String,
    pub breadcrumbs: Vec<Crumb>,
    pub draft: bool,
    /// Shows the "Exempt — not for publication" banner.
    pub exempt: bool,
}

/// The relative path from a page at `path` (e.g. `a/b/index.html`) to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Draws a body's blocks and remembers which datasets they used.
struct Blocks<'a> {
    context: BlockContext<'a>,
    datasets: BTreeSet<String>,
    charts: usize,
    assets: BTreeMap<String, PathBuf>,
}

impl BlockRenderer for Blocks<'_> {
    fn render(&mut self, block: &FencedBlock, index: usize) -> Result<String, Vec<Diagnostic>> {
        let drawn =
            chart::render_block(&self.context, &block.kind, &block.yaml, block.line, index)?;
        self.datasets.insert(drawn.dataset);
        self.charts += usize::from(drawn.is_chart);
        Ok(drawn.html)
    }

    fn figure(&mut self, figure: &markdown::FigureRef) -> Result<String, Diagnostic> {
        let text = chart::resolve_figure(&self.context, figure)?;
        if let Some(dataset) = self
            .context
            .site
            .dataset(self.context.authority, &figure.dataset)
        {
            self.datasets
                .insert(chart::dataset_key(self.context.authority, dataset));
        }
        Ok(text)
    }

    fn image(&mut self, path: &str) -> Result<String, String> {
        let authority = self.context.authority;
        let (key, asset) = authority.asset(path)?;
        let output = format!("{}/{key}", authority.slug);
        self.assets.insert(output.clone(), asset.source.clone());
        Ok(format!("{}{output}", self.context.root))
    }
}

/// A report body rendered for one page.
pub struct Body {
    pub html: String,
    pub contents: Vec<markdown::ContentsEntry>,
    pub text: String,
    pub datasets: BTreeSet<String>,
    pub charts: usize,
    /// Files of the authority's assets the body shows: output path → source.
    pub assets: BTreeMap<String, PathBuf>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a report's body is placed: the page's root prefix and the prefix for its ids.
pub struct Placement<'a> {
    pub root: &'a str,
    pub id_prefix: &'a str,
    /// Show exempt appendices rather than withholding them (`serve --exempt` only).
    pub show_exempt: bool,
}

/// Renders a report's body for a page.
pub fn render_report_body(
    site: &Site,
    authority: &Authority,
    report: &Report,
    placement: &Placement<'_>,
) -> Body {
    let Placement {
        root,
        id_prefix,
        show_exempt,
    } = *placement;
    let exempt: markdown::ExemptAppendices = report
        .front
        .appendices
        .iter()
        .filter(|_| !show_exempt)
        .filter_map(|a| Some((a.id.clone()?, a.exempt.0?)))
        .collect();
    let options = BodyOptions {
        numbering: report.front.numbering,
        id_prefix,
        exempt_appendices: &exempt,
    };
    let mut blocks = Blocks {
        context: BlockContext {
            site,
            authority,
            file: &report.file,
            root,
            id_prefix,
        },
        datasets: BTreeSet::new(),
        charts: 0,
        assets: BTreeMap::new(),
    };
    let rendered = markdown::render_body(report, &options, &mut blocks);
    let mut diagnostics = rendered.diagnostics;
    for appendix in &report.front.appendices {
        if let Some(id) = appendix
            .id
            .as_ref()
            .filter(|id| !rendered.appendix_ids.contains(*id))
        {
            let (line, column) = report_place(report, id);
            diagnostics.push(
                Diagnostic::error(
                    &report.file,
                    format!("the appendix `{id}` has no section in the body"),
                )
                .at(line, column)
                .with_hint(format!(
                    "add a heading `## Appendix … {{#{id}}}` to the body, or remove the id"
                )),
            );
        }
    }
    Body {
        html: rendered.html,
        contents: rendered.contents,
        text: rendered.text,
        datasets: blocks.datasets,
        charts: blocks.charts,
        assets: blocks.assets,
        diagnostics,
    }
}

fn report_place(report: &Report, needle: &str) -> (usize, usize) {
    // Front matter starts on the file's second line.
    crate::diagnostic::locate(&report.front_text, needle, 1)
        .map_or((1, 1), |(line, column)| (line + 1, column))
}

/// What the content a build does not publish leaves behind: the problems of exempt reports,
/// of drafts outside a preview and of exempt appendices (checked like the rest, so that `check`
/// and `build` agree, and so that `serve --exempt` finds nothing new), and the datasets they
/// draw on, which a comparison across councils must not show unless a public page does.
#[derive(Debug, Default, Clone)]
pub struct Unpublished {
    pub diagnostics: Vec<Diagnostic>,
    pub datasets: BTreeSet<String>,
}

impl Unpublished {
    pub fn extend(&mut self, other: Unpublished) {
        self.diagnostics.extend(other.diagnostics);
        self.datasets.extend(other.datasets);
    }
}

/// Renders the unpublished content of `authorities` (in parallel, each body once, with its
/// exempt appendices) for its problems and the datasets it uses; nothing of it is kept.
pub fn unpublished<'a>(
    site: &Site,
    authorities: impl IntoIterator<Item = &'a Authority>,
    audience: Audience,
) -> Unpublished {
    let reports: Vec<(&Authority, &Report)> = authorities
        .into_iter()
        .flat_map(|a| a.reports.iter().map(move |r| (a, r)))
        .filter(|(authority, report)| {
            let has_exempt_appendix =
                !audience.exempt && report.front.appendices.iter().any(|a| a.exempt.0.is_some());
            is_unpublished(authority, report, audience) || has_exempt_appendix
        })
        .collect();
    reports
        .par_iter()
        .map(|(authority, report)| {
            let placement = Placement {
                root: "",
                id_prefix: "",
                show_exempt: true,
            };
            let body = render_report_body(site, authority, report, &placement);
            Unpublished {
                diagnostics: body.diagnostics,
                datasets: body.datasets,
            }
        })
        .reduce(Unpublished::default, |mut all, one| {
            all.extend(one);
            all
        })
}

fn is_unpublished(authority: &Authority, report: &Report, audience: Audience) -> bool {
    let unlisted = authority.meta.committee(&report.front.committee).is_none();
    let hidden_exempt = report.is_exempt() && !audience.exempt;
    unlisted || hidden_exempt || (report.is_draft() && !audience.drafts)
}

/// Where rendered files go: the folder a build is writing, or memory (tests, preview).
pub trait Sink: Sync {
    /// Stores one file at `path` below the output root.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String>;

    /// Hears that one more of the build's `total` rendering jobs is done, for a progress bar.
    fn job_done(&self, _total: usize) {}
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files written, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.files
            .lock()
            .map_err(|_| "the page store failed".to_owned())?
            .push(OutputFile {
                path: path.to_owned(),
                bytes: bytes.to_vec(),
            });
        Ok(())
    }
}

fn written(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    sink.write(path, bytes).map_err(|why| {
        vec![Diagnostic::error(
            path,
            format!("cannot write this file: {why}"),
        )]
    })
}

/// Renders the whole site into `sink`: every page, every dataset CSV a public page uses, the
/// search index, sitemap, feed and the theme's assets. Pages render in parallel and are written
/// as they are rendered, so memory does not grow with the site; what is kept for the listings
/// is small, and sorted before use, so the output is the same whatever the thread count.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    audience: Audience,
    withheld: &BTreeSet<String>,
    sink: &dyn Sink,
) -> Result<Rendered, Vec<Diagnostic>> {
    let plan = pages::plan(site, audience);
    let problems = Mutex::new(Vec::new());
    let warnings = Mutex::new(Vec::new());
    let used_datasets = Mutex::new(BTreeSet::new());
    let charts = Mutex::new(0usize);
    let search_entries = Mutex::new(Vec::new());
    let copies = Mutex::new(BTreeMap::new());
    let page_paths = Mutex::new(Vec::new());

    let jobs = plan.jobs();
    jobs.par_iter().for_each(|job| {
        let rendered = pages::render_job(site, theme, &plan, job).and_then(|pages| {
            for page in &pages {
                written(sink, &page.path, page.html.as_bytes())?;
            }
            Ok(pages)
        });
        sink.job_done(jobs.len());
        let pages = match rendered {
            Ok(pages) => pages,
            Err(found) => {
                problems.lock().map(|mut p| p.extend(found)).ok();
                return;
            }
        };
        for page in pages {
            warnings.lock().map(|mut w| w.extend(page.warnings)).ok();
            used_datasets
                .lock()
                .map(|mut d| d.extend(page.datasets))
                .ok();
            charts.lock().map(|mut c| *c += page.charts).ok();
            copies.lock().map(|mut c| c.extend(page.assets)).ok();
            page_paths.lock().map(|mut p| p.push(page.path)).ok();
            if let Some(entry) = page.search {
                search_entries.lock().map(|mut s| s.push(entry)).ok();
            }
        }
    });

    let mut problems = problems.into_inner().unwrap_or_default();
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(problems);
    }
    let used_datasets = used_datasets.into_inner().unwrap_or_default();
    let mut warnings = warnings.into_inner().unwrap_or_default();
    let mut charts = charts.into_inner().unwrap_or_default();
    let mut page_paths = page_paths.into_inner().unwrap_or_default();

    let (mut compare, compare_files) =
        compare::compare_page(site, theme, &used_datasets, withheld, audience.drafts)?;
    let compare_datasets = std::mem::take(&mut compare.datasets);
    warnings.extend(compare.warnings);
    charts += compare.charts;
    written(sink, &compare.path, compare.html.as_bytes())?;
    page_paths.push(compare.path);
    for file in compare_files {
        written(sink, &file.path, &file.bytes)?;
    }
    page_paths.sort();
    let pages = page_paths.len();

    let search_entries = search_entries.into_inner().unwrap_or_default();
    for file in crate::output::search::index_files(search_entries) {
        written(sink, &file.path, &file.bytes)?;
    }
    written(
        sink,
        "sitemap.xml",
        site_files::sitemap(site, &plan, &page_paths).as_bytes(),
    )?;
    written(sink, "feed.xml", site_files::feed(site, &plan).as_bytes())?;
    let mut used_datasets = used_datasets;
    used_datasets.extend(compare_datasets);
    used_datasets.par_iter().try_for_each(|key| {
        let Some((authority, id)) = key.split_once('/') else {
            return Ok(());
        };
        match site.authority(authority).and_then(|a| a.datasets.get(id)) {
            Some(dataset) => written(
                sink,
                &format!("{authority}/data/{id}.csv"),
                crate::output::csv(dataset).as_bytes(),
            ),
            None => Ok(()),
        }
    })?;
    for (path, bytes) in &theme.assets {
        written(sink, &format!("assets/{path}"), bytes)?;
    }
    warnings.sort();
    warnings.dedup();
    Ok(Rendered {
        copies: copies.into_inner().unwrap_or_default(),
        pages,
        charts,
        warnings,
    })
}
