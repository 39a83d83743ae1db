//! The output folder is a boundary: a build never follows a link out of it, never deletes a
//! file or folder it did not make, keeps a link given as `--output`, and a build with drafts
//! never writes into the public output folder, whether or not it exists yet.

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::{read_tree, scrutiny, site_copy, stderr};

fn build(site: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    scrutiny(site, &all)
}

#[test]
fn a_link_given_as_output_is_written_through_and_kept() {
    let site = site_copy("basic");
    let web = tempfile::tempdir().unwrap();
    let root = web.path().join("www");
    std::fs::create_dir(&root).unwrap();
    let link = site.path().join("published");
    symlink(&root, &link).unwrap();

    for _ in 0..2 {
        let output = build(site.path(), &["--output", link.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(
            link.symlink_metadata().unwrap().file_type().is_symlink(),
            "the link is kept"
        );
        assert!(root.join("testa/index.html").is_file(), "written through");
        assert!(String::from_utf8_lossy(&output.stdout).contains("the folder it links to"));
    }
}

#[test]
fn files_the_build_did_not_make_are_never_deleted_even_through_a_link() {
    let site = site_copy("basic");
    let web = tempfile::tempdir().unwrap();
    let root = web.path().join("www");
    std::fs::create_dir(&root).unwrap();
    let link = site.path().join("published");
    symlink(&root, &link).unwrap();
    assert!(
        build(site.path(), &["--output", link.to_str().unwrap()])
            .status
            .success()
    );

    // The web team adds their own files to the published folder.
    std::fs::write(root.join(".htaccess"), b"Options -Indexes\n").unwrap();
    std::fs::create_dir(root.join("well-known")).unwrap();
    std::fs::write(root.join("well-known/security.txt"), b"Contact: x\n").unwrap();
    let before = read_tree(&root);

    let output = build(site.path(), &["--output", link.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("that scrutiny did not write"), "{message}");
    assert!(message.contains(".htaccess"), "{message}");
    assert!(message.contains("well-known"), "{message}");
    assert_eq!(read_tree(&root), before, "nothing in the folder changed");
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
}

#[test]
fn a_link_inside_the_previous_output_is_not_followed() {
    let site = site_copy("basic");
    assert!(build(site.path(), &[]).status.success());
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), b"precious").unwrap();
    symlink(elsewhere.path(), site.path().join("output/testa/elsewhere")).unwrap();

    let output = build(site.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("testa/elsewhere"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(elsewhere.path().join("precious.txt")).unwrap(),
        b"precious"
    );
    assert!(site.path().join("output/testa/index.html").is_file());
}

#[test]
fn an_output_written_by_an_earlier_version_is_left_for_the_officer_to_clear() {
    let site = site_copy("basic");
    let out = site.path().join("output");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(
        out.join(".scrutiny-output"),
        "This folder is written by scrutiny build and replaced whole by the next build.\n",
    )
    .unwrap();
    std::fs::write(out.join("notes.txt"), b"mine").unwrap();
    let output = build(site.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("earlier version of scrutiny"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
}

#[test]
fn the_marker_lists_every_file_and_a_rebuild_removes_only_those() {
    let site = site_copy("basic");
    assert!(build(site.path(), &[]).status.success());
    let out = site.path().join("output");
    let marker = std::fs::read_to_string(out.join(".scrutiny-output")).unwrap();
    assert!(marker.contains("build: public\n"), "{marker}");
    let files: Vec<String> = read_tree(&out)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|path| path != ".scrutiny-output")
        .collect();
    let listed: Vec<&str> = marker.split_once("files:\n").unwrap().1.lines().collect();
    assert_eq!(listed, files);
    assert!(build(site.path(), &[]).status.success());
    assert_eq!(read_tree(&out).len(), files.len() + 1);
}

/// A build with drafts into `output` must be refused, and must leave the public folder as it
/// was (missing, or holding the public build).
fn drafts_are_refused(site: &Path, output: &str) {
    let public = site.join("output");
    let before = public.exists().then(|| read_tree(&public));
    let result = build(site, &["--drafts", "--output", output]);
    assert_eq!(result.status.code(), Some(1), "--output {output}");
    let message = stderr(&result);
    assert!(message.contains("never writes to output/"), "{message}");
    assert!(message.contains("hint: leave out --output"), "{message}");
    assert_eq!(public.exists().then(|| read_tree(&public)), before);
    let draft = "testa/2023-07-19-cs/update/index.html";
    assert!(!public.join(draft).exists() && !public.join("preview").join(draft).exists());
}

fn with_a_draft() -> tempfile::TempDir {
    let site = site_copy("basic");
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("wards: [All]", "wards: [All]\nstatus: draft"),
    )
    .unwrap();
    site
}

#[test]
fn drafts_never_go_into_output_when_it_does_not_exist_yet() {
    let site = with_a_draft();
    for output in [
        "output",
        "output/preview",
        "./output/",
        "x/../output/preview",
    ] {
        drafts_are_refused(site.path(), output);
        assert!(
            !site.path().join("output").exists(),
            "{output}: output/ made"
        );
    }
    let absolute = site.path().join("output/preview");
    drafts_are_refused(site.path(), absolute.to_str().unwrap());
}

#[test]
fn drafts_never_go_into_output_when_it_exists() {
    let site = with_a_draft();
    assert!(build(site.path(), &[]).status.success());
    for output in ["output", "output/preview", "./output/preview/../"] {
        drafts_are_refused(site.path(), output);
    }
    // Nor through a link to it.
    symlink(site.path().join("output"), site.path().join("shortcut")).unwrap();
    drafts_are_refused(site.path(), "shortcut");
    drafts_are_refused(site.path(), "shortcut/preview");
}

#[test]
fn drafts_never_go_into_a_folder_that_holds_a_public_build() {
    let site = with_a_draft();
    let web = tempfile::tempdir().unwrap();
    let published = web.path().join("www");
    assert!(
        build(site.path(), &["--output", published.to_str().unwrap()])
            .status
            .success()
    );
    for output in [published.clone(), published.join("preview")] {
        let result = build(
            site.path(),
            &["--drafts", "--output", output.to_str().unwrap()],
        );
        assert_eq!(result.status.code(), Some(1));
        let message = stderr(&result);
        assert!(
            message.contains("never writes into a published site"),
            "{message}"
        );
        assert!(message.contains("holds a public build"), "{message}");
    }
    assert!(
        !published
            .join("testa/2023-07-19-cs/update/index.html")
            .exists()
    );
    // Drafts elsewhere are fine, and a drafts folder says so in its marker.
    let result = build(site.path(), &["--drafts"]);
    assert!(result.status.success(), "{}", stderr(&result));
    let preview = site.path().join("output-preview");
    assert!(
        preview
            .join("testa/2023-07-19-cs/update/index.html")
            .is_file()
    );
    let marker = std::fs::read_to_string(preview.join(".scrutiny-output")).unwrap();
    assert!(marker.contains("build: drafts\n"));
}

/// The inode of every file below `dir`, by path.
fn inodes(dir: &Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let name = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, e.metadata().unwrap().ino())
        })
        .collect()
}

