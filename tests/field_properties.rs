//! The classes, for any value: any string as any id is refused at load or is a slug in the
//! model; any string in any text field reaches the pages escaped; any string in an id, link or
//! base URL field is refused at load or breaks nothing out of its place in any page.

mod common;
#[path = "common/markup.rs"]
mod markup;

use std::path::Path;

use proptest::prelude::*;
use scrutiny::render::Audience;
use scrutiny::web::is_slug;

/// Strings made of what matters to a path, an attribute and a slug.
fn id_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a", "z", "0", "cs", "x-y", "-", "_", ".", "..", "/", "../", " ", "\"", "'", "<", ">", "é",
        "\t", "\n", "A", "%2e", "\\", ":", "#", "?", "&",
    ]);
    prop::collection::vec(pieces, 0..6).prop_map(|parts| parts.concat())
}

/// Text that tries to leave its element, attribute or link.
fn payload() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(markup::PAYLOAD_PIECES.to_vec()), 1..6)
        .prop_map(|parts| parts.concat())
}

/// A YAML scalar that reads back exactly as `text`: JSON's strings are YAML's double-quoted.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn write(root: &Path, file: &str, text: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    assert!(text.contains(from), "{from} is not in {file}");
    write(root, file, &text.replacen(from, to, 1));
}

const REPORT: &str = "content/testa/reports/update.md";
const DATASET: &str = "content/testa/data/workers.yaml";
const AUTHORITY: &str = "content/testa/authority.yaml";
const SITE: &str = "content/site.yaml";

/// Where an id goes: a field of a file, or a file's or folder's name.
#[derive(Debug, Clone, Copy)]
enum IdField {
    Committee,
    Measure,
    Appendix,
    Theme,
    ReportName,
    DatasetName,
    AuthorityFolder,
}

fn any_id_field() -> impl Strategy<Value = IdField> {
    prop::sample::select(vec![
        IdField::Committee,
        IdField::Measure,
        IdField::Appendix,
        IdField::Theme,
        IdField::ReportName,
        IdField::DatasetName,
        IdField::AuthorityFolder,
    ])
}

/// Writes `id` into the basic fixture as `field`; returns false when it cannot be a file name.
fn place_id(root: &Path, field: IdField, id: &str) -> bool {
    let content = root.join("content");
    let file_name_ok = !id.is_empty() && !id.contains(['/', '\0']) && !id.starts_with('.');
    match field {
        IdField::Committee => replace(
            root,
            AUTHORITY,
            "  cs: Children Select\n",
            &format!("  cs: Children Select\n  {}: Other\n", quoted(id)),
        ),
        IdField::Measure => replace(
            root,
            DATASET,
            "measure: adult-worker-posts",
            &format!("measure: {}", quoted(id)),
        ),
        IdField::Appendix => replace(
            root,
            REPORT,
            "id: appendix-1",
            &format!("id: {}", quoted(id)),
        ),
        IdField::Theme => replace(
            root,
            SITE,
            "description:",
            &format!("theme: {}\ndescription:", quoted(id)),
        ),
        IdField::ReportName if file_name_ok => std::fs::rename(
            root.join(REPORT),
            content.join(format!("testa/reports/{id}.md")),
        )
        .unwrap(),
        IdField::DatasetName if file_name_ok => {
            std::fs::copy(
                root.join(DATASET),
                content.join(format!("testa/data/{id}.yaml")),
            )
            .unwrap();
        }
        IdField::AuthorityFolder if file_name_ok => {
            std::fs::rename(content.join("testa"), content.join(id)).unwrap();
        }
        _ => return false,
    }
    true
}

/// Every id the loaded model holds.
fn model_ids(site: &scrutiny::content::Site) -> Vec<String> {
    let mut ids = vec![site.config.theme.clone()];
    for authority in &site.authorities {
        ids.push(authority.slug.clone());
        ids.extend(authority.meta.committees.iter().map(|c| c.id.clone()));
        for (key, dataset) in &authority.datasets {
            ids.push(key.clone());
            ids.push(dataset.id.clone());
            ids.extend(dataset.measure.clone());
        }
        for report in &authority.reports {
            ids.push(report.slug.clone());
            ids.extend(report.front.appendices.iter().filter_map(|a| a.id.clone()));
        }
    }
    ids
}

