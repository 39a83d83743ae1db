//! Charts and tables drawn from datasets: the `chart` and `table` blocks of a report or a
//! dashboard. Each chart kind has its own file; the figure around it (caption, description in
//! words, the data as a table, the CSV link) is written once, here.

mod axis;
mod bar;
mod canvas;
mod describe;
mod figure;
mod line;
mod metrics;
mod palette;
mod progress;
mod table;

use serde::Deserialize;

use crate::content::{Authority, Cell, ColumnType, Dataset, DatasetKey, Datasets, Missing};
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::web::escape_html as escape;

pub use figure::resolve as resolve_figure;
pub use table::data_table;

/// The most series one chart may draw: beyond four, no reader can tell them apart.
pub const MAX_SERIES: usize = 4;

/// The chart kinds a `chart` block can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    Bar,
    StackedBar,
    Hbar,
    Line,
    Progress,
}

impl ChartKind {
    const NAMES: [&'static str; 5] = ["bar", "stacked-bar", "hbar", "line", "progress"];

    fn describe(self) -> &'static str {
        match self {
            ChartKind::Bar => "Bar chart",
            ChartKind::StackedBar => "Stacked bar chart",
            ChartKind::Hbar => "Horizontal bar chart",
            ChartKind::Line => "Line chart",
            ChartKind::Progress => "Progress chart",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// A `chart` block as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartSpec {
    data: String,
    #[serde(rename = "type")]
    kind: String,
    x: String,
    y: OneOrMany,
    #[serde(default)]
    title: Option<String>,
}

/// A `table` block as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TableSpec {
    data: String,
    #[serde(default)]
    columns: Option<Vec<String>>,
    #[serde(default)]
    title: Option<String>,
}

/// One series of values to draw: `None` is a gap (not known, or suppressed).
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
}

/// What a chart draws, taken from its dataset.
#[derive(Debug, Clone)]
pub struct Plot {
    pub kind: ChartKind,
    pub title: String,
    pub x_label: String,
    pub categories: Vec<String>,
    /// Positions on a time axis (months) when the x column holds dates.
    pub positions: Option<Vec<f64>>,
    pub series: Vec<Series>,
    pub value_kind: ColumnType,
    pub unit: Option<String>,
    /// What each gap is, for the description: (category, series, "not known" or the code).
    pub gaps: Vec<(String, String, String)>,
}

/// Where a block sits and what it may link to.
pub struct BlockContext<'a> {
    /// The site's datasets, which a block reaches only through this, so that what it reads is
    /// recorded.
    pub datasets: &'a Datasets<'a>,
    pub authority: &'a Authority,
    /// The report or authority file holding the block, for messages.
    pub file: &'a str,
    /// The relative path from the page to the site root (`../../`).
    pub root: &'a str,
    /// Prefix for ids, unique per report on a page.
    pub id_prefix: &'a str,
}

/// A drawn block and the dataset it used, so the CSV can be published.
pub struct Drawn {
    pub html: String,
    pub dataset: DatasetKey,
    pub is_chart: bool,
}

/// Draws a `chart` or `table` block. `line` is the file line of the block's first YAML line.
pub fn render_block(
    context: &BlockContext<'_>,
    kind: &str,
    yaml: &str,
    line: usize,
    index: usize,
) -> Result<Drawn, Vec<Diagnostic>> {
    match kind {
        "chart" => render_chart(context, yaml, line, index),
        _ => render_table(context, yaml, line),
    }
}

fn place(
    context: &BlockContext<'_>,
    yaml: &str,
    line: usize,
    key: &str,
    message: String,
) -> Diagnostic {
    let (at_line, column) = crate::content::places::in_block(yaml, line, key);
    Diagnostic::error(context.file, message).at(at_line, column)
}

fn parse_spec<T: serde::de::DeserializeOwned>(
    context: &BlockContext<'_>,
    yaml: &str,
    line: usize,
) -> Result<T, Vec<Diagnostic>> {
    crate::content::source::parse_yaml(yaml, context.file, line).map_err(|d| vec![d])
}

