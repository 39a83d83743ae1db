//! The public boundary: no text of an exempt or draft report, nor of an exempt appendix,
//! reaches any file of a public build, nor any file path; nothing exempt reaches a preview.

mod common;

use common::{read_tree, read_tree_unpacked, scrutiny, site_copy, stderr};

fn leaks(dir: &std::path::Path, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    read_tree_unpacked(dir)
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

/// Every withheld place of the fixture, by the canary planted in it. The exempt report's title
/// is not among them: its agenda item shows it, by design.
const PLANTED: &[(&str, &str)] = &[
    ("exemptcanaryslug", "exempt report: file name"),
    ("EXEMPTCANARY01", "exempt report: report_of"),
    ("EXEMPTCANARY02", "exempt report: author's name"),
    ("EXEMPTCANARY03", "exempt report: author's role"),
    ("EXEMPTCANARY04", "exempt report: author's phone"),
    ("exemptcanary05", "exempt report: author's email"),
    ("EXEMPTCANARY06", "exempt report: wards"),
    ("EXEMPTCANARY07", "exempt report's dataset: title"),
    ("EXEMPTCANARY08", "exempt report's dataset: source"),
    ("EXEMPTCANARY09", "exempt report's dataset: column label"),
    ("EXEMPTCANARY10", "exempt report's dataset: row"),
    ("EXEMPTCANARY11", "exempt report: portfolio"),
    ("EXEMPTCANARY12", "exempt report: summary"),
    ("EXEMPTCANARY13", "exempt report: recommendation"),
    ("EXEMPTCANARY14", "exempt report: background paper's title"),
    (
        "exemptcanary15",
        "exempt report: background paper's address",
    ),
    ("EXEMPTCANARY16", "exempt report: heading"),
    ("EXEMPTCANARY17", "exempt report: body text"),
    ("EXEMPTCANARY18", "exempt report: chart title"),
    ("EXEMPTCANARY19", "exempt report: meeting_note"),
    ("EXEMPTCANARY20", "exempt report: forward_plan_ref"),
    ("EXEMPTCANARY21", "exempt report: note of an update"),
    ("EXEMPTCANARY22", "exempt report: appendix title"),
    ("EXEMPTCANARY23", "exempt report: appendix file's title"),
    ("EXEMPTCANARY24", "exempt report: link text"),
    ("EXEMPTCANARY25", "exempt report: image's alt text"),
    ("exemptcanary26", "exempt report: link definition's address"),
    ("EXEMPTCANARY27", "exempt report: footnote"),
    ("EXEMPTCANARY28", "exempt report: appendix heading"),
    ("EXEMPTCANARY29", "exempt report: appendix text"),
    ("EXEMPTCANARY32", "exempt report: image file's bytes"),
    ("EXEMPTCANARY33", "exempt report: appendix file's bytes"),
    ("EXEMPTCANARY34", "exempt report: urgency reason"),
    ("EXEMPTCANARY35", "exempt report: lead member"),
    ("DRAFTCANARY00", "draft report: title"),
    ("DRAFTCANARY01", "draft report: report_of"),
    ("DRAFTCANARY10", "draft report's dataset: row"),
    ("DRAFTCANARY12", "draft report: summary"),
    ("DRAFTCANARY17", "draft report: body text"),
    ("DRAFTCANARY19", "draft report: meeting_note"),
    ("DRAFTCANARY32", "draft report: image file's bytes"),
    ("DRAFTCANARY34", "draft report: urgency reason"),
    ("EXEMPTAPPENDIXCANARY01", "exempt appendix: text"),
    ("EXEMPTAPPENDIXCANARY02", "exempt appendix: chart title"),
    ("EXEMPTAPPENDIXCANARY03", "exempt appendix: table heading"),
    ("EXEMPTAPPENDIXCANARY04", "exempt appendix: table cell"),
    (
        "EXEMPTAPPENDIXCANARY05",
        "exempt appendix: image's alt text",
    ),
    ("EXEMPTAPPENDIXCANARY06", "exempt appendix: raw HTML"),
    (
        "exemptappendixcanary07",
        "exempt appendix: link definition's address",
    ),
    (
        "EXEMPTAPPENDIXCANARY08",
        "exempt appendix: link definition's title",
    ),
    (
        "EXEMPTAPPENDIXCANARY09",
        "exempt appendix: setext heading in a quote",
    ),
    ("EXEMPTAPPENDIXCANARY10", "exempt appendix: text after it"),
    ("EXEMPTAPPENDIXCANARY11", "exempt appendix: list item"),
    (
        "EXEMPTAPPENDIXCANARY12",
        "exempt appendix: `##` heading in a list item",
    ),
    ("EXEMPTAPPENDIXCANARY13", "exempt appendix: text after it"),
    (
        "EXEMPTAPPENDIXCANARY14",
        "exempt appendix: `###` subsection heading",
    ),
    (
        "EXEMPTAPPENDIXCANARY15",
        "exempt appendix: text after the `###` heading",
    ),
    ("EXEMPTAPPENDIXCANARY16", "exempt appendix: `####` heading"),
    (
        "EXEMPTAPPENDIXCANARY17",
        "exempt appendix: text after the `####` heading",
    ),
    (
        "EXEMPTAPPENDIXCANARY18",
        "exempt appendix: footnote definition",
    ),
    ("EXEMPTAPPENDIXCANARY20", "inline figure's dataset: title"),
    ("EXEMPTAPPENDIXCANARY21", "inline figure's dataset: source"),
    ("EXEMPTAPPENDIXCANARY22", "inline figure's dataset: notes"),
    (
        "EXEMPTAPPENDIXCANARY23",
        "inline figure's dataset: column label",
    ),
    ("EXEMPTAPPENDIXCANARY24", "inline figure's dataset: row"),
    (
        "exemptappendixcanary-measure",
        "inline figure's dataset: measure",
    ),
    (
        "EXEMPTAPPENDIXCANARY25",
        "exempt appendix chart's dataset: title",
    ),
    (
        "EXEMPTAPPENDIXCANARY27",
        "exempt appendix chart's dataset: row",
    ),
    ("EXEMPTAPPENDIXCANARY30", "exempt appendix file's bytes"),
    (
        "EXEMPTAPPENDIXCANARY31",
        "exempt appendix image file's bytes",
    ),
    (
        "exemptappendixcanary-note",
        "exempt appendix: footnote label",
    ),
    (
        "exemptappendixcanary-plan",
        "exempt appendix: image file name",
    ),
];

/// Which kind of canary ends at `at` in `text`: exempt report, exempt appendix or draft.
fn canary_kind(text: &str, at: usize) -> &'static str {
    let before = &text[..at];
    if before.ends_with("exemptappendix") {
        "exempt appendix"
    } else if before.ends_with("exempt") {
        "exempt"
    } else if before.ends_with("draft") {
        "draft"
    } else {
        "unknown"
    }
}

