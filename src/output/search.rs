//! The client-side search index: a small list of the public reports, and their words in an
//! inverted index split by each word's first two letters, so a search downloads the list and
//! only the parts for the words typed, never the text of every report.
//!
//! Each report's words are weighed where its page is rendered (in parallel); the index only
//! gathers them. A preview keeps the index between rebuilds and, when the same reports are
//! still there, rewrites only the parts holding words of the reports that changed.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::OutputFile;

/// One public report, as search knows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchEntry {
    /// Path below the site root: `dudley/2023-07-19-children-select/report/index.html`.
    pub path: String,
    pub title: String,
    pub authority: String,
    pub committee: String,
    pub date: String,
    pub summary: String,
    /// Each word of the report with its weight (title and headings count more than body
    /// text), sorted by word.
    #[serde(skip)]
    pub terms: Vec<(String, u32)>,
}

/// The parts of a report that search reads, before its words are weighed.
pub struct SearchText<'a> {
    pub path: String,
    pub title: &'a str,
    pub authority: &'a str,
    pub committee: &'a str,
    pub date: String,
    pub summary: &'a str,
    pub headings: Vec<&'a str>,
    pub text: &'a str,
}

impl SearchEntry {
    pub fn new(source: SearchText<'_>) -> Self {
        let mut weights: FxHashMap<String, u32> = FxHashMap::default();
        let mut word = String::new();
        let texts = [
            (source.title, 10),
            (source.summary, 4),
            (source.authority, 3),
            (source.committee, 2),
            (source.text, 1),
        ];
        let headings = source.headings.iter().map(|h| (*h, 5));
        for (text, weight) in texts.into_iter().chain(headings) {
            for raw in words(text) {
                word.clear();
                if raw.is_ascii() {
                    word.push_str(raw);
                    word.make_ascii_lowercase();
                } else {
                    word.extend(raw.chars().flat_map(char::to_lowercase));
                }
                match weights.get_mut(word.as_str()) {
                    Some(total) => *total += weight,
                    None => {
                        weights.insert(word.clone(), weight);
                    }
                }
            }
        }
        let mut terms: Vec<(String, u32)> = weights.into_iter().collect();
        terms.sort_unstable();
        SearchEntry {
            path: source.path,
            title: source.title.to_owned(),
            authority: source.authority.to_owned(),
            committee: source.committee.to_owned(),
            date: source.date,
            summary: source.summary.to_owned(),
            terms,
        }
    }
}

/// Words of at least two letters or digits, as written. ASCII text is split byte by byte;
/// a word with other characters is split by characters.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            // Skip what separates words.
            while at < bytes.len() && bytes[at].is_ascii() && !bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if at >= bytes.len() {
                return None;
            }
            let start = at;
            while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || !bytes[at].is_ascii()) {
                at += 1;
            }
            let run = &text[start..at];
            // A run with other characters may hold non-alphanumeric ones (a dash, a quote).
            let word = if run.is_ascii() {
                run
            } else {
                let end = run
                    .char_indices()
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map_or(run.len(), |(i, _)| i);
                at = start + end.max(run.chars().next().map_or(1, char::len_utf8));
                &run[..end]
            };
            if word.chars().nth(1).is_some() {
                return Some(word);
            }
        }
    })
}

/// The shard a word is in: its first two characters, as a file name.
pub fn shard_of(word: &str) -> String {
    let mut shard = String::new();
    for c in word.chars().take(2) {
        if c.is_ascii_alphanumeric() {
            shard.push(c);
        } else {
            shard.push_str(&format!("u{:x}", u32::from(c)));
        }
    }
    shard
}

/// The search index of a site: `search/documents.json`, `search/terms.json` (the shards
/// there are) and `search/terms/<shard>.json` (each word → `[[document, score], …]`, highest
/// score first). Documents are numbered in path order.
#[derive(Default)]
pub struct SearchIndex {
    /// The documents' paths, in order: a document's number is its place here.
    paths: Vec<String>,
    /// Word → (document, score), in no order.
    postings: FxHashMap<String, Vec<(u32, u32)>>,
    /// Shard → its words.
    shards: BTreeMap<String, BTreeSet<String>>,
    /// Shard → its file, as written.
    files: BTreeMap<String, Vec<u8>>,
    documents: Vec<u8>,
    /// The files changed since [`SearchIndex::take_changes`] last gave them.
    changed: BTreeSet<String>,
}

