//! The words of a YAML problem: what a field, an entry of a list and a kind of value are
//! called in an officer's words ("the first contact (`authors`)", "true or false", "a list"),
//! and the messages for a field the struct does not have and a value of the wrong kind.

use super::places::{Node, Source};
use super::yaml_problems::{PathStep, backticked, steps};
use crate::diagnostic::Diagnostic;

/// "draft, final or withdrawn".
pub(super) fn either(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// "title, committee and meeting".
pub(super) fn both(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

const ORDINALS: [&str; 10] = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

fn ordinal(index: usize) -> String {
    ORDINALS.get(index).map_or_else(
        || format!("number {}", index + 1),
        |word| (*word).to_owned(),
    )
}

/// What one entry of a list field is called.
fn item_noun(list: &str) -> &str {
    match list {
        "authors" => "contact",
        "updated" => "update",
        "appendices" => "appendix",
        "background_papers" => "background paper",
        "columns" => "column",
        "rows" => "row",
        "meetings" => "meeting",
        "items" => "agenda item",
        "recommendations" => "recommendation",
        "wards" => "ward",
        "known_problems" => "known problem",
        "dashboard" => "chart",
        _ => "entry",
    }
}

/// How an entry of a list field is written, for a hint.
pub(super) fn item_example(list: &str) -> Option<&'static str> {
    Some(match list {
        "authors" => {
            "- { name: Jolene Slack, role: Report author, email: jolene.slack@dudley.gov.uk }"
        }
        "updated" => "- { date: 2023-07-14, note: Corrected table 2 }",
        "appendices" => "- { title: Membership of the board, id: appendix-1 }",
        "background_papers" => {
            "- { title: National evaluation, url: https://www.example.gov.uk/paper.pdf }"
        }
        "columns" => "- { id: in_post, label: In post, type: number }",
        "items" => "- { item: \"1\", title: Apologies for absence }",
        _ => return None,
    })
}

/// Where in the file a path leads, in words: "the first contact (authors)", "the second
/// agenda item of the first meeting". Empty for a top-level field.
pub(super) fn context(path: &[PathStep]) -> String {
    let mut parts = Vec::new();
    for (at, step) in path.iter().enumerate() {
        if let (PathStep::Index(index), Some(PathStep::Key(list))) =
            (step, at.checked_sub(1).and_then(|i| path.get(i)))
        {
            let noun = item_noun(list);
            parts.push(if noun == "entry" {
                format!("the {} entry of `{list}`", ordinal(*index))
            } else if matches!(list.as_str(), "meetings" | "items" | "rows" | "columns") {
                format!("the {} {noun}", ordinal(*index))
            } else {
                format!("the {} {noun} (`{list}`)", ordinal(*index))
            });
        }
    }
    parts.reverse();
    parts.join(" of ")
}

/// A field the struct does not have, in a nested entry (a contact's `mail`) or in a file whose
/// fields are fixed; and the comma that split a value inside `{ … }` (`Rate per 10,000`).
#[allow(clippy::too_many_arguments)]
pub(super) fn unknown_field(
    wrong: &str,
    rest: &str,
    path: &[PathStep],
    tree: &Node,
    source: &Source<'_>,
    display: &str,
    within: &str,
    serde_place: Option<(usize, usize)>,
) -> Diagnostic {
    let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
    let parent = tree.at(&steps(path));
    let key = parent.and_then(|parent| parent.entry(wrong));
    let place = key
        .map(|entry| entry.key.place())
        .or(serde_place)
        .unwrap_or((1, 1));
    let whose = if within.is_empty() {
        "this file".to_owned()
    } else {
        within.to_owned()
    };
    // `{ id: rate, label: Rate per 10,000 children }`: the comma ended the label, and
    // `000 children` became a key.
    if let Some((name, read_as, joined)) =
        parent.and_then(|parent| split_by_comma(parent, wrong, source))
    {
        return Diagnostic::error(
            display,
            format!(
                "inside {{ … }} a comma ends a value, so `{name}` is read as “{read_as}” and “{}” as another field",
                super::ids::shown(wrong)
            ),
        )
        .at(place.0, place.1)
        .with_hint(format!("put the value in quotes: {name}: \"{joined}\""));
    }
    Diagnostic::error(
        display,
        format!("`{}` is not a field of {whose}", super::ids::shown(wrong)),
    )
    .at(place.0, place.1)
    .with_suggestion(wrong, expected.iter().copied(), || {
        format!("the fields are: {}", expected.join(", "))
    })
}

/// Where a comma inside `{ … }` cut a value in two, making the rest a key without a value
/// (`label: Rate per 10,000 children` gives the key `000 children`): the field cut short,
/// what it was read as, and the value as the author wrote it.
fn split_by_comma<'t>(
    parent: &'t Node,
    wrong: &str,
    source: &Source<'_>,
) -> Option<(&'t str, &'t str, String)> {
    let entries = parent.entries();
    let at = entries.iter().position(|e| e.key.text() == Some(wrong))?;
    let before = &entries[at.checked_sub(1)?];
    if !entries[at].value.is_null() {
        return None;
    }
    let joined = source.between(before.value.start, entries[at].key.end)?;
    Some((before.key.text()?, before.value.text()?, joined.to_owned()))
}

