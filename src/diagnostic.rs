//! Problems found in a site's content, each with the place in a file where it was found.
//!
//! Every stage of the pipeline reports through [`Diagnostic`] rather than failing on the first
//! problem, so that `check` and `build` can show an author every mistake in one run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, placed in a file by 1-based line and column (0 where no place is known).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root, written with `/`.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Hints at the nearest of `candidates` to `word` ("did you mean …?"), or else `otherwise`.
    pub fn with_suggestion<'a>(
        self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        otherwise: impl FnOnce() -> String,
    ) -> Self {
        match nearest(word, candidates) {
            Some(near) => self.with_hint(format!("did you mean `{near}`?")),
            None => self.with_hint(otherwise()),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the problem for a terminal: `file:line:col`, the message, the source line with a
    /// marker under the fault, and the hint.
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = write!(out, "{label}: {}", self.message);
        let _ = write!(out, "\n  --> {}", self.file);
        if self.line > 0 {
            let _ = write!(out, ":{}:{}", self.line, self.column.max(1));
        }
        if let Some(source_line) = sources.line(&self.file, self.line) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let marker_at = source_line
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect::<String>();
            let _ = write!(
                out,
                "\n{pad} |\n{number} | {source_line}\n{pad} | {marker_at}^"
            );
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  = hint: {hint}");
        }
        out
    }
}

/// The text of every file read while loading, kept so diagnostics can quote the faulty line.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: BTreeMap<String, Source>,
}

/// One file's text, with where its lines start once a line has been asked for: a dataset with
/// an error on every one of its 60,000 rows quotes each in constant time.
#[derive(Debug, Clone)]
struct Source {
    text: String,
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl Sources {
    pub fn insert(&mut self, file: impl Into<String>, text: impl Into<String>) {
        let source = Source {
            text: text.into(),
            line_starts: std::sync::OnceLock::new(),
        };
        self.files.insert(file.into(), source);
    }

    pub fn get(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|source| source.text.as_str())
    }

    /// The 1-based `line` of `file`, without its line end.
    pub fn line(&self, file: &str, line: usize) -> Option<&str> {
        let source = self.files.get(file)?;
        let text = source.text.as_str();
        let starts = source.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(at, _)| at + 1))
                .filter(|&start| start < text.len())
                .collect()
        });
        let start = *starts.get(line.checked_sub(1)?)?;
        let rest = &text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        Some(rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]))
    }

    /// Every file, by its path, with its text.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .iter()
            .map(|(file, source)| (file.as_str(), source.text.as_str()))
    }

    pub fn extend(&mut self, other: Sources) {
        self.files.extend(other.files);
    }
}

/// Turns a path below the site root into the form diagnostics and output use.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Finds the 1-based line and column of `needle` in `text` at or after `from_line`, for
/// placing problems that a parser reported without a position.
pub fn locate(text: &str, needle: &str, from_line: usize) -> Option<(usize, usize)> {
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find_map(|(index, line)| {
            line.find(needle)
                .map(|byte| (index + 1, line[..byte].chars().count() + 1))
        })
}

/// Finds the line and column of a top-level mapping key (`key:` at the start of a line).
pub fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let wanted = format!("{key}:");
    text.lines()
        .enumerate()
        .find(|(_, line)| line.starts_with(&wanted))
        .map(|(index, _)| (index + 1, 1))
}

/// The nearest of `candidates` to `word` by edit distance, when it is close enough to be a
/// likely typo: the "did you mean" of a hint.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&word_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.chars().count() / 3).max(2))
        .min()
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_a_close_name() {
        let names = ["in_post", "establishment", "role"];
        assert_eq!(nearest("establishmnet", names), Some("establishment"));
        assert_eq!(nearest("budget", names), None);
    }

    #[test]
    fn lines_are_quoted_as_the_text_has_them() {
        let mut sources = Sources::default();
        sources.insert("a.yaml", "one\n\nthree\r\nfour");
        let lines: Vec<Option<&str>> = (0..=5).map(|n| sources.line("a.yaml", n)).collect();
        assert_eq!(
            lines,
            [
                None,
                Some("one"),
                Some(""),
                Some("three"),
                Some("four"),
                None
            ]
        );
        assert_eq!(sources.line("b.yaml", 1), None);
    }

    #[test]
    fn render_marks_the_column() {
        let mut sources = Sources::default();
        sources.insert("a.yaml", "title: x\ncolour: \n");
        let text = Diagnostic::error("a.yaml", "colour is empty")
            .at(2, 9)
            .with_hint("quote it")
            .render(&sources);
        assert!(text.contains("a.yaml:2:9"), "{text}");
        assert!(text.contains("2 | colour: "), "{text}");
        assert!(text.contains("= hint: quote it"), "{text}");
    }
}
