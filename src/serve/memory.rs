//! What the preview keeps between rebuilds, so that a save renders only what it changed. A
//! full build keeps none of it.
//!
//! A rendering job is kept with what it was made from: a fingerprint of its part of the plan
//! ([`Plan::inputs`]: its meeting's or authority's settings, reports and addresses) and the
//! datasets its pages looked up ([`DatasetRead`], recorded as they were read). It is rendered
//! again when either differs; nobody keeps a list of what a page reads. The site-wide files
//! are made again from the jobs' outputs and written only when they differ, but for the
//! search index, which is changed by the reports that changed, and the CSVs, written for the
//! datasets whose use or content changed. The site's settings and the theme are read by every
//! page: a change to either starts a new memory.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::{Authority, DatasetKey, DatasetRead, Site};
use crate::diagnostic::Diagnostic;
use crate::output::search::{SearchEntry, SearchIndex};
use crate::output::{OutputFile, Sink};
use crate::render::{
    self, Audience, Compared, Job, JobKey, JobOutput, Plan, Rendered, Theme, Unpublished, Withheld,
};

/// A fingerprint of each authority's datasets, those that could not be read among them. A
/// record of reads from an authority whose fingerprint is as it was holds without looking
/// each dataset up again.
struct DatasetPrints<'s>(FxHashMap<&'s str, u64>);

/// The dataset fingerprints of the authorities a record read from, as they were then.
type ReadPrints = Vec<(String, Option<u64>)>;

impl<'s> DatasetPrints<'s> {
    fn of(site: &'s Site) -> Self {
        let prints = site.authorities.iter().map(|authority| {
            let mut hasher = rustc_hash::FxHasher::default();
            for (id, dataset) in &authority.datasets {
                (id, dataset.fingerprint).hash(&mut hasher);
            }
            authority.broken_datasets.hash(&mut hasher);
            (authority.slug.as_str(), hasher.finish())
        });
        DatasetPrints(prints.collect())
    }

    /// The fingerprints of the authorities `reads` read from.
    fn of_reads(&self, reads: &[DatasetRead]) -> ReadPrints {
        let mut slugs: Vec<&str> = reads.iter().map(|r| r.key.authority.as_str()).collect();
        slugs.sort_unstable();
        slugs.dedup();
        slugs
            .into_iter()
            .map(|slug| (slug.to_owned(), self.0.get(slug).copied()))
            .collect()
    }

    /// Whether every one of `reads` finds what it found then: at once for the authorities
    /// whose datasets are all as they were, one by one for the others.
    fn hold(&self, prints: &ReadPrints, reads: &[DatasetRead], site: &Site) -> bool {
        prints.iter().all(|(slug, print)| {
            self.0.get(slug.as_str()).copied() == *print
                || reads
                    .iter()
                    .filter(|r| r.key.authority == *slug)
                    .all(|r| r.holds(site))
        })
    }
}

/// What rendering a job gives.
type Rendering = Result<JobOutput, Vec<Diagnostic>>;

/// What a job left and what it was made from.
struct Kept {
    inputs: Option<u64>,
    prints: ReadPrints,
    output: JobOutput,
    /// Its warnings, those of the datasets it shares with exempt papers among them, by the
    /// fingerprint of the exempt papers' datasets they were found with.
    warnings: Option<(u64, Vec<Diagnostic>)>,
}

/// An authority's unpublished content and what it was rendered from.
struct KeptUnpublished {
    inputs: u64,
    prints: ReadPrints,
    reads: Vec<DatasetRead>,
    unpublished: Unpublished,
}

/// The preview's memory of the last build.
#[derive(Default)]
pub struct Memory {
    jobs: FxHashMap<JobKey, Kept>,
    /// How many jobs draw on each dataset.
    used: FxHashMap<DatasetKey, u32>,
    site_wide: SiteWide,
    unpublished: FxHashMap<String, KeptUnpublished>,
}

