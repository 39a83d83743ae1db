//! The sample site in `content/`, made from the five source reports, built as a reader gets it:
//! the published paragraph numbers, the figures, the charts.

mod common;

use std::process::Command;

use common::{project_root, read_tree};

fn build_sample() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .args([
            "--root",
            project_root().to_str().unwrap(),
            "build",
            "--output",
        ])
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    assert!(summary.contains("22 charts"), "{summary}");
    out
}

fn page(out: &tempfile::TempDir, path: &str) -> String {
    std::fs::read_to_string(out.path().join("site").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

const DUDLEY_FS: &str =
    "dudley/2023-07-19-children-services-select/family-safeguarding-update/index.html";
const WALSALL: &str =
    "walsall/2022-03-children-overview-scrutiny/family-safeguarding-progress/index.html";
const BLACKPOOL: &str =
    "blackpool/2023-09-21-children-young-people-scrutiny/family-safeguarding-model/index.html";

fn numbers(html: &str) -> Vec<String> {
    html.split("aria-label=\"Paragraph ")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[test]
fn dudley_keeps_paragraph_5_4_with_its_adult_workers() {
    let out = build_sample();
    let html = page(&out, DUDLEY_FS);
    let at = html.find("id=\"para-5.4\"").expect("paragraph 5.4");
    let block = &html[at..at + 1500];
    assert!(
        block.contains(
            "It is anticipated that the following adult workers will be in post by the end of July"
        ),
        "{block}"
    );
    assert!(
        block.contains("Substance Misuse – 3.5 FTE (of 3.5)"),
        "{block}"
    );
    assert!(block.contains("Health Workers – TBC (of 4.5)"), "{block}");
    let numbers = numbers(&html);
    assert_eq!(numbers.first().map(String::as_str), Some("1"));
    assert_eq!(numbers.last().map(String::as_str), Some("20"));
    assert!(
        html.contains("£1.8m Public Health Reserves"),
        "the investment reads as the report wrote it"
    );
}

#[test]
fn walsall_states_its_figures_from_the_data() {
    let out = build_sample();
    let html = page(&out, WALSALL);
    assert!(html.contains("has reduced from 370 in December 2019 to 227 at the end of December 2021, a reduction of 38.6%."));
    assert!(html.contains("a reduction of 43.1%."));
    for shortfall in ["−£77,786", "−£307,817", "−£662,833", "−£947,758"] {
        assert!(html.contains(shortfall), "{shortfall}");
    }
    assert!(html.contains("The report states no meeting date; March 2022 is inferred"));
    // Sections and subsections as published: 4 and 4.1 to 4.8.
    let numbers = numbers(&html);
    for n in ["4", "4.1", "4.5", "4.8", "9"] {
        assert!(numbers.iter().any(|x| x == n), "{n} in {numbers:?}");
    }
    let csv = page(&out, "walsall/data/funding-shortfall.csv");
    assert!(csv.contains("2024/25,Year 5,-947758"), "{csv}");
}

#[test]
fn blackpool_keeps_section_6_as_6_1_to_6_13() {
    let out = build_sample();
    let numbers = numbers(&page(&out, BLACKPOOL));
    let six: Vec<&String> = numbers.iter().filter(|n| n.starts_with("6.")).collect();
    assert_eq!(six.len(), 13, "{six:?}");
    assert_eq!(six.last().map(|s| s.as_str()), Some("6.13"));
}

#[test]
fn every_source_discrepancy_is_shown_to_readers() {
    let out = build_sample();
    assert!(
        page(&out, WALSALL)
            .contains("as 319 (section 4.1, “654 children from 319 families”) and as 318")
    );
    let compare = page(&out, "compare/index.html");
    assert!(
        compare.contains("Blackpool £764,610 pounds") && compare.contains("£764,000 was awarded"),
        "{compare}"
    );
}

#[test]
fn the_compare_page_sets_the_councils_side_by_side() {
    let out = build_sample();
    let html = page(&out, "compare/index.html");
    for council in ["Dudley", "Walsall", "Southampton", "Blackpool"] {
        assert!(
            html.contains(&format!("<th scope=\"row\">{council}<td>")),
            "{council}"
        );
    }
    for measure in [
        "Family safeguarding funding",
        "Adult worker posts",
        "Family safeguarding go live",
    ] {
        assert!(html.contains(measure), "{measure}");
    }
    // Every council's figures it shows are published as CSV beside it.
    for csv in [
        "walsall/data/funding.csv",
        "dudley/data/fs-go-live.csv",
        "blackpool/data/go-live.csv",
    ] {
        assert!(out.path().join("site").join(csv).is_file(), "{csv}");
    }
}

#[test]
fn the_sample_has_a_page_for_every_authority_pack_and_report() {
    let out = build_sample();
    let files: Vec<String> = read_tree(&out.path().join("site"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let reports = files
        .iter()
        .filter(|p| p.matches('/').count() == 3 && p.ends_with("/index.html"))
        .count();
    assert_eq!(reports, 5, "{files:?}");
    assert_eq!(
        files.iter().filter(|p| p.ends_with("/print.html")).count(),
        5
    );
    assert!(files.iter().filter(|p| p.ends_with(".csv")).count() >= 15);
}
