//! The list of pages a site produces, decided once from the model: the reports the audience
//! sees, grouped into meetings in agenda order, every page's address, and the rendering jobs
//! that make them. This is the one place that knows the list.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::content::{
    AgendaEntry, AgendaItem, Authority, Committee, MeetingAddress, MeetingInfo, PartialDate,
    Report, Site,
};

/// What a build publishes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Audience {
    /// Include `status: draft` reports (preview builds only).
    pub drafts: bool,
    /// Include exempt reports and appendices under an "Exempt — not for publication" banner:
    /// only `serve --exempt`, on loopback, for reviewers entitled to see them.
    pub exempt: bool,
}

/// Every page of the site.
pub struct Plan<'a> {
    pub site: &'a Site,
    /// Meetings in authority order, newest first.
    pub meetings: Vec<MeetingPlan<'a>>,
    /// Where each authority's meetings are in `meetings`, by the authority's place in the site.
    authority_meetings: Vec<Range<usize>>,
    pub audience: Audience,
}

/// A meeting: the reports of one authority's committee on one date, in agenda order.
pub struct MeetingPlan<'a> {
    /// The authority: its settings (`authority.yaml`), `meetings.yaml` and assets are what a
    /// meeting's pages read of it; its datasets are read through [`crate::content::Datasets`].
    pub authority: &'a Authority,
    pub committee: &'a Committee,
    pub date: PartialDate,
    pub address: MeetingAddress,
    /// Every report of the meeting, exempt ones included (the agenda lists their titles).
    pub reports: Vec<PlannedReport<'a>>,
    /// What `meetings.yaml` says of the meeting, if anything.
    pub info: Option<&'a MeetingInfo>,
    /// Whether exempt reports are shown (`serve --exempt` only).
    pub show_exempt: bool,
}

/// A report of a meeting, and the page it has (if it is public) at `page`.
pub struct PlannedReport<'a> {
    pub report: &'a Report,
    pub page: String,
}

/// A row of a meeting's agenda: an item without a report, or a report.
pub enum AgendaRow<'p> {
    Item(&'p AgendaEntry),
    Report(&'p PlannedReport<'p>),
}

impl MeetingPlan<'_> {
    /// The agenda in order: items without a report (from `meetings.yaml`) and reports, by item
    /// number, unnumbered ones last, rows of one number in the order they are written. The
    /// pack page, its print view and the published open data all list it in this order.
    pub fn agenda(&self) -> Vec<AgendaRow<'_>> {
        let entries = self.info.map(|i| i.items.as_slice()).unwrap_or_default();
        let mut rows: Vec<(Option<(u32, String)>, AgendaRow<'_>)> = entries
            .iter()
            .map(|entry| {
                (
                    entry.item.as_ref().map(AgendaItem::sort_key),
                    AgendaRow::Item(entry),
                )
            })
            .chain(self.reports.iter().map(|planned| {
                (
                    planned.report.front.item.as_ref().map(AgendaItem::sort_key),
                    AgendaRow::Report(planned),
                )
            }))
            .collect();
        // A stable sort: among equal numbers the order written stays.
        rows.sort_by(|a, b| a.0.is_none().cmp(&b.0.is_none()).then(a.0.cmp(&b.0)));
        rows.into_iter().map(|(_, row)| row).collect()
    }

    pub fn title(&self) -> String {
        format!("{}, {}", self.committee.name, self.date.long())
    }

    /// The reports that get a page of their own.
    pub fn public_reports(&self) -> impl Iterator<Item = &PlannedReport<'_>> {
        self.reports
            .iter()
            .filter(|r| !r.report.is_exempt() || self.show_exempt)
    }

    /// Whether any report of the meeting is a draft.
    pub fn has_drafts(&self) -> bool {
        self.reports.iter().any(|r| r.report.is_draft())
    }
}

/// A rendering job: one page, or the pages that share the work of rendering a meeting's
/// reports.
pub enum Job {
    Home,
    NotFound,
    Accessibility,
    Search,
    /// The `index`th authority's page.
    Authority(usize),
    /// A meeting's pack, its print view and the pages of its public reports, which share the
    /// work of rendering each report once.
    Meeting(usize),
}

/// A job by what it renders, the same from one build to the next.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JobKey {
    Home,
    NotFound,
    Accessibility,
    Search,
    /// An authority by its folder name.
    Authority(String),
    /// A meeting by its folder: `dudley/2023-07-19-children-select/`.
    Meeting(String),
}

