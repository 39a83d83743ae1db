//! `scrutiny import dfe`: a Department for Education statistics CSV (children's social care and
//! the like, as published by Explore Education Statistics) turned into a dataset with England
//! and one authority side by side. Suppression codes are kept as typed suppressed cells.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::content::{Period, PeriodKind};

/// What to import.
#[derive(Debug, Clone)]
pub struct DfeImport {
    pub csv: PathBuf,
    /// The local authority: its new or old code (E08000027) or its name.
    pub la: String,
    /// The site's authority folder to write the dataset into.
    pub authority: String,
    /// The CSV column that holds the values (`number`, `rate_per_10000`…).
    pub measure: Option<String>,
    /// The dataset id; `dfe-<measure>` by default.
    pub id: Option<String>,
    /// Bring an existing dataset up to date: new periods added, published ones replaced,
    /// the title, source, notes and labels as the author left them.
    pub update: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {why}")]
    Read { path: String, why: String },
    #[error("{path} has no `{wanted}` column (its columns are: {columns})")]
    MissingColumn {
        path: String,
        wanted: String,
        columns: String,
    },
    #[error("{path} has no rows for the local authority `{la}`{hint}")]
    NoAuthority {
        path: String,
        la: String,
        hint: String,
    },
    #[error("{path} has no rows for England (geographic_level National)")]
    NoEngland { path: String },
    #[error("there is no authority folder content/{0}; make it with: scrutiny new authority {0}")]
    NoFolder(String),
    #[error(
        "{0} already exists; add --update to bring it up to date with this file's figures, or give another --id"
    )]
    Exists(String),
    #[error(
        "{path} cannot be updated: {why}; import into a new dataset with --id, or remove the file"
    )]
    NotUpdatable { path: String, why: String },
    #[error("cannot write {path}: {why}")]
    Write { path: String, why: String },
}

/// The names the same column has had in different releases.
const ALIASES: &[(&str, &[&str])] = &[
    ("time_period", &["time_period", "period", "year"]),
    ("time_identifier", &["time_identifier"]),
    (
        "geographic_level",
        &["geographic_level", "geography_level", "level"],
    ),
    (
        "la_name",
        &["la_name", "local_authority", "local_authority_name", "la"],
    ),
    (
        "new_la_code",
        &["new_la_code", "la_code", "new_la_code_2023", "lad_code"],
    ),
    ("old_la_code", &["old_la_code", "la_code_old"]),
];

const CODES: [&str; 6] = ["c", "low", "k", "u", "x", "z"];

fn find_column(headers: &[String], wanted: &str) -> Option<usize> {
    let names = ALIASES
        .iter()
        .find(|(name, _)| *name == wanted)
        .map_or(&[][..], |(_, names)| *names);
    headers.iter().position(|h| {
        let h = h.trim().to_ascii_lowercase();
        h == wanted || names.contains(&h.as_str())
    })
}

/// `202324` → "2023 to 2024"; `2024` → "2024": a period whose kind the import does not
/// know, written as text.
pub fn period_label(period: &str) -> String {
    let digits = period.trim();
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let start: u32 = digits[..4].parse().unwrap_or(0);
        format!("{start} to {}", start + 1)
    } else {
        digits.to_owned()
    }
}

