//! From the model to pages: which pages a site has (the one place that knows the list), the
//! context each page's template gets, and the rendering itself. Rendering never reads a file.

mod compare;
mod pages;
pub mod published;
mod site_files;
pub mod theme;
mod withheld;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;
use serde::Serialize;

use crate::chart::{self, BlockContext};
use crate::content::{Authority, Report, Site};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, BlockRenderer, BodyOptions, FencedBlock};
use crate::output::search::{SearchEntry, SearchIndex};
pub use pages::{MeetingPlan, Plan, plan};
pub use theme::Theme;
pub use withheld::{DatasetUse, Unpublished, Withheld, unpublished};

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
    /// The council a page belongs to, in its own colour and with its logo.
    pub council: Option<CouncilMark>,
}

/// A council's mark on its pages: its name, its colours as CSS, its logo.
#[derive(Debug, Serialize, Clone)]
pub struct CouncilMark {
    pub name: String,
    /// CSS custom properties of the council's colour; none when it gives no colour.
    pub style: Option<String>,
    /// Link to the logo from the page.
    pub logo: Option<String>,
}

impl CouncilMark {
    /// The mark of `authority` on a page at `root`, and the logo file the page needs copied
    /// (output path → source).
    pub fn of(authority: &Authority, root: &str) -> (Self, Option<(String, PathBuf)>) {
        let logo = authority
            .meta
            .logo
            .as_deref()
            .and_then(|logo| authority.asset(logo).ok())
            .map(|(key, asset)| (format!("{}/{key}", authority.slug), asset.source.clone()));
        let mark = Self {
            name: authority.meta.name.clone(),
            style: crate::content::look::Look::of(authority.meta.colour.as_deref())
                .map(|look| look.css()),
            logo: logo.as_ref().map(|(output, _)| format!("{root}{output}")),
        };
        (mark, logo)
    }
}

/// The relative path from a page at `path` (e.g. `a/b/index.html`) to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Draws a body's blocks and remembers which datasets they used, and where.
struct Blocks<'a> {
    context: BlockContext<'a>,
    datasets: BTreeSet<String>,
    uses: Vec<DatasetUse>,
    charts: usize,
    assets: BTreeMap<String, PathBuf>,
}

impl Blocks<'_> {
    fn used(&mut self, dataset: String, line: usize, column: usize) {
        self.uses.push(DatasetUse {
            dataset: dataset.clone(),
            file: self.context.file.to_owned(),
            line,
            column,
        });
        self.datasets.insert(dataset);
    }
}