impl SearchIndex {
    /// The index of `entries`, in any order.
    pub fn build(entries: &[&SearchEntry]) -> Self {
        let entries = sorted(entries);
        // Words are lower-case letters and digits, so they start with one of 36 ASCII bytes
        // or with a byte of a longer character; a shard (two characters) never spans two such
        // groups, and each report's words are sorted, so each group is a slice of each
        // report's words. The groups are indexed apart, in parallel.
        let groups: Vec<(u8, u8)> = (b'0'..=b'9')
            .chain(b'a'..=b'z')
            .map(|b| (b, b))
            .chain([(0x80, 0xff)])
            .collect();
        let parts: Vec<SearchIndex> = groups
            .par_iter()
            .map(|&(low, high)| {
                let mut part = SearchIndex::default();
                for (id, entry) in entries.iter().enumerate() {
                    let first = |t: &(String, u32)| t.0.as_bytes().first().copied().unwrap_or(0);
                    let start = entry.terms.partition_point(|t| first(t) < low);
                    let end = entry.terms.partition_point(|t| first(t) <= high);
                    if start < end {
                        part.add(id, &entry.terms[start..end]);
                    }
                }
                let all: Vec<String> = part.shards.keys().cloned().collect();
                part.write_shards(&all);
                part
            })
            .collect();
        let mut index = SearchIndex {
            paths: entries.iter().map(|e| e.path.clone()).collect(),
            ..SearchIndex::default()
        };
        for part in parts {
            index.postings.extend(part.postings);
            index.shards.extend(part.shards);
            index.files.extend(part.files);
        }
        index.documents = documents_json(&entries);
        index.changed = index.paths_of_files().into_iter().collect();
        index
    }

    /// Brings the index up to `entries`, given the `changes` since it was made (each a
    /// report's entries before and after; either side may be empty). When the same reports are
    /// there, only the shards holding words of the changed ones are written again; otherwise
    /// the index is built anew.
    pub fn update(
        &mut self,
        entries: &[&SearchEntry],
        changes: &[(&[SearchEntry], &[SearchEntry])],
    ) {
        let entries = sorted(entries);
        let same_documents = entries.len() == self.paths.len()
            && entries.iter().zip(&self.paths).all(|(e, p)| e.path == *p);
        if !same_documents {
            *self = SearchIndex::build(&entries);
            return;
        }
        self.update_same(changes, || entries);
    }