/// A value of the wrong kind: text where a list belongs, `Yes` where `true` does.
pub(super) fn invalid_type(
    found: &str,
    expected: &str,
    field: &str,
    shown: &str,
    node: Option<&Node>,
    source: &Source<'_>,
    within: &str,
) -> Option<(String, String)> {
    let written = node
        .and_then(|node| source.of(node))
        .unwrap_or(shown)
        .trim();
    Some(match expected {
        "a boolean" => {
            let answer = match shown.to_ascii_lowercase().as_str() {
                "yes" | "y" | "on" => "true",
                "no" | "n" | "off" => "false",
                _ => "true or false",
            };
            (
                format!("{within}{field} is yes or no, written true or false, not `{shown}`"),
                format!("write {field}: {answer}"),
            )
        }
        "a sequence" => (
            format!("{within}{field} is a list"),
            if written.is_empty() {
                format!("write {field}: [] for none, or each entry on its own line starting `- `")
            } else {
                format!("write {field}: [{written}], or each entry on its own line starting `- `")
            },
        ),
        "a string" | "a string or a number" => {
            let what = if found.starts_with("map") {
                "YAML reads `{ … }` as fields"
            } else if found.starts_with("sequence") {
                "YAML reads `[ … ]` as a list"
            } else if found.starts_with("unit") {
                return Some((
                    format!("{within}{field} is empty"),
                    format!(
                        "write the {} after `{field}:`, or delete the line",
                        field.replace('_', " ")
                    ),
                ));
            } else {
                "YAML reads it as something else"
            };
            (
                format!("{within}{field} is text, but {what}"),
                format!(
                    "put the value in quotes: {field}: \"{}\"",
                    written.replace('"', "'")
                ),
            )
        }
        _ if expected.starts_with("struct ") || expected == "a map" => (
            format!(
                "{within}each entry of {field} is written as fields, not as {}",
                plain_words(found)
            ),
            item_example(field).map_or_else(
                || "write it as name: value lines, indented below the field".to_owned(),
                |example| format!("write it as {example}"),
            ),
        ),
        _ if is_number_type(expected) => (
            format!("{within}{field} is a whole number, not `{shown}`"),
            format!("write the number alone, such as {field}: 3"),
        ),
        _ => return None,
    })
}

fn is_number_type(expected: &str) -> bool {
    matches!(
        expected,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "isize"
            | "an integer"
    )
}

/// The library's words for kinds of value, as an officer would say them.
pub(super) fn plain_words(text: &str) -> String {
    let mut words = text.to_owned();
    for (from, to) in [
        ("invalid type: ", ""),
        ("a boolean", "true or false"),
        ("boolean", "true or false"),
        ("a sequence", "a list"),
        ("sequence", "a list"),
        ("unit value", "nothing"),
        ("a map", "fields"),
        ("map", "fields"),
        ("floating point", "the number"),
        ("integer", "the number"),
        ("string ", "the text "),
        ("variant", "value"),
    ] {
        words = words.replace(from, to);
    }
    if let Some(at) = words.find("struct ") {
        let end = words[at + 7..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(words.len(), |e| at + 7 + e);
        words.replace_range(at..end, "fields");
    }
    for number in ["u8", "u16", "u32", "u64", "i64", "usize", "f64", "f32"] {
        if let Some(at) = words.find(number) {
            let (before, after) = (&words[..at], &words[at + number.len()..]);
            let boundary = |s: Option<char>| s.is_none_or(|c| !c.is_alphanumeric());
            if boundary(before.chars().last()) && boundary(after.chars().next()) {
                let to = if number.starts_with('f') {
                    "a number"
                } else {
                    "a whole number"
                };
                words = format!("{before}{to}{after}");
            }
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_words_become_plain_words() {
        assert_eq!(
            plain_words("invalid type: string \"x\", expected u32"),
            "the text \"x\", expected a whole number"
        );
        assert_eq!(plain_words("expected struct Author"), "expected fields");
    }
}
