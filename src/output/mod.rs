//! Writing a build: every file into a fresh folder beside the output, then swapped in whole, so
//! a failed build never leaves a half-written site and never touches the previous one.

pub mod search;
pub mod spreadsheet;

pub use spreadsheet::csv;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file that marks a folder as a scrutiny output, so a build may replace it.
pub const MARKER: &str = ".scrutiny-output";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path} is not empty and was not made by scrutiny, so it is left alone; choose an empty folder or a previous scrutiny output with --output"
    )]
    NotOurs { path: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A folder holding nothing, or nothing but `.gitkeep`, counts as empty.
fn is_empty_or_ours(dir: &Path) -> std::io::Result<bool> {
    if !dir.exists() {
        return Ok(true);
    }
    if dir.join(MARKER).is_file() {
        return Ok(true);
    }
    for entry in std::fs::read_dir(dir)? {
        if entry?.file_name() != ".gitkeep" {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Writes files into a folder as they come, creating the folders they need.
pub struct DirSink {
    root: PathBuf,
    /// Folders made so far, so each is made once however many files it holds.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl crate::render::Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let target = self.root.join(path);
        if let Some(parent) = target.parent() {
            let made = self
                .made
                .lock()
                .map(|made| made.contains(parent))
                .unwrap_or(false);
            if !made {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(parent.to_path_buf());
                }
            }
        }
        std::fs::write(&target, bytes).map_err(|e| e.to_string())
    }
}

/// Builds the new content of `output` in a fresh folder beside it, then swaps it in whole.
/// `build` writes through the sink it is given and returns the files to copy from content, or
/// `None` when the build failed: then the new folder is removed and `output` is left exactly as
/// it was. Returns whether the output was replaced.
pub fn write_atomically(
    output: &Path,
    build: impl FnOnce(&DirSink) -> Option<BTreeMap<String, PathBuf>>,
) -> Result<bool, WriteError> {
    if !is_empty_or_ours(output).map_err(io_error(output))? {
        return Err(WriteError::NotOurs {
            path: output.display().to_string(),
        });
    }
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.previous-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;

    let sink = DirSink {
        root: staging.clone(),
        made: std::sync::Mutex::default(),
    };
    let Some(copies) = build(&sink) else {
        let _ = std::fs::remove_dir_all(&staging);
        return Ok(false);
    };
    let result = (|| {
        finish_tree(&staging, &copies)?;
        if output.join(".gitkeep").is_file() {
            std::fs::write(staging.join(".gitkeep"), b"").map_err(io_error(&staging))?;
        }
        if output.exists() {
            std::fs::rename(output, &retired).map_err(io_error(output))?;
        }
        if let Err(e) = std::fs::rename(&staging, output) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&retired, output);
            return Err(io_error(output)(e));
        }
        remove_tree(&retired);
        Ok(true)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// Removes a folder and everything in it, its subfolders in parallel (a large site's previous
/// output holds tens of thousands of files).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
    entries.par_iter().for_each(|path| {
        if path.is_dir() {
            let _ = std::fs::remove_dir_all(path);
        } else {
            let _ = std::fs::remove_file(path);
        }
    });
    let _ = std::fs::remove_dir_all(dir);
}

/// Adds the marker that makes the folder a scrutiny output, and the files copied from content.
fn finish_tree(dir: &Path, copies: &BTreeMap<String, PathBuf>) -> Result<(), WriteError> {
    std::fs::write(
        dir.join(MARKER),
        b"This folder is written by scrutiny build and replaced whole by the next build.\n",
    )
    .map_err(io_error(dir))?;
    for (relative, source) in copies {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        std::fs::copy(source, &path).map_err(io_error(source))?;
    }
    Ok(())
}
