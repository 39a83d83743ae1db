//! The list of pages a site produces, and the template context of each.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Audience, Crumb, PageCommon, render_report_body, root_of};
use crate::content::{
    AgendaEntry, Authority, Committee, MeetingInfo, PartialDate, Report, Site, Status,
};
use crate::diagnostic::Diagnostic;
use crate::markdown::ContentsEntry;
use crate::output::search::{SearchEntry, SearchText};

/// A meeting: the reports of one authority's committee on one date, in agenda order.
pub struct MeetingPlan<'a> {
    pub authority: &'a Authority,
    pub committee: &'a Committee,
    pub date: PartialDate,
    /// `2023-07-19-children-select`: the meeting's folder below its authority.
    pub slug: String,
    /// Every report of the meeting, exempt ones included (the agenda lists their titles).
    pub reports: Vec<&'a Report>,
    /// What `meetings.yaml` says of the meeting, if anything.
    pub info: Option<&'a MeetingInfo>,
    /// Whether exempt reports are shown (`serve --exempt` only).
    pub show_exempt: bool,
}

impl MeetingPlan<'_> {
    pub fn path(&self) -> String {
        format!("{}/{}/", self.authority.slug, self.slug)
    }

    pub fn title(&self) -> String {
        format!("{}, {}", self.committee.name, self.date.long())
    }

    /// The reports that get a page of their own.
    pub fn public_reports(&self) -> impl Iterator<Item = &Report> {
        self.reports
            .iter()
            .copied()
            .filter(|r| !r.is_exempt() || self.show_exempt)
    }
}

/// Every page of the site, decided once from the model.
pub struct Plan<'a> {
    pub site: &'a Site,
    pub meetings: Vec<MeetingPlan<'a>>,
    /// How many authorities the site has: each gets a page.
    pub authorities: usize,
    pub audience: Audience,
}

/// One page to render.
pub enum Job {
    Home,
    NotFound,
    Accessibility,
    Search,
    Authority(usize),
    /// A meeting's pack, its print view and the pages of its public reports, which share the
    /// work of rendering each report once.
    Meeting(usize),
}

impl Plan<'_> {
    /// The folder name of the `index`th authority.
    pub fn authority_slug(&self, index: usize) -> &str {
        &self.site.authorities[index].slug
    }

    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Home, Job::NotFound, Job::Accessibility, Job::Search];
        jobs.extend((0..self.authorities).map(Job::Authority));
        jobs.extend((0..self.meetings.len()).map(Job::Meeting));
        jobs
    }
}

/// Decides the pages: reports that the audience may see, grouped into meetings, newest first.
pub fn plan(site: &Site, audience: Audience) -> Plan<'_> {
    let mut groups: BTreeMap<(usize, &str, PartialDate), Vec<&Report>> = BTreeMap::new();
    for (a, authority) in site.authorities.iter().enumerate() {
        for report in &authority.reports {
            if report.is_draft() && !audience.drafts {
                continue;
            }
            let Some(committee) = authority.meta.committee(&report.front.committee) else {
                continue;
            };
            groups
                .entry((a, committee.id.as_str(), report.front.meeting))
                .or_default()
                .push(report);
        }
    }
    let mut infos: BTreeMap<(usize, &str, PartialDate), &MeetingInfo> = BTreeMap::new();
    for (a, authority) in site.authorities.iter().enumerate() {
        for info in &authority.meetings {
            if let Some(committee) = authority.meta.committee(&info.committee) {
                let key = (a, committee.id.as_str(), info.date);
                groups.entry(key).or_default();
                infos.insert(key, info);
            }
        }
    }
    let mut meetings: Vec<MeetingPlan<'_>> = groups
        .into_iter()
        .filter_map(|(key, mut reports)| {
            let info = infos.get(&key).copied();
            let (a, committee_id, date) = key;
            let authority = &site.authorities[a];
            let committee = authority.meta.committee(committee_id)?;
            reports.sort_by(|x, y| {
                let key = |r: &Report| r.front.item.as_ref().map(|i| i.sort_key());
                key(x)
                    .is_none()
                    .cmp(&key(y).is_none())
                    .then(key(x).cmp(&key(y)))
                    .then(x.slug.cmp(&y.slug))
            });
            Some(MeetingPlan {
                authority,
                committee,
                date,
                slug: format!("{}-{}", date.iso(), committee.id),
                reports,
                info,
                show_exempt: audience.exempt,
            })
        })
        .collect();
    // Authority order, then newest meeting first.
    meetings.sort_by(|x, y| {
        x.authority
            .slug
            .cmp(&y.authority.slug)
            .then(y.date.cmp(&x.date))
            .then(x.committee.id.cmp(&y.committee.id))
    });
    Plan {
        site,
        meetings,
        authorities: site.authorities.len(),
        audience,
    }
}

