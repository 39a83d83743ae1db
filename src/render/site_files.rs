//! The pages and files every site has beyond its reports: `404.html`, the accessibility
//! statement, `sitemap.xml` and the Atom `feed.xml`. Dates come from content, never the clock.

use serde::Serialize;

use super::pages::{MeetingPlan, Plan, RenderedPage, common, home_crumb, render};
use super::{PageCommon, Theme, root_of};
use crate::content::{PartialDate, Report, Site};
use crate::diagnostic::Diagnostic;
use crate::web::escape_html;

/// The path part of the base URL (`/scrutiny/`), so that `404.html`, which a server shows at
/// any address, can link to the site from any depth.
fn base_path(site: &Site) -> String {
    let base = site.config.base_url();
    let after_scheme = base
        .split_once("://")
        .map_or(base.as_str(), |(_, rest)| rest);
    after_scheme
        .find('/')
        .map_or("/".to_owned(), |i| after_scheme[i..].to_owned())
}

pub fn not_found(site: &Site, theme: &Theme) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        inline_css: String,
    }
    let path = "404.html".to_owned();
    let mut page = common(
        site,
        &path,
        "Page not found",
        "There is no page at this address.",
        Vec::new(),
        false,
    );
    page.root = base_path(site);
    page.breadcrumbs = vec![home_crumb(&page.root)];
    let css = theme
        .assets
        .get("style.css")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    // Inside a <style> element only `</style` could end it early; the theme's CSS never holds it.
    let inline_css = css
        .replace("url(\"fonts/", &format!("url(\"{}assets/fonts/", page.root))
        .replace("</", "<\\/");
    let html = render(theme, "404.html", &Context { page, inline_css }, &path)?;
    Ok(RenderedPage::new(path, html))
}

pub fn search(site: &Site, theme: &Theme, draft: bool) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Council {
        name: String,
        href: String,
    }
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        councils: Vec<Council>,
    }
    let path = "search/index.html".to_owned();
    let root = root_of(&path);
    // Without JavaScript, the page links every council's list of reports.
    let councils = site
        .authorities
        .iter()
        .map(|a| Council {
            name: a.meta.name.clone(),
            href: format!("{root}{}/index.html", a.slug),
        })
        .collect();
    let page = common(
        site,
        &path,
        "Search reports",
        &format!("Search the reports of {}.", site.config.title),
        vec![home_crumb(&root)],
        draft,
    );
    let html = render(theme, "search.html", &Context { page, councils }, &path)?;
    Ok(RenderedPage::new(path, html))
}

pub fn accessibility(
    site: &Site,
    theme: &Theme,
    draft: bool,
) -> Result<RenderedPage, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        statement: Statement,
    }
    #[derive(Serialize)]
    struct Statement {
        contact: Option<String>,
        contact_is_email: bool,
        compliance: String,
        known_problems: Vec<String>,
        prepared: Option<String>,
        reviewed: Option<String>,
    }
    let path = "accessibility/index.html".to_owned();
    let root = root_of(&path);
    let declared = &site.config.accessibility;
    // Only what the council declares: anything else reads as not yet assessed.
    let compliance = match declared.compliance.as_deref().map(str::trim) {
        Some("full") => "full",
        Some("partial") => "partial",
        Some("not") => "not",
        _ => "unknown",
    }
    .to_owned();
    let context = Context {
        page: common(
            site,
            &path,
            "Accessibility statement",
            &format!("Accessibility statement for {}.", site.config.title),
            vec![home_crumb(&root)],
            draft,
        ),
        statement: Statement {
            contact_is_email: declared
                .contact
                .as_deref()
                .is_some_and(crate::web::is_email),
            contact: declared.contact.clone(),
            compliance,
            known_problems: declared.known_problems.clone(),
            prepared: declared.prepared.map(|d| d.long()),
            reviewed: declared.reviewed.map(|d| d.long()),
        },
    };
    let html = render(theme, "accessibility.html", &context, &path)?;
    Ok(RenderedPage::new(path, html))
}

/// The date a report last changed, by its content: its latest update, else its publication,
/// else its meeting.
fn report_date(report: &Report) -> PartialDate {
    report
        .front
        .updated
        .iter()
        .map(|u| u.date)
        .max()
        .or(report.front.published)
        .unwrap_or(report.front.meeting)
}

/// `sitemap.xml`: every public page by its canonical address.
pub fn sitemap(site: &Site, plan: &Plan<'_>, pages: &[&str]) -> String {
    let base = site.config.base_url();
    let mut dates: std::collections::BTreeMap<String, PartialDate> =
        std::collections::BTreeMap::new();
    for meeting in &plan.meetings {
        for report in meeting.public_reports() {
            dates.insert(
                format!("{}{}/index.html", meeting.path(), report.slug),
                report_date(report),
            );
        }
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in pages.iter().filter(|p| p.ends_with("index.html")) {
        let address = format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path));
        xml.push_str(&format!("<url><loc>{}</loc>", escape_html(&address)));
        if let Some(date) = dates.get(*path) {
            xml.push_str(&format!("<lastmod>{}</lastmod>", date.rfc3339()));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `feed.xml`: public reports, newest first, as an Atom feed.
pub fn feed(site: &Site, plan: &Plan<'_>) -> String {
    feed_of(site, &site.config.title, "", plan.meetings.iter())
}

/// An Atom feed of the public reports of `meetings`, newest first, titled `title`, written at
/// `folder` (`""` for the site's, `dudley/` for a council's) and linked to that folder's page.
pub fn feed_of<'a>(
    site: &Site,
    title: &str,
    folder: &str,
    meetings: impl Iterator<Item = &'a MeetingPlan<'a>>,
) -> String {
    let base = site.config.base_url();
    let mut entries: Vec<(PartialDate, String, &MeetingPlan<'_>, &Report)> = meetings
        .flat_map(|m| {
            let path = m.path();
            m.public_reports()
                .map(move |r| (report_date(r), path.clone(), m, r))
        })
        .collect();
    entries.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.3.slug.cmp(&b.3.slug))
    });
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |e| e.0.rfc3339());
    let page = format!("{base}{folder}");
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}feed.xml\"/>\n<updated>{updated}</updated>\n",
        escape_html(&site.config.language),
        escape_html(title),
        escape_html(&page),
        escape_html(&page),
        escape_html(&page),
    );
    for (date, meeting_path, meeting, report) in entries {
        let address = format!("{base}{meeting_path}{}/", report.slug);
        let published = report.front.published.unwrap_or(report.front.meeting);
        let mut summary = report.front.summary.clone().unwrap_or_default();
        for update in &report.front.updated {
            summary.push_str(&format!(" Updated {}: {}", update.date.long(), update.note));
        }
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            escape_html(&format!("{}: {}", meeting.authority.meta.short_name, report.front.title)),
            escape_html(&address),
            escape_html(&address),
            published.rfc3339(),
            date.rfc3339(),
            escape_html(&meeting.authority.meta.name),
            escape_html(summary.trim()),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}
