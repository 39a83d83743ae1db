//! Habits from Word that YAML reads differently from what the author meant: Word's curly
//! quotes, which are not quotes to YAML (a title would be published with them, a link would
//! lead nowhere); a ` #` in an unquoted value, which starts a comment and cuts the value short;
//! and a tab, which YAML does not allow for indenting. Each is found on the parser's nodes, and
//! the curly quotes and tabs come with the fix `check --fix` makes.

use super::places::{self, Node, Source, Style, Value};
use crate::diagnostic::{Diagnostic, Edit};

const OPENING: [char; 2] = ['“', '‘'];

/// Whether a text could hold one of the habits, before any node is read: most files hold
/// none, and are not parsed a second time.
fn may_hold_habits(text: &str) -> bool {
    text.contains(OPENING)
        || text.contains('”')
        || text
            .lines()
            .any(|line| cut_by_comment(line.trim_start()).is_some())
}

/// Where ` #x` starts a comment inside what reads as a value: a `#` after a space, followed by
/// a letter or digit rather than the space a note for oneself has. The line itself starting
/// with `#` is a comment, and is not counted.
fn cut_by_comment(line: &str) -> Option<usize> {
    if line.starts_with('#') {
        return None;
    }
    let bytes = line.as_bytes();
    (1..bytes.len()).find(|&i| {
        bytes[i] == b'#'
            && bytes[i - 1].is_ascii_whitespace()
            && bytes
                .get(i + 1)
                .is_some_and(|next| !next.is_ascii_whitespace() && *next != b'#')
    })
}

/// The habits a readable YAML text holds, each at its node. `first_line` is the file line the
/// text starts on.
pub fn check(text: &str, display: &str, first_line: usize) -> Vec<Diagnostic> {
    if !may_hold_habits(text) {
        return Vec::new();
    }
    let Ok(tree) = places::parse(text, first_line) else {
        return Vec::new();
    };
    let source = Source::new(text, first_line);
    let mut found = Vec::new();
    tree.scalars(&mut |node, key| {
        let field = key.and_then(Node::text);
        if let Some(problem) = curly_problem(&source, node, field, display) {
            found.push(problem);
        } else if let Some(field) = field {
            found.extend(comment_problem(&source, node, field, display));
        }
    });
    found
}

/// A plain value wrapped in Word's curly quotes: `title: “Children’s Services”`.
fn curly_problem(
    source: &Source<'_>,
    node: &Node,
    field: Option<&str>,
    display: &str,
) -> Option<Diagnostic> {
    let Value::Scalar {
        text,
        style: Style::Plain,
    } = &node.value
    else {
        return None;
    };
    let inner = unwrap_curly(text)?;
    let written = source.of(node)?;
    let fixed = straight_quoted(inner);
    let what = field.map_or_else(|| "this value".to_owned(), |f| format!("`{f}`"));
    let shown_fix = field.map_or_else(|| fixed.clone(), |f| format!("{f}: {fixed}"));
    Some(
        Diagnostic::error(
            display,
            format!("{what} is in Word's curly quotes “ ”, which YAML does not read as quotes, so they would be published as part of it"),
        )
        .at(node.start.line, node.start.column)
        .with_hint(format!("use straight quotes: {shown_fix}"))
        .with_fix(
            "put it in straight quotes",
            vec![Edit {
                line: node.start.line,
                column: node.start.column,
                remove: written.to_owned(),
                insert: fixed,
            }],
        ),
    )
}

/// Whether Word's curly quotes wrap the whole of `text`: a problem reported here, which other
/// checks of the value need not repeat.
pub fn is_curly_wrapped(text: &str) -> bool {
    unwrap_curly(text).is_some()
}

/// The text inside curly quotes that wrap the whole of `text`, if they do.
fn unwrap_curly(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    let last = text.chars().last()?;
    let wraps =
        text.chars().count() >= 2 && matches!((first, last), ('“' | '”', '”' | '“') | ('‘', '’'));
    wraps.then(|| &text[first.len_utf8()..text.len() - last.len_utf8()])
}

