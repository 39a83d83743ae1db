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