/// The site-wide files of the last build.
#[derive(Default)]
struct SiteWide {
    /// The comparison, by the fingerprint of what it shows.
    compare: Option<(u64, Compared)>,
    search: Option<SearchIndex>,
    /// Each published CSV, by the fingerprint of the dataset it was written from.
    csv: FxHashMap<DatasetKey, u64>,
    /// Each council's files of the publishing duties: the fingerprint of what they were made
    /// from ([`authority_inputs`]), and each file's path and a fingerprint of its bytes.
    published: FxHashMap<String, (u64, FxHashMap<String, u64>)>,
    /// The other site-wide files written (comparison, search, sitemap, feed, theme assets),
    /// by a fingerprint of their bytes.
    files: FxHashMap<String, u64>,
}

/// What a rebuild gives beside the files it wrote: the build's summary, and the paths the
/// last build had and this one has not.
pub struct Rebuilt {
    pub rendered: Rendered,
    pub removed: Vec<String>,
}

/// The jobs rendered by a rebuild, with what they were made from.
#[derive(Default)]
struct Fresh {
    jobs: FxHashMap<JobKey, Kept>,
}

impl Fresh {
    fn get(&self, key: &JobKey) -> Option<&JobOutput> {
        self.jobs.get(key).map(|kept| &kept.output)
    }

    fn iter(&self) -> impl Iterator<Item = (&JobKey, &JobOutput)> {
        self.jobs.iter().map(|(key, kept)| (key, &kept.output))
    }
}

