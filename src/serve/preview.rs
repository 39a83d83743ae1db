//! The site as a preview keeps it between saves: the model, the theme, what each rendering job
//! left behind (in a [`Memory`]) and every file. A save is noted by its path; a rebuild then
//! reloads only the authorities whose folders changed and renders only the jobs whose inputs
//! changed. `site.yaml`, the theme, or an authority folder added or removed start again from
//! nothing. The files are always those a full build of the content as it is now would write;
//! when the content has errors they stay those of the last good build.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::{self, ConfigLoad, Report, Site};
use crate::diagnostic::{Diagnostic, Sources};
use crate::markdown::{self, SiteLink};
use crate::output::MemorySink;
use crate::render::{Audience, Theme};

use super::memory::Memory;
use super::withheld::{Withheld, overlay_text};

/// A file of the preview.
pub type Bytes = Arc<Vec<u8>>;

/// What a rebuild changed in the files.
#[derive(Debug, Default)]
pub struct Changes {
    /// Every file is new: the previous ones are all gone.
    pub everything: bool,
    pub written: Vec<(String, Bytes)>,
    pub removed: Vec<String>,
    /// The build's warnings, written out with their excerpts, when it has any.
    pub warnings: Option<String>,
}

/// Why a rebuild kept the last good files: the content's errors, written out with their
/// excerpts.
#[derive(Debug)]
pub struct Failure {
    pub text: String,
    /// The rebuild panicked, so what the preview holds may be half changed.
    pub panicked: bool,
}

/// The content of a site as last built, with what it takes to build it again quickly.
struct State {
    site: Site,
    theme: Theme,
    config: ConfigLoad,
    /// Each authority folder's problems (warnings only, in a good build) and texts.
    loads: BTreeMap<String, (Vec<Diagnostic>, Sources)>,
    memory: Memory,
}

impl State {
    /// Whether the site has the authority folders `folders`, in that order.
    fn has_folders(&self, folders: &[String]) -> bool {
        folders.len() == self.site.authorities.len()
            && folders
                .iter()
                .zip(&self.site.authorities)
                .all(|(f, a)| *f == a.slug)
    }

    /// The problems of the content as it now stands: the site settings' and those of each
    /// folder, new for the folders loaded again (`fresh`), kept for the others.
    fn problems(&self, fresh: &[Fresh], folders: &[String]) -> Vec<Diagnostic> {
        let mut diagnostics = self.config.diagnostics.clone();
        for (slug, (found, _)) in &self.loads {
            if !fresh.iter().any(|f| folders[f.0] == *slug) {
                diagnostics.extend(found.iter().cloned());
            }
        }
        for (_, _, found, _) in fresh {
            diagnostics.extend(found.iter().cloned());
        }
        diagnostics
    }
}

/// What has changed since the state was built.
#[derive(Default)]
struct Pending {
    everything: bool,
    authorities: BTreeSet<String>,
}

pub struct Preview {
    root: PathBuf,
    /// The root as given, which the paths of changes may start with instead.
    given_root: PathBuf,
    audience: Audience,
    state: Option<State>,
    pending: Pending,
    files: HashMap<String, Bytes>,
    copies: BTreeMap<String, PathBuf>,
    base_url: String,
    links: LinkMemo,
}

impl Preview {
    /// A preview of the site at `root`, not yet built.
    pub fn new(root: &Path, audience: Audience) -> Self {
        Preview {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            given_root: root.to_path_buf(),
            audience,
            state: None,
            pending: Pending {
                everything: true,
                authorities: BTreeSet::new(),
            },
            files: HashMap::new(),
            copies: BTreeMap::new(),
            base_url: String::new(),
            links: LinkMemo::default(),
        }
    }

    /// Every file, by its path below the site root.
    pub fn files(&self) -> &HashMap<String, Bytes> {
        &self.files
    }

    /// Files served from content as they are: output path → source.
    pub fn copies(&self) -> &BTreeMap<String, PathBuf> {
        &self.copies
    }