/// A page once rendered.
pub struct RenderedPage {
    pub path: String,
    pub html: String,
    /// What search knows of the page, for a public report's own page.
    pub search: Option<SearchEntry>,
    /// Files of content this page shows or links to, copied as they are: output path → source.
    pub assets: BTreeMap<String, std::path::PathBuf>,
    pub datasets: BTreeSet<String>,
    /// Where the page draws on each dataset, for a report's own page and the dashboard.
    pub uses: Vec<super::DatasetUse>,
    pub charts: usize,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct ReportSummary {
    is_report: bool,
    note: Option<String>,
    title: String,
    href: Option<String>,
    item: Option<String>,
    report_of: Option<String>,
    summary: Option<String>,
    key_decision: bool,
    status: &'static str,
    exempt_paragraph: Option<u8>,
    draft: bool,
}

#[derive(Serialize)]
struct MeetingSummary {
    time: Option<String>,
    venue: Option<String>,
    cancelled: bool,
    cancelled_reason: Option<String>,
    /// Every agenda item in order: reports and items without a report.
    agenda: Vec<ReportSummary>,
    title: String,
    committee: String,
    date: String,
    date_iso: String,
    href: String,
    note: Option<String>,
    reports: Vec<ReportSummary>,
}

#[derive(Serialize)]
struct AuthoritySummary {
    name: String,
    short_name: String,
    href: String,
    tagline: Option<String>,
    meetings: usize,
    reports: usize,
}

fn status_text(report: &Report) -> &'static str {
    match report.front.status {
        Status::Draft => "Draft",
        Status::Final => "Final",
        Status::Withdrawn => "Withdrawn",
    }
}

fn report_summary(meeting: &MeetingPlan<'_>, report: &Report, root: &str) -> ReportSummary {
    let exempt = report.front.exempt.0.filter(|_| !meeting.show_exempt);
    ReportSummary {
        is_report: true,
        note: None,
        title: report.front.title.clone(),
        href: exempt
            .is_none()
            .then(|| format!("{root}{}{}/index.html", meeting.path(), report.slug)),
        item: report.front.item.as_ref().map(|i| i.0.clone()),
        report_of: exempt
            .is_none()
            .then(|| report.front.report_of.clone())
            .flatten(),
        summary: exempt
            .is_none()
            .then(|| report.front.summary.clone())
            .flatten(),
        key_decision: exempt.is_none() && report.front.key_decision,
        status: status_text(report),
        exempt_paragraph: exempt,
        draft: report.is_draft(),
    }
}

fn entry_summary(entry: &AgendaEntry) -> ReportSummary {
    ReportSummary {
        is_report: false,
        note: entry.note.clone(),
        title: entry.title.clone(),
        href: None,
        item: entry.item.as_ref().map(|i| i.0.clone()),
        report_of: None,
        summary: None,
        key_decision: false,
        status: "Final",
        exempt_paragraph: None,
        draft: false,
    }
}

/// The agenda: reports and items without a report, by item number (unnumbered ones last).
fn agenda(meeting: &MeetingPlan<'_>, root: &str) -> Vec<ReportSummary> {
    // (item number's sort key, order written, row)
    type Row = (Option<(u32, String)>, usize, ReportSummary);
    let mut rows: Vec<Row> = Vec::new();
    for entry in meeting.info.map(|i| i.items.as_slice()).unwrap_or_default() {
        rows.push((
            entry.item.as_ref().map(|i| i.sort_key()),
            rows.len(),
            entry_summary(entry),
        ));
    }
    for report in &meeting.reports {
        rows.push((
            report.front.item.as_ref().map(|i| i.sort_key()),
            rows.len(),
            report_summary(meeting, report, root),
        ));
    }
    rows.sort_by(|a, b| {
        a.0.is_none()
            .cmp(&b.0.is_none())
            .then(a.0.cmp(&b.0))
            .then(a.1.cmp(&b.1))
    });
    rows.into_iter().map(|(_, _, row)| row).collect()
}

/// A cancellation's reason after the banner's "This meeting was cancelled.": a reason that
/// says so itself ("The meeting was cancelled; its business moves to November") loses those
/// words rather than saying them twice.
fn cancelled_words(reason: &str) -> String {
    let trimmed = reason.trim();
    for opening in [
        "the meeting was cancelled",
        "this meeting was cancelled",
        "cancelled",
    ] {
        let said = trimmed
            .get(..opening.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(opening));
        if let (true, Some(rest)) = (said, trimmed.get(opening.len()..)) {
            let rest = rest.trim_start_matches([';', ':', ',', '.', ' ', '–', '-']);
            let mut chars = rest.chars();
            return chars
                .next()
                .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default();
        }
    }
    trimmed.to_owned()
}

