//! What is wrong with a YAML file, in an officer's words: serde's and the YAML parser's reports
//! ("invalid type: string \"Yes\", expected a boolean", "found character that cannot start
//! any token") rewritten as what the author wrote, what it should be and how to write it, each
//! placed by the parser's marks. A file is read again without each faulty field, so that one
//! run names every problem, and every missing field at once.

use super::places::{self, Node, Source, Step};
use super::source::Fields;
use super::yaml_syntax;
use super::yaml_words::{
    both, context, either, invalid_type, item_example, plain_words, unknown_field,
};
use crate::diagnostic::Diagnostic;

/// The first problem serde found, in words.
pub fn first(
    error: &serde_yaml::Error,
    text: &str,
    display: &str,
    first_line: usize,
) -> Diagnostic {
    match places::parse(text, first_line) {
        Ok(tree) if !is_syntax(error) => semantic(error, &tree, text, display, first_line),
        _ => yaml_syntax::problem(error, text, display, first_line),
    }
}

/// Every problem of a file that serde could not read into `T`, starting from the first one it
/// found: each faulty top-level field is reported and left out, and the file read again, until
/// what is left reads or only missing fields remain, which are all named.
pub fn every<T: Fields>(
    error: &serde_yaml::Error,
    text: &str,
    display: &str,
    first_line: usize,
) -> Vec<Diagnostic> {
    let tree = match places::parse(text, first_line) {
        Ok(tree) if !is_syntax(error) => tree,
        _ => return vec![yaml_syntax::problem(error, text, display, first_line)],
    };
    let mut found = Vec::new();
    let mut working = text.to_owned();
    let mut left_out: Vec<usize> = Vec::new();
    let mut error = Some(clone_error(error, text));
    while let Some(current) = error.take() {
        let (path, rest) = split_path(&current.message);
        if path.is_empty()
            && let Some(field) = quoted_after(rest, "missing field ")
        {
            found.extend(missing::<T>(&tree, &left_out, field, display, first_line));
            break;
        }
        let problem = semantic_from(&current, &tree, text, display, first_line);
        found.push(problem);
        // Leave the faulty field out and read what is left.
        let line = blamed(&tree, &path, rest, current.line.map(|l| l + first_line - 1))
            .map(|node| node.start.line);
        let Some(index) = top_entry(&tree, &path, line) else {
            break;
        };
        if left_out.contains(&index) || !blank_entry(&mut working, &tree, index, first_line) {
            break;
        }
        left_out.push(index);
        if let Err(next) = serde_yaml::from_str::<T>(&working) {
            error = Some(clone_error(&next, &working));
        }
    }
    found
}

/// A serde error as text and place, so that the loop can read again.
struct Reported {
    message: String,
    /// The line and column in the text, 1-based, where serde gave one.
    line: Option<usize>,
    column: usize,
}

fn clone_error(error: &serde_yaml::Error, _text: &str) -> Reported {
    Reported {
        message: without_place(&error.to_string()),
        line: error.location().map(|l| l.line()),
        column: error.location().map_or(1, |l| l.column()),
    }
}

/// The message without the " at line N column M" the library appends.
pub(super) fn without_place(raw: &str) -> String {
    raw.split(" at line ")
        .next()
        .unwrap_or(raw)
        .trim_end_matches(|c: char| c == ',' || c.is_whitespace())
        .to_owned()
}

fn is_syntax(error: &serde_yaml::Error) -> bool {
    let raw = error.to_string();
    raw.contains("while scanning") || raw.contains("while parsing")
}

/// One step of serde's path to a field: `authors[0].email`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum PathStep {
    Key(String),
    Index(usize),
}

/// Splits `authors[0].email: unknown field …` into the path and the rest of the message.
fn split_path(message: &str) -> (Vec<PathStep>, &str) {
    let Some((head, rest)) = message.split_once(": ") else {
        return (Vec::new(), message);
    };
    let mut path = Vec::new();
    for part in head.split('.') {
        let (key, indexes) = part.split_once('[').map_or((part, ""), |(k, i)| (k, i));
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !is_key {
            return (Vec::new(), message);
        }
        path.push(PathStep::Key(key.to_owned()));
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            match index.trim_end_matches(']').parse() {
                Ok(n) => path.push(PathStep::Index(n)),
                Err(_) => return (Vec::new(), message),
            }
        }
    }
    (path, rest)
}

pub(super) fn steps(path: &[PathStep]) -> Vec<Step<'_>> {
    path.iter()
        .map(|step| match step {
            PathStep::Key(key) => Step::Key(key),
            PathStep::Index(index) => Step::Index(*index),
        })
        .collect()
}

/// The text between the backticks after `prefix`: `x` in "missing field `x`".
pub(super) fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.split_once(prefix)?.1;
    let rest = rest.strip_prefix('`')?;
    rest.split_once('`').map(|(quoted, _)| quoted)
}

