//! Inline figures resolved against datasets: one value by row and column, or the change
//! between two rows as a number and as a percentage, formatted as everywhere else.

use super::{BlockContext, escape};
use crate::content::{Cell, ColumnType, Dataset, Missing};
use crate::diagnostic::Diagnostic;
use crate::format;
use crate::markdown::FigureRef;

fn problem(context: &BlockContext<'_>, figure: &FigureRef, message: String) -> Diagnostic {
    Diagnostic::error(context.file, message).at(figure.line, figure.column)
}

/// Whether a row's first cell is the row an author named: its text, a date written as
/// `2021-12`, `Dec 2021` or `December 2021`, or a period as its column reads it (`2019/20`,
/// `2019-20`).
fn row_matches(cell: &Cell, key: &str) -> bool {
    let key = key.trim();
    match cell {
        Cell::Text(text) => text.trim().eq_ignore_ascii_case(key),
        Cell::Date(date) => [date.iso(), date.short(), date.long()]
            .iter()
            .any(|form| form.eq_ignore_ascii_case(key)),
        Cell::Period(period) => {
            crate::content::Period::parse(key, period.kind).is_ok_and(|named| named == *period)
        }
        Cell::Number(n) => format::csv_cell(&Cell::Number(*n)) == key,
        _ => false,
    }
}

fn find_row<'a>(
    context: &BlockContext<'_>,
    figure: &FigureRef,
    dataset: &'a Dataset,
    argument: &str,
) -> Result<&'a [Cell], Diagnostic> {
    let key = figure
        .arg(argument)
        .ok_or_else(|| problem(context, figure, format!("this figure needs {argument}=ROW")))?;
    dataset
        .rows
        .iter()
        .find(|row| row.first().is_some_and(|cell| row_matches(cell, key)))
        .map(Vec::as_slice)
        .ok_or_else(|| {
            let names: Vec<String> = dataset
                .rows
                .iter()
                .filter_map(|r| r.first())
                .map(format::csv_cell)
                .collect();
            let diagnostic = problem(
                context,
                figure,
                format!("the dataset `{}` has no row `{key}`", dataset.id),
            );
            diagnostic.with_suggestion(key, names.iter().map(String::as_str), || {
                format!("rows are named by their first cell: {}", names.join(", "))
            })
        })
}

fn find_column(
    context: &BlockContext<'_>,
    figure: &FigureRef,
    dataset: &Dataset,
) -> Result<usize, Diagnostic> {
    let id = figure
        .arg("column")
        .ok_or_else(|| problem(context, figure, "this figure needs column=COLUMN".into()))?;
    dataset.column_index(id).ok_or_else(|| {
        let diagnostic = problem(
            context,
            figure,
            format!("the dataset `{}` has no column `{id}`", dataset.id),
        );
        super::suggest_column(diagnostic, dataset, id)
    })
}

fn number(
    context: &BlockContext<'_>,
    figure: &FigureRef,
    row: &[Cell],
    column: usize,
    dataset: &Dataset,
) -> Result<f64, Diagnostic> {
    row[column].number().ok_or_else(|| {
        problem(
            context,
            figure,
            format!(
                "the change needs two known numbers, but one value of `{}` is {}",
                dataset.columns[column].id,
                format::cell(&row[column], dataset.columns[column].kind)
            ),
        )
    })
}

/// The text an inline figure stands for, HTML-escaped.
pub fn resolve(context: &BlockContext<'_>, figure: &FigureRef) -> Result<String, Diagnostic> {
    let dataset = match context.datasets.find(context.authority, &figure.dataset) {
        Ok((_, dataset)) => Ok(dataset),
        // The dataset's own errors are reported where they are.
        Err(Missing::Broken(_)) => return Ok("[figure not found]".into()),
        Err(Missing::Nothing(_)) => Err(()),
    }
    .map_err(|()| {
        let diagnostic = problem(
            context,
            figure,
            format!("there is no dataset `{}`", figure.dataset),
        );
        diagnostic.with_suggestion(
            &figure.dataset,
            context.authority.datasets.keys().map(String::as_str),
            || {
                format!(
                    "datasets are files in content/{}/data/; the id is the file name without .yaml",
                    context.authority.slug
                )
            },
        )
    })?;
    let column = find_column(context, figure, dataset)?;
    let kind = dataset.columns[column].kind;
    let text = match figure.kind.as_str() {
        "value" => {
            let row = find_row(context, figure, dataset, "row")?;
            value_text(context, figure, &row[column], kind)?
        }
        "total" => {
            let total = total(context, figure, dataset, column)?;
            value_text(context, figure, &Cell::Number(total), kind)?
        }
        _ => {
            let from = number(
                context,
                figure,
                find_row(context, figure, dataset, "from")?,
                column,
                dataset,
            )?;
            let to = number(
                context,
                figure,
                find_row(context, figure, dataset, "to")?,
                column,
                dataset,
            )?;
            change_text(context, figure, from, to, kind)?
        }
    };
    Ok(escape(&text))
}

