//! An authority's `assets/` folder: images, logos and appendix files. Every path a report or
//! `authority.yaml` names must lead to a file in it; nothing may reach outside the authority's
//! folder, by `../`, an absolute path or a symlink.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};

/// A file of an authority's `assets/` folder.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it is on disk, for copying into the output.
    pub source: PathBuf,
    pub bytes: u64,
}

/// Lists the files below `authority_dir/assets`, keyed by their path relative to the authority
/// folder (`assets/logo.png`). A symlink that leads outside the authority's folder is an error.
pub fn scan(root: &Path, authority_dir: &Path) -> (BTreeMap<String, Asset>, Vec<Diagnostic>) {
    let mut assets = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let dir = authority_dir.join("assets");
    if !dir.is_dir() {
        return (assets, diagnostics);
    }
    let Ok(boundary) = authority_dir.canonicalize() else {
        return (assets, diagnostics);
    };
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if entry.file_type().is_dir() {
            continue;
        }
        let display = display_path(root, path);
        let resolved = match path.canonicalize() {
            Ok(resolved) => resolved,
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    display,
                    format!("cannot read this file: {e}"),
                ));
                continue;
            }
        };
        if !resolved.starts_with(&boundary) {
            diagnostics.push(
                Diagnostic::error(display, "this is a link to a file outside the authority's folder, which is never published")
                    .with_hint("copy the file itself into the authority's assets/ folder"),
            );
            continue;
        }
        if !resolved.is_file() {
            continue;
        }
        let Ok(relative) = path.strip_prefix(authority_dir) else {
            continue;
        };
        let key = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = resolved.metadata().map(|m| m.len()).unwrap_or(0);
        assets.insert(
            key,
            Asset {
                source: resolved,
                bytes,
            },
        );
    }
    (assets, diagnostics)
}

/// Turns a path as an author wrote it (`assets/logo.png`, `./assets/x.pdf`) into the key of
/// an asset, refusing absolute paths, web addresses and anything that climbs out with `..`.
pub fn normalise(reference: &str) -> Result<String, String> {
    let reference = reference.trim();
    if reference.contains("://") || reference.starts_with("//") {
        return Err(format!(
            "`{reference}` is on another site; files must be in the authority's assets/ folder"
        ));
    }
    let path = Path::new(reference);
    let mut parts: Vec<String> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                return Err(format!(
                    "`{reference}` climbs out of the folder with `..`; name a file inside the authority's assets/ folder"
                ));
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "`{reference}` is an absolute path; name the file from the authority's folder, such as assets/report.pdf"
                ));
            }
        }
    }
    Ok(parts.join("/"))
}

/// How an appendix file is described: its format, from the extension.
pub fn format_name(path: &str) -> String {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "pdf" => "PDF".into(),
        "xlsx" | "xls" => format!("Excel spreadsheet ({})", extension.to_uppercase()),
        "ods" => "OpenDocument spreadsheet (ODS)".into(),
        "docx" | "doc" => format!("Word document ({})", extension.to_uppercase()),
        "odt" => "OpenDocument text (ODT)".into(),
        "pptx" | "ppt" => format!("PowerPoint presentation ({})", extension.to_uppercase()),
        "csv" => "CSV".into(),
        "" => "file".into(),
        other => other.to_uppercase(),
    }
}

/// A file size for readers: `850 bytes`, `24 KB`, `1.5 MB`.
pub fn size_name(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        assert_eq!(normalise("./assets/a.pdf").unwrap(), "assets/a.pdf");
        assert!(
            normalise("../other/assets/a.pdf")
                .unwrap_err()
                .contains("climbs out")
        );
        assert!(normalise("assets/../../x").is_err());
        assert!(normalise("/etc/passwd").unwrap_err().contains("absolute"));
        assert!(
            normalise("https://example.com/a.png")
                .unwrap_err()
                .contains("another site")
        );
    }

    #[test]
    fn describes_files_for_readers() {
        assert_eq!(
            format_name("assets/cost-tracker.xlsx"),
            "Excel spreadsheet (XLSX)"
        );
        assert_eq!(size_name(24_000), "24 KB");
        assert_eq!(size_name(1_572_864), "1.5 MB");
    }
}