/// Where an id, link or base URL goes, to be given a payload.
#[derive(Debug, Clone, Copy)]
enum OpenField {
    Measure,
    Committee,
    Appendix,
    PaperLink,
    Website,
    Email,
    BaseUrl,
    BaseUrlOption,
}

fn any_open_field() -> impl Strategy<Value = OpenField> {
    prop::sample::select(vec![
        OpenField::Measure,
        OpenField::Committee,
        OpenField::Appendix,
        OpenField::PaperLink,
        OpenField::Website,
        OpenField::Email,
        OpenField::BaseUrl,
        OpenField::BaseUrlOption,
    ])
}

/// Writes `value` as `field`; returns the file a refusal must name and the `--base-url` to
/// build with.
fn place_open(root: &Path, field: OpenField, value: &str) -> (&'static str, Option<String>) {
    let q = quoted(value);
    match field {
        OpenField::Measure => replace(
            root,
            DATASET,
            "measure: adult-worker-posts",
            &format!("measure: {q}"),
        ),
        OpenField::Committee => {
            replace(
                root,
                AUTHORITY,
                "  cs: Children Select\n",
                &format!("  {q}: Children Select\n"),
            );
            replace(root, REPORT, "committee: cs", &format!("committee: {q}"));
            return (AUTHORITY, None);
        }
        OpenField::Appendix => replace(root, REPORT, "id: appendix-1", &format!("id: {q}")),
        OpenField::PaperLink => replace(
            root,
            REPORT,
            "appendices:",
            &format!("background_papers:\n  - {{ title: Paper, url: {q} }}\nappendices:"),
        ),
        OpenField::Website => replace(
            root,
            AUTHORITY,
            "name: Test Council\n",
            &format!("name: Test Council\nwebsite: {q}\n"),
        ),
        OpenField::Email => replace(
            root,
            REPORT,
            "email: jolene.slack@dudley.gov.uk",
            &format!("email: {q}"),
        ),
        OpenField::BaseUrl => replace(
            root,
            SITE,
            "base_url: https://www.testa.example.gov.uk/scrutiny/",
            &format!(
                "base_url: {}",
                quoted(&format!("https://www.example.gov.uk/{value}"))
            ),
        ),
        OpenField::BaseUrlOption => {
            return (
                "--base-url",
                Some(format!("https://www.example.gov.uk/{value}")),
            );
        }
    }
    let file = match field {
        OpenField::Measure => DATASET,
        OpenField::Website => AUTHORITY,
        OpenField::BaseUrl => SITE,
        _ => REPORT,
    };
    (file, None)
}

/// Writes `text` into every text field of the basic fixture that a page shows.
fn fill_text_fields(root: &Path, text: &str) {
    let q = quoted(text);
    write(
        root,
        SITE,
        &format!(
            "title: {q}\nbase_url: https://www.testa.example.gov.uk/scrutiny/\ndescription: {q}\naccessibility:\n  contact: {q}\n  compliance: partial\n  known_problems: [{q}]\n"
        ),
    );
    write(
        root,
        AUTHORITY,
        &format!(
            "name: {q}\nshort_name: {q}\ntagline: {q}\nlogo: assets/logo.svg\ncommittees:\n  cs: {q}\n"
        ),
    );
    write(
        root,
        "content/testa/meetings.yaml",
        &format!(
            "meetings:\n  - committee: cs\n    date: 2023-07-19\n    time: 6.00pm\n    venue: {q}\n    items:\n      - {{ item: \"1\", title: {q}, note: {q} }}\n"
        ),
    );
    for (field, value) in [
        ("title: Family Safeguarding Update", format!("title: {q}")),
        (
            "report_of: Director of Children's Services",
            format!("report_of: {q}\nportfolio: {q}\nmeeting_note: {q}\nforward_plan_ref: {q}"),
        ),
        (
            "{ name: Jolene Slack, role: Report author, phone: \"01384 815876\",",
            format!("{{ name: {q}, role: {q}, phone: {q},"),
        ),
        ("wards: [All]", format!("wards: [{q}]")),
        ("summary: An update.", format!("summary: {q}")),
        ("note: Corrected table 2", format!("note: {q}")),
        ("  - That the latest progress is noted.", format!("  - {q}")),
        ("{ title: Membership,", format!("{{ title: {q},")),
        (
            "appendices:",
            format!(
                "background_papers:\n  - {{ title: {q}, url: \"https://example.gov.uk/p.pdf\" }}\nappendices:"
            ),
        ),
    ] {
        replace(root, REPORT, field, &value);
    }
    for (field, value) in [
        (
            "title: Adult specialist workers in post, July 2023",
            format!("title: {q}"),
        ),
        (
            "source: Family Safeguarding Update, 19 July 2023, paragraph 5.4",
            format!("source: {q}"),
        ),
        ("unit: FTE", format!("unit: {q}")),
        (
            "notes: Health workers' numbers were to be confirmed.",
            format!("notes: {q}"),
        ),
        ("label: Role }", format!("label: {q} }}")),
        ("label: In post, type", format!("label: {q}, type")),
        ("[Substance misuse,", format!("[{q},")),
    ] {
        replace(root, DATASET, field, &value);
    }
}