#[test]
fn a_rebuild_leaves_the_files_that_are_the_same_and_ends_as_a_fresh_build_would() {
    let site = site_copy("basic");
    let out = site.path().join("output");
    assert!(build(site.path(), &[]).status.success());
    let first = inodes(&out);

    // Nothing changed: every file is the one written before.
    assert!(build(site.path(), &[]).status.success());
    let second = inodes(&out);
    let marker = ".scrutiny-output";
    let same = |a: &std::collections::BTreeMap<String, u64>,
                b: &std::collections::BTreeMap<String, u64>| {
        a.iter()
            .filter(|(path, ino)| path.as_str() != marker && b.get(*path) == Some(ino))
            .count()
    };
    assert_eq!(
        same(&first, &second),
        first.len() - 1,
        "an unchanged rebuild rewrote files"
    );

    // One report's title changed, its dataset gone from the page: its pages change, the
    // rest stay, and the output is what a build into an empty folder writes.
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "title: Family Safeguarding Update",
            "title: Family Safeguarding Progress",
        ),
    )
    .unwrap();
    let report_page = second
        .keys()
        .find(|p| p.ends_with("/update/index.html"))
        .cloned()
        .expect("the report's page");
    assert!(build(site.path(), &[]).status.success());
    let third = inodes(&out);
    assert_ne!(
        third[&report_page], second[&report_page],
        "the changed page is written"
    );
    assert!(
        same(&second, &third) > 0,
        "files that did not change are left as they were"
    );
    let fresh = tempfile::tempdir().unwrap();
    let fresh_out = fresh.path().join("site");
    assert!(
        build(site.path(), &["--output", fresh_out.to_str().unwrap()])
            .status
            .success()
    );
    assert_eq!(read_tree(&out), read_tree(&fresh_out));
    let page = std::fs::read_to_string(out.join(&report_page)).unwrap();
    assert!(page.contains("Family Safeguarding Progress"));

    // Nothing is left beside the output.
    let beside: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".output."))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_rebuild_that_fails_leaves_every_file_of_the_previous_output_as_it_was() {
    let site = site_copy("basic");
    let out = site.path().join("output");
    assert!(build(site.path(), &[]).status.success());
    let before = read_tree(&out);
    let before_inodes = inodes(&out);
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("committee: cs", "committee: nosuchcommittee"),
    )
    .unwrap();
    let result = build(site.path(), &[]);
    assert!(!result.status.success());
    assert_eq!(read_tree(&out), before);
    assert_eq!(inodes(&out), before_inodes);
}
