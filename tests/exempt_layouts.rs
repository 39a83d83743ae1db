//! Whatever a report holds around and inside an exempt appendix (sections of any level before
//! and after it, headings nested in quotes and lists, notes, link definitions, figures, charts),
//! a public build publishes none of the appendix and all of the rest.

mod common;

use common::{read_tree, scrutiny, site_copy, stderr};
use proptest::prelude::*;

/// One block inside the exempt appendix; each holds the canary `exemptappendixcanary-<n>`.
#[derive(Debug, Clone)]
enum Inside {
    Paragraph,
    /// A `###`… heading of this level, then a paragraph.
    Subheading(usize),
    /// A heading of this level (underlined when it is 1 or 2 and `underlined`) inside a quote
    /// or a list item.
    Nested {
        level: usize,
        underlined: bool,
        in_quote: bool,
    },
    Fence,
    Table,
    Note,
    LinkDefinition,
    Figure,
    Chart,
    Html,
    /// A line across the page: `---` after a blank line.
    Break,
}

fn inside() -> impl Strategy<Value = Inside> {
    prop_oneof![
        Just(Inside::Paragraph),
        (3..=6usize).prop_map(Inside::Subheading),
        (1..=6usize, any::<bool>(), any::<bool>()).prop_map(|(level, underlined, in_quote)| {
            Inside::Nested {
                level,
                underlined,
                in_quote,
            }
        }),
        Just(Inside::Fence),
        Just(Inside::Table),
        Just(Inside::Note),
        Just(Inside::LinkDefinition),
        Just(Inside::Figure),
        Just(Inside::Chart),
        Just(Inside::Html),
        Just(Inside::Break),
    ]
}

fn heading(level: usize, text: &str, underlined: bool) -> String {
    match (underlined, level) {
        (true, 1) => format!("{text}\n==="),
        (true, 2) => format!("{text}\n---"),
        _ => format!("{} {text}", "#".repeat(level)),
    }
}

fn inside_block(block: &Inside, n: usize) -> String {
    let canary = format!("exemptappendixcanary-{n}");
    match block {
        Inside::Paragraph => format!("{canary} text."),
        Inside::Subheading(level) => {
            format!(
                "{}\n\n{canary} text under it.",
                heading(*level, &canary, false)
            )
        }
        Inside::Nested {
            level,
            underlined,
            in_quote,
        } => {
            let heading = heading(*level, &canary, *underlined);
            let after = format!("{canary} after the heading.");
            if *in_quote {
                let quoted: Vec<String> = heading.lines().map(|l| format!("> {l}")).collect();
                format!("{}\n>\n> {after}", quoted.join("\n"))
            } else {
                let indented: Vec<String> = heading.lines().map(|l| format!("  {l}")).collect();
                format!("- {canary} item\n\n{}\n\n  {after}", indented.join("\n"))
            }
        }
        Inside::Fence => format!("```\n{canary} code\n## {canary} not a heading\n```"),
        Inside::Table => format!("| {canary} | b |\n| --- | --- |\n| c | d |"),
        Inside::Note => format!("{canary} noted.[^{canary}]\n\n[^{canary}]: {canary} note."),
        Inside::LinkDefinition => format!(
            "See [{canary}][{canary}].\n\n[{canary}]: https://example.gov.uk/{canary} \"{canary}\""
        ),
        Inside::Figure => format!(
            "{canary}: {{{{ value exemptappendixcanaryfigure row=\"EXEMPTAPPENDIXCANARY24 row\" column=amount }}}}."
        ),
        Inside::Chart => format!(
            "```chart\ndata: exemptappendixcanarychart\ntype: bar\nx: year\ny: count\ntitle: {canary} chart\n```"
        ),
        Inside::Html => format!("<div>{canary} raw</div>"),
        Inside::Break => format!("{canary} before the line.\n\n---\n\n{canary} after the line."),
    }
}

