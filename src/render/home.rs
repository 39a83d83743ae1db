//! The home page: every authority, and the latest meetings across the site.

use serde::Serialize;

use super::page::{Page, PageCommon, RenderContext, render, root_of};
use super::plan::{MeetingPlan, Plan};
use super::summary::{MeetingSummary, meeting_summary};
use crate::diagnostic::Diagnostic;

/// How many meetings the home page lists.
const LATEST: usize = 10;

#[derive(Serialize)]
struct AuthoritySummary {
    name: String,
    short_name: String,
    href: String,
    tagline: Option<String>,
    meetings: usize,
    reports: usize,
}

pub fn home_page(cx: &RenderContext<'_>, plan: &Plan<'_>) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        site_description: Option<String>,
        authorities: Vec<AuthoritySummary>,
        latest: Vec<MeetingSummary>,
    }
    let path = "index.html".to_owned();
    let root = root_of(&path);
    let config = cx.config;
    let authorities = plan
        .site
        .authorities
        .iter()
        .enumerate()
        .map(|(index, authority)| {
            let meetings = plan.meetings_of(index);
            AuthoritySummary {
                name: authority.meta.name.clone(),
                short_name: authority.meta.short_name.clone(),
                href: format!("{root}{}", authority.page_path()),
                tagline: authority.meta.tagline.clone(),
                meetings: meetings.len(),
                reports: meetings.iter().map(|m| m.public_reports().count()).sum(),
            }
        })
        .collect();
    let mut latest: Vec<&MeetingPlan<'_>> = plan.meetings.iter().collect();
    latest.sort_by(|x, y| {
        y.date
            .cmp(&x.date)
            .then(x.authority.slug.cmp(&y.authority.slug))
    });
    let latest = latest
        .into_iter()
        .take(LATEST)
        .map(|m| {
            let mut summary = meeting_summary(m, &root);
            summary.title = format!("{}: {}", m.authority.meta.short_name, summary.title);
            summary
        })
        .collect();
    let description = config
        .description
        .clone()
        .unwrap_or_else(|| format!("{}: committee reports and meeting packs.", config.title));
    let context = Context {
        page: PageCommon::new(
            config,
            &path,
            &config.title,
            &description,
            Vec::new(),
            plan.audience.drafts,
        ),
        site_description: config.description.clone(),
        authorities,
        latest,
    };
    render(cx.theme, "index.html", &context, path)
}
