//! Fields that reach a web address, a path or a page: an id that is not a slug, a link with a
//! script scheme, a base URL that is not a web address, an asset that can run script. Each is
//! refused by `check` and `build` with its file, line, column and a hint; nothing is written
//! outside the output folder, and what is published carries no payload unescaped.

mod common;
#[path = "common/markup.rs"]
mod markup;

use std::path::Path;

use common::{read_tree, scrutiny, site_copy, stderr};

const REPORT: &str = "content/testa/reports/update.md";
const DATASET: &str = "content/testa/data/workers.yaml";
const AUTHORITY: &str = "content/testa/authority.yaml";
const SITE: &str = "content/site.yaml";

/// Replaces `from` by `to` in a file of the site.
fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} is not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `command` and expects it to fail with every one of `words` in its messages.
fn assert_refused(root: &Path, command: &[&str], words: &[&str]) -> String {
    let output = scrutiny(root, command);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    for expected in words {
        assert!(
            message.contains(expected),
            "expected {expected} in:\n{message}"
        );
    }
    message
}

/// The names in the site's root folder: a failed build leaves only what was there.
fn root_entries(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_committee_id_that_climbs_out_is_refused_at_its_key_and_nothing_leaves_the_output() {
    let site = site_copy("basic");
    let root = site.path();
    edit(
        root,
        AUTHORITY,
        "  cs: Children Select\n",
        "  cs: Children Select\n  \"x/../../../escaped\": Escaped Committee\n",
    );
    edit(
        root,
        REPORT,
        "committee: cs",
        "committee: \"x/../../../escaped\"",
    );
    for command in [&["check"][..], &["build"]] {
        assert_refused(
            root,
            command,
            &[
                "content/testa/authority.yaml:5:3",
                "the committee id `x/../../../escaped` is used in web addresses",
                "hint: write it as x-escaped",
            ],
        );
    }
    assert_eq!(root_entries(root), ["content"]);
}

#[test]
fn a_measure_that_is_not_a_slug_is_refused_at_its_value() {
    for (measure, hint) in [
        ("../../../escaped", "write it as escaped"),
        (
            "x\\\" onmouseover=\\\"alert(1)",
            "write it as x-onmouseover-alert-1",
        ),
        ("Adult workers", "write it as adult-workers"),
    ] {
        let site = site_copy("basic");
        let root = site.path();
        edit(
            root,
            DATASET,
            "measure: adult-worker-posts",
            &format!("measure: \"{measure}\""),
        );
        assert_refused(
            root,
            &["build"],
            &[
                "content/testa/data/workers.yaml:3:10",
                "the measure `",
                hint,
            ],
        );
        assert_eq!(root_entries(root), ["content"], "{measure}");
    }
}

#[test]
fn an_appendix_id_and_a_theme_name_that_are_not_slugs_are_refused() {
    let site = site_copy("basic");
    let root = site.path();
    edit(
        root,
        REPORT,
        "id: appendix-1 }",
        "id: \"Appendix 1\\\" onclick=\\\"x\" }",
    );
    edit(
        root,
        SITE,
        "description:",
        "theme: ../../elsewhere\ndescription:",
    );
    assert_refused(
        root,
        &["check"],
        &[
            "content/testa/reports/update.md:17:30",
            "the appendix id `Appendix 1\" onclick=\"x` is used in web addresses",
            "write it as appendix-1-onclick-x",
            "content/site.yaml:3:8",
            "the theme name `../../elsewhere` is used in web addresses",
        ],
    );
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused_from_site_yaml_and_the_command_line() {
    let site = site_copy("basic");
    let root = site.path();
    assert_refused(
        root,
        &["build", "--base-url", "javascript:alert(1)//"],
        &[
            "--base-url",
            "the base URL `javascript:alert(1)//` cannot be used",
            "https://www.dudley.gov.uk/scrutiny/",
        ],
    );
    edit(
        root,
        SITE,
        "base_url: https://www.testa.example.gov.uk/scrutiny/",
        "base_url: \"https://www.example.gov.uk/\\\"><x-evil>\"",
    );
    assert_refused(
        root,
        &["check"],
        &["content/site.yaml:2:11", "the path may not hold `\"`"],
    );
    assert_eq!(root_entries(root), ["content"]);
}

#[test]
fn a_base_url_is_escaped_wherever_a_page_carries_it() {
    let site = site_copy("basic");
    let root = site.path();
    let output = scrutiny(
        root,
        &["build", "--base-url", "https://www.example.gov.uk/a&b/"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let files = read_tree(&root.join("output"));
    let mut carried = 0;
    for (path, bytes) in &files {
        // Calendars, JSON and CSVs hold the address as their own formats write it, with `&`.
        if [".ics", ".json", ".csv"]
            .iter()
            .any(|ext| path.ends_with(ext))
        {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        // Inside a style sheet the address is CSS, where `&` is written as it is.
        let outside_css: String = text
            .split("<style>")
            .map(|part| part.split_once("</style>").map_or(part, |(_, after)| after))
            .collect();
        assert!(
            !outside_css.contains("/a&b/"),
            "{path} holds the base URL unescaped"
        );
        carried += text.matches("/a&amp;b/").count();
    }
    // The canonical links, the print view's link addresses, the sitemap and the feed.
    assert!(carried > 10, "the base URL is carried {carried} times");
    let print = files
        .iter()
        .find(|(path, _)| path.ends_with("print.html"))
        .unwrap();
    assert!(
        String::from_utf8_lossy(&print.1)
            .contains("rel=\"canonical\" href=\"https://www.example.gov.uk/a&amp;b/")
    );
}

#[test]
fn a_background_paper_link_with_a_script_scheme_is_refused_at_its_value() {
    for url in [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\\tscript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
    ] {
        let site = site_copy("basic");
        let root = site.path();
        edit(
            root,
            REPORT,
            "appendices:",
            &format!("background_papers:\n  - {{ title: Paper, url: \"{url}\" }}\nappendices:"),
        );
        assert_refused(
            root,
            &["check"],
            &[
                "content/testa/reports/update.md:17:26",
                "the background paper's link `",
                "cannot be published: only web (https://), email (mailto:), telephone (tel:) and relative links are published",
                "hint: give the paper's web address",
            ],
        );
    }
}

#[test]
fn an_authority_website_with_a_script_scheme_and_an_email_that_adds_to_its_link_are_refused() {
    let site = site_copy("basic");
    let root = site.path();
    edit(
        root,
        AUTHORITY,
        "name: Test Council\n",
        "name: Test Council\nwebsite: \"javascript:alert(document.domain)\"\n",
    );
    edit(
        root,
        REPORT,
        "email: jolene.slack@dudley.gov.uk",
        "email: \"jolene.slack@dudley.gov.uk?cc=all@example.com\"",
    );
    assert_refused(
        root,
        &["check"],
        &[
            "content/testa/authority.yaml:2:10",
            "the website `javascript:alert(document.domain)` cannot be published",
            "hint: give the council's web address",
            "content/testa/reports/update.md:8:78",
            "is not an email address that can be a link",
        ],
    );
}

#[test]
fn a_telephone_number_that_cannot_be_dialled_is_shown_as_text_without_a_link() {
    let site = site_copy("basic");
    let root = site.path();
    edit(
        root,
        REPORT,
        "phone: \"01384 815876\"",
        "phone: \"0100 <x-evil> javascript:alert(1)\"",
    );
    let output = scrutiny(root, &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let files = read_tree(&root.join("output"));
    assert_eq!(markup::breakouts(&files), Vec::<String>::new());
    let page = files
        .iter()
        .find(|(path, _)| path.ends_with("update/index.html"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .unwrap();
    assert!(page.contains("Telephone: 0100 &lt;x-evil&gt; javascript:alert(1)"));
    assert!(
        !page.contains("tel:"),
        "a number that cannot be dialled has no link"
    );
}

/// An SVG of the basic fixture's logo with `inner` on its second line.
fn logo_with(inner: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 120 40\">\n{inner}\n<rect width=\"120\" height=\"40\" fill=\"#12436D\"/></svg>\n"
    )
}

#[test]
fn an_svg_that_can_run_script_or_load_a_file_is_refused_at_its_line() {
    for (inner, says) in [
        (
            "<script>alert(document.cookie)</script>",
            "a <script> element",
        ),
        (
            "<rect onload=\"alert(1)\" width=\"1\" height=\"1\"/>",
            "the attribute `onload` runs script",
        ),
        (
            "<foreignObject><p xmlns=\"http://www.w3.org/1999/xhtml\">x</p></foreignObject>",
            "<foreignObject>",
        ),
        (
            "<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>",
            "it links to `javascript:alert(1)`",
        ),
        (
            "<image href=\"https://tracker.example/p.png\"/>",
            "it links to `https://tracker.example/p.png`",
        ),
        (
            "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
            "an animation changes its `href`",
        ),
    ] {
        let site = site_copy("basic");
        let root = site.path();
        std::fs::write(root.join("content/testa/assets/logo.svg"), logo_with(inner)).unwrap();
        assert_refused(
            root,
            &["check"],
            &[
                "content/testa/assets/logo.svg:2:1",
                "this SVG cannot be published",
                says,
                "hint: save the drawing again without scripts",
                // What names the file hears why it cannot be used.
                "the logo cannot be used: `assets/logo.svg` is never published",
            ],
        );
    }
}

#[test]
fn an_html_appendix_and_a_script_in_assets_are_refused_with_the_types_allowed() {
    let site = site_copy("basic");
    let root = site.path();
    let assets = root.join("content/testa/assets");
    std::fs::write(assets.join("minutes.html"), "<script>alert(1)</script>").unwrap();
    std::fs::write(assets.join("tracker.js"), "alert(1)").unwrap();
    std::fs::write(assets.join("Cost Tracker.XLSX"), "x").unwrap();
    // What systems leave in folders by themselves is neither published nor a problem.
    std::fs::write(assets.join("Thumbs.db"), "x").unwrap();
    std::fs::write(assets.join(".DS_Store"), "x").unwrap();
    edit(
        root,
        REPORT,
        "file: assets/cost-tracker.csv }",
        "file: assets/cost-tracker.csv }\n  - { title: Minutes, file: assets/minutes.html }",
    );
    let message = assert_refused(
        root,
        &["build"],
        &[
            "content/testa/assets/minutes.html",
            "a .html file can run script in the site's pages, so it is never published",
            "content/testa/assets/tracker.js",
            "a .js file can run script",
            "allowed types: png, jpg, jpeg, gif, webp, svg, pdf",
            "content/testa/reports/update.md:19:29",
            "the appendix file cannot be used: a .html file can run script",
            "hint: publish the document as a PDF instead",
            "content/testa/assets/Cost Tracker.XLSX",
            "hint: rename it to assets/cost-tracker.xlsx",
        ],
    );
    for quiet in ["Thumbs.db", ".DS_Store", "cost-tracker.csv", "logo.svg"] {
        assert!(!message.contains(quiet), "{quiet} is fine:\n{message}");
    }
    assert_eq!(message.matches("error:").count(), 4, "{message}");
    assert_eq!(root_entries(root), ["content"]);
}