/// Every canary in every file below `dir` (its path and all its bytes) whose kind `allowed`
/// refuses, as "file: …text around it…".
fn canaries(dir: &std::path::Path, allowed: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in read_tree_unpacked(dir) {
        for text in [path.clone(), String::from_utf8_lossy(&bytes).into_owned()] {
            let lower = text.to_lowercase();
            for (at, _) in lower.match_indices("canary") {
                if !allowed(canary_kind(&lower, at)) {
                    let from = lower.floor_char_boundary(at.saturating_sub(24));
                    let to = lower.ceil_char_boundary((at + 30).min(lower.len()));
                    found.push(format!("{path}: …{}…", &lower[from..to]));
                }
            }
        }
    }
    found
}

#[test]
fn every_withheld_place_of_the_fixture_holds_a_canary() {
    let sources: String = read_tree(&common::fixture("boundary"))
        .into_iter()
        .map(|(path, bytes)| format!("{path}\n{}\n", String::from_utf8_lossy(&bytes)))
        .collect();
    for (canary, place) in PLANTED {
        assert!(sources.contains(canary), "{place}: {canary} is not planted");
    }
}

#[test]
fn no_canary_of_a_withheld_place_reaches_any_file_of_a_public_build() {
    let site = site_copy("boundary");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = site.path().join("output");
    assert_eq!(canaries(&out, &|_| false), Vec::<String>::new());
    // The agenda shows the exempt item's title and the paragraph of Schedule 12A, nothing else.
    let pack = std::fs::read_to_string(out.join("council/2024-01-15-overview/index.html")).unwrap();
    assert!(pack.contains("Exempt item title shown on the agenda"));
    assert!(
        pack.contains("Exempt under paragraph 3 of Schedule 12A to the Local Government Act 1972: “Information relating to the financial or business affairs")
    );
    let report =
        std::fs::read_to_string(out.join("council/2024-01-15-overview/public-report/index.html"))
            .unwrap();
    assert!(report.contains("Public appendix text."));
    // The calendars, feeds and open data are among the files searched above, and name the
    // exempt item by its title and paragraph.
    for file in [
        "council/2024-01-15-overview/meeting.ics",
        "council/2024-01-15-overview/meeting.json",
        "council/committees/overview/meetings.ics",
        "council/committees/overview/feed.xml",
        "council/meetings.ics",
        "council/meetings.json",
        "council/meetings.csv",
        "council/papers.csv",
        "council/feed.xml",
        "schemas/meeting.schema.json",
        "schemas/meetings.schema.json",
    ] {
        assert!(out.join(file).is_file(), "{file} was not written");
    }
    for file in [
        "council/2024-01-15-overview/meeting.json",
        "council/papers.csv",
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            text.contains("Exempt item title shown on the agenda"),
            "{file}"
        );
    }
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
    // A draft's dataset and image are published with it in a preview.
    assert!(preview.join("council/data/draftcanarydata.csv").is_file());
    assert!(
        preview
            .join("council/assets/draftcanary-photo.png")
            .is_file()
    );
    assert_eq!(
        canaries(&preview, &|kind| kind == "draft"),
        Vec::<String>::new(),
        "exempt content reached the preview"
    );
}

