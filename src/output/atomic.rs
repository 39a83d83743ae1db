//! Writing a build into a folder: every new or changed file into a fresh folder beside the
//! output, and only once the build has succeeded into the output (the folder swapped in whole
//! for a first build, each changed file moved into place for a rebuild), so a failed build
//! never leaves a half-written site and never touches the previous one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::Sink;
use super::folder::{self, MARKER, OutputKind};

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(
        "{path} is not empty and was not made by scrutiny, so it is left alone; choose an empty folder or a previous scrutiny output with --output"
    )]
    NotOurs { path: String },
    #[error(
        "{path} holds {count} file{s} or folder{s} that scrutiny did not write ({examples}), so it is left alone: a build never deletes what it did not make. Move {them} out of the folder, or choose another folder with --output",
        s = if *count == 1 { "" } else { "s" },
        them = if *count == 1 { "it" } else { "them" }
    )]
    NotAllOurs {
        path: String,
        count: usize,
        examples: String,
    },
    #[error(
        "{path} was written by an earlier version of scrutiny, which did not list the files it wrote, so this build cannot tell them from files put there since. Check that the folder holds nothing you need, delete it, and build again"
    )]
    EarlierMarker { path: String },
    #[error("{path} is a file, not a folder; choose a folder with --output")]
    NotAFolder { path: String },
    #[error(
        "--output {path} is a link to a folder that does not exist; make the folder, or give the folder itself with --output"
    )]
    BrokenLink { path: String },
    #[error(
        "a build with drafts never writes to output/, which is for publishing: {path} is {public} or a folder inside it\n  = hint: leave out --output to write to output-preview/, or give a folder outside {public}"
    )]
    DraftsIntoPublic { path: String, public: String },
    #[error(
        "a build with drafts never writes into a published site: {path} is {folder} or a folder inside it, and {folder} holds a public build\n  = hint: leave out --output to write to output-preview/, or give a folder outside {folder}"
    )]
    DraftsIntoPublished { path: String, folder: String },
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

/// Writes files into a folder as they come, creating the folders they need, and records
/// every file written for the output's marker. A file whose bytes the previous output already
/// holds is recorded but not written: the previous output keeps it.
pub struct DirSink {
    root: PathBuf,
    /// Folders made so far, so each is made once however many files it holds.
    made: Mutex<std::collections::HashSet<PathBuf>>,
    written: Mutex<Vec<String>>,
    /// The files written into `root`: those that are new or changed.
    changed: Mutex<Vec<String>>,
    previous: Option<Unchanged>,
}

/// The previous output, with what is needed to tell a file it already holds: on a disk,
/// writing a file again costs more than reading it to compare, and most of a rebuild's files
/// are the same as before.
struct Unchanged {
    dir: PathBuf,
    /// Its files as found (plain files, reached without following a link), with their sizes.
    sizes: std::collections::HashMap<String, u64>,
}

impl DirSink {
    /// Whether the previous output's file at `path` holds exactly `bytes`.
    fn is_unchanged(&self, path: &str, relative: &Path, bytes: &[u8]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        previous.sizes.get(path) == Some(&(bytes.len() as u64))
            && std::fs::read(previous.dir.join(relative)).is_ok_and(|held| held == bytes)
    }
}

impl Sink for DirSink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        let relative = folder::plain_relative(path)
            .ok_or_else(|| format!("`{path}` is not a plain path inside the output folder"))?;
        let unchanged = self.is_unchanged(path, relative, bytes);
        if !unchanged {
            let target = self.root.join(relative);
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
            std::fs::write(&target, bytes).map_err(|e| e.to_string())?;
        }
        let failed = || "the list of files written failed".to_owned();
        self.written
            .lock()
            .map_err(|_| failed())?
            .push(path.to_owned());
        if !unchanged {
            self.changed
                .lock()
                .map_err(|_| failed())?
                .push(path.to_owned());
        }
        Ok(())
    }
}

/// Where a build writes: the folder itself, with a link given as `--output` followed to the
/// folder it names (which is replaced, the link kept).
fn real_folder(output: &Path) -> Result<PathBuf, WriteError> {
    let is_link = output
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(output.to_path_buf());
    }
    let shown = output.display().to_string();
    let target = output.canonicalize().map_err(|_| WriteError::BrokenLink {
        path: shown.clone(),
    })?;
    if !target.is_dir() {
        return Err(WriteError::NotAFolder { path: shown });
    }
    Ok(target)
}

