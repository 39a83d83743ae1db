//! Real-browser tests: search typed into the page and a result followed; keyboard access with
//! visible focus. They need Chromium and playwright-core (installed by `.ci/run`); without them
//! they are skipped on a developer's machine, and fail in CI (where `CI` is set).

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{project_root, scrutiny, site_copy, stderr};

fn browser_tools() -> Option<PathBuf> {
    let prefix = std::env::var_os("ORACLES_PREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join(".oracles"));
    let chromium = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let ready = prefix.join("node_modules/playwright-core").is_dir() && chromium.exists();
    if ready {
        return Some(prefix);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "browser tests need Chromium and playwright-core in {}: run ../shared/oracles/install.sh {}",
        prefix.display(),
        prefix.display()
    );
    eprintln!(
        "skipped: Chromium or playwright-core is not installed (run .ci/run to install them)"
    );
    None
}

#[test]
fn search_finds_a_report_and_keyboard_users_can_reach_everything() {
    let Some(prefix) = browser_tools() else {
        return;
    };
    let site = site_copy("basic");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let result = Command::new("node")
        .arg(project_root().join("tests/browser/site.mjs"))
        .arg(site.path().join("output"))
        .arg("testa/2023-07-19-cs/update/index.html")
        .arg("safeguarding")
        .env("ORACLES_PREFIX", &prefix)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{report}");
    assert!(report.contains("7 passed, 0 failed"), "{report}");
}

/// The report pages of a built site whose source holds a word with the stem of `word`.
fn pages_saying(site: &std::path::Path, word: &str) -> Vec<String> {
    use scrutiny::output::search::{term, words};
    let wanted = term(word);
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(project_root().join("content")).sort_by_file_name() {
        let entry = entry.expect("content is readable");
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("report is readable");
        if !words(&text).any(|w| term(w) == wanted) {
            continue;
        }
        let authority = entry
            .path()
            .parent()
            .and_then(|p| p.parent())
            .expect("authority");
        let authority = authority.file_name().expect("name").to_string_lossy();
        let slug = entry.path().file_stem().expect("slug").to_string_lossy();
        for meeting in std::fs::read_dir(site.join(authority.as_ref())).expect("authority page") {
            let page = meeting
                .expect("meeting")
                .path()
                .join(slug.as_ref())
                .join("index.html");
            if page.is_file() {
                let relative = page.strip_prefix(site).expect("inside the site");
                pages.push(relative.to_string_lossy().into_owned());
            }
        }
    }
    pages
}

#[test]
fn search_finds_forms_of_a_word_links_to_the_paragraph_highlights_and_filters() {
    let Some(prefix) = browser_tools() else {
        return;
    };
    let out = tempfile::tempdir().expect("temporary folder");
    let site = out.path().join("site");
    let output = scrutiny(
        &project_root(),
        &["build", "--output", site.to_str().expect("path")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = pages_saying(&site, "inspection");
    assert!(expected.len() >= 3, "{expected:?}");
    let result = Command::new("node")
        .arg(project_root().join("tests/browser/search.mjs"))
        .arg("check")
        .arg(&site)
        .arg("inspections")
        .arg("Dudley")
        .args(&expected)
        .env("ORACLES_PREFIX", &prefix)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{report}");
    assert!(report.contains("9 passed, 0 failed"), "{report}");
}
