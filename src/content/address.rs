//! Where content is published, and what a dataset is called, decided here once from the
//! model's own fields: an authority's page, a meeting's folder and pages, a report's page, an
//! asset's path, a dataset's key (`authority/id`) and its CSV. Everything else carries these
//! values; nothing splits a path or a link to find them again.

use std::fmt;

use super::{Authority, Committee, Dataset, PartialDate, Report, Site};

/// A dataset by the authority it belongs to and its id: what `authority/id` names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DatasetKey {
    pub authority: String,
    pub id: String,
}

impl DatasetKey {
    /// The key of the dataset `reference` names, as an author writes it in a block of an
    /// authority `from`: its own `id`, or another's `authority/id`.
    pub fn named(from: &str, reference: &str) -> DatasetKey {
        let (authority, id) = reference.split_once('/').unwrap_or((from, reference));
        DatasetKey {
            authority: authority.to_owned(),
            id: id.to_owned(),
        }
    }

    /// Where the dataset's CSV is published: `dudley/data/workforce.csv`.
    pub fn csv_path(&self) -> String {
        format!("{}/data/{}.csv", self.authority, self.id)
    }

    /// The key as an author of `from` writes it: the id alone for a dataset of its own.
    pub fn as_written_from(&self, from: &str) -> String {
        if self.authority == from {
            self.id.clone()
        } else {
            self.to_string()
        }
    }
}

impl fmt::Display for DatasetKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.authority, self.id)
    }
}

impl Authority {
    /// The authority's own page: `dudley/index.html`.
    pub fn page_path(&self) -> String {
        format!("{}/index.html", self.slug)
    }

    /// Where the asset at `key` (as [`Authority::asset`] gives it) is published:
    /// `dudley/images/logo.png`.
    pub fn asset_path(&self, key: &str) -> String {
        format!("{}/{key}", self.slug)
    }

    /// The key of one of the authority's datasets.
    pub fn dataset_key(&self, dataset: &Dataset) -> DatasetKey {
        DatasetKey {
            authority: self.slug.clone(),
            id: dataset.id.clone(),
        }
    }
}

impl Site {
    /// The dataset a key names, if there is one.
    pub fn dataset_at(&self, key: &DatasetKey) -> Option<&Dataset> {
        self.authority(&key.authority)?.datasets.get(&key.id)
    }

    /// Whether the dataset a key names has a file with errors, so that it could not be read.
    pub fn is_broken_dataset(&self, key: &DatasetKey) -> bool {
        self.authority(&key.authority)
            .is_some_and(|a| a.broken_datasets.contains(&key.id))
    }
}

/// Where a meeting's pages are, below the output root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MeetingAddress {
    /// `dudley/2023-07-19-children-select/`: the meeting's folder.
    pub folder: String,
    /// The pack: the folder's `index.html`.
    pub pack: String,
    /// The print view of the whole pack: the folder's `print.html`.
    pub print: String,
}

impl MeetingAddress {
    /// The meeting of `authority`'s `committee` on `date`.
    pub fn new(authority: &Authority, committee: &Committee, date: PartialDate) -> Self {
        let folder = joined(&[&authority.slug, "/", &date.iso(), "-", &committee.id, "/"]);
        MeetingAddress {
            pack: joined(&[&folder, "index.html"]),
            print: joined(&[&folder, "print.html"]),
            folder,
        }
    }

    /// The page of one of the meeting's reports: `<folder><report>/index.html`.
    pub fn report_page(&self, report: &Report) -> String {
        joined(&[&self.folder, &report.slug, "/index.html"])
    }
}

/// The parts, one after another: an address made with one allocation (a large site's plan
/// makes tens of thousands).
fn joined(parts: &[&str]) -> String {
    let mut text = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        text.push_str(part);
    }
    text
}

/// A page's address below the site's base URL: the folder of an `index.html`, the path of any
/// other page (`dudley/` for `dudley/index.html`).
pub fn canonical_path(page: &str) -> &str {
    page.strip_suffix("index.html").unwrap_or(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_is_named_by_its_own_id_or_another_authoritys_key() {
        let own = DatasetKey::named("dudley", "workforce");
        assert_eq!(
            (own.authority.as_str(), own.id.as_str()),
            ("dudley", "workforce")
        );
        let other = DatasetKey::named("dudley", "sandwell/funding");
        assert_eq!(other.to_string(), "sandwell/funding");
        assert_eq!(other.csv_path(), "sandwell/data/funding.csv");
        assert_eq!(other.as_written_from("dudley"), "sandwell/funding");
        assert_eq!(own.as_written_from("dudley"), "workforce");
    }

    #[test]
    fn a_page_is_published_at_its_folder() {
        assert_eq!(canonical_path("dudley/index.html"), "dudley/");
        assert_eq!(canonical_path("index.html"), "");
        assert_eq!(canonical_path("404.html"), "404.html");
    }
}
