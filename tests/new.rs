//! `scrutiny new`: from an empty folder to a site that builds, as a new user would go.

mod common;

use common::{scrutiny, stderr};

/// Runs `scrutiny import dfe CSV --la LA --authority AUTHORITY EXTRA…` in `root`.
fn import_dfe(
    root: &std::path::Path,
    csv: &std::path::Path,
    la: &str,
    authority: &str,
    extra: &[&str],
) -> std::process::Output {
    let csv = csv.to_str().unwrap();
    let mut args = vec!["import", "dfe", csv, "--la", la, "--authority", authority];
    args.extend_from_slice(extra);
    scrutiny(root, &args)
}

#[test]
fn new_site_authority_and_report_build_and_pass_check_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let made = scrutiny(dir.path(), &["new", "site", "papers"]);
    assert!(made.status.success(), "{}", stderr(&made));
    let site = dir.path().join("papers");
    for args in [
        vec![
            "new",
            "authority",
            "dudley",
            "--name",
            "Dudley Metropolitan Borough Council",
        ],
        vec![
            "new",
            "report",
            "dudley",
            "family-safeguarding-update",
            "--meeting",
            "2024-07-18",
        ],
    ] {
        let output = scrutiny(&site, &args);
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    }
    // Every example value is named, as a warning until the site is published.
    let check = scrutiny(&site, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let warnings = stderr(&check);
    assert!(warnings.contains("0 errors, 8 warnings"), "{warnings}");
    for place in [
        "content/site.yaml:5:11",
        "content/site.yaml:10:12",
        "content/dudley/reports/family-safeguarding-update.md:12:13",
    ] {
        assert!(warnings.contains(place), "{place} in {warnings}");
    }
    assert_eq!(
        scrutiny(&site, &["check", "--strict"]).status.code(),
        Some(1)
    );
    // A public build refuses the example address and contact; a preview warns of them.
    let refused = scrutiny(&site, &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains(
            "error: the site's address, base_url, is still the example that `scrutiny new` wrote"
        ),
        "{}",
        stderr(&refused)
    );
    assert!(stderr(&refused).contains("error: the accessibility contact is still the example"));
    assert!(scrutiny(&site, &["build", "--drafts"]).status.success());
    let site_yaml = site.join("content/site.yaml");
    let text = std::fs::read_to_string(&site_yaml).unwrap();
    std::fs::write(
        &site_yaml,
        text.replace(
            "https://www.example.gov.uk/scrutiny/",
            "https://www.dudley.gov.uk/scrutiny/",
        )
        .replace("scrutiny@example.gov.uk", "scrutiny@dudley.gov.uk"),
    )
    .unwrap();
    // The new report is a draft: previewed, never published.
    assert!(scrutiny(&site, &["build"]).status.success());
    assert!(
        !site
            .join("output/dudley/2024-07-18-scrutiny/family-safeguarding-update")
            .exists()
    );
    assert!(scrutiny(&site, &["build", "--drafts"]).status.success());
    assert!(
        site.join(
            "output-preview/dudley/2024-07-18-scrutiny/family-safeguarding-update/index.html"
        )
        .is_file()
    );
    // Made final, it is refused while it holds the examples, each named.
    let report = site.join("content/dudley/reports/family-safeguarding-update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("status: draft ", "status: final ")).unwrap();
    let refused = scrutiny(&site, &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    let message = stderr(&refused);
    for words in [
        "“Report Author”",
        "“01632 960000”",
        "“author@example.gov.uk”",
        "the summary is still",
    ] {
        assert!(message.contains(words), "{words} in {message}");
    }
}

#[test]
fn new_never_overwrites_and_refuses_names_that_are_not_web_addresses() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrutiny(dir.path(), &["new", "site", "."]).status.success());
    let again = scrutiny(dir.path(), &["new", "site", "."]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("already exists; scrutiny new never overwrites a file"));
    let bad = scrutiny(dir.path(), &["new", "authority", "Dudley Council"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("such as dudley-council"),
        "{}",
        stderr(&bad)
    );
    let no_authority = scrutiny(dir.path(), &["new", "report", "walsall", "update"]);
    assert!(stderr(&no_authority).contains("scrutiny new authority walsall"));
}

#[test]
fn schema_writes_a_json_schema_for_each_kind_of_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = scrutiny(dir.path(), &["schema", "schemas"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for name in ["site", "authority", "dataset", "report"] {
        let text = std::fs::read_to_string(dir.path().join(format!("schemas/{name}.schema.json")))
            .unwrap();
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(schema["type"], "object", "{name}");
        assert!(
            schema["required"].as_array().is_some_and(|r| !r.is_empty()),
            "{name}"
        );
    }
}

#[test]
fn a_new_user_goes_from_an_empty_folder_to_a_built_site_with_imported_statistics() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("papers");
    assert!(
        scrutiny(dir.path(), &["new", "site", "papers"])
            .status
            .success()
    );
    assert!(
        scrutiny(&site, &["new", "authority", "dudley"])
            .status
            .success()
    );
    assert!(
        scrutiny(
            &site,
            &[
                "new",
                "report",
                "dudley",
                "children-in-care",
                "--meeting",
                "2024-07-18"
            ]
        )
        .status
        .success()
    );
    let csv = common::fixture("dfe/cla_rates.csv");
    let import = import_dfe(
        &site,
        &csv,
        "E08000027",
        "dudley",
        &["--measure", "rate_per_10000"],
    );
    assert!(import.status.success(), "{}", stderr(&import));
    let dataset =
        std::fs::read_to_string(site.join("content/dudley/data/dfe-rate-per-10000.yaml")).unwrap();
    assert!(dataset.contains("  - [\"2020/21\", 67, 101]"), "{dataset}");
    assert!(
        dataset.contains("  - [\"2021/22\", 70, { suppressed: c }]"),
        "{dataset}"
    );

    // The year to 31 March that the statistics count by is a financial year, drawn as one.
    assert!(
        dataset.contains("label: \"Financial year\", period: financial-year"),
        "{dataset}"
    );

    // The only hand edit: the report's Markdown, charting the imported data.
    let report = site.join("content/dudley/reports/children-in-care.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("{text}\nChildren in care per 10,000 children.\n\n```chart\ndata: dfe-rate-per-10000\ntype: bar\nx: period\ny: [england, authority]\n```\n\n```chart\ndata: dfe-rate-per-10000\ntype: line\nx: period\ny: [england, authority]\n```\n")).unwrap();
    // No error; the warnings are the examples still to replace.
    let check = scrutiny(&site, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("0 errors, 8 warnings"),
        "{}",
        stderr(&check)
    );
    let build = scrutiny(&site, &["build", "--drafts"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = std::fs::read_to_string(
        site.join("output-preview/dudley/2024-07-18-scrutiny/children-in-care/index.html"),
    )
    .unwrap();
    assert!(
        page.contains("Dudley for 2021/22 is suppressed [c]."),
        "{page}"
    );
    assert!(
        page.contains("Suppressed values: [c] confidential"),
        "{page}"
    );
    // And the preview serves the same report, chart and all.
    let server = common::start(&site, &[]);
    let (status, served) =
        common::get(server.port, "/dudley/2024-07-18-scrutiny/children-in-care/");
    assert_eq!(status, 200);
    assert!(served.contains("Dudley for 2021/22 is suppressed [c]."));
}

#[test]
fn import_reads_renamed_columns_and_authorities_that_changed_code() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrutiny(dir.path(), &["new", "site", "."]).status.success());
    assert!(
        scrutiny(dir.path(), &["new", "authority", "north-northamptonshire"])
            .status
            .success()
    );
    let csv = common::fixture("dfe/renamed_columns.csv");
    // The old code finds the authority under its old and new codes alike.
    let import = import_dfe(dir.path(), &csv, "928", "north-northamptonshire", &[]);
    assert!(import.status.success(), "{}", stderr(&import));
    let dataset = std::fs::read_to_string(
        dir.path()
            .join("content/north-northamptonshire/data/dfe-number.yaml"),
    )
    .unwrap();
    assert!(
        dataset.contains("  - [\"2021\", 400, { suppressed: low }]"),
        "{dataset}"
    );
    assert!(dataset.contains("  - [\"2022\", 410, 12]"), "{dataset}");
    let unknown = import_dfe(
        dir.path(),
        &csv,
        "E99999999",
        "north-northamptonshire",
        &["--id", "other"],
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("no rows for the local authority `E99999999`"));
    let mistyped = import_dfe(
        dir.path(),
        &csv,
        "North Northamptonshre",
        "north-northamptonshire",
        &["--id", "other"],
    );
    assert_eq!(mistyped.status.code(), Some(1));
    assert!(
        stderr(&mistyped).contains("did you mean `North Northamptonshire`?"),
        "{}",
        stderr(&mistyped)
    );
    let missing = import_dfe(
        dir.path(),
        &csv,
        "928",
        "north-northamptonshire",
        &["--measure", "rate", "--id", "x"],
    );
    assert!(
        stderr(&missing).contains("has no `rate` column"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn import_update_adds_next_years_figures_and_keeps_the_authors_words() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrutiny(dir.path(), &["new", "site", "."]).status.success());
    assert!(
        scrutiny(dir.path(), &["new", "authority", "dudley"])
            .status
            .success()
    );
    let first = common::fixture("dfe/cla_rates.csv");
    let measure = ["--measure", "rate_per_10000"];
    assert!(
        import_dfe(dir.path(), &first, "E08000027", "dudley", &measure)
            .status
            .success()
    );
    let file = dir
        .path()
        .join("content/dudley/data/dfe-rate-per-10000.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text
        .lines()
        .map(|line| {
            if line.starts_with("title:") {
                "title: Children looked after per 10,000 children".to_owned()
            } else {
                line.replace("label: \"Dudley\"", "label: \"Dudley MBC\"")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&file, edited).unwrap();

    // Without --update an import never replaces a dataset, and says how to update it.
    let next = common::fixture("dfe/cla_rates_2024.csv");
    let refused = import_dfe(dir.path(), &next, "332", "dudley", &measure);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("add --update"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().lines().count(),
        text.lines().count()
    );

    let mut update = measure.to_vec();
    update.push("--update");
    let updated = import_dfe(dir.path(), &next, "332", "dudley", &update);
    assert!(updated.status.success(), "{}", stderr(&updated));
    let merged = std::fs::read_to_string(&file).unwrap();
    assert!(
        merged.contains("title: \"Children looked after per 10,000 children\""),
        "{merged}"
    );
    assert!(merged.contains("label: \"Dudley MBC\""), "{merged}");
    let rows: Vec<&str> = merged.lines().filter(|l| l.starts_with("  - [")).collect();
    assert_eq!(
        rows,
        [
            "  - [\"2020/21\", 67, 101]",
            "  - [\"2021/22\", 70, { suppressed: c }]",
            "  - [\"2022/23\", 71, 97]",
            "  - [\"2023/24\", 70, 94]",
        ],
        "{merged}"
    );
    let check = scrutiny(dir.path(), &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn the_new_site_can_be_previewed_with_serve() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrutiny(dir.path(), &["new", "site", "."]).status.success());
    assert!(
        scrutiny(dir.path(), &["new", "authority", "dudley"])
            .status
            .success()
    );
    assert!(
        scrutiny(
            dir.path(),
            &[
                "new",
                "report",
                "dudley",
                "update",
                "--meeting",
                "2024-07-18"
            ]
        )
        .status
        .success()
    );
    let server = common::start(dir.path(), &[]);
    let (status, body) = common::get(server.port, "/dudley/2024-07-18-scrutiny/update/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Draft — not for publication."),
        "serve previews the new draft"
    );
}

#[test]
fn a_new_report_has_the_standard_sections_of_a_committee_report_with_notes_that_do_not_publish() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrutiny(dir.path(), &["new", "site", "."]).status.success());
    assert!(
        scrutiny(dir.path(), &["new", "authority", "dudley"])
            .status
            .success()
    );
    let made = scrutiny(
        dir.path(),
        &[
            "new",
            "report",
            "dudley",
            "update",
            "--meeting",
            "2024-07-18",
        ],
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let text =
        std::fs::read_to_string(dir.path().join("content/dudley/reports/update.md")).unwrap();
    assert!(text.contains("# lead_member: "), "{text}");
    assert!(text.contains("authors:                        # REPLACE with the contact officer"));
    let sections = [
        "Purpose of report",
        "Recommendations",
        "Reasons for the recommendations",
        "Options considered and rejected",
        "Financial implications",
        "Legal implications",
        "Risk management",
        "Equality implications",
        "Climate change implications",
        "Consultation",
    ];
    let mut at = 0;
    for section in sections {
        let heading = format!("\n## {section}\n\n<!-- ");
        let found = text[at..]
            .find(&heading)
            .unwrap_or_else(|| panic!("{section}, after the one before, with a note: {text}"));
        at += found + heading.len();
    }
    assert!(text.contains("# background_papers:"));
    let built = scrutiny(dir.path(), &["build", "--drafts"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = std::fs::read_to_string(
        dir.path()
            .join("output-preview/dudley/2024-07-18-scrutiny/update/index.html"),
    )
    .unwrap();
    for section in sections {
        assert!(page.contains(&format!(">{section}</h2>")), "{section}");
    }
    // The notes are for the author: none reaches the page, and none is a warning.
    assert!(!page.contains("<!--"), "{page}");
    assert!(!page.contains("finance officer"), "{page}");
    assert!(!stderr(&built).contains("raw HTML"), "{}", stderr(&built));
}