/// Makes a new, empty folder beside `dir` whose name starts `.<name>.<purpose>-`, never one
/// that was there already.
fn fresh_folder_beside(dir: &Path, purpose: &str) -> Result<PathBuf, WriteError> {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    std::fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let name = dir
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let mut attempt = 0u32;
    loop {
        let candidate = parent.join(format!(
            ".{name}.{purpose}-{}-{attempt}",
            std::process::id()
        ));
        match std::fs::create_dir(&candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 1000 => {
                attempt += 1;
            }
            Err(e) => return Err(io_error(&candidate)(e)),
        }
    }
}

/// Builds the new content of `output` in a fresh folder beside it (the files the previous
/// output does not already hold), then brings `output` to it. `build` writes through the sink it is given and returns the files to copy from content, or
/// `None` when the build failed: then the new folder is removed and `output` is left exactly as
/// it was. A build with drafts first checks that `output` is not the public folder `public`
/// nor inside it. Returns the folder written (the one `output` links to, when it is a link),
/// or `None` when the build failed.
pub fn write_atomically(
    output: &Path,
    kind: OutputKind,
    public: &Path,
    build: impl FnOnce(&DirSink) -> Option<BTreeMap<String, PathBuf>>,
) -> Result<Option<PathBuf>, WriteError> {
    let real = real_folder(output)?;
    if kind == OutputKind::Drafts {
        folder::refuse_public(output, public)?;
        folder::refuse_public(&real, public)?;
    }
    let mut previous = folder::previous_output(&real)?;
    let staging = fresh_folder_beside(&real, "building")?;
    let sink = DirSink {
        root: staging.clone(),
        made: Mutex::default(),
        written: Mutex::default(),
        changed: Mutex::default(),
        previous: previous.as_mut().map(|p| Unchanged {
            dir: real.clone(),
            sizes: std::mem::take(&mut p.sizes),
        }),
    };
    let Some(copies) = build(&sink) else {
        let _ = std::fs::remove_dir_all(&staging);
        return Ok(None);
    };
    let copied = copy_from_content(&sink, &copies);
    let mut written = sink.written.into_inner().unwrap_or_default();
    let mut changed = sink.changed.into_inner().unwrap_or_default();
    let result = copied.and_then(|()| {
        written.sort();
        written.dedup();
        written.retain(|f| f != MARKER && f != folder::GITKEEP);
        changed.sort();
        changed.dedup();
        match previous {
            Some(previous) if !previous.files.is_empty() => {
                commit_changes(&staging, &real, kind, &previous, &written, &changed)
            }
            previous => {
                if previous.as_ref().is_some_and(|p| p.gitkeep) {
                    std::fs::write(staging.join(folder::GITKEEP), b"")
                        .map_err(io_error(&staging))?;
                }
                write_marker(&staging, kind, &written)?;
                swap_in(&staging, &real, previous)
            }
        }
    });
    // After a commit of the changes, it holds only the folders they were in.
    let _ = std::fs::remove_dir_all(&staging);
    result.map(|()| Some(real))
}

/// Puts the finished `staging` folder in the place of `real`, then removes the files of the
/// previous output there, and only those: for a first build, or one into a folder that
/// holds no earlier build's files.
fn swap_in(
    staging: &Path,
    real: &Path,
    previous: Option<folder::Previous>,
) -> Result<(), WriteError> {
    let retired = match previous {
        Some(previous) => {
            let retired = fresh_folder_beside(real, "previous")?;
            // A folder renames onto an empty folder in one step.
            std::fs::rename(real, &retired).map_err(io_error(real))?;
            Some((retired, previous))
        }
        None => None,
    };
    if let Err(e) = std::fs::rename(staging, real) {
        // Put the previous output back before reporting.
        if let Some((retired, _)) = &retired {
            let _ = std::fs::rename(retired, real);
        }
        return Err(io_error(real)(e));
    }
    if let Some((retired, previous)) = retired {
        let ours = previous.files.iter().map(String::as_str).collect();
        remove_ours(&retired, &ours, true);
    }
    Ok(())
}