/// A DfE `time_period` read by its `time_identifier`: `202324` with "Financial year" is the
/// financial year 2023/24, with "Academic year" the academic year 2023/24; `2023` with
/// "Calendar year" is 2023, with "Calendar year Q1" the quarter 2023 Q1. "Reporting year"
/// and "Tax year" run from April, as the statistics that use them say (children looked after
/// are counted in the year to 31 March). `None` for any other identifier (terms, months,
/// weeks), which is kept as text.
pub fn dfe_period(period: &str, identifier: &str) -> Option<Period> {
    let period = period.trim();
    let identifier = identifier.trim().to_ascii_lowercase();
    let two_years = period.len() == 6;
    let (base, quarter) = match identifier.rsplit_once(' ') {
        Some((base, q)) if q.len() == 2 && q.starts_with('q') => (base, Some(q)),
        _ => (identifier.as_str(), None),
    };
    let kind = match (base, quarter, two_years) {
        ("calendar year", None, false) | ("reporting year", None, false) => PeriodKind::Year,
        ("financial year" | "tax year" | "reporting year", None, true) => PeriodKind::FinancialYear,
        ("academic year", None, true) => PeriodKind::AcademicYear,
        ("calendar year", Some(_), false) => PeriodKind::Quarter,
        ("financial year", Some(_), true) => PeriodKind::FinancialQuarter,
        _ => return None,
    };
    let text = match quarter {
        Some(q) => format!("{period} {}", q.to_ascii_uppercase()),
        None => period.to_owned(),
    };
    Period::parse(&text, kind).ok()
}

/// The label of an imported period column of `kind`.
fn period_column_label(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Year => "Year",
        PeriodKind::FinancialYear => "Financial year",
        PeriodKind::AcademicYear => "Academic year",
        PeriodKind::Quarter | PeriodKind::FinancialQuarter => "Quarter",
    }
}

/// A value as a YAML cell: a number, `null` for an empty cell, or a suppression code.
fn cell(value: &str) -> String {
    let value = value.trim();
    if value.is_empty() || value == ":" || value == ".." {
        return "null".into();
    }
    let lower = value.to_ascii_lowercase();
    if CODES.contains(&lower.as_str()) {
        return format!("{{ suppressed: {lower} }}");
    }
    let plain = value.replace(',', "");
    match plain.parse::<f64>() {
        Ok(number) if number.is_finite() => plain,
        _ => "{ suppressed: x }".into(),
    }
}

/// A YAML double-quoted string holding `text` exactly: quotes, backslashes, control
/// characters and line separators escaped, so that nothing in a downloaded file can end the
/// string, start another field or break the line.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What an import wrote, and what the officer should look at in it.
#[derive(Debug)]
pub struct Imported {
    pub path: PathBuf,
    pub warnings: Vec<String>,
}

/// Warns of a text from the downloaded file that a spreadsheet would read as a formula. It is
/// kept as published; the site's CSV files neutralise it (see [`crate::output::spreadsheet`]).
fn formula_warning(file: &str, what: &str, text: &str) -> Option<String> {
    crate::output::spreadsheet::reads_as_formula(text).then(|| {
        format!(
            "{file}: the {what} \"{}\" starts like a spreadsheet formula. It is kept as text in the dataset, and the site's CSV files write it with a leading ' so that a spreadsheet shows it rather than runs it; check the downloaded file came from the publisher",
            text.escape_debug()
        )
    })
}

/// The figures read from a CSV: England's and the authority's by period as published.
struct Figures {
    /// Keyed by (time period, time identifier), in the file's order of periods.
    england: BTreeMap<(String, String), String>,
    local: BTreeMap<(String, String), String>,
    la_name: Option<String>,
}

/// One row of the dataset to write: the period as its cell, then England's and the
/// authority's values as YAML.
struct Row {
    period: String,
    order: Option<Period>,
    england: String,
    local: String,
}

