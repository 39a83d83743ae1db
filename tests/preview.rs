//! A preview is never stale: after each of a random series of edits (reports' text and their
//! committee, meeting, item, status and exempt fields, datasets, charts of another council's
//! dataset, `meetings.yaml`, dashboards, assets, authority settings, site settings, the theme;
//! renames, additions, deletions, a broken file and its fix), the files the preview holds are
//! exactly those a full build of the content as it now stands gives, its warnings are the
//! build's, and a build that fails leaves the preview's files as they were and names the
//! build's errors.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scrutiny::render::Audience;
use scrutiny::serve::preview::Preview;

/// The sample site, with the boundary fixture's council (drafts, exempt reports and appendices)
/// and the basic fixture's (meetings.yaml, assets) beside its four authorities.
fn mixed_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &common::project_root().join("content"),
        &dir.path().join("content"),
    );
    for (fixture, authority) in [("boundary", "council"), ("basic", "testa")] {
        common::copy_tree(
            &common::fixture(fixture).join("content").join(authority),
            &dir.path().join("content").join(authority),
        );
    }
    dir
}

/// A small deterministic random number generator (xorshift), so a failure can be replayed.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn files_in(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .filter(|p| !p.components().any(|c| c.as_os_str() == "assets"))
        .collect();
    files.sort();
    files
}

fn replace_once(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} is not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Replaces the first line of `path` that starts with `start` by `line`.
fn replace_line(path: &Path, start: &str, line: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap()
        .to_owned();
    replace_once(path, &old, line);
}

/// Makes one random edit; returns what it did and the paths it touched.
fn edit(
    root: &Path,
    random: &mut Random,
    step: usize,
    broken: &mut Option<(PathBuf, String)>,
) -> (String, Vec<PathBuf>) {
    if let Some((path, original)) = broken.take() {
        std::fs::write(&path, original).unwrap();
        return (format!("fix {}", path.display()), vec![path]);
    }
    let content = root.join("content");
    let reports = files_in(&content, "md");
    let datasets: Vec<PathBuf> = files_in(&content, "yaml")
        .into_iter()
        .filter(|p| p.parent().is_some_and(|d| d.ends_with("data")))
        .collect();
    match random.below(20) {
        0 | 1 => {
            let report = random.pick(&reports).clone();
            let mut text = std::fs::read_to_string(&report).unwrap();
            text.push_str(&format!("\nA paragraph added in step {step}.\n"));
            std::fs::write(&report, text).unwrap();
            (format!("append to {}", report.display()), vec![report])
        }
        2 => {
            let report = random.pick(&reports).clone();
            replace_line(
                &report,
                "title:",
                &format!("title: Retitled in step {step}"),
            );
            (format!("retitle {}", report.display()), vec![report])
        }
        3 | 4 => {
            let dataset = random.pick(&datasets).clone();
            let text = std::fs::read_to_string(&dataset).unwrap();
            let rows: Vec<&str> = text
                .lines()
                .filter(|l| {
                    l.trim_start().starts_with("- [") && l.contains(|c: char| c.is_ascii_digit())
                })
                .collect();
            if rows.is_empty() {
                return (
                    format!("nothing to change in {}", dataset.display()),
                    Vec::new(),
                );
            }
            let row = random.pick(&rows).to_string();
            let digit = row.rfind(|c: char| c.is_ascii_digit()).unwrap();
            let mut changed = row.clone();
            let new = if &row[digit..=digit] == "7" { "3" } else { "7" };
            changed.replace_range(digit..=digit, new);
            replace_once(&dataset, &row, &changed);
            (
                format!("change a value in {}", dataset.display()),
                vec![dataset],
            )
        }
        5 => {
            let report = random.pick(&reports).clone();
            let renamed = report.with_file_name(format!("renamed-{step}.md"));
            std::fs::rename(&report, &renamed).unwrap();
            (
                format!("rename {}", report.display()),
                vec![report, renamed],
            )
        }
        6 => {
            let report = random.pick(&reports).clone();
            let copy = report.with_file_name(format!("added-{step}.md"));
            std::fs::copy(&report, &copy).unwrap();
            (format!("copy {}", report.display()), vec![copy])
        }
        7 if reports.len() > 4 => {
            let report = random.pick(&reports).clone();
            std::fs::remove_file(&report).unwrap();
            (format!("delete {}", report.display()), vec![report])
        }
        8 => {
            let dataset = random.pick(&datasets).clone();
            let original = std::fs::read_to_string(&dataset).unwrap();
            std::fs::write(&dataset, original.replacen("rows:", "rows: [", 1)).unwrap();
            *broken = Some((dataset.clone(), original));
            (format!("break {}", dataset.display()), vec![dataset])
        }
        9 => {
            let authorities: Vec<PathBuf> = files_in(&content, "yaml")
                .into_iter()
                .filter(|p| p.ends_with("authority.yaml"))
                .collect();
            let authority = random.pick(&authorities).clone();
            replace_line(&authority, "name:", &format!("name: Council {step}"));
            (
                format!("rename the council in {}", authority.display()),
                vec![authority],
            )
        }
        10 => {
            let css = root.join("themes/default/static/extra.css");
            std::fs::create_dir_all(css.parent().unwrap()).unwrap();
            std::fs::write(&css, format!("/* step {step} */\n")).unwrap();
            let site = content.join("site.yaml");
            replace_line(
                &site,
                "title:",
                &format!("title: Scrutiny papers, step {step}"),
            );
            ("change the theme and site.yaml".into(), vec![css, site])
        }
        11..=19 => field_edit(root, random, step, broken),
        _ => unreachable!(),
    }
}

