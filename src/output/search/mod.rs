//! The client-side search index. Its files are made so that a search downloads little however
//! large the site, and few files however common the word:
//!
//! - `search/index.json`: how many reports and term files there are, and the councils (with
//!   the range of report numbers each holds), their committees, and the years.
//! - `search/terms/<n>.json`: the terms whose hash falls in file `n`; for each, the reports it
//!   is in with their scores, and the first page of results ready to show (title, the
//!   paragraph to link to, an excerpt). A one-word search needs this file and the first.
//! - `search/docs/<n>.json.gz`: the text of eight reports by numbered paragraph and section,
//!   gzipped (it is most of the index's bytes, and so of what search adds to a build written to
//!   a disk), for the excerpts of searches of several words, filtered or sorted ones, and later
//!   pages. The browser unpacks it with `DecompressionStream`.
//! - `search/councils/<n>.json`: each report's committee and date, for filtering by committee.
//! - `search/dates.json`: every report's date, for sorting by date.
//!
//! Reports are numbered in path order, so that a council's (and a council's year's) reports
//! are one range of numbers. Each report's words are weighed where its page is rendered (in
//! parallel); the index gathers them. A preview keeps the index between rebuilds and, when
//! the same reports are still there, writes again only the files whose bytes changed.

mod encode;
mod layout;
pub mod words;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::OutputFile;
use encode::{Json, base64, gzip};
pub use layout::chunk_of;
use layout::{bundle_path, chunk_path, chunks_for, day_number, record, score};
pub use words::{term, words};

/// Reports in one `search/docs/` file: neighbours in path order, so mostly of one council,
/// and a filtered search fetches few files.
pub const BUNDLE: usize = 8;
/// Results on a page, and so in each term's first page.
pub const PAGE: usize = 10;
/// The size a term file aims at: terms are spread over a power of two of files by hash.
const CHUNK_BYTES: usize = 48 * 1024;
/// Words in an excerpt.
const EXCERPT_WORDS: usize = 28;

/// Whether builds write the search index: always, but for measuring what it costs
/// (`SCRUTINY_SEARCH=off`, which the benchmarks use).
pub fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var("SCRUTINY_SEARCH").map_or(true, |v| v != "off"))
}

/// A stretch of a report that a result can link to: a numbered paragraph or a section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchBlock {
    /// The fragment to link to (`para-5.4`), or empty for the top of the page.
    pub anchor: String,
    /// How a result names it: "Paragraph 5.4", "Summary", a section's heading.
    pub label: String,
    pub text: String,
}

/// A term of a report: its weight (title and headings count more than body text) and the
/// block where it is found most.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    term: String,
    weight: u32,
    block: u16,
}

/// One public report, as search knows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchEntry {
    /// Path below the site root: `dudley/2023-07-19-children-select/report/index.html`.
    pub path: String,
    pub title: String,
    pub authority: String,
    pub committee: String,
    /// The meeting's date as shown (`19 July 2023`) and as written (`2023-07-19`, `2022-03`).
    pub date: String,
    pub date_iso: String,
    /// Shared with the index, which keeps every report's text for the excerpts.
    pub blocks: Arc<[SearchBlock]>,
    /// Sorted by term.
    terms: Arc<[Term]>,
}

/// The parts of a report that search reads, before its words are weighed.
pub struct SearchText<'a> {
    pub path: String,
    pub title: &'a str,
    pub authority: &'a str,
    pub committee: &'a str,
    pub date: String,
    pub date_iso: String,
    pub summary: &'a str,
    /// The headings of its sections.
    pub headings: Vec<&'a str>,
    /// Its public text, by paragraph and section.
    pub blocks: Vec<SearchBlock>,
}