/// `inner` in straight double quotes, with what needs it escaped.
fn straight_quoted(inner: &str) -> String {
    format!("\"{}\"", inner.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A value cut short by ` #`: `summary: Item 5 #caseloads. Current…` publishes "Item 5".
fn comment_problem(
    source: &Source<'_>,
    node: &Node,
    field: &str,
    display: &str,
) -> Option<Diagnostic> {
    node.plain()?;
    // An empty value is marked at its key's colon.
    let written_after = source.after(node);
    let skip = usize::from(node.is_null() && written_after.starts_with(':'));
    let after = &written_after[skip..];
    let cut = cut_by_comment(after).or_else(|| after.starts_with('#').then_some(0))?;
    if !after[..cut].trim().is_empty() {
        return None;
    }
    let comment = after[cut..].trim_end();
    let whole = format!("{} {comment}", node.text().unwrap_or_default())
        .trim()
        .to_owned();
    let (message, hint) = if node.is_null() && field == "colour" {
        (
            "the colour is empty: YAML reads an unquoted # as the start of a comment".to_owned(),
            format!("put the colour in quotes: colour: \"{comment}\""),
        )
    } else if node.is_null() {
        (
            format!(
                "`{field}` is empty: YAML reads “{comment}” as a comment, because an unquoted # starts one"
            ),
            format!("put the value in quotes: {field}: \"{comment}\""),
        )
    } else {
        (
            format!(
                "`{field}` stops at “{}”: YAML reads “{comment}” as a comment, because an unquoted # after a space starts one",
                node.text().unwrap_or_default()
            ),
            format!(
                "put the whole value in quotes: {field}: \"{}\" (a note for yourself is written with a space after the #)",
                whole.replace('"', "'")
            ),
        )
    };
    let column = if node.is_null() {
        node.end.column + skip + after[..cut].chars().count()
    } else {
        node.start.column
    };
    Some(
        Diagnostic::error(display, message)
            .at(node.start.line, column)
            .with_hint(hint),
    )
}

/// A tab where YAML needs spaces, when the parser stopped on line `error_line` (1-based in the
/// text): the problem, at the first such tab, with the fix for every line indented by tabs.
pub fn tab_problem(
    text: &str,
    display: &str,
    first_line: usize,
    error_line: usize,
) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.split('\n').collect();
    let indented = |line: &str| {
        line.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    };
    // The parser stops on the tab's line, or on the next one.
    let at = [error_line, error_line.saturating_sub(1)]
        .into_iter()
        .find(|&n| n >= 1 && lines.get(n - 1).is_some_and(|l| indented(l)))?;
    let column = lines[at - 1].chars().position(|c| c == '\t').unwrap_or(0) + 1;
    let edits: Vec<Edit> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| indented(line))
        .map(|(n, line)| {
            let spaces: String = line
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(|c| {
                    if c == '\t' {
                        "  ".to_owned()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            let indent_len = line.len() - line.trim_start().len();
            Edit {
                line: n + first_line,
                column: 1,
                remove: line[..indent_len].to_owned(),
                insert: spaces,
            }
        })
        .collect();
    let others = edits.len() - 1;
    let also = if others == 0 {
        String::new()
    } else {
        format!(
            " ({others} other line{} too)",
            if others == 1 { "" } else { "s" }
        )
    };
    Some(
        Diagnostic::error(
            display,
            format!(
                "this line is indented with a tab{also}, and YAML allows only spaces for indenting"
            ),
        )
        .at(at + first_line - 1, column)
        .with_hint("indent with spaces: two spaces for each step in")
        .with_fix("replace the tabs with two spaces each", edits),
    )
}

/// A line the parser could not read that holds Word's curly quotes around a value: the
/// problem, with the fix for every such line (these files cannot be read into nodes, so the
/// quotes are found on the line).
pub fn curly_line_problem(
    text: &str,
    display: &str,
    first_line: usize,
    error_line: usize,
) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = lines.get(error_line.checked_sub(1)?)?;
    let fixed = straighten_line(line)?;
    let edits: Vec<Edit> = lines
        .iter()
        .enumerate()
        .filter_map(|(n, line)| {
            straighten_line(line).map(|new| Edit {
                line: n + first_line,
                column: 1,
                remove: (*line).to_owned(),
                insert: new,
            })
        })
        .collect();
    let column = line
        .chars()
        .position(|c| OPENING.contains(&c) || c == '”')
        .unwrap_or(0)
        + 1;
    Some(
        Diagnostic::error(
            display,
            "Word's curly quotes “ ” are not quotes to YAML, so this value is read as it stands, and what is inside them cannot be read",
        )
        .at(error_line + first_line - 1, column)
        .with_hint(format!("use straight quotes: {}", fixed.trim()))
        .with_fix("put the values in straight quotes", edits),
    )
}

/// A YAML line with each value that Word's curly quotes wrap put in straight quotes; `None`
/// when it has none.
fn straighten_line(line: &str) -> Option<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut changed = false;
    let starts_value = |at: usize| {
        let before: String = chars[..at].iter().collect();
        let before = before.trim_end();
        before.is_empty() || before.ends_with([':', '-', '[', '{', ','])
    };
    while i < chars.len() {
        let c = chars[i];
        let close = match c {
            '“' | '”' => Some(['”', '“']),
            '‘' => Some(['’', '’']),
            _ => None,
        };
        if let (Some(close), true) = (close, starts_value(i)) {
            // The closing quote is the last one before the value ends.
            let end = (i + 1..chars.len()).rev().find(|&j| {
                close.contains(&chars[j]) && {
                    let rest: String = chars[j + 1..].iter().collect();
                    let rest = rest.trim_start();
                    rest.is_empty() || rest.starts_with([',', ']', '}', '#'])
                }
            });
            if let Some(end) = end {
                let inner: String = chars[i + 1..end].iter().collect();
                out.push_str(&straight_quoted(&inner));
                i = end + 1;
                changed = true;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_quotes_around_a_value_are_an_error_with_its_fix() {
        let text = "title: “Children’s Services Update”\nsummary: Children’s services.\nauthors:\n  - { name: A, phone: “01642 444000” }\n";
        let found = check(text, "r.md", 2);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!((found[0].line, found[0].column), (2, 8));
        assert_eq!(
            found[0].hint.as_deref(),
            Some("use straight quotes: title: \"Children’s Services Update\"")
        );
        let edit = &found[0].fix.as_ref().unwrap().edits[0];
        assert_eq!(edit.remove, "“Children’s Services Update”");
        assert_eq!((found[1].line, found[1].column), (5, 23));
    }

    #[test]
    fn a_hash_after_a_space_cuts_a_value_short_but_a_note_does_not() {
        let text = "committee: cs   # an id\nsummary: Item 5 #caseloads. Current caseloads.\n# colour: #12436D\ncolour: #12436D\n";
        let found = check(text, "a.yaml", 1);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(found.len(), 2, "{messages:#?}");
        assert!(
            messages[0].starts_with("`summary` stops at “Item 5”"),
            "{messages:?}"
        );
        assert_eq!((found[0].line, found[0].column), (2, 10));
        assert_eq!(
            found[1].message,
            "the colour is empty: YAML reads an unquoted # as the start of a comment"
        );
        assert_eq!((found[1].line, found[1].column), (4, 9));
        assert_eq!(
            found[1].hint.as_deref(),
            Some("put the colour in quotes: colour: \"#12436D\"")
        );
    }

    #[test]
    fn a_line_of_curly_quotes_is_straightened_whole() {
        assert_eq!(
            straighten_line("title: “Item 6: “Update””").as_deref(),
            Some("title: \"Item 6: “Update”\"")
        );
        assert_eq!(
            straighten_line("  - { name: A, phone: “01642 444000”, role: ‘Lead’ }").as_deref(),
            Some("  - { name: A, phone: \"01642 444000\", role: \"Lead\" }")
        );
        assert_eq!(straighten_line("summary: Children’s services"), None);
    }

    #[test]
    fn tabs_are_named_as_tabs_with_their_fix() {
        let text = "title: A\nwards:\n\t- All\n\t- North\n";
        let problem = tab_problem(text, "r.md", 2, 3).unwrap();
        assert!(
            problem
                .message
                .starts_with("this line is indented with a tab (1 other line too)")
        );
        assert_eq!((problem.line, problem.column), (4, 1));
        assert_eq!(problem.fix.unwrap().edits.len(), 2);
    }
}
