//! The mistakes a council officer who knows Word makes in a first report, each a small site:
//! `tests/fixtures/mistakes/<case>/` holds the files the case changes in the shared base site
//! (`mistakes/base/`) and, in `expected`, every problem `check` must name, by its place
//! (`file:line:column`) and the words that say what is wrong and what to do. Each case runs
//! through the real binary; every message is also held to the house rules for an officer's
//! words: no Rust type names, no `[0]`, no "variant", no "token", no line wider than a
//! terminal.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, read_tree, scrutiny, stderr};

fn mistakes() -> PathBuf {
    common::fixture("mistakes")
}

/// The base site with a case's files written over it.
fn case_site(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&mistakes().join("base"), dir.path());
    copy_tree(&mistakes().join(case), dir.path());
    std::fs::remove_file(dir.path().join("expected")).expect("a case has its expectations");
    dir
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(mistakes())
        .expect("the corpus is there")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "base")
        .collect();
    cases.sort();
    cases
}

/// What a case expects: the exit code, and each problem's place with words it must hold.
struct Expected {
    exit: i32,
    problems: Vec<(String, Vec<String>)>,
}

fn expected(case: &str) -> Expected {
    let text = std::fs::read_to_string(mistakes().join(case).join("expected"))
        .unwrap_or_else(|_| panic!("{case} has an expected file"));
    let mut exit = 1;
    let mut problems = Vec::new();
    for entry in text.split("\n\n") {
        let mut lines = entry
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty());
        let Some(mut place) = lines.next() else {
            continue;
        };
        if let Some(code) = place.strip_prefix("exit: ") {
            exit = code.parse().expect("an exit code");
            match lines.next() {
                Some(next) => place = next,
                None => continue,
            }
        }
        problems.push((place.to_owned(), lines.map(str::to_owned).collect()));
    }
    Expected { exit, problems }
}

/// The problems `check` printed, one block each.
fn blocks(output: &str) -> Vec<&str> {
    output
        .split("\n\n")
        .filter(|b| b.contains("\n  --> "))
        .collect()
}

fn place_of(block: &str) -> &str {
    block
        .lines()
        .find_map(|line| line.strip_prefix("  --> "))
        .unwrap_or_default()
}

/// Words an officer should never meet in a message.
const JARGON: [&str; 12] = [
    "[0]",
    "variant",
    "token",
    "invalid type",
    "struct ",
    "expected a boolean",
    "u32",
    "i64",
    "f64",
    "mapping values",
    "serde",
    "scalar",
];

fn house_rules(case: &str, output: &str) -> Vec<String> {
    let mut broken = Vec::new();
    for block in blocks(output) {
        let words: String = block
            .lines()
            .filter(|line| !line.contains(" | ") && !line.ends_with(" |"))
            .collect::<Vec<_>>()
            .join("\n");
        for jargon in JARGON {
            if words.contains(jargon) {
                broken.push(format!("{case}: `{jargon}` in\n{block}"));
            }
        }
        for line in block.lines() {
            if let Some((_, quoted)) = line.split_once(" | ")
                && quoted.chars().count() > 102
            {
                broken.push(format!(
                    "{case}: a quoted line wider than 100 characters:\n{line}"
                ));
            }
        }
    }
    broken
}

#[test]
fn every_mistake_is_named_at_its_place_in_an_officers_words() {
    let mut failures = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 20, "{cases:?}");
    for case in &cases {
        let site = case_site(case);
        let output = scrutiny(site.path(), &["check"]);
        let printed = stderr(&output);
        let expected = expected(case);
        if output.status.code() != Some(expected.exit) {
            failures.push(format!(
                "{case}: exit code {:?}, not {}:\n{printed}",
                output.status.code(),
                expected.exit
            ));
        }
        let found = blocks(&printed);
        if found.len() != expected.problems.len() {
            failures.push(format!(
                "{case}: {} problems, not {}:\n{printed}",
                found.len(),
                expected.problems.len()
            ));
        }
        for (place, words) in &expected.problems {
            let at_place: Vec<&&str> = found.iter().filter(|b| place_of(b) == place).collect();
            let matched = at_place
                .iter()
                .any(|block| words.iter().all(|w| block.contains(w.as_str())));
            if !matched {
                failures.push(format!(
                    "{case}: no problem at {place} saying {words:?}; at that place:\n{}\n--- all:\n{printed}",
                    at_place.iter().map(|b| **b).collect::<Vec<_>>().join("\n\n")
                ));
            }
        }
        failures.extend(house_rules(case, &printed));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n========\n\n"));
}