#[test]
fn the_public_text_around_an_exempt_appendix_is_published() {
    let site = site_copy("boundary");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = site.path().join("output/council/2024-01-15-overview");
    let report = std::fs::read_to_string(out.join("public-report/index.html")).unwrap();
    let print = std::fs::read_to_string(out.join("print.html")).unwrap();
    for page in [&report, &print] {
        for public in [
            "Following section</h",
            "Public text after the exempt appendix: publicaftermarker.",
            "Public note on the narrative, defined after the exempt appendix: publicnotemarker.",
            "Public note on the following section.",
            "aria-label=\"Note 2\"",
        ] {
            assert!(page.contains(public), "{public} missing from {page}");
        }
    }
    let search: String = read_tree_unpacked(&site.path().join("output/search"))
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    for word in ["publicaftermarker", "publicnotemarker"] {
        assert!(search.contains(word), "{word} is not in the search index");
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
    // Said once, not "This meeting was cancelled. The meeting was cancelled because…".
    assert!(
        cancelled.contains("This meeting was cancelled.</strong> Because the Chair was unwell"),
        "{cancelled}"
    );
    assert_eq!(cancelled.matches("as cancelled").count(), 1, "{cancelled}");
    // A meeting that did not take place has no pack to print.
    assert!(!cancelled.contains("Print the whole pack"), "{cancelled}");
    assert!(pack.contains("Print the whole pack"));
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
        message.contains("content/council/meetings.yaml:10:17"),
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
    // On paper a chart's data is a table, not a control to open, and no download link.
    assert!(print.contains("<caption>Data for the chart: Public figures by year</caption>"));
    assert!(!print.contains("<details"), "{print}");
    assert!(!print.contains("data-download"), "{print}");
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

/// Rewrites one file of a fixture copy, replacing `from` (which must be there) by `to`.
fn edit(site: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} is not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const PUBLIC_REPORT: &str = "content/council/reports/public-report.md";

#[test]
fn public_text_using_a_link_defined_in_an_exempt_appendix_is_an_error() {
    let site = site_copy("boundary");
    edit(
        site.path(),
        PUBLIC_REPORT,
        "The public narrative.",
        "The public narrative, with [the valuation][exemptappendixcanary-valuation].",
    );
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("the link `[exemptappendixcanary-valuation]` is defined inside the exempt appendix `appendix-2`"),
        "{message}"
    );
    assert!(
        message.contains(&format!("{PUBLIC_REPORT}:16:")),
        "{message}"
    );
    assert!(
        message.contains("define the link outside the appendix"),
        "{message}"
    );
    assert!(!site.path().join("output").exists());
}

#[test]
fn public_text_using_a_note_defined_in_an_exempt_appendix_is_an_error() {
    let site = site_copy("boundary");
    // The usual place for notes, the end of the document, is inside an appendix that ends it.
    edit(
        site.path(),
        PUBLIC_REPORT,
        "The public narrative.",
        "The public narrative.[^moved]",
    );
    edit(
        site.path(),
        PUBLIC_REPORT,
        "## Following section",
        "[^moved]: A note defined at the end of the exempt appendix.\n\n## Following section",
    );
    let output = scrutiny(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("the note `[^moved]` is defined inside the exempt appendix `appendix-2`"),
        "{message}"
    );
    assert!(
        message.contains(&format!("{PUBLIC_REPORT}:16:")),
        "{message}"
    );
    assert!(
        message.contains("move `[^moved]: …` above the heading of the appendix"),
        "{message}"
    );
}

#[test]
fn an_underlined_heading_that_would_end_an_exempt_appendix_is_an_error() {
    let site = site_copy("boundary");
    // `---` under a line makes it a heading of the appendix's level, which would end it.
    edit(
        site.path(),
        PUBLIC_REPORT,
        "### EXEMPTAPPENDIXCANARY14 subsection",
        "EXEMPTAPPENDIXCANARY40 total\n---\n\nEXEMPTAPPENDIXCANARY41 more.\n\n### EXEMPTAPPENDIXCANARY14 subsection",
    );
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains(
            "this underlined line is a heading that ends the exempt appendix `appendix-2`"
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!("{PUBLIC_REPORT}:69:")),
        "{message}"
    );
    assert!(message.contains("write the heading as `## …`"), "{message}");
    assert!(!site.path().join("output").exists());
}

