//! One authority's folder, loaded step by step: its name, `authority.yaml`, the datasets in
//! `data/`, the reports in `reports/`, `meetings.yaml`, what refers across them, and the files
//! of `assets/`. A file the preview loaded before, unchanged since, is taken as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::ids::{self, FileId};
use super::{
    Authority, AuthorityMeta, Dataset, MeetingInfo, Previous, Report, assets, authority, dataset,
    fingerprint, listing, meetings, references, report, source,
};
use crate::diagnostic::{Diagnostic, Sources, display_path};

/// What loading an authority's folder has found so far.
struct FolderLoad<'a> {
    root: &'a Path,
    dir: &'a Path,
    slug: String,
    previous: Previous<'a>,
    diagnostics: Vec<Diagnostic>,
    sources: Sources,
}

/// Loads the authority in `dir`, taking the files unchanged since `previous` from it.
pub(super) fn load_authority(
    root: &Path,
    dir: &Path,
    previous: Previous<'_>,
) -> (Option<Authority>, Vec<Diagnostic>, Sources) {
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut load = FolderLoad {
        root,
        dir,
        slug,
        previous,
        diagnostics: Vec::new(),
        sources: Sources::default(),
    };
    if let Err(problem) =
        ids::check_file_name(&load.slug, &display_path(root, dir), FileId::Authority)
    {
        load.diagnostics.push(problem);
        return (None, load.diagnostics, load.sources);
    }
    let meta = load.authority_meta();
    let (datasets, broken_datasets) = load.datasets();
    let reports = load.reports();
    let (meetings, meetings_file) = load.meetings();
    if let Some(meta) = &meta {
        references::check(
            &reports,
            &meetings,
            meta,
            &meetings_file,
            &load.sources,
            &mut load.diagnostics,
        );
    }
    let scanned = assets::scan(root, dir);
    load.diagnostics.extend(scanned.diagnostics);
    let authority = meta.map(|meta| {
        let fingerprint = whole_fingerprint(&load.sources, &meta, &meetings_file, &scanned.files);
        Authority {
            slug: load.slug.clone(),
            meta,
            datasets,
            reports,
            meetings,
            meetings_file,
            assets: scanned.files,
            refused_assets: scanned.refused,
            broken_datasets,
            fingerprint,
        }
    });
    if let Some(authority) = &authority {
        assets::check_paths(
            authority,
            load.sources.get(&authority.meta.file).unwrap_or_default(),
            &mut load.diagnostics,
        );
    }
    (authority, load.diagnostics, load.sources)
}

/// A fingerprint of what every page of the authority shows: `authority.yaml`,
/// `meetings.yaml` and the list of its assets.
fn whole_fingerprint(
    sources: &Sources,
    meta: &AuthorityMeta,
    meetings_file: &str,
    assets: &BTreeMap<String, assets::Asset>,
) -> u64 {
    let mut whole = rustc_hash::FxHasher::default();
    for file in [&meta.file, meetings_file] {
        sources.get(file).hash(&mut whole);
    }
    for (key, asset) in assets {
        (key, asset.bytes).hash(&mut whole);
    }
    whole.finish()
}