impl SearchEntry {
    pub fn new(source: SearchText<'_>) -> Self {
        let mut blocks = Vec::with_capacity(source.blocks.len() + 1);
        if !source.summary.trim().is_empty() {
            blocks.push(SearchBlock {
                anchor: "summary".into(),
                label: "Summary".into(),
                text: source.summary.trim().to_owned(),
            });
        }
        blocks.extend(source.blocks.into_iter().filter(|b| !b.text.is_empty()));
        // Term → its weight, and its count in the block being read and in the block with
        // most of it so far (the first on a tie).
        #[derive(Default)]
        struct Found {
            weight: u32,
            block: u16,
            count: u32,
            best_block: u16,
            best_count: u32,
        }
        let mut found: FxHashMap<String, Found> = FxHashMap::default();
        let mut add = |text: &str, weight: u32, block: Option<u16>| {
            for word in words(text) {
                words::with_term(word, |t| {
                    let entry = match found.get_mut(t) {
                        Some(entry) => entry,
                        None => found.entry(t.to_owned()).or_default(),
                    };
                    entry.weight += weight;
                    if let Some(block) = block {
                        if entry.block != block || entry.count == 0 {
                            entry.block = block;
                            entry.count = 0;
                        }
                        entry.count += 1;
                        if entry.count > entry.best_count {
                            entry.best_block = block;
                            entry.best_count = entry.count;
                        }
                    }
                });
            }
        };
        add(source.title, 10, None);
        add(source.authority, 3, None);
        add(source.committee, 2, None);
        for heading in &source.headings {
            add(heading, 5, None);
        }
        for (i, block) in blocks.iter().enumerate() {
            let i = u16::try_from(i).unwrap_or(u16::MAX);
            let weight = if block.anchor == "summary" { 4 } else { 1 };
            add(&block.text, weight, Some(i));
        }
        let mut terms: Vec<Term> = found
            .into_iter()
            .map(|(term, found)| Term {
                term,
                weight: found.weight,
                block: found.best_block,
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.term.cmp(&b.term));
        SearchEntry {
            path: source.path,
            title: source.title.to_owned(),
            authority: source.authority.to_owned(),
            committee: source.committee.to_owned(),
            date: source.date,
            date_iso: source.date_iso,
            blocks: blocks.into(),
            terms: terms.into(),
        }
    }

    /// The line under a result's title.
    fn meta(&self) -> String {
        format!("{} · {} · {}", self.authority, self.committee, self.date)
    }

    /// The council the report is of: the first part of its path.
    fn council(&self) -> &str {
        self.path.split('/').next().unwrap_or_default()
    }

    /// Whether a report's listing (all but its words and text) is the same.
    fn same_listing(&self, other: &SearchEntry) -> bool {
        (
            &self.path,
            &self.title,
            &self.authority,
            &self.committee,
            &self.date,
            &self.date_iso,
        ) == (
            &other.path,
            &other.title,
            &other.authority,
            &other.committee,
            &other.date,
            &other.date_iso,
        )
    }
}

/// A report a term is in: its number, its score, and the block to link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Posting {
    document: u32,
    score: u8,
    block: u16,
}

/// The search index of a site, kept whole between the rebuilds of a preview.
#[derive(Default)]
pub struct SearchIndex {
    /// The reports, in path order: a report's number is its place here.
    documents: Vec<SearchEntry>,
    /// Term → the reports it is in, by number.
    postings: FxHashMap<String, Vec<Posting>>,
    /// Term → its part of its term file.
    records: FxHashMap<String, Vec<u8>>,
    /// The sum of the records' lengths, which decides how many term files there are.
    record_bytes: usize,
    /// Term file → its terms, in order.
    chunks: Vec<BTreeSet<String>>,
    /// Every file's path, with a fingerprint of its bytes to tell when it changes.
    files: BTreeMap<String, u64>,
    /// The files changed since [`SearchIndex::take_changes`] last gave them, with their bytes.
    changed: BTreeMap<String, Vec<u8>>,
}

impl SearchIndex {
    /// The index of `entries`, in any order.
    pub fn build(entries: &[&SearchEntry]) -> Self {
        let mut index = SearchIndex {
            documents: sorted(entries).into_iter().cloned().collect(),
            ..SearchIndex::default()
        };
        // Postings in report order: each report's terms, gathered by term. Each report's
        // terms are sorted, so the terms starting with one letter are a slice of each; the
        // letters are gathered apart, in parallel.
        let groups: Vec<(u8, u8)> = std::iter::once((0x00, b'a' - 1))
            .chain((b'a'..=b'z').map(|b| (b, b)))
            .chain(std::iter::once((b'z' + 1, 0xff)))
            .collect();
        let documents = &index.documents;
        type Part = (FxHashMap<String, Vec<Posting>>, Vec<(String, Vec<u8>)>);
        let parts: Vec<Part> = groups
            .par_iter()
            .map(|&(low, high)| {
                let mut postings: FxHashMap<String, Vec<Posting>> = FxHashMap::default();
                let first = |t: &Term| t.term.as_bytes().first().copied().unwrap_or(0);
                for (number, entry) in documents.iter().enumerate() {
                    let document = u32::try_from(number).unwrap_or(u32::MAX);
                    let start = entry.terms.partition_point(|t| first(t) < low);
                    let end = entry.terms.partition_point(|t| first(t) <= high);
                    for t in &entry.terms[start..end] {
                        let posting = Posting {
                            document,
                            score: score(t.weight),
                            block: t.block,
                        };
                        match postings.get_mut(&t.term) {
                            Some(list) => list.push(posting),
                            None => {
                                postings.insert(t.term.clone(), vec![posting]);
                            }
                        }
                    }
                }
                let records = postings
                    .iter()
                    .map(|(t, list)| (t.clone(), record(documents, t, list)))
                    .collect();
                (postings, records)
            })
            .collect();
        let mut records = Vec::new();
        for (postings, part) in parts {
            index.postings.extend(postings);
            records.extend(part);
        }
        index.record_bytes = records.iter().map(|(_, r)| r.len()).sum();
        index.records = records.into_iter().collect();
        index.arrange_chunks();
        let bundles: Vec<(String, Vec<u8>)> = (0..index.documents.len().div_ceil(BUNDLE))
            .into_par_iter()
            .map(|b| (bundle_path(b), index.bundle(b)))
            .collect();
        for (path, bytes) in bundles {
            index.set_file(path, bytes);
        }
        index
    }

