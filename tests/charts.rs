//! Every chart kind drawn from the chart gallery fixture — nulls, negatives, one row, forty-eight
//! rows, long labels, suppressed values, four series — under snapshot tests, so a reviewer sees
//! the diff of what a reader sees.

mod common;

use common::{scrutiny, site_copy, stderr};

fn gallery_figures() -> Vec<String> {
    let site = site_copy("charts");
    let output = scrutiny(site.path(), &["build"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(
        site.path()
            .join("output/gallery/2024-02-01-overview/gallery/index.html"),
    )
    .unwrap();
    html.split("<figure class=\"chart\"")
        .skip(1)
        .map(|rest| {
            format!(
                "<figure class=\"chart\"{}</figure>",
                rest.split("</figure>").next().unwrap()
            )
        })
        .collect()
}

#[test]
fn every_chart_kind_matches_its_snapshot() {
    let figures = gallery_figures();
    let names = [
        "bar_with_a_value_not_known",
        "progress_against_target",
        "hbar_with_long_labels",
        "bar_with_negative_values",
        "hbar_with_one_row",
        "line_with_48_months_a_gap_and_a_suppressed_value",
        "stacked_bar_with_48_categories",
        "stacked_bar_with_four_series_and_a_long_label",
        "bar_of_percentages",
        "line_by_financial_year_with_a_year_not_known",
    ];
    assert_eq!(figures.len(), names.len());
    for (name, figure) in names.iter().zip(&figures) {
        insta::assert_snapshot!(*name, figure);
    }
}

#[test]
fn every_chart_is_an_accessible_image_with_words_for_its_data() {
    for figure in gallery_figures() {
        assert_eq!(
            figure.matches("role=\"img\"").count(),
            1,
            "one drawing serves every width"
        );
        assert!(figure.contains("<desc id="));
        assert!(figure.contains("<figcaption>"));
        assert!(figure.contains("<caption>"));
        assert!(figure.contains("(CSV, "));
        assert!(
            !figure.contains("font-family="),
            "a chart's text takes the theme's font from its style sheet"
        );
    }
}

#[test]
fn negative_values_and_gaps_read_in_words() {
    let figures = gallery_figures();
    assert!(
        figures[3].contains("Shortfall: highest £120,000 (2024/25), lowest −£947,758 (2023/24)."),
        "{}",
        figures[3]
    );
    assert!(
        figures[5].contains("Children on plans for Jun 2021 is not known."),
        "{}",
        figures[5]
    );
    assert!(
        figures[5].contains("Children on plans for Jul 2022 is suppressed [c]."),
        "{}",
        figures[5]
    );
    assert!(
        figures[1].contains("Health workers: not known, of 4.5"),
        "{}",
        figures[1]
    );
}

#[test]
fn a_trend_by_financial_year_is_placed_and_told_by_its_years() {
    let figures = gallery_figures();
    let line = figures.last().unwrap();
    assert!(
        line.contains("Line chart of Budget and Spending by financial year."),
        "{line}"
    );
    assert!(
        line.contains("between 2017/18 and 2023/24 it rose from £5,100,000 to £8,200,000"),
        "{line}"
    );
    assert!(
        line.contains("Spending for 2020/21 is not known."),
        "{line}"
    );
    assert!(line.contains("<th scope=\"row\">2019/20<td>"), "{line}");
}

#[test]
fn a_chart_with_more_than_four_series_is_an_error_at_its_line() {
    let site = site_copy("charts");
    let report = site.path().join("content/gallery/reports/gallery.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "y: [stepped_down, closed, plan, care]",
            "y: [stepped_down, closed, plan, care, closed]",
        ),
    )
    .unwrap();
    let output = scrutiny(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("this chart has 5 series; a chart may have at most 4"),
        "{message}"
    );
    assert!(
        message.contains("content/gallery/reports/gallery.md:78:4"),
        "{message}"
    );
}

#[test]
fn an_unknown_chart_type_names_the_kinds_there_are() {
    let site = site_copy("charts");
    let report = site.path().join("content/gallery/reports/gallery.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replacen("type: bar\n", "type: bars\n", 1)).unwrap();
    let output = scrutiny(site.path(), &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("`bars` is not a chart type"), "{message}");
    assert!(message.contains("did you mean `bar`?"), "{message}");
    assert!(
        message.contains("content/gallery/reports/gallery.md:12:7"),
        "{message}"
    );
}
