//! The theme: tera templates and static assets. The default theme is compiled into the binary;
//! a site's own `themes/<name>/` overrides any file of it by its path.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::diagnostic::{Diagnostic, display_path};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The theme's templates, parsed once, and its static files by output path under `assets/`.
pub struct Theme {
    pub templates: tera::Tera,
    pub assets: BTreeMap<String, Vec<u8>>,
}

fn collect_default(dir: &Dir<'static>, files: &mut BTreeMap<String, (String, Vec<u8>)>) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        files.insert(
            path.clone(),
            (format!("(built-in theme) {path}"), file.contents().to_vec()),
        );
    }
    for sub in dir.dirs() {
        collect_default(sub, files);
    }
}

fn collect_override(
    root: &Path,
    theme_dir: &Path,
    files: &mut BTreeMap<String, (String, Vec<u8>)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !theme_dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(theme_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(theme_dir) else {
            continue;
        };
        let key = relative.to_string_lossy().replace('\\', "/");
        let display = display_path(root, entry.path());
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(key, (display, bytes));
            }
            Err(e) => diagnostics.push(Diagnostic::error(
                display,
                format!("cannot read this theme file: {e}"),
            )),
        }
    }
}

impl Theme {
    /// Loads the default theme with the site's overrides from `root/themes/<name>/`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut files = BTreeMap::new();
        collect_default(&DEFAULT_THEME, &mut files);
        let mut diagnostics = Vec::new();
        collect_override(
            root,
            &root.join("themes").join(name),
            &mut files,
            &mut diagnostics,
        );
        if name != "default" && !root.join("themes").join(name).is_dir() {
            diagnostics.push(
                Diagnostic::error("content/site.yaml", format!("there is no theme `{name}` in themes/"))
                    .with_hint("remove the theme field to use the default theme, or add the folder themes/<name>/"),
            );
        }

        let mut templates = tera::Tera::new();
        let mut sources = Vec::new();
        let mut assets = BTreeMap::new();
        for (path, (display, bytes)) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => sources.push((name.to_owned(), display, text)),
                    Err(_) => diagnostics.push(Diagnostic::error(
                        display,
                        "this template is not UTF-8 text",
                    )),
                }
            } else if let Some(asset) = path.strip_prefix("static/") {
                assets.insert(asset.to_owned(), bytes);
            }
        }
        let raw: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, _, t)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(error) = templates.add_raw_templates(raw) {
            diagnostics.push(template_diagnostic(&error, &sources));
        }
        if diagnostics.is_empty() {
            Ok(Theme { templates, assets })
        } else {
            Err(diagnostics)
        }
    }
}

/// Places a tera error in the template file it names, by the `name:line:col` tera reports.
pub fn template_diagnostic(
    error: &tera::Error,
    sources: &[(String, String, String)],
) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(&format!("\n{inner}"));
        source = inner.source();
    }
    let placed = sources.iter().find_map(|(name, display, _)| {
        let marker = format!("{name}:");
        let at = message.find(&marker)?;
        let rest = &message[at + marker.len()..];
        let mut numbers = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        let line = numbers.next()?.parse().ok()?;
        let column = numbers.next().and_then(|c| c.parse().ok()).unwrap_or(1);
        Some((display.clone(), line, column))
    });
    match placed {
        Some((display, line, column)) => {
            Diagnostic::error(display, format!("template error: {message}")).at(line, column)
        }
        None => Diagnostic::error("themes", format!("template error: {message}")),
    }
}
