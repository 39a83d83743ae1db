//! Numbers and dates written as UK readers expect them, used by charts, tables and figures
//! alike so that the same value always reads the same: `£1.8m`, `£764,610`, `38.6%`,
//! `−77,786` (with a true minus sign), `July 2023`.

use crate::content::{Cell, ColumnType};

/// The minus sign, not a hyphen: screen readers and print both read it as minus.
pub const MINUS: char = '\u{2212}';

/// A plain number with thousands separators and at most two decimal places, trailing zeros
/// dropped: `1,234`, `3.5`, `−77,786`.
pub fn number(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let negative = rounded < 0.0;
    let magnitude = rounded.abs();
    let whole = magnitude.trunc() as u64;
    let cents = ((magnitude - magnitude.trunc()) * 100.0).round() as u64;
    let mut out = String::new();
    if negative {
        out.push(MINUS);
    }
    out.push_str(&group_thousands(whole));
    if cents > 0 {
        let decimals = format!("{cents:02}");
        out.push('.');
        out.push_str(decimals.trim_end_matches('0'));
    }
    out
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A percentage from its value in percent: `38.6` → `38.6%`.
pub fn percent(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    format!("{}%", number(rounded))
}

/// Pounds in full: `£764,610`, `−£77,786`; pence shown only when there are any.
pub fn money(value: f64) -> String {
    let text = number(value.abs());
    let pounds = if text.contains('.') {
        format!("{:.2}", value.abs())
            .split_once('.')
            .map(|(whole, pence)| format!("{}.{pence}", number(whole.parse().unwrap_or(0.0))))
            .unwrap_or(text)
    } else {
        text
    };
    if value < 0.0 {
        format!("{MINUS}£{pounds}")
    } else {
        format!("£{pounds}")
    }
}

/// Pounds in short, for axes and headlines: `£1.8m`, `£500k`, `£950`.
pub fn money_compact(value: f64) -> String {
    let sign = if value < 0.0 {
        MINUS.to_string()
    } else {
        String::new()
    };
    let magnitude = value.abs();
    let body = if magnitude >= 1_000_000.0 {
        format!("{}m", trim_decimal(magnitude / 1_000_000.0))
    } else if magnitude >= 1_000.0 {
        format!("{}k", trim_decimal(magnitude / 1_000.0))
    } else {
        number(magnitude)
    };
    format!("{sign}£{body}")
}

fn trim_decimal(value: f64) -> String {
    let text = format!("{value:.1}");
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

/// A whole number from one to nine in words, as council style guides ask ("six teams"); any
/// other number as [`number`] writes it. `capital` for the start of a sentence ("Six").
pub fn small_in_words(value: f64, capital: bool) -> String {
    const WORDS: [&str; 9] = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    if value.fract() != 0.0 || !(1.0..=9.0).contains(&value) {
        return number(value);
    }
    let word = WORDS[value as usize - 1];
    if capital {
        let mut chars = word.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    } else {
        word.to_owned()
    }
}

/// An author's label in the middle of a sentence: a first word written as an ordinary
/// capitalised word loses its capital ("Establishment at 30 September" reads "establishment
/// at 30 September"); everything else, and every later word, stays as the author wrote it, so
/// that "30 September", "DfE funding" and "FTE" keep their capitals.
pub fn in_sentence(label: &str) -> String {
    let first_word = label.split_whitespace().next().unwrap_or_default();
    let mut letters = first_word.chars();
    let ordinary = letters.next().is_some_and(char::is_uppercase)
        && first_word.chars().count() > 1
        && letters.all(|c| !c.is_uppercase() && !c.is_ascii_digit());
    if !ordinary {
        return label.to_owned();
    }
    let mut chars = label.chars();
    chars
        .next()
        .map(|first| first.to_lowercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A number for an axis tick: compact for money, a percentage for percent columns.
pub fn axis_value(value: f64, kind: ColumnType) -> String {
    match kind {
        ColumnType::Money => money_compact(value),
        ColumnType::Percent => percent(value),
        _ => number(value),
    }
}

/// A cell written for reading: the value as its column's type formats it, "not known" for a
/// missing value, and the code for a suppressed one.
pub fn cell(value: &Cell, kind: ColumnType) -> String {
    match value {
        Cell::Missing => "not known".into(),
        Cell::Suppressed(code) => format!("[{code}]"),
        Cell::Text(text) => text.clone(),
        Cell::Date(date) => date.long(),
        Cell::Period(period) => period.label(),
        Cell::Number(n) => match kind {
            ColumnType::Percent => percent(*n),
            ColumnType::Money => money(*n),
            _ => number(*n),
        },
    }
}

/// A cell for a chart label: dates in short form.
pub fn cell_short(value: &Cell, kind: ColumnType) -> String {
    match value {
        Cell::Date(date) => date.short(),
        Cell::Number(n) if kind == ColumnType::Money => money_compact(*n),
        other => cell(other, kind),
    }
}

/// A cell's value for a CSV file, before quoting: plain values a spreadsheet reads, empty for
/// not known. The CSV writer ([`crate::output::csv`]) quotes and neutralises it.
pub fn csv_cell(value: &Cell) -> String {
    match value {
        Cell::Missing => String::new(),
        Cell::Suppressed(code) => code.clone(),
        Cell::Text(text) => text.clone(),
        Cell::Date(date) => date.iso(),
        Cell::Period(period) => period.label(),
        Cell::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                format!("{n}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_uk_readers_expect() {
        assert_eq!(money_compact(1_800_000.0), "£1.8m");
        assert_eq!(money(764_610.0), "£764,610");
        assert_eq!(percent(38.6), "38.6%");
        assert_eq!(number(-77_786.0), "−77,786");
        assert_eq!(money(-947_758.0), "−£947,758");
        assert_eq!(number(3.5), "3.5");
        assert_eq!(number(2.25), "2.25");
        assert_eq!(number(1000.0), "1,000");
        assert_eq!(money_compact(500_000.0), "£500k");
        assert_eq!(money(12.5), "£12.50");
    }

    #[test]
    fn small_whole_numbers_are_written_in_words() {
        assert_eq!(small_in_words(6.0, false), "six");
        assert_eq!(small_in_words(1.0, true), "One");
        assert_eq!(small_in_words(10.0, false), "10");
        assert_eq!(small_in_words(3.5, false), "3.5");
        assert_eq!(small_in_words(0.0, false), "0");
    }

    #[test]
    fn labels_keep_their_capitals_in_a_sentence() {
        assert_eq!(
            in_sentence("Establishment at 30 September"),
            "establishment at 30 September"
        );
        assert_eq!(in_sentence("30 September"), "30 September");
        assert_eq!(in_sentence("DfE funding"), "DfE funding");
        assert_eq!(in_sentence("FTE in post"), "FTE in post");
        assert_eq!(in_sentence("Financial year"), "financial year");
    }

    #[test]
    fn csv_values_are_plain() {
        assert_eq!(csv_cell(&Cell::Text("a, b".into())), "a, b");
        assert_eq!(csv_cell(&Cell::Number(3.0)), "3");
        assert_eq!(csv_cell(&Cell::Missing), "");
    }
}
