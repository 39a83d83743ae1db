//! Datasets: tables with typed columns, one YAML file each, from which charts, tables and
//! figures are drawn.

use std::cell::OnceCell;

use serde::Deserialize;

use super::places::{self, Node};
use super::{PartialDate, Period, PeriodKind, fingerprint, source};
use crate::diagnostic::{Diagnostic, Edit};

/// What a column holds, which decides how its values are read, formatted and drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    #[default]
    Text,
    Number,
    Percent,
    Money,
    Date,
    /// A year, financial or academic year or quarter: the column's `period` says which.
    Period,
}

impl ColumnType {
    /// Number, percent and money columns can be drawn as a series.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ColumnType::Number | ColumnType::Percent | ColumnType::Money
        )
    }

    /// Date and period columns place their rows in time, as along a line chart's axis.
    pub fn is_time(self) -> bool {
        matches!(self, ColumnType::Date | ColumnType::Period)
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub id: String,
    pub label: String,
    #[serde(default, rename = "type")]
    pub kind: ColumnType,
    #[serde(default)]
    pub unit: Option<String>,
    /// For a period column, which kind of period it holds; the dataset's `period` by default.
    #[serde(default)]
    pub period: Option<PeriodKind>,
}

/// Official statistics' suppression codes, shown as published with a legend.
pub const SUPPRESSION_CODES: [(&str, &str); 6] = [
    ("c", "confidential: suppressed to protect individuals"),
    ("low", "rounds to zero, but is not zero"),
    ("k", "a value between 0 and 0.5"),
    ("u", "low reliability"),
    ("x", "not available"),
    ("z", "not applicable"),
];

/// One cell of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Not known: shown as "not known", drawn as a gap, never as 0.
    Missing,
    /// Withheld under a suppression code (`c`, `low`, `k`, `u`, `x`, `z`).
    Suppressed(String),
    Text(String),
    Number(f64),
    Date(PartialDate),
    Period(Period),
}

impl Cell {
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// A dataset file as written.
#[derive(Debug, Clone, Deserialize)]
pub struct DatasetFile {
    pub title: String,
    pub source: String,
    #[serde(default)]
    pub measure: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The kind of period of the dataset's period columns, where a column does not say.
    #[serde(default)]
    pub period: Option<PeriodKind>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<serde_yaml::Value>>,
}

impl super::source::Fields for DatasetFile {
    const WHAT: &'static str = "this dataset";
    const REQUIRED: &'static [&'static str] = &["title", "source", "columns", "rows"];
}

/// The table of a dataset file alone, read when the rest of the file has problems, so that
/// the rows' problems are found in the same run.
#[derive(Debug, Deserialize)]
struct TableOnly {
    #[serde(default)]
    period: Option<PeriodKind>,
    #[serde(default)]
    columns: Vec<Column>,
    #[serde(default)]
    rows: Vec<Vec<serde_yaml::Value>>,
}

/// A loaded dataset with every cell typed by its column.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub id: String,
    /// Path of the source file relative to the site root.
    pub file: String,
    pub title: String,
    pub source: String,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub notes: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// A fingerprint of the file, so that a preview can tell what changed.
    pub fingerprint: u64,
}

impl Dataset {
    pub fn column_index(&self, id: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.id == id)
    }

    pub fn column_ids(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.id.as_str())
    }

    /// The unit of a column: its own, or the dataset's. A column whose own unit is empty
    /// (`unit: ""`) has none, though the dataset's other columns do.
    pub fn unit_of(&self, column: usize) -> Option<&str> {
        self.columns[column]
            .unit
            .as_deref()
            .or(self.unit.as_deref())
            .filter(|unit| !unit.trim().is_empty())
    }

    /// The suppression codes used anywhere in the dataset, in the order of the legend.
    pub fn suppression_codes(&self) -> Vec<(&'static str, &'static str)> {
        SUPPRESSION_CODES
            .iter()
            .filter(|(code, _)| {
                self.rows
                    .iter()
                    .flatten()
                    .any(|cell| matches!(cell, Cell::Suppressed(c) if c == code))
            })
            .copied()
            .collect()
    }
}

