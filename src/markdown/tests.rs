use super::*;
use crate::content::{FrontMatter, Report, typeset};

struct NoBlocks;

impl BlockRenderer for NoBlocks {
    fn render(&mut self, block: &FencedBlock, index: usize) -> Result<String, Vec<Diagnostic>> {
        Ok(format!(
            "<figure data-kind=\"{}\" data-index=\"{index}\"></figure>",
            block.kind
        ))
    }

    fn figure(&mut self, figure: &FigureRef) -> Result<String, Diagnostic> {
        Ok(format!("[{}]", figure.dataset))
    }

    fn image(&mut self, path: &str) -> Result<String, String> {
        Ok(format!("../{path}"))
    }
}

fn report(numbering: &str, body: &str) -> Report {
    let front: FrontMatter = serde_yaml::from_str(&format!(
        "title: T\ncommittee: c\nmeeting: 2023-07-19\nauthors: [{{ name: A. Officer }}]\nnumbering: {numbering}\n"
    ))
    .unwrap();
    Report {
        slug: "r".into(),
        file: "content/a/reports/r.md".into(),
        front,
        front_text: String::new(),
        body: body.into(),
        body_line: 7,
        fingerprint: 0,
        front_fingerprint: 0,
    }
}

fn render(numbering: &str, body: &str) -> RenderedBody {
    let report = report(numbering, body);
    let options = BodyOptions {
        numbering: report.front.numbering,
        id_prefix: "",
        exempt_appendices: &Vec::new(),
        part: Part::Public,
    };
    render_body(&report, &options, &mut NoBlocks)
}

fn numbers(html: &str) -> Vec<String> {
    html.split("aria-label=\"Paragraph ")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[test]
fn paragraphs_scheme_numbers_straight_through_with_numbered_sections() {
    let body = "## Purpose\n\nOne.\n\n- a list joins block 1\n\n## Background\n\nTwo.\n\nStill two.\n{.unnumbered}\n\n## Partnership {.numbered}\n\nFirst.\n\nSecond.\n\n## Finance\n\nFour.\n";
    let out = render("paragraphs", body);
    assert_eq!(numbers(&out.html), ["1", "2", "3", "3.1", "3.2", "4"]);
    assert!(out.html.contains("<p>Still two.</p>"), "{}", out.html);
    assert!(out.html.contains("id=\"para-3.2\""));
}

#[test]
fn sections_scheme_numbers_sections_and_subsections() {
    let body = "## Aim\n\nA.\n\nB.\n\n## Detail\n\nIntro.\n\n### Overall\n\nInside, unnumbered.\n\n### Next\n\nAlso inside.\n\n## Appendix 1 – Members {#appendix-1}\n\nNot numbered.\n";
    let out = render("sections", body);
    assert_eq!(
        numbers(&out.html),
        ["1", "1.1", "1.2", "2", "2.1", "2.2", "2.3"]
    );
    assert!(out.appendix_ids.contains("appendix-1"));
    assert!(
        out.contents
            .iter()
            .any(|c| c.is_appendix && c.id == "appendix-1")
    );
}

#[test]
fn none_scheme_numbers_nothing() {
    let out = render("none", "## A\n\nOne.\n\nTwo.\n");
    assert!(numbers(&out.html).is_empty());
}

#[test]
fn fenced_blocks_join_the_paragraph_before_them() {
    let body = "One.\n\n```chart\ndata: x\n```\n\nTwo.\n";
    let out = render("paragraphs", body);
    assert_eq!(numbers(&out.html), ["1", "2"]);
    let chart_at = out.html.find("data-kind=\"chart\"").unwrap();
    let two_at = out.html.find("para-2").unwrap();
    assert!(chart_at < two_at);
}

#[test]
fn raw_script_and_handlers_are_removed() {
    let body = "Hello <script>alert(1)</script><img src=x onerror=alert(2) alt=\"x\">\n\n<iframe src=\"https://evil.example\"></iframe>\n\n[click](javascript:alert(3))\n";
    let out = render("paragraphs", body);
    for bad in ["<script", "onerror", "<iframe", "javascript:"] {
        assert!(!out.html.contains(bad), "{bad} in {}", out.html);
    }
    assert!(out.diagnostics.iter().all(|d| !d.is_error()));
}

#[test]
fn image_without_alt_text_is_an_error_on_its_line() {
    let out = render("paragraphs", "Text.\n\n![](assets/a.png)\n");
    let error = out.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.line, 9);
    assert!(error.message.contains("alt text"));
}

