//! `scrutiny check` on broken copies of a fixture site: every bad input gets exit code 1 and a
//! message that names the file and line, and says what to do.

mod common;

use common::{scrutiny, site_copy, stderr};

/// Writes `text` to `file` in a copy of the basic fixture and runs `check`.
fn check_with(file: &str, text: &str) -> (Option<i32>, String) {
    let site = site_copy("basic");
    let path = site.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let output = scrutiny(site.path(), &["check"]);
    (output.status.code(), stderr(&output))
}

/// Replaces `from` by `to` in `file` of a copy of the basic fixture and runs `check`.
fn check_edit(file: &str, from: &str, to: &str) -> (Option<i32>, String) {
    let original = std::fs::read_to_string(common::fixture("basic").join(file)).unwrap();
    assert!(original.contains(from), "{from} is not in {file}");
    check_with(file, &original.replacen(from, to, 1))
}

fn assert_error(result: (Option<i32>, String), place: &str, words: &str) {
    let (code, message) = result;
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains(place), "expected {place} in:\n{message}");
    assert!(message.contains(words), "expected {words} in:\n{message}");
}

const REPORT: &str = "content/testa/reports/update.md";
const DATASET: &str = "content/testa/data/workers.yaml";
const AUTHORITY: &str = "content/testa/authority.yaml";

#[test]
fn yaml_syntax_error_in_front_matter_counts_lines_from_the_top_of_the_file() {
    assert_error(
        check_edit(
            REPORT,
            "title: Family Safeguarding Update",
            "title: Item 6: Update",
        ),
        "update.md:2:",
        "this value holds `: `, which YAML reads as the start of another field",
    );
}

#[test]
fn yaml_syntax_error_in_a_dataset() {
    assert_error(
        check_edit(
            DATASET,
            "  - [Substance misuse, 3.5, 3.5]",
            "  - [Substance misuse, 3.5, 3.5",
        ),
        "workers.yaml:",
        "this [ … ] list is not closed with `]`",
    );
}

#[test]
fn yaml_syntax_error_in_authority_yaml() {
    assert_error(
        check_edit(AUTHORITY, "  cs: Children Select", "  cs: Children: Select"),
        "authority.yaml:4:",
        "this value holds `: `, which YAML reads as the start of another field",
    );
}

#[test]
fn yaml_syntax_error_in_site_yaml() {
    assert_error(
        check_edit(
            "content/site.yaml",
            "title: Test scrutiny site",
            "title: [Test",
        ),
        "site.yaml:",
        "error",
    );
}

#[test]
fn yaml_syntax_error_in_meetings_yaml() {
    assert_error(
        check_with(
            "content/testa/meetings.yaml",
            "meetings:\n  - committee: cs\n    date: 2023-07-19\n    venue: \"Town Hall\n",
        ),
        "meetings.yaml:",
        "error",
    );
}

#[test]
fn a_missing_required_field_is_named() {
    assert_error(
        check_edit(REPORT, "committee: cs\n", ""),
        "update.md:2:1",
        "the front matter has no `committee`, which it needs",
    );
}

#[test]
fn an_impossible_date_is_explained() {
    assert_error(
        check_edit(REPORT, "meeting: 2023-07-19", "meeting: 2023-02-30"),
        "update.md:4:",
        "February 2023 has no day 30",
    );
}

#[test]
fn an_impossible_date_in_a_dataset_points_at_its_row() {
    assert_error(
        check_edit(
            "content/testa/data/plans.yaml",
            "  - [2020-12, 300, null]",
            "  - [2020-13, 300, null]",
        ),
        "plans.yaml:9:",
        "there is no month 13",
    );
}

#[test]
fn unterminated_front_matter() {
    assert_error(
        check_with(
            REPORT,
            "---\ntitle: A report\ncommittee: cs\nmeeting: 2023-07-19\n\nThe body.\n",
        ),
        "update.md:1:1",
        "the front matter is not closed",
    );
}

