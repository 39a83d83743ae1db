//! The council's own look: its colour and logo on its pages, its reports and the printed cover,
//! with text contrast kept at WCAG AA whatever colour it gives (a bright yellow and a dark navy).

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{fixture, project_root, scrutiny, stderr};

fn built() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temporary folder");
    let site = out.path().join("site");
    let output = scrutiny(
        &fixture("look"),
        &["build", "--output", site.to_str().expect("utf-8 path")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    (out, site)
}

fn read(site: &std::path::Path, page: &str) -> String {
    std::fs::read_to_string(site.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

#[test]
fn a_yellow_council_gets_dark_text_on_its_colour_and_a_darker_shade_for_text_on_white() {
    let (_out, site) = built();
    for page in [
        "testa/index.html",
        "testa/2023-07-19-cs/index.html",
        "testa/2023-07-19-cs/update/index.html",
        "testa/2023-07-19-cs/print.html",
    ] {
        let html = read(&site, page);
        assert!(
            html.contains("<style>:root{--council:#ffdd00;--council-on:#0b0c0c;--council-ink:#"),
            "{page} carries the council's colours"
        );
        assert!(!html.contains("--council-ink:#ffdd00"), "{page}");
    }
    let navy = read(&site, "testb/2023-07-19-cs/update/index.html");
    assert!(
        navy.contains(":root{--council:#12436d;--council-on:#ffffff;--council-ink:#12436d}"),
        "a dark colour is its own ink, with white text on it"
    );
    // Pages of the whole site belong to no council.
    assert!(!read(&site, "index.html").contains("--council:"));
}

#[test]
fn the_logo_is_on_the_council_page_its_reports_and_the_printed_cover() {
    let (_out, site) = built();
    for (page, src) in [
        ("testa/index.html", "../testa/assets/logo.svg"),
        (
            "testa/2023-07-19-cs/update/index.html",
            "../../../testa/assets/logo.svg",
        ),
        (
            "testa/2023-07-19-cs/print.html",
            "../../testa/assets/logo.svg",
        ),
    ] {
        let html = read(&site, page);
        assert!(
            html.contains(&format!("src=\"{src}\"")),
            "{page} shows the logo"
        );
    }
    let cover = read(&site, "testa/2023-07-19-cs/print.html");
    let cover = &cover[cover.find("print-cover").expect("a cover")..];
    assert!(
        cover.find("council-logo").expect("logo") < cover.find("id=\"pack-title\"").expect("title"),
        "the logo heads the printed cover"
    );
    assert!(site.join("testa/assets/logo.svg").is_file());
}

/// axe-core (the independent accessibility check) finds no contrast fault on a yellow council's
/// pages. Needs Chromium and the checks' node modules; skipped without them, except in CI.
#[test]
fn a_yellow_council_passes_the_accessibility_check() {
    let oracles = std::env::var_os("ORACLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("../shared/oracles"));
    let prefix = std::env::var_os("ORACLES_PREFIX")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join(".oracles"));
    let ready = oracles.join("a11y.mjs").is_file()
        && prefix.join("node_modules/axe-core").is_dir()
        && std::path::Path::new("/usr/bin/chromium").exists();
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "the accessibility check needs {} and {}",
            oracles.display(),
            prefix.display()
        );
        eprintln!("skipped: the accessibility check is not installed");
        return;
    }
    let (_out, site) = built();
    let result = Command::new("node")
        .arg(oracles.join("a11y.mjs"))
        .arg(&site)
        .env("ORACLES_PREFIX", &prefix)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    assert!(result.status.success(), "{report}");
    assert!(report.contains(" passed, 0 failed"), "{report}");
}
