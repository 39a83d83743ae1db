//! Nothing reaches outside `content/`: paths in fields and blocks that lead out of the
//! authority's folder, by `../`, an absolute path or a symlink, are errors that name the file.

mod common;

use common::{scrutiny, site_copy, stderr};

fn replace_in(site: &std::path::Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

const REPORT: &str = "content/testa/reports/update.md";

#[test]
fn appendix_file_and_images_are_published_with_format_and_size() {
    let site = site_copy("basic");
    assert!(scrutiny(site.path(), &["build"]).status.success());
    let out = site.path().join("output");
    assert!(out.join("testa/assets/cost-tracker.csv").is_file());
    assert!(out.join("testa/assets/logo.svg").is_file());
    let html = std::fs::read_to_string(out.join("testa/2023-07-19-cs/update/index.html")).unwrap();
    assert!(
        html.contains(
            "Cost avoidance tracker</a> <span class=\"file-meta\">(CSV, 34 bytes)</span>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"../../../testa/assets/logo.svg\""),
        "{html}"
    );
}

#[test]
fn an_appendix_path_climbing_out_of_the_folder_is_an_error() {
    let site = site_copy("basic");
    replace_in(
        site.path(),
        REPORT,
        "file: assets/cost-tracker.csv",
        "file: ../../site.yaml",
    );
    let output = scrutiny(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("content/testa/reports/update.md:18:"),
        "{message}"
    );
    assert!(message.contains("climbs out of the folder"), "{message}");
}

#[test]
fn an_absolute_image_path_is_an_error() {
    let site = site_copy("basic");
    replace_in(
        site.path(),
        REPORT,
        "](assets/logo.svg)",
        "](/etc/hostname)",
    );
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("the image cannot be shown: `/etc/hostname` is an absolute path"),
        "{message}"
    );
}

#[test]
fn an_image_from_another_host_is_an_error() {
    let site = site_copy("basic");
    replace_in(
        site.path(),
        REPORT,
        "](assets/logo.svg)",
        "](https://cdn.example.com/logo.svg)",
    );
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("is loaded from another site"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_authority_folder_is_an_error_and_is_not_published() {
    let site = site_copy("basic");
    let secret = site.path().join("secret.txt");
    std::fs::write(&secret, "SYMLINKCANARY").unwrap();
    std::os::unix::fs::symlink(&secret, site.path().join("content/testa/assets/secret.txt"))
        .unwrap();
    replace_in(
        site.path(),
        REPORT,
        "file: assets/cost-tracker.csv",
        "file: assets/secret.txt",
    );
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("content/testa/assets/secret.txt"),
        "{message}"
    );
    assert!(
        message.contains("outside the authority's folder"),
        "{message}"
    );
    assert!(!site.path().join("output").exists());
}

#[test]
fn an_unquoted_colour_is_explained() {
    let site = site_copy("basic");
    let authority = site.path().join("content/testa/authority.yaml");
    let text = std::fs::read_to_string(&authority).unwrap();
    std::fs::write(&authority, format!("{text}colour: #12436D\n")).unwrap();
    let output = scrutiny(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("YAML reads an unquoted # as the start of a comment"),
        "{message}"
    );
    assert!(
        message.contains("content/testa/authority.yaml:5:"),
        "{message}"
    );
}