#[test]
fn the_base_site_has_no_problems() {
    let output = scrutiny(&mistakes().join("base"), &["check", "--strict"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("0 errors, 0 warnings"));
}

fn file(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).expect("the file is there")
}

#[test]
fn check_fix_repairs_what_it_can_and_a_second_check_is_clean() {
    let site = case_site("everything-check-fix-repairs");
    let root = site.path();
    let before = read_tree(root);
    // Without --fix, nothing is written.
    assert_eq!(scrutiny(root, &["check"]).status.code(), Some(1));
    assert_eq!(read_tree(root), before);

    let fixed = scrutiny(root, &["check", "--fix"]);
    let printed = stderr(&fixed);
    assert!(fixed.status.success(), "{printed}");
    assert!(
        printed.contains("fixed 8 problems in content/redcar/reports/update.md"),
        "{printed}"
    );
    assert!(printed.contains("0 errors, 0 warnings"), "{printed}");

    let again = scrutiny(root, &["check", "--strict"]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains("0 errors, 0 warnings"));

    let report = file(root, "content/redcar/reports/update.md");
    for repaired in [
        "title: \"Children’s Services Update\"\n",
        "wards:\n  - All\n",
        "\nThis report updates the committee",
        "\nThis is the fourth paragraph, as typed in Word,\nand it runs onto a second line.\n",
        "\nAnd a fifth.\n\nAnd a sixth, straight after.\n",
        "\nThe Government published its strategy in 2023.\n",
        "| Team | Workers | Vacancies |\n|---|---|---|\n| Assessment | 12 | 2 |\n",
        "```chart\ndata: caseloads\ntype: line",
        "```chart\ndata: caseloads\ntype: bar",
    ] {
        assert!(report.contains(repaired), "{repaired:?} in:\n{report}");
    }
    assert!(file(root, "content/redcar/data/caseloads.yaml").contains("  - [2023-11, 1019, 96]\n"));
    assert!(
        file(root, "content/redcar/authority.yaml")
            .contains("short_name: \"Redcar and Cleveland\"\n")
    );

    // The paragraphs are numbered as the author meant, straight through.
    let build = scrutiny(root, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = file(
        root,
        "output/redcar/2024-07-18-childrens-scrutiny/update/index.html",
    );
    for number in 1..=5 {
        assert!(
            page.contains(&format!("id=\"para-{number}\"")),
            "paragraph {number}"
        );
    }
    assert!(!page.contains("id=\"para-6\""));
    assert!(
        !page.contains("<li>This is the fourth") && !page.contains("<li>This report"),
        "no list is left of the typed numbers"
    );
}

#[test]
fn a_public_build_refuses_what_scrutiny_new_wrote_and_a_preview_warns_of_it() {
    let site = case_site("placeholders");
    let root = site.path();
    let refused = scrutiny(root, &["build"]);
    assert_eq!(refused.status.code(), Some(1));
    let printed = stderr(&refused);
    for (place, words) in [
        (
            "content/site.yaml:2:11",
            "error: the site's address, base_url, is still the example",
        ),
        (
            "content/site.yaml:4:12",
            "error: the accessibility contact is still the example",
        ),
        (
            "content/redcar/reports/update.md:8:13",
            "error: the contact officer's name is still the example",
        ),
        (
            "content/redcar/reports/update.md:14:10",
            "error: the summary is still the example",
        ),
        (
            "content/redcar/reports/update.md:23:1",
            "error: this paragraph is still the example",
        ),
    ] {
        assert!(
            blocks(&printed)
                .iter()
                .any(|b| place_of(b) == place && b.contains(words)),
            "{words} at {place} in:\n{printed}"
        );
    }
    assert!(!root.join("output").exists());

    // Given its address on the command line, the site is refused only for the rest.
    let given = scrutiny(
        root,
        &[
            "build",
            "--base-url",
            "https://www.redcar-cleveland.gov.uk/",
        ],
    );
    assert_eq!(given.status.code(), Some(1));
    assert!(!stderr(&given).contains("error: the site's address"));
    assert!(stderr(&given).contains("error: the accessibility contact"));

    // A preview is built, with the same problems as warnings.
    let preview = scrutiny(root, &["build", "--drafts"]);
    assert!(preview.status.success(), "{}", stderr(&preview));
    assert!(stderr(&preview).contains("warning: the contact officer's name is still the example"));

    // A draft is never published, so a public build does not refuse it for its examples.
    let report = root.join("content/redcar/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("status: final", "status: draft")).unwrap();
    let site_yaml = root.join("content/site.yaml");
    std::fs::write(
        &site_yaml,
        "title: Papers\nbase_url: https://www.redcar-cleveland.gov.uk/\n",
    )
    .unwrap();
    let built = scrutiny(root, &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
}
