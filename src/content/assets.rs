//! An authority's `assets/` folder: images, logos and appendix files. Every path a report or
//! `authority.yaml` names must lead to a file in it; nothing may reach outside the authority's
//! folder, by `../`, an absolute path or a symlink. Only the types of file in [`ALLOWED`] are
//! published, named by the id rule, and an SVG only when it can run no script.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, display_path};

/// A file of an authority's `assets/` folder.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Where it is on disk, for copying into the output.
    pub source: PathBuf,
    pub bytes: u64,
}

/// The types of file an authority may publish from `assets/`, by extension: pictures that
/// cannot run script (and SVG drawings checked to hold none), and office documents.
pub const ALLOWED: [&str; 19] = [
    "png", "jpg", "jpeg", "gif", "webp", "svg", // pictures
    "pdf", "doc", "docx", "odt", "rtf", "txt", // documents
    "xls", "xlsx", "ods", "csv", // spreadsheets
    "ppt", "pptx", "odp", // presentations
];

/// Types of file that run script in a browser, named in the refusal so that an author knows
/// why a web page or script cannot be an appendix.
const SCRIPT_CAPABLE: [&str; 16] = [
    "html", "htm", "xhtml", "xht", "shtml", "mhtml", "xml", "xsl", "xslt", "svgz", "js", "mjs",
    "cjs", "wasm", "swf", "hta",
];

/// Files that systems leave in folders by themselves: never published, never a problem.
fn is_clutter(name: &str) -> bool {
    name.starts_with('.')
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

/// Why a file of `assets/` (its key, `assets/report.pdf`) cannot be published, if it cannot:
/// its type is not allowed, or its name is not web-safe (each folder and the file's name a
/// slug, the extension in lower case).
pub fn refusal(key: &str) -> Option<(String, String)> {
    let (folders, file) = key.rsplit_once('/').unwrap_or(("", key));
    let (stem, extension) = file.rsplit_once('.').unwrap_or((file, ""));
    let lower = extension.to_ascii_lowercase();
    let allowed = format!("allowed types: {}", ALLOWED.join(", "));
    if SCRIPT_CAPABLE.contains(&lower.as_str()) {
        return Some((
            format!("a .{lower} file can run script in the site's pages, so it is never published"),
            format!("publish the document as a PDF instead; {allowed}"),
        ));
    }
    if !ALLOWED.contains(&lower.as_str()) {
        let what = if lower.is_empty() {
            "a file without an extension".to_owned()
        } else {
            format!("a .{lower} file")
        };
        return Some((
            format!("{what} is not a type of file scrutiny publishes"),
            format!("save it as one of the allowed types; {allowed}"),
        ));
    }
    let folders_ok = folders.split('/').skip(1).all(crate::web::is_slug);
    if folders_ok && crate::web::is_slug(stem) && extension == lower {
        return None;
    }
    let renamed: Vec<String> = folders
        .split('/')
        .skip(1)
        .chain(std::iter::once(stem))
        .map(|part| crate::web::suggest_slug(part).unwrap_or_else(|| "file".into()))
        .collect();
    Some((
        format!(
            "the file name `{key}` is used in web addresses, so it may hold only lower-case letters, digits and hyphens"
        ),
        format!("rename it to assets/{}.{lower}", renamed.join("/")),
    ))
}

/// Lists the files below `authority_dir/assets`, keyed by their path relative to the authority
/// folder (`assets/logo.png`). A symlink that leads outside the authority's folder is an error,
/// and so is a file that [`refusal`] or the SVG check refuses: such a file is listed among the
/// refused, so that what names it hears why.
pub fn scan(root: &Path, authority_dir: &Path) -> Scanned {
    let mut scanned = Scanned::default();
    let dir = authority_dir.join("assets");
    if !dir.is_dir() {
        return scanned;
    }
    let Ok(boundary) = authority_dir.canonicalize() else {
        return scanned;
    };
    let entries = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_clutter(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok);
    for entry in entries {
        let path = entry.path();
        if entry.file_type().is_dir() {
            continue;
        }
        let display = display_path(root, path);
        let resolved = match path.canonicalize() {
            Ok(resolved) => resolved,
            Err(e) => {
                scanned.diagnostics.push(Diagnostic::error(
                    display,
                    format!("cannot read this file: {e}"),
                ));
                continue;
            }
        };
        if !resolved.starts_with(&boundary) {
            scanned.diagnostics.push(
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
        match admit(&key, resolved, &display) {
            Ok(asset) => {
                scanned.files.insert(key, asset);
            }
            Err(problem) => {
                scanned.diagnostics.push(problem);
                scanned.refused.insert(key);
            }
        }
    }
    scanned
}

/// What [`scan`] found: the files that may be published, the files refused (by key), and the
/// problems.
#[derive(Debug, Default)]
pub struct Scanned {
    pub files: BTreeMap<String, Asset>,
    pub refused: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file of `assets/` as it may be published, or the problem that stops it.
fn admit(key: &str, source: PathBuf, display: &str) -> Result<Asset, Diagnostic> {
    if let Some((message, hint)) = refusal(key) {
        return Err(Diagnostic::error(display, message).with_hint(hint));
    }
    let bytes = source.metadata().map(|m| m.len()).unwrap_or(0);
    if key.to_ascii_lowercase().ends_with(".svg") {
        let text = std::fs::read(&source)
            .map_err(|e| Diagnostic::error(display, format!("cannot read this file: {e}")))?;
        super::svg::check(&text).map_err(|refusal| {
            Diagnostic::error(
                display,
                format!("this SVG cannot be published: {}, and an SVG can run script in the site's pages", refusal.reason),
            )
            .at(refusal.line, refusal.column)
            .with_hint("save the drawing again without scripts, links or embedded HTML (in Inkscape: Save As, Plain SVG), or publish it as a PNG")
        })?;
    }
    Ok(Asset { source, bytes })
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

/// Every path a report or authority.yaml names must be a file in the authority's assets.
pub(super) fn check_paths(
    authority: &super::Authority,
    authority_text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use super::places::{self, Step};
    // The hint for a file of a type never published says what to publish instead.
    let hint = |reference: &str, otherwise: &str| {
        normalise(reference)
            .ok()
            .and_then(|key| refusal(&key))
            .map_or_else(|| otherwise.to_owned(), |(_, hint)| hint)
    };
    if let Some((logo, Err(why))) = authority
        .meta
        .logo
        .as_deref()
        .map(|logo| (logo, authority.asset(logo)))
    {
        let place = places::value(authority_text, 1, &[Step::Key("logo")]);
        let (line, column) = place.unwrap_or((1, 1));
        diagnostics.push(
            Diagnostic::error(
                &authority.meta.file,
                format!("the logo cannot be used: {why}"),
            )
            .at(line, column)
            .with_hint(hint(
                logo,
                "put the logo in the authority's assets/ folder and write logo: assets/logo.png",
            )),
        );
    }
    for report in &authority.reports {
        for (index, appendix) in report.front.appendices.iter().enumerate() {
            let Some(file) = &appendix.file else { continue };
            if let Err(why) = authority.asset(file) {
                let path = [
                    Step::Key("appendices"),
                    Step::Index(index),
                    Step::Key("file"),
                ];
                let place = places::value(&report.front_text, 2, &path);
                let (line, column) = place.unwrap_or((1, 1));
                diagnostics.push(
                    Diagnostic::error(&report.file, format!("the appendix file cannot be used: {why}"))
                        .at(line, column)
                        .with_hint(hint(file, "put the file in the authority's assets/ folder and write file: assets/name.pdf")),
                );
            }
        }
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
