//! Datasets: tables with typed columns, one YAML file each, from which charts, tables and
//! figures are drawn.

use serde::Deserialize;

use super::PartialDate;

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
}

impl ColumnType {
    /// Number, percent and money columns can be drawn as a series.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ColumnType::Number | ColumnType::Percent | ColumnType::Money
        )
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
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<serde_yaml::Value>>,
}

impl DatasetFile {
    pub const FIELDS: &'static [&'static str] = &[
        "title", "source", "measure", "unit", "notes", "columns", "rows",
    ];
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

    /// The unit of a column: its own, or the dataset's.
    pub fn unit_of(&self, column: usize) -> Option<&str> {
        self.columns[column]
            .unit
            .as_deref()
            .or(self.unit.as_deref())
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
    }
}