fn resolve_dataset<'a>(
    context: &BlockContext<'a>,
    reference: &str,
    yaml: &str,
    line: usize,
) -> Result<(DatasetKey, &'a Dataset), Vec<Diagnostic>> {
    context
        .datasets
        .find(context.authority, reference)
        .map_err(|missing| {
            if let Missing::Broken(_) = missing {
                // The dataset's own errors are reported where they are.
                return Vec::new();
            }
            let ids = context.authority.datasets.keys().map(String::as_str);
            let mut diagnostic = place(
                context,
                yaml,
                line,
                "data",
                format!("there is no dataset `{reference}`"),
            );
            diagnostic = diagnostic.with_suggestion(reference, ids, || {
                format!(
                    "datasets are files in content/{}/data/; the id is the file name without .yaml",
                    context.authority.slug
                )
            });
            vec![diagnostic]
        })
}

fn resolve_column(
    context: &BlockContext<'_>,
    dataset: &Dataset,
    id: &str,
    key: &str,
    yaml: &str,
    line: usize,
) -> Result<usize, Diagnostic> {
    dataset.column_index(id).ok_or_else(|| {
        let diagnostic = place(
            context,
            yaml,
            line,
            key,
            format!("the dataset `{}` has no column `{id}`", dataset.id),
        );
        suggest_column(diagnostic, dataset, id)
    })
}

/// Hints at the column an author probably meant, or lists the columns there are.
pub(crate) fn suggest_column(diagnostic: Diagnostic, dataset: &Dataset, id: &str) -> Diagnostic {
    diagnostic.with_suggestion(id, dataset.column_ids(), || {
        format!(
            "its columns are: {}",
            dataset.column_ids().collect::<Vec<_>>().join(", ")
        )
    })
}

/// The CSV link for a dataset, relative to the page.
pub fn csv_href(root: &str, dataset: &DatasetKey) -> String {
    format!("{root}{}", dataset.csv_path())
}

/// An error for each of the columns `ys` that holds values a chart cannot draw.
fn undrawable(
    context: &BlockContext<'_>,
    dataset: &Dataset,
    ys: &[usize],
    (yaml, line): (&str, usize),
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for &y in ys {
        if !dataset.columns[y].kind.is_numeric() {
            diagnostics.push(
                place(
                    context,
                    yaml,
                    line,
                    "y",
                    format!(
                        "the column `{}` holds {:?} values, which cannot be drawn",
                        dataset.columns[y].id, dataset.columns[y].kind
                    )
                    .to_lowercase(),
                )
                .with_hint("draw columns of type number, percent or money"),
            );
        }
    }
    diagnostics
}

fn render_chart(
    context: &BlockContext<'_>,
    yaml: &str,
    line: usize,
    index: usize,
) -> Result<Drawn, Vec<Diagnostic>> {
    let spec: ChartSpec = parse_spec(context, yaml, line)?;
    let kind: ChartKind = serde_yaml::from_str(&spec.kind).map_err(|_| {
        let diagnostic = place(
            context,
            yaml,
            line,
            "type",
            format!("`{}` is not a chart type", spec.kind),
        );
        vec![
            diagnostic.with_suggestion(&spec.kind, ChartKind::NAMES, || {
                format!("chart types: {}", ChartKind::NAMES.join(", "))
            }),
        ]
    })?;
    let (key, dataset) = resolve_dataset(context, &spec.data, yaml, line)?;
    let y_ids = match &spec.y {
        OneOrMany::One(id) => vec![id.clone()],
        OneOrMany::Many(ids) => ids.clone(),
    };
    let mut problems = Vec::new();
    if y_ids.is_empty() {
        problems.push(place(context, yaml, line, "y", "y names no column".into()));
    }
    if y_ids.len() > MAX_SERIES {
        problems.push(
            place(
                context,
                yaml,
                line,
                "y",
                format!(
                    "this chart has {} series; a chart may have at most {MAX_SERIES}",
                    y_ids.len()
                ),
            )
            .with_hint("split it into two charts, or show the data with a table block"),
        );
    }
    let x = resolve_column(context, dataset, &spec.x, "x", yaml, line)
        .map_err(|d| problems.push(d))
        .ok();
    let ys: Vec<usize> = y_ids
        .iter()
        .filter_map(|id| {
            resolve_column(context, dataset, id, "y", yaml, line)
                .map_err(|d| problems.push(d))
                .ok()
        })
        .collect();
    problems.extend(undrawable(context, dataset, &ys, (yaml, line)));
    if let Some(x) = x.filter(|&x| kind == ChartKind::Line && !dataset.columns[x].kind.is_time()) {
        problems.push(
            place(
                context,
                yaml,
                line,
                "x",
                format!(
                    "a line chart needs dates or periods along x, but `{}` is neither",
                    dataset.columns[x].id
                ),
            )
            .with_hint(
                "give the column type: date, or a period (period: financial-year), or draw a bar chart",
            ),
        );
    }
    if kind == ChartKind::Progress && y_ids.len() != 2 {
        problems.push(
            place(
                context,
                yaml,
                line,
                "y",
                format!(
                    "a progress chart draws two columns, the value and its target, not {}",
                    y_ids.len()
                ),
            )
            .with_hint("write y: [in_post, establishment]"),
        );
    }
    let Some(x) = x.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    if dataset.rows.is_empty() {
        return Err(vec![place(
            context,
            yaml,
            line,
            "data",
            format!("the dataset `{}` has no rows to draw", dataset.id),
        )]);
    }

    Ok(draw_chart(
        context, &key, dataset, kind, x, &ys, spec.title, index,
    ))
}

