//! `scrutiny check --fix`: the mechanical repairs that problems carry (a typed paragraph
//! number removed, Word's curly quotes straightened, a pasted tab table written as a table),
//! made in the content files in place. A file keeps its line ends and byte-order mark; an edit
//! is made only where the text it expects is still there; each file is replaced in one step,
//! so that it is never left half written; nothing outside `content/` is written, and never
//! through a link.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Edit};

/// What a fix run did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The file's path from the site root, as messages give it.
    pub file: String,
    /// How many problems were repaired in it.
    pub problems: usize,
}

/// Why a file was not fixed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFixed {
    pub file: String,
    pub why: String,
}

/// Makes every fix that `diagnostics` carry, file by file.
pub fn apply(root: &Path, diagnostics: &[Diagnostic]) -> (Vec<Fixed>, Vec<NotFixed>) {
    let mut by_file: BTreeMap<&str, Vec<&crate::diagnostic::Fix>> = BTreeMap::new();
    for diagnostic in diagnostics {
        if let Some(fix) = &diagnostic.fix {
            by_file.entry(&diagnostic.file).or_default().push(fix);
        }
    }
    let mut fixed = Vec::new();
    let mut not_fixed = Vec::new();
    for (file, fixes) in by_file {
        match fix_file(root, file, &fixes) {
            Ok(0) => {}
            Ok(problems) => fixed.push(Fixed {
                file: file.to_owned(),
                problems,
            }),
            Err(why) => not_fixed.push(NotFixed {
                file: file.to_owned(),
                why,
            }),
        }
    }
    (fixed, not_fixed)
}

/// Makes the fixes of one file; returns how many were made.
fn fix_file(root: &Path, file: &str, fixes: &[&crate::diagnostic::Fix]) -> Result<usize, String> {
    let path = content_file(root, file)?;
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read it: {e}"))?;
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let raw = std::str::from_utf8(&bytes[if bom { 3 } else { 0 }..])
        .map_err(|_| "it is not UTF-8 text".to_owned())?;
    let crlf = raw.contains("\r\n");
    let text = raw.replace("\r\n", "\n");
    let (fixed_text, made) = edit(&text, fixes);
    if made == 0 {
        return Ok(0);
    }
    let mut out = if crlf {
        fixed_text.replace('\n', "\r\n")
    } else {
        fixed_text
    };
    if bom {
        out.insert(0, '\u{feff}');
    }
    replace_file(&path, out.as_bytes())?;
    Ok(made)
}

/// The file `file` names below `root/content`, refused if it is a link or leads elsewhere.
fn content_file(root: &Path, file: &str) -> Result<PathBuf, String> {
    let path = root.join(file);
    let metadata = std::fs::symlink_metadata(&path).map_err(|e| format!("cannot read it: {e}"))?;
    if !metadata.file_type().is_file() {
        return Err("it is a link or not a plain file, which --fix does not write through".into());
    }
    let content = root
        .join("content")
        .canonicalize()
        .map_err(|e| format!("cannot read the content folder: {e}"))?;
    let resolved = path
        .canonicalize()
        .map_err(|e| format!("cannot read it: {e}"))?;
    if !resolved.starts_with(&content) {
        return Err("it is not inside content/".into());
    }
    Ok(resolved)
}

/// Applies the fixes whose edits all still match the text, each fix whole or not at all, and
/// none that overlaps one already made. Returns the new text and how many fixes were made.
fn edit(text: &str, fixes: &[&crate::diagnostic::Fix]) -> (String, usize) {
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(at, _)| at + 1))
        .collect();
    let offset = |edit: &Edit| -> Option<usize> {
        let start = *starts.get(edit.line.checked_sub(1)?)?;
        let line_end = text[start..].find('\n').map_or(text.len(), |at| start + at);
        let within = text[start..line_end]
            .char_indices()
            .nth(edit.column - 1)
            .map_or(line_end - start, |(byte, _)| byte);
        let at = start + within;
        text[at..].starts_with(&edit.remove).then_some(at)
    };
    let mut taken: Vec<(usize, usize, &str)> = Vec::new();
    let mut made = 0;
    for fix in fixes {
        let Some(spans) = fix
            .edits
            .iter()
            .map(|edit| offset(edit).map(|at| (at, at + edit.remove.len(), edit.insert.as_str())))
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        let overlaps = spans.iter().any(|&(start, end, _)| {
            taken
                .iter()
                .any(|&(s, e, _)| start < e && s < end || (start == s && end == e))
        });
        if overlaps {
            continue;
        }
        taken.extend(spans);
        made += 1;
    }
    taken.sort_by_key(|&(start, _, _)| std::cmp::Reverse(start));
    let mut out = text.to_owned();
    for (start, end, insert) in taken {
        out.replace_range(start..end, insert);
    }
    (out, made)
}