/// Imports the CSV; returns the dataset file written, with warnings about what it holds.
pub fn import(root: &Path, import: &DfeImport) -> Result<Imported, ImportError> {
    let path = import.csv.display().to_string();
    let measure = import.measure.clone().unwrap_or_else(|| "number".into());
    let figures = read_figures(import, &path, &measure)?;
    let la_label = figures.la_name.clone().unwrap_or_else(|| import.la.clone());
    let folder = root.join("content").join(&import.authority);
    if !folder.join("authority.yaml").is_file() {
        return Err(ImportError::NoFolder(import.authority.clone()));
    }
    let id = import
        .id
        .clone()
        .unwrap_or_else(|| format!("dfe-{}", slug::slugify(&measure)));
    let target = folder.join("data").join(format!("{id}.yaml"));
    let existing = if target.exists() {
        if !import.update {
            return Err(ImportError::Exists(target.display().to_string()));
        }
        Some(read_existing(&target)?)
    } else {
        None
    };
    let file_name = import
        .csv
        .file_name()
        .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
    let mut warnings: Vec<String> = std::iter::once(("local authority name", la_label.as_str()))
        .chain(
            figures
                .local
                .keys()
                .map(|(p, _)| ("time period", p.as_str())),
        )
        .chain(
            figures
                .england
                .keys()
                .map(|(p, _)| ("time period", p.as_str())),
        )
        .filter_map(|(what, text)| formula_warning(&file_name, what, text))
        .collect();
    warnings.dedup();
    let (kind, mut rows) = rows(&figures);
    if kind.is_none() {
        let identifiers: Vec<&str> = {
            let mut all: Vec<&str> = figures.local.keys().map(|(_, i)| i.as_str()).collect();
            all.sort_unstable();
            all.dedup();
            all
        };
        warnings.push(format!(
            "{file_name}: the periods ({}) are not years, financial or academic years or quarters, so they are written as text: a bar chart can draw them, a line chart cannot",
            identifiers.join(", ")
        ));
    }
    if let Some(existing) = &existing {
        rows = merge(existing, rows, kind, &target)?;
    }
    let file_name: String = file_name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let heading = existing.as_ref().map_or_else(
        || Heading {
            title: format!("{}: {la_label} and England", measure.replace('_', " ")),
            source: format!("Department for Education, {file_name}"),
            measure: Some(slug::slugify(&measure)),
            unit: None,
            notes: None,
            labels: [
                kind.map_or("Period", period_column_label).to_owned(),
                "England".to_owned(),
                la_label.clone(),
            ],
        },
        |existing| existing.heading.clone(),
    );
    let yaml = dataset_yaml(&heading, &file_name, kind, &rows);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ImportError::Write {
            path: parent.display().to_string(),
            why: e.to_string(),
        })?;
    }
    std::fs::write(&target, yaml).map_err(|e| ImportError::Write {
        path: target.display().to_string(),
        why: e.to_string(),
    })?;
    Ok(Imported {
        path: target,
        warnings,
    })
}

/// Reads England's and the authority's figures from the CSV; an authority not found is an
/// error that names the nearest of the authorities the file holds.
fn read_figures(import: &DfeImport, path: &str, measure: &str) -> Result<Figures, ImportError> {
    let read_error = |e: csv::Error| ImportError::Read {
        path: path.to_owned(),
        why: e.to_string(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&import.csv)
        .map_err(read_error)?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(read_error)?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let missing = |wanted: &str| ImportError::MissingColumn {
        path: path.to_owned(),
        wanted: wanted.to_owned(),
        columns: headers.join(", "),
    };
    let period = find_column(&headers, "time_period").ok_or_else(|| missing("time_period"))?;
    let identifier = find_column(&headers, "time_identifier");
    let level =
        find_column(&headers, "geographic_level").ok_or_else(|| missing("geographic_level"))?;
    let name = find_column(&headers, "la_name");
    let new_code = find_column(&headers, "new_la_code");
    let old_code = find_column(&headers, "old_la_code");
    let value = headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(measure))
        .ok_or_else(|| missing(measure))?;

    let la = import.la.trim().to_ascii_lowercase();
    let mut figures = Figures {
        england: BTreeMap::new(),
        local: BTreeMap::new(),
        la_name: None,
    };
    let mut known: Vec<String> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(read_error)?;
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let level_value = field(Some(level)).to_ascii_lowercase();
        let key = (field(Some(period)), field(identifier));
        if level_value == "national" {
            figures.england.insert(key, field(Some(value)));
        } else if level_value == "local authority" {
            let candidates = [field(new_code), field(old_code), field(name)];
            let matches = candidates
                .iter()
                .any(|candidate| !candidate.is_empty() && candidate.to_ascii_lowercase() == la);
            if matches {
                figures.la_name = Some(field(name))
                    .filter(|n| !n.is_empty())
                    .or(figures.la_name);
                figures.local.insert(key, field(Some(value)));
            } else {
                known.extend(candidates.into_iter().filter(|c| !c.is_empty()));
            }
        }
    }
    if figures.local.is_empty() {
        known.sort_unstable();
        known.dedup();
        let hint = crate::diagnostic::nearest(&import.la, known.iter().map(String::as_str))
            .map_or_else(
                || {
                    "; give its code (E08000027), its old code (332) or its name as the file writes it"
                        .to_owned()
                },
                |near| format!("; {}", crate::diagnostic::did_you_mean(near)),
            );
        return Err(ImportError::NoAuthority {
            path: path.to_owned(),
            la: import.la.clone(),
            hint,
        });
    }
    if figures.england.is_empty() {
        return Err(ImportError::NoEngland {
            path: path.to_owned(),
        });
    }
    Ok(figures)
}