/// Draws a chart of `dataset` (columns already checked) as a figure.
#[allow(clippy::too_many_arguments)]
pub fn draw_chart(
    context: &BlockContext<'_>,
    key: &DatasetKey,
    dataset: &Dataset,
    kind: ChartKind,
    x: usize,
    ys: &[usize],
    title: Option<String>,
    index: usize,
) -> Drawn {
    let plot = build_plot(kind, title, dataset, x, ys);
    let svg_id = format!("{}chart-{}", context.id_prefix, index + 1);
    let description = describe::describe(&plot);
    // One drawing serves every width: laid out for a phone's column, it widens with the page
    // and its text stays as large as the page's small print (see `canvas`).
    let canvas = match kind {
        ChartKind::Bar | ChartKind::StackedBar => bar::draw(&plot, false),
        ChartKind::Progress => progress::draw(&plot),
        ChartKind::Hbar => bar::draw(&plot, true),
        ChartKind::Line => line::draw(&plot),
    };
    let svg = canvas.into_svg(&svg_id, &plot.title, &description);

    let mut columns = vec![x];
    columns.extend(ys);
    let html = figure_html(context, dataset, key, &plot.title, &svg_id, &svg, &columns);
    Drawn {
        html,
        dataset: key.clone(),
        is_chart: true,
    }
}

fn build_plot(
    kind: ChartKind,
    title: Option<String>,
    dataset: &Dataset,
    x: usize,
    ys: &[usize],
) -> Plot {
    let x_kind = dataset.columns[x].kind;
    let categories = dataset
        .rows
        .iter()
        .map(|row| format::cell_short(&row[x], x_kind))
        .collect();
    let positions = x_kind.is_time().then(|| {
        dataset
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| match &row[x] {
                Cell::Date(date) => date.axis_position(),
                Cell::Period(period) => period.axis_position(),
                _ => i as f64,
            })
            .collect()
    });
    let mut gaps = Vec::new();
    let series = ys
        .iter()
        .map(|&y| Series {
            label: dataset.columns[y].label.clone(),
            values: dataset
                .rows
                .iter()
                .map(|row| {
                    let value = row[y].number();
                    if value.is_none() {
                        let what = match &row[y] {
                            Cell::Suppressed(code) => format!("suppressed [{code}]"),
                            _ => "not known".to_owned(),
                        };
                        gaps.push((
                            format::cell_short(&row[x], x_kind),
                            dataset.columns[y].label.clone(),
                            what,
                        ));
                    }
                    value
                })
                .collect(),
        })
        .collect();
    Plot {
        kind,
        title: title.unwrap_or_else(|| dataset.title.clone()),
        x_label: dataset.columns[x].label.clone(),
        categories,
        positions,
        series,
        value_kind: dataset.columns[ys[0]].kind,
        unit: dataset.unit_of(ys[0]).map(str::to_owned),
        gaps,
    }
}