impl FolderLoad<'_> {
    fn display(&self, path: &Path) -> String {
        display_path(self.root, path)
    }

    /// The problems last found in a file, when it is unchanged and taken as it was.
    fn earlier(&self, display: &str) -> Vec<Diagnostic> {
        self.previous
            .map(|(_, found)| {
                found
                    .iter()
                    .filter(|d| d.file == display)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    fn authority_meta(&mut self) -> Option<AuthorityMeta> {
        let path = self.dir.join("authority.yaml");
        let display = self.display(&path);
        match source::read_text(&path, &display) {
            Ok(text) => {
                let meta = authority::read(&text, &display, &mut self.diagnostics);
                self.sources.insert(display, text);
                meta
            }
            Err(problem) => {
                self.diagnostics.push(if path.exists() {
                    problem
                } else {
                    Diagnostic::error(
                        self.display(self.dir),
                        format!("the authority folder `{}` has no authority.yaml", self.slug),
                    )
                    .with_hint("add authority.yaml with at least name and committees")
                });
                None
            }
        }
    }

    /// The datasets of `data/`, and the ids of those whose files have errors.
    fn datasets(&mut self) -> (BTreeMap<String, Dataset>, BTreeSet<String>) {
        let mut datasets = BTreeMap::new();
        let mut broken = BTreeSet::new();
        let listed = listing::files(self.root, &self.dir.join("data"), listing::Kind::Dataset);
        self.diagnostics.extend(listed.problems);
        broken.extend(listed.unread);
        for path in listed.files {
            let id = file_stem(&path);
            match self.dataset(&path, &id) {
                Some(dataset) => {
                    datasets.insert(id, dataset);
                }
                None => {
                    broken.insert(id);
                }
            }
        }
        (datasets, broken)
    }

    fn dataset(&mut self, path: &Path, id: &str) -> Option<Dataset> {
        let display = self.display(path);
        if let Err(problem) = ids::check_file_name(id, &display, FileId::Dataset) {
            self.diagnostics.push(problem);
            return None;
        }
        let text = source::read_text(path, &display)
            .map_err(|problem| self.diagnostics.push(problem))
            .ok()?;
        let print = fingerprint(text.as_bytes());
        let unchanged = self.previous.and_then(|(authority, _)| {
            authority
                .datasets
                .get(id)
                .filter(|d| d.file == display && d.fingerprint == print)
        });
        let dataset = match unchanged {
            Some(dataset) => {
                let earlier = self.earlier(&display);
                self.diagnostics.extend(earlier);
                Some(dataset.clone())
            }
            None => dataset::read(&text, &display, id.to_owned(), &mut self.diagnostics).map(
                |mut dataset| {
                    ids::measure(&mut dataset, &text, &mut self.diagnostics);
                    dataset
                },
            ),
        };
        self.sources.insert(display, text);
        dataset
    }

    /// The reports of `reports/`, in the order of their file names.
    fn reports(&mut self) -> Vec<Report> {
        let listed = listing::files(self.root, &self.dir.join("reports"), listing::Kind::Report);
        self.diagnostics.extend(listed.problems);
        listed
            .files
            .iter()
            .filter_map(|path| self.report(path))
            .collect()
    }

    fn report(&mut self, path: &Path) -> Option<Report> {
        let display = self.display(path);
        let slug = file_stem(path);
        if let Err(problem) = ids::check_file_name(&slug, &display, FileId::Report) {
            self.diagnostics.push(problem);
            return None;
        }
        let text = source::read_text(path, &display)
            .map_err(|problem| self.diagnostics.push(problem))
            .ok()?;
        let print = fingerprint(text.as_bytes());
        let unchanged = self.previous.and_then(|(authority, _)| {
            authority
                .reports
                .iter()
                .find(|r| r.file == display && r.fingerprint == print)
        });
        let report = match unchanged {
            Some(report) => {
                let earlier = self.earlier(&display);
                self.diagnostics.extend(earlier);
                Some(report.clone())
            }
            None => report::read(&text, &display, slug, &mut self.diagnostics),
        };
        self.sources.insert(display, text);
        report
    }

    /// What `meetings.yaml` adds, and the file's path from the site root.
    fn meetings(&mut self) -> (Vec<MeetingInfo>, String) {
        let path = self.dir.join("meetings.yaml");
        let display = self.display(&path);
        if !path.exists() {
            return (Vec::new(), display);
        }
        let meetings = match source::read_text(&path, &display) {
            Ok(text) => {
                let meetings = meetings::read(&text, &display, &mut self.diagnostics);
                self.sources.insert(display.clone(), text);
                meetings
            }
            Err(problem) => {
                self.diagnostics.push(problem);
                Vec::new()
            }
        };
        (meetings, display)
    }
}

pub(super) fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The folders directly inside `dir` whose names do not start with a dot, sorted.
pub(super) fn list_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if entry.file_type()?.is_dir() && !name.to_string_lossy().starts_with('.') {
            dirs.push(entry.path());
        }
    }
    dirs.sort();
    Ok(dirs)
}
