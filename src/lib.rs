//! `scrutiny`: a static site generator for council committee reports.
//!
//! The pipeline runs one way, and no module imports one that imports it: [`content::load`]
//! reads `content/` into a typed model, with every published address and dataset key computed
//! once; [`markdown`] and [`chart`] turn bodies and blocks into HTML and SVG;
//! [`render::render_site`] plans the pages, renders each page kind from its own file and hands
//! the site-wide files to [`output`] (and the publishing duties' files to [`publishing`]'s
//! writers) as plain entries; [`output::write_atomically`] swaps them into the output folder.
//! `build` and `check` are thin callers of [`build_site`] and [`check_site`]; [`serve`] keeps
//! what the preview needs between saves apart from all of these.

// The JSON Schemas are written with serde_json::json!, which nests deeply.
#![recursion_limit = "256"]

pub mod chart;
pub mod content;
pub mod diagnostic;
pub mod fix;
pub mod format;
pub mod import;
pub mod markdown;
pub mod output;
pub mod publishing;
pub mod render;
pub mod scaffold;
pub mod serve;
mod site_links;
pub mod web;

use std::path::Path;

use diagnostic::{Diagnostic, Sources};
use output::{Discard, MemorySink, OutputFile, Sink};
use render::{Audience, Rendered, Theme};

/// The result of checking or building: what was rendered (nothing when there were errors), and
/// every problem found with the sources to quote them from.
pub struct Outcome {
    pub rendered: Option<Rendered>,
    /// The site's base URL, once `site.yaml` could be read.
    pub base_url: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads the site at `root` and renders it into `sink`. `base_url` overrides the one in
/// `site.yaml`. On any error `rendered` is `None`, and what the sink holds must be discarded.
pub fn build_site(
    root: &Path,
    audience: Audience,
    base_url: Option<&str>,
    sink: &dyn Sink,
) -> Outcome {
    let loaded = content::load(root);
    let mut diagnostics = loaded.diagnostics;
    let Some(mut site) = loaded.site else {
        return Outcome {
            rendered: None,
            base_url: None,
            diagnostics,
            sources: loaded.sources,
        };
    };
    if let Some(base_url) = base_url {
        if let Err(why) = web::check_base_url(base_url) {
            diagnostics.push(content::base_url_problem("--base-url", base_url, &why));
        }
        site.config.base_url = base_url.to_owned();
    }
    let theme = match Theme::load(root, &site.config.theme) {
        Ok(theme) => Some(theme),
        Err(found) => {
            diagnostics.extend(found);
            None
        }
    };
    if !audience.drafts {
        // What `scrutiny new` wrote to be replaced is refused where a public build publishes it.
        let refused =
            content::placeholders::refusals(&site, &loaded.sources, root, base_url.is_some());
        diagnostics.retain(|d| {
            !refused
                .iter()
                .any(|r| (&r.file, r.line, r.column) == (&d.file, d.line, d.column))
        });
        diagnostics.extend(refused);
    }
    diagnostics.extend(content::duties::check(&site, !audience.drafts));
    let unpublished = render::unpublished(&site, &site.authorities, audience);
    diagnostics.extend(unpublished.diagnostics);
    let mut rendered = None;
    if let Some(theme) = theme {
        let recording = site_links::Recording::new(sink);
        match render::render_site(&site, &theme, audience, &unpublished.datasets, &recording) {
            Ok(result) => {
                diagnostics.extend(result.warnings.iter().cloned());
                let mut written = recording.into_paths();
                written.extend(result.copies.keys().cloned());
                let known = site_links::Known::Written(written);
                diagnostics.extend(site_links::check(&site, audience, &known));
                rendered = Some(result);
            }
            Err(found) => {
                diagnostics.extend(found);
                let known = site_links::planned(&site, audience);
                diagnostics.extend(site_links::check(&site, audience, &known));
            }
        }
    }
    diagnostics.sort();
    diagnostics.dedup();
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Outcome {
        rendered: rendered.filter(|_| !has_errors),
        base_url: Some(site.config.base_url()),
        diagnostics,
        sources: loaded.sources,
    }
}

/// Checks the site at `root`: everything a build does but keeping what it renders, drafts
/// included so that authors see their problems before publishing.
pub fn check_site(root: &Path) -> Outcome {
    build_site(
        root,
        Audience {
            drafts: true,
            exempt: false,
        },
        None,
        &Discard,
    )
}

/// Renders the site at `root` into memory, for tests and previews.
pub fn render_in_memory(
    root: &Path,
    audience: Audience,
    base_url: Option<&str>,
) -> (Outcome, Vec<OutputFile>) {
    let sink = MemorySink::default();
    let outcome = build_site(root, audience, base_url, &sink);
    (outcome, sink.into_files())
}
