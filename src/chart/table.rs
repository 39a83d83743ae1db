//! A dataset as an HTML table: the `table` block, and the data behind every chart.

use crate::content::{ColumnType, Dataset};
use crate::format;

use super::escape;

/// The table for `columns` of `dataset`, with a caption, header scopes, the first column as
/// row headers and numbers right-aligned: the style sheet aligns a data table's cells as
/// numbers unless they are marked as text, the fewer marks since most cells are numbers. A
/// body row is a line without the end tags HTML lets it leave out (each cell and the row end
/// where the next begins): a table's rows are most of its bytes. It scrolls inside its own
/// focusable region, never the page.
pub fn data_table(dataset: &Dataset, columns: &[usize], caption: &str) -> String {
    let mut html = format!(
        "<div class=\"table-scroll\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">\n<table class=\"data\">\n<caption>{}</caption>\n<thead><tr>",
        escape(caption),
        escape(caption)
    );
    for &column in columns {
        let spec = &dataset.columns[column];
        let class = if spec.kind.is_numeric() {
            " class=\"num\""
        } else {
            ""
        };
        let unit = match (spec.kind, dataset.unit_of(column)) {
            (ColumnType::Number, Some(unit)) => format!(" ({})", escape(unit)),
            _ => String::new(),
        };
        html.push_str(&format!(
            "<th scope=\"col\"{class}>{}{unit}</th>",
            escape(&spec.label)
        ));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &dataset.rows {
        html.push_str("<tr>");
        for (position, &column) in columns.iter().enumerate() {
            let spec = &dataset.columns[column];
            html.push_str(if position == 0 {
                "<th scope=\"row\">"
            } else if spec.kind.is_numeric() {
                "<td>"
            } else {
                "<td class=\"text\">"
            });
            html.push_str(&escape(&format::cell(&row[column], spec.kind)));
        }
        html.push('\n');
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    html
}