/// Reads one cell by its column's type; the error says what was expected.
pub fn read_cell(value: &serde_yaml::Value, column: &Column) -> Result<Cell, String> {
    use serde_yaml::Value;
    match value {
        Value::Null => return Ok(Cell::Missing),
        Value::Mapping(map) => {
            let code = map.get("suppressed").and_then(Value::as_str);
            return match code {
                Some(code) if SUPPRESSION_CODES.iter().any(|(c, _)| *c == code) => {
                    Ok(Cell::Suppressed(code.to_owned()))
                }
                Some(code) => Err(format!(
                    "`{code}` is not a suppression code; use one of c, low, k, u, x, z"
                )),
                None => Err("a cell can be a value, null, or { suppressed: c }".into()),
            };
        }
        _ => {}
    }
    match column.kind {
        ColumnType::Text => match value {
            Value::String(s) => Ok(Cell::Text(s.clone())),
            Value::Number(n) => Ok(Cell::Text(n.to_string())),
            Value::Bool(b) => Ok(Cell::Text(b.to_string())),
            _ => Err(format!("column `{}` holds text, not a list", column.id)),
        },
        ColumnType::Number | ColumnType::Percent | ColumnType::Money => match value {
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .map(Cell::Number)
                .ok_or_else(|| format!("`{n}` is not a usable number")),
            Value::String(s) => Err(format!(
                "column `{}` holds numbers, but this cell is the text \"{s}\"",
                column.id
            )),
            _ => Err(format!("column `{}` holds numbers", column.id)),
        },
        ColumnType::Date => match value {
            Value::String(s) => PartialDate::parse(s).map(Cell::Date),
            _ => Err(format!(
                "column `{}` holds dates: write 2023-07-19 or 2021-12",
                column.id
            )),
        },
        ColumnType::Period => {
            let kind = column.period.unwrap_or(PeriodKind::Year);
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                _ => {
                    return Err(format!(
                        "column `{}` holds {}: write {}",
                        column.id,
                        kind.plural(),
                        kind.example()
                    ));
                }
            };
            Period::parse(&text, kind).map(Cell::Period)
        }
    }
}

/// Settles which kind of period each period column holds: its own `period`, or the
/// dataset's. A column given a `period` without a type is a period column. A period column
/// that neither says is a problem at the column, since `2019/20` could start in April or in
/// September.
fn settle_periods(
    columns: &mut [Column],
    dataset_period: Option<PeriodKind>,
    text: &str,
    display: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let mut ok = true;
    for (index, column) in columns.iter_mut().enumerate() {
        if column.period.is_some() && column.kind == ColumnType::Text {
            column.kind = ColumnType::Period;
        }
        if column.kind != ColumnType::Period {
            if column.period.is_some() {
                let place = places::value(
                    text,
                    1,
                    &[
                        places::Step::Key("columns"),
                        places::Step::Index(index),
                        places::Step::Key("period"),
                    ],
                )
                .unwrap_or((1, 1));
                diagnostics.push(
                    Diagnostic::error(
                        display,
                        format!(
                            "column `{}` has a `period`, but its type is not period",
                            column.id
                        ),
                    )
                    .at(place.0, place.1)
                    .with_hint("leave out `type`, or write type: period"),
                );
                ok = false;
            }
            continue;
        }
        match column.period.or(dataset_period) {
            Some(kind) => column.period = Some(kind),
            None => {
                let place = places::value(
                    text,
                    1,
                    &[
                        places::Step::Key("columns"),
                        places::Step::Index(index),
                        places::Step::Key("type"),
                    ],
                )
                .unwrap_or((1, 1));
                diagnostics.push(
                    Diagnostic::error(
                        display,
                        format!(
                            "column `{}` holds periods, but does not say which kind",
                            column.id
                        ),
                    )
                    .at(place.0, place.1)
                    .with_hint(format!(
                        "add period: financial-year (April to March) or academic-year (September to August), or one of: {}",
                        PeriodKind::NAMES.join(", ")
                    )),
                );
                ok = false;
            }
        }
    }
    ok
}