    /// The site's base URL, once `site.yaml` has been read.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Notes that the file or folder at `path` changed (was written, made, renamed or removed).
    pub fn note(&mut self, path: &Path) {
        let relative = path
            .strip_prefix(&self.root)
            .or_else(|_| path.strip_prefix(&self.given_root))
            .unwrap_or(path);
        let mut parts = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy());
        match (parts.next().as_deref(), parts.next(), parts.next()) {
            // A file in an authority's folder: that authority.
            (Some("content"), Some(authority), Some(_)) => {
                self.pending.authorities.insert(authority.into_owned());
            }
            // site.yaml, an authority folder made or removed, the theme, anything else.
            _ => self.pending.everything = true,
        }
    }

    /// Notes that anything may have changed: the next rebuild starts from nothing.
    pub fn note_everything(&mut self) {
        self.pending.everything = true;
    }

    /// Drops what the preview keeps between saves (after a rebuild that stopped short), so the
    /// next rebuild starts from nothing; the files served stay the last good ones.
    pub fn forget(&mut self) {
        self.state = None;
        self.pending.everything = true;
    }

    /// Brings the files up to date with what was noted. On success, returns what changed in
    /// the files; on failure the files stay as they were, and the changes stay noted.
    pub fn rebuild(&mut self) -> Result<Changes, Failure> {
        let incremental = !self.pending.everything && self.state.is_some();
        let changes = if incremental {
            self.rebuild_authorities()?
        } else {
            self.rebuild_everything()?
        };
        self.pending = Pending::default();
        Ok(changes)
    }

    fn rebuild_everything(&mut self) -> Result<Changes, Failure> {
        let (config, loads) = content::load_folders(&self.root);
        let mut diagnostics = config.diagnostics.clone();
        let mut authorities = Vec::new();
        let mut kept = BTreeMap::new();
        for (slug, load) in loads {
            diagnostics.extend(load.diagnostics.iter().cloned());
            authorities.extend(load.authority);
            kept.insert(slug, (load.diagnostics, load.sources));
        }
        let show_exempt = self.audience.exempt;
        let fail = |diagnostics: &[Diagnostic]| {
            let sources: Vec<&Sources> = std::iter::once(&config.sources)
                .chain(kept.values().map(|(_, s)| s))
                .collect();
            failure(diagnostics, &sources, show_exempt)
        };
        let Some(site_config) = config.config.clone() else {
            return Err(fail(&diagnostics));
        };
        let site = Site {
            config: site_config,
            authorities,
        };
        let theme = match Theme::load(&self.root, &site.config.theme) {
            Ok(theme) => theme,
            Err(found) => {
                diagnostics.extend(found);
                return Err(fail(&diagnostics));
            }
        };
        let mut memory = Memory::default();
        let unpublished = memory.unpublished(&site, self.audience);
        diagnostics.extend(unpublished.diagnostics);
        // Pages are rendered even when loading found errors, so that every problem shows at once.
        let sink = MemorySink::default();
        let plan = crate::render::plan(&site, self.audience);
        let withheld_data = &unpublished.datasets;
        let rendered = memory.render((&site, &plan), &theme, self.audience, withheld_data, &sink);
        let rendered = match rendered {
            Ok(rebuilt) => Some(rebuilt.rendered),
            Err(found) => {
                diagnostics.extend(found);
                None
            }
        };
        diagnostics.sort();
        diagnostics.dedup();
        let Some(rendered) = rendered.filter(|_| !diagnostics.iter().any(Diagnostic::is_error))
        else {
            return Err(fail(&diagnostics));
        };
        let written = shared(sink);
        let served = Served {
            kept: None,
            stale: FxHashSet::default(),
            written: written.iter().map(|(path, _)| path.as_str()).collect(),
            copies: &rendered.copies,
        };
        let checked = site_checks((&site, &plan), self.audience, &served, &mut self.links);
        diagnostics.extend(checked);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(fail(&diagnostics));
        }
        let sources: Vec<&Sources> = std::iter::once(&config.sources)
            .chain(kept.values().map(|(_, s)| s))
            .collect();
        let exempt = (!show_exempt).then_some((&site, &unpublished.datasets));
        let warnings = warnings(&diagnostics, &rendered.warnings, &sources, exempt);
        self.files = written.iter().cloned().collect();
        self.copies = rendered.copies;
        self.base_url = site.config.base_url();
        self.state = Some(State {
            site,
            theme,
            config,
            loads: kept,
            memory,
        });
        Ok(Changes {
            everything: true,
            written,
            removed: Vec::new(),
            warnings,
        })
    }

    fn rebuild_authorities(&mut self) -> Result<Changes, Failure> {
        let folders = content::authority_folders(&self.root).unwrap_or_default();
        let Some(state) = self
            .state
            .as_mut()
            .filter(|state| state.has_folders(&folders))
        else {
            return self.rebuild_everything();
        };
        let mut fresh = load_changed(&self.root, &self.pending.authorities, &folders, state);
        let mut diagnostics = state.problems(&fresh, &folders);
        let show_exempt = self.audience.exempt;
        let fail = |diagnostics: &[Diagnostic], state: &State, fresh: &[Fresh]| {
            let sources: Vec<&Sources> = fresh
                .iter()
                .map(|f| &f.3)
                .chain(std::iter::once(&state.config.sources))
                .chain(state.loads.values().map(|(_, s)| s))
                .collect();
            failure(diagnostics, &sources, show_exempt)
        };
        if fresh.iter().any(|f| f.1.is_none()) || diagnostics.iter().any(Diagnostic::is_error) {
            // A full build in memory finds every problem, the pages' own among them.
            return self.rebuild_everything();
        }

        // Swap the new authorities in, keeping the old to put back if the build fails.
        let mut previous = Vec::new();
        for (index, authority, _, _) in &mut fresh {
            if let Some(authority) = authority.take() {
                previous.push((
                    *index,
                    std::mem::replace(&mut state.site.authorities[*index], authority),
                ));
            }
        }
        let put_back = |state: &mut State, previous: Vec<(usize, content::Authority)>| {
            for (index, authority) in previous {
                state.site.authorities[index] = authority;
            }
        };
        let unpublished = state.memory.unpublished(&state.site, self.audience);
        if unpublished.diagnostics.iter().any(Diagnostic::is_error) {
            put_back(state, previous);
            return self.rebuild_everything();
        }
        diagnostics.extend(unpublished.diagnostics);
        let sink = MemorySink::default();
        let plan = crate::render::plan(&state.site, self.audience);
        let rendered = state.memory.render(
            (&state.site, &plan),
            &state.theme,
            self.audience,
            &unpublished.datasets,
            &sink,
        );
        let (rendered, stale) = match rendered {
            Ok(rebuilt) => (rebuilt.rendered, rebuilt.removed),
            Err(found) => {
                diagnostics.extend(found);
                let failed = fail(&diagnostics, state, &fresh);
                put_back(state, previous);
                return Err(failed);
            }
        };
        let written = shared(sink);
        let served = Served {
            kept: Some(&self.files),
            stale: stale.iter().map(String::as_str).collect(),
            written: written.iter().map(|(path, _)| path.as_str()).collect(),
            copies: &rendered.copies,
        };
        let links = &mut self.links;
        diagnostics.extend(site_checks(
            (&state.site, &plan),
            self.audience,
            &served,
            links,
        ));
        if diagnostics.iter().any(Diagnostic::is_error) {
            let failed = fail(&diagnostics, state, &fresh);
            // The memory holds this build, the files the last: start again at the next save.
            self.state = None;
            self.pending.everything = true;
            return Err(failed);
        }
        for (index, _, found, sources) in fresh {
            state.loads.insert(folders[index].clone(), (found, sources));
        }
        let sources: Vec<&Sources> = std::iter::once(&state.config.sources)
            .chain(state.loads.values().map(|(_, s)| s))
            .collect();
        let exempt = (!show_exempt).then_some((&state.site, &unpublished.datasets));
        let warnings = warnings(&diagnostics, &rendered.warnings, &sources, exempt);
        for path in &stale {
            self.files.remove(path);
        }
        for (path, bytes) in &written {
            self.files.insert(path.clone(), Arc::clone(bytes));
        }
        self.copies = rendered.copies;
        Ok(Changes {
            everything: false,
            written,
            removed: stale,
            warnings,
        })
    }
}

