//! What every page shares: what a page render is given ([`RenderContext`]), the part of the
//! template context every page has ([`PageCommon`]), breadcrumbs, and rendering a template.

use serde::Serialize;

use super::plan::MeetingPlan;
use super::theme::Theme;
use crate::content::{Authority, Datasets, SiteConfig, canonical_path};
use crate::diagnostic::Diagnostic;

/// What a page render is given beside its own part of the plan: the site's settings, the
/// theme, and the site's datasets, looked up with a record of each one read. Nothing else of
/// the model is within its reach.
pub struct RenderContext<'a> {
    pub config: &'a SiteConfig,
    pub theme: &'a Theme,
    pub datasets: &'a Datasets<'a>,
}

/// A page once rendered: its path below the output root and its HTML.
pub struct Page {
    pub path: String,
    pub html: String,
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
    /// Feeds of what the page belongs to (its council's, its committee's), offered to feed
    /// readers beside the site's own.
    pub feeds: Vec<Alternate>,
}

/// A feed a page offers with `<link rel="alternate">`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub href: String,
    pub title: String,
}

/// A council's mark on its pages: its name, its colours as CSS, its logo.
#[derive(Debug, Clone, Serialize)]
pub struct CouncilMark {
    pub name: String,
    /// CSS custom properties of the council's colour; none when it gives no colour.
    pub style: Option<String>,
    /// Link to the logo from the page.
    pub logo: Option<String>,
}

impl CouncilMark {
    /// The mark of `authority` on a page whose root is `root`, with its logo.
    pub fn of(authority: &Authority, root: &str) -> Self {
        Self {
            name: authority.meta.name.clone(),
            style: crate::content::look::Look::of(authority.meta.colour.as_deref())
                .map(|look| look.css()),
            logo: logo_file(authority).map(|(output, _)| format!("{root}{output}")),
        }
    }

    /// The mark without the logo, for a page that shows only the colour.
    pub fn colour_of(authority: &Authority, root: &str) -> Self {
        Self {
            logo: None,
            ..Self::of(authority, root)
        }
    }
}

/// The authority's logo file, if it gives one that can be used: output path → source.
pub fn logo_file(authority: &Authority) -> Option<(String, std::path::PathBuf)> {
    let (key, asset) = authority.asset(authority.meta.logo.as_deref()?).ok()?;
    Some((authority.asset_path(&key), asset.source.clone()))
}

/// The relative path from a page at `path` (e.g. `a/b/index.html`) to the site root.
pub fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

impl PageCommon {
    /// The common part of the page at `path`.
    pub fn new(
        config: &SiteConfig,
        path: &str,
        page_title: &str,
        description: &str,
        breadcrumbs: Vec<Crumb>,
        draft: bool,
    ) -> Self {
        PageCommon {
            root: root_of(path),
            site_title: config.title.clone(),
            language: config.language.clone(),
            page_title: page_title.to_owned(),
            description: description.to_owned(),
            canonical: format!("{}{}", config.base_url(), canonical_path(path)),
            breadcrumbs,
            draft,
            exempt: false,
            council: None,
            feeds: Vec::new(),
        }
    }
}

pub fn home_crumb(root: &str) -> Crumb {
    Crumb {
        title: "Home".into(),
        href: format!("{root}index.html"),
    }
}

pub fn authority_crumb(authority: &Authority, root: &str) -> Crumb {
    Crumb {
        title: authority.meta.short_name.clone(),
        href: format!("{root}{}", authority.page_path()),
    }
}

/// The breadcrumbs of a page below `meeting`'s pack (a report, the print view): home, the
/// council, the meeting.
pub fn meeting_crumbs(meeting: &MeetingPlan<'_>, root: &str) -> Vec<Crumb> {
    vec![
        home_crumb(root),
        authority_crumb(meeting.authority, root),
        Crumb {
            title: meeting.title(),
            href: format!("{root}{}", meeting.address.pack),
        },
    ]
}

/// Renders `template` with `context` into the page at `path`.
pub fn render(
    theme: &Theme,
    template: &str,
    context: &impl Serialize,
    path: String,
) -> Result<Page, Vec<Diagnostic>> {
    let context = tera::Context::from_serialize(context).map_err(|e| {
        vec![Diagnostic::error(
            &path,
            format!("cannot prepare this page: {e}"),
        )]
    })?;
    let html = theme
        .templates
        .render(template, &context)
        .map_err(|error| {
            vec![
                super::theme::template_diagnostic(&error, &[]).with_hint(format!(
                    "while rendering {path} with the template {template}"
                )),
            ]
        })?;
    Ok(Page { path, html })
}
