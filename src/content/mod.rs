//! The content folder, loaded into a typed model: the site, its authorities, their datasets
//! and reports. Loading knows nothing of HTML; every problem becomes a [`Diagnostic`].

mod address;
pub mod assets;
mod authority;
mod dataset;
mod date;
mod ids;
mod links;
mod meetings;
pub mod places;
mod reads;
mod report;
mod site;
pub mod source;
mod svg;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use address::{DatasetKey, MeetingAddress, canonical_path};
pub use authority::{AuthorityMeta, Committee, DashboardBlock};
pub use dataset::{Cell, Column, ColumnType, Dataset, SUPPRESSION_CODES};
pub use date::PartialDate;
pub use links::base_url_problem;
pub use meetings::{AgendaEntry, Cancelled, MeetingInfo};
pub use reads::{DatasetRead, Datasets, Missing};
pub use report::{
    AgendaItem, AppendixRef, Author, BackgroundPaper, Exempt, FrontMatter, Numbering, Purpose,
    Report, Status, Update, split_front_matter,
};
pub use site::{Accessibility, SiteConfig};

use crate::diagnostic::{Diagnostic, Sources, display_path, locate, nearest};
use ids::FileId;

/// The whole site as loaded from `content/`.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Authorities in the order of their folder names.
    pub authorities: Vec<Authority>,
}

#[derive(Debug, Clone)]
pub struct Authority {
    /// The folder name, which is also the URL slug.
    pub slug: String,
    pub meta: AuthorityMeta,
    pub datasets: BTreeMap<String, Dataset>,
    /// Reports in the order of their file names.
    pub reports: Vec<Report>,
    /// What `meetings.yaml` adds: times, venues, items without reports, cancellations.
    pub meetings: Vec<MeetingInfo>,
    /// Path of `meetings.yaml` relative to the site root.
    pub meetings_file: String,
    /// The files of its `assets/` folder, by their path from the authority's folder.
    pub assets: BTreeMap<String, assets::Asset>,
    /// The files of its `assets/` folder that are never published (a type that can run
    /// script, a name that is not web-safe), by the same paths.
    pub refused_assets: std::collections::BTreeSet<String>,
    /// Datasets whose files have errors: what refers to them says nothing more, so an author
    /// sees each mistake once.
    pub broken_datasets: std::collections::BTreeSet<String>,
    /// A fingerprint of what every page of the authority shows: `authority.yaml`,
    /// `meetings.yaml` and the list of its assets.
    pub fingerprint: u64,
}

impl Authority {
    /// Finds the asset a path names, or says why it cannot be used.
    pub fn asset(&self, reference: &str) -> Result<(String, &assets::Asset), String> {
        let key = assets::normalise(reference)?;
        if let Some((why, _)) = assets::refusal(&key) {
            return Err(why);
        }
        match self.assets.get(&key) {
            Some(asset) => Ok((key, asset)),
            None if self.refused_assets.contains(&key) => Err(format!(
                "`{key}` is never published: see the problem reported for that file"
            )),
            None => Err(format!(
                "there is no file `{key}` in content/{}/",
                self.slug
            )),
        }
    }
}

impl Site {
    pub fn authority(&self, slug: &str) -> Option<&Authority> {
        // Authorities are loaded in the order of their folder names.
        match self
            .authorities
            .binary_search_by(|a| a.slug.as_str().cmp(slug))
        {
            Ok(index) => Some(&self.authorities[index]),
            Err(_) => self.authorities.iter().find(|a| a.slug == slug),
        }
    }

    /// Finds a dataset by `id` (this authority's) or `authority/id` (another's).
    pub fn dataset<'a>(&'a self, from: &'a Authority, reference: &str) -> Option<&'a Dataset> {
        match reference.split_once('/') {
            Some((authority, id)) => self.authority(authority)?.datasets.get(id),
            None => from.datasets.get(reference),
        }
    }
}

/// What loading produced: the model (absent when `site.yaml` itself cannot be read), every
/// problem found, and the text of every file for quoting in messages.
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