/// A changed folder loaded again: its place, its authority, its problems and its texts.
type Fresh = (usize, Option<content::Authority>, Vec<Diagnostic>, Sources);

/// The `changed` authority folders loaded again, in parallel, each from what `state` kept of
/// it (its unchanged files are not parsed again).
fn load_changed(
    root: &Path,
    changed: &BTreeSet<String>,
    folders: &[String],
    state: &State,
) -> Vec<Fresh> {
    changed
        .par_iter()
        .filter_map(|slug| {
            let index = folders.iter().position(|f| f == slug)?;
            let previous = state
                .loads
                .get(slug)
                .map(|(found, _)| (&state.site.authorities[index], found.as_slice()));
            let load = content::load_authority_folder(root, slug, previous);
            Some((index, load.authority, load.diagnostics, load.sources))
        })
        .collect()
}

/// What a build checks of the site beside rendering it, as `build` checks it: the publishing
/// duties, and the links between pages against the files served.
fn site_checks(
    (site, plan): (&Site, &crate::render::Plan<'_>),
    audience: Audience,
    served: &Served<'_>,
    links: &mut LinkMemo,
) -> Vec<Diagnostic> {
    let mut found = content::duties::check(site, !audience.drafts);
    let known = crate::site_links::Known::Served(served);
    links.refresh(site);
    found.extend(crate::site_links::check_with(plan, &known, &|report| {
        links.of(report)
    }));
    found
}

/// The files a rebuild would serve: those kept (but the `stale`), those written and those
/// copied from the content.
struct Served<'a> {
    kept: Option<&'a HashMap<String, Bytes>>,
    stale: FxHashSet<&'a str>,
    written: FxHashSet<&'a str>,
    copies: &'a BTreeMap<String, PathBuf>,
}