    /// Brings the index up to `entries`, given the `changes` since it was made (each a
    /// report's entries before and after; either side may be empty). When the same reports are
    /// there, only what holds the changed ones is written again; otherwise the index is built
    /// anew.
    pub fn update(
        &mut self,
        entries: &[&SearchEntry],
        changes: &[(&[SearchEntry], &[SearchEntry])],
    ) {
        let entries = sorted(entries);
        let same_documents = entries.len() == self.documents.len()
            && entries
                .iter()
                .zip(&self.documents)
                .all(|(e, d)| e.path == d.path);
        if !same_documents {
            let unwritten = std::mem::take(&mut self.changed);
            *self = SearchIndex::build(&entries);
            for (path, bytes) in unwritten {
                self.changed.entry(path).or_insert(bytes);
            }
            return;
        }
        self.update_same(changes, || entries);
    }

    /// Like [`SearchIndex::update`], when the reports are the same ones as before (by their
    /// paths): `entries` is not needed then, as the changes say all that differs.
    pub fn update_same<'a>(
        &mut self,
        changes: &[(&[SearchEntry], &[SearchEntry])],
        _entries: impl FnOnce() -> Vec<&'a SearchEntry>,
    ) {
        let mut touched_terms: BTreeSet<String> = BTreeSet::new();
        let mut touched_bundles = BTreeSet::new();
        let mut listing_changed = false;
        for (before, after) in changes {
            for new in *after {
                let Some(old) = before.iter().find(|old| old.path == new.path) else {
                    continue;
                };
                if old == new {
                    continue;
                }
                let Ok(number) = self.documents.binary_search_by(|d| d.path.cmp(&new.path)) else {
                    continue;
                };
                let document = u32::try_from(number).unwrap_or(u32::MAX);
                // The terms of the report before and after. A term's record changes when its
                // posting does, or when its first page may show what changed: the report's
                // listing, or the block it links to.
                let same_listing = old.same_listing(new);
                let before: FxHashMap<&str, &Term> =
                    old.terms.iter().map(|t| (t.term.as_str(), t)).collect();
                let after: FxHashMap<&str, &Term> =
                    new.terms.iter().map(|t| (t.term.as_str(), t)).collect();
                for t in old
                    .terms
                    .iter()
                    .filter(|t| !after.contains_key(t.term.as_str()))
                {
                    if let Some(list) = self.postings.get_mut(&t.term) {
                        list.retain(|p| p.document != document);
                        if list.is_empty() {
                            self.postings.remove(&t.term);
                        }
                    }
                    touched_terms.insert(t.term.clone());
                }
                for t in new.terms.iter() {
                    let posting = Posting {
                        document,
                        score: score(t.weight),
                        block: t.block,
                    };
                    if let Some(was) = before.get(t.term.as_str()) {
                        let block = usize::from(t.block);
                        if same_listing
                            && score(was.weight) == posting.score
                            && was.block == t.block
                            && old.blocks.get(block) == new.blocks.get(block)
                        {
                            continue;
                        }
                    }
                    let list = self.postings.entry(t.term.clone()).or_default();
                    match list.binary_search_by(|p| p.document.cmp(&document)) {
                        Ok(at) => list[at] = posting,
                        Err(at) => list.insert(at, posting),
                    }
                    touched_terms.insert(t.term.clone());
                }
                listing_changed |= !same_listing;
                touched_bundles.insert(number / BUNDLE);
                self.documents[number] = new.clone();
            }
        }
        if touched_terms.is_empty() && touched_bundles.is_empty() {
            return;
        }
        let fresh: Vec<(&String, Option<Vec<u8>>)> = touched_terms
            .par_iter()
            .map(|t| (t, self.postings.contains_key(t).then(|| self.record(t))))
            .collect();
        let mut touched_chunks = BTreeSet::new();
        let chunk_count = self.chunks.len().max(1);
        for (t, record) in fresh {
            let old = match record {
                Some(record) => {
                    if self.records.get(t) == Some(&record) {
                        continue;
                    }
                    self.record_bytes += record.len();
                    self.records.insert(t.clone(), record)
                }
                None => self.records.remove(t),
            };
            self.record_bytes -= old.as_ref().map_or(0, Vec::len);
            touched_chunks.insert(chunk_of(t, chunk_count));
        }
        if chunks_for(self.record_bytes) == self.chunks.len() {
            for &chunk in &touched_chunks {
                let terms = &mut self.chunks[chunk];
                terms.retain(|t| self.records.contains_key(t));
                terms.extend(
                    touched_terms
                        .iter()
                        .filter(|t| {
                            self.records.contains_key(*t) && chunk_of(t, chunk_count) == chunk
                        })
                        .cloned(),
                );
                let path = chunk_path(chunk);
                let bytes = self.chunk(chunk);
                self.set_file(path, bytes);
            }
        } else {
            self.arrange_chunks();
        }
        if listing_changed {
            self.write_listing();
        }
        for bundle in touched_bundles {
            let bytes = self.bundle(bundle);
            self.set_file(bundle_path(bundle), bytes);
        }
    }

    /// The files changed since the last call (every file, the first time), and the paths of
    /// all the index's files.
    pub fn take_changes(&mut self) -> (Vec<OutputFile>, Vec<String>) {
        let written = std::mem::take(&mut self.changed)
            .into_iter()
            .filter(|(path, _)| self.files.contains_key(path))
            .map(|(path, bytes)| OutputFile { path, bytes })
            .collect();
        (written, self.files.keys().cloned().collect())
    }

    fn set_file(&mut self, path: String, bytes: Vec<u8>) {
        let mut hasher = rustc_hash::FxHasher::default();
        bytes.hash(&mut hasher);
        let fingerprint = hasher.finish();
        if self.files.get(&path) != Some(&fingerprint) {
            self.files.insert(path.clone(), fingerprint);
            self.changed.insert(path, bytes);
        }
    }

    /// Spreads the terms over as many term files as their size asks for, and writes them all.
    fn arrange_chunks(&mut self) {
        let count = chunks_for(self.record_bytes);
        let mut chunks = vec![BTreeSet::new(); count];
        for t in self.records.keys() {
            chunks[chunk_of(t, count)].insert(t.clone());
        }
        self.chunks = chunks;
        let old: Vec<String> = self
            .files
            .keys()
            .filter(|p| p.starts_with("search/terms/"))
            .cloned()
            .collect();
        let written: Vec<(String, Vec<u8>)> = (0..count)
            .into_par_iter()
            .map(|c| (chunk_path(c), self.chunk(c)))
            .collect();
        let paths: BTreeSet<&String> = written.iter().map(|(path, _)| path).collect();
        for path in old.iter().filter(|p| !paths.contains(p)) {
            self.files.remove(path);
        }
        for (path, bytes) in written {
            self.set_file(path, bytes);
        }
        self.write_listing();
    }

    /// A term's part of its term file:
    /// `"term":[reports, "numbers", "scores", [first page]]`. The numbers are a bitmap
    /// (marked by a leading `*`) or the gaps between them, whichever is smaller, in base64;
    /// the scores one byte a report, in the same order. The first page holds, for the
    /// best-scored reports, `[number, path, title, meta, anchor, label, excerpt]`.
    fn record(&self, t: &str) -> Vec<u8> {
        record(&self.documents, t, &self.postings[t])
    }

    fn chunk(&self, chunk: usize) -> Vec<u8> {
        let terms = &self.chunks[chunk];
        let size: usize = terms.iter().map(|t| self.records[t].len() + 1).sum();
        let mut out = Vec::with_capacity(size + 2);
        out.push(b'{');
        for (i, t) in terms.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&self.records[t]);
        }
        out.push(b'}');
        out
    }

    /// `search/docs/<n>.json.gz`: `[[path, title, meta, [[anchor, label, text], …]], …]`,
    /// gzipped.
    fn bundle(&self, bundle: usize) -> Vec<u8> {
        let start = bundle * BUNDLE;
        let end = (start + BUNDLE).min(self.documents.len());
        let mut json = Json::default();
        json.raw("[");
        for (i, document) in self.documents[start..end].iter().enumerate() {
            if i > 0 {
                json.raw(",");
            }
            json.raw("[");
            json.string(&document.path);
            json.raw(",");
            json.string(&document.title);
            json.raw(",");
            json.string(&document.meta());
            json.raw(",[");
            for (j, block) in document.blocks.iter().enumerate() {
                if j > 0 {
                    json.raw(",");
                }
                json.raw("[");
                json.string(&block.anchor);
                json.raw(",");
                json.string(&block.label);
                json.raw(",");
                json.string(&block.text);
                json.raw("]");
            }
            json.raw("]]");
        }
        json.raw("]");
        gzip(&json.into_bytes())
    }

    /// The files that list the reports: `index.json`, the councils' files and `dates.json`.
    fn write_listing(&mut self) {
        let mut councils: Vec<(usize, usize)> = Vec::new();
        for (number, document) in self.documents.iter().enumerate() {
            match councils.last_mut() {
                Some((start, end)) if self.documents[*start].council() == document.council() => {
                    *end = number + 1;
                }
                _ => councils.push((number, number + 1)),
            }
        }
        let mut years: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for (number, document) in self.documents.iter().enumerate() {
            let year = document.date_iso.get(..4).unwrap_or_default();
            let ranges = years.entry(year).or_default();
            match ranges.last_mut() {
                Some((_, end)) if *end == number => *end = number + 1,
                _ => ranges.push((number, number + 1)),
            }
        }
        let mut json = Json::default();
        json.raw("{\"documents\":");
        json.number(self.documents.len());
        json.raw(",\"terms\":");
        json.number(self.chunks.len());
        json.raw(",\"bundle\":");
        json.number(BUNDLE);
        json.raw(",\"councils\":[");
        let mut council_files = Vec::new();
        for (i, &(start, end)) in councils.iter().enumerate() {
            let documents = &self.documents[start..end];
            let committees: BTreeSet<&str> =
                documents.iter().map(|d| d.committee.as_str()).collect();
            let committees: Vec<&str> = committees.into_iter().collect();
            if i > 0 {
                json.raw(",");
            }
            json.raw("[");
            json.string(&documents[0].authority);
            json.raw(",");
            json.number(start);
            json.raw(",");
            json.number(end);
            json.raw(",[");
            for (j, committee) in committees.iter().enumerate() {
                if j > 0 {
                    json.raw(",");
                }
                json.string(committee);
            }
            json.raw("]]");
            // Each report's committee, by its place in the list.
            let mut file = Json::default();
            file.raw("[");
            for (j, document) in documents.iter().enumerate() {
                if j > 0 {
                    file.raw(",");
                }
                let committee = committees
                    .binary_search(&document.committee.as_str())
                    .unwrap_or(0);
                file.number(committee);
            }
            file.raw("]");
            council_files.push((format!("search/councils/{i}.json"), file.into_bytes()));
        }
        json.raw("],\"years\":[");
        for (i, (year, ranges)) in years.iter().rev().enumerate() {
            if i > 0 {
                json.raw(",");
            }
            json.raw("[");
            json.string(year);
            for (start, end) in ranges {
                json.raw(",");
                json.number(*start);
                json.raw(",");
                json.number(*end);
            }
            json.raw("]");
        }
        json.raw("]}");
        let councils_now = council_files.len();
        self.files.retain(|path, _| {
            path.strip_prefix("search/councils/")
                .and_then(|rest| rest.strip_suffix(".json"))
                .and_then(|n| n.parse::<usize>().ok())
                .is_none_or(|n| n < councils_now)
        });
        self.set_file("search/index.json".into(), json.into_bytes());
        for (path, bytes) in council_files {
            self.set_file(path, bytes);
        }
        let days: Vec<u8> = self
            .documents
            .iter()
            .flat_map(|d| day_number(&d.date_iso).to_le_bytes())
            .collect();
        let mut dates = Json::default();
        dates.string(&base64(&days));
        self.set_file("search/dates.json".into(), dates.into_bytes());
    }
}

fn sorted<'a>(entries: &[&'a SearchEntry]) -> Vec<&'a SearchEntry> {
    let mut entries = entries.to_vec();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    entries
}

#[cfg(test)]
mod tests;