impl BlockRenderer for Blocks<'_> {
    fn render(&mut self, block: &FencedBlock, index: usize) -> Result<String, Vec<Diagnostic>> {
        let drawn =
            chart::render_block(&self.context, &block.kind, &block.yaml, block.line, index)?;
        self.used(drawn.dataset, block.line, 1);
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
            let key = chart::dataset_key(self.context.authority, dataset);
            self.used(key, figure.line, figure.column);
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
    /// The same text by numbered paragraph and section, for search.
    pub blocks: Vec<markdown::TextBlock>,
    pub datasets: BTreeSet<String>,
    /// Where the body draws on each dataset.
    pub uses: Vec<DatasetUse>,
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

/// Renders a report's body for a page: the public part, or all of it where `placement` shows
/// exempt papers.
pub fn render_report_body(
    site: &Site,
    authority: &Authority,
    report: &Report,
    placement: &Placement<'_>,
) -> Body {
    let part = if placement.show_exempt {
        markdown::Part::Whole
    } else {
        markdown::Part::Public
    };
    render_body_part(site, authority, report, placement, part)
}

/// Renders one part of a report's body (the withheld part only to check it).
fn render_body_part(
    site: &Site,
    authority: &Authority,
    report: &Report,
    placement: &Placement<'_>,
    part: markdown::Part,
) -> Body {
    let exempt: markdown::ExemptAppendices = report
        .front
        .appendices
        .iter()
        .filter_map(|a| Some((a.id.clone()?, a.exempt.0?)))
        .collect();
    let options = BodyOptions {
        numbering: report.front.numbering,
        id_prefix: placement.id_prefix,
        exempt_appendices: &exempt,
        part,
    };
    let mut blocks = Blocks {
        context: BlockContext {
            site,
            authority,
            file: &report.file,
            root: placement.root,
            id_prefix: placement.id_prefix,
        },
        datasets: BTreeSet::new(),
        uses: Vec::new(),
        charts: 0,
        assets: BTreeMap::new(),
    };
    let rendered = markdown::render_body(report, &options, &mut blocks);
    let mut diagnostics = rendered.diagnostics;
    if part != markdown::Part::Withheld {
        diagnostics.extend(missing_appendices(report, &rendered.appendix_ids));
    }
    Body {
        html: rendered.html,
        contents: rendered.contents,
        text: rendered.text,
        blocks: rendered.blocks,
        datasets: blocks.datasets,
        uses: blocks.uses,
        charts: blocks.charts,
        assets: blocks.assets,
        diagnostics,
    }
}

/// An error for each appendix of the front matter whose section the body lacks.
fn missing_appendices(report: &Report, found: &BTreeSet<String>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, appendix) in report.front.appendices.iter().enumerate() {
        if let Some(id) = appendix.id.as_ref().filter(|id| !found.contains(*id)) {
            use crate::content::places::Step;
            let path = [Step::Key("appendices"), Step::Index(index), Step::Key("id")];
            let (line, column) = report.place(&path);
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
    diagnostics
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
    withheld: &Withheld,
    sink: &dyn Sink,
) -> Result<Rendered, Vec<Diagnostic>> {
    let mut memory = Memory::default();
    let result = render_with(site, theme, audience, withheld, sink, &mut memory, None);
    // A large site's memory is millions of small allocations (every report's words): free them
    // beside the rest of the build rather than before it can finish.
    std::thread::spawn(move || drop(memory));
    result.map(|(rendered, _)| rendered)
}

/// Renders the site like [`render_site`], but only what changed since the build `memory` holds:
/// a job whose inputs have the same fingerprints is not rendered again, and only files whose
/// content changed are written (a preview keeps the rest). On success `memory` describes the
/// new build, and the paths the previous build had and this one has not are returned; on
/// failure `memory` is as it was.
///
/// `changed` names the authorities whose content may have changed since (`None`: any may
/// have); what draws only on the others is taken as it was without computing its fingerprint.
pub fn render_with(
    site: &Site,
    theme: &Theme,
    audience: Audience,
    withheld: &Withheld,
    sink: &dyn Sink,
    memory: &mut Memory,
    changed: Option<&BTreeSet<String>>,
) -> Result<(Rendered, Vec<String>), Vec<Diagnostic>> {
    let plan = pages::plan(site, audience);
    let jobs = plan.jobs();
    let keys: Vec<JobKey> = jobs.iter().map(|job| job_key(&plan, job)).collect();
    let planned: rustc_hash::FxHashSet<&JobKey> = keys.iter().collect();
    let touched = |slug: &str| changed.is_none_or(|set| set.contains(slug));
    let todo: Vec<usize> = (0..jobs.len())
        .filter(|&i| {
            memory.jobs.get(&keys[i]).is_none_or(|record| {
                let may_differ = job_authority(&plan, &jobs[i]).is_none_or(touched)
                    || record.foreign.iter().any(|a| touched(a));
                record.fingerprint.is_none()
                    || (may_differ
                        && record.fingerprint
                            != job_fingerprint(site, &plan, &jobs[i], &record.datasets))
            })
        })
        .collect();

    let results: Vec<Result<JobRecord, Vec<Diagnostic>>> = todo
        .par_iter()
        .map(|&i| {
            let job = &jobs[i];
            let result = pages::render_job(site, theme, &plan, job).and_then(|pages| {
                let mut record = JobRecord::default();
                for page in pages {
                    written(sink, &page.path, page.html.as_bytes())?;
                    record.warnings.extend(page.warnings);
                    record.datasets.extend(page.datasets);
                    record.uses.extend(page.uses);
                    record.charts += page.charts;
                    record.assets.extend(page.assets);
                    record.search.extend(page.search);
                    record.paths.push(page.path);
                }
                record.fingerprint = job_fingerprint(site, &plan, job, &record.datasets);
                let own = job_authority(&plan, job);
                record.foreign = record
                    .datasets
                    .iter()
                    .map(|key| authority_of(key))
                    .filter(|a| Some(*a) != own)
                    .map(str::to_owned)
                    .collect();
                Ok(record)
            });
            sink.job_done(todo.len());
            result
        })
        .collect();
    let mut problems = Vec::new();
    let mut fresh: rustc_hash::FxHashMap<&JobKey, JobRecord> = rustc_hash::FxHashMap::default();
    for (&i, result) in todo.iter().zip(results) {
        match result {
            Ok(record) => {
                fresh.insert(&keys[i], record);
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        problems.sort();
        problems.dedup();
        return Err(problems);
    }

    // What changed among the jobs: which there are, their pages' addresses, the datasets they
    // draw on. Whatever did not change is taken from the memory rather than gathered again.
    let jobs_changed =
        memory.jobs.len() != planned.len() || memory.jobs.keys().any(|key| !planned.contains(key));
    let changed_by = |differ: &dyn Fn(&JobRecord, &JobRecord) -> bool| {
        jobs_changed
            || fresh
                .iter()
                .any(|(key, new)| memory.jobs.get(*key).is_none_or(|old| differ(old, new)))
    };
    let paths_changed = changed_by(&|old, new| old.paths != new.paths);
    let used_changed = changed_by(&|old, new| old.datasets != new.datasets);

    // Every job's record, this build's or kept from the last, in plan order.
    let records: Vec<&JobRecord> = keys
        .iter()
        .filter_map(|key| fresh.get(key).or_else(|| memory.jobs.get(key)))
        .collect();
    let mut warnings = Vec::new();
    let mut charts = 0;
    let mut copies = BTreeMap::new();
    let mut pages = 1; // the comparison page
    for record in &records {
        warnings.extend(record.warnings.iter().cloned());
        warnings.extend(withheld.shared_with_exempt(&record.uses));
        charts += record.charts;
        if !record.assets.is_empty() {
            copies.extend(record.assets.clone());
        }
        pages += record.paths.len();
    }
    let gathered_used: Option<rustc_hash::FxHashSet<String>> = used_changed.then(|| {
        records
            .iter()
            .flat_map(|r| r.datasets.iter().cloned())
            .collect()
    });
    let used_datasets = gathered_used.as_ref().unwrap_or(&memory.used);

    let (mut compare, compare_files) =
        compare::compare_page(site, theme, used_datasets, withheld, audience.drafts)?;
    // Nothing below can fail (but for writing to a folder): from here on the memory changes.
    let compare_datasets = std::mem::take(&mut compare.datasets);
    warnings.extend(compare.warnings);
    charts += compare.charts;
    let mut finished = Finished::new(sink, &mut memory.digests);
    finished.write(&compare.path, compare.html.as_bytes())?;
    for file in compare_files {
        finished.write(&file.path, &file.bytes)?;
    }

    // The search index changes by the reports whose jobs were rendered again.
    let mut changes = Vec::new();
    for (key, record) in &fresh {
        let before = memory.jobs.get(*key).map(|r| r.search.as_slice());
        changes.push((before.unwrap_or_default(), record.search.as_slice()));
    }
    let removed_jobs = memory
        .jobs
        .iter()
        .filter(|(key, _)| !planned.contains(key))
        .map(|(_, record)| (record.search.as_slice(), &[][..]));
    changes.extend(removed_jobs);
    let entries =
        || -> Vec<&SearchEntry> { records.iter().flat_map(|r| r.search.iter()).collect() };
    let mut index = match memory.search.take() {
        Some(mut index) if !paths_changed => {
            index.update_same(&changes, entries);
            index
        }
        Some(mut index) => {
            index.update(&entries(), &changes);
            index
        }
        None => SearchIndex::build(&entries()),
    };

    // The addresses of every page, in plan order, when they may have changed.
    let page_paths = || -> Vec<&str> {
        records
            .iter()
            .flat_map(|r| r.paths.iter().map(String::as_str))
            .chain(std::iter::once(compare.path.as_str()))
            .collect()
    };
    let paths_hash = if paths_changed {
        let mut hasher = rustc_hash::FxHasher::default();
        page_paths().hash(&mut hasher);
        hasher.finish()
    } else {
        memory.paths_hash
    };
    // The sitemap and feed show every page's address and every public report's front matter:
    // an edit to a report's text alone leaves them as they were.
    let listing = {
        let mut hasher = rustc_hash::FxHasher::default();
        paths_hash.hash(&mut hasher);
        for meeting in &plan.meetings {
            meeting.authority.fingerprint.hash(&mut hasher);
            for report in meeting.public_reports() {
                (&report.slug, report.front_fingerprint).hash(&mut hasher);
            }
        }
        hasher.finish()
    };
    let listings = (memory.listing != Some(listing)).then(|| {
        let mut page_paths = page_paths();
        page_paths.sort_unstable();
        rayon::join(
            || site_files::sitemap(site, &plan, &page_paths),
            || site_files::feed(site, &plan),
        )
    });
    let (search_files, search_paths) = index.take_changes();
    memory.search = Some(index);
    for file in &search_files {
        finished.write_new(&file.path, &file.bytes)?;
    }
    for path in &search_paths {
        finished.keep(path);
    }
    match &listings {
        Some((sitemap, feed)) => {
            finished.write_new("sitemap.xml", sitemap.as_bytes())?;
            finished.write_new("feed.xml", feed.as_bytes())?;
        }
        None => {
            finished.keep("sitemap.xml");
            finished.keep("feed.xml");
        }
    }
    memory.listing = Some(listing);
    // The calendars, feeds and open data of the publishing duties: small, so made every build,
    // and written when they differ from the last.
    for file in published::files(site, &plan) {
        finished.write(&file.path, file.text.as_bytes())?;
    }

    // A dataset's CSV is written when the dataset changed.
    type Csv<'k> = (&'k str, u64, Option<String>);
    let published = |key: &str| used_datasets.contains(key) || compare_datasets.contains(key);
    let csv_changed = used_changed || memory.compare_datasets != compare_datasets;
    let candidates: Vec<&str> = match changed.filter(|_| !csv_changed) {
        // The same datasets as before: only those of the changed authorities may differ.
        Some(authorities) => authorities
            .iter()
            .filter_map(|slug| site.authority(slug))
            .flat_map(|a| {
                a.datasets
                    .values()
                    .map(move |d| format!("{}/{}", a.slug, d.id))
            })
            .filter_map(|key| {
                used_datasets
                    .get(key.as_str())
                    .or_else(|| compare_datasets.get(key.as_str()))
                    .map(String::as_str)
            })
            .collect(),
        None => used_datasets
            .iter()
            .chain(&compare_datasets)
            .map(String::as_str)
            .collect(),
    };
    let csv_files: Vec<Csv<'_>> = candidates
        .par_iter()
        .filter_map(|key| {
            let dataset = dataset_at(site, key)?;
            let unchanged = memory.csv.get(*key) == Some(&dataset.fingerprint);
            let text = (!unchanged).then(|| crate::output::csv(dataset));
            Some((*key, dataset.fingerprint, text))
        })
        .collect();
    let mut stale_csv: Vec<String> = Vec::new();
    if csv_changed {
        stale_csv = memory
            .csv
            .keys()
            .filter(|key| !published(key))
            .filter_map(|key| csv_path(key))
            .collect();
        memory.csv.retain(|key, _| published(key));
    }
    for (key, fingerprint, text) in csv_files {
        if let (Some(text), Some(path)) = (text, csv_path(key)) {
            written(sink, &path, text.as_bytes())?;
            memory.csv.insert(key.to_owned(), fingerprint);
        }
    }
    for (path, bytes) in &theme.assets {
        finished.write(&format!("assets/{path}"), bytes)?;
    }
    // What the last build had and this one has not: the pages a job no longer makes, every
    // page of a job that is gone, and site-wide files no longer written.
    let finish_paths = finished.paths;
    let mut stale: Vec<String> = Vec::new();
    for (key, record) in &fresh {
        if let Some(old) = memory.jobs.get(*key) {
            stale.extend(
                old.paths
                    .iter()
                    .filter(|p| !record.paths.contains(p))
                    .cloned(),
            );
        }
    }
    for (key, record) in &memory.jobs {
        if !planned.contains(key) {
            stale.extend(record.paths.iter().cloned());
        }
    }
    stale.extend(memory.finish_paths.difference(&finish_paths).cloned());
    stale.append(&mut stale_csv);
    let made_now: rustc_hash::FxHashSet<&str> = fresh
        .values()
        .flat_map(|r| r.paths.iter().map(String::as_str))
        .chain(finish_paths.iter().map(String::as_str))
        .collect();
    stale.retain(|path| !made_now.contains(path.as_str()));
    stale.sort();
    stale.dedup();

    warnings.sort();
    warnings.dedup();
    let rendered = Rendered {
        copies,
        pages,
        charts,
        warnings,
    };
    memory.jobs.retain(|key, _| planned.contains(key));
    for (key, record) in fresh {
        memory.jobs.insert(key.clone(), record);
    }
    memory.digests.retain(|path, _| finish_paths.contains(path));
    memory.finish_paths = finish_paths;
    memory.compare_datasets = compare_datasets;
    memory.paths_hash = paths_hash;
    if let Some(used) = gathered_used {
        memory.used = used;
    }
    Ok((rendered, stale))
}

/// The site-wide files of a build (listings, search, CSVs, theme assets): each written only
/// when its content differs from the last build's, and the paths they have.
struct Finished<'a> {
    sink: &'a dyn Sink,
    digests: &'a mut HashMap<String, u64>,
    paths: BTreeSet<String>,
}

impl<'a> Finished<'a> {
    fn new(sink: &'a dyn Sink, digests: &'a mut HashMap<String, u64>) -> Self {
        Finished {
            sink,
            digests,
            paths: BTreeSet::new(),
        }
    }

    fn write(&mut self, path: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
        let digest = crate::content::fingerprint(bytes);
        if self.digests.get(path) != Some(&digest) {
            written(self.sink, path, bytes)?;
            self.digests.insert(path.to_owned(), digest);
        }
        self.paths.insert(path.to_owned());
        Ok(())
    }

    /// Writes a file known to have changed.
    fn write_new(&mut self, path: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
        written(self.sink, path, bytes)?;
        self.paths.insert(path.to_owned());
        Ok(())
    }

    /// Keeps a file known to be unchanged.
    fn keep(&mut self, path: &str) {
        self.paths.insert(path.to_owned());
    }
}

/// A rendering job by what it renders, the same from one build to the next.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JobKey {
    Home,
    NotFound,
    Accessibility,
    Search,
    Authority(String),
    /// A meeting by its folder: `dudley/2023-07-19-children-select/`.
    Meeting(String),
}

/// The authority whose content a job's pages show (`None` for the whole site's).
fn job_authority<'a>(plan: &'a Plan<'_>, job: &pages::Job) -> Option<&'a str> {
    match job {
        pages::Job::Authority(a) => Some(plan.authority_slug(*a)),
        pages::Job::Meeting(m) => Some(&plan.meetings[*m].authority.slug),
        _ => None,
    }
}

/// The authority of a dataset key `authority/id`.
fn authority_of(key: &str) -> &str {
    key.split_once('/').map_or(key, |(authority, _)| authority)
}

fn job_key(plan: &Plan<'_>, job: &pages::Job) -> JobKey {
    match job {
        pages::Job::Home => JobKey::Home,
        pages::Job::NotFound => JobKey::NotFound,
        pages::Job::Accessibility => JobKey::Accessibility,
        pages::Job::Search => JobKey::Search,
        pages::Job::Authority(a) => JobKey::Authority(plan.authority_slug(*a).to_owned()),
        pages::Job::Meeting(m) => JobKey::Meeting(plan.meetings[*m].path()),
    }
}

/// The fingerprint of everything a job's pages show, given the datasets it draws on; `None`
/// for the pages that draw on the whole site (home, search), which are always rendered again.
/// Site settings and the theme are not in it: a change to either starts a new memory.
fn job_fingerprint(
    site: &Site,
    plan: &Plan<'_>,
    job: &pages::Job,
    datasets: &BTreeSet<String>,
) -> Option<u64> {
    let mut hasher = rustc_hash::FxHasher::default();
    match job {
        pages::Job::Home
        | pages::Job::NotFound
        | pages::Job::Accessibility
        | pages::Job::Search => return None,
        pages::Job::Authority(a) => hash_reports(&site.authorities[*a], &mut hasher),
        pages::Job::Meeting(m) => {
            let meeting = &plan.meetings[*m];
            meeting.authority.fingerprint.hash(&mut hasher);
            meeting.show_exempt.hash(&mut hasher);
            for report in &meeting.reports {
                (&report.slug, report.fingerprint).hash(&mut hasher);
            }
        }
    }
    hash_datasets(site, datasets, &mut hasher);
    Some(hasher.finish())
}

/// Hashes what an authority's listing shows: its own files and every report's.
fn hash_reports(authority: &Authority, hasher: &mut impl Hasher) {
    authority.fingerprint.hash(hasher);
    for report in &authority.reports {
        (&report.slug, report.fingerprint).hash(hasher);
    }
}

/// Hashes the fingerprints of the datasets `authority/id` (0 for one there is not).
fn hash_datasets(site: &Site, datasets: &BTreeSet<String>, hasher: &mut impl Hasher) {
    for key in datasets {
        dataset_at(site, key)
            .map_or(0, |dataset| dataset.fingerprint)
            .hash(hasher);
    }
}

/// The dataset a key `authority/id` names.
fn dataset_at<'a>(site: &'a Site, key: &str) -> Option<&'a crate::content::Dataset> {
    let (authority, id) = key.split_once('/')?;
    site.authority(authority)?.datasets.get(id)
}