impl crate::site_links::ServedFiles for Served<'_> {
    fn contains(&self, path: &str) -> bool {
        self.written.contains(path)
            || self.copies.contains_key(path)
            || self
                .kept
                .is_some_and(|kept| kept.contains_key(path) && !self.stale.contains(path))
    }

    fn paths(&self) -> Vec<&str> {
        let kept = self.kept.into_iter().flat_map(HashMap::keys);
        let kept = kept.map(String::as_str).filter(|p| !self.stale.contains(p));
        let mut paths: Vec<&str> = kept
            .chain(self.written.iter().copied())
            .chain(self.copies.keys().map(String::as_str))
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }
}

/// The links to the site's own pages of each report's body ([`markdown::site_links`]), kept
/// between saves with the fingerprint of the report's file they were read from.
#[derive(Default)]
struct LinkMemo(FxHashMap<String, (u64, Vec<SiteLink>)>);

impl LinkMemo {
    /// Reads again, in parallel, the links of the reports of `site` whose files changed, and
    /// forgets those of reports that are gone.
    fn refresh(&mut self, site: &Site) {
        let reports: Vec<&Report> = site.authorities.iter().flat_map(|a| &a.reports).collect();
        let changed: Vec<(String, u64, Vec<SiteLink>)> = reports
            .par_iter()
            .filter(|report| {
                let kept = self.0.get(&report.file);
                kept.is_none_or(|(print, _)| *print != report.fingerprint)
            })
            .map(|report| {
                let links = markdown::site_links(report);
                (report.file.clone(), report.fingerprint, links)
            })
            .collect();
        for (file, print, links) in changed {
            self.0.insert(file, (print, links));
        }
        if self.0.len() > reports.len() {
            let files: FxHashSet<&str> = reports.iter().map(|r| r.file.as_str()).collect();
            self.0.retain(|file, _| files.contains(file.as_str()));
        }
    }

    /// The links of `report`: those kept when its file is as they were read from.
    fn of(&self, report: &Report) -> Cow<'_, [SiteLink]> {
        match self.0.get(&report.file) {
            Some((print, links)) if *print == report.fingerprint => Cow::Borrowed(links),
            _ => Cow::Owned(markdown::site_links(report)),
        }
    }
}

/// The files a rebuild wrote, to be shared between the preview and the server.
fn shared(sink: MemorySink) -> Vec<(String, Bytes)> {
    sink.into_files()
        .into_iter()
        .map(|f| (f.path, Arc::new(f.bytes)))
        .collect()
}

/// The errors among `diagnostics`, written out with excerpts of the files they name (see
/// [`overlay`]). The content may not have loaded, so what is exempt is read from the sources
/// as written.
fn failure(diagnostics: &[Diagnostic], sources: &[&Sources], show_exempt: bool) -> Failure {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    let named: BTreeSet<&str> = errors.iter().map(|d| d.file.as_str()).collect();
    let withheld = (!show_exempt)
        .then(|| Withheld::find_for(sources.iter().copied(), |file| named.contains(file)));
    Failure {
        text: overlay(errors, sources, withheld.as_ref()),
        panicked: false,
    }
}

/// The warnings among `diagnostics` and `more`, written out as [`overlay`] writes them, or
/// `None` when there are none. Unless exempt papers are shown, what is exempt is decided from
/// the site that loaded and the datasets its exempt papers draw on (`exempt`).
fn warnings(
    diagnostics: &[Diagnostic],
    more: &[Diagnostic],
    sources: &[&Sources],
    exempt: Option<(&Site, &crate::render::Withheld)>,
) -> Option<String> {
    let found: Vec<&Diagnostic> = diagnostics
        .iter()
        .chain(more)
        .filter(|d| !d.is_error())
        .collect();
    if found.is_empty() {
        return None;
    }
    let withheld =
        exempt.map(|(site, datasets)| Withheld::of_site(site, sources, datasets.exempt_datasets()));
    Some(overlay(found, sources, withheld.as_ref()))
}

/// `diagnostics`, each once in order, written out with excerpts of the files they name, taken
/// from the first of `sources` that holds each; those that `withheld` (when exempt papers are
/// not shown) hides only counted (see [`super::withheld`]).
fn overlay(
    mut diagnostics: Vec<&Diagnostic>,
    sources: &[&Sources],
    withheld: Option<&Withheld>,
) -> String {
    diagnostics.sort();
    diagnostics.dedup();
    let mut quoted = Sources::default();
    for diagnostic in &diagnostics {
        if let Some(text) = sources.iter().find_map(|s| s.get(&diagnostic.file)) {
            quoted.insert(diagnostic.file.clone(), text);
        }
    }
    overlay_text(&diagnostics, &quoted, withheld)
}
