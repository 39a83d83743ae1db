//! Datasets looked up with a note of each one read. A page reaches datasets, its own
//! authority's or another's, only through [`Datasets`], so what a page was made from is
//! recorded as it is read, and whatever keeps the page (the preview) can tell exactly when
//! one of them changed: it asks each [`DatasetRead`] whether it still holds.

use std::sync::Mutex;

use super::{Authority, Dataset, DatasetKey, Site};

/// The site's datasets, for the rendering of one set of pages.
pub struct Datasets<'a> {
    site: &'a Site,
    read: Mutex<Vec<DatasetRead>>,
}

/// One dataset looked up, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DatasetRead {
    pub key: DatasetKey,
    found: Found,
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Found {
    /// The dataset, by its fingerprint.
    Dataset(u64),
    /// A file with errors.
    Broken,
    Nothing,
}

/// The dataset `key` names in `site`, and what a lookup of it finds.
fn look_up<'a>(site: &'a Site, key: &DatasetKey) -> (Option<&'a Dataset>, Found) {
    match site.dataset_at(key) {
        Some(dataset) => (Some(dataset), Found::Dataset(dataset.fingerprint)),
        None if site.is_broken_dataset(key) => (None, Found::Broken),
        None => (None, Found::Nothing),
    }
}

impl DatasetRead {
    /// Whether `site` gives what the lookup found then.
    pub fn holds(&self, site: &Site) -> bool {
        look_up(site, &self.key).1 == self.found
    }
}

impl<'a> Datasets<'a> {
    pub fn new(site: &'a Site) -> Self {
        Datasets {
            site,
            read: Mutex::new(Vec::new()),
        }
    }

    /// The dataset `reference` names from a block of `from` (`id`, or `authority/id`), with
    /// its key; `Err` with the key when there is none, or its file could not be read.
    pub fn find(
        &self,
        from: &Authority,
        reference: &str,
    ) -> Result<(DatasetKey, &'a Dataset), Missing> {
        let key = DatasetKey::named(&from.slug, reference);
        let (dataset, found) = look_up(self.site, &key);
        self.note(&key, found);
        match (dataset, found) {
            (Some(dataset), _) => Ok((key, dataset)),
            (None, Found::Broken) => Err(Missing::Broken(key)),
            (None, _) => Err(Missing::Nothing(key)),
        }
    }

    fn note(&self, key: &DatasetKey, found: Found) {
        if let Ok(mut read) = self.read.lock()
            && !read.iter().any(|r| r.key == *key)
        {
            read.push(DatasetRead {
                key: key.clone(),
                found,
            });
        }
    }

    /// Every dataset looked up, in the order first read.
    pub fn into_reads(self) -> Vec<DatasetRead> {
        self.read.into_inner().unwrap_or_default()
    }
}

/// Why a dataset named is not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// Its file has errors, reported where they are.
    Broken(DatasetKey),
    /// There is no such dataset.
    Nothing(DatasetKey),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        crate::content::load(&root)
            .site
            .expect("the basic fixture loads")
    }

    #[test]
    fn every_lookup_is_recorded_and_holds_until_the_dataset_changes() {
        let mut site = site();
        let datasets = Datasets::new(&site);
        let from = &site.authorities[0];
        let id = from.datasets.keys().next().cloned().expect("a dataset");
        assert!(datasets.find(from, &id).is_ok());
        assert!(matches!(
            datasets.find(from, "no-such-data"),
            Err(Missing::Nothing(_))
        ));
        let reads = datasets.into_reads();
        assert_eq!(reads.len(), 2);
        assert!(reads.iter().all(|r| r.holds(&site)));
        let dataset = site.authorities[0].datasets.get_mut(&id).expect("it");
        dataset.fingerprint ^= 1;
        assert!(!reads[0].holds(&site), "a changed dataset");
        assert!(reads[1].holds(&site), "still missing");
    }
}
