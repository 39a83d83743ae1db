//! Labels and cross-references: a paragraph, heading, appendix, figure or table carries a
//! label (`{#costs}`), and the text refers to it as `{{ ref costs }}`; scrutiny writes the
//! number it was given, linked to it, so that "paragraph 5.4" follows the paragraph wherever
//! it moves.
//!
//! References are read with the inline figures, before the body is parsed, and stand in the
//! text as markers; the numbers are known only once the body is written, so the markers are
//! replaced last.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::web;

/// What a label names: the words and number written for a reference, and where it links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The words a reference writes: `paragraph 5.4`, `recommendation 2.1`, `Appendix 1`,
    /// `Figure 2`, `Table 1`.
    pub name: String,
    /// The number alone: `5.4`.
    pub number: String,
    /// The id it links to, with the body's prefix.
    pub anchor: String,
}

/// A reference as written: its label, whether it asks for the number alone, and its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub label: String,
    pub number_only: bool,
    pub line: usize,
    pub column: usize,
}

const MARKER_OPEN: char = '\u{E000}';
const MARKER_CLOSE: char = '\u{E001}';

/// Reads `ref costs` or `ref costs as=number` (the inside of `{{ … }}`), or says what is wrong.
pub fn parse(inner: &str, file: &str, line: usize, column: usize) -> Result<Reference, Diagnostic> {
    let words: Vec<&str> = inner.split_whitespace().collect();
    let problem = |message: String, hint: &str| {
        Diagnostic::error(file, message)
            .at(line, column)
            .with_hint(hint.to_owned())
    };
    let (label, rest) = match words.as_slice() {
        ["ref", label, rest @ ..] => (*label, rest),
        _ => {
            return Err(problem(
                "this reference names no label".to_owned(),
                "write {{ ref LABEL }}, where LABEL is what a paragraph, heading, figure or table carries as {#LABEL}",
            ));
        }
    };
    let label = label.trim_start_matches('#');
    let number_only = match rest {
        [] => false,
        ["as=number"] => true,
        _ => {
            return Err(problem(
                format!("`{}` is not a part of a reference", rest.join(" ")),
                "write {{ ref LABEL }} for the words and number (`paragraph 5.4`), or {{ ref LABEL as=number }} for the number alone",
            ));
        }
    };
    Ok(Reference {
        label: label.to_owned(),
        number_only,
        line,
        column,
    })
}

/// The marker that stands in the text for the `index`th reference until numbers are known.
pub fn marker(index: usize) -> String {
    format!("{MARKER_OPEN}{index}{MARKER_CLOSE}")
}

/// How a resolved reference is written: as a link in the page, or as words in plain text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Link,
    Plain,
}

/// Replaces every marker in `text` by its reference, as `written`. A reference to no label
/// writes its label in brackets (the build has failed on it already).
pub fn fill(
    text: &str,
    references: &[Reference],
    targets: &BTreeMap<String, Target>,
    written: Written,
) -> String {
    if !text.contains(MARKER_OPEN) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(MARKER_OPEN) {
        out.push_str(&rest[..start]);
        let after = &rest[start + MARKER_OPEN.len_utf8()..];
        let Some(end) = after.find(MARKER_CLOSE) else {
            rest = after;
            continue;
        };
        let reference = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| references.get(i));
        if let Some(reference) = reference {
            out.push_str(&written_reference(
                reference,
                targets.get(&reference.label),
                written,
            ));
        }
        rest = &after[end + MARKER_CLOSE.len_utf8()..];
    }
    out.push_str(rest);
    out
}

fn written_reference(reference: &Reference, target: Option<&Target>, written: Written) -> String {
    let Some(target) = target else {
        return web::escape_html(&format!("[{}]", reference.label));
    };
    let words = if reference.number_only {
        &target.number
    } else {
        &target.name
    };
    match written {
        Written::Plain => words.clone(),
        Written::Link => format!(
            "<a class=\"cross-reference\" href=\"#{}\">{}</a>",
            web::escape_html(&target.anchor),
            web::escape_html(words)
        ),
    }
}

/// An error for every reference to a label the body does not have, with the nearest label
/// it has.
pub fn unknown(
    file: &str,
    references: &[Reference],
    targets: &BTreeMap<String, Target>,
) -> Vec<Diagnostic> {
    references
        .iter()
        .filter(|r| !targets.contains_key(&r.label))
        .map(|reference| {
            Diagnostic::error(
                file,
                format!(
                    "nothing in this report carries the label `{}`, so this reference has no number to write",
                    reference.label
                ),
            )
            .at(reference.line, reference.column)
            .with_suggestion(&reference.label, targets.keys().map(String::as_str), || {
                "give the paragraph, heading, figure or table a label on its last line, {#costs}, and refer to it as {{ ref costs }}; a label inside an exempt appendix cannot be referred to from public text".to_owned()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> BTreeMap<String, Target> {
        BTreeMap::from([(
            "costs".to_owned(),
            Target {
                name: "paragraph 5.4".into(),
                number: "5.4".into(),
                anchor: "para-5.4".into(),
            },
        )])
    }

    #[test]
    fn a_reference_writes_the_number_and_links_to_it() {
        let references = vec![parse("ref costs", "r.md", 1, 1).unwrap()];
        let text = format!("As set out in {}.", marker(0));
        assert_eq!(
            fill(&text, &references, &targets(), Written::Link),
            "As set out in <a class=\"cross-reference\" href=\"#para-5.4\">paragraph 5.4</a>."
        );
        let number = vec![parse("ref costs as=number", "r.md", 1, 1).unwrap()];
        assert_eq!(
            fill(&text, &number, &targets(), Written::Plain),
            "As set out in 5.4."
        );
    }

    #[test]
    fn an_unknown_label_is_an_error_with_the_nearest() {
        let references = vec![parse("ref cost", "r.md", 7, 12).unwrap()];
        let problems = unknown("r.md", &references, &targets());
        assert_eq!((problems[0].line, problems[0].column), (7, 12));
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `costs`?"));
    }

    #[test]
    fn a_reference_without_a_label_says_how_to_write_one() {
        let problem = parse("ref", "r.md", 1, 1).unwrap_err();
        assert!(problem.message.contains("names no label"));
    }
}