#[test]
fn footnotes_link_both_ways_with_prefixed_ids() {
    let report = report("paragraphs", "Text with a note.[^a]\n\n[^a]: The note.\n");
    let options = BodyOptions {
        numbering: report.front.numbering,
        id_prefix: "r1-",
        exempt_appendices: &Vec::new(),
        part: Part::Public,
    };
    let out = render_body(&report, &options, &mut NoBlocks);
    assert!(
        out.html
            .contains(r##"<a id="r1-fnref-a" href="#r1-fn-a" aria-label="Note 1">1</a>"##),
        "{}",
        out.html
    );
    assert!(
        out.html
            .contains(r##"<div class="footnote" id="r1-fn-a">"##),
        "{}",
        out.html
    );
    assert!(out.html.contains(r##"href="#r1-fnref-a""##), "{}", out.html);
}

#[test]
fn id_prefix_reaches_headings_and_paragraphs() {
    let report = report("sections", "## Aim\n\nText.\n");
    let options = BodyOptions {
        numbering: report.front.numbering,
        id_prefix: "r2-",
        exempt_appendices: &Vec::new(),
        part: Part::Public,
    };
    let out = render_body(&report, &options, &mut NoBlocks);
    assert!(out.html.contains(r#"<h2 id="r2-aim">"#), "{}", out.html);
    assert!(out.html.contains(r#"id="r2-para-1.1""#), "{}", out.html);
}

#[test]
fn the_usual_xss_payloads_are_removed() {
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1) alt=x>",
        "<svg onload=alert(1)><circle r=1></circle></svg>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<form action=\"https://evil.example\"><input name=q></form>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<p style=\"display:none\">hidden text</p>",
        "<div hidden>hidden text</div>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "[click](javascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "![x](javascript:alert(1))",
    ];
    for payload in payloads {
        let out = render("paragraphs", &format!("Before.\n\n{payload}\n\nAfter.\n"));
        let html = out.html.to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "onload",
            "javascript:",
            "vbscript:",
            "<iframe",
            "<form",
            "<input",
            "<object",
            "<embed",
            "style=",
            " hidden",
            "<base",
            "<meta",
            "data:text",
        ] {
            assert!(!html.contains(bad), "{payload} left {bad} in {}", out.html);
        }
    }
}

#[test]
fn a_footnote_takes_no_paragraph_number() {
    let out = render(
        "paragraphs",
        "One.[^a]\n\nTwo.\n\n[^a]: The note.\n\nThree.\n",
    );
    assert_eq!(numbers(&out.html), ["1", "2", "3"], "{}", out.html);
    assert!(!out.html.contains("footnote-definition"), "{}", out.html);
}

#[test]
fn a_heading_id_that_is_not_a_slug_is_an_error_at_its_attribute_block_and_escaped() {
    let out = render(
        "paragraphs",
        "Text.\n\n## Aim {#aim\"onmouseover=\"alert(1)}\n",
    );
    let error = out.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!((error.line, error.column), (9, 8));
    assert!(
        error
            .message
            .contains("the heading id `aim\"onmouseover=\"alert(1)`")
    );
    assert_eq!(
        error.hint.as_deref(),
        Some("write {#aim-onmouseover-alert-1}")
    );
    assert!(
        out.html
            .contains("<h2 id=\"aim&quot;onmouseover=&quot;alert(1)\">"),
        "{}",
        out.html
    );
}

proptest::proptest! {
    #[test]
    fn any_heading_id_stays_inside_its_attribute_and_only_a_slug_passes(
        id in "[a-zA-Z0-9\"'<>&=/._é-]{1,12}"
    ) {
        let out = render("paragraphs", &format!("## Aim {{#{id}}}\n\nText.\n"));
        let tag = out.html.split_once('>').map(|(tag, _)| tag).unwrap_or_default();
        let value = tag.strip_prefix("<h2 id=\"").and_then(|v| v.strip_suffix('"'));
        proptest::prop_assert!(
            value.is_some_and(|v| !v.contains(['"', '<', '>'])),
            "{}",
            out.html
        );
        let refused = out.diagnostics.iter().any(|d| d.is_error() && d.message.contains("heading id"));
        if !refused {
            proptest::prop_assert!(crate::web::is_slug(value.unwrap_or_default()), "{}", out.html);
        }
    }
}

fn habits(numbering: &str, body: &str) -> Vec<Diagnostic> {
    habits::check(&report(numbering, body))
}

#[test]
fn typed_paragraph_numbers_name_the_number_scrutiny_gives() {
    let body = "## Purpose\n\nOne.\n\n6.1 The Government published.\n\n4. This is the fourth.\n\n8) Safeguarding partners.\n";
    let found = habits("paragraphs", body);
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(found.len(), 3, "{messages:#?}");
    assert_eq!(
        messages[0],
        "this paragraph starts with the typed number 6.1, but scrutiny numbers it 2, so a meeting would see both"
    );
    assert_eq!((found[0].line, found[0].column), (11, 1));
    assert_eq!(found[0].fix.as_ref().unwrap().edits[0].remove, "6.1 ");
    assert!(messages[1].starts_with("this paragraph is typed with the number 4."));
    assert!(
        found[1]
            .hint
            .as_deref()
            .unwrap()
            .contains("(it would be paragraph 3)")
    );
    assert!(messages[2].starts_with("this paragraph is typed with the number 8)"));
    // A list is a list where nothing else is typed; numbers are the author's own under `none`.
    assert!(habits("paragraphs", "One.\n\n1. a\n2. b\n").is_empty());
    assert!(habits("none", "6.1 The Government.\n\n4. This.\n").is_empty());
}

#[test]
fn a_table_pasted_from_word_is_caught_with_its_pipe_table() {
    let found = habits("paragraphs", "One.\n\nTeam\tWorkers\nAssessment\t12\n");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!((found[0].line, found[0].column), (9, 1));
    let edit = &found[0].fix.as_ref().unwrap().edits[0];
    assert_eq!(edit.remove, "Team\tWorkers\nAssessment\t12");
    assert_eq!(
        edit.insert,
        "| Team | Workers |\n|---|---|\n| Assessment | 12 |"
    );
}

#[test]
fn charts_fenced_as_code_are_caught() {
    let body = "```Chart\ndata: a\ntype: bar\nx: b\ny: c\n```\n\n```text\nchart\ndata: a\ntype: bar\nx: b\ny: c\n```\n\n```text\nplain code\n```\n";
    let found = habits("paragraphs", body);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(found[0].fix.as_ref().unwrap().edits[0].insert, "```chart");
    let edits = &found[1].fix.as_ref().unwrap().edits;
    assert_eq!((edits[1].line, edits[1].remove.as_str()), (15, "chart\n"));
}

#[test]
fn links_pictures_appendices_and_decisions_are_checked() {
    let body = "One [see 30](#para-30) and [see 1](#para-1).\n\n![Teams](C:\\Users\\a\\teams.png)\n\n## Appendix 2 – Tracker\n\nText.\n";
    let found = habits("paragraphs", body);
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(found.len(), 3, "{messages:#?}");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("this links to paragraph 30"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("this picture is a file on your computer"))
    );
    let appendix = found
        .iter()
        .find(|d| d.message.starts_with("this appendix"))
        .unwrap();
    assert_eq!(
        appendix.hint.as_deref(),
        Some(
            "add `- { title: Tracker, id: appendix-2 }` to appendices in the front matter, and end this heading with {#appendix-2}"
        )
    );
    let mut decision = report("paragraphs", "Text.\n");
    decision.front.purpose = Some(crate::content::Purpose::Decision);
    let found = habits::check(&decision);
    assert!(
        found[0]
            .message
            .starts_with("this paper is for decision but has no recommendations")
    );
}

#[test]
fn text_blocks_follow_the_numbers_and_sections_a_link_can_point_to() {
    let body = "Opening words.\n\n## Purpose\n\nOne.\n\n- a list joins block 1\n\n## Partnership {.numbered}\n\nFirst.\n\nStill first.\n{.unnumbered}\n\nSecond.\n";
    let blocks: Vec<(String, Option<String>, String, String)> = render("paragraphs", body)
        .blocks
        .into_iter()
        .map(|b| (b.anchor, b.number, b.heading, b.text))
        .collect();
    let block = |anchor: &str, number: Option<&str>, heading: &str, text: &str| {
        (
            anchor.to_owned(),
            number.map(str::to_owned),
            heading.to_owned(),
            text.to_owned(),
        )
    };
    assert_eq!(
        blocks,
        [
            block("para-1", Some("1"), "", "Opening words."),
            block("purpose", None, "Purpose", ""),
            block("para-2", Some("2"), "Purpose", "One.\na list joins block 1"),
            block("partnership", Some("3"), "Partnership", ""),
            block(
                "para-3.1",
                Some("3.1"),
                "Partnership",
                "First.\nStill first."
            ),
            block("para-3.2", Some("3.2"), "Partnership", "Second."),
        ]
    );
}

#[test]
fn comments_are_notes_for_the_author_that_do_not_publish_or_take_a_number() {
    let body = "## Purpose\n\n<!-- What the report is for.\nOn two lines. -->\n\nOne.\n\nTwo <!-- an aside --> words.\n\n<!-- not a comment --> <b>bold</b>\n";
    let out = render("paragraphs", body);
    assert_eq!(numbers(&out.html), ["1", "2"]);
    assert!(!out.html.contains("What the report is for"), "{}", out.html);
    assert!(!out.html.contains("an aside"), "{}", out.html);
    assert!(out.html.contains("Two  words."), "{}", out.html);
    // HTML beside a comment is still raw HTML, sanitised with a warning.
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    assert!(out.diagnostics[0].message.starts_with("raw HTML"));
}

#[test]
fn front_sheet_text_gets_the_typography_of_the_body() {
    assert_eq!(
        typeset("Director of Children's Services"),
        "Director of Children’s Services"
    );
    assert_eq!(
        typeset("The 'Families Rock' model -- \"what works\"..."),
        "The ‘Families Rock’ model – “what works”…"
    );
    // Nothing else in the text is Markdown: it stays as written.
    for plain in [
        "1. Introduction",
        "- a dash first",
        "# Not a heading",
        "*Not* _emphasis_ `code` <b> &amp; [link](x) \\ back",
        "  spaces kept  ",
        "Item 6a: 2023/24 £1.8m 50%",
    ] {
        assert_eq!(typeset(plain), plain);
    }
    // The same words in a paragraph of the body come out the same.
    let words = "Children's services: 'Strengthening Families' -- the \"model\"...";
    let body = render("none", &format!("{words}\n"));
    assert!(
        body.html.contains(&typeset(words)),
        "{} in {}",
        typeset(words),
        body.html
    );
}