impl Memory {
    /// Renders into `sink` the files of `site` (whose pages `plan` gives) that differ from the
    /// build this memory holds (every file, for an empty memory). On success the memory holds
    /// the new build; on failure it is as it was.
    pub fn render(
        &mut self,
        (site, plan): (&Site, &Plan<'_>),
        theme: &Theme,
        audience: Audience,
        withheld: &Withheld,
        sink: &dyn Sink,
    ) -> Result<Rebuilt, Vec<Diagnostic>> {
        let jobs = plan.jobs();
        let keys: Vec<JobKey> = jobs.iter().map(|job| plan.key(job)).collect();
        let planned: FxHashSet<&JobKey> = keys.iter().collect();
        let fresh = self.render_jobs(site, theme, plan, (&jobs, &keys), sink)?;
        let outputs: Vec<&JobOutput> = keys
            .iter()
            .filter_map(|key| fresh.get(key).or_else(|| Some(&self.jobs.get(key)?.output)))
            .collect();
        let used = UsedChange::new(&self.used, &self.jobs, &fresh, &planned);
        let measures = render::compare::measures(site, &|key| used.contains(key), withheld);
        let compare_print = render::compare::fingerprint(&measures);
        // The comparison as it is now, and the datasets it showed if it was rendered again.
        let (compared, replaced) = match self.site_wide.compare.take() {
            Some((print, kept)) if print == compare_print => (kept, None),
            kept => match render::compare_page(site, theme, &measures, audience.drafts) {
                Ok(compared) => (compared, Some(kept.map(|(_, old)| old.datasets))),
                Err(found) => {
                    self.site_wide.compare = kept;
                    return Err(found);
                }
            },
        };
        // Nothing below fails but writing: from here on the memory changes.
        let mut changes = SiteChanges::new(&mut self.site_wide, &self.jobs, &fresh, &planned);
        changes.write_site_files((site, plan), theme, &outputs, &compared, sink)?;
        let mut candidates = used.candidates();
        if let Some(before) = &replaced {
            candidates.extend(compared.datasets.iter().chain(before.iter().flatten()));
        }
        let published = |key: &DatasetKey| used.contains(key) || compared.datasets.contains(key);
        changes.write_csvs(site, candidates, &published, sink)?;
        let removed = changes.removed();
        let counts = used.settled();
        drop(outputs);
        for (key, count) in counts {
            match count {
                0 => self.used.remove(&key),
                _ => self.used.insert(key, count),
            };
        }
        self.jobs.retain(|key, _| planned.contains(key));
        self.jobs.extend(fresh.jobs);
        let rendered = self.summary(&keys, &compared, withheld);
        self.site_wide.compare = Some((compare_print, compared));
        Ok(Rebuilt { rendered, removed })
    }

    /// The build's summary, as [`render::summary`] gives it, from what is kept of every job:
    /// the warnings of a job are found again only when the exempt papers' datasets changed.
    fn summary(&mut self, keys: &[JobKey], compared: &Compared, withheld: &Withheld) -> Rendered {
        let print = withheld.exempt_fingerprint();
        for kept in self.jobs.values_mut() {
            if kept.warnings.as_ref().is_none_or(|(p, _)| *p != print) {
                let output = &kept.output;
                let mut warnings = output.warnings.clone();
                warnings.extend(withheld.shared_with_exempt(&output.usage.uses));
                kept.warnings = Some((print, warnings));
            }
        }
        let mut rendered = Rendered {
            pages: 1,
            charts: compared.charts,
            warnings: compared.warnings.clone(),
            ..Rendered::default()
        };
        for kept in keys.iter().filter_map(|key| self.jobs.get(key)) {
            let usage = &kept.output.usage;
            if let Some((_, warnings)) = &kept.warnings {
                rendered.warnings.extend(warnings.iter().cloned());
            }
            rendered.charts += usage.charts;
            rendered.pages += kept.output.paths.len();
            let copies = usage
                .assets
                .iter()
                .map(|(path, source)| (path.clone(), source.clone()));
            rendered.copies.extend(copies);
        }
        rendered.warnings.sort();
        rendered.warnings.dedup();
        rendered
    }

    /// Renders again every job whose inputs or datasets changed, in parallel, writing their
    /// pages into `sink`; every problem of every job when any fails.
    fn render_jobs(
        &self,
        site: &Site,
        theme: &Theme,
        plan: &Plan<'_>,
        (jobs, keys): (&[Job], &[JobKey]),
        sink: &dyn Sink,
    ) -> Result<Fresh, Vec<Diagnostic>> {
        let prints = DatasetPrints::of(site);
        let todo: Vec<(&JobKey, Option<u64>, &Job)> = jobs
            .iter()
            .zip(keys)
            .map(|(job, key)| (key, plan.inputs(job), job))
            .filter(|(key, inputs, _)| {
                self.jobs.get(*key).is_none_or(|kept| {
                    kept.inputs.is_none()
                        || kept.inputs != *inputs
                        || !prints.hold(&kept.prints, &kept.output.reads, site)
                })
            })
            .collect();
        let results: Vec<(&JobKey, Option<u64>, Rendering)> = todo
            .into_par_iter()
            .map(|(key, inputs, job)| {
                let result = render::render_job(site, theme, plan, job, sink);
                (key, inputs, result)
            })
            .collect();
        let mut fresh = Fresh::default();
        let mut problems = Vec::new();
        for (key, inputs, result) in results {
            match result {
                Ok(output) => {
                    let kept = Kept {
                        inputs,
                        prints: prints.of_reads(&output.reads),
                        output,
                        warnings: None,
                    };
                    fresh.jobs.insert(key.clone(), kept);
                }
                Err(found) => problems.extend(found),
            }
        }
        if problems.is_empty() {
            Ok(fresh)
        } else {
            problems.sort();
            problems.dedup();
            Err(problems)
        }
    }

    /// The unpublished content of the whole site (as [`render::unpublished`] gives it),
    /// rendering again only the authorities whose reports, settings or datasets read changed.
    pub fn unpublished(&mut self, site: &Site, audience: Audience) -> Unpublished {
        let prints = DatasetPrints::of(site);
        let stale: Vec<&Authority> = site
            .authorities
            .iter()
            .filter(|a| {
                self.unpublished.get(&a.slug).is_none_or(|kept| {
                    kept.inputs != authority_inputs(a)
                        || !prints.hold(&kept.prints, &kept.reads, site)
                })
            })
            .collect();
        let renewed: Vec<(&Authority, Unpublished)> = stale
            .par_iter()
            .map(|a| (*a, render::unpublished(site, [*a], audience)))
            .collect();
        // Results with errors are not kept: what they lack (a dataset not found) may come.
        let mut failed = FxHashMap::default();
        for (authority, mut unpublished) in renewed {
            if unpublished.diagnostics.iter().any(Diagnostic::is_error) {
                self.unpublished.remove(&authority.slug);
                failed.insert(authority.slug.as_str(), unpublished);
            } else {
                let reads = std::mem::take(&mut unpublished.reads);
                let kept = KeptUnpublished {
                    inputs: authority_inputs(authority),
                    prints: prints.of_reads(&reads),
                    reads,
                    unpublished,
                };
                self.unpublished.insert(authority.slug.clone(), kept);
            }
        }
        self.unpublished
            .retain(|slug, _| site.authority(slug).is_some());
        let mut all = Unpublished::default();
        for authority in &site.authorities {
            if let Some(result) = failed.remove(authority.slug.as_str()).or_else(|| {
                let kept = self.unpublished.get(&authority.slug)?;
                Some(kept.unpublished.clone())
            }) {
                all.extend(result);
            }
        }
        all
    }
}

/// Writes `bytes` at `path` unless `before`, the fingerprint of what the last build wrote
/// there, says they are the same; gives their fingerprint.
fn write_changed(
    sink: &dyn Sink,
    path: &str,
    bytes: &[u8],
    before: Option<u64>,
) -> Result<u64, Vec<Diagnostic>> {
    let digest = crate::content::fingerprint(bytes);
    if before != Some(digest) {
        crate::output::write(sink, path, bytes)?;
    }
    Ok(digest)
}

/// What an authority's unpublished content and its files of the publishing duties are made
/// from, but for the datasets the content reads: the authority's settings and every report.
fn authority_inputs(authority: &Authority) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    authority.fingerprint.hash(&mut hasher);
    for report in &authority.reports {
        (&report.slug, report.fingerprint).hash(&mut hasher);
    }
    hasher.finish()
}