/// Every backticked word of `text`.
pub(super) fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The last key of a path: the field a message is about.
fn field_of(path: &[PathStep]) -> Option<&str> {
    path.iter().rev().find_map(|step| match step {
        PathStep::Key(key) => Some(key.as_str()),
        PathStep::Index(_) => None,
    })
}

/// The node a problem is about: the one at serde's path, or, for the content's own messages
/// that come without one ("`2023-02-30` is not a date"), the value they quote, at or after the
/// line serde gave.
fn blamed<'t>(
    tree: &'t Node,
    path: &[PathStep],
    rest: &str,
    line: Option<usize>,
) -> Option<&'t Node> {
    if !path.is_empty() {
        return tree.at(&steps(path));
    }
    if rest.starts_with("missing field") || rest.starts_with("unknown field") {
        return None;
    }
    let wanted = backticked(rest);
    let mut found = None;
    tree.scalars(&mut |node, key| {
        if found.is_some() || line.is_some_and(|line| node.end.line < line) {
            return;
        }
        let quoted = |q: &&str| {
            node.text() == Some(*q)
                || q.split_once(": ").is_some_and(|(k, v)| {
                    key.and_then(Node::text) == Some(k) && node.text() == Some(v)
                })
        };
        if key.is_some() && wanted.iter().any(quoted) {
            found = Some(node);
        }
    });
    found
}

/// The key whose value `node` is, anywhere in the tree.
fn key_of<'t>(tree: &'t Node, node: &Node) -> Option<&'t str> {
    let mut found = None;
    tree.scalars(&mut |value, key| {
        if found.is_none() && value.start == node.start {
            found = key.and_then(Node::text);
        }
    });
    found
}

fn semantic(
    error: &serde_yaml::Error,
    tree: &Node,
    text: &str,
    display: &str,
    first_line: usize,
) -> Diagnostic {
    semantic_from(&clone_error(error, text), tree, text, display, first_line)
}

/// A problem with what a file says (it is YAML, but not what the field needs), in words.
fn semantic_from(
    error: &Reported,
    tree: &Node,
    text: &str,
    display: &str,
    first_line: usize,
) -> Diagnostic {
    let (path, rest) = split_path(&error.message);
    let node = blamed(
        tree,
        &path,
        rest,
        error.line.map(|line| line + first_line - 1),
    );
    let field = field_of(&path)
        .or_else(|| node.and_then(|node| key_of(tree, node)))
        .unwrap_or("the value");
    let within = context(&path);
    let serde_place = error.line.map(|line| (line + first_line - 1, error.column));
    let place = node
        .map(Node::place)
        .or(serde_place)
        .unwrap_or((first_line, 1));
    let problem = |message: String| Diagnostic::error(display, message).at(place.0, place.1);
    let value = node.and_then(Node::text).unwrap_or_default();
    let shown = super::ids::shown(value);
    let source = Source::new(text, first_line);

    if let Some(wrong) = quoted_after(rest, "unknown field ") {
        return unknown_field(
            wrong,
            rest,
            &path,
            tree,
            &source,
            display,
            &within,
            serde_place,
        );
    }
    if let Some(wrong) = quoted_after(rest, "unknown variant ") {
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        return problem(format!(
            "`{}` is not a {}: write {}",
            super::ids::shown(wrong),
            field.replace('_', " "),
            either(&expected)
        ))
        .with_suggestion(wrong, expected.iter().copied(), || {
            format!(
                "write {field}: {}",
                expected.first().copied().unwrap_or_default()
            )
        });
    }
    if let Some(field_missing) = quoted_after(rest, "missing field ") {
        let whole = if within.is_empty() {
            "this".to_owned()
        } else {
            within.clone()
        };
        let hint = path
            .iter()
            .rev()
            .find_map(|step| match step {
                PathStep::Key(list) => item_example(list),
                PathStep::Index(_) => None,
            })
            .map_or_else(
                || format!("add `{field_missing}:` with its value"),
                |example| format!("write it with its `{field_missing}`, such as {example}"),
            );
        return problem(format!("{whole} has no `{field_missing}`")).with_hint(hint);
    }
    if rest.contains("duplicate entry") {
        return problem(format!("`{field}` is written twice"))
            .with_hint("keep one of them and delete the other");
    }
    let within_prefix = if within.is_empty() {
        String::new()
    } else {
        format!("in {within}, ")
    };
    if let Some(found) = rest.strip_prefix("invalid type: ") {
        let (found, expected) = found.split_once(", expected ").unwrap_or((found, ""));
        return invalid_type(
            found,
            expected,
            field,
            &shown,
            node,
            &source,
            &within_prefix,
        )
        .map_or_else(
            || problem(format!("{within_prefix}{}", plain_words(rest))),
            |(message, hint)| problem(message).with_hint(hint),
        );
    }
    if let Some(found) = rest.strip_prefix("invalid value: ") {
        let (found, expected) = found.split_once(", expected ").unwrap_or((found, ""));
        return problem(format!(
            "{within_prefix}`{field}` is {}, not {}",
            plain_words(expected),
            plain_words(found)
        ));
    }
    // The content's own messages ("`2023-02-30` is not a date: …") are in words already.
    let problem = problem(format!("{within_prefix}{}", plain_words(rest)));
    match field {
        "exempt" => problem.with_hint(
            "write exempt: false for a public paper, or the paragraph that applies, such as exempt: 3",
        ),
        _ => problem,
    }
}

