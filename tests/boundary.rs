//! The public boundary: no text of an exempt or draft report, nor of an exempt appendix,
//! reaches any file of a public build, nor any file path; nothing exempt reaches a preview.

mod common;

use common::{read_tree, scrutiny, site_copy, stderr};

fn leaks(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    read_tree(dir)
        .into_iter()
        .filter(|(path, bytes)| {
            path.to_lowercase().contains(&needle)
                || String::from_utf8_lossy(bytes)
                    .to_lowercase()
                    .contains(&needle)
        })
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn exempt_and_draft_text_reaches_no_public_output_file() {
    let site = site_copy("boundary");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = site.path().join("output");
    for canary in ["exemptcanary", "draftcanary", "exemptappendixcanary"] {
        assert_eq!(leaks(&out, canary), Vec::<String>::new(), "{canary} leaked");
    }
    // The agenda shows the exempt item's title and the paragraph of Schedule 12A, nothing else.
    let pack = std::fs::read_to_string(out.join("council/2024-01-15-overview/index.html")).unwrap();
    assert!(pack.contains("Exempt item title shown on the agenda"));
    assert!(
        pack.contains("Exempt under paragraph 3 of Schedule 12A to the Local Government Act 1972.")
    );
    let report =
        std::fs::read_to_string(out.join("council/2024-01-15-overview/public-report/index.html"))
            .unwrap();
    assert!(report.contains("Public appendix text."));
    assert!(report.contains("This appendix is exempt under paragraph 3 of Schedule 12A"));
}

#[test]
fn drafts_build_writes_to_output_preview_with_a_banner_and_nothing_exempt() {
    let site = site_copy("boundary");
    let output = scrutiny(site.path(), &["build", "--drafts"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !site.path().join("output").exists(),
        "a drafts build never writes output/"
    );
    let preview = site.path().join("output-preview");
    let draft = std::fs::read_to_string(
        preview.join("council/2024-01-15-overview/draftcanaryslug/index.html"),
    )
    .unwrap();
    assert!(draft.contains("Draft — not for publication."));
    assert!(draft.contains("DRAFTCANARY17 body text."));
    for canary in ["exemptcanary", "exemptappendixcanary"] {
        assert_eq!(
            leaks(&preview, canary),
            Vec::<String>::new(),
            "{canary} leaked into the preview"
        );
    }
}

#[test]
fn drafts_build_refuses_to_write_into_output() {
    let site = site_copy("boundary");
    assert!(scrutiny(site.path(), &["build"]).status.success());
    let public = site.path().join("output");
    let output = scrutiny(
        site.path(),
        &["build", "--drafts", "--output", public.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("never writes to output/"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        leaks(&site.path().join("output"), "draftcanary"),
        Vec::<String>::new()
    );
}

#[test]
fn pack_lists_agenda_items_in_order_with_items_that_have_no_report() {
    let site = site_copy("boundary");
    assert!(scrutiny(site.path(), &["build"]).status.success());
    let pack = std::fs::read_to_string(
        site.path()
            .join("output/council/2024-01-15-overview/index.html"),
    )
    .unwrap();
    let order: Vec<usize> = [
        "Apologies for absence",
        "Minutes of the last meeting",
        "Public report",
        "Exempt item title",
        "Exclusion of the press",
    ]
    .iter()
    .map(|title| {
        pack.find(title)
            .unwrap_or_else(|| panic!("{title} missing"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(pack.contains("Council Chamber, Town Hall"));
    let cancelled = std::fs::read_to_string(
        site.path()
            .join("output/council/2024-03-11-overview/index.html"),
    )
    .unwrap();
    assert!(cancelled.contains("This meeting was cancelled."));
    assert!(cancelled.contains("the Chair was unwell"));
}

#[test]
fn two_agenda_items_with_one_number_are_an_error() {
    let site = site_copy("boundary");
    let meetings = site.path().join("content/council/meetings.yaml");
    let text = std::fs::read_to_string(&meetings).unwrap();
    std::fs::write(
        &meetings,
        text.replace(
            "{ item: \"7\", title: Exclusion",
            "{ item: \"4\", title: Exclusion",
        ),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("agenda item 4 appears twice in this meeting"),
        "{message}"
    );
    assert!(
        message.contains("content/council/meetings.yaml:2:"),
        "{message}"
    );
}

#[test]
fn print_view_joins_public_reports_with_unique_ids_and_absolute_link_targets() {
    let site = site_copy("boundary");
    assert!(scrutiny(site.path(), &["build"]).status.success());
    let print = std::fs::read_to_string(
        site.path()
            .join("output/council/2024-01-15-overview/print.html"),
    )
    .unwrap();
    let mut ids: Vec<&str> = print
        .split(" id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids in the print view");
    assert!(
        print.contains("id=\"r1-para-1\""),
        "paragraph anchors are prefixed per report"
    );
    assert!(print.contains("<details class=\"chart-data\" open>"));
    assert!(
        print.contains(
            "data-print-url=\"https://www.example.gov.uk/council/data/public-figures.csv\""
        ),
        "{print}"
    );
    assert!(
        print.contains("@page report-1 { @top-left { content: \"Boundary: Public report\"; } }")
    );
    // The cover's agenda links each public report to its place in the document.
    assert!(
        print.contains("<a href=\"#r1\">Public report</a>"),
        "{print}"
    );
}

#[test]
fn check_finds_problems_in_exempt_reports_without_publishing_them() {
    let site = site_copy("boundary");
    let report = site
        .path()
        .join("content/council/reports/exemptcanaryslug.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("data: exemptcanarydata", "data: exemptcanarydta"),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("content/council/reports/exemptcanaryslug.md:"),
        "{message}"
    );
    assert!(
        message.contains("did you mean `exemptcanarydata`?"),
        "{message}"
    );
}
