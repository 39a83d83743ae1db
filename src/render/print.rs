//! A meeting's print view: the whole pack as one printable document, a cover with the agenda
//! and then every public report, each starting on a new page under its own running header.

use std::collections::BTreeMap;

use serde::Serialize;

use super::page::{CouncilMark, Page, PageCommon, RenderContext, meeting_crumbs, render, root_of};
use super::plan::{MeetingPlan, PlannedReport};
use super::report_view::{BuiltReport, ReportView, place_view};
use super::summary::{MeetingSummary, meeting_summary};
use crate::diagnostic::Diagnostic;

/// The print view of `meeting`, from its public reports as built once for the meeting.
pub fn print_page(
    cx: &RenderContext<'_>,
    meeting: &MeetingPlan<'_>,
    built: &[(&PlannedReport<'_>, BuiltReport)],
) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        authority_name: String,
        meeting: MeetingSummary,
        reports: Vec<ReportView>,
        page_styles: String,
        pack_href: String,
    }
    let path = meeting.address.print.clone();
    let root = root_of(&path);
    let page_url = format!("{}{path}", cx.config.base_url());
    let mut reports = Vec::new();
    let mut page_styles = String::new();
    // Each report's page → its place in this document.
    let mut anchors: BTreeMap<&str, String> = BTreeMap::new();
    for (n, (planned, b)) in built.iter().enumerate() {
        let mut view = place_view(&b.view, &root, &format!("r{}-", n + 1));
        view.body = print_body(&view.body, &page_url);
        page_styles.push_str(&format!(
            "@page report-{n} {{ @top-left {{ content: {}; }} }}\n.print-report-{n} {{ page: report-{n}; }}\n",
            css_string(&format!("{}: {}", meeting.authority.meta.short_name, planned.report.front.title)),
            n = n + 1
        ));
        anchors.insert(&planned.page, view.anchor.clone());
        reports.push(view);
    }
    let mut summary = meeting_summary(meeting, &root);
    // On the cover, each public item links to its place in this document.
    for row in &mut summary.agenda {
        if let Some(page) = &row.page {
            row.href = anchors
                .get(page.as_str())
                .map(|anchor| format!("#{anchor}"));
        }
    }
    let mut page = PageCommon::new(
        cx.config,
        &path,
        &format!("{} (print version)", meeting.title()),
        &format!(
            "Every public report of the {} of {}, in one printable document.",
            meeting.title(),
            meeting.authority.meta.name
        ),
        meeting_crumbs(meeting, &root),
        meeting.has_drafts(),
    );
    page.exempt = built.iter().any(|(r, _)| r.report.is_exempt());
    page.council = Some(CouncilMark::of(meeting.authority, &root));
    let context = Context {
        page,
        authority_name: meeting.authority.meta.name.clone(),
        meeting: summary,
        reports,
        page_styles,
        pack_href: format!("{root}{}", meeting.address.pack),
    };
    render(cx.theme, "print.html", &context, path)
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