/// The rows to write, in time order, and the kind of period they hold when all are of one
/// kind the dataset knows; otherwise the periods are text as before.
fn rows(figures: &Figures) -> (Option<PeriodKind>, Vec<Row>) {
    let mut keys: Vec<&(String, String)> =
        figures.england.keys().chain(figures.local.keys()).collect();
    keys.sort();
    keys.dedup();
    let periods: Vec<Option<Period>> = keys.iter().map(|(p, i)| dfe_period(p, i)).collect();
    let kind = periods
        .first()
        .copied()
        .flatten()
        .map(|p| p.kind)
        .filter(|kind| periods.iter().all(|p| p.is_some_and(|p| p.kind == *kind)));
    let mut rows: Vec<Row> = keys
        .iter()
        .zip(&periods)
        .map(|(key, period)| Row {
            period: match (kind, period) {
                (Some(_), Some(period)) => period.label(),
                _ => period_label(&key.0),
            },
            order: kind.and(*period),
            england: figures.england.get(*key).map_or("null".into(), |v| cell(v)),
            local: figures.local.get(*key).map_or("null".into(), |v| cell(v)),
        })
        .collect();
    rows.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.period.cmp(&b.period)));
    (kind, rows)
}

/// What an author may have edited in a dataset: kept when it is brought up to date.
#[derive(Debug, Clone)]
struct Heading {
    title: String,
    source: String,
    measure: Option<String>,
    unit: Option<String>,
    notes: Option<String>,
    labels: [String; 3],
}

/// A dataset written by an earlier import, to be brought up to date.
struct Existing {
    heading: Heading,
    rows: Vec<[serde_yaml::Value; 3]>,
}

fn read_existing(target: &Path) -> Result<Existing, ImportError> {
    let shown = target.display().to_string();
    let not_updatable = |why: String| ImportError::NotUpdatable {
        path: shown.clone(),
        why,
    };
    let text = std::fs::read_to_string(target).map_err(|e| ImportError::Read {
        path: shown.clone(),
        why: e.to_string(),
    })?;
    let file: crate::content::dataset::DatasetFile = serde_yaml::from_str(&text)
        .map_err(|e| not_updatable(format!("it does not read as a dataset ({e})")))?;
    let [period, england, local] = file.columns.as_slice() else {
        return Err(not_updatable(format!(
            "it has {} columns, not the three an import writes (period, england, authority)",
            file.columns.len()
        )));
    };
    let rows = file
        .rows
        .into_iter()
        .enumerate()
        .map(|(at, row)| {
            <[serde_yaml::Value; 3]>::try_from(row)
                .map_err(|_| not_updatable(format!("row {} does not have three cells", at + 1)))
        })
        .collect::<Result<_, _>>()?;
    Ok(Existing {
        heading: Heading {
            title: file.title,
            source: file.source,
            measure: file.measure,
            unit: file.unit,
            notes: file.notes,
            labels: [
                period.label.clone(),
                england.label.clone(),
                local.label.clone(),
            ],
        },
        rows,
    })
}