/// Where the CSV of the dataset `authority/id` is published.
fn csv_path(key: &str) -> Option<String> {
    let (authority, id) = key.split_once('/')?;
    Some(format!("{authority}/data/{id}.csv"))
}

/// What a job left behind besides its pages.
#[derive(Debug, Default)]
pub struct JobRecord {
    /// What its pages were rendered from; `None` to render them again every time.
    fingerprint: Option<u64>,
    paths: Vec<String>,
    warnings: Vec<Diagnostic>,
    datasets: BTreeSet<String>,
    /// Where its pages draw on each dataset.
    uses: Vec<DatasetUse>,
    /// The other authorities whose datasets its pages draw on.
    foreign: BTreeSet<String>,
    charts: usize,
    assets: BTreeMap<String, PathBuf>,
    search: Vec<SearchEntry>,
}

/// What a build keeps to do less the next time (a preview rebuilding after a save): each
/// job's record, the search index, the fingerprints of the CSVs and site-wide files written,
/// every path of the output, and what unpublished content left. Empty for a full build.
#[derive(Default)]
pub struct Memory {
    jobs: rustc_hash::FxHashMap<JobKey, JobRecord>,
    search: Option<SearchIndex>,
    csv: rustc_hash::FxHashMap<String, u64>,
    /// The datasets the comparison page drew on.
    compare_datasets: BTreeSet<String>,
    /// The datasets the pages draw on.
    used: rustc_hash::FxHashSet<String>,
    /// A fingerprint of every page's address.
    paths_hash: u64,
    digests: HashMap<String, u64>,
    /// The paths of the site-wide files of the last build (but the CSVs).
    finish_paths: BTreeSet<String>,
    /// The fingerprint of what the sitemap and feed were made from.
    listing: Option<u64>,
    /// Each authority's unpublished content, by the fingerprint of what it was rendered from.
    unpublished: HashMap<String, (u64, Unpublished)>,
}