/// How the jobs' use of datasets changes with a rebuild: the last build's counts, and the
/// change of each dataset that a rendered or removed job draws on.
struct UsedChange<'a> {
    counts: &'a FxHashMap<DatasetKey, u32>,
    change: FxHashMap<&'a DatasetKey, i64>,
}

impl<'a> UsedChange<'a> {
    fn new(
        counts: &'a FxHashMap<DatasetKey, u32>,
        jobs: &'a FxHashMap<JobKey, Kept>,
        fresh: &'a Fresh,
        planned: &FxHashSet<&JobKey>,
    ) -> Self {
        let mut change: FxHashMap<&DatasetKey, i64> = FxHashMap::default();
        let gone = jobs.iter().filter(|(key, _)| !planned.contains(key));
        let replaced = fresh.iter().filter_map(|(key, _)| jobs.get_key_value(key));
        for (_, kept) in gone.chain(replaced) {
            for key in &kept.output.usage.datasets {
                *change.entry(key).or_default() -= 1;
            }
        }
        for (_, output) in fresh.iter() {
            for key in &output.usage.datasets {
                *change.entry(key).or_default() += 1;
            }
        }
        UsedChange { counts, change }
    }

    fn count(&self, key: &DatasetKey) -> i64 {
        let before = self.counts.get(key).copied().map_or(0, i64::from);
        before + self.change.get(key).copied().unwrap_or(0)
    }

    /// Whether a page draws on the dataset.
    fn contains(&self, key: &DatasetKey) -> bool {
        self.count(key) > 0
    }

    /// The datasets whose CSV may differ: those the rendered and removed jobs drew on. A
    /// kept job's datasets are as they were: it would be rendered again otherwise.
    fn candidates(&self) -> FxHashSet<&'a DatasetKey> {
        self.change.keys().copied().collect()
    }

    /// The count of each dataset whose count changed, after the rebuild.
    fn settled(&self) -> Vec<(DatasetKey, u32)> {
        self.change
            .keys()
            .map(|key| ((*key).clone(), u32::try_from(self.count(key)).unwrap_or(0)))
            .collect()
    }
}

/// The site-wide files of a rebuild, written where they differ from the last build's, and the
/// paths that are gone.
struct SiteChanges<'m> {
    memory: &'m mut SiteWide,
    jobs: &'m FxHashMap<JobKey, Kept>,
    fresh: &'m Fresh,
    planned: &'m FxHashSet<&'m JobKey>,
    /// Whether the jobs are other than last time, or any made other pages or searched other
    /// reports.
    pages_changed: bool,
    /// Whether the sitemap and feed may show anything new.
    listings_changed: bool,
    /// The site-wide files of this build, but the CSVs.
    site_files: BTreeSet<String>,
    /// The CSV files no longer published.
    gone_csv: Vec<String>,
    /// The files of the publishing duties no longer made.
    gone_published: Vec<String>,
}

