//! The CSV files a build publishes open safely in a spreadsheet: no cell starts like a formula
//! unless it is a plain number, and a CSV reader gets back every value as the author wrote it
//! (with the leading `'` that keeps a formula-like text a text). Run through the real binary.

mod common;

use common::{scrutiny, site_copy, stderr};
use proptest::prelude::*;

/// Whether a spreadsheet would run `text` as a formula (the OWASP list), written here apart
/// from the code under test.
fn starts_like_formula(text: &str) -> bool {
    let plain_number = text.parse::<f64>().is_ok()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c))
        && text.chars().any(|c| c.is_ascii_digit());
    text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !plain_number
}

/// What a spreadsheet user should see in the cell of `text`.
fn as_published(text: &str) -> String {
    if starts_like_formula(text) || text.starts_with(['＝', '＋', '－', '＠']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// A YAML double-quoted string for any text: every character but printable ASCII escaped.
fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            ' '..='~' if c != '"' && c != '\\' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// Every CSV file below `dir`, parsed: (path, records).
fn csv_files(dir: &std::path::Path) -> Vec<(String, Vec<Vec<String>>)> {
    common::read_tree(dir)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".csv"))
        .map(|(path, bytes)| {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(bytes.as_slice());
            let records = reader
                .records()
                .map(|r| {
                    let record = r.unwrap_or_else(|e| panic!("{path} is not valid CSV: {e}"));
                    record.iter().map(str::to_owned).collect()
                })
                .collect();
            (path, records)
        })
        .collect()
}

/// Builds the basic site with a dataset whose label and text cells are `texts` (the first
/// text is the label), charted by the report and compared by its measure; returns the
/// output folder's CSV files.
fn build_with_texts(texts: &[String]) -> Vec<(String, Vec<Vec<String>>)> {
    let site = site_copy("basic");
    let data = site.path().join("content/testa/data");
    let mut yaml = format!(
        "title: Cells\nsource: Generated\nmeasure: every-text\ncolumns:\n  - {{ id: name, label: {} }}\n  - {{ id: value, label: Value, type: number }}\nrows:\n",
        yaml_string(&texts[0])
    );
    for (index, text) in texts[1..].iter().enumerate() {
        let value = if index % 2 == 0 { "-2.5" } else { "1000" };
        yaml.push_str(&format!("  - [{}, {value}]\n", yaml_string(text)));
    }
    std::fs::write(data.join("cells.yaml"), yaml).unwrap();
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "## Appendix 1",
            "```table\ndata: cells\n```\n\n## Appendix 1",
        ),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    csv_files(&site.path().join("output"))
}

fn text_of_a_cell() -> impl Strategy<Value = String> {
    let starts = prop::sample::select(vec![
        "",
        "=",
        "+",
        "-",
        "@",
        "\t",
        "\r",
        "-2.5",
        "+1",
        "=HYPERLINK(\"x\")",
        "\"",
        "\n",
        "＝",
    ]);
    (
        starts,
        any::<String>(),
        prop::sample::select(vec!["", ",", "\r\n", "\""]),
    )
        .prop_map(|(start, middle, end)| format!("{start}{middle}{end}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn no_csv_cell_starts_like_a_formula_and_every_value_reads_back(
        texts in prop::collection::vec(text_of_a_cell(), 2..24)
    ) {
        let files = build_with_texts(&texts);
        for (path, records) in &files {
            for field in records.iter().flatten() {
                prop_assert!(!starts_like_formula(field), "{} has the cell {:?}", path, field);
            }
        }
        let (_, records) = files
            .iter()
            .find(|(path, _)| path == "testa/data/cells.csv")
            .expect("the dataset's CSV is published");
        prop_assert_eq!(records.len(), texts.len());
        prop_assert_eq!(&records[0], &vec![as_published(&texts[0]), "Value".to_owned()]);
        for (index, (record, text)) in records[1..].iter().zip(&texts[1..]).enumerate() {
            let value = if index % 2 == 0 { "-2.5" } else { "1000" };
            prop_assert_eq!(record, &vec![as_published(text), value.to_owned()]);
        }
        let compared = files
            .iter()
            .find(|(path, _)| path == "compare/data/every-text.csv")
            .expect("the comparison's CSV is published");
        for text in &texts[1..] {
            let published = as_published(text);
            prop_assert!(
                compared.1.iter().flatten().any(|field| *field == published),
                "{:?} is not in the comparison's CSV", published
            );
        }
    }
}

#[test]
fn import_dfe_keeps_a_formula_as_text_warns_and_the_csv_neutralises_it() {
    let dir = tempfile::tempdir().unwrap();
    assert!(scrutiny(dir.path(), &["new", "site", "."]).status.success());
    assert!(
        scrutiny(dir.path(), &["new", "authority", "testa"])
            .status
            .success()
    );
    let downloaded = dir.path().join("rates.csv");
    std::fs::write(
        &downloaded,
        "time_period,geographic_level,new_la_code,la_name,number\n\
         2021,National,,,10\n\
         2021,Local authority,E1,\"=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\",3\n\
         @SUM(A1),National,,,11\n\
         @SUM(A1),Local authority,E1,\"=HYPERLINK(\"\"https://evil.example\"\",\"\"Click\"\")\",=2+5\n",
    )
    .unwrap();
    let output = scrutiny(
        dir.path(),
        &[
            "import",
            "dfe",
            downloaded.to_str().unwrap(),
            "--la",
            "E1",
            "--authority",
            "testa",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("warning: rates.csv: the local authority name \"=HYPERLINK"),
        "{message}"
    );
    assert!(
        message.contains("the time period \"@SUM(A1)\" starts like a spreadsheet formula"),
        "{message}"
    );
    let dataset =
        std::fs::read_to_string(dir.path().join("content/testa/data/dfe-number.yaml")).unwrap();
    assert!(
        dataset.contains("[\"@SUM(A1)\", 11, { suppressed: x }]"),
        "a formula in a value cell is not a number: {dataset}"
    );

    // Chart it, build, and read the published CSV back.
    let report = dir.path().join("content/testa/reports");
    std::fs::create_dir_all(&report).unwrap();
    std::fs::write(
        report.join("rates.md"),
        "---\ntitle: Rates\ncommittee: scrutiny\nmeeting: 2024-07-18\nstatus: final\n---\n\nThe rates.\n\n```table\ndata: dfe-number\n```\n",
    )
    .unwrap();
    // The site's own address and contact, in place of the examples `new site` wrote.
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: Rates\nbase_url: https://www.testa.example.gov.uk/\n",
    )
    .unwrap();
    let build = scrutiny(dir.path(), &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let files = csv_files(&dir.path().join("output"));
    let (_, records) = files
        .iter()
        .find(|(path, _)| path == "testa/data/dfe-number.csv")
        .expect("the dataset's CSV is published");
    assert_eq!(
        records[0][2],
        "'=HYPERLINK(\"https://evil.example\",\"Click\")"
    );
    assert!(records.iter().any(|r| r[0] == "'@SUM(A1)"), "{records:?}");
    for field in records.iter().flatten() {
        assert!(!starts_like_formula(field), "{field:?}");
    }
}
