//! Inline figures: `{{ value … }}`, `{{ change … }}` and `{{ total … }}` in a report's text,
//! replaced by numbers drawn from a dataset, so that the words of a report cannot disagree
//! with its data.
//!
//! ```text
//! {{ value cp-plans row=2021-12 column=all }}                  → 227
//! {{ change cp-plans from=2019-12 to=2021-12 column=all }}     → 143 (38.6%)
//! {{ total specialist-posts column=fte }}                      → 14
//! ```

use super::labels::{self, Reference};
use crate::diagnostic::Diagnostic;

/// An inline figure as written: its kind (`value`, `change` or `total`), dataset and named
/// arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRef {
    pub kind: String,
    pub dataset: String,
    pub args: Vec<(String, String)>,
    /// 1-based line and column in the report file.
    pub line: usize,
    pub column: usize,
}

impl FigureRef {
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Splits `value cp-plans row="Dec 2021" column=all` into words, keeping quoted values whole.
fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn parse(inner: &str, file: &str, line: usize, column: usize) -> Result<FigureRef, Diagnostic> {
    let words = words(inner);
    let place = |message: String| {
        Diagnostic::error(file, message)
            .at(line, column)
            .with_hint("write {{ value DATASET row=ROW column=COLUMN }} or {{ change DATASET from=ROW to=ROW column=COLUMN }}")
    };
    let [kind, dataset, rest @ ..] = words.as_slice() else {
        return Err(place(format!("`{{{{{inner}}}}}` is not an inline figure")));
    };
    if !["value", "change", "total"].contains(&kind.as_str()) {
        return Err(place(format!(
            "`{kind}` is not a kind of inline figure: use value, change or total"
        )));
    }
    let mut args: Vec<(String, String)> = Vec::new();
    for word in rest {
        let Some((key, value)) = word.split_once('=') else {
            // `row=Dec 2023`: the space ended the row's name.
            if let Some((name, value)) = args.last() {
                let whole = format!("{value} {word}");
                return Err(Diagnostic::error(file, format!(
                    "the {name} name “{whole}” has a space, so it needs quotes: without them, “{word}” is read as the next part of the figure"
                ))
                .at(line, column)
                .with_hint(format!("put the name in quotes: {name}=\"{whole}\"")));
            }
            return Err(place(format!(
                "`{word}` is not a part of an inline figure, which are written name=value"
            )));
        };
        args.push((key.to_owned(), value.to_owned()));
    }
    Ok(FigureRef {
        kind: kind.clone(),
        dataset: dataset.clone(),
        args,
        line,
        column,
    })
}

/// Replaces every inline figure in `body` (outside fenced code blocks) with what `resolve`
/// returns for it, and every reference (`{{ ref costs }}`) with a marker, adding it to
/// `references`. `first_line` is the file line on which the body starts. Replacements never
/// hold a line break, so lines keep their numbers.
pub fn expand(
    body: &str,
    file: &str,
    first_line: usize,
    resolve: &mut dyn FnMut(&FigureRef) -> Result<String, Diagnostic>,
    references: &mut Vec<Reference>,
) -> (String, Vec<Diagnostic>) {
    if !body.contains("{{") {
        return (body.to_owned(), Vec::new());
    }
    let mut out = String::with_capacity(body.len());
    let mut diagnostics = Vec::new();
    let mut fence: Option<String> = None;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if marker.len() >= 3 {
            match &fence {
                None => fence = Some(marker),
                Some(open) if marker.starts_with(open.as_str()) => fence = None,
                Some(_) => {}
            }
            out.push_str(line);
            continue;
        }
        if fence.is_some() || !line.contains("{{") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        while let Some(start) = rest.find("{{") {
            // `\{{` is a literal pair of braces.
            if rest[..start].ends_with('\\') {
                out.push_str(&rest[..start - 1]);
                out.push_str("{{");
                rest = &rest[start + 2..];
                continue;
            }
            let Some(length) = rest[start + 2..].find("}}") else {
                break;
            };
            out.push_str(&rest[..start]);
            let inner = rest[start + 2..start + 2 + length].trim();
            let column = line.len() - rest.len() + start + 1;
            if inner == "ref" || inner.starts_with("ref ") {
                match labels::parse(inner, file, first_line + index, column) {
                    Ok(reference) => {
                        out.push_str(&labels::marker(references.len()));
                        references.push(reference);
                    }
                    Err(diagnostic) => {
                        diagnostics.push(diagnostic);
                        out.push_str("[reference not found]");
                    }
                }
                rest = &rest[start + 2 + length + 2..];
                continue;
            }
            let result =
                parse(inner, file, first_line + index, column).and_then(|figure| resolve(&figure));
            match result {
                Ok(text) => out.push_str(&text.replace('\n', " ")),
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    out.push_str("[figure not found]");
                }
            }
            rest = &rest[start + 2 + length + 2..];
        }
        out.push_str(rest);
    }
    (out, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_figures_and_leaves_code_alone() {
        let body = "Fell to {{ value plans row=\"Dec 2021\" column=all }} children.\n```chart\n{{ not a figure }}\n```\n";
        let mut seen = Vec::new();
        let (text, problems) = expand(
            body,
            "r.md",
            10,
            &mut |figure| {
                seen.push(figure.clone());
                Ok("227".into())
            },
            &mut Vec::new(),
        );
        assert!(problems.is_empty());
        assert_eq!(
            text,
            "Fell to 227 children.\n```chart\n{{ not a figure }}\n```\n"
        );
        assert_eq!(seen[0].arg("row"), Some("Dec 2021"));
        assert_eq!((seen[0].line, seen[0].column), (10, 9));
    }

    #[test]
    fn a_row_name_with_a_space_is_told_to_take_quotes() {
        let (_, problems) = expand(
            "{{ value plans row=Dec 2021 column=all }}\n",
            "r.md",
            1,
            &mut |_| Ok(String::new()),
            &mut Vec::new(),
        );
        assert_eq!(
            problems[0].hint.as_deref(),
            Some("put the name in quotes: row=\"Dec 2021\"")
        );
        assert!(
            problems[0]
                .message
                .starts_with("the row name “Dec 2021” has a space")
        );
    }

    #[test]
    fn a_bad_figure_is_an_error_at_its_place() {
        let (_, problems) = expand(
            "Text\nand {{ sum plans }}\n",
            "r.md",
            5,
            &mut |_| Ok(String::new()),
            &mut Vec::new(),
        );
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].line, problems[0].column), (6, 5));
        assert!(
            problems[0]
                .message
                .contains("`sum` is not a kind of inline figure: use value, change or total")
        );
    }
}