/// The first line of `path` that starts with `start`, if any.
fn line_of(path: &Path, start: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .find(|l| l.starts_with(start))
        .map(str::to_owned)
}

/// Puts `line` into a report's front matter, after its title.
fn add_front_line(report: &Path, line: &str) {
    let title = line_of(report, "title:").unwrap();
    replace_once(report, &title, &format!("{title}\n{line}"));
}

/// An edit of a field the pages read beside the reports' text: meetings, a report's
/// committee, meeting, item, status or exempt field, an asset, a dashboard, a chart of another
/// council's dataset.
fn field_edit(
    root: &Path,
    random: &mut Random,
    step: usize,
    broken: &mut Option<(PathBuf, String)>,
) -> (String, Vec<PathBuf>) {
    let content = root.join("content");
    let reports = files_in(&content, "md");
    let report = random.pick(&reports).clone();
    let meetings = content.join("council/meetings.yaml");
    match random.below(9) {
        0 => {
            replace_line(
                &meetings,
                "    venue:",
                &format!("    venue: Room {step}, Town Hall"),
            );
            ("move a meeting in meetings.yaml".into(), vec![meetings])
        }
        1 => {
            let original = std::fs::read_to_string(&meetings).unwrap();
            let cancelled = "    cancelled: The meeting was cancelled.";
            let text = if original.contains(cancelled) {
                original.replacen(&format!("\n{cancelled}"), "", 1)
            } else {
                original.replacen(
                    "    time: 6.00pm",
                    &format!("    time: 6.00pm\n{cancelled}"),
                    1,
                )
            };
            std::fs::write(&meetings, text).unwrap();
            ("cancel or restore a meeting".into(), vec![meetings])
        }
        2 => {
            match line_of(&report, "item:") {
                Some(item) => replace_once(&report, &item, &format!("item: \"{}\"", step + 10)),
                None => add_front_line(&report, &format!("item: \"{}\"", step + 10)),
            }
            (
                format!("renumber the item of {}", report.display()),
                vec![report],
            )
        }
        3 => {
            match line_of(&report, "status:") {
                Some(status) if status.contains("draft") => {
                    replace_once(&report, &status, "status: final");
                }
                Some(status) => replace_once(&report, &status, "status: draft"),
                None => add_front_line(&report, "status: draft"),
            }
            (
                format!("change the status of {}", report.display()),
                vec![report],
            )
        }
        4 => {
            match line_of(&report, "exempt:") {
                Some(exempt) => replace_once(&report, &exempt, "exempt: false"),
                None => add_front_line(&report, "exempt: 3"),
            }
            (
                format!("make {} exempt or not", report.display()),
                vec![report],
            )
        }
        5 => {
            let original = std::fs::read_to_string(&report).unwrap();
            let committee = line_of(&report, "committee:").unwrap();
            replace_once(&report, &committee, "committee: no-such-committee");
            *broken = Some((report.clone(), original));
            (
                format!("mistype the committee of {}", report.display()),
                vec![report],
            )
        }
        6 => {
            let meeting = line_of(&report, "meeting:").unwrap();
            replace_once(&report, &meeting, "meeting: 2024-01-15");
            (
                format!("move {} to another meeting", report.display()),
                vec![report],
            )
        }
        7 => {
            let asset = content.join("testa/assets/cost-tracker.csv");
            let mut text = std::fs::read_to_string(&asset).unwrap();
            text.push_str(&format!("Step {step},{step}\n"));
            std::fs::write(&asset, text).unwrap();
            let dudley = content.join("dudley/authority.yaml");
            replace_once(
                &dudley,
                "title: \"Social worker vacancy",
                &format!("title: \"Step {step}: Social worker vacancy"),
            );
            (
                "change an asset and a dashboard".into(),
                vec![asset, dudley],
            )
        }
        _ => {
            let mut text = std::fs::read_to_string(&report).unwrap();
            text.push_str(&format!(
                "\n```chart\ndata: dudley/improvement-workforce\ntype: bar\nx: measure\ny: rate\ntitle: Dudley's workforce, step {step}\n```\n"
            ));
            std::fs::write(&report, text).unwrap();
            (
                format!("chart another council's dataset in {}", report.display()),
                vec![report],
            )
        }
    }
}

