//! Search through the binary: what the index holds for the sample site, that no draft or
//! exempt text reaches it, and that the browser's word rules are the build's.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{project_root, read_tree_unpacked, scrutiny, site_copy, stderr, unpacked};
use scrutiny::output::search::{chunk_of, term, words};
use serde_json::Value;

/// An index file as the browser reads it (a `.json.gz` file unpacked).
fn json(path: &Path) -> Value {
    let bytes = std::fs::read(path).expect("index file");
    serde_json::from_slice(&unpacked(&path.to_string_lossy(), bytes)).expect("JSON")
}

/// The record of `word` in a built site's index.
fn record(output: &Path, word: &str) -> Value {
    let listing = json(&output.join("search/index.json"));
    let count = listing["terms"].as_u64().unwrap() as usize;
    let t = term(word);
    let chunk = json(&output.join(format!("search/terms/{}.json", chunk_of(&t, count))));
    chunk[&t].clone()
}

/// The report numbers a record lists, as the browser unpacks them.
fn numbers(record: &Value) -> Vec<usize> {
    use base64::Engine as _;
    let packed = record[1].as_str().unwrap();
    let engine = base64::engine::general_purpose::STANDARD;
    if let Some(bits) = packed.strip_prefix('*') {
        let bits = engine.decode(bits).unwrap();
        (0..bits.len() * 8)
            .filter(|n| bits[n / 8] & (1 << (n % 8)) != 0)
            .collect()
    } else {
        let mut last = 0;
        let (mut value, mut shift) = (0, 0);
        let mut out = Vec::new();
        for byte in engine.decode(packed).unwrap() {
            value |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 != 0 {
                shift += 7;
                continue;
            }
            last += value;
            out.push(last);
            (value, shift) = (0, 0);
        }
        out
    }
}