    /// Like [`SearchIndex::update`], when the reports are the same ones as before (by their
    /// paths): `entries` is asked for only if the document list must be written again.
    pub fn update_same<'a>(
        &mut self,
        changes: &[(&[SearchEntry], &[SearchEntry])],
        entries: impl FnOnce() -> Vec<&'a SearchEntry>,
    ) {
        let mut touched = BTreeSet::new();
        let mut listed_changed = false;
        for (before, after) in changes {
            for new in *after {
                let Some(old) = before.iter().find(|old| old.path == new.path) else {
                    continue;
                };
                if old == new {
                    continue;
                }
                let Ok(id) = self.paths.binary_search(&new.path) else {
                    continue;
                };
                // Both lists are sorted by word: walk them together, changing only the words
                // that came, went, or weigh differently.
                let (mut i, mut j) = (0, 0);
                loop {
                    let order = match (old.terms.get(i), new.terms.get(j)) {
                        (None, None) => break,
                        (Some(_), None) => std::cmp::Ordering::Less,
                        (None, Some(_)) => std::cmp::Ordering::Greater,
                        (Some(a), Some(b)) => a.0.cmp(&b.0),
                    };
                    match order {
                        std::cmp::Ordering::Less => {
                            let term = &old.terms[i].0;
                            touched.insert(shard_of(term));
                            self.remove(term, id);
                            i += 1;
                        }
                        std::cmp::Ordering::Greater => {
                            touched.insert(shard_of(&new.terms[j].0));
                            self.add(id, &new.terms[j..=j]);
                            j += 1;
                        }
                        std::cmp::Ordering::Equal => {
                            if old.terms[i].1 != new.terms[j].1 {
                                let term = &new.terms[j].0;
                                touched.insert(shard_of(term));
                                self.remove(term, id);
                                self.add(id, &new.terms[j..=j]);
                            }
                            i += 1;
                            j += 1;
                        }
                    }
                }
                listed_changed |= !old.same_listing(new);
            }
        }
        let touched: Vec<String> = touched.into_iter().collect();
        let shards_before: Vec<String> = self.files.keys().cloned().collect();
        for shard in &touched {
            if self.shards.get(shard).is_none_or(BTreeSet::is_empty) {
                self.shards.remove(shard);
                self.files.remove(shard);
            }
        }
        self.write_shards(&touched);
        self.changed.extend(
            touched
                .iter()
                .filter(|shard| self.files.contains_key(*shard))
                .map(|shard| format!("search/terms/{shard}.json")),
        );
        if !self.files.keys().eq(shards_before.iter()) {
            self.changed.insert("search/terms.json".into());
        }
        if listed_changed {
            self.documents = documents_json(&sorted(&entries()));
            self.changed.insert("search/documents.json".into());
        }
    }

    /// The paths of every file of the index.
    fn paths_of_files(&self) -> Vec<String> {
        let mut paths = vec![
            "search/documents.json".to_owned(),
            "search/terms.json".to_owned(),
        ];
        paths.extend(
            self.files
                .keys()
                .map(|shard| format!("search/terms/{shard}.json")),
        );
        paths
    }

    /// The files changed since the last call (every file, the first time), and the paths of
    /// all the index's files.
    pub fn take_changes(&mut self) -> (Vec<OutputFile>, Vec<String>) {
        let written = std::mem::take(&mut self.changed)
            .into_iter()
            .filter_map(|path| {
                let bytes = self.file(&path)?;
                Some(OutputFile { path, bytes })
            })
            .collect();
        (written, self.paths_of_files())
    }

    fn add(&mut self, id: usize, terms: &[(String, u32)]) {
        let document = u32::try_from(id).unwrap_or(u32::MAX);
        for (term, score) in terms {
            match self.postings.get_mut(term) {
                Some(list) => list.push((document, *score)),
                None => {
                    self.postings.insert(term.clone(), vec![(document, *score)]);
                    self.shards
                        .entry(shard_of(term))
                        .or_default()
                        .insert(term.clone());
                }
            }
        }
    }

    fn remove(&mut self, term: &str, id: usize) {
        let document = u32::try_from(id).unwrap_or(u32::MAX);
        let Some(list) = self.postings.get_mut(term) else {
            return;
        };
        list.retain(|(d, _)| *d != document);
        if list.is_empty() {
            self.postings.remove(term);
            if let Some(words) = self.shards.get_mut(&shard_of(term)) {
                words.remove(term);
            }
        }
    }

    fn write_shards(&mut self, shards: &[String]) {
        let written: Vec<(String, Vec<u8>)> = shards
            .par_iter()
            .filter_map(|shard| {
                let words = self.shards.get(shard)?;
                Some((shard.clone(), shard_json(words, &self.postings)))
            })
            .collect();
        self.files.extend(written);
    }

    /// The bytes of the index's file at `path` (one of [`SearchIndex::paths_of_files`]).
    fn file(&self, path: &str) -> Option<Vec<u8>> {
        match path {
            "search/documents.json" => Some(self.documents.clone()),
            "search/terms.json" => Some(
                serde_json::to_vec(&self.files.keys().collect::<Vec<_>>())
                    .unwrap_or_else(|_| b"[]".to_vec()),
            ),
            _ => {
                let shard = path.strip_prefix("search/terms/")?.strip_suffix(".json")?;
                self.files.get(shard).cloned()
            }
        }
    }
}

impl SearchEntry {
    /// Whether the document list shows the two alike (their words aside).
    fn same_listing(&self, other: &SearchEntry) -> bool {
        (
            &self.path,
            &self.title,
            &self.authority,
            &self.committee,
            &self.date,
            &self.summary,
        ) == (
            &other.path,
            &other.title,
            &other.authority,
            &other.committee,
            &other.date,
            &other.summary,
        )
    }
}