fn meeting_summary(meeting: &MeetingPlan<'_>, root: &str) -> MeetingSummary {
    let cancelled = meeting.info.and_then(|i| i.cancelled.0.clone());
    MeetingSummary {
        time: meeting.info.and_then(|i| i.time.clone()),
        venue: meeting.info.and_then(|i| i.venue.clone()),
        cancelled: cancelled.is_some(),
        cancelled_reason: cancelled
            .filter(|r| !r.is_empty())
            .map(|r| cancelled_words(&r)),
        agenda: agenda(meeting, root),
        title: meeting.title(),
        committee: meeting.committee.name.clone(),
        date: meeting.date.long(),
        date_iso: meeting.date.iso(),
        href: format!("{root}{}index.html", meeting.path()),
        note: meeting
            .public_reports()
            .find_map(|r| r.front.meeting_note.clone()),
        reports: meeting
            .reports
            .iter()
            .map(|r| report_summary(meeting, r, root))
            .collect(),
    }
}

pub(super) fn common(
    site: &Site,
    path: &str,
    page_title: &str,
    description: &str,
    breadcrumbs: Vec<Crumb>,
    draft: bool,
) -> PageCommon {
    let canonical_path = path.strip_suffix("index.html").unwrap_or(path);
    PageCommon {
        root: root_of(path),
        site_title: site.config.title.clone(),
        language: site.config.language.clone(),
        page_title: page_title.to_owned(),
        description: description.to_owned(),
        canonical: format!("{}{canonical_path}", site.config.base_url()),
        breadcrumbs,
        draft,
        exempt: false,
        council: None,
    }
}

pub(super) fn home_crumb(root: &str) -> Crumb {
    Crumb {
        title: "Home".into(),
        href: format!("{root}index.html"),
    }
}

fn authority_crumb(authority: &Authority, root: &str) -> Crumb {
    Crumb {
        title: authority.meta.short_name.clone(),
        href: format!("{root}{}/index.html", authority.slug),
    }
}

pub(super) fn render(
    theme: &super::Theme,
    template: &str,
    context: &impl Serialize,
    path: &str,
) -> Result<String, Vec<Diagnostic>> {
    let context = tera::Context::from_serialize(context).map_err(|e| {
        vec![Diagnostic::error(
            path,
            format!("cannot prepare this page: {e}"),
        )]
    })?;
    theme.templates.render(template, &context).map_err(|error| {
        vec![
            super::theme::template_diagnostic(&error, &[]).with_hint(format!(
                "while rendering {path} with the template {template}"
            )),
        ]
    })
}

/// Renders one page.
pub fn render_job(
    site: &Site,
    theme: &super::Theme,
    plan: &Plan<'_>,
    job: &Job,
) -> Result<Vec<RenderedPage>, Vec<Diagnostic>> {
    let one = |page: Result<RenderedPage, Vec<Diagnostic>>| page.map(|p| vec![p]);
    match job {
        Job::Home => one(home(site, theme, plan)),
        Job::NotFound => one(super::site_files::not_found(site, theme)),
        Job::Search => one(super::site_files::search(site, theme, plan.audience.drafts)),
        Job::Accessibility => one(super::site_files::accessibility(
            site,
            theme,
            plan.audience.drafts,
        )),
        Job::Authority(a) => {
            let authority = &site.authorities[*a];
            let meetings: Vec<&MeetingPlan<'_>> = plan
                .meetings
                .iter()
                .filter(|m| std::ptr::eq(m.authority, authority))
                .collect();
            one(authority_page(site, theme, authority, &meetings))
        }
        Job::Meeting(m) => meeting_pages(site, theme, &plan.meetings[*m]),
    }
}

/// Stand-ins for the two things that differ between a report's own page and its place in the
/// print view: the path to the site root, and the prefix of its ids. A report is rendered once
/// with them, then placed in each page.
/// (ASCII, so that they pass through URL escaping unchanged.)
const ROOT_TOKEN: &str = "@@scrutiny-root@@";
const PREFIX_TOKEN: &str = "@@scrutiny-id@@";

