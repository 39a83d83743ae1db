//! `scrutiny`: a static site generator for council committee reports.
//!
//! The pipeline runs one way: [`content::load`] reads `content/` into a typed model,
//! [`render::render_site`] turns the model into pages (HTML with inline SVG charts), and
//! [`output::write_atomically`] swaps them into the output folder. `build` and `check` are thin
//! callers of [`build_site`] and [`check_site`].

pub mod chart;
pub mod content;
pub mod diagnostic;
pub mod format;
pub mod markdown;
pub mod output;
pub mod render;

use std::path::Path;

use diagnostic::{Diagnostic, Sources};
use render::{Audience, Rendered, Theme};

/// The result of checking or building: what was rendered (nothing when there were errors), and
/// every problem found with the sources to quote them from.
pub struct Outcome {
    pub rendered: Option<Rendered>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and renders the site at `root` without writing anything. `base_url` overrides the
/// one in `site.yaml`.
pub fn build_site(root: &Path, audience: Audience, base_url: Option<&str>) -> Outcome {
    let loaded = content::load(root);
    let mut diagnostics = loaded.diagnostics;
    let Some(mut site) = loaded.site else {
        return Outcome {
            rendered: None,
            diagnostics,
            sources: loaded.sources,
        };
    };
    if let Some(base_url) = base_url {
        site.config.base_url = base_url.to_owned();
    }
    let theme = match Theme::load(root, &site.config.theme) {
        Ok(theme) => Some(theme),
        Err(found) => {
            diagnostics.extend(found);
            None
        }
    };
    diagnostics.extend(render::check_unpublished(&site, audience));
    let mut rendered = None;
    if let Some(theme) = theme {
        match render::render_site(&site, &theme, audience) {
            Ok(result) => {
                diagnostics.extend(result.warnings.iter().cloned());
                rendered = Some(result);
            }
            Err(found) => diagnostics.extend(found),
        }
    }
    diagnostics.sort();
    diagnostics.dedup();
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    Outcome {
        rendered: rendered.filter(|_| !has_errors),
        diagnostics,
        sources: loaded.sources,
    }
}

/// Checks the site at `root`: everything a build does but writing, drafts included so that
/// authors see their problems before publishing.
pub fn check_site(root: &Path) -> Outcome {
    build_site(root, Audience { drafts: true }, None)
}
