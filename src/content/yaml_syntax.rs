//! A file that YAML cannot read at all, in words: a tab, Word's curly quotes, a second `: ` in
//! a value, a line that carries on the one above without being indented, a bracket left open.
//! The place is where the parser stopped, or the line that made it stop.

use super::habits;
use super::yaml_problems::without_place;
use crate::diagnostic::Diagnostic;

/// A file that is not YAML at all, in words: a tab, Word's curly quotes, a second `: `, a line
/// that carries on the one above without being indented.
pub fn problem(
    error: &serde_yaml::Error,
    text: &str,
    display: &str,
    first_line: usize,
) -> Diagnostic {
    let raw = error.to_string();
    let message = without_place(&raw);
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    let lines: Vec<&str> = text.split('\n').collect();
    let line_text = lines
        .get(line.saturating_sub(1))
        .copied()
        .unwrap_or_default();
    let at = |line: usize, column: usize| (line + first_line - 1, column);

    if let Some(problem) = habits::tab_problem(text, display, first_line, line) {
        return problem;
    }
    if let Some(problem) = habits::curly_line_problem(text, display, first_line, line) {
        return problem;
    }
    let simple_key_line = raw
        .split("while scanning a simple key at line ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok());
    let (message, hint, place) = if message.contains("mapping values are not allowed") {
        let hint = match line_text.split_once(": ") {
            Some((key, value)) if !key.trim_start().starts_with('-') => format!(
                "put the value in quotes: {key}: \"{}\"",
                value.trim().replace('"', "'")
            ),
            _ => {
                "a value that holds \": \" must be in quotes, for example title: \"Item 6: Update\""
                    .to_owned()
            }
        };
        (
            "this value holds `: `, which YAML reads as the start of another field".to_owned(),
            Some(hint),
            at(line, column),
        )
    } else if let Some(key_line) =
        simple_key_line.filter(|_| message.contains("could not find expected ':'"))
    {
        let key_text = lines.get(key_line - 1).copied().unwrap_or_default();
        let above = lines[..key_line - 1]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .copied()
            .unwrap_or_default();
        match above.split_once(':').filter(|_| !key_text.starts_with(' ')) {
            Some((field, value)) if !value.trim().is_empty() && !above.starts_with([' ', '#', '-']) => (
                format!("this line carries on the value of `{field}` above, but YAML reads a line that is not indented as a new field, and it has no `:`"),
                Some(format!("put the whole of {field} on one line, or indent this line by two spaces")),
                at(key_line, 1),
            ),
            _ => (
                "this line has no `:`, so YAML cannot read it as a field".to_owned(),
                Some("write it as name: value, or put # and a space in front of it to make it a note for yourself".to_owned()),
                at(key_line, 1),
            ),
        }
    } else if message.contains("found character that cannot start any token") {
        let character = line_text
            .chars()
            .nth(column.saturating_sub(1))
            .unwrap_or(' ');
        (
            format!("YAML cannot read a value that starts with `{character}`"),
            Some(format!("put the value in quotes, such as \"{character}…\"")),
            at(line, column),
        )
    } else if message.contains("block sequence entries are not allowed") {
        (
            "a list cannot start on the same line as its field".to_owned(),
            Some("write the list in brackets, such as wards: [All], or put each entry on its own line below, starting `  - `".to_owned()),
            at(line, column),
        )
    } else if message.contains("did not find expected")
        || message.contains("found unexpected end of stream")
    {
        (
            unclosed(&message),
            Some("check that every quote and bracket is closed, and that the lines of each field are indented alike".to_owned()),
            at(line, column),
        )
    } else {
        (
            format!("YAML cannot read this: {message}"),
            text.trim()
                .is_empty()
                .then(|| "the file is empty".to_owned()),
            at(line, column),
        )
    };
    let diagnostic = Diagnostic::error(display, message).at(place.0, place.1);
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// What the parser expected and did not find, as what the author left open.
fn unclosed(message: &str) -> String {
    if message.contains("',' or ']'") {
        "this [ … ] list is not closed with `]`".to_owned()
    } else if message.contains("',' or '}'") {
        "this { … } is not closed with `}`".to_owned()
    } else if message.contains("expected key") {
        "YAML expected a field here, written `name: value`".to_owned()
    } else if message.contains("'-' indicator") {
        "YAML expected a list entry starting `- ` here".to_owned()
    } else if message.contains("end of stream") {
        "the file ends inside a value: a quote or bracket is not closed".to_owned()
    } else {
        format!(
            "YAML cannot read this: {}",
            message.replace("did not find expected", "it expected")
        )
    }
}
