//! Links from a report to the site's own pages and files (`../2024-03-14-children/update/`),
//! checked against what the build wrote: a link to a report, a pack or a file that the site
//! does not have is an error at the link, with the nearest address the site has. This needs
//! the whole build, so it runs after rendering, on the list of files the build wrote.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::content::{Report, Site};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, SiteLink};
use crate::output::Sink;
use crate::render::{self, Audience, Plan};

/// A sink that notes the path of every file written through it.
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    paths: Mutex<BTreeSet<String>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recording {
            inner,
            paths: Mutex::new(BTreeSet::new()),
        }
    }

    /// The paths written, below the output folder.
    pub fn into_paths(self) -> BTreeSet<String> {
        self.paths.into_inner().unwrap_or_default()
    }
}

impl Sink for Recording<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        if let Ok(mut paths) = self.paths.lock() {
            paths.insert(path.to_owned());
        }
        self.inner.write(path, bytes)
    }

    fn job_done(&self, total: usize) {
        self.inner.job_done(total);
    }
}

/// What a link is checked against: every file the build wrote, or, when the build stopped on
/// other errors, the meetings' pages it would have written (links elsewhere then wait for a
/// build that completes).
pub enum Known<'a> {
    Written(BTreeSet<String>),
    Planned(BTreeSet<String>),
    /// The files a preview serves, looked up where it keeps them.
    Served(&'a dyn ServedFiles),
}

/// The files a preview serves: whether one is there, and every path.
pub trait ServedFiles {
    fn contains(&self, path: &str) -> bool;
    fn paths(&self) -> Vec<&str>;
}

/// The packs, print views and report pages that `plan` has.
pub fn planned(site: &Site, audience: Audience) -> Known<'static> {
    let plan = render::plan(site, audience);
    let mut pages = BTreeSet::new();
    for meeting in &plan.meetings {
        pages.insert(meeting.address.pack.clone());
        pages.insert(meeting.address.print.clone());
        for planned in meeting.public_reports() {
            pages.insert(planned.page.clone());
        }
    }
    Known::Planned(pages)
}

impl Known<'_> {
    fn paths(&self) -> Vec<&str> {
        match self {
            Known::Written(paths) | Known::Planned(paths) => {
                paths.iter().map(String::as_str).collect()
            }
            Known::Served(files) => files.paths(),
        }
    }

    fn contains(&self, path: &str) -> bool {
        match self {
            Known::Written(paths) | Known::Planned(paths) => paths.contains(path),
            Known::Served(files) => files.contains(path),
        }
    }

    /// Whether a link's target is a page or file there is; with only the meetings' pages
    /// known, a target outside a meeting's folder is taken to be there.
    fn has(&self, target: &str) -> bool {
        if let Known::Planned(_) = self {
            let mut parts = target.split('/');
            let in_meeting = parts.next().is_some()
                && parts
                    .next()
                    .is_some_and(|folder| folder.starts_with(|c: char| c.is_ascii_digit()));
            if !in_meeting {
                return true;
            }
        }
        is_written(target, |path| self.contains(path))
    }
}

/// Every link of a published report's body that leads to a page or file of this site that
/// is not there.
pub fn check(site: &Site, audience: Audience, known: &Known) -> Vec<Diagnostic> {
    let plan = render::plan(site, audience);
    check_with(&plan, known, &|report| {
        Cow::Owned(markdown::site_links(report))
    })
}

/// [`check`] of the pages `plan` has, taking each report's links from `links_of` (which
/// gives what [`markdown::site_links`] gives): the preview keeps them between saves.
pub fn check_with<'l>(
    plan: &Plan<'_>,
    known: &Known,
    links_of: &dyn Fn(&Report) -> Cow<'l, [SiteLink]>,
) -> Vec<Diagnostic> {
    // The pages there are, for suggestions: looked up once, and only if a link is broken.
    let pages = std::cell::OnceCell::new();
    let pages = || -> &Vec<&str> {
        pages.get_or_init(|| {
            let paths = known.paths().into_iter();
            paths
                .filter_map(|path| path.strip_suffix("index.html"))
                .collect()
        })
    };
    let mut found = Vec::new();
    for meeting in &plan.meetings {
        for planned in meeting.public_reports() {
            let (report, page) = (planned.report, &planned.page);
            for link in links_of(report).iter() {
                let Some(target) = resolve(page, &link.target) else {
                    found.push(
                        Diagnostic::error(
                            &report.file,
                            format!(
                                "the link `{}` leads out of the site, above its first page",
                                link.target
                            ),
                        )
                        .at(link.line, link.column)
                        .with_hint("link to a page of this site by its address from this report's page, or give a full web address starting https://"),
                    );
                    continue;
                };
                if known.has(&target) {
                    continue;
                }
                let shown = if target.is_empty() {
                    "the home page"
                } else {
                    &target
                };
                let candidates: Vec<String> = pages().iter().map(|to| relative(page, to)).collect();
                found.push(
                    Diagnostic::error(
                        &report.file,
                        format!(
                            "the link `{}` leads to {shown}, which is no page or file of this site",
                            link.target
                        ),
                    )
                    .at(link.line, link.column)
                    .with_suggestion(&link.target, candidates.iter().map(String::as_str), || {
                        "from a report's page, a report of the same meeting is ../<report>/, and one of another meeting of the council ../../<date>-<committee>/<report>/; check the address on the page you mean".to_owned()
                    }),
                );
            }
        }
    }
    found
}

/// The path below the output folder that `href` leads to from `page`, without its fragment
/// or query; `None` when it climbs above the site's first page.
fn resolve(page: &str, href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

/// Whether the build wrote `target`: the file itself, or the folder's `index.html`.
fn is_written(target: &str, written: impl Fn(&str) -> bool) -> bool {
    let folder = if target.is_empty() || target.ends_with('/') {
        target.to_owned()
    } else {
        format!("{target}/")
    };
    written(target) || written(&format!("{folder}index.html"))
}

/// The relative address of the folder `to` (ending `/`, or empty for the home page) from
/// `page`.
fn relative(page: &str, to: &str) -> String {
    let from: Vec<&str> = page.split('/').collect();
    let from = &from[..from.len() - 1];
    let to_parts: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let shared = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - shared);
    for part in &to_parts[shared..] {
        out.push_str(part);
        out.push('/');
    }
    if out.is_empty() { "./".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_resolved_from_the_report_page() {
        let page = "redcar/2024-07-18-cs/update/index.html";
        assert_eq!(
            resolve(page, "../../2024-03-14-cs/old/").as_deref(),
            Some("redcar/2024-03-14-cs/old/")
        );
        assert_eq!(resolve(page, "../../../../x"), None);
        assert_eq!(
            resolve(page, "../../data/a.csv#top").as_deref(),
            Some("redcar/data/a.csv")
        );
        assert_eq!(
            relative(page, "redcar/2024-03-14-cs/older/"),
            "../../2024-03-14-cs/older/"
        );
        let written: BTreeSet<String> = ["redcar/2024-03-14-cs/old/index.html".to_owned()].into();
        let written = |path: &str| written.contains(path);
        assert!(is_written("redcar/2024-03-14-cs/old/", written));
        assert!(is_written("redcar/2024-03-14-cs/old", written));
        assert!(!is_written("redcar/2024-03-14-cs/older/", written));
    }
}
