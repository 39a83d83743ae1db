//! The entries of `sitemap.xml` and `feed.xml`: every page by its canonical address, and the
//! public reports newest first. Dates come from content, never the clock.

use std::collections::BTreeMap;

use super::plan::{MeetingPlan, PlannedReport};
use crate::content::{PartialDate, Report, SiteConfig, canonical_path};
use crate::output::feed::{Feed, FeedEntry};
use crate::output::sitemap::SitemapEntry;

/// A public report as the sitemap and the feed list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    /// Its page.
    pub page: String,
    /// When it last changed, by its content.
    pub date: PartialDate,
    /// Its place among reports of the same date: its meeting's folder, then its own name.
    order: (String, String),
    pub entry: FeedEntry,
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

/// A public report of `meeting` as listed.
pub fn listed(
    config: &SiteConfig,
    meeting: &MeetingPlan<'_>,
    planned: &PlannedReport<'_>,
) -> Listed {
    let report = planned.report;
    let front = &report.front;
    let date = report_date(report);
    let mut summary = front.summary.clone().unwrap_or_default();
    for update in &front.updated {
        summary.push_str(&format!(" Updated {}: {}", update.date.long(), update.note));
    }
    Listed {
        page: planned.page.clone(),
        date,
        order: (meeting.address.folder.clone(), report.slug.clone()),
        entry: FeedEntry {
            title: format!("{}: {}", meeting.authority.meta.short_name, front.title),
            address: format!("{}{}", config.base_url(), canonical_path(&planned.page)),
            published: front.published.unwrap_or(front.meeting).rfc3339(),
            updated: date.rfc3339(),
            author: meeting.authority.meta.name.clone(),
            summary: summary.trim().to_owned(),
        },
    }
}

/// The sitemap entries: every page of `pages` (sorted) that is a folder's index, with the date
/// of the report it shows.
pub fn sitemap<'a>(
    config: &SiteConfig,
    pages: &[&str],
    reports: impl Iterator<Item = &'a Listed>,
) -> Vec<SitemapEntry> {
    let base = config.base_url();
    let dates: BTreeMap<&str, PartialDate> = reports.map(|r| (r.page.as_str(), r.date)).collect();
    pages
        .iter()
        .filter(|path| path.ends_with("index.html"))
        .map(|path| SitemapEntry {
            address: format!("{base}{}", canonical_path(path)),
            last_modified: dates.get(path).map(PartialDate::rfc3339),
        })
        .collect()
}

/// The feed of the public reports `reports`, newest first.
pub fn feed<'a>(config: &SiteConfig, reports: impl Iterator<Item = &'a Listed>) -> Feed {
    let mut reports: Vec<&Listed> = reports.collect();
    reports.sort_by(|a, b| b.date.cmp(&a.date).then(a.order.cmp(&b.order)));
    let updated = reports
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |r| r.date.rfc3339());
    Feed {
        language: config.language.clone(),
        title: config.title.clone(),
        address: config.base_url(),
        updated,
        entries: reports.into_iter().map(|r| r.entry.clone()).collect(),
    }
}