#[test]
fn missing_front_matter() {
    assert_error(
        check_with(REPORT, "## Purpose\n\nThe body.\n"),
        "update.md:1:1",
        "this report has no front matter",
    );
}

#[test]
fn an_empty_report() {
    assert_error(
        check_with(REPORT, ""),
        "update.md:1:1",
        "this report is empty",
    );
}

#[test]
fn a_file_that_is_not_utf8() {
    let site = site_copy("basic");
    std::fs::write(site.path().join(DATASET), b"title: Caf\xe9 figures\n").unwrap();
    let output = scrutiny(site.path(), &["check"]);
    assert_error(
        (output.status.code(), stderr(&output)),
        "workers.yaml:1:11",
        "this file is not UTF-8 text",
    );
}

#[test]
fn a_row_with_too_few_cells_points_at_the_row() {
    assert_error(
        check_edit(
            DATASET,
            "  - [Domestic abuse perpetrator workers, 2.2, 3.5]",
            "  - [Domestic abuse perpetrator workers, 2.2]",
        ),
        "workers.yaml:13:5",
        "row 3 has 2 cells, but the dataset has 3 columns",
    );
}

#[test]
fn text_in_a_number_column_points_at_the_row() {
    assert_error(
        check_edit(
            DATASET,
            "  - [Health workers, null, 4.5]",
            "  - [Health workers, TBC, 4.5]",
        ),
        "workers.yaml:14:22",
        "column `in_post` holds numbers, but this cell is the text \"TBC\"",
    );
}

#[test]
fn an_unknown_column_in_a_chart_suggests_the_nearest() {
    assert_error(
        check_edit(
            REPORT,
            "y: [in_post, establishment]",
            "y: [in_post, establishmnet]",
        ),
        "update.md:",
        "did you mean `establishment`?",
    );
}

#[test]
fn a_committee_the_authority_does_not_declare_suggests_the_nearest() {
    assert_error(
        check_edit(REPORT, "committee: cs", "committee: cz"),
        "update.md:3:12",
        "did you mean `cs`?",
    );
}

#[test]
fn a_report_file_name_that_is_not_a_web_address() {
    let site = site_copy("basic");
    std::fs::rename(
        site.path().join(REPORT),
        site.path().join("content/testa/reports/Family Update.md"),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["check"]);
    assert_error(
        (output.status.code(), stderr(&output)),
        "content/testa/reports/Family Update.md",
        "rename the file to family-update.md",
    );
}