/// The caption's source, after the unit of the columns shown: one unit when they share it
/// ("Unit: FTE."), each column's where they differ ("Units: Teams (teams), Posts (FTE).").
fn source_line(dataset: &Dataset, columns: &[usize]) -> String {
    let source = format!("Source: {}", escape(&dataset.source));
    let units: Vec<(&str, &str)> = columns
        .iter()
        .filter(|&&c| dataset.columns[c].kind == ColumnType::Number)
        .filter_map(|&c| Some((dataset.columns[c].label.as_str(), dataset.unit_of(c)?)))
        .collect();
    let mut distinct: Vec<&str> = units.iter().map(|(_, unit)| *unit).collect();
    distinct.dedup();
    match (distinct.as_slice(), units.len()) {
        ([], _) => source,
        ([unit], n)
            if n == columns
                .iter()
                .filter(|&&c| dataset.columns[c].kind == ColumnType::Number)
                .count() =>
        {
            format!("Unit: {}. {source}", escape(unit))
        }
        _ => {
            let each: Vec<String> = units
                .iter()
                .map(|(label, unit)| format!("{} ({})", escape(label), escape(unit)))
                .collect();
            format!("Units: {}. {source}", each.join(", "))
        }
    }
}

fn notes_html(dataset: &Dataset) -> String {
    let mut html = String::new();
    if let Some(notes) = &dataset.notes {
        html.push_str(&format!(
            "<p class=\"data-notes\">Note: {}</p>",
            escape(notes.trim())
        ));
    }
    let codes = dataset.suppression_codes();
    if !codes.is_empty() {
        html.push_str("<p class=\"data-notes\">Suppressed values: ");
        let items: Vec<String> = codes
            .iter()
            .map(|(code, meaning)| format!("[{code}] {meaning}"))
            .collect();
        html.push_str(&escape(&items.join("; ")));
        html.push_str(".</p>");
    }
    html
}

fn csv_link(context: &BlockContext<'_>, dataset: &Dataset, key: &DatasetKey) -> String {
    format!(
        "<p class=\"data-download\"><a href=\"{}\">Download the data: {} (CSV, {} rows)</a></p>",
        escape(&csv_href(context.root, key)),
        escape(&dataset.title),
        dataset.rows.len()
    )
}

fn figure_html(
    context: &BlockContext<'_>,
    dataset: &Dataset,
    key: &DatasetKey,
    title: &str,
    svg_id: &str,
    svg: &str,
    columns: &[usize],
) -> String {
    let table = data_table(dataset, columns, &format!("Data for the chart: {title}"));
    let svg_id = escape(svg_id);
    format!(
        "<figure class=\"chart\" id=\"{svg_id}-figure\">\n<figcaption><span class=\"chart-title\">{}</span> <span class=\"chart-source\">{}</span></figcaption>\n{svg}\n{}<details class=\"chart-data\"><summary>Show the data in this chart as a table</summary>\n{table}</details>\n{}</figure>\n",
        escape(title),
        source_line(dataset, columns),
        notes_html(dataset),
        csv_link(context, dataset, key),
    )
}

fn render_table(
    context: &BlockContext<'_>,
    yaml: &str,
    line: usize,
) -> Result<Drawn, Vec<Diagnostic>> {
    let spec: TableSpec = parse_spec(context, yaml, line)?;
    let (key, dataset) = resolve_dataset(context, &spec.data, yaml, line)?;
    let columns: Vec<usize> = match &spec.columns {
        None => (0..dataset.columns.len()).collect(),
        Some(ids) => {
            let mut problems = Vec::new();
            let found = ids
                .iter()
                .filter_map(|id| {
                    resolve_column(context, dataset, id, "columns", yaml, line)
                        .map_err(|d| problems.push(d))
                        .ok()
                })
                .collect();
            if !problems.is_empty() {
                return Err(problems);
            }
            found
        }
    };
    let title = spec.title.unwrap_or_else(|| dataset.title.clone());
    let html = format!(
        "<div class=\"data-table\">\n{}<p class=\"chart-source\">{}</p>\n{}{}</div>\n",
        data_table(dataset, &columns, &title),
        source_line(dataset, &columns),
        notes_html(dataset),
        csv_link(context, dataset, &key),
    );
    Ok(Drawn {
        html,
        dataset: key,
        is_chart: false,
    })
}