impl<'m> SiteChanges<'m> {
    fn new(
        memory: &'m mut SiteWide,
        jobs: &'m FxHashMap<JobKey, Kept>,
        fresh: &'m Fresh,
        planned: &'m FxHashSet<&'m JobKey>,
    ) -> Self {
        let jobs_changed =
            jobs.len() != planned.len() || jobs.keys().any(|key| !planned.contains(key));
        let differ = |same: &dyn Fn(&JobOutput, &JobOutput) -> bool| {
            jobs_changed
                || fresh
                    .iter()
                    .any(|(key, new)| jobs.get(key).is_none_or(|old| !same(&old.output, new)))
        };
        let pages_changed = differ(&|old, new| {
            // A report can keep its page and leave search (made exempt, with exempt papers
            // shown): the reports searched must be the same ones too.
            old.paths == new.paths
                && old.search.len() == new.search.len()
                && old
                    .search
                    .iter()
                    .zip(&new.search)
                    .all(|(a, b)| a.path == b.path)
        });
        let listings_changed =
            differ(&|old, new| old.paths == new.paths && old.listed == new.listed);
        SiteChanges {
            memory,
            jobs,
            fresh,
            planned,
            pages_changed,
            listings_changed,
            site_files: BTreeSet::new(),
            gone_csv: Vec::new(),
            gone_published: Vec::new(),
        }
    }

    /// Writes a site-wide file when its bytes differ from the last build's.
    fn write(&mut self, sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
        let before = self.memory.files.get(path).copied();
        let digest = write_changed(sink, path, bytes, before)?;
        self.memory.files.insert(path.to_owned(), digest);
        self.site_files.insert(path.to_owned());
        Ok(())
    }

    fn write_all(&mut self, sink: &dyn Sink, files: &[OutputFile]) -> Result<(), Vec<Diagnostic>> {
        files
            .iter()
            .try_for_each(|file| self.write(sink, &file.path, &file.bytes))
    }

