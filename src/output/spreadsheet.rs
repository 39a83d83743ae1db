//! CSV files as the site publishes them: safe to open in a spreadsheet. A cell that a
//! spreadsheet would read as a formula (one that starts with `=`, `+`, `-`, `@`, a tab or a
//! carriage return, and is not a plain number such as `-2.5`) is written with a leading `'`,
//! the OWASP rule against CSV injection; quoting follows RFC 4180. Every CSV the site writes
//! goes through [`csv`].

use std::borrow::Cow;

use crate::content::{Cell, Dataset};
use crate::format;

/// The characters that make a spreadsheet read a cell as a formula when it starts with one:
/// the OWASP list, and the full-width forms that some spreadsheets read as the same.
const FORMULA_STARTS: &[char] = &[
    '=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Whether a spreadsheet would read `text` as a formula: it starts with a formula character
/// and is not a plain number.
pub fn reads_as_formula(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS) && !is_plain_number(text)
}

/// A number as a spreadsheet types it: a sign, digits, a decimal point, an exponent
/// (`-2.5`, `+3`, `-1e5`); nothing else.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction) && exponent_ok
}

/// A value as a spreadsheet must be given it: prefixed with `'` when it would read as a
/// formula, as it is otherwise.
pub fn neutralised(text: &str) -> Cow<'_, str> {
    if reads_as_formula(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A dataset as CSV: a header row of column labels, then the rows; not-known cells empty.
/// Every field is neutralised and quoted where RFC 4180 needs it (a comma, a quote, a line
/// break or a carriage return in it).
pub fn csv(dataset: &Dataset) -> String {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let header = dataset.columns.iter().map(|c| c.label.clone());
    let mut records = std::iter::once(header.collect::<Vec<String>>())
        .chain(dataset.rows.iter().map(|row| row_values(row)));
    // Writing into memory cannot fail but for a record of no fields, which a CSV cannot hold:
    // such a record is written as one empty field.
    let result = records.try_for_each(|values| {
        let fields: Vec<Cow<'_, str>> = values.iter().map(|v| neutralised(v)).collect();
        if fields.is_empty() {
            writer.write_record([""])
        } else {
            writer.write_record(fields.iter().map(|f| f.as_bytes()))
        }
    });
    let bytes = match (result, writer.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        _ => Vec::new(),
    };
    String::from_utf8(bytes).unwrap_or_default()
}

fn row_values(row: &[Cell]) -> Vec<String> {
    row.iter().map(format::csv_cell).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Column, ColumnType};

    fn dataset(label: &str, rows: Vec<Vec<Cell>>) -> Dataset {
        Dataset {
            id: "d".into(),
            file: "d.yaml".into(),
            title: "T".into(),
            source: "S".into(),
            measure: None,
            unit: None,
            notes: None,
            columns: vec![
                Column {
                    id: "a".into(),
                    label: label.into(),
                    kind: ColumnType::Text,
                    unit: None,
                    period: None,
                },
                Column {
                    id: "b".into(),
                    label: "B".into(),
                    kind: ColumnType::Number,
                    unit: None,
                    period: None,
                },
            ],
            rows,
            fingerprint: 0,
        }
    }

    #[test]
    fn formulas_are_written_as_text_and_numbers_as_numbers() {
        let rows = vec![
            vec![Cell::Text("=1+1".into()), Cell::Number(-2.5)],
            vec![Cell::Text("@SUM(A1)".into()), Cell::Number(3.0)],
            vec![Cell::Text("-2.5".into()), Cell::Missing],
            vec![Cell::Text("\tx".into()), Cell::Suppressed("c".into())],
            vec![Cell::Text("a\rb".into()), Cell::Number(1e-7)],
            vec![Cell::Text("say \"hi\", twice".into()), Cell::Number(0.5)],
        ];
        let text = csv(&dataset("+label", rows));
        assert_eq!(
            text,
            "'+label,B\n'=1+1,-2.5\n'@SUM(A1),3\n-2.5,\n'\tx,c\n\"a\rb\",0.0000001\n\"say \"\"hi\"\", twice\",0.5\n"
        );
    }

    #[test]
    fn plain_numbers_are_told_from_formulas() {
        for number in ["-2.5", "+3", "-1e5", "-.5", "-7.", "1E+3"] {
            assert!(!reads_as_formula(number), "{number}");
        }
        for formula in [
            "-", "+", "-1+1", "-e5", "=1", "-1e", "- 2", "+A1", "-1,000", "＝1",
        ] {
            assert!(reads_as_formula(formula), "{formula}");
        }
        assert!(!reads_as_formula("Health workers"));
        assert!(!reads_as_formula(""));
    }
}