/// A value as its column formats it; `format=short` writes money in short (£1.8m), as a
/// headline does, and `as=words` (or `as=Words` at the start of a sentence) a whole number
/// from one to nine in words.
fn value_text(
    context: &BlockContext<'_>,
    figure: &FigureRef,
    cell: &Cell,
    kind: ColumnType,
) -> Result<String, Diagnostic> {
    let words = match figure.arg("as") {
        None => None,
        Some("words") => Some(false),
        Some("Words") => Some(true),
        Some(other) => {
            return Err(problem(
                context,
                figure,
                format!("`as={other}` is not a way to show a value"),
            )
            .with_hint(
                "leave as out for the number, or write as=words for one to nine in words (as=Words at the start of a sentence)",
            ));
        }
    };
    Ok(match (figure.arg("format"), words) {
        (Some("short"), _) => format::cell_short(cell, kind),
        (Some(other), _) => {
            return Err(problem(
                context,
                figure,
                format!("`format={other}` is not a way to show a value"),
            )
            .with_hint("leave format out for the value in full, or write format=short (£1.8m)"));
        }
        (None, Some(capital)) => match (cell, kind) {
            (Cell::Number(n), ColumnType::Number) => format::small_in_words(*n, capital),
            _ => {
                return Err(problem(
                    context,
                    figure,
                    format!(
                        "as=words writes a count in words, but `{}` is {}",
                        figure.arg("column").unwrap_or_default(),
                        match kind {
                            ColumnType::Money => "money",
                            ColumnType::Percent => "a percentage",
                            _ => "not a number",
                        }
                    ),
                )
                .with_hint("leave as=words out: money and percentages are written in figures"));
            }
        },
        (None, None) => format::cell(cell, kind),
    })
}

/// The sum of a column of numbers or money. A value not known or suppressed would make the
/// total wrong without saying so, so it is an error that names the row.
fn total(
    context: &BlockContext<'_>,
    figure: &FigureRef,
    dataset: &Dataset,
    column: usize,
) -> Result<f64, Diagnostic> {
    let spec = &dataset.columns[column];
    if !matches!(spec.kind, ColumnType::Number | ColumnType::Money) {
        return Err(problem(
            context,
            figure,
            format!(
                "a total adds up numbers or money, but `{}` holds {}",
                spec.id,
                if spec.kind == ColumnType::Percent {
                    "percentages, which do not add up"
                } else {
                    "no numbers"
                }
            ),
        )
        .with_hint("total a column of type number or money"));
    }
    let mut sum = 0.0;
    for row in &dataset.rows {
        match row[column].number() {
            Some(n) => sum += n,
            None => {
                let name = row.first().map(format::csv_cell).unwrap_or_default();
                return Err(problem(
                    context,
                    figure,
                    format!(
                        "the total of `{}` is not known: its value for `{name}` is {}",
                        spec.id,
                        format::cell(&row[column], spec.kind)
                    ),
                )
                .with_hint(
                    "give the value in the dataset, or write the figures you do know with value",
                ));
            }
        }
    }
    Ok(sum)
}

fn change_text(
    context: &BlockContext<'_>,
    figure: &FigureRef,
    from: f64,
    to: f64,
    kind: ColumnType,
) -> Result<String, Diagnostic> {
    let difference = (to - from).abs();
    let amount = match kind {
        ColumnType::Percent => format!(
            "{} percentage points",
            format::number((difference * 10.0).round() / 10.0)
        ),
        _ => format::cell(&Cell::Number(difference), kind),
    };
    let share = (from != 0.0).then(|| format::percent(((to - from) / from * 100.0).abs()));
    let both = match &share {
        Some(share) => format!("{amount} ({share})"),
        None => amount.clone(),
    };
    Ok(match figure.arg("as").unwrap_or("both") {
        "number" => amount,
        "percent" => share
            .ok_or_else(|| problem(context, figure, "a change from 0 has no percentage".into()))?,
        "both" => both,
        "words" if to < from => format!("a reduction of {both}"),
        "words" if to > from => format!("an increase of {both}"),
        "words" => "no change".to_owned(),
        other => {
            return Err(problem(
                context,
                figure,
                format!("`as={other}` is not a way to show a change"),
            )
            .with_hint("use as=number, as=percent, as=both or as=words"));
        }
    })
}
