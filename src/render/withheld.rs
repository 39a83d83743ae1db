//! What a build does not publish (exempt reports, exempt appendices, drafts outside a preview)
//! and what it leaves behind: its problems, checked like the rest, and the datasets it draws
//! on, which are withheld everywhere (CSV, comparison) unless a public page draws on them too,
//! in which case the author is warned where an exempt paper shares them.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use super::body::{Placement, render_body_part};
use super::plan::Audience;
use crate::content::{Authority, DatasetKey, DatasetRead, Datasets, Report, Site};
use crate::diagnostic::Diagnostic;
use crate::markdown::Part;

/// Where a page draws on a dataset: the dataset, the authority whose page it is, and the
/// place in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DatasetUse {
    pub dataset: DatasetKey,
    pub from: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The datasets that unpublished content draws on.
#[derive(Debug, Default, Clone)]
pub struct Withheld {
    datasets: FxHashSet<DatasetKey>,
    /// For each dataset an exempt paper draws on, the exempt papers as a message names them.
    exempt: FxHashMap<DatasetKey, BTreeSet<String>>,
}

impl Withheld {
    /// Whether unpublished content draws on the dataset.
    pub fn contains(&self, key: &DatasetKey) -> bool {
        self.datasets.contains(key)
    }

    /// A fingerprint of what [`Withheld::shared_with_exempt`] warns of: the same for the same
    /// exempt papers' datasets, whatever order they were found in.
    pub fn exempt_fingerprint(&self) -> u64 {
        self.exempt.iter().fold(0u64, |all, entry| {
            let mut hasher = rustc_hash::FxHasher::default();
            entry.hash(&mut hasher);
            all.wrapping_add(hasher.finish())
        })
    }

    /// The datasets that exempt papers draw on.
    pub fn exempt_datasets(&self) -> impl Iterator<Item = &DatasetKey> {
        self.exempt.keys()
    }

    fn extend(&mut self, other: Withheld) {
        self.datasets.extend(other.datasets);
        for (dataset, papers) in other.exempt {
            self.exempt.entry(dataset).or_default().extend(papers);
        }
    }

    /// A warning at each of `uses` (a public page's) whose dataset an exempt paper also draws
    /// on: publishing the page publishes the dataset, and the author should decide knowingly.
    pub fn shared_with_exempt(&self, uses: &[DatasetUse]) -> Vec<Diagnostic> {
        uses.iter()
            .filter_map(|used| {
                let papers = self.exempt.get(&used.dataset)?;
                Some(shared_warning(used, papers))
            })
            .collect()
    }
}

fn shared_warning(used: &DatasetUse, papers: &BTreeSet<String>) -> Diagnostic {
    let papers: Vec<&str> = papers.iter().map(String::as_str).collect();
    let (named, verb) = match papers.as_slice() {
        [one] => ((*one).to_owned(), "uses"),
        [rest @ .., last] => (format!("{} and {last}", rest.join(", ")), "use"),
        [] => (String::new(), "uses"),
    };
    // A dataset of the page's own authority goes by its id, as the author wrote it.
    let dataset = used.dataset.as_written_from(&used.from);
    Diagnostic::warning(&used.file, format!("this draws on the dataset `{dataset}`, which {named} also {verb}: the dataset is published with this page"))
        .at(used.line, used.column)
        .with_hint("check that nothing in the dataset is exempt information; if some of it is, give the exempt paper a dataset of its own")
}

/// What the content a build does not publish leaves behind: the problems of exempt reports,
/// of drafts outside a preview and of exempt appendices (checked like the rest, so that `check`
/// and `build` agree, and so that `serve --exempt` finds nothing new), and the datasets they
/// draw on, which no public file shows unless a public page draws on them too.
#[derive(Debug, Default, Clone)]
pub struct Unpublished {
    pub diagnostics: Vec<Diagnostic>,
    pub datasets: Withheld,
    /// Every dataset looked up, and what was found.
    pub reads: Vec<DatasetRead>,
}

impl Unpublished {
    pub fn extend(&mut self, other: Unpublished) {
        self.diagnostics.extend(other.diagnostics);
        self.datasets.extend(other.datasets);
        self.reads.extend(other.reads);
    }
}

/// Renders the unpublished content of `authorities` (in parallel, each body once) for its
/// problems and the datasets it uses; nothing of it is kept.
pub fn unpublished<'a>(
    site: &Site,
    authorities: impl IntoIterator<Item = &'a Authority>,
    audience: Audience,
) -> Unpublished {
    let reports: Vec<(&Authority, &Report, Part)> = authorities
        .into_iter()
        .flat_map(|a| a.reports.iter().map(move |r| (a, r)))
        .filter_map(|(a, r)| Some((a, r, withheld_part(a, r, audience)?)))
        .collect();
    reports
        .par_iter()
        .map(|&(authority, report, part)| {
            let placement = Placement {
                root: "",
                id_prefix: "",
                show_exempt: true,
            };
            let looked_up = Datasets::new(site);
            let body = render_body_part(&looked_up, authority, report, &placement, part);
            let paper = exempt_paper(report, part, audience);
            let mut datasets = Withheld::default();
            for dataset in body.usage.datasets {
                if let Some(paper) = &paper {
                    datasets
                        .exempt
                        .entry(dataset.clone())
                        .or_default()
                        .insert(paper.clone());
                }
                datasets.datasets.insert(dataset);
            }
            Unpublished {
                diagnostics: body.diagnostics,
                datasets,
                reads: looked_up.into_reads(),
            }
        })
        .reduce(Unpublished::default, |mut all, one| {
            all.extend(one);
            all
        })
}

/// The part of a report the audience does not see: all of it, its exempt appendices, or none.
fn withheld_part(authority: &Authority, report: &Report, audience: Audience) -> Option<Part> {
    let unlisted = authority.meta.committee(&report.front.committee).is_none();
    let hidden_exempt = report.is_exempt() && !audience.exempt;
    if unlisted || hidden_exempt || (report.is_draft() && !audience.drafts) {
        return Some(Part::Whole);
    }
    (!audience.exempt && !report.exempt_appendix_ids().is_empty()).then_some(Part::Withheld)
}

/// The exempt paper that a render of `part` of `report` is, as a message names it.
fn exempt_paper(report: &Report, part: Part, audience: Audience) -> Option<String> {
    match part {
        Part::Withheld => {
            let ids: Vec<String> = report
                .exempt_appendix_ids()
                .iter()
                .map(|id| format!("`{id}`"))
                .collect();
            let noun = if ids.len() == 1 {
                "appendix"
            } else {
                "appendices"
            };
            Some(format!(
                "the exempt {noun} {} of {}",
                ids.join(", "),
                report.file
            ))
        }
        _ if report.is_exempt() && !audience.exempt => {
            Some(format!("the exempt report {}", report.file))
        }
        _ => None,
    }
}
