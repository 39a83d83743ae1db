//! Links written in fields, checked once as they are loaded: a background paper's `url` and an
//! authority's `website` by the rule Markdown links follow ([`web::is_safe_url`]), a contact's
//! `email` as a plain address, the site's `base_url` as an absolute web address. A link that
//! breaks its rule is an error placed where the parser found it, and is left out of the model.

use super::habits;
use super::places::{self, Step};
use super::{AuthorityMeta, Report, SiteConfig};
use crate::diagnostic::Diagnostic;
use crate::web;

const SCHEMES_RULE: &str =
    "only web (https://), email (mailto:), telephone (tel:) and relative links are published";

fn unsafe_link(file: &str, what: &str, url: &str, place: Option<(usize, usize)>) -> Diagnostic {
    let (line, column) = place.unwrap_or((0, 0));
    Diagnostic::error(
        file,
        format!(
            "the {what} `{}` cannot be published: {SCHEMES_RULE}",
            super::ids::shown(url)
        ),
    )
    .at(line, column)
}

/// A report's background papers' links and its contacts' email addresses.
pub fn check_report(report: &mut Report, diagnostics: &mut Vec<Diagnostic>) {
    let front_text = &report.front_text;
    for (index, paper) in report.front.background_papers.iter_mut().enumerate() {
        let Some(url) = paper.url.as_deref().filter(|u| !web::is_safe_url(u)) else {
            continue;
        };
        let path = [
            Step::Key("background_papers"),
            Step::Index(index),
            Step::Key("url"),
        ];
        let place = places::value(front_text, 2, &path);
        if !habits::is_curly_wrapped(url) {
            diagnostics.push(
                unsafe_link(&report.file, "background paper's link", url, place).with_hint(
                    "give the paper's web address, such as url: https://www.example.gov.uk/paper.pdf",
                ),
            );
        }
        paper.url = None;
    }
    for (index, author) in report.front.authors.iter_mut().enumerate() {
        let Some(email) = author.email.take_if(|e| !web::is_email(e)) else {
            continue;
        };
        let path = [Step::Key("authors"), Step::Index(index), Step::Key("email")];
        let (line, column) = places::value(front_text, 2, &path).unwrap_or((0, 0));
        if habits::is_curly_wrapped(&email) {
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                &report.file,
                format!(
                    "`{}` is not an email address that can be a link",
                    super::ids::shown(&email)
                ),
            )
            .at(line, column)
            .with_hint("write the address alone, such as email: jolene.slack@dudley.gov.uk"),
        );
    }
}

/// An authority's website.
pub fn check_authority(meta: &mut AuthorityMeta, text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let Some(url) = meta.website.as_deref().filter(|u| !web::is_safe_url(u)) else {
        return;
    };
    let place = places::value(text, 1, &[Step::Key("website")]);
    if habits::is_curly_wrapped(url) {
        meta.website = None;
        return;
    }
    diagnostics.push(
        unsafe_link(&meta.file, "website", url, place).with_hint(
            "give the council's web address, such as website: https://www.dudley.gov.uk",
        ),
    );
    meta.website = None;
}

/// The site's base URL, from `site.yaml`.
pub fn check_base_url(config: &SiteConfig, text: &str, file: &str) -> Option<Diagnostic> {
    let why = web::check_base_url(&config.base_url).err()?;
    let (line, column) = places::value(text, 1, &[Step::Key("base_url")]).unwrap_or((0, 0));
    Some(base_url_problem(file, &config.base_url, &why).at(line, column))
}

/// The problem with a base URL, from `site.yaml` or given with `--base-url`.
pub fn base_url_problem(file: &str, url: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        file,
        format!(
            "the base URL `{}` cannot be used: {why}",
            super::ids::shown(url)
        ),
    )
    .with_hint(
        "give the full address the site will live at, such as https://www.dudley.gov.uk/scrutiny/",
    )
}