/// Brings the previous output in `real` to the new one, once the new one is complete in
/// `staging`: the previous build's files this one did not write are removed, and each new or
/// changed file takes the place of its previous version in one step. The files that are the
/// same are left as they are, so a rebuild that changes a few pages writes a few files. The
/// marker lists the files of both builds until the last step, so that whatever stops the
/// commit part-way, the next build knows every file there as its own.
fn commit_changes(
    staging: &Path,
    real: &Path,
    kind: OutputKind,
    previous: &folder::Previous,
    written: &[String],
    changed: &[String],
) -> Result<(), WriteError> {
    let kept: std::collections::HashSet<&str> = written.iter().map(String::as_str).collect();
    let stale: std::collections::HashSet<&str> = previous
        .files
        .iter()
        .map(String::as_str)
        .filter(|f| !kept.contains(f))
        .collect();
    let mut both: Vec<String> = previous.files.iter().chain(written).cloned().collect();
    both.sort();
    both.dedup();
    replace_marker(staging, real, kind, &both)?;
    if !stale.is_empty() {
        remove_ours(real, &stale, false);
    }
    for file in changed {
        let Some(plain) = folder::plain_relative(file) else {
            continue;
        };
        let to = real.join(plain);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(io_error(parent))?;
        }
        std::fs::rename(staging.join(plain), &to).map_err(io_error(&to))?;
    }
    replace_marker(staging, real, kind, written)
}

/// The marker of `real` replaced in one step by one listing `files`, written first in `staging`.
fn replace_marker(
    staging: &Path,
    real: &Path,
    kind: OutputKind,
    files: &[String],
) -> Result<(), WriteError> {
    write_marker(staging, kind, files)?;
    let to = real.join(MARKER);
    std::fs::rename(staging.join(MARKER), &to).map_err(io_error(&to))
}

fn write_marker(dir: &Path, kind: OutputKind, files: &[String]) -> Result<(), WriteError> {
    std::fs::write(dir.join(MARKER), folder::marker_text(kind, files)).map_err(io_error(dir))
}

/// Removes the files of `ours` below `dir` (the marker and `.gitkeep` too when `whole`), in
/// parallel (a large site's output holds tens of thousands), then the folders left empty.
/// Anything else (a file put there while the build ran) is left where it is, with the folder
/// that holds it. Links are never followed.
fn remove_ours(dir: &Path, ours: &std::collections::HashSet<&str>, whole: bool) {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .contents_first(true)
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = crate::diagnostic::display_path(dir, entry.path());
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else if entry.file_type().is_file()
            && (ours.contains(name.as_str())
                || (whole && (name == MARKER || name == folder::GITKEEP)))
        {
            files.push(entry.into_path());
        }
    }
    files.par_iter().for_each(|path| {
        let _ = std::fs::remove_file(path);
    });
    for folder in folders {
        // Fails, and keeps the folder, when something is left in it.
        let _ = std::fs::remove_dir(folder);
    }
    if whole {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Opens a file that a build copies from content, refusing it if the path no longer leads
/// to the file the content was loaded from: `source` was resolved at load time (every link
/// followed and checked to stay inside the authority's folder), so any part of it that has
/// become a link since, leading anywhere, is refused.
pub fn open_copied_file(source: &Path) -> std::io::Result<std::fs::File> {
    let refused = || {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file was replaced by a link since the content was loaded",
        )
    };
    let file = std::fs::File::open(source)?;
    let opened = file.metadata()?;
    let now = source.symlink_metadata()?;
    if source.canonicalize()? != source || !now.is_file() || !opened.is_file() {
        return Err(refused());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (opened.dev(), opened.ino()) != (now.dev(), now.ino()) {
            return Err(refused());
        }
    }
    Ok(file)
}

/// Puts the files that go from content as they are (pictures, appendices) into the output
/// through `sink`, so that one the previous output holds already is left as it is.
fn copy_from_content(sink: &DirSink, copies: &BTreeMap<String, PathBuf>) -> Result<(), WriteError> {
    use std::io::Read as _;
    for (relative, source) in copies {
        let mut bytes = Vec::new();
        open_copied_file(source)
            .and_then(|mut from| from.read_to_end(&mut bytes))
            .map_err(io_error(source))?;
        sink.write(relative, &bytes).map_err(|why| WriteError::Io {
            path: relative.clone(),
            source: std::io::Error::other(why),
        })?;
    }
    Ok(())
}