/// `text` with the fixes made, for reading a file as its author meant it while the file itself
/// is left as it is. `first_line` is the file line the text starts on.
pub fn applied(text: &str, first_line: usize, fixes: &[&crate::diagnostic::Fix]) -> String {
    let shifted: Vec<crate::diagnostic::Fix> = fixes
        .iter()
        .map(|fix| crate::diagnostic::Fix {
            description: fix.description.clone(),
            edits: fix
                .edits
                .iter()
                .filter(|edit| edit.line >= first_line)
                .map(|edit| Edit {
                    line: edit.line + 1 - first_line,
                    ..edit.clone()
                })
                .collect(),
        })
        .collect();
    let shifted: Vec<&crate::diagnostic::Fix> = shifted.iter().collect();
    edit(text, &shifted).0
}

/// Replaces a file in one step: the new text is written beside it and renamed over it.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.scrutiny-fix"));
    let permissions = std::fs::metadata(path).map(|m| m.permissions()).ok();
    std::fs::write(&temporary, bytes).map_err(|e| format!("cannot write it: {e}"))?;
    if let Some(permissions) = permissions {
        let _ = std::fs::set_permissions(&temporary, permissions);
    }
    std::fs::rename(&temporary, path).map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        format!("cannot write it: {e}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix {
            description: "fix".into(),
            edits,
        }
    }

    fn at(line: usize, column: usize, remove: &str, insert: &str) -> Edit {
        Edit {
            line,
            column,
            remove: remove.into(),
            insert: insert.into(),
        }
    }

    #[test]
    fn edits_are_made_where_their_text_still_is() {
        let text = "title: “A”\n\n6.1 The Government.\n";
        let fixes = [
            fix(vec![at(1, 8, "“A”", "\"A\"")]),
            fix(vec![at(3, 1, "6.1 ", "")]),
            fix(vec![at(3, 1, "7.1 ", "")]),
        ];
        let fixes: Vec<&Fix> = fixes.iter().collect();
        let (out, made) = edit(text, &fixes);
        assert_eq!(out, "title: \"A\"\n\nThe Government.\n");
        assert_eq!(made, 2);
    }

    #[test]
    fn a_file_keeps_its_line_ends_and_a_link_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let reports = dir.path().join("content/a/reports");
        std::fs::create_dir_all(&reports).unwrap();
        std::fs::write(reports.join("r.md"), "\u{feff}a\r\n6.1 B\r\n").unwrap();
        let problem = Diagnostic::error("content/a/reports/r.md", "typed")
            .at(2, 1)
            .with_fix("remove it", vec![at(2, 1, "6.1 ", "")]);
        let (fixed, not_fixed) = apply(dir.path(), std::slice::from_ref(&problem));
        assert_eq!(fixed.len(), 1, "{not_fixed:?}");
        assert_eq!(
            std::fs::read_to_string(reports.join("r.md")).unwrap(),
            "\u{feff}a\r\nB\r\n"
        );
        #[cfg(unix)]
        {
            let outside = dir.path().join("outside.md");
            std::fs::write(&outside, "a\n6.1 B\n").unwrap();
            std::fs::remove_file(reports.join("r.md")).unwrap();
            std::os::unix::fs::symlink(&outside, reports.join("r.md")).unwrap();
            let (fixed, not_fixed) = apply(dir.path(), &[problem]);
            assert!(fixed.is_empty());
            assert_eq!(not_fixed.len(), 1);
            assert_eq!(std::fs::read_to_string(&outside).unwrap(), "a\n6.1 B\n");
        }
    }
}