    fn write_site_files(
        &mut self,
        (site, plan): (&Site, &Plan<'_>),
        theme: &Theme,
        outputs: &[&JobOutput],
        compared: &Compared,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        self.write(sink, &compared.page.path, compared.page.html.as_bytes())?;
        self.write_all(sink, &compared.files)?;
        let (search, search_paths) = self.search_files(outputs);
        self.write_all(sink, &search)?;
        self.site_files.extend(search_paths);
        if self.listings_changed || !self.memory.files.contains_key("sitemap.xml") {
            let sitemap = render::sitemap(site, outputs.iter().copied(), compared);
            let feed = render::feed(site, outputs.iter().copied());
            self.write(sink, "sitemap.xml", sitemap.as_bytes())?;
            self.write(sink, "feed.xml", feed.as_bytes())?;
        } else {
            self.site_files
                .extend(["sitemap.xml".to_owned(), "feed.xml".to_owned()]);
        }
        self.write_all(sink, &render::published_schema_files(site))?;
        self.write_published(site, plan, sink)?;
        self.write_all(sink, &render::theme_assets(theme))
    }

    /// The councils' files of the publishing duties, made again for the councils whose
    /// settings, meetings or reports changed (they read nothing else), and written where
    /// they differ.
    fn write_published(
        &mut self,
        site: &Site,
        plan: &Plan<'_>,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let inputs: Vec<u64> = site.authorities.iter().map(authority_inputs).collect();
        let remade: Vec<(usize, Vec<OutputFile>)> = (0..site.authorities.len())
            .into_par_iter()
            .filter(|&index| {
                let kept = self.memory.published.get(&site.authorities[index].slug);
                kept.is_none_or(|(print, _)| *print != inputs[index])
            })
            .map(|index| (index, render::published_authority_files(site, plan, index)))
            .collect();
        for (index, files) in remade {
            let slug = &site.authorities[index].slug;
            let mut kept = self.memory.published.remove(slug).unwrap_or_default().1;
            let mut made = FxHashMap::default();
            for file in files {
                let before = kept.remove(&file.path);
                let digest = write_changed(sink, &file.path, &file.bytes, before)?;
                made.insert(file.path, digest);
            }
            self.gone_published.extend(kept.into_keys());
            self.memory
                .published
                .insert(slug.clone(), (inputs[index], made));
        }
        let slugs: FxHashSet<&str> = site.authorities.iter().map(|a| a.slug.as_str()).collect();
        let gone = (self.memory.published).extract_if(|slug, _| !slugs.contains(slug.as_str()));
        for (_, (_, paths)) in gone {
            self.gone_published.extend(paths.into_keys());
        }
        Ok(())
    }

    /// The search index brought up to the jobs' reports: the files changed, and the paths of
    /// all of them.
    fn search_files(&mut self, outputs: &[&JobOutput]) -> (Vec<OutputFile>, Vec<String>) {
        let entries = || -> Vec<&SearchEntry> { outputs.iter().flat_map(|o| &o.search).collect() };
        let previous = self.memory.search.take();
        let mut index = match previous {
            None => SearchIndex::build(&entries()),
            Some(mut index) => {
                let changes = self.search_changes();
                if self.pages_changed {
                    index.update(&entries(), &changes);
                } else {
                    index.update_same(&changes, entries);
                }
                index
            }
        };
        let files = index.take_changes();
        self.memory.search = Some(index);
        files
    }

    /// Each rendered job's reports before and after, and those of the jobs that are gone.
    fn search_changes(&self) -> Vec<(&[SearchEntry], &[SearchEntry])> {
        let mut changes: Vec<(&[SearchEntry], &[SearchEntry])> = Vec::new();
        for (key, new) in self.fresh.iter() {
            let before = self.jobs.get(key).map(|kept| kept.output.search.as_slice());
            changes.push((before.unwrap_or_default(), new.search.as_slice()));
        }
        for (key, kept) in self.jobs {
            if !self.planned.contains(key) {
                changes.push((kept.output.search.as_slice(), &[]));
            }
        }
        changes
    }

    /// Writes the CSV of each of `candidates` that is published (`published` says which) and
    /// whose dataset changed, and notes those no longer published.
    fn write_csvs(
        &mut self,
        site: &Site,
        candidates: FxHashSet<&DatasetKey>,
        published: &dyn Fn(&DatasetKey) -> bool,
        sink: &dyn Sink,
    ) -> Result<(), Vec<Diagnostic>> {
        let csv = &self.memory.csv;
        let (shown, gone): (Vec<&DatasetKey>, Vec<&DatasetKey>) =
            candidates.into_iter().partition(|key| published(key));
        let changed: Vec<(&DatasetKey, u64, OutputFile)> = shown
            .par_iter()
            .filter_map(|key| {
                let fingerprint = site.dataset_at(key)?.fingerprint;
                if csv.get(*key) == Some(&fingerprint) {
                    return None;
                }
                Some((*key, fingerprint, render::csv_file(site, key)?))
            })
            .collect();
        for (key, fingerprint, file) in changed {
            crate::output::write(sink, &file.path, &file.bytes)?;
            self.memory.csv.insert(key.clone(), fingerprint);
        }
        for key in gone {
            if self.memory.csv.remove(key).is_some() {
                self.gone_csv.push(key.csv_path());
            }
        }
        Ok(())
    }

    /// The paths of the last build that this one has not: the pages a job no longer makes,
    /// every page of a job that is gone, site-wide files no longer written, CSVs no longer
    /// published.
    fn removed(self) -> Vec<String> {
        let mut removed: Vec<String> = Vec::new();
        for (key, new) in self.fresh.iter() {
            if let Some(old) = self.jobs.get(key) {
                let now: FxHashSet<&String> = new.paths.iter().collect();
                removed.extend(
                    old.output
                        .paths
                        .iter()
                        .filter(|p| !now.contains(p))
                        .cloned(),
                );
            }
        }
        for (key, kept) in self.jobs {
            if !self.planned.contains(key) {
                removed.extend(kept.output.paths.iter().cloned());
            }
        }
        let files = &mut self.memory.files;
        removed.extend(
            files
                .keys()
                .filter(|path| !self.site_files.contains(*path))
                .cloned(),
        );
        files.retain(|path, _| self.site_files.contains(path));
        removed.extend(self.gone_csv);
        removed.extend(self.gone_published);
        // A path that moved from one job to another is not gone.
        let made: FxHashSet<&str> = self
            .fresh
            .iter()
            .flat_map(|(_, output)| output.paths.iter().map(String::as_str))
            .chain(self.site_files.iter().map(String::as_str))
            .collect();
        removed.retain(|path| !made.contains(path.as_str()));
        removed.sort();
        removed.dedup();
        removed
    }
}