impl<'a> Plan<'a> {
    /// Every job, site-wide pages first, then authorities and meetings in plan order.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Home, Job::NotFound, Job::Accessibility, Job::Search];
        jobs.extend((0..self.site.authorities.len()).map(Job::Authority));
        jobs.extend((0..self.meetings.len()).map(Job::Meeting));
        jobs
    }

    pub fn key(&self, job: &Job) -> JobKey {
        match job {
            Job::Home => JobKey::Home,
            Job::NotFound => JobKey::NotFound,
            Job::Accessibility => JobKey::Accessibility,
            Job::Search => JobKey::Search,
            Job::Authority(a) => JobKey::Authority(self.site.authorities[*a].slug.clone()),
            Job::Meeting(m) => JobKey::Meeting(self.meetings[*m].address.folder.clone()),
        }
    }

    /// The meetings of the `index`th authority, newest first.
    pub fn meetings_of(&self, index: usize) -> &[MeetingPlan<'a>] {
        self.authority_meetings
            .get(index)
            .map_or(&[], |range| &self.meetings[range.clone()])
    }

    /// A fingerprint of everything a job is given from the plan: its meeting (or its
    /// authority's meetings) with every report's fingerprint and address. With the datasets its
    /// pages looked up, this is all its pages are made from, but for the site's settings and
    /// the theme, which every page reads. `None` for the home page, which shows the whole plan
    /// and is always rendered again.
    pub fn inputs(&self, job: &Job) -> Option<u64> {
        let mut hasher = rustc_hash::FxHasher::default();
        match job {
            Job::Home => return None,
            // The site's settings and the theme alone.
            Job::NotFound | Job::Accessibility => {}
            // It links every authority's page by the authority's name.
            Job::Search => {
                for authority in &self.site.authorities {
                    (&authority.slug, &authority.meta.name).hash(&mut hasher);
                }
            }
            Job::Authority(a) => {
                self.site.authorities[*a].fingerprint.hash(&mut hasher);
                for meeting in self.meetings_of(*a) {
                    hash_meeting(meeting, &mut hasher);
                }
            }
            Job::Meeting(m) => hash_meeting(&self.meetings[*m], &mut hasher),
        }
        Some(hasher.finish())
    }
}

/// Hashes every field of a meeting: a field added to [`MeetingPlan`] does not compile here
/// until it is hashed.
fn hash_meeting(meeting: &MeetingPlan<'_>, hasher: &mut impl Hasher) {
    let MeetingPlan {
        authority,
        committee,
        date,
        address,
        reports,
        info,
        show_exempt,
    } = meeting;
    // The committee comes from `authority.yaml`, the meeting's information from
    // `meetings.yaml`: both are in the authority's fingerprint.
    let _ = (committee, info);
    authority.fingerprint.hash(hasher);
    (date, address, show_exempt).hash(hasher);
    for PlannedReport { report, page } in reports {
        (report.fingerprint, &report.slug, page).hash(hasher);
    }
}

/// Decides the pages: reports that the audience may see, grouped into meetings, newest first.
pub fn plan(site: &Site, audience: Audience) -> Plan<'_> {
    // (authority, committee, date), each authority and committee by its place.
    type Key = (usize, usize, PartialDate);
    type Group<'g> = (Vec<&'g Report>, Option<&'g MeetingInfo>);
    let mut groups: FxHashMap<Key, Group<'_>> = FxHashMap::default();
    for (a, authority) in site.authorities.iter().enumerate() {
        for report in &authority.reports {
            if report.is_draft() && !audience.drafts {
                continue;
            }
            if let Some(c) = committee_index(authority, &report.front.committee) {
                let key = (a, c, report.front.meeting);
                groups.entry(key).or_default().0.push(report);
            }
        }
        for info in &authority.meetings {
            if let Some(c) = committee_index(authority, &info.committee) {
                groups.entry((a, c, info.date)).or_default().1 = Some(info);
            }
        }
    }
    let committee = |a: usize, c: usize| &site.authorities[a].meta.committees[c];
    let mut groups: Vec<(Key, Group<'_>)> = groups.into_iter().collect();
    // Authority order, then newest meeting first.
    groups.sort_unstable_by(|((a, c, x), _), ((b, d, y), _)| {
        a.cmp(b)
            .then(y.cmp(x))
            .then(committee(*a, *c).id.cmp(&committee(*b, *d).id))
    });
    let mut authority_meetings = vec![0..0; site.authorities.len()];
    for (at, ((a, _, _), _)) in groups.iter().enumerate() {
        let range = &mut authority_meetings[*a];
        if range.start == range.end {
            *range = at..at;
        }
        range.end = at + 1;
    }
    let meetings = groups
        .into_iter()
        .map(|((a, c, date), (reports, info))| {
            let authority = &site.authorities[a];
            meeting(authority, committee(a, c), date, reports, info, audience)
        })
        .collect();
    Plan {
        site,
        meetings,
        authority_meetings,
        audience,
    }
}

/// The place among its authority's committees of the one `named` (by id or name).
fn committee_index(authority: &Authority, named: &str) -> Option<usize> {
    let committee = authority.meta.committee(named)?;
    authority
        .meta
        .committees
        .iter()
        .position(|c| std::ptr::eq(c, committee))
}

/// One meeting, its reports in agenda order (unnumbered ones last, then by file name).
fn meeting<'a>(
    authority: &'a Authority,
    committee: &'a Committee,
    date: PartialDate,
    mut reports: Vec<&'a Report>,
    info: Option<&'a MeetingInfo>,
    audience: Audience,
) -> MeetingPlan<'a> {
    reports.sort_by(|x, y| {
        let key = |r: &Report| r.front.item.as_ref().map(|i| i.sort_key());
        key(x)
            .is_none()
            .cmp(&key(y).is_none())
            .then(key(x).cmp(&key(y)))
            .then(x.slug.cmp(&y.slug))
    });
    let address = MeetingAddress::new(authority, committee, date);
    let reports = reports
        .into_iter()
        .map(|report| PlannedReport {
            report,
            page: address.report_page(report),
        })
        .collect();
    MeetingPlan {
        authority,
        committee,
        date,
        address,
        reports,
        info,
        show_exempt: audience.exempt,
    }
}
