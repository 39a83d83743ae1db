//! The client-side search index: a small list of the public reports, and their words in an
//! inverted index split by each word's first two letters, so a search downloads the list and
//! only the parts for the words typed, never the text of every report.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::render::OutputFile;

/// One public report, as search knows it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEntry {
    /// Path below the site root: `dudley/2023-07-19-children-select/report/index.html`.
    pub path: String,
    pub title: String,
    pub authority: String,
    pub committee: String,
    pub date: String,
    pub summary: String,
    #[serde(skip)]
    pub headings: Vec<String>,
    #[serde(skip)]
    pub text: String,
}

/// Words of at least two letters or digits, lower-cased.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
}

/// The shard a word is in: its first two characters, as a file name.
pub fn shard_of(word: &str) -> String {
    word.chars()
        .take(2)
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("u{:x}", u32::from(c))
            }
        })
        .collect()
}

/// Writes `search/documents.json` and `search/terms/<shard>.json`. Documents are numbered in
/// path order; each word maps to the documents that hold it, ranked by where it appears
/// (title and headings count more than body text).
pub fn index_files(entries: &[SearchEntry]) -> Vec<OutputFile> {
    let mut entries: Vec<&SearchEntry> = entries.iter().collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let mut shards: BTreeMap<String, BTreeMap<String, BTreeMap<usize, u32>>> = BTreeMap::new();
    for (id, entry) in entries.iter().enumerate() {
        let weighted = [
            (entry.title.as_str(), 10),
            (entry.summary.as_str(), 4),
            (entry.authority.as_str(), 3),
            (entry.committee.as_str(), 2),
            (entry.text.as_str(), 1),
        ];
        let headings = entry.headings.join(" ");
        for (text, weight) in weighted
            .into_iter()
            .chain(std::iter::once((headings.as_str(), 5)))
        {
            for word in words(text) {
                *shards
                    .entry(shard_of(&word))
                    .or_default()
                    .entry(word)
                    .or_default()
                    .entry(id)
                    .or_default() += weight;
            }
        }
    }
    let documents = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into());
    let mut files = vec![OutputFile {
        path: "search/documents.json".into(),
        bytes: documents.into_bytes(),
    }];
    let mut shard_names = BTreeSet::new();
    for (shard, terms) in shards {
        // term → [[document, score], …], highest score first.
        let terms: BTreeMap<String, Vec<(usize, u32)>> = terms
            .into_iter()
            .map(|(term, docs)| {
                let mut docs: Vec<(usize, u32)> = docs.into_iter().collect();
                docs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                (term, docs)
            })
            .collect();
        files.push(OutputFile {
            path: format!("search/terms/{shard}.json"),
            bytes: serde_json::to_string(&terms)
                .unwrap_or_else(|_| "{}".into())
                .into_bytes(),
        });
        shard_names.insert(shard);
    }
    files.push(OutputFile {
        path: "search/terms.json".into(),
        bytes: serde_json::to_string(&shard_names)
            .unwrap_or_else(|_| "[]".into())
            .into_bytes(),
    });
    files
}