fn place_text(text: &str, root: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix(ROOT_TOKEN) {
            out.push_str(root);
            rest = after;
        } else if let Some(after) = rest.strip_prefix(PREFIX_TOKEN) {
            out.push_str(prefix);
            rest = after;
        } else {
            out.push('@');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn place_view(view: &ReportView, root: &str, prefix: &str) -> ReportView {
    let mut placed = view.clone();
    placed.anchor = place_text(&view.anchor, root, prefix)
        .trim_end_matches('-')
        .to_owned();
    placed.meeting_href = place_text(&view.meeting_href, root, prefix);
    placed.body = place_text(&view.body, root, prefix);
    for appendix in &mut placed.appendices {
        appendix.href = appendix
            .href
            .as_deref()
            .map(|h| place_text(h, root, prefix));
    }
    for entry in &mut placed.contents {
        entry.id = place_text(&entry.id, root, prefix);
    }
    placed
}

fn meeting_pages(
    site: &Site,
    theme: &super::Theme,
    meeting: &MeetingPlan<'_>,
) -> Result<Vec<RenderedPage>, Vec<Diagnostic>> {
    let placement = super::Placement {
        root: ROOT_TOKEN,
        id_prefix: PREFIX_TOKEN,
        show_exempt: meeting.show_exempt,
    };
    let mut built = Vec::new();
    let mut problems = Vec::new();
    for report in meeting.public_reports() {
        match build_report(site, meeting, report, &placement) {
            Ok(b) => built.push((report, b)),
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut pages = vec![meeting_page(site, theme, meeting)?];
    for (report, b) in &built {
        pages.push(report_page(site, theme, meeting, report, b)?);
    }
    pages.push(print_page(site, theme, meeting, &built)?);
    Ok(pages)
}

impl RenderedPage {
    pub fn new(path: String, html: String) -> Self {
        RenderedPage {
            path,
            html,
            search: None,
            assets: BTreeMap::new(),
            datasets: BTreeSet::new(),
            uses: Vec::new(),
            charts: 0,
            warnings: Vec::new(),
        }
    }
}

fn home(
    site: &Site,
    theme: &super::Theme,
    plan: &Plan<'_>,
) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        site_description: Option<String>,
        authorities: Vec<AuthoritySummary>,
        latest: Vec<MeetingSummary>,
    }
    let path = "index.html".to_owned();
    let root = root_of(&path);
    let authorities = site
        .authorities
        .iter()
        .map(|authority| {
            let meetings: Vec<&MeetingPlan<'_>> = plan
                .meetings
                .iter()
                .filter(|m| std::ptr::eq(m.authority, authority))
                .collect();
            AuthoritySummary {
                name: authority.meta.name.clone(),
                short_name: authority.meta.short_name.clone(),
                href: format!("{root}{}/index.html", authority.slug),
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
        .take(10)
        .map(|m| {
            let mut summary = meeting_summary(m, &root);
            summary.title = format!("{}: {}", m.authority.meta.short_name, summary.title);
            summary
        })
        .collect();
    let description = site.config.description.clone().unwrap_or_else(|| {
        format!(
            "{}: committee reports and meeting packs.",
            site.config.title
        )
    });
    let context = Context {
        page: common(
            site,
            &path,
            &site.config.title,
            &description,
            Vec::new(),
            plan.audience.drafts,
        ),
        site_description: site.config.description.clone(),
        authorities,
        latest,
    };
    let html = render(theme, "index.html", &context, &path)?;
    Ok(RenderedPage::new(path, html))
}

fn authority_page(
    site: &Site,
    theme: &super::Theme,
    authority: &Authority,
    meetings: &[&MeetingPlan<'_>],
) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        authority: AuthorityInfo,
        meetings: Vec<MeetingSummary>,
        dashboard: Vec<String>,
        logo: Option<String>,
    }
    #[derive(Serialize)]
    struct AuthorityInfo {
        name: String,
        short_name: String,
        website: Option<String>,
        tagline: Option<String>,
        code: Option<String>,
    }
    let path = format!("{}/index.html", authority.slug);
    let root = root_of(&path);
    let description = format!(
        "Scrutiny committee reports and meeting packs of {}.",
        authority.meta.name
    );
    let context = Context {
        page: common(
            site,
            &path,
            &authority.meta.name,
            &description,
            vec![home_crumb(&root)],
            false,
        ),
        authority: AuthorityInfo {
            name: authority.meta.name.clone(),
            short_name: authority.meta.short_name.clone(),
            website: authority.meta.website.clone(),
            tagline: authority.meta.tagline.clone(),
            code: authority.meta.code.clone(),
        },
        meetings: meetings.iter().map(|m| meeting_summary(m, &root)).collect(),
        dashboard: Vec::new(),
        logo: None,
    };
    let mut context = context;
    let mut datasets = BTreeSet::new();
    let mut uses = Vec::new();
    let mut charts = 0;
    let mut problems = Vec::new();
    let block_context = crate::chart::BlockContext {
        site,
        authority,
        file: &authority.meta.file,
        root: &root,
        id_prefix: "dashboard-",
    };
    for (index, block) in authority.meta.dashboard.iter().enumerate() {
        match crate::chart::render_block(&block_context, "chart", &block.yaml, block.line, index) {
            Ok(drawn) => {
                uses.push(super::DatasetUse {
                    dataset: drawn.dataset.clone(),
                    file: authority.meta.file.clone(),
                    line: block.line,
                    column: 1,
                });
                datasets.insert(drawn.dataset);
                charts += 1;
                context.dashboard.push(drawn.html);
            }
            Err(found) => problems.extend(found),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let (mark, logo) = super::CouncilMark::of(authority, &root);
    context.logo = mark.logo.clone();
    context.page.council = Some(mark);
    let assets: BTreeMap<_, _> = logo.into_iter().collect();
    let html = render(theme, "authority.html", &context, &path)?;
    Ok(RenderedPage {
        path,
        html,
        search: None,
        assets,
        datasets,
        uses,
        charts,
        warnings: Vec::new(),
    })
}

fn meeting_page(
    site: &Site,
    theme: &super::Theme,
    meeting: &MeetingPlan<'_>,
) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        authority_name: String,
        meeting: MeetingSummary,
    }
    let path = format!("{}index.html", meeting.path());
    let root = root_of(&path);
    let summary = meeting_summary(meeting, &root);
    let description = format!(
        "Agenda and reports of the {} of {}.",
        meeting.title(),
        meeting.authority.meta.name
    );
    let draft = meeting.reports.iter().any(|r| r.is_draft());
    let context = Context {
        page: common(
            site,
            &path,
            &meeting.title(),
            &description,
            vec![home_crumb(&root), authority_crumb(meeting.authority, &root)],
            draft,
        ),
        authority_name: meeting.authority.meta.name.clone(),
        meeting: summary,
    };
    let mut context = context;
    context.page.exempt = meeting.show_exempt && meeting.reports.iter().any(|r| r.is_exempt());
    let (mark, _) = super::CouncilMark::of(meeting.authority, &root);
    context.page.council = Some(super::CouncilMark { logo: None, ..mark });
    let html = render(theme, "meeting.html", &context, &path)?;
    Ok(RenderedPage::new(path, html))
}

#[derive(Clone, Serialize)]
struct FrontSheetRow {
    label: &'static str,
    value: String,
}

#[derive(Clone, Serialize)]
struct AppendixView {
    title: String,
    href: Option<String>,
    exempt_paragraph: Option<u8>,
    file: Option<String>,
}

fn front_sheet(meeting: &MeetingPlan<'_>, report: &Report) -> Vec<FrontSheetRow> {
    let front = &report.front;
    let mut rows = vec![
        FrontSheetRow {
            label: "Committee",
            value: meeting.committee.name.clone(),
        },
        FrontSheetRow {
            label: "Meeting date",
            value: front.meeting.long(),
        },
    ];
    let mut push = |label: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            rows.push(FrontSheetRow { label, value });
        }
    };
    push("Agenda item", front.item.as_ref().map(|i| i.0.clone()));
    push("Report of", front.report_of.clone());
    push("Lead member", front.lead_member.clone());
    push("Portfolio", front.portfolio.clone());
    push(
        "Wards",
        (!front.wards.is_empty()).then(|| front.wards.join(", ")),
    );
    push(
        "Key decision",
        Some(if front.key_decision { "Yes" } else { "No" }.to_owned()),
    );
    push("Forward plan reference", front.forward_plan_ref.clone());
    push(
        "Purpose",
        front.purpose.map(|p| {
            match p {
                crate::content::Purpose::Noting => "For noting",
                crate::content::Purpose::Decision => "For decision",
                crate::content::Purpose::Discussion => "For discussion",
            }
            .to_owned()
        }),
    );
    push("Status", Some(status_text(report).to_owned()));
    push("Published", front.published.map(|d| d.long()));
    rows
}

/// A contact officer, with the `tel:` link of their number where it can be dialled.
#[derive(Clone, Serialize)]
struct ContactView {
    #[serde(flatten)]
    author: crate::content::Author,
    tel: Option<String>,
}

#[derive(Clone, Serialize)]
struct UpdateView {
    date: String,
    note: String,
}

/// What a template needs of one report, on its own page or in a pack's print view.
#[derive(Clone, Serialize)]
struct ReportView {
    /// The id of the report's place in a page that holds several (`r1`), or empty.
    anchor: String,
    title: String,
    item: Option<String>,
    authority_name: String,
    meeting_title: String,
    meeting_href: String,
    meeting_note: Option<String>,
    front_sheet: Vec<FrontSheetRow>,
    summary: Option<String>,
    recommendations: Vec<String>,
    contents: Vec<ContentsEntry>,
    body: String,
    appendices: Vec<AppendixView>,
    background_papers: Vec<crate::content::BackgroundPaper>,
    authors: Vec<ContactView>,
    updated: Vec<UpdateView>,
    withdrawn: bool,
}

/// A report's view with what rendering its body found: datasets used, charts, warnings.
struct BuiltReport {
    view: ReportView,
    blocks: Vec<crate::markdown::TextBlock>,
    assets: BTreeMap<String, std::path::PathBuf>,
    datasets: BTreeSet<String>,
    uses: Vec<super::DatasetUse>,
    charts: usize,
    warnings: Vec<Diagnostic>,
}

fn build_report(
    site: &Site,
    meeting: &MeetingPlan<'_>,
    report: &Report,
    placement: &super::Placement<'_>,
) -> Result<BuiltReport, Vec<Diagnostic>> {
    let root = placement.root;
    let body = render_report_body(site, meeting.authority, report, placement);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        body.diagnostics.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let front = &report.front;
    let prefix = placement.id_prefix;
    let mut assets = body.assets;
    let appendices = front
        .appendices
        .iter()
        .map(|a| {
            let public = a.exempt.0.is_none();
            let file = a
                .file
                .as_deref()
                .filter(|_| public)
                .and_then(|file| meeting.authority.asset(file).ok());
            let (href, file) = match file {
                Some((key, asset)) => {
                    let output = format!("{}/{key}", meeting.authority.slug);
                    assets.insert(output.clone(), asset.source.clone());
                    let described = format!(
                        "{}, {}",
                        crate::content::assets::format_name(&key),
                        crate::content::assets::size_name(asset.bytes)
                    );
                    (Some(format!("{root}{output}")), Some(described))
                }
                None => (
                    a.id.as_ref()
                        .filter(|_| public)
                        .map(|id| format!("#{prefix}{id}")),
                    None,
                ),
            };
            AppendixView {
                title: a.title.clone(),
                href,
                exempt_paragraph: a.exempt.0,
                file,
            }
        })
        .collect();
    let view = ReportView {
        anchor: prefix.to_owned(),
        title: front.title.clone(),
        item: front.item.as_ref().map(|i| i.0.clone()),
        authority_name: meeting.authority.meta.name.clone(),
        meeting_title: meeting.title(),
        meeting_href: format!("{root}{}index.html", meeting.path()),
        meeting_note: front.meeting_note.clone(),
        front_sheet: front_sheet(meeting, report),
        summary: front.summary.clone(),
        recommendations: front.recommendations.clone(),
        contents: body.contents,
        body: body.html,
        appendices,
        background_papers: front.background_papers.clone(),
        authors: front
            .authors
            .iter()
            .map(|author| ContactView {
                author: author.clone(),
                tel: author.phone.as_deref().and_then(crate::web::tel_href),
            })
            .collect(),
        updated: front
            .updated
            .iter()
            .map(|u| UpdateView {
                date: u.date.long(),
                note: u.note.clone(),
            })
            .collect(),
        withdrawn: front.status == Status::Withdrawn,
    };
    Ok(BuiltReport {
        blocks: body.blocks,
        assets,
        view,
        datasets: body.datasets,
        uses: body.uses,
        charts: body.charts,
        warnings,
    })
}

fn report_page(
    site: &Site,
    theme: &super::Theme,
    meeting: &MeetingPlan<'_>,
    report: &Report,
    built: &BuiltReport,
) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        report: ReportView,
    }
    let path = format!("{}{}/index.html", meeting.path(), report.slug);
    let root = root_of(&path);
    let front = &report.front;
    let description = front
        .summary
        .clone()
        .unwrap_or_else(|| format!("{} — report to the {}.", front.title, meeting.title()));
    let context = Context {
        page: common(
            site,
            &path,
            &front.title,
            &description,
            vec![
                home_crumb(&root),
                authority_crumb(meeting.authority, &root),
                Crumb {
                    title: meeting.title(),
                    href: format!("{root}{}index.html", meeting.path()),
                },
            ],
            report.is_draft(),
        ),
        report: place_view(&built.view, &root, ""),
    };
    let mut context = context;
    context.page.exempt = report.is_exempt();
    let (mark, logo) = super::CouncilMark::of(meeting.authority, &root);
    context.page.council = Some(mark);
    let mut assets = built.assets.clone();
    assets.extend(logo);
    let html = render(theme, "report.html", &context, &path)?;
    // Search knows only the public reports a public build publishes.
    let search = (!report.is_exempt() && crate::output::search::enabled()).then(|| {
        SearchEntry::new(SearchText {
            path: path.clone(),
            title: &front.title,
            authority: &meeting.authority.meta.short_name,
            committee: &meeting.committee.name,
            date: meeting.date.long(),
            date_iso: meeting.date.iso(),
            summary: front.summary.as_deref().unwrap_or_default(),
            headings: context
                .report
                .contents
                .iter()
                .map(|c| c.title.as_str())
                .collect(),
            blocks: built
                .blocks
                .iter()
                .map(|b| search_block(b, &root))
                .collect(),
        })
    });
    Ok(RenderedPage {
        path,
        html,
        search,
        assets,
        datasets: built.datasets.clone(),
        uses: built.uses.clone(),
        charts: built.charts,
        warnings: built.warnings.clone(),
    })
}

