//! An authority's page: its details, its dashboard of charts, and its meetings, newest first.

use serde::Serialize;

use super::body::Usage;
use super::page::{
    Alternate, CouncilMark, Page, PageCommon, RenderContext, home_crumb, logo_file, render, root_of,
};
use super::plan::MeetingPlan;
use super::published::{
    CALENDAR, FEED, MEETINGS_CSV, MEETINGS_DATA, PAPERS_CSV, council_folder, has_calendar,
};
use super::summary::{MeetingSummary, meeting_summary};
use crate::chart::{self, BlockContext};
use crate::content::Authority;
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct AuthorityInfo {
    name: String,
    short_name: String,
    website: Option<String>,
    tagline: Option<String>,
    code: Option<String>,
}

/// The page of `authority`, whose meetings are `meetings`, with what its dashboard and logo
/// draw on.
pub fn authority_page(
    cx: &RenderContext<'_>,
    authority: &Authority,
    meetings: &[MeetingPlan<'_>],
) -> Result<(Page, Usage), Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        authority: AuthorityInfo,
        meetings: Vec<MeetingSummary>,
        dashboard: Vec<String>,
        logo: Option<String>,
        /// The council's feed, calendar, open data and CSVs, when it has meetings.
        follow: Option<Follow>,
    }
    let path = authority.page_path();
    let root = root_of(&path);
    let description = format!(
        "Scrutiny committee reports and meeting packs of {}.",
        authority.meta.name
    );
    let (dashboard, mut usage) = dashboard(cx, authority, &root)?;
    usage.assets.extend(logo_file(authority));
    let mark = CouncilMark::of(authority, &root);
    let logo = mark.logo.clone();
    let meta = &authority.meta;
    let mut page = PageCommon::new(
        cx.config,
        &path,
        &meta.name,
        &description,
        vec![home_crumb(&root)],
        false,
    );
    page.council = Some(mark);
    let follow = follow(authority, meetings, &root);
    if let Some(follow) = &follow {
        page.feeds.push(Alternate {
            href: follow.feed.clone(),
            title: format!("{}: new reports", meta.name),
        });
    }
    let context = Context {
        page,
        authority: AuthorityInfo {
            name: meta.name.clone(),
            short_name: meta.short_name.clone(),
            website: meta.website.clone(),
            tagline: meta.tagline.clone(),
            code: meta.code.clone(),
        },
        meetings: meetings.iter().map(|m| meeting_summary(m, &root)).collect(),
        dashboard,
        logo,
        follow,
    };
    let page = render(cx.theme, "authority.html", &context, path)?;
    Ok((page, usage))
}

/// The charts of an authority's dashboard, drawn for a page whose root is `root`; every
/// problem of every block.
fn dashboard(
    cx: &RenderContext<'_>,
    authority: &Authority,
    root: &str,
) -> Result<(Vec<String>, Usage), Vec<Diagnostic>> {
    let file = &authority.meta.file;
    let context = BlockContext {
        datasets: cx.datasets,
        authority,
        file,
        root,
        id_prefix: "dashboard-",
    };
    let mut charts = Vec::new();
    let mut usage = Usage::default();
    let mut problems = Vec::new();
    for (index, block) in authority.meta.dashboard.iter().enumerate() {
        match chart::render_block(&context, "chart", &block.yaml, block.line, index) {
            Ok(drawn) => {
                usage.used(drawn.dataset, &authority.slug, file, block.line, 1);
                usage.charts += 1;
                charts.push(drawn.html);
            }
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        Ok((charts, usage))
    } else {
        Err(problems)
    }
}

/// Links to what a council with meetings publishes besides its pages.
#[derive(Serialize)]
struct Follow {
    feed: String,
    /// None when no meeting has a known day, so there is no calendar.
    calendar: Option<String>,
    meetings_data: String,
    meetings_csv: String,
    papers_csv: String,
}

fn follow(authority: &Authority, meetings: &[MeetingPlan<'_>], root: &str) -> Option<Follow> {
    if meetings.is_empty() {
        return None;
    }
    let folder = format!("{root}{}", council_folder(authority));
    Some(Follow {
        feed: format!("{folder}{FEED}"),
        calendar: meetings
            .iter()
            .any(has_calendar)
            .then(|| format!("{folder}{CALENDAR}")),
        meetings_data: format!("{folder}{MEETINGS_DATA}"),
        meetings_csv: format!("{folder}{MEETINGS_CSV}"),
        papers_csv: format!("{folder}{PAPERS_CSV}"),
    })
}