/// A report body: public sections, the public appendix before or after the exempt one, the
/// exempt appendix (written with `##` or underlined), and perhaps a section after it.
#[derive(Debug, Clone)]
struct Layout {
    before: Vec<usize>,
    public_appendix_first: bool,
    exempt_underlined: bool,
    inside: Vec<Inside>,
    /// The level (1 or 2) of a public section after the appendices, if there is one.
    after: Option<usize>,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop::collection::vec(1..=4usize, 0..3),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(inside(), 1..8),
        prop::option::of(1..=2usize),
    )
        .prop_map(
            |(before, public_appendix_first, exempt_underlined, inside, after)| Layout {
                before,
                public_appendix_first,
                exempt_underlined,
                inside,
                after,
            },
        )
}

/// The body, and the words of it that must be published.
fn body(layout: &Layout) -> (String, Vec<String>) {
    let mut blocks = vec!["The public narrative: publicmarker-0.[^public-note]".to_owned()];
    let mut public = vec!["publicmarker-0".to_owned(), "publicmarker-note".to_owned()];
    // Notes are public wherever a public section holds them: at the end of the report, unless
    // the exempt appendix ends it.
    let note = "[^public-note]: publicmarker-note.".to_owned();
    let exempt_last = layout.public_appendix_first && layout.after.is_none();
    if exempt_last {
        blocks.push(note.clone());
    }
    for (i, level) in layout.before.iter().enumerate() {
        let marker = format!("publicmarker-before-{i}");
        // A `#` or `##` section, or a `###`/`####` subsection of the narrative.
        blocks.push(heading(*level, &format!("Section {i}"), false));
        blocks.push(format!("{marker} text."));
        public.push(marker);
    }
    let public_appendix = [
        "## Appendix 1 – Public appendix {#appendix-1}".to_owned(),
        "publicmarker-appendix text.".to_owned(),
    ];
    public.push("publicmarker-appendix".to_owned());
    if layout.public_appendix_first {
        blocks.extend(public_appendix.clone());
    }
    blocks.push(heading(
        2,
        "Appendix 2 – Exempt appendix {#appendix-2}",
        layout.exempt_underlined,
    ));
    // The fixture's datasets named with canaries are the appendix's own: it always uses them.
    let always = [Inside::Figure, Inside::Chart];
    for (n, block) in layout.inside.iter().chain(&always).enumerate() {
        blocks.push(inside_block(block, n));
    }
    if !layout.public_appendix_first {
        blocks.extend(public_appendix);
    }
    if let Some(level) = layout.after {
        blocks.push(heading(level, "Following section", false));
        blocks.push("publicmarker-after text.".to_owned());
        public.push("publicmarker-after".to_owned());
    }
    if !exempt_last {
        blocks.push(note);
    }
    (blocks.join("\n\n") + "\n", public)
}

const FRONT: &str = "---
title: Public report
committee: overview
meeting: 2024-01-15
item: \"4\"
appendices:
  - { title: Public appendix, id: appendix-1 }
  - { title: Exempt appendix, id: appendix-2, exempt: 3 }
---

";

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_layout_around_an_exempt_appendix_publishes_any_of_it(layout in layout()) {
        let site = site_copy("boundary");
        let (body, public) = body(&layout);
        let report = site.path().join("content/council/reports/public-report.md");
        std::fs::write(&report, format!("{FRONT}{body}")).unwrap();
        let output = scrutiny(site.path(), &["build"]);
        prop_assert!(output.status.success(), "{}\n{body}", stderr(&output));
        let out = site.path().join("output");
        for (path, bytes) in read_tree(&out) {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            prop_assert!(
                !path.contains("canary") && !text.contains("canary"),
                "a canary reached {path}\n{body}"
            );
        }
        let page = std::fs::read_to_string(
            out.join("council/2024-01-15-overview/public-report/index.html"),
        )
        .unwrap();
        for marker in &public {
            prop_assert!(page.contains(marker.as_str()), "{marker} is missing\n{body}");
        }
    }
}