/// A block of a report's text as search links to it, on the report's own page.
fn search_block(
    block: &crate::markdown::TextBlock,
    root: &str,
) -> crate::output::search::SearchBlock {
    let label = match (&block.number, block.anchor.contains("para-")) {
        (Some(number), true) => format!("Paragraph {number}"),
        (Some(number), false) => format!("Section {number}: {}", block.heading),
        (None, _) => block.heading.clone(),
    };
    crate::output::search::SearchBlock {
        anchor: place_text(&block.anchor, root, ""),
        label,
        text: block.text.clone(),
    }
}

/// A CSS string literal: quotes and backslashes escaped, line breaks as spaces.
fn css_string(text: &str) -> String {
    let escaped: String = text
        .chars()
        .map(|c| match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            '<' => "\\3c ".to_owned(),
            c if c.is_control() => " ".to_owned(),
            c => c.to_string(),
        })
        .collect();
    format!("\"{escaped}\"")
}

/// A report's body as placed in the print view, in one pass: every heading one level down
/// (h2 → h3, under the report's own heading), the charts' data tables shown as tables rather
/// than behind a "Show the data" control that paper cannot open, no CSV download links (the
/// report's own page has them, and paper cannot follow them), and every other link carrying
/// its absolute URL (`data-print-url`), which the print style sheet prints after it.
fn print_body(html: &str, page_url: &str) -> String {
    const DETAILS: &str = "<details class=\"chart-data\">";
    const DOWNLOAD: &str = "<p class=\"data-download\">";
    // The links of the body are written escaped: the page's address joins them escaped too.
    let page_url = crate::web::escape_html(page_url);
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    // Inside a chart's data disclosure, whose closing tag goes with its opening one.
    let mut in_details = false;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let bytes = rest.as_bytes();
        if let [b'<', b'h', level @ b'2'..=b'5', b' ' | b'>', ..] = bytes {
            out.push_str("<h");
            out.push(char::from(level + 1));
            rest = &rest[3..];
        } else if let [b'<', b'/', b'h', level @ b'2'..=b'5', b'>', ..] = bytes {
            out.push_str("</h");
            out.push(char::from(level + 1));
            rest = &rest[4..];
        } else if let Some(after) = rest.strip_prefix(DETAILS) {
            // The summary is the control's label: written by the chart module, it holds no tag.
            rest = after
                .find("</summary>")
                .map_or(after, |end| &after[end + "</summary>".len()..]);
            rest = rest.strip_prefix('\n').unwrap_or(rest);
            in_details = true;
        } else if let Some(after) = rest.strip_prefix("</details>").filter(|_| in_details) {
            rest = after.strip_prefix('\n').unwrap_or(after);
            in_details = false;
        } else if let Some(after) = rest.strip_prefix(DOWNLOAD) {
            // The link's paragraph, written by the chart module, holds one link and no paragraph.
            rest = after
                .find("</p>")
                .map_or(after, |end| &after[end + "</p>".len()..]);
        } else if let Some(after) = rest.strip_prefix("<a ") {
            out.push_str("<a ");
            rest = after;
            let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
            let href = tag
                .split("href=\"")
                .nth(1)
                .and_then(|h| h.split('"').next());
            if let Some(href) = href.filter(|h| !h.starts_with('#')) {
                out.push_str("data-print-url=\"");
                out.push_str(&resolve_url(&page_url, href));
                out.push_str("\" ");
            }
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Resolves `href` (relative, or absolute) against the directory of `page_url`.
fn resolve_url(page_url: &str, href: &str) -> String {
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("tel:") {
        return href.to_owned();
    }
    let (origin, path) = match page_url
        .find("://")
        .and_then(|i| page_url[i + 3..].find('/').map(|j| i + 3 + j))
    {
        Some(split) => (&page_url[..split], &page_url[split..]),
        None => (page_url, "/"),
    };
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            "." => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    let joined = joined.strip_suffix("index.html").unwrap_or(&joined);
    format!("{origin}{joined}")
}

/// The whole pack as one printable document: a cover with the agenda, then every public
/// report of the meeting, each starting on a new page under its own running header.
fn print_page(
    site: &Site,
    theme: &super::Theme,
    meeting: &MeetingPlan<'_>,
    built: &[(&Report, BuiltReport)],
) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        authority_name: String,
        meeting: MeetingSummary,
        reports: Vec<ReportView>,
        page_styles: String,
        pack_href: String,
    }
    let path = format!("{}print.html", meeting.path());
    let root = root_of(&path);
    let page_url = format!("{}{path}", site.config.base_url());
    let mut reports = Vec::new();
    let mut page_styles = String::new();
    let mut anchors = BTreeMap::new();
    let mut assets = BTreeMap::new();
    let mut datasets = BTreeSet::new();
    for (n, (report, b)) in built.iter().enumerate() {
        let mut view = place_view(&b.view, &root, &format!("r{}-", n + 1));
        view.body = print_body(&view.body, &page_url);
        page_styles.push_str(&format!(
            "@page report-{n} {{ @top-left {{ content: {}; }} }}\n.print-report-{n} {{ page: report-{n}; }}\n",
            css_string(&format!("{}: {}", meeting.authority.meta.short_name, report.front.title)),
            n = n + 1
        ));
        anchors.insert(report.slug.clone(), view.anchor.clone());
        assets.extend(b.assets.clone());
        datasets.extend(b.datasets.iter().cloned());
        reports.push(view);
    }
    let mut summary = meeting_summary(meeting, &root);
    // On the cover, each public item links to its place in this document.
    for row in &mut summary.agenda {
        if row.href.is_some() {
            let slug = row
                .href
                .as_deref()
                .and_then(|h| h.trim_end_matches("/index.html").rsplit('/').next())
                .unwrap_or_default();
            row.href = anchors.get(slug).map(|anchor| format!("#{anchor}"));
        }
    }
    let context = Context {
        page: common(
            site,
            &path,
            &format!("{} (print version)", meeting.title()),
            &format!(
                "Every public report of the {} of {}, in one printable document.",
                meeting.title(),
                meeting.authority.meta.name
            ),
            vec![
                home_crumb(&root),
                authority_crumb(meeting.authority, &root),
                Crumb {
                    title: meeting.title(),
                    href: format!("{root}{}index.html", meeting.path()),
                },
            ],
            meeting.reports.iter().any(|r| r.is_draft()),
        ),
        authority_name: meeting.authority.meta.name.clone(),
        meeting: summary,
        reports,
        page_styles,
        pack_href: format!("{root}{}index.html", meeting.path()),
    };
    let mut context = context;
    context.page.exempt = built.iter().any(|(r, _)| r.is_exempt());
    let (mark, logo) = super::CouncilMark::of(meeting.authority, &root);
    context.page.council = Some(mark);
    assets.extend(logo);
    let html = render(theme, "print.html", &context, &path)?;
    // The charts and warnings were counted with each report's own page.
    Ok(RenderedPage {
        path,
        html,
        search: None,
        assets,
        datasets,
        uses: Vec::new(),
        charts: 0,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::print_body;

    const PAGE: &str = "https://www.example.gov.uk/a&b/council/2024-01-15-overview/print.html";

    #[test]
    fn print_body_shows_a_charts_data_as_a_table_without_its_download_link() {
        let body = "<h2 id=\"x\">Finance</h2>\n<figure class=\"chart\">\n<svg></svg>\n\
            <details class=\"chart-data\"><summary>Show the data in this chart as a table</summary>\n\
            <div class=\"table-scroll\"><table><caption>Data</caption></table></div>\n</details>\n\
            <p class=\"data-download\"><a href=\"../../council/data/figures.csv\">Download the data</a></p></figure>\n";
        let printed = print_body(body, PAGE);
        assert_eq!(
            printed,
            "<h3 id=\"x\">Finance</h3>\n<figure class=\"chart\">\n<svg></svg>\n\
            <div class=\"table-scroll\"><table><caption>Data</caption></table></div>\n</figure>\n"
        );
    }

    #[test]
    fn print_body_gives_each_link_its_address_for_paper_and_leaves_an_authors_details_alone() {
        let body = "<p>See <a href=\"../update/index.html#para-2\">the update</a>.</p>\n\
            <details><summary>More</summary><p>Text.</p></details>";
        let printed = print_body(body, PAGE);
        assert!(
            printed.contains(
                "<a data-print-url=\"https://www.example.gov.uk/a&amp;b/council/update/index.html#para-2\" href="
            ),
            "{printed}"
        );
        assert!(printed.contains("<details><summary>More</summary><p>Text.</p></details>"));
    }
}
