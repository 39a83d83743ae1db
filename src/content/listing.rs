//! The files of an authority's `reports/` and `data/` folders. Only `reports/<slug>.md` and
//! `data/<id>.yaml` are read; anything else that is there is never passed over in silence:
//! a report or dataset under another ending (`paper.MD`, `paper.markdown`, `data/x.yml`) or in
//! a folder of its own is an error that says how to rename or move it, and any other file a
//! warning that it is not read.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};

/// Which folder is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Report,
    Dataset,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Report => "md",
            Kind::Dataset => "yaml",
        }
    }

    /// Endings that say the author meant a file of this kind.
    fn meant(self, extension: &str) -> bool {
        let lower = extension.to_ascii_lowercase();
        match self {
            Kind::Report => matches!(lower.as_str(), "md" | "markdown" | "mdown" | "mkd" | "mkdn"),
            Kind::Dataset => matches!(lower.as_str(), "yaml" | "yml"),
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Dataset => "dataset",
        }
    }

    fn folder(self) -> &'static str {
        match self {
            Kind::Report => "reports",
            Kind::Dataset => "data",
        }
    }
}

/// What a folder holds.
#[derive(Debug, Default)]
pub struct Listed {
    /// The files to read, sorted by name.
    pub files: Vec<PathBuf>,
    /// Files that look meant to be read but are not, and other files, each with its problem.
    pub problems: Vec<Diagnostic>,
    /// The names (without ending) of files meant as datasets but not read: what refers to them
    /// says nothing more, as the file's own problem explains.
    pub unread: Vec<String>,
}

/// Files that systems and Office leave beside documents: never read, never a problem.
fn is_clutter(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Lists `dir` (an authority's `reports/` or `data/`).
pub fn files(root: &Path, dir: &Path, kind: Kind) -> Listed {
    let mut listed = Listed::default();
    let entries = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_clutter(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
        let display = display_path(root, path);
        let wanted = kind.extension();
        if entry.depth() == 1 && extension == wanted {
            listed.files.push(path.to_path_buf());
        } else if entry.depth() > 1 && kind.meant(extension) {
            listed.problems.push(
                Diagnostic::error(
                    &display,
                    format!(
                        "this {} is in a folder inside {}/, where scrutiny does not look, so it is not read",
                        kind.noun(),
                        kind.folder()
                    ),
                )
                .with_hint(format!(
                    "move it to {}/{stem}.{wanted}: every {} is directly inside {}/",
                    kind.folder(),
                    kind.noun(),
                    kind.folder()
                )),
            );
            if kind == Kind::Dataset {
                listed.unread.push(stem.to_owned());
            }
        } else if kind.meant(extension) {
            listed.problems.push(
                Diagnostic::error(
                    &display,
                    format!(
                        "`{name}` is not read: a {} file's name ends .{wanted}, in lower case",
                        kind.noun()
                    ),
                )
                .with_hint(format!("rename it to {stem}.{wanted}")),
            );
            if kind == Kind::Dataset {
                listed.unread.push(stem.to_owned());
            }
        } else {
            listed.problems.push(other_file(&display, &name, kind));
        }
    }
    listed.files.sort();
    listed
}

/// A file in `reports/` or `data/` that is no report or dataset: a warning that it is not read.
fn other_file(display: &str, name: &str, kind: Kind) -> Diagnostic {
    let hint = match kind {
        Kind::Report => {
            "a report is a .md file; a document to publish beside a report goes in the authority's assets/ folder, listed in the report's appendices"
        }
        Kind::Dataset => {
            "a dataset is a .yaml file (see \"Datasets\" in docs/writing-reports.md); `scrutiny import dfe` makes one from a Department for Education CSV"
        }
    };
    Diagnostic::warning(
        display,
        format!("`{name}` is not a {}, so it is not read", kind.noun()),
    )
    .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_in_reports_is_passed_over_in_silence() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("reports");
        std::fs::create_dir_all(reports.join("2024")).unwrap();
        for name in [
            "a.md",
            "b.MD",
            "c.markdown",
            "notes.docx",
            ".gitkeep",
            "~$a.docx",
            "2024/d.md",
        ] {
            std::fs::write(reports.join(name), "").unwrap();
        }
        let listed = files(dir.path(), &reports, Kind::Report);
        assert_eq!(listed.files, [reports.join("a.md")]);
        let found: Vec<(&str, bool, &str)> = listed
            .problems
            .iter()
            .map(|d| {
                (
                    d.file.as_str(),
                    d.is_error(),
                    d.hint.as_deref().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert_eq!(
            found[0],
            (
                "reports/2024/d.md",
                true,
                "move it to reports/d.md: every report is directly inside reports/"
            )
        );
        assert_eq!(found[1], ("reports/b.MD", true, "rename it to b.md"));
        assert_eq!(found[2], ("reports/c.markdown", true, "rename it to c.md"));
        assert!(!found[3].1, "{found:?}");
    }
}