#[test]
fn a_file_over_the_size_limit() {
    let big = format!(
        "title: Big\nsource: x\ncolumns: []\nrows: []\n# {}\n",
        "x".repeat(5 * 1024 * 1024)
    );
    assert_error(
        check_with(DATASET, &big),
        "workers.yaml",
        "more than the limit",
    );
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_crash() {
    let nested = format!(
        "title: Deep\nsource: x\ncolumns: []\nrows: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (code, message) = check_with(DATASET, &nested);
    assert_eq!(code, Some(1), "{message}");
    assert!(message.contains("workers.yaml"), "{message}");
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn a_template_error_in_a_sites_theme_names_the_template_and_line() {
    assert_error(
        check_with(
            "themes/default/templates/partials/footer.html",
            "<footer>\n<p>{{ page.site_title }</p>\n</footer>\n",
        ),
        "themes/default/templates/partials/footer.html:2:",
        "template error",
    );
}

#[test]
fn json_output_lists_every_problem_with_its_place() {
    let site = site_copy("basic");
    let path = site.path().join(REPORT);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("committee: cs", "committee: cz")
            .replace("data: workers\ntype: bar", "data: wrokers\ntype: bar"),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["check", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let problems: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let problems = problems.as_array().unwrap();
    assert!(problems.len() >= 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p["file"] == "content/testa/reports/update.md"
                && p["line"].as_u64().unwrap() > 0)
    );
}

#[test]
fn an_exempt_paragraph_outside_1_to_7_points_at_the_field() {
    assert_error(
        check_edit(
            REPORT,
            "summary: An update.",
            "summary: An update.\nexempt: 9",
        ),
        "update.md:11:",
        "is not a paragraph of Schedule 12A, which has paragraphs 1 to 7",
    );
}

#[test]
fn an_image_without_alt_text_is_an_error_at_its_line() {
    assert_error(
        check_edit(
            REPORT,
            "![The Test Council logo: white text on a dark blue box](assets/logo.svg)",
            "![](assets/logo.svg)",
        ),
        "update.md:57:1",
        "this image has no alt text",
    );
}

#[test]
fn a_broken_copy_of_the_sample_site_prints_all_its_faults_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::project_root().join("content"),
        &dir.path().join("content"),
    );
    let edit = |file: &str, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} not in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "content/dudley/data/fs-adult-workers.yaml",
        "  - [Health workers, null, 4.5]",
        "  - [Health workers, 4.5]",
    );
    edit(
        "content/walsall/reports/family-safeguarding-progress.md",
        "committee: children-overview-scrutiny",
        "committee: children-overview-scrutny",
    );
    edit(
        "content/blackpool/reports/family-safeguarding-model.md",
        "meeting: 2023-09-21",
        "meeting: 2023-09-31",
    );
    edit(
        "content/southampton/reports/family-safeguarding-model.md",
        "y: fte",
        "y: ftes",
    );
    edit(
        "content/dudley/authority.yaml",
        "colour: \"#00607A\"",
        "colour: #00607A",
    );
    let output = scrutiny(dir.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    for expected in [
        "content/dudley/data/fs-adult-workers.yaml:18:5",
        "did you mean `children-overview-scrutiny`?",
        "content/blackpool/reports/family-safeguarding-model.md:4:",
        "September 2023 has no day 31",
        "did you mean `fte`?",
        "YAML reads an unquoted # as the start of a comment",
    ] {
        assert!(
            message.contains(expected),
            "expected {expected} in:\n{message}"
        );
    }
}

#[test]
fn an_unquoted_comma_in_a_column_label_is_caught() {
    assert_error(
        check_edit(
            DATASET,
            "  - { id: in_post, label: In post, type: number }",
            "  - { id: in_post, label: In post per 10,000 workers, type: number }",
        ),
        "workers.yaml:8:42",
        "put the value in quotes: label: \"In post per 10,000 workers\"",
    );
}

#[test]
fn a_fault_in_an_exempt_appendix_is_found_though_it_is_never_published() {
    let site = site_copy("boundary");
    let file = "content/council/reports/public-report.md";
    let path = site.path().join(file);
    let original = std::fs::read_to_string(&path).unwrap();
    let from = "data: exemptcanarydata";
    assert!(original.contains(from));
    std::fs::write(&path, original.replacen(from, "data: exemptcanarydta", 1)).unwrap();
    assert_error(
        {
            let output = scrutiny(site.path(), &["check"]);
            (output.status.code(), stderr(&output))
        },
        &format!("{file}:45"),
        "exemptcanarydata",
    );
}

#[test]
fn a_final_report_without_a_contact_officer_is_asked_for_one() {
    let authors = "authors:\n  - { name: Jolene Slack, role: Report author, phone: \"01384 815876\", email: jolene.slack@dudley.gov.uk }\n";
    let (code, message) = check_edit(REPORT, authors, "");
    assert_eq!(code, Some(0), "a warning: {message}");
    assert!(
        message.contains("warning: this final report names no contact officer"),
        "{message}"
    );
    // At the title, when the front sheet has no status or authors to point at.
    assert!(
        message.contains("content/testa/reports/update.md:2:8"),
        "{message}"
    );
    assert!(message.contains("hint: name the officer the paper gives as its contact"));
    // An empty list is found where it is written.
    let (_, message) = check_edit(REPORT, authors, "status: final\nauthors: []\n");
    assert!(
        message.contains("content/testa/reports/update.md:8:10"),
        "{message}"
    );
    // A draft is not asked yet.
    let (_, message) = check_edit(REPORT, authors, "status: draft\n");
    assert!(!message.contains("contact officer"), "{message}");
}
