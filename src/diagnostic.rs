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
    /// The change that `scrutiny check --fix` makes for the author, where the repair is
    /// mechanical (a typed paragraph number, Word's curly quotes, a pasted tab table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<Fix>>,
}

/// A repair `check --fix` can make: what it does, in words, and the edits to the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Fix {
    /// What the fix does, completing "check --fix will …": "remove the typed number".
    pub description: String,
    pub edits: Vec<Edit>,
}

/// One edit of a file: at a 1-based line and column (in characters), the text found there
/// (`remove`, which may run over several lines) is replaced by `insert`. An edit whose text is
/// no longer where it was is not made.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Edit {
    pub line: usize,
    pub column: usize,
    pub remove: String,
    pub insert: String,
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
            fix: None,
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

    /// Offers the fix `check --fix` can make.
    pub fn with_fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Box::new(Fix {
            description: description.into(),
            edits,
        }));
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
            Some(near) => self.with_hint(did_you_mean(near)),
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
            let (shown, marker_at) = excerpt(source_line, self.column.max(1));
            let _ = write!(out, "\n{pad} |\n{number} | {shown}\n{pad} | {marker_at}^");
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n  = hint: {hint}");
        }
        if let Some(fix) = &self.fix {
            let _ = write!(
                out,
                "\n  = fix: `scrutiny check --fix` will {}",
                fix.description
            );
        }
        out
    }
}

/// The widest excerpt of a line a message quotes, in characters: a longer line is shown around
/// the column, so that the marker stays on a terminal's line.
const EXCERPT_WIDTH: usize = 100;

/// The part of `line` to quote and the indent that puts the marker under `column`. Tabs stay
/// tabs in both, so that the marker lines up whatever the terminal's tab width.
fn excerpt(line: &str, column: usize) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let at = (column - 1).min(chars.len());
    let (start, end) = if chars.len() <= EXCERPT_WIDTH {
        (0, chars.len())
    } else {
        let start = at
            .saturating_sub(EXCERPT_WIDTH / 3)
            .min(chars.len() - EXCERPT_WIDTH);
        (start, start + EXCERPT_WIDTH)
    };
    let mut shown: String = chars[start..end].iter().collect();
    let mut marker: String = chars[start..at]
        .iter()
        .map(|&c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    if start > 0 {
        shown.insert(0, '…');
        marker.insert(0, ' ');
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, marker)
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

/// The words of a "did you mean" hint for `near`: the one place they are written.
pub fn did_you_mean(near: &str) -> String {
    format!("did you mean `{near}`?")
}

/// The nearest of `candidates` to `word` by edit distance, when it is close enough to be a
/// likely typo: the "did you mean" of a hint.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let close = candidates
        .iter()
        .map(|candidate| {
            (
                edit_distance(&word_lower, &candidate.to_lowercase()),
                *candidate,
            )
        })
        .filter(|(distance, candidate)| *distance <= (candidate.chars().count() / 3).max(2))
        .min()
        .map(|(_, candidate)| candidate);
    // "For decision" means `decision`: a candidate written as one of the words.
    close.or_else(|| {
        let words: Vec<&str> = word_lower
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
            .collect();
        let mut within = candidates
            .iter()
            .filter(|candidate| words.contains(&candidate.to_lowercase().as_str()));
        match (within.next(), within.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
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
        let purposes = ["noting", "decision", "discussion"];
        assert_eq!(nearest("For decision", purposes), Some("decision"));
        assert_eq!(nearest("Final", ["draft", "final"]), Some("final"));
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

    #[test]
    fn a_long_line_is_quoted_around_its_column() {
        let mut sources = Sources::default();
        let line = format!(
            "{}{{{{ value x row=Dec 2023 }}}}{}",
            "a".repeat(130),
            "b".repeat(80)
        );
        sources.insert("r.md", line.as_str());
        let text = Diagnostic::error("r.md", "no").at(1, 131).render(&sources);
        let lines: Vec<&str> = text.lines().collect();
        let quoted = lines[3];
        let marker = lines[4];
        assert!(quoted.chars().count() < 115, "{text}");
        assert!(quoted.contains("{{ value x"), "{text}");
        let under = quoted.chars().nth(marker.chars().count() - 1);
        assert_eq!(under, Some('{'), "{text}");
    }
}