/// Every report's path, in the index's order.
fn report_paths(output: &Path) -> Vec<String> {
    let listing = json(&output.join("search/index.json"));
    let count = listing["documents"].as_u64().unwrap() as usize;
    let bundle = listing["bundle"].as_u64().unwrap() as usize;
    (0..count.div_ceil(bundle))
        .flat_map(|b| {
            let bundle = json(&output.join(format!("search/docs/{b}.json.gz")));
            bundle
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r[0].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The sample reports whose source holds a word with the same stem as `word`.
fn sample_reports_with(word: &str) -> BTreeSet<String> {
    let wanted = term(word);
    let mut found = BTreeSet::new();
    for entry in walkdir::WalkDir::new(project_root().join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        if words(&text).any(|w| term(w) == wanted) {
            let authority = entry.path().parent().unwrap().parent().unwrap();
            let slug = entry.path().file_stem().unwrap().to_string_lossy();
            found.insert(format!(
                "{}/{slug}",
                authority.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    found
}

fn build_sample() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let built = scrutiny(
        &project_root(),
        &[
            "build",
            "--output",
            out.path().join("site").to_str().unwrap(),
        ],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    out
}

#[test]
fn inspections_finds_every_report_that_says_inspection_at_its_paragraph() {
    let out = build_sample();
    let site = out.path().join("site");
    let paths = report_paths(&site);
    let record = record(&site, "inspections");
    let found: BTreeSet<String> = numbers(&record)
        .into_iter()
        .map(|n| {
            let parts: Vec<&str> = paths[n].split('/').collect();
            format!("{}/{}", parts[0], parts[2])
        })
        .collect();
    let expected = sample_reports_with("inspection");
    assert!(expected.len() >= 3, "{expected:?}");
    assert_eq!(found, expected);
    // The first page links to paragraphs (or sections without numbers) that exist, with
    // excerpts that hold the word.
    let first_page = record[3].as_array().unwrap();
    assert!(
        first_page
            .iter()
            .any(|r| r[4].as_str().unwrap().starts_with("para-"))
    );
    for result in first_page {
        let page = std::fs::read_to_string(site.join(result[1].as_str().unwrap())).unwrap();
        let anchor = result[4].as_str().unwrap();
        assert!(
            !anchor.is_empty() && page.contains(&format!("id=\"{anchor}\"")),
            "{result}"
        );
        let excerpt = result[6].as_str().unwrap();
        assert!(
            words(excerpt).any(|w| term(w) == term("inspection")),
            "{excerpt}"
        );
    }
}

#[test]
fn recruiting_finds_the_reports_that_say_recruit_recruitment_or_recruited() {
    let out = build_sample();
    let expected = sample_reports_with("recruiting");
    assert!(expected.len() >= 4, "{expected:?}");
    assert_eq!(
        numbers(&record(&out.path().join("site"), "recruiting")).len(),
        expected.len()
    );
}

#[test]
fn no_draft_or_exempt_text_reaches_any_search_file() {
    let site = site_copy("boundary");
    let built = scrutiny(site.path(), &["build"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let output = site.path().join("output");
    let files: Vec<(String, Vec<u8>)> = read_tree_unpacked(&output)
        .into_iter()
        .filter(|(path, _)| path.starts_with("search/"))
        .collect();
    assert!(files.len() > 3, "the index is written");
    assert!(
        files
            .iter()
            .any(|(path, bytes)| path.starts_with("search/docs/")
                && String::from_utf8_lossy(bytes).contains("publicaftermarker")),
        "the reports' text is read unpacked"
    );
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for canary in ["canary", "exempt item title"] {
            assert!(!text.contains(canary), "{path} holds {canary}");
        }
    }
    // Only the public report is listed, and its public text is found.
    assert_eq!(report_paths(&output).len(), 1);
    assert_eq!(numbers(&record(&output, "publicaftermarker")), [0]);
    // A preview lists the draft too, but never the exempt report.
    let preview = scrutiny(site.path(), &["build", "--drafts"]);
    assert!(preview.status.success(), "{}", stderr(&preview));
    let paths = report_paths(&site.path().join("output-preview"));
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert!(
        paths.iter().all(|p| !p.contains("exemptcanary")),
        "{paths:?}"
    );
}

/// Runs search.js's word rules in Node on `lines`, one result a line.
fn in_node(function: &str, lines: &[String]) -> Option<Vec<String>> {
    let node_ready = Command::new("node").arg("--version").output().is_ok();
    if !node_ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "the search word test needs Node"
        );
        eprintln!("skipped: Node is not installed");
        return None;
    }
    let script = format!(
        "const w = require({:?}); const lines = require('fs').readFileSync(0, 'utf8').split('\\n'); lines.pop(); process.stdout.write(lines.map((l) => {function}).join('\\n') + '\\n');",
        project_root()
            .join("themes/default/static/search.js")
            .to_string_lossy()
    );
    let mut child = Command::new("node")
        .arg("-e")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(input.as_bytes()).unwrap();
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(output.status.success());
    Some(
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn the_browser_splits_and_stems_words_as_the_build_does() {
    // Every word of the sample site, words the stemmer treats specially, and Snowball's own
    // English vocabulary where the stemmer's source is at hand.
    let mut vocabulary: BTreeSet<String> = BTreeSet::new();
    let mut texts = Vec::new();
    for entry in walkdir::WalkDir::new(project_root().join("content")).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            vocabulary.extend(words(&text).map(str::to_lowercase));
            texts.extend(text.lines().map(str::to_owned));
        }
    }
    for word in "skies dying news generously communism arsenal inning proceeding sky yelled yyy sayying ties cries gas gaps kiwis caresses hoping hopping luxuriating fluently agreed feed bled succeeded".split(' ') {
        vocabulary.insert(word.to_owned());
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(registry) = home.map(|h| h.join("registry/src")) {
        for entry in walkdir::WalkDir::new(registry).max_depth(4) {
            let Ok(entry) = entry else { continue };
            if entry.file_name() == "voc_en.txt" {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                vocabulary.extend(text.lines().map(str::to_owned));
            }
        }
    }
    let vocabulary: Vec<String> = vocabulary
        .into_iter()
        .filter(|w| !w.is_empty() && !w.contains(char::is_whitespace))
        .collect();
    let Some(stems) = in_node("w.term(l)", &vocabulary) else {
        return;
    };
    let wrong: Vec<String> = vocabulary
        .iter()
        .zip(&stems)
        .filter(|(word, stem)| term(word) != **stem)
        .map(|(word, stem)| format!("{word}: build {}, browser {stem}", term(word)))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} differ: {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(20)]
    );
    // Words are split alike, and terms go to the same files.
    let split = in_node("w.spans(l).map((s) => s.word).join(' ')", &texts).unwrap();
    for (text, browser) in texts.iter().zip(&split) {
        assert_eq!(
            &words(text).collect::<Vec<_>>().join(" "),
            browser,
            "{text}"
        );
    }
    let files = in_node("w.chunkOf(l, 64)", &vocabulary).unwrap();
    for (word, file) in vocabulary.iter().zip(&files) {
        assert_eq!(chunk_of(word, 64).to_string(), *file, "{word}");
    }
}
