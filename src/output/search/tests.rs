use super::*;

fn block(anchor: &str, text: &str) -> SearchBlock {
    SearchBlock {
        anchor: anchor.into(),
        label: format!("Paragraph {}", anchor.trim_start_matches("para-")),
        text: text.into(),
    }
}

fn entry(path: &str, title: &str, blocks: &[(&str, &str)]) -> SearchEntry {
    SearchEntry::new(SearchText {
        path: path.into(),
        title,
        authority: "Dudley",
        committee: "Children's Select",
        date: "19 July 2023".into(),
        date_iso: "2023-07-19".into(),
        summary: "",
        headings: vec!["Background"],
        blocks: blocks.iter().map(|(a, t)| block(a, t)).collect(),
    })
}

fn refs(entries: &[SearchEntry]) -> Vec<&SearchEntry> {
    entries.iter().collect()
}

/// Every file of an index, by path, with the fingerprint of its bytes.
fn files_of(index: &SearchIndex) -> BTreeMap<String, u64> {
    index.files.clone()
}

/// The bytes of a file of an index just built, not yet taken.
fn bytes_of<'a>(index: &'a SearchIndex, path: &str) -> &'a [u8] {
    &index.changed[path]
}

/// A term's record, as the browser reads it.
fn record(index: &SearchIndex, word: &str) -> serde_json::Value {
    let t = term(word);
    let path = chunk_path(chunk_of(&t, index.chunks.len()));
    let chunk: serde_json::Value = serde_json::from_slice(bytes_of(index, &path)).unwrap();
    chunk[&t].clone()
}

#[test]
fn words_are_weighed_by_where_they_appear_and_placed_in_the_block_with_most() {
    let e = entry(
        "a/index.html",
        "Family Safeguarding",
        &[
            ("para-1", "Safeguarding works."),
            ("para-2", "Inspections, an inspection and inspected."),
        ],
    );
    let find = |w: &str| e.terms.iter().find(|t| t.term == term(w)).cloned();
    assert_eq!(find("safeguarding").map(|t| t.weight), Some(11));
    assert_eq!(find("background").map(|t| t.weight), Some(5));
    assert_eq!(find("dudley").map(|t| t.weight), Some(3));
    let inspection = find("inspection").unwrap();
    assert_eq!((inspection.weight, inspection.block), (3, 1));
}

#[test]
fn a_summary_is_a_block_of_its_own_that_weighs_more() {
    let e = SearchEntry::new(SearchText {
        summary: "Progress on recruitment.",
        ..source_of("a/index.html")
    });
    assert_eq!(e.blocks[0].anchor, "summary");
    let weight = e.terms.iter().find(|t| t.term == term("recruit")).unwrap();
    assert_eq!((weight.weight, weight.block), (4, 0));
}

fn source_of(path: &str) -> SearchText<'static> {
    SearchText {
        path: path.into(),
        title: "T",
        authority: "A",
        committee: "C",
        date: "1 May 2024".into(),
        date_iso: "2024-05-01".into(),
        summary: "",
        headings: Vec::new(),
        blocks: Vec::new(),
    }
}

#[test]
fn a_term_lists_its_reports_and_its_first_page_best_first() {
    let entries = [
        entry("b/index.html", "Plans", &[("para-1", "plans plans")]),
        entry("a/index.html", "Other", &[("para-3", "children on plans")]),
    ];
    let index = SearchIndex::build(&refs(&entries));
    let plans = record(&index, "planning");
    assert_eq!(plans[0], 2, "{plans}");
    // Report 0 is a/ (path order), report 1 is b/: a bitmap of one byte is smaller than
    // their gaps.
    assert_eq!(plans[1], format!("*{}", base64(&[0b11])));
    assert_eq!(plans[2], base64(&[1, 12]));
    let first = &plans[3];
    assert_eq!(first[0][0], 1, "the higher score first: {first}");
    assert_eq!(first[0][1], "b/index.html");
    assert_eq!(first[1][4], "para-3", "the paragraph to link to");
    assert_eq!(first[1][5], "Paragraph 3");
    assert_eq!(first[1][6], "children on plans");
}

#[test]
fn a_term_in_most_reports_is_a_bitmap() {
    let entries: Vec<SearchEntry> = (0..40)
        .map(|i| entry(&format!("r{i:02}/index.html"), "Common", &[("para-1", "x")]))
        .collect();
    let index = SearchIndex::build(&refs(&entries));
    let common = record(&index, "common");
    assert_eq!(common[1], format!("*{}", base64(&[0xff; 5])));
    assert_eq!(common[3].as_array().unwrap().len(), PAGE);
}

#[test]
fn the_listing_gives_each_council_and_year_a_range() {
    let mut entries = vec![
        entry("dudley/2023-07-19-cs/a/index.html", "A", &[]),
        entry("dudley/2024-01-10-cs/b/index.html", "B", &[]),
        entry("walsall/2023-02-01-os/c/index.html", "C", &[]),
    ];
    entries[1].date_iso = "2024-01-10".into();
    entries[2].authority = "Walsall".into();
    let index = SearchIndex::build(&refs(&entries));
    let listing: serde_json::Value =
        serde_json::from_slice(bytes_of(&index, "search/index.json")).unwrap();
    assert_eq!(
        listing["councils"],
        serde_json::json!([
            ["Dudley", 0, 2, ["Children's Select"]],
            ["Walsall", 2, 3, ["Children's Select"]]
        ])
    );
    assert_eq!(
        listing["years"],
        serde_json::json!([["2024", 1, 2], ["2023", 0, 1, 2, 3]])
    );
    assert_eq!(day_number("1970-01-02"), 1);
    assert_eq!(day_number("2023-07-19"), 19_557);
    assert_eq!(day_number("2022-03"), day_number("2022-03-01"));
}

#[test]
fn term_files_are_chosen_by_the_hash_the_browser_computes() {
    // FNV-1a 32 of "a" is 0xe40c292c.
    assert_eq!(chunk_of("a", 1 << 16), 0x292c);
    assert_eq!(chunks_for(0), 1);
    assert_eq!(chunks_for(CHUNK_BYTES * 3), 4);
}

#[test]
fn an_update_gives_what_a_new_build_gives() {
    let first = vec![
        entry("a/index.html", "Plans", &[("para-1", "children on plans")]),
        entry("b/index.html", "Budget", &[("para-1", "funding gap")]),
    ];
    let second = vec![
        entry(
            "a/index.html",
            "Plans renamed",
            &[("para-1", "children in care")],
        ),
        entry("b/index.html", "Budget", &[("para-1", "funding gap")]),
    ];
    let mut index = SearchIndex::build(&refs(&first));
    index.take_changes();
    index.update(&refs(&second), &[(&first[..1], &second[..1])]);
    assert_eq!(
        files_of(&index),
        files_of(&SearchIndex::build(&refs(&second)))
    );
    let (written, _) = index.take_changes();
    let written: Vec<&str> = written.iter().map(|f| f.path.as_str()).collect();
    assert!(written.contains(&"search/docs/0.json.gz"), "{written:?}");
    assert!(
        !written.contains(&"search/index.json"),
        "the listing shows no title: {written:?}"
    );
    let third = vec![entry("c/index.html", "New", &[("para-1", "words")])];
    index.update(&refs(&third), &[(&second[..], &third[..])]);
    assert_eq!(
        files_of(&index),
        files_of(&SearchIndex::build(&refs(&third)))
    );
}