fn sorted<'a>(entries: &[&'a SearchEntry]) -> Vec<&'a SearchEntry> {
    let mut entries = entries.to_vec();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
}

fn documents_json(entries: &[&SearchEntry]) -> Vec<u8> {
    serde_json::to_vec(entries).unwrap_or_else(|_| b"[]".to_vec())
}

/// `{"word":[[document,score],…],…}`, words in order, documents by score then number.
fn shard_json(words: &BTreeSet<String>, postings: &FxHashMap<String, Vec<(u32, u32)>>) -> Vec<u8> {
    let mut out = Vec::with_capacity(words.len() * 32);
    out.push(b'{');
    for (n, word) in words.iter().enumerate() {
        let Some(list) = postings.get(word) else {
            continue;
        };
        if n > 0 {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut out, word);
        out.extend_from_slice(b":[");
        let mut list = list.clone();
        list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (i, (document, score)) in list.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(format!("[{document},{score}]").as_bytes());
        }
        out.push(b']');
    }
    out.push(b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, title: &str, text: &str) -> SearchEntry {
        SearchEntry::new(SearchText {
            path: path.into(),
            title,
            authority: "Dudley",
            committee: "Children's Select",
            date: "19 July 2023".into(),
            summary: "",
            headings: vec!["Background"],
            text,
        })
    }

    fn refs(entries: &[SearchEntry]) -> Vec<&SearchEntry> {
        entries.iter().collect()
    }

    /// Every file of an index, by path.
    fn files_of(index: &SearchIndex) -> BTreeMap<String, String> {
        index
            .paths_of_files()
            .into_iter()
            .map(|path| {
                let bytes = index.file(&path).unwrap();
                (path, String::from_utf8(bytes).unwrap())
            })
            .collect()
    }

    #[test]
    fn words_are_weighed_by_where_they_appear() {
        let e = entry(
            "a/index.html",
            "Family Safeguarding",
            "Safeguarding works. Ü",
        );
        let weight = |w: &str| e.terms.iter().find(|(t, _)| t == w).map(|(_, s)| *s);
        assert_eq!(weight("safeguarding"), Some(11));
        assert_eq!(weight("background"), Some(5));
        assert_eq!(weight("dudley"), Some(3));
        assert_eq!(weight("ü"), None, "one letter is not a word");
    }

    #[test]
    fn words_are_split_at_anything_but_letters_and_digits() {
        let found: Vec<&str> =
            words("Children’s services—2023/24: café, a b; naïve—x ÿz").collect();
        assert_eq!(
            found,
            ["Children", "services", "2023", "24", "café", "naïve", "ÿz"]
        );
    }

    #[test]
    fn shards_hold_words_by_score() {
        let entries = [
            entry("b/index.html", "Plans", "plans plans"),
            entry("a/index.html", "Other", "plans"),
        ];
        let files = files_of(&SearchIndex::build(&refs(&entries)));
        let shard = &files["search/terms/pl.json"];
        assert!(shard.starts_with(r#"{"plans":[[1,12],[0,1]]"#), "{shard}");
        assert!(files["search/terms.json"].contains("\"pl\""));
        assert_eq!(shard_of("ébc"), "ue9b");
    }

    #[test]
    fn an_update_gives_what_a_new_build_gives() {
        let first = vec![
            entry("a/index.html", "Plans", "children on plans"),
            entry("b/index.html", "Budget", "funding gap"),
        ];
        let second = vec![
            entry("a/index.html", "Plans", "children in care"),
            entry("b/index.html", "Budget", "funding gap"),
        ];
        let mut index = SearchIndex::build(&refs(&first));
        index.update(&refs(&second), &[(&first[..1], &second[..1])]);
        assert_eq!(
            files_of(&index),
            files_of(&SearchIndex::build(&refs(&second)))
        );
        let third = vec![entry("c/index.html", "New", "words")];
        index.update(&refs(&third), &[(&second[..], &third[..])]);
        assert_eq!(
            files_of(&index),
            files_of(&SearchIndex::build(&refs(&third)))
        );
    }
}
