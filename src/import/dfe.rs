//! `scrutiny import dfe`: a Department for Education statistics CSV (children's social care and
//! the like, as published by Explore Education Statistics) turned into a dataset with England
//! and one authority side by side. Suppression codes are kept as typed suppressed cells.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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
    #[error("{path} has no rows for the local authority `{la}`")]
    NoAuthority { path: String, la: String },
    #[error("{path} has no rows for England (geographic_level National)")]
    NoEngland { path: String },
    #[error("there is no authority folder content/{0}; make it with: scrutiny new authority {0}")]
    NoFolder(String),
    #[error("{0} already exists; remove it or give another --id")]
    Exists(String),
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

/// `202324` → "2023 to 2024" (a financial or academic year); `2024` → "2024".
pub fn period_label(period: &str) -> String {
    let digits = period.trim();
    if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        let start: u32 = digits[..4].parse().unwrap_or(0);
        format!("{start} to {}", start + 1)
    } else {
        digits.to_owned()
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

/// Imports the CSV; returns the dataset file written, with warnings about what it holds.
pub fn import(root: &Path, import: &DfeImport) -> Result<Imported, ImportError> {
    let path = import.csv.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(&import.csv)
        .map_err(|e| ImportError::Read {
            path: path.clone(),
            why: e.to_string(),
        })?;
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| ImportError::Read {
            path: path.clone(),
            why: e.to_string(),
        })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let missing = |wanted: &str| ImportError::MissingColumn {
        path: path.clone(),
        wanted: wanted.to_owned(),
        columns: headers.join(", "),
    };
    let period = find_column(&headers, "time_period").ok_or_else(|| missing("time_period"))?;
    let level =
        find_column(&headers, "geographic_level").ok_or_else(|| missing("geographic_level"))?;
    let name = find_column(&headers, "la_name");
    let new_code = find_column(&headers, "new_la_code");
    let old_code = find_column(&headers, "old_la_code");
    let measure = import.measure.clone().unwrap_or_else(|| "number".into());
    let value = headers
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(&measure))
        .ok_or_else(|| missing(&measure))?;

    let la = import.la.trim().to_ascii_lowercase();
    let mut england: BTreeMap<String, String> = BTreeMap::new();
    let mut local: BTreeMap<String, String> = BTreeMap::new();
    let mut la_name = None;
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Read {
            path: path.clone(),
            why: e.to_string(),
        })?;
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_owned()
        };
        let level_value = field(Some(level)).to_ascii_lowercase();
        let key = field(Some(period));
        if level_value == "national" {
            england.insert(key.clone(), field(Some(value)));
        } else if level_value == "local authority" {
            let matches = [field(new_code), field(old_code), field(name)]
                .iter()
                .any(|candidate| !candidate.is_empty() && candidate.to_ascii_lowercase() == la);
            if matches {
                la_name = Some(field(name)).filter(|n| !n.is_empty()).or(la_name);
                local.insert(key, field(Some(value)));
            }
        }
    }
    if local.is_empty() {
        return Err(ImportError::NoAuthority {
            path,
            la: import.la.clone(),
        });
    }
    if england.is_empty() {
        return Err(ImportError::NoEngland { path });
    }
    let la_label = la_name.unwrap_or_else(|| import.la.clone());
    let folder = root.join("content").join(&import.authority);
    if !folder.join("authority.yaml").is_file() {
        return Err(ImportError::NoFolder(import.authority.clone()));
    }
    let id = import
        .id
        .clone()
        .unwrap_or_else(|| format!("dfe-{}", slug::slugify(&measure)));
    let target = folder.join("data").join(format!("{id}.yaml"));
    if target.exists() {
        return Err(ImportError::Exists(target.display().to_string()));
    }
    let mut periods: Vec<&String> = england.keys().chain(local.keys()).collect();
    periods.sort();
    periods.dedup();
    let file_name = import
        .csv
        .file_name()
        .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
    let mut warnings: Vec<String> = std::iter::once(("local authority name", la_label.as_str()))
        .chain(periods.iter().map(|p| ("time period", p.as_str())))
        .filter_map(|(what, text)| formula_warning(&file_name, what, text))
        .collect();
    warnings.dedup();
    let file_name: String = file_name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut yaml = format!(
        "# Imported from {file_name} by scrutiny import dfe. Edit the title and source as needed.\ntitle: {}\nsource: {}\nmeasure: {}\ncolumns:\n  - {{ id: period, label: Period }}\n  - {{ id: england, label: England, type: number }}\n  - {{ id: authority, label: {}, type: number }}\nrows:\n",
        quote(&format!(
            "{}: {la_label} and England",
            measure.replace('_', " ")
        )),
        quote(&format!("Department for Education, {file_name}")),
        quote(&slug::slugify(&measure)),
        quote(&la_label),
    );
    for key in periods {
        let england_value = england.get(key).map_or("null".into(), |v| cell(v));
        let local_value = local.get(key).map_or("null".into(), |v| cell(v));
        yaml.push_str(&format!(
            "  - [{}, {england_value}, {local_value}]\n",
            quote(&period_label(key))
        ));
    }
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
