//! The content folder, loaded into a typed model: the site, its authorities, their datasets
//! and reports. Loading knows nothing of HTML; every problem becomes a [`Diagnostic`].

mod address;
pub mod assets;
pub(crate) mod authority;
pub(crate) mod dataset;
mod date;
pub mod duties;
mod folder;
mod habits;
mod ids;
mod links;
mod listing;
pub mod look;
mod meetings;
mod period;
pub mod placeholders;
pub mod places;
mod reads;
mod references;
mod report;
mod site;
pub mod source;
mod svg;
mod typography;
mod yaml_problems;
mod yaml_syntax;
mod yaml_words;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;

pub use address::{DatasetKey, MeetingAddress, canonical_path};
pub use authority::{AuthorityMeta, Committee, DashboardBlock};
pub use dataset::{Cell, Column, ColumnType, Dataset, SUPPRESSION_CODES};
pub use date::PartialDate;
pub use links::base_url_problem;
pub use meetings::{AgendaEntry, Cancelled, MeetingChange, MeetingInfo};
pub use period::{Period, PeriodKind};
pub use reads::{DatasetRead, Datasets, Missing};
pub use report::{
    AgendaItem, AppendixRef, Author, BackgroundPaper, Exempt, FrontMatter, Numbering, Purpose,
    Report, Status, Update, split_front_matter,
};
pub use site::{Accessibility, SiteConfig};
pub use typography::typeset;

use crate::diagnostic::{Diagnostic, Sources, display_path};

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
            let mut config =
                source::parse_fields::<SiteConfig>(&text, &site_display, 1, &mut diagnostics);
            if let Some(config) = &mut config {
                diagnostics.extend(links::check_base_url(config, &text, &site_display));
                let left = placeholders::in_site(config, &text, &site_display);
                diagnostics.extend(left.iter().map(placeholders::Placeholder::warning));
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
    let dirs = folder::list_dirs(&content).map_err(|e| {
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
        folder::load_authority(root, &root.join("content").join(slug), previous);
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

/// The authority as last loaded, with the problems found then: a file whose text is the same
/// is taken from it rather than parsed again.
pub type Previous<'a> = Option<(&'a Authority, &'a [Diagnostic])>;