fn as_map(preview: &Preview) -> BTreeMap<String, Vec<u8>> {
    preview
        .files()
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect()
}

fn assert_same(preview: &Preview, root: &Path, audience: Audience, what: &str) {
    let (outcome, files) = scrutiny::render_in_memory(root, audience, None);
    if outcome.has_errors() {
        return;
    }
    let expected: BTreeMap<String, Vec<u8>> =
        files.into_iter().map(|f| (f.path, f.bytes)).collect();
    let got = as_map(preview);
    let missing: Vec<&String> = expected.keys().filter(|k| !got.contains_key(*k)).collect();
    let extra: Vec<&String> = got.keys().filter(|k| !expected.contains_key(*k)).collect();
    let differ: Vec<&String> = expected
        .iter()
        .filter(|(k, v)| got.get(*k).is_some_and(|g| g != *v))
        .map(|(k, _)| k)
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "after {what}: missing {missing:?}, extra {extra:?}, different {differ:?}"
    );
    let copies: BTreeMap<String, PathBuf> = outcome.rendered.unwrap().copies;
    assert_eq!(preview.copies(), &copies, "after {what}");
}

/// The preview's overlay (`text`: its errors, or its warnings) names the problems a full build
/// finds of that kind: each by its message, every one of them when exempt papers are shown,
/// and otherwise those of exempt papers counted.
fn assert_same_problems(
    outcome: &scrutiny::Outcome,
    text: &str,
    errors: bool,
    audience: Audience,
    what: &str,
) {
    let mut expected: Vec<&scrutiny::diagnostic::Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error() == errors)
        .collect();
    expected.dedup();
    let label = if errors { "error: " } else { "warning: " };
    let shown = text.lines().filter(|l| l.starts_with(label)).count();
    let hidden: usize = text
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .filter(|l| l.contains("in exempt papers"))
        .filter_map(|l| l.split(" ").next()?.parse::<usize>().ok())
        .sum();
    let shown = shown - usize::from(errors && hidden > 0);
    assert_eq!(
        shown + hidden,
        expected.len(),
        "after {what}: the preview shows {shown} and hides {hidden}, a build finds {}:\n{text}\n---\n{:#?}",
        expected.len(),
        expected.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    if audience.exempt {
        for diagnostic in expected {
            assert!(
                text.contains(&diagnostic.message),
                "after {what}: the preview does not say `{}`:\n{text}",
                diagnostic.message
            );
        }
    }
}

fn random_edits(audience: Audience, seed: u64, steps: usize) {
    let site = mixed_site();
    let root = site.path().canonicalize().unwrap();
    let mut preview = Preview::new(&root, audience);
    preview.rebuild().expect("the mixed site builds");
    assert_same(&preview, &root, audience, "the first build");
    let mut random = Random(seed);
    let mut broken = None;
    let (mut incremental, mut failed) = (0, 0);
    for step in 0..steps {
        let before = as_map(&preview);
        let (what, touched) = edit(&root, &mut random, step, &mut broken);
        for path in &touched {
            preview.note(path);
        }
        let result = preview.rebuild();
        let (outcome, _) = scrutiny::render_in_memory(&root, audience, None);
        match result {
            Ok(changes) => {
                incremental += usize::from(!changes.everything);
                assert!(
                    !outcome.has_errors(),
                    "step {step}, {what}: the preview built what a build refuses"
                );
                assert_same(&preview, &root, audience, &format!("step {step}, {what}"));
                let text = changes.warnings.unwrap_or_default();
                assert_same_problems(
                    &outcome,
                    &text,
                    false,
                    audience,
                    &format!("step {step}, {what}"),
                );
            }
            Err(failure) => {
                failed += 1;
                assert!(
                    outcome.has_errors(),
                    "step {step}, {what}: the preview failed:\n{}",
                    failure.text
                );
                assert_same_problems(
                    &outcome,
                    &failure.text,
                    true,
                    audience,
                    &format!("step {step}, {what}"),
                );
                assert_eq!(
                    as_map(&preview),
                    before,
                    "step {step}, {what}: a failed rebuild changed the files"
                );
            }
        }
    }
    // The series went through both kinds of rebuild, and through failures.
    assert!(
        incremental >= steps / 3,
        "only {incremental} of {steps} rebuilds were incremental"
    );
    assert!(failed >= 1, "no edit broke the build");
}

#[test]
fn a_preview_after_random_edits_is_what_a_full_build_gives() {
    random_edits(
        Audience {
            drafts: true,
            exempt: false,
        },
        0x5eed_2026,
        40,
    );
}

#[test]
fn a_preview_with_exempt_papers_after_random_edits_is_what_a_full_build_gives() {
    random_edits(
        Audience {
            drafts: true,
            exempt: true,
        },
        0xc0ff_ee11,
        25,
    );
}
