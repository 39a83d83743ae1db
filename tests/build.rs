//! `scrutiny build` run as a user runs it, on fixture sites: what a reader sees, and what the
//! output folder holds after success and after failure.

mod common;

use common::{read_tree, scrutiny, site_copy, stderr};

/// Builds a fresh copy of the basic fixture; returns it and its report page.
fn build_basic() -> (tempfile::TempDir, String) {
    let site = site_copy("basic");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(
        site.path()
            .join("output/testa/2023-07-19-cs/update/index.html"),
    )
    .unwrap();
    (site, html)
}

#[test]
fn build_writes_home_authority_pack_and_report_pages() {
    let site = site_copy("basic");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = site.path().join("output");
    for page in [
        "index.html",
        "testa/index.html",
        "testa/2023-07-19-cs/index.html",
        "testa/2023-07-19-cs/update/index.html",
        "testa/data/workers.csv",
        "compare/index.html",
        "compare/data/adult-worker-posts.csv",
        "assets/style.css",
        "assets/fonts/OpenSans-Regular.ttf",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("9 pages and 4 charts"), "{stdout}");
}

#[test]
fn report_page_numbers_paragraphs_and_links_each_number_to_itself() {
    let (_site, html) = build_basic();
    assert!(html.contains(r##"id="para-2.2" href="#para-2.2" aria-label="Paragraph 2.2">2.2</a><p>It is anticipated"##), "{html}");
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains(r##"<a class="skip-link" href="#main">"##));
}

#[test]
fn chart_is_an_accessible_figure_with_its_data_and_csv() {
    let (site, html) = build_basic();
    assert_eq!(html.matches("<figure class=\"chart\"").count(), 3);
    // Each chart is drawn once, for every width, as an accessible image.
    assert_eq!(html.matches("role=\"img\"").count(), 3);
    assert!(html.contains(
        "<title id=\"chart-1-title\">Adult workers in post against establishment, July 2023</title>"
    ));
    // The description says in words what the chart shows, and a gap reads "not known".
    assert!(
        html.contains("Establishment: highest 4.5 (Health workers), lowest 3.5 (Substance misuse)"),
        "{html}"
    );
    assert!(html.contains("In post for Health workers is not known."));
    assert!(html.contains("<th scope=\"col\" class=\"num\">In post (FTE)</th>"));
    assert!(html.contains("href=\"../../../testa/data/workers.csv\""));
    let csv = std::fs::read_to_string(site.path().join("output/testa/data/workers.csv")).unwrap();
    assert!(
        csv.starts_with("Role,In post,Establishment\nSubstance misuse,3.5,3.5\n"),
        "{csv}"
    );
    assert!(csv.contains("Health workers,,4.5\n"), "{csv}");
}

#[test]
fn line_chart_describes_the_change() {
    let (_site, html) = build_basic();
    assert!(
        html.contains(
            "between Dec 2019 and Dec 2021 it fell from 370 to 227, by 143, a reduction of 38.6%"
        ),
        "{html}"
    );
}

#[test]
fn rebuild_is_byte_identical() {
    let site = site_copy("basic");
    assert!(
        scrutiny(site.path(), &["build", "--output", "first"])
            .status
            .success()
    );
    assert!(
        scrutiny(site.path(), &["build", "--output", "second"])
            .status
            .success()
    );
    assert_eq!(
        read_tree(&site.path().join("first")),
        read_tree(&site.path().join("second"))
    );
}

#[test]
fn links_are_relative_and_canonical_urls_keep_the_sub_path() {
    let site = site_copy("basic");
    assert!(
        scrutiny(
            site.path(),
            &[
                "build",
                "--base-url",
                "https://council.example/papers/scrutiny"
            ]
        )
        .status
        .success()
    );
    let html = std::fs::read_to_string(
        site.path()
            .join("output/testa/2023-07-19-cs/update/index.html"),
    )
    .unwrap();
    assert!(html.contains("<link rel=\"canonical\" href=\"https://council.example/papers/scrutiny/testa/2023-07-19-cs/update/\">"));
    assert!(html.contains("href=\"../../../assets/style.css\""));
    assert!(!html.contains("href=\"/"), "no root-absolute links");
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = site_copy("basic");
    assert!(scrutiny(site.path(), &["build"]).status.success());
    let before = read_tree(&site.path().join("output"));

    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("data: workers\ntype: bar", "data: wrokers\ntype: bar"),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("there is no dataset `wrokers`"),
        "{message}"
    );
    assert!(
        message.contains("content/testa/reports/update.md:32:7"),
        "{message}"
    );
    assert!(message.contains("did you mean `workers`?"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    assert_eq!(read_tree(&site.path().join("output")), before);
}

#[test]
fn build_refuses_to_replace_a_folder_it_did_not_make() {
    let site = site_copy("basic");
    let documents = site.path().join("Documents");
    std::fs::create_dir_all(&documents).unwrap();
    std::fs::write(documents.join("budget.xlsx"), b"precious").unwrap();
    let output = scrutiny(
        site.path(),
        &["build", "--output", documents.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("was not made by scrutiny"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(documents.join("budget.xlsx")).unwrap(),
        b"precious"
    );
}

#[test]
fn output_holding_only_gitkeep_counts_as_empty_and_keeps_it() {
    let site = site_copy("basic");
    std::fs::create_dir_all(site.path().join("output")).unwrap();
    std::fs::write(site.path().join("output/.gitkeep"), b"").unwrap();
    assert!(scrutiny(site.path(), &["build"]).status.success());
    assert!(site.path().join("output/.gitkeep").is_file());
    assert!(site.path().join("output/index.html").is_file());
}

#[test]
fn report_page_snapshot() {
    let (_site, html) = build_basic();
    insta::assert_snapshot!("basic_report_page", html);
}

#[test]
fn inline_figures_bring_values_and_changes_from_the_data() {
    let (_site, html) = build_basic();
    assert!(
        html.contains("Children on plans fell from 370 to 227, a reduction of 143 (38.6%)."),
        "{html}"
    );
}

/// The basic fixture with a dataset of teams and `paragraph` added to its report.
fn basic_with(paragraph: &str) -> (tempfile::TempDir, std::process::Output) {
    let site = site_copy("basic");
    std::fs::write(
        site.path().join("content/testa/data/teams.yaml"),
        "title: Teams and posts\nsource: Staffing report\nunit: posts\ncolumns:\n  - { id: area, label: Area }\n  - { id: teams, label: Teams, type: number, unit: teams }\n  - { id: posts, label: Posts, type: number }\n  - { id: budget, label: Budget, type: money }\n  - { id: filled, label: Filled, type: percent }\nrows:\n  - [North, 2, 12, 400000, 90]\n  - [South, 4, 20, 600000, null]\n",
    )
    .unwrap();
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, format!("{text}\n{paragraph}\n")).unwrap();
    let output = scrutiny(site.path(), &["build"]);
    (site, output)
}

#[test]
fn inline_totals_and_small_numbers_in_words() {
    let (site, output) = basic_with(
        "{{ total teams column=teams as=Words }} teams hold {{ total teams column=posts }} posts, costing {{ total teams column=budget }}; the south has {{ value teams row=South column=teams as=words }}.\n\n```table\ndata: teams\n```",
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(
        site.path()
            .join("output/testa/2023-07-19-cs/update/index.html"),
    )
    .unwrap();
    assert!(
        html.contains("Six teams hold 32 posts, costing £1,000,000; the south has four."),
        "{html}"
    );
    // Each column's own unit, and a column with its own unit keeps it.
    assert!(
        html.contains("<th scope=\"col\" class=\"num\">Teams (teams)</th>"),
        "{html}"
    );
    assert!(
        html.contains("<th scope=\"col\" class=\"num\">Posts (posts)</th>"),
        "{html}"
    );
    assert!(
        html.contains("Units: Teams (teams), Posts (posts). Source: Staffing report"),
        "{html}"
    );
}

#[test]
fn a_total_that_cannot_be_known_is_an_error_at_its_line() {
    let (_site, output) = basic_with(
        "{{ total teams column=filled }} and {{ total teams column=area }}; {{ value teams row=North column=budget as=words }}.",
    );
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    for words in [
        "a total adds up numbers or money, but `filled` holds percentages, which do not add up",
        "a total adds up numbers or money, but `area` holds no numbers",
        "as=words writes a count in words, but `budget` is money",
    ] {
        assert!(message.contains(words), "{words} in {message}");
    }
    assert!(
        message.contains("content/testa/reports/update.md:"),
        "{message}"
    );
}

#[test]
fn an_inline_figure_naming_an_unknown_row_is_an_error_at_its_line() {
    let site = site_copy("basic");
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("row=\"Dec 2021\"", "row=\"Dec 2012\""),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["build"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("the dataset `plans` has no row `Dec 2012`"),
        "{message}"
    );
    assert!(
        message.contains("content/testa/reports/update.md:27:"),
        "{message}"
    );
}

#[test]
fn sitemap_feed_and_not_found_page_use_the_base_url() {
    let site = site_copy("basic");
    assert!(scrutiny(site.path(), &["build"]).status.success());
    let out = site.path().join("output");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://www.testa.example.gov.uk/scrutiny/testa/2023-07-19-cs/update/</loc><lastmod>2023-07-14T00:00:00Z</lastmod>"), "{sitemap}");
    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
    assert!(
        feed.contains("<updated>2023-07-14T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains("<title>Test Council: Family Safeguarding Update</title>"),
        "{feed}"
    );
    // A server shows 404.html at any address, so its links start from the base URL's path.
    let not_found = std::fs::read_to_string(out.join("404.html")).unwrap();
    assert!(
        not_found.contains("href=\"/scrutiny/index.html\""),
        "{not_found}"
    );
    assert!(!not_found.contains("href=\"../"), "{not_found}");
}

#[test]
fn accessibility_statement_claims_no_compliance_the_council_has_not_declared() {
    let site = site_copy("basic");
    assert!(scrutiny(site.path(), &["build"]).status.success());
    let statement =
        std::fs::read_to_string(site.path().join("output/accessibility/index.html")).unwrap();
    assert!(
        statement.contains("has not yet assessed this website"),
        "{statement}"
    );
    assert!(!statement.contains("fully compliant"));
    assert!(!statement.contains("partially compliant"));
}

#[test]
fn unknown_front_matter_field_is_a_warning_with_a_suggestion() {
    let site = site_copy("basic");
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("summary: An update.", "sumary: An update."),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["check"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a warning alone does not fail check"
    );
    let message = stderr(&output);
    assert!(
        message.contains("warning: `sumary` is not a field scrutiny knows"),
        "{message}"
    );
    assert!(
        message.contains("content/testa/reports/update.md:10:1"),
        "{message}"
    );
    assert!(message.contains("did you mean `summary`?"), "{message}");
    let strict = scrutiny(site.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings");
}

#[test]
fn published_and_updated_dates_show_on_the_page_and_in_the_feed() {
    let (site, html) = build_basic();
    assert!(
        html.contains("<dt>Published</dt><dd>11 July 2023</dd>"),
        "{html}"
    );
    assert!(html.contains("14 July 2023: Corrected table 2"), "{html}");
    let feed = std::fs::read_to_string(site.path().join("output/feed.xml")).unwrap();
    assert!(
        feed.contains("<published>2023-07-11T00:00:00Z</published>"),
        "{feed}"
    );
    assert!(
        feed.contains("<updated>2023-07-14T00:00:00Z</updated>"),
        "{feed}"
    );
    assert!(
        feed.contains("Updated 14 July 2023: Corrected table 2"),
        "{feed}"
    );
}

#[test]
fn the_printed_paper_ends_the_report_before_its_appendices_as_the_source_does() {
    let site = site_copy("basic");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let print =
        std::fs::read_to_string(site.path().join("output/testa/2023-07-19-cs/print.html")).unwrap();
    let at = |text: &str| {
        print
            .find(text)
            .unwrap_or_else(|| panic!("{text} in the print version"))
    };
    // Body, then appendices list and contact officers, then the appendix sections.
    assert!(at("Partnership</h3>") < at("<div class=\"print-end-matter\">"));
    assert!(at("<h3>Contact officers</h3>") < at("<div class=\"report-body print-appendices\">"));
    assert!(at("print-appendices") < at("Appendix 1 – Membership</h3>"));
    assert!(!print.contains("<!-- appendices -->"));
    // The report's own page keeps the body whole, its appendices before the end matter.
    let page = std::fs::read_to_string(
        site.path()
            .join("output/testa/2023-07-19-cs/update/index.html"),
    )
    .unwrap();
    assert!(page.find("Appendix 1 – Membership</h2>") < page.find("Contact officers</h2>"));
    let css = std::fs::read_to_string(site.path().join("output/assets/style.css")).unwrap();
    for rule in [
        "thead {\n    display: table-header-group;",
        ".chart > figcaption {\n    break-after: avoid;",
        ".print-end-matter {\n    break-before: avoid;",
    ] {
        assert!(css.contains(rule), "{rule}");
    }
}

/// Every other page kind of the basic fixture, and the duties fixture's meeting pages (an
/// exempt item on the agenda; a cancelled meeting), held as snapshots.
#[test]
fn page_kind_snapshots() {
    let site = site_copy("basic");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = site.path().join("output");
    for (name, page) in [
        ("home_page", "index.html"),
        ("authority_page", "testa/index.html"),
        ("meeting_page", "testa/2023-07-19-cs/index.html"),
        ("print_view", "testa/2023-07-19-cs/print.html"),
        ("search_page", "search/index.html"),
        ("compare_page", "compare/index.html"),
        ("accessibility_page", "accessibility/index.html"),
        ("not_found_page", "404.html"),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        insta::assert_snapshot!(format!("basic_{name}"), html);
    }
    let duties = site_copy("duties");
    let output = scrutiny(duties.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = duties.path().join("output/riverside");
    for (name, page) in [
        (
            "meeting_with_an_exempt_item",
            "2024-07-18-children-select/index.html",
        ),
        ("cancelled_meeting", "2024-10-14-overview/index.html"),
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        insta::assert_snapshot!(format!("duties_{name}"), html);
    }
}

#[test]
fn names_notes_and_agenda_text_get_the_typography_of_a_report() {
    let site = site_copy("basic");
    let council = site.path().join("content/testa");
    std::fs::write(
        council.join("authority.yaml"),
        "name: King's Lynn Council\nlogo: assets/logo.svg\ncommittees:\n  cs: Children's Select\n",
    )
    .unwrap();
    std::fs::write(
        council.join("meetings.yaml"),
        "meetings:\n  - committee: cs\n    date: 2023-07-19\n    venue: St Mary's Hall\n    items:\n      - { title: \"Chair's \\\"welcome\\\"\", note: Members' questions -- if any }\n",
    )
    .unwrap();
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = site.path().join("output");
    let pack = std::fs::read_to_string(out.join("testa/2023-07-19-cs/index.html")).unwrap();
    for shown in [
        "King’s Lynn Council",
        "Children’s Select",
        "St Mary’s Hall",
        "Chair’s “welcome”",
        "Members’ questions – if any",
    ] {
        assert!(pack.contains(shown), "{shown} in {pack}");
    }
    let report =
        std::fs::read_to_string(out.join("testa/2023-07-19-cs/update/index.html")).unwrap();
    assert!(report.contains("Health workers’ numbers"), "{report}");
    for page in [&pack, &report] {
        for straight in ["King's", "Children's", "Mary's", "workers' numbers"] {
            assert!(!page.contains(straight), "{straight}");
        }
    }
    let calendar = std::fs::read_to_string(out.join("testa/2023-07-19-cs/meeting.ics")).unwrap();
    assert!(calendar.contains("St Mary’s Hall"), "{calendar}");
}