impl Memory {
    /// The unpublished content of the whole site (as [`unpublished`] gives it), rendering
    /// again only the authorities whose reports or datasets changed.
    pub fn unpublished(&mut self, site: &Site, audience: Audience) -> Unpublished {
        let fingerprint = |authority: &Authority, withheld: &Withheld| {
            let mut hasher = rustc_hash::FxHasher::default();
            hash_reports(authority, &mut hasher);
            hash_datasets(site, withheld.datasets(), &mut hasher);
            hasher.finish()
        };
        let stale: Vec<&Authority> = site
            .authorities
            .iter()
            .filter(|a| {
                self.unpublished
                    .get(&a.slug)
                    .is_none_or(|(f, u)| *f != fingerprint(a, &u.datasets))
            })
            .collect();
        let fresh: Vec<(&Authority, Unpublished)> = stale
            .par_iter()
            .map(|a| (*a, unpublished(site, [*a], audience)))
            .collect();
        // Results with errors are not kept: what they lack (a dataset not found) may come.
        let mut failed = BTreeMap::new();
        for (authority, result) in fresh {
            if result.diagnostics.iter().any(Diagnostic::is_error) {
                self.unpublished.remove(&authority.slug);
                failed.insert(authority.slug.clone(), result);
            } else {
                let print = fingerprint(authority, &result.datasets);
                self.unpublished
                    .insert(authority.slug.clone(), (print, result));
            }
        }
        self.unpublished
            .retain(|slug, _| site.authority(slug).is_some());
        let mut all = Unpublished::default();
        for authority in &site.authorities {
            if let Some(result) = failed
                .remove(&authority.slug)
                .or_else(|| Some(self.unpublished.get(&authority.slug)?.1.clone()))
            {
                all.extend(result);
            }
        }
        all
    }
}