/// Reads a dataset file: its fields, then every row by its columns' types. The rows are
/// checked even when other fields have problems, so that one run names them all.
pub fn read(
    text: &str,
    display: &str,
    id: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Dataset> {
    let Some(mut file) = source::parse_fields::<DatasetFile>(text, display, 1, diagnostics) else {
        if let Ok(mut table) = serde_yaml::from_str::<TableOnly>(text)
            && !table.columns.is_empty()
            && settle_periods(&mut table.columns, table.period, text, display, diagnostics)
        {
            type_rows(&table.columns, &table.rows, text, display, diagnostics);
        }
        return None;
    };
    if !settle_periods(&mut file.columns, file.period, text, display, diagnostics) {
        return None;
    }
    let rows = type_rows(&file.columns, &file.rows, text, display, diagnostics)?;
    Some(Dataset {
        id,
        file: display.to_owned(),
        title: super::typeset(&file.title),
        source: file.source,
        measure: file.measure,
        unit: file.unit,
        notes: file.notes.as_deref().map(super::typeset),
        columns: file.columns,
        rows,
        fingerprint: fingerprint(text.as_bytes()),
    })
}

/// Types every cell of every row by its column; `None` when any row has a problem, each
/// reported at the row's or the cell's place. The file is read for places only when there
/// is a problem to place, so that a large dataset loads in linear time.
fn type_rows(
    columns: &[Column],
    rows: &[Vec<serde_yaml::Value>],
    text: &str,
    display: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Vec<Cell>>> {
    let tree: OnceCell<Option<Node>> = OnceCell::new();
    let row_node = |index: usize| -> Option<Node> {
        let tree = tree.get_or_init(|| places::parse(text, 1).ok()).as_ref()?;
        tree.get("rows")?.items().get(index).cloned()
    };
    let mut typed = Vec::with_capacity(rows.len());
    let mut ok = true;
    for (index, row) in rows.iter().enumerate() {
        if row.len() != columns.len() {
            ok = false;
            let node = row_node(index);
            diagnostics.push(wrong_length(
                index,
                row.len(),
                columns,
                node.as_ref(),
                text,
                display,
            ));
            continue;
        }
        let mut cells = Vec::with_capacity(row.len());
        for (at, (value, column)) in row.iter().zip(columns).enumerate() {
            match read_cell(value, column) {
                Ok(cell) => cells.push(cell),
                Err(message) => {
                    ok = false;
                    let place = row_node(index)
                        .and_then(|row| row.items().get(at).map(Node::place))
                        .unwrap_or((1, 1));
                    let mut problem =
                        Diagnostic::error(display, format!("row {}: {message}", index + 1))
                            .at(place.0, place.1);
                    if let serde_yaml::Value::String(s) = value
                        && column.kind.is_numeric()
                        && is_written_with_commas(s)
                    {
                        problem = problem.with_hint(format!(
                            "write numbers without commas: {}",
                            s.replace(',', "")
                        ));
                    }
                    diagnostics.push(problem);
                    cells.push(Cell::Missing);
                }
            }
        }
        typed.push(cells);
    }
    ok.then_some(typed)
}

/// `1,234` or `12,000.5`: a number as Word and Excel write it.
fn is_written_with_commas(text: &str) -> bool {
    let whole = text.split('.').next().unwrap_or_default();
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.trim_start_matches('-').len())
        && first
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// A row with too many or too few cells; where a number written with a comma (`1,234`) split
/// into two cells, the problem says so, with the fix.
fn wrong_length(
    index: usize,
    cells: usize,
    columns: &[Column],
    row: Option<&Node>,
    text: &str,
    display: &str,
) -> Diagnostic {
    let place = row.map_or((1, 1), Node::place);
    let message = format!(
        "row {} has {} cell{}, but the dataset has {} columns ({})",
        index + 1,
        cells,
        if cells == 1 { "" } else { "s" },
        columns.len(),
        columns
            .iter()
            .map(|c| c.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let split = row.and_then(|row| comma_splits(row, text));
    match split {
        Some((first, joined, edits)) if cells > columns.len() => {
            Diagnostic::error(
                display,
                format!("{message}: YAML reads the comma in {joined} as the end of a cell, so the number is split in two"),
            )
            .at(first.0, first.1)
            .with_hint(format!(
                "write numbers without commas: {}",
                joined.replace(',', "")
            ))
            .with_fix("take the commas out of the numbers", edits)
        }
        _ => Diagnostic::error(display, message)
            .at(place.0, place.1)
            .with_hint("give every row one cell per column; write null for a value that is not known"),
    }
}

/// Where a row's numbers were split by their thousands commas: the first such place, the
/// number as written, and the edits that join every one of them again.
fn comma_splits(row: &Node, text: &str) -> Option<((usize, usize), String, Vec<Edit>)> {
    let source = places::Source::new(text, 1);
    let cells = row.items();
    let mut first = None;
    let mut edits = Vec::new();
    let mut at = 0;
    while at + 1 < cells.len() {
        let (head, tail) = (&cells[at], &cells[at + 1]);
        let joined = source.between(head.start, tail.end).unwrap_or_default();
        let is_number = |node: &Node| {
            node.plain().is_some_and(|t| {
                !t.is_empty()
                    && t.trim_start_matches('-')
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'.')
            })
        };
        if is_number(head) && is_number(tail) && is_written_with_commas(joined) {
            // A number may be split more than once: 1,234,567.
            let mut end = at + 1;
            let mut whole = joined.to_owned();
            while let Some(next) = cells.get(end + 1) {
                match source.between(head.start, next.end) {
                    Some(longer) if is_number(next) && is_written_with_commas(longer) => {
                        whole = longer.to_owned();
                        end += 1;
                    }
                    _ => break,
                }
            }
            first.get_or_insert((head.place(), whole.clone()));
            edits.push(Edit {
                line: head.start.line,
                column: head.start.column,
                remove: whole.clone(),
                insert: whole.replace(',', ""),
            });
            at = end + 1;
        } else {
            at += 1;
        }
    }
    let (place, joined) = first?;
    Some((place, joined, edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &str = "title: T\nsource: S\ncolumns:\n  - { id: a, label: A, type: date }\n  - { id: b, label: B, type: number }\n";

    #[test]
    fn a_row_short_of_a_cell_is_placed_at_its_own_line() {
        let text = format!(
            "{COLUMNS}rows:\n  - [2020-01, 1]\n\n  - [2020-02, 2]\n  -   [2020-03]\n  - [2020-04, 4]\n"
        );
        let mut found = Vec::new();
        assert!(read(&text, "d.yaml", "d".into(), &mut found).is_none());
        let places: Vec<(usize, usize)> = found.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(places, [(10, 7)], "{found:?}");
        assert!(found[0].message.starts_with("row 3 has 1 cell, but"));
    }

    #[test]
    fn a_number_split_by_its_comma_is_explained_with_its_fix() {
        let text = format!("{COLUMNS}rows:\n  - [2012-10, 1,234]\n  - [2012-11, 1,234,567]\n");
        let mut found = Vec::new();
        assert!(read(&text, "d.yaml", "d".into(), &mut found).is_none());
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(
            found[0].message.ends_with(
                "YAML reads the comma in 1,234 as the end of a cell, so the number is split in two"
            ),
            "{}",
            found[0].message
        );
        assert_eq!((found[0].line, found[0].column), (7, 15));
        assert_eq!(
            found[0].hint.as_deref(),
            Some("write numbers without commas: 1234")
        );
        assert_eq!(found[1].fix.as_ref().unwrap().edits[0].insert, "1234567");
    }

    #[test]
    fn rows_are_checked_when_a_field_is_missing_too() {
        let text = "title: T\ncolumns:\n  - { id: a, label: A, type: number }\nrows:\n  - [x]\n";
        let mut found = Vec::new();
        assert!(read(text, "d.yaml", "d".into(), &mut found).is_none());
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:#?}");
        assert!(
            messages.iter().any(|m| m.contains("has no `source`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("row 1: column `a` holds numbers")),
            "{messages:?}"
        );
    }
}