fn build(root: &Path, base_url: Option<&str>) -> (scrutiny::Outcome, Vec<(String, Vec<u8>)>) {
    let (outcome, files) = scrutiny::render_in_memory(root, Audience::default(), base_url);
    let files = files.into_iter().map(|f| (f.path, f.bytes)).collect();
    (outcome, files)
}

#[test]
fn the_breakout_reader_sees_every_kind_of_injection() {
    for html in [
        "<p title=\"\" data-evil=\"1\">",
        "<p title='' data-evil='1'>",
        "<title></title><x-evil></title>",
        "<a href=\" javascript:alert(1)\">",
        "<img src=x onerror=alert(1)>",
        "<svg><g id=\"a\" onmouseover=\"alert(1)\"></g></svg>",
        "<script>alert(1)</script>",
    ] {
        assert!(!markup::html_breakouts(html).is_empty(), "{html}");
    }
    assert!(markup::html_breakouts("<p title=\"&quot; data-evil=&quot;1\">&lt;x-evil&gt;</p><script src=\"../assets/search.js\"></script>").is_empty());
    assert!(!markup::xml_breakouts("<feed><x-evil/></feed>").is_empty());
    assert!(!markup::xml_breakouts("<feed><title>&</title></feed>").is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_string_as_any_id_is_refused_at_load_or_is_a_slug(field in any_id_field(), id in id_like()) {
        let site = common::site_copy("basic");
        prop_assume!(place_id(site.path(), field, &id));
        let loaded = scrutiny::content::load(site.path());
        let site_model = loaded.site.expect("site.yaml loads");
        for held in model_ids(&site_model) {
            prop_assert!(is_slug(&held), "the model holds `{held}` ({field:?} `{id}`)");
        }
        if !is_slug(&id) && !id.starts_with('.') {
            let refused = loaded.diagnostics.iter().any(|d| {
                d.is_error() && d.message.contains("is used in web addresses") && d.hint.is_some()
            });
            prop_assert!(refused, "{field:?} `{id}` was not refused: {:?}", loaded.diagnostics);
        }
    }

    #[test]
    fn any_text_in_any_field_reaches_every_page_escaped(text in payload()) {
        let site = common::site_copy("basic");
        fill_text_fields(site.path(), &text);
        let (outcome, files) = build(site.path(), None);
        prop_assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
        prop_assert!(files.len() > 10);
        let found = markup::breakouts(&files);
        prop_assert!(found.is_empty(), "{text:?} broke out: {found:?}");
    }

    #[test]
    fn any_id_link_or_base_url_is_refused_at_load_or_breaks_nothing_out(field in any_open_field(), value in payload()) {
        let site = common::site_copy("basic");
        let (file, base_url) = place_open(site.path(), field, &value);
        let (outcome, files) = build(site.path(), base_url.as_deref());
        if outcome.has_errors() {
            let named = outcome.diagnostics.iter().any(|d| d.is_error() && d.file == file);
            prop_assert!(named, "{field:?} {value:?}: no error names {file}: {:?}", outcome.diagnostics);
        } else {
            let found = markup::breakouts(&files);
            prop_assert!(found.is_empty(), "{field:?} {value:?} broke out: {found:?}");
        }
    }
}