/// The rows of an existing dataset with the new ones put in: a period the file already has is
/// replaced by the new figures, a new period added, and one the file no longer publishes kept.
fn merge(
    existing: &Existing,
    new: Vec<Row>,
    kind: Option<PeriodKind>,
    target: &Path,
) -> Result<Vec<Row>, ImportError> {
    let mut merged: Vec<Row> = Vec::new();
    for (at, [period, england, local]) in existing.rows.iter().enumerate() {
        let text = match period {
            serde_yaml::Value::String(s) => s.clone(),
            serde_yaml::Value::Number(n) => n.to_string(),
            _ => {
                return Err(ImportError::NotUpdatable {
                    path: target.display().to_string(),
                    why: format!("row {} has no period", at + 1),
                });
            }
        };
        let order = match kind {
            Some(kind) => {
                Some(
                    Period::parse(&text, kind).map_err(|why| ImportError::NotUpdatable {
                        path: target.display().to_string(),
                        why: format!("row {}: {why}", at + 1),
                    })?,
                )
            }
            None => None,
        };
        merged.push(Row {
            period: order.map_or(text, |p| p.label()),
            order,
            england: yaml_cell(england),
            local: yaml_cell(local),
        });
    }
    for row in new {
        match merged.iter_mut().find(|old| old.period == row.period) {
            Some(old) => *old = row,
            None => merged.push(row),
        }
    }
    merged.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.period.cmp(&b.period)));
    Ok(merged)
}

/// A cell of an existing dataset written back as it was.
fn yaml_cell(value: &serde_yaml::Value) -> String {
    use serde_yaml::Value;
    match value {
        Value::Null => "null".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Mapping(map) => match map.get("suppressed").and_then(Value::as_str) {
            Some(code) if CODES.contains(&code) => format!("{{ suppressed: {code} }}"),
            _ => "null".into(),
        },
        _ => "null".into(),
    }
}

fn dataset_yaml(
    heading: &Heading,
    file_name: &str,
    kind: Option<PeriodKind>,
    rows: &[Row],
) -> String {
    let mut yaml = format!(
        "# Imported from {file_name} by scrutiny import dfe. Edit the title and source as needed;\n# scrutiny import dfe --update keeps them when it adds next year's figures.\ntitle: {}\nsource: {}\n",
        quote(&heading.title),
        quote(&heading.source),
    );
    for (field, value) in [
        ("measure", &heading.measure),
        ("unit", &heading.unit),
        ("notes", &heading.notes),
    ] {
        if let Some(value) = value {
            yaml.push_str(&format!("{field}: {}\n", quote(value)));
        }
    }
    let period = kind.map_or(String::new(), |kind| format!(", period: {}", kind.name()));
    yaml.push_str(&format!(
        "columns:\n  - {{ id: period, label: {}{period} }}\n  - {{ id: england, label: {}, type: number }}\n  - {{ id: authority, label: {}, type: number }}\nrows:\n",
        quote(&heading.labels[0]),
        quote(&heading.labels[1]),
        quote(&heading.labels[2]),
    ));
    for row in rows {
        yaml.push_str(&format!(
            "  - [{}, {}, {}]\n",
            quote(&row.period),
            row.england,
            row.local
        ));
    }
    yaml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_cells_read_as_published() {
        assert_eq!(period_label("202324"), "2023 to 2024");
        assert_eq!(period_label("199900"), "1999 to 2000");
        assert_eq!(period_label("2024"), "2024");
        assert_eq!(cell("1,234"), "1234");
        assert_eq!(cell("c"), "{ suppressed: c }");
        assert_eq!(cell("LOW"), "{ suppressed: low }");
        assert_eq!(cell(""), "null");
        assert_eq!(cell("=1+1"), "{ suppressed: x }");
    }

    #[test]
    fn quoted_text_reads_back_exactly() {
        for text in [
            "plain",
            "a \"b\" \\ c",
            "line\nbreak\r\ttab\u{1b}[31m",
            "=HYPERLINK(\"x\")",
            "\u{2028}#",
        ] {
            let yaml = format!("value: {}\n", quote(text));
            let read: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(read["value"], text, "{yaml}");
        }
    }
}
