//! Whatever an author writes, scrutiny answers with messages, never a panic: property tests
//! that write generated front matter, datasets and chart blocks into a site and check it.

mod common;

use proptest::prelude::*;

/// Text made of the characters that matter to YAML and Markdown, in runs that often form keys,
/// lists, flow collections, quotes and fences.
fn yamlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "title: ",
        "committee: cs",
        "meeting: ",
        "2023-07-19",
        "2023-02-30",
        "2022-13",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ": ",
        ":",
        "\"",
        "'",
        "#",
        "\n",
        "  ",
        "null",
        "{ suppressed: c }",
        "3.5",
        "-77786",
        "1e999",
        "type: ",
        "bar",
        "line",
        "progress",
        "x: ",
        "y: ",
        "data: ",
        "workers",
        "plans",
        "rows:",
        "columns:",
        "id: ",
        "---",
        "```chart\n",
        "```\n",
        "{.unnumbered}",
        "{{ value plans row=2019-12 column=all }}",
        "{{ change ",
        "&",
        "*a",
        "!!binary",
        "é",
        "\t",
        "|",
        ">",
        "exempt: 9",
        "item: ",
        "numbering: sections",
        "## A {.numbered}\n",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
}

fn check_site_with(file: &str, text: &str) {
    let site = common::site_copy("basic");
    std::fs::write(site.path().join(file), text).unwrap();
    let outcome = scrutiny::check_site(site.path());
    for diagnostic in &outcome.diagnostics {
        assert!(
            !diagnostic.file.is_empty(),
            "a diagnostic without a file: {diagnostic:?}"
        );
        assert!(!diagnostic.message.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_front_matter_gives_messages_not_a_panic(front in yamlish(), body in yamlish()) {
        check_site_with("content/testa/reports/update.md", &format!("---\n{front}\n---\n{body}"));
    }

    #[test]
    fn any_dataset_gives_messages_not_a_panic(text in yamlish()) {
        check_site_with("content/testa/data/workers.yaml", &text);
    }

    #[test]
    fn any_chart_block_gives_messages_not_a_panic(block in yamlish()) {
        let report = format!("---\ntitle: T\ncommittee: cs\nmeeting: 2023-07-19\n---\n\nText.\n\n```chart\n{block}\n```\n");
        check_site_with("content/testa/reports/update.md", &report);
    }

    #[test]
    fn any_dataset_values_draw_without_a_panic(values in prop::collection::vec(prop::option::of(-1e12f64..1e12), 1..60)) {
        let rows: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("  - [\"r{i}\", {}]\n", v.map_or("null".to_owned(), |v| v.to_string())))
            .collect();
        let dataset = format!("title: T\nsource: S\ncolumns:\n  - {{ id: k, label: K }}\n  - {{ id: v, label: V, type: money }}\nrows:\n{rows}");
        let site = common::site_copy("basic");
        std::fs::write(site.path().join("content/testa/data/workers.yaml"), dataset).unwrap();
        let report = "---\ntitle: T\ncommittee: cs\nmeeting: 2023-07-19\n---\n\nText.\n\n```chart\ndata: workers\ntype: bar\nx: k\ny: v\n```\n\n```chart\ndata: workers\ntype: hbar\nx: k\ny: v\n```\n\n```chart\ndata: workers\ntype: stacked-bar\nx: k\ny: [v]\n```\n";
        std::fs::write(site.path().join("content/testa/reports/update.md"), report).unwrap();
        let outcome = scrutiny::check_site(site.path());
        prop_assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    }
}