/// `content/site.yaml` as loaded.
pub struct ConfigLoad {
    pub config: Option<SiteConfig>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

/// One authority's folder as loaded: the authority (absent when its `authority.yaml` cannot be
/// read), its problems, and the text of its files.
pub struct AuthorityLoad {
    pub authority: Option<Authority>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

/// Loads `root/content`, collecting every problem rather than stopping at the first.
pub fn load(root: &Path) -> Loaded {
    let (
        ConfigLoad {
            config,
            mut diagnostics,
            mut sources,
        },
        folders,
    ) = load_folders(root);
    let mut authorities = Vec::new();
    for (_, load) in folders {
        authorities.extend(load.authority);
        diagnostics.extend(load.diagnostics);
        sources.extend(load.sources);
    }
    diagnostics.sort();
    Loaded {
        site: config.map(|config| Site {
            config,
            authorities,
        }),
        diagnostics,
        sources,
    }
}

/// Loads `content/site.yaml` and every authority folder (in parallel), each folder by its
/// name. A content folder that cannot be listed is a problem of the first.
pub fn load_folders(root: &Path) -> (ConfigLoad, Vec<(String, AuthorityLoad)>) {
    let mut config = load_config(root);
    let folders = authority_folders(root).unwrap_or_else(|problem| {
        config.diagnostics.push(problem);
        Vec::new()
    });
    let loads = folders
        .into_par_iter()
        .map(|slug| {
            let load = load_authority_folder(root, &slug, None);
            (slug, load)
        })
        .collect();
    (config, loads)
}

/// Loads `content/site.yaml`.
pub fn load_config(root: &Path) -> ConfigLoad {
    let mut diagnostics = Vec::new();
    let mut sources = Sources::default();
    let site_path = root.join("content").join("site.yaml");
    let site_display = display_path(root, &site_path);
    let config = match source::read_text(&site_path, &site_display) {
        Ok(text) => {
            let parsed = source::parse_fields::<SiteConfig>(
                &text,
                &site_display,
                1,
                SiteConfig::FIELDS,
                &mut diagnostics,
            );
            let mut config = parsed.map_err(|d| diagnostics.push(d)).ok();
            if let Some(config) = &mut config {
                diagnostics.extend(links::check_base_url(config, &text, &site_display));
                if let Some(problem) = ids::theme(&config.theme, &text, &site_display) {
                    // Nothing is read from a folder the name does not plainly give.
                    diagnostics.push(problem);
                    config.theme = "default".into();
                }
            }
            sources.insert(site_display.clone(), text);
            config
        }
        Err(mut d) => {
            if !site_path.exists() {
                d = Diagnostic::error(site_display, "there is no content/site.yaml here")
                    .with_hint("run scrutiny in the folder that holds content/, or give --root DIR; `scrutiny new site DIR` makes one");
            }
            diagnostics.push(d);
            None
        }
    };
    ConfigLoad {
        config,
        diagnostics,
        sources,
    }
}

/// The authorities' folder names under `content/`, sorted.
pub fn authority_folders(root: &Path) -> Result<Vec<String>, Diagnostic> {
    let content = root.join("content");
    let dirs = list_dirs(&content).map_err(|e| {
        Diagnostic::error(
            display_path(root, &content),
            format!("cannot read the content folder: {e}"),
        )
    })?;
    Ok(dirs
        .iter()
        .filter_map(|d| Some(d.file_name()?.to_string_lossy().into_owned()))
        .collect())
}

/// Loads the authority in `content/<slug>/`, taking the files unchanged since `previous` from
/// it.
pub fn load_authority_folder(root: &Path, slug: &str, previous: Previous<'_>) -> AuthorityLoad {
    let (authority, diagnostics, sources) =
        load_authority(root, &root.join("content").join(slug), previous);
    AuthorityLoad {
        authority,
        diagnostics,
        sources,
    }
}

/// A fingerprint of a file's bytes: equal texts have equal fingerprints, and different ones
/// almost never do.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    bytes.hash(&mut hasher);
    hasher.finish()
}

fn list_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
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

/// Files with the given extension directly inside `dir`, sorted by name.
fn list_files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() || e.file_type().is_symlink())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The authority as last loaded, with the problems found then: a file whose text is the same
/// is taken from it rather than parsed again.
pub type Previous<'a> = Option<(&'a Authority, &'a [Diagnostic])>;