#[test]
fn check_warns_when_a_public_page_draws_on_a_dataset_an_exempt_paper_uses() {
    let site = site_copy("boundary");
    edit(
        site.path(),
        PUBLIC_REPORT,
        "The public narrative.",
        "The public narrative: {{ value exemptcanarydata row=\"EXEMPTCANARY10 row\" column=amount }}.",
    );
    let output = scrutiny(site.path(), &["check"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(
        message.contains("warning: this draws on the dataset `exemptcanarydata`, which the exempt appendix `appendix-2` of content/council/reports/public-report.md and the exempt report content/council/reports/exemptcanaryslug.md also use: the dataset is published with this page"),
        "{message}"
    );
    assert!(
        message.contains(&format!("{PUBLIC_REPORT}:16:")),
        "{message}"
    );
    assert_eq!(
        scrutiny(site.path(), &["check", "--strict"]).status.code(),
        Some(1)
    );
    // The author decides: a plain build publishes the dataset with the public page.
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("also use: the dataset is published with this page"));
    assert!(
        site.path()
            .join("output/council/data/exemptcanarydata.csv")
            .is_file()
    );
}

#[test]
fn a_dashboard_drawing_on_an_exempt_dataset_is_warned_of_at_its_line() {
    let site = site_copy("boundary");
    let authority = site.path().join("content/council/authority.yaml");
    let mut text = std::fs::read_to_string(&authority).unwrap();
    text.push_str("dashboard:\n  - data: exemptappendixcanaryfigure\n    type: bar\n    x: name\n    y: amount\n    title: Offers\n");
    std::fs::write(&authority, text).unwrap();
    let output = scrutiny(site.path(), &["check"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert!(
        message.contains("this draws on the dataset `exemptappendixcanaryfigure`, which the exempt appendix `appendix-2` of content/council/reports/public-report.md also uses"),
        "{message}"
    );
    assert!(
        message.contains("content/council/authority.yaml:6:"),
        "{message}"
    );
}

#[test]
fn a_heading_id_that_is_not_a_web_slug_is_an_error_at_its_place() {
    let site = site_copy("boundary");
    edit(
        site.path(),
        PUBLIC_REPORT,
        "## Following section",
        "## Following section {#Following\"onmouseover=\"alert(1)}",
    );
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("the heading id `Following\"onmouseover=\"alert(1)` may hold only lower-case letters, digits and hyphens"),
        "{message}"
    );
    assert!(
        message.contains(&format!("{PUBLIC_REPORT}:79:22")),
        "{message}"
    );
    assert!(
        message.contains("write {#following-onmouseover-alert-1}"),
        "{message}"
    );
    assert!(!site.path().join("output").exists());
}
