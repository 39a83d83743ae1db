//! `scrutiny new`: from an empty folder to a site that builds, as a new user would go.

mod common;

use common::{scrutiny, stderr};

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
    let check = scrutiny(&site, &["check", "--strict"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stderr(&check).contains("0 errors, 0 warnings"));
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