fn load_authority(
    root: &Path,
    dir: &Path,
    previous: Previous<'_>,
) -> (Option<Authority>, Vec<Diagnostic>, Sources) {
    // The problems last found in a file, when it is unchanged and taken as it was.
    let earlier = |display: &str| -> Vec<Diagnostic> {
        previous
            .map(|(_, found)| {
                found
                    .iter()
                    .filter(|d| d.file == display)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut diagnostics = Vec::new();
    let mut sources = Sources::default();
    let slug = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();

    if let Err(problem) = ids::check_file_name(&slug, &display_path(root, dir), FileId::Authority) {
        diagnostics.push(problem);
        return (None, diagnostics, sources);
    }
    let meta_path = dir.join("authority.yaml");
    let meta_display = display_path(root, &meta_path);
    let meta = match source::read_text(&meta_path, &meta_display) {
        Ok(text) => {
            let meta = read_authority_meta(&text, &meta_display, &slug, &mut diagnostics);
            sources.insert(meta_display.clone(), text);
            meta
        }
        Err(d) => {
            diagnostics.push(if meta_path.exists() {
                d
            } else {
                Diagnostic::error(
                    display_path(root, dir),
                    format!("the authority folder `{slug}` has no authority.yaml"),
                )
                .with_hint("add authority.yaml with at least name and committees")
            });
            None
        }
    };

    let mut datasets = BTreeMap::new();
    let mut broken_datasets = std::collections::BTreeSet::new();
    for path in list_files(&dir.join("data"), "yaml") {
        let display = display_path(root, &path);
        if let Err(problem) = ids::check_file_name(&file_stem(&path), &display, FileId::Dataset) {
            diagnostics.push(problem);
            broken_datasets.insert(file_stem(&path));
            continue;
        }
        match source::read_text(&path, &display) {
            Ok(text) => {
                let print = fingerprint(text.as_bytes());
                let unchanged = previous.and_then(|(authority, _)| {
                    authority
                        .datasets
                        .get(&file_stem(&path))
                        .filter(|d| d.file == display && d.fingerprint == print)
                });
                let dataset = match unchanged {
                    Some(dataset) => {
                        diagnostics.extend(earlier(&display));
                        Some(dataset.clone())
                    }
                    None => read_dataset(&text, &display, file_stem(&path), &mut diagnostics).map(
                        |mut dataset| {
                            ids::measure(&mut dataset, &text, &mut diagnostics);
                            dataset
                        },
                    ),
                };
                match dataset {
                    Some(dataset) => {
                        datasets.insert(dataset.id.clone(), dataset);
                    }
                    None => {
                        broken_datasets.insert(file_stem(&path));
                    }
                }
                sources.insert(display, text);
            }
            Err(d) => {
                broken_datasets.insert(file_stem(&path));
                diagnostics.push(d);
            }
        }
    }

    let mut reports = Vec::new();
    for path in list_files(&dir.join("reports"), "md") {
        let display = display_path(root, &path);
        if let Err(problem) = ids::check_file_name(&file_stem(&path), &display, FileId::Report) {
            diagnostics.push(problem);
            continue;
        }
        match source::read_text(&path, &display) {
            Ok(text) => {
                let print = fingerprint(text.as_bytes());
                let unchanged = previous.and_then(|(authority, _)| {
                    authority
                        .reports
                        .iter()
                        .find(|r| r.file == display && r.fingerprint == print)
                });
                let report = match unchanged {
                    Some(report) => {
                        diagnostics.extend(earlier(&display));
                        Ok(report.clone())
                    }
                    None => read_report(&text, &display, file_stem(&path), &mut diagnostics),
                };
                match report {
                    Ok(report) => reports.push(report),
                    Err(d) => diagnostics.push(d),
                }
                sources.insert(display, text);
            }
            Err(d) => diagnostics.push(d),
        }
    }

    let meetings_path = dir.join("meetings.yaml");
    let meetings_file = display_path(root, &meetings_path);
    let mut meetings = Vec::new();
    if meetings_path.exists() {
        match source::read_text(&meetings_path, &meetings_file) {
            Ok(text) => {
                match source::parse_yaml::<meetings::MeetingsFile>(&text, &meetings_file, 1) {
                    Ok(file) => {
                        let first = locate(&text, "meetings:", 1).map_or(1, |(line, _)| line);
                        meetings = file.meetings;
                        for (index, meeting) in meetings.iter_mut().enumerate() {
                            meeting.line = nth_item_line_at_indent(&text, first, index);
                        }
                    }
                    Err(d) => diagnostics.push(d),
                }
                sources.insert(meetings_file.clone(), text);
            }
            Err(d) => diagnostics.push(d),
        }
    }

    if let Some(meta) = &meta {
        for report in &reports {
            check_committee(report, meta, &sources, &mut diagnostics);
        }
        for meeting in &meetings {
            if meta.committee(&meeting.committee).is_none() {
                let mut diagnostic = Diagnostic::error(
                    &meetings_file,
                    format!(
                        "the committee `{}` is not one of this authority's committees",
                        meeting.committee
                    ),
                )
                .at(meeting.line, 1);
                if let Some(near) = nearest(
                    &meeting.committee,
                    meta.committees.iter().map(|c| c.id.as_str()),
                ) {
                    diagnostic = diagnostic.with_hint(format!("did you mean `{near}`?"));
                }
                diagnostics.push(diagnostic);
            }
        }
        check_agenda_numbers(&reports, &meetings, meta, &meetings_file, &mut diagnostics);
    }

    let scanned = assets::scan(root, dir);
    diagnostics.extend(scanned.diagnostics);
    let (assets, refused_assets) = (scanned.files, scanned.refused);

    let authority = meta.map(|meta| {
        let mut whole = rustc_hash::FxHasher::default();
        for file in [&meta.file, &meetings_file] {
            sources.get(file).hash(&mut whole);
        }
        for (key, asset) in &assets {
            (key, asset.bytes).hash(&mut whole);
        }
        Authority {
            slug,
            meta,
            datasets,
            reports,
            meetings,
            meetings_file,
            assets,
            refused_assets,
            broken_datasets,
            fingerprint: whole.finish(),
        }
    });
    if let Some(authority) = &authority {
        check_paths(
            authority,
            sources.get(&authority.meta.file).unwrap_or_default(),
            &mut diagnostics,
        );
    }
    (authority, diagnostics, sources)
}

fn read_authority_meta(
    text: &str,
    display: &str,
    slug: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<AuthorityMeta> {
    let file: authority::AuthorityFile = source::parse_fields(
        text,
        display,
        1,
        authority::AuthorityFile::FIELDS,
        diagnostics,
    )
    .map_err(|d| diagnostics.push(d))
    .ok()?;
    let mut committees = Vec::new();
    for (key, value) in &file.committees {
        match (key.as_str(), value.as_str()) {
            (Some(id), Some(name)) => {
                if ids::committee_id(id, text, display, diagnostics) {
                    committees.push(Committee {
                        id: id.to_owned(),
                        name: name.to_owned(),
                    });
                }
            }
            _ => {
                let (line, column) = locate(text, "committees:", 1).unwrap_or((0, 0));
                diagnostics.push(
                    Diagnostic::error(display, "each committee is `id: Full name`")
                        .at(line, column)
                        .with_hint(
                            "for example  children-select: Children Services Select Committee",
                        ),
                );
            }
        }
    }
    if let Some(colour) = &file.colour {
        if !is_hex_colour(colour) {
            let (line, column) = locate(text, "colour:", 1).unwrap_or((0, 0));
            diagnostics.push(
                Diagnostic::error(display, format!("`{colour}` is not a hex colour"))
                    .at(line, column)
                    .with_hint("write it in quotes as six hex digits: colour: \"#12436D\""),
            );
        }
    } else if let Some((line, column)) = locate(text, "colour: #", 1) {
        diagnostics.push(
            Diagnostic::error(
                display,
                "the colour is empty: YAML reads an unquoted # as the start of a comment",
            )
            .at(line, column + 8)
            .with_hint("put the colour in quotes: colour: \"#12436D\""),
        );
    }
    let dashboard_line = locate(text, "dashboard:", 1).map_or(1, |(line, _)| line);
    let dashboard = file
        .dashboard
        .iter()
        .enumerate()
        .filter_map(|(index, block)| {
            Some(DashboardBlock {
                yaml: serde_yaml::to_string(block).ok()?,
                line: nth_item_line(text, dashboard_line, index).0,
            })
        })
        .collect();
    let mut meta = AuthorityMeta {
        short_name: file.short_name.unwrap_or_else(|| file.name.clone()),
        name: file.name,
        code: file.code,
        website: file.website,
        colour: file.colour,
        logo: file.logo,
        tagline: file.tagline,
        committees,
        dashboard,
        file: display.to_owned(),
    };
    links::check_authority(&mut meta, text, diagnostics);
    Some(meta).filter(|_| !slug.is_empty())
}

fn is_hex_colour(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn read_dataset(
    text: &str,
    display: &str,
    id: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Dataset> {
    let file: dataset::DatasetFile =
        source::parse_fields(text, display, 1, dataset::DatasetFile::FIELDS, diagnostics)
            .map_err(|d| diagnostics.push(d))
            .ok()?;
    let rows_line = locate(text, "rows:", 1).map_or(1, |(line, _)| line);
    // Rows are written one a line in flow style: row N is the Nth `- ` after `rows:`. The
    // places are listed in one pass, so that a large dataset loads in linear time.
    let row_places = item_places(text, rows_line);
    let mut rows = Vec::with_capacity(file.rows.len());
    let mut ok = true;
    for (index, row) in file.rows.iter().enumerate() {
        let row_place = row_places.get(index).copied().unwrap_or((rows_line, 1));
        if row.len() != file.columns.len() {
            ok = false;
            diagnostics.push(
                Diagnostic::error(
                    display,
                    format!(
                        "row {} has {} cell{}, but the dataset has {} columns ({})",
                        index + 1,
                        row.len(),
                        if row.len() == 1 { "" } else { "s" },
                        file.columns.len(),
                        file.columns
                            .iter()
                            .map(|c| c.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .at(row_place.0, row_place.1)
                .with_hint(
                    "give every row one cell per column; write null for a value that is not known",
                ),
            );
            continue;
        }
        let mut cells = Vec::with_capacity(row.len());
        for (value, column) in row.iter().zip(&file.columns) {
            match dataset::read_cell(value, column) {
                Ok(cell) => cells.push(cell),
                Err(message) => {
                    ok = false;
                    diagnostics.push(
                        Diagnostic::error(display, format!("row {}: {message}", index + 1))
                            .at(row_place.0, row_place.1),
                    );
                    cells.push(Cell::Missing);
                }
            }
        }
        rows.push(cells);
    }
    ok.then_some(Dataset {
        id,
        file: display.to_owned(),
        title: file.title,
        source: file.source,
        measure: file.measure,
        unit: file.unit,
        notes: file.notes,
        columns: file.columns,
        rows,
        fingerprint: fingerprint(text.as_bytes()),
    })
}

/// The line of the `index`th item of the top-level list that starts after `from_line` (items
/// at the indentation of the first one).
fn nth_item_line_at_indent(text: &str, from_line: usize, index: usize) -> usize {
    let items: Vec<(usize, usize)> = text
        .lines()
        .enumerate()
        .skip(from_line)
        .filter(|(_, line)| line.trim_start().starts_with("- "))
        .map(|(n, line)| (n + 1, line.len() - line.trim_start().len()))
        .collect();
    let Some(&(_, indent)) = items.first() else {
        return from_line;
    };
    items
        .iter()
        .filter(|(_, i)| *i == indent)
        .nth(index)
        .map_or(from_line, |(n, _)| *n)
}

/// Every path a report or authority.yaml names must be a file in the authority's assets.
fn check_paths(authority: &Authority, authority_text: &str, diagnostics: &mut Vec<Diagnostic>) {
    use places::Step;
    // The hint for a file of a type never published says what to publish instead.
    let hint = |reference: &str, otherwise: &str| {
        assets::normalise(reference)
            .ok()
            .and_then(|key| assets::refusal(&key))
            .map_or_else(|| otherwise.to_owned(), |(_, hint)| hint)
    };
    if let Some((logo, Err(why))) = authority
        .meta
        .logo
        .as_deref()
        .map(|logo| (logo, authority.asset(logo)))
    {
        let place = places::value(authority_text, 1, &[Step::Key("logo")]);
        let (line, column) = place.unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::error(
                &authority.meta.file,
                format!("the logo cannot be used: {why}"),
            )
            .at(line, column)
            .with_hint(hint(
                logo,
                "put the logo in the authority's assets/ folder and write logo: assets/logo.png",
            )),
        );
    }
    for report in &authority.reports {
        for (index, appendix) in report.front.appendices.iter().enumerate() {
            let Some(file) = &appendix.file else { continue };
            if let Err(why) = authority.asset(file) {
                let path = [
                    Step::Key("appendices"),
                    Step::Index(index),
                    Step::Key("file"),
                ];
                let place = places::value(&report.front_text, 2, &path);
                let (line, column) = place.unwrap_or((1, 1));
                diagnostics.push(
                    Diagnostic::error(&report.file, format!("the appendix file cannot be used: {why}"))
                        .at(line, column)
                        .with_hint(hint(file, "put the file in the authority's assets/ folder and write file: assets/name.pdf")),
                );
            }
        }
    }
}

/// Two items of one meeting's agenda may not share a number.
fn check_agenda_numbers(
    reports: &[Report],
    meetings: &[MeetingInfo],
    meta: &AuthorityMeta,
    meetings_file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let committee_id = |name: &str| {
        meta.committee(name)
            .map(|c| c.id.clone())
            .unwrap_or_else(|| name.to_owned())
    };
    let mut seen: BTreeMap<(String, PartialDate, String), String> = BTreeMap::new();
    let mut claim = |key: (String, PartialDate, String),
                     place: String,
                     diagnostic: Diagnostic,
                     diagnostics: &mut Vec<Diagnostic>| {
        match seen.get(&key) {
            Some(first) => diagnostics.push(diagnostic.with_hint(format!(
                "{first} has item {} too; give each item its own number",
                key.2
            ))),
            None => {
                seen.insert(key, place);
            }
        }
    };
    for report in reports {
        if let Some(item) = &report.front.item {
            let (line, column) =
                locate(&report.front_text, "item:", 1).map_or((1, 1), |(l, c)| (l + 1, c));
            let diagnostic = Diagnostic::error(
                &report.file,
                format!("agenda item {} appears twice in this meeting", item.0),
            )
            .at(line, column);
            claim(
                (
                    committee_id(&report.front.committee),
                    report.front.meeting,
                    item.0.clone(),
                ),
                report.file.clone(),
                diagnostic,
                diagnostics,
            );
        }
    }
    for meeting in meetings {
        for entry in &meeting.items {
            if let Some(item) = &entry.item {
                let diagnostic = Diagnostic::error(
                    meetings_file,
                    format!("agenda item {} appears twice in this meeting", item.0),
                )
                .at(meeting.line, 1);
                claim(
                    (
                        committee_id(&meeting.committee),
                        meeting.date,
                        item.0.clone(),
                    ),
                    meetings_file.to_owned(),
                    diagnostic,
                    diagnostics,
                );
            }
        }
    }
}

/// The place of the `index`th list item after `from_line`.
fn nth_item_line(text: &str, from_line: usize, index: usize) -> (usize, usize) {
    item_places(text, from_line)
        .get(index)
        .copied()
        .unwrap_or((from_line, 1))
}

/// The line and column of every list item (a line starting `- `) after `from_line`, in order.
fn item_places(text: &str, from_line: usize) -> Vec<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from_line)
        .filter(|(_, line)| line.trim_start().starts_with("- "))
        .map(|(n, line)| (n + 1, line.len() - line.trim_start().len() + 1))
        .collect()
}

fn read_report(
    text: &str,
    display: &str,
    slug: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Report, Diagnostic> {
    let (front, body, body_line) = report::split_front_matter(text, display)?;
    let front_text = front.to_owned();
    let front: FrontMatter =
        source::parse_fields(front, display, 2, FrontMatter::FIELDS, diagnostics)?;
    let mut report = Report {
        slug,
        file: display.to_owned(),
        front,
        front_fingerprint: fingerprint(front_text.as_bytes()),
        front_text,
        body: body.to_owned(),
        body_line,
        fingerprint: fingerprint(text.as_bytes()),
    };
    ids::appendix_ids(&mut report, diagnostics);
    links::check_report(&mut report, diagnostics);
    Ok(report)
}

fn check_committee(
    report: &Report,
    meta: &AuthorityMeta,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let name = &report.front.committee;
    if meta.committee(name).is_some() {
        return;
    }
    let text = sources.get(&report.file).unwrap_or_default();
    let (line, column) = locate(text, "committee:", 1).unwrap_or((0, 0));
    let mut diagnostic = Diagnostic::error(
        &report.file,
        format!("the committee `{name}` is not one of this authority's committees"),
    )
    .at(line, column + "committee: ".len());
    let ids = meta.committees.iter().map(|c| c.id.as_str());
    diagnostic = match nearest(name, ids) {
        Some(near) => diagnostic.with_hint(format!("did you mean `{near}`?")),
        None => diagnostic.with_hint(format!(
            "use one of the ids in authority.yaml's committees: {}",
            meta.committees
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    diagnostics.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_short_of_a_cell_is_placed_at_its_own_line() {
        let text = "title: T\nsource: S\ncolumns:\n  - { id: a, label: A }\n  - { id: b, label: B, type: number }\nrows:\n  - [x, 1]\n\n  - [y, 2]\n  -   [z]\n  - [w, 4]\n";
        let mut diagnostics = Vec::new();
        let dataset = read_dataset(text, "d.yaml", "d".into(), &mut diagnostics);
        assert!(dataset.is_none());
        let places: Vec<(usize, usize)> = diagnostics.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(places, [(10, 3)], "{diagnostics:?}");
        assert!(diagnostics[0].message.starts_with("row 3 has 1 cell, but"));
    }
}