/// The index of the top-level entry a problem is in: the first step of its path, or else the
/// entry whose lines hold the line serde gave.
fn top_entry(tree: &Node, path: &[PathStep], line: Option<usize>) -> Option<usize> {
    let entries = tree.entries();
    if let Some(PathStep::Key(key)) = path.first() {
        return entries.iter().position(|e| e.key.text() == Some(key));
    }
    let line = line?;
    entries
        .iter()
        .rposition(|entry| entry.key.start.line <= line && line <= entry.value.end.line)
}

/// Blanks the lines of the `index`th top-level entry in `working` (keeping every line, so that
/// places stay where they were). False when the entry does not have its lines to itself.
fn blank_entry(working: &mut String, tree: &Node, index: usize, first_line: usize) -> bool {
    let entries = tree.entries();
    let entry = &entries[index];
    if entry.key.start.column != 1 {
        return false;
    }
    let from = entry.key.start.line - first_line;
    let to = entries
        .get(index + 1)
        .map_or(usize::MAX, |next| next.key.start.line - first_line);
    if to <= from {
        return false;
    }
    let blanked: Vec<String> = working
        .split('\n')
        .enumerate()
        .map(|(n, line)| {
            if (from..to).contains(&n) {
                String::new()
            } else {
                line.to_owned()
            }
        })
        .collect();
    *working = blanked.join("\n");
    true
}

/// Every required field of `T` that the file does not have, placed at the top of it.
fn missing<T: Fields>(
    tree: &Node,
    left_out: &[usize],
    first_missing: &str,
    display: &str,
    first_line: usize,
) -> Vec<Diagnostic> {
    let present = |field: &str| {
        tree.entries()
            .iter()
            .enumerate()
            .any(|(i, e)| e.key.text() == Some(field) && !left_out.contains(&i))
            || left_out
                .iter()
                .any(|&i| tree.entries()[i].key.text() == Some(field))
    };
    let mut fields: Vec<&str> = T::REQUIRED
        .iter()
        .copied()
        .filter(|f| !present(f))
        .collect();
    if !fields.contains(&first_missing) && !present(first_missing) {
        fields.push(first_missing);
    }
    fields
        .into_iter()
        .map(|field| {
            Diagnostic::error(
                display,
                format!("{} has no `{field}`, which it needs", T::WHAT),
            )
            .at(first_line, 1)
            .with_hint(format!(
                "add a line `{field}: …`; the fields it needs are {}",
                both(T::REQUIRED)
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Paper {
        title: String,
        committee: String,
        #[serde(default)]
        key_decision: bool,
        #[serde(default)]
        status: Option<crate::content::Status>,
        #[serde(default)]
        wards: Vec<String>,
        #[serde(default)]
        authors: Vec<crate::content::Author>,
    }

    impl Fields for Paper {
        const WHAT: &'static str = "the front matter";
        const REQUIRED: &'static [&'static str] = &["title", "committee"];
    }

    fn problems(text: &str) -> Vec<Diagnostic> {
        let error = serde_yaml::from_str::<Paper>(text).unwrap_err();
        every::<Paper>(&error, text, "r.md", 2)
    }

    #[test]
    fn every_field_is_checked_in_one_run() {
        let found = problems("key_decision: Yes\nstatus: Final\nwards: All\n");
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 5, "{messages:#?}");
        assert_eq!(
            messages[0],
            "key_decision is yes or no, written true or false, not `Yes`"
        );
        assert_eq!(found[0].hint.as_deref(), Some("write key_decision: true"));
        assert_eq!((found[0].line, found[0].column), (2, 15));
        assert_eq!(
            messages[1],
            "`Final` is not a status: write draft, final or withdrawn"
        );
        assert_eq!(found[1].hint.as_deref(), Some("did you mean `final`?"));
        assert_eq!(messages[2], "wards is a list");
        assert_eq!(
            found[2].hint.as_deref(),
            Some("write wards: [All], or each entry on its own line starting `- `")
        );
        assert!(messages[3].contains("has no `title`"), "{messages:?}");
        assert!(messages[4].contains("has no `committee`"), "{messages:?}");
    }

    #[test]
    fn a_nested_field_is_named_in_words_at_its_key() {
        let found = problems("title: A\ncommittee: cs\nauthors:\n  - { name: X, mail: x@y.uk }\n");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "`mail` is not a field of the first contact (`authors`)"
        );
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `email`?"));
        assert_eq!((found[0].line, found[0].column), (5, 16));
        assert!(!found[0].message.contains('['));
    }
}
