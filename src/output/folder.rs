//! What a build may replace: the output folder's record of the files scrutiny wrote into it
//! (the marker), the check that a previous output holds nothing else, and the rule that a
//! build with drafts never writes into a public output.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::WriteError;

/// The file that marks a folder as a scrutiny output and lists the files the build wrote.
pub const MARKER: &str = ".scrutiny-output";

/// A file that keeps an empty folder in git; kept from one build to the next.
pub const GITKEEP: &str = ".gitkeep";

const FILES_HEADING: &str = "files:";

/// Which build wrote an output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    /// `scrutiny build`: what the council publishes.
    Public,
    /// `scrutiny build --drafts`: drafts with their banner, never for publishing.
    Drafts,
}

impl OutputKind {
    fn word(self) -> &'static str {
        match self {
            OutputKind::Public => "public",
            OutputKind::Drafts => "drafts",
        }
    }
}

/// The marker's text: which build wrote the folder, and every file it wrote, sorted.
pub fn marker_text(kind: OutputKind, files: &[String]) -> String {
    let mut text = format!(
        "This folder was written by `scrutiny build`. The next build replaces the files listed below;\nit refuses to replace the folder while it holds anything else.\nbuild: {}\n{FILES_HEADING}\n",
        kind.word()
    );
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// A marker as read back.
struct Marker {
    kind: Option<OutputKind>,
    /// `None` for a marker written by an earlier version, which listed nothing.
    files: Option<HashSet<String>>,
}

fn read_marker(dir: &Path) -> Option<Marker> {
    let path = dir.join(MARKER);
    let is_file = path.symlink_metadata().is_ok_and(|m| m.is_file());
    let text = std::fs::read_to_string(&path).ok().filter(|_| is_file)?;
    let kind = text
        .lines()
        .find_map(|line| match line.strip_prefix("build: ") {
            Some("public") => Some(OutputKind::Public),
            Some("drafts") => Some(OutputKind::Drafts),
            _ => None,
        });
    let files = text
        .split_once(&format!("\n{FILES_HEADING}\n"))
        .map(|(_, list)| {
            list.lines()
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        });
    Some(Marker { kind, files })
}

/// What is in the folder a build is about to replace.
#[derive(Debug)]
pub struct Previous {
    /// The files an earlier build wrote there, to remove once the new output is in place.
    pub files: Vec<String>,
    /// Whether it holds `.gitkeep`, which the new output keeps.
    pub gitkeep: bool,
    /// The size of each of those files found as a plain file, reached without following a
    /// link: a file the new build writes with the same bytes is linked to it rather than
    /// written again.
    pub sizes: HashMap<String, u64>,
}

/// Checks that `dir` (a real folder, not a link) may be replaced: it does not exist, holds
/// nothing but `.gitkeep`, or holds only files that its marker says a build wrote.
pub fn previous_output(dir: &Path) -> Result<Option<Previous>, WriteError> {
    let Ok(metadata) = dir.symlink_metadata() else {
        return Ok(None);
    };
    let shown = dir.display().to_string();
    if !metadata.is_dir() {
        return Err(WriteError::NotAFolder { path: shown });
    }
    let marker = read_marker(dir);
    let listed = match marker.as_ref().map(|m| m.files.as_ref()) {
        Some(Some(files)) => files.clone(),
        Some(None) => return Err(WriteError::EarlierMarker { path: shown }),
        None => HashSet::new(),
    };
    let Scan { foreign, sizes } = scan(dir, &listed)?;
    if !foreign.is_empty() {
        return Err(if marker.is_none() {
            WriteError::NotOurs { path: shown }
        } else {
            WriteError::NotAllOurs {
                path: shown,
                count: foreign.len(),
                examples: foreign
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        });
    }
    let mut files: Vec<String> = listed.into_iter().collect();
    files.sort();
    Ok(Some(Previous {
        files,
        gitkeep: dir.join(GITKEEP).is_file(),
        sizes,
    }))
}

/// What a previous output holds.
struct Scan {
    /// Everything in it that no build wrote: files (and links) not in `listed`, and folders
    /// that hold none of the listed files.
    foreign: Vec<String>,
    /// The listed files that are plain files, with their sizes.
    sizes: HashMap<String, u64>,
}

/// The entries of `dir`, against the files `listed` in its marker. Links are never followed.
fn scan(dir: &Path, listed: &HashSet<String>) -> Result<Scan, WriteError> {
    let mut folders: HashSet<String> = HashSet::new();
    for file in listed {
        let mut path = file.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            folders.insert(parent.to_owned());
            path = parent;
        }
    }
    let mut foreign = Vec::new();
    let mut sizes = HashMap::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| WriteError::Io {
            path: dir.display().to_string(),
            source: e.into(),
        })?;
        let relative = relative_name(dir, entry.path());
        let ours = if entry.file_type().is_dir() {
            folders.contains(&relative)
        } else if entry.file_type().is_file() {
            if listed.contains(&relative) {
                if let Ok(metadata) = entry.metadata() {
                    sizes.insert(relative.clone(), metadata.len());
                }
                true
            } else {
                relative == MARKER || relative == GITKEEP
            }
        } else {
            false
        };
        if !ours {
            foreign.push(relative);
        }
    }
    Ok(Scan { foreign, sizes })
}

fn relative_name(dir: &Path, path: &Path) -> String {
    crate::diagnostic::display_path(dir, path)
}

/// A path made absolute and with `.` and `..` taken out by their meaning as written.
pub fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path with every link resolved as far as the path exists, the rest as written.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let components: Vec<Component<'_>> = absolute.components().collect();
    for existing in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..existing].iter().collect();
        if let Ok(real) = prefix.canonicalize() {
            let rest: PathBuf = components[existing..].iter().collect();
            return lexical(&real.join(rest));
        }
    }
    lexical(&absolute)
}

/// Refuses a build with drafts into `output` when it is the public output folder `public` or
/// inside it (compared as written and with links resolved, whether or not the folders exist
/// yet), or inside any folder that holds a public build.
pub fn refuse_public(output: &Path, public: &Path) -> Result<(), WriteError> {
    let inside = |a: &Path, b: &Path| a.starts_with(b);
    if inside(&lexical(output), &lexical(public)) || inside(&resolved(output), &resolved(public)) {
        return Err(WriteError::DraftsIntoPublic {
            path: output.display().to_string(),
            public: public.display().to_string(),
        });
    }
    let real = resolved(output);
    for folder in real.ancestors() {
        let public_build = read_marker(folder)
            .is_some_and(|m| m.kind == Some(OutputKind::Public) || m.kind.is_none());
        if public_build {
            return Err(WriteError::DraftsIntoPublished {
                path: output.display().to_string(),
                folder: folder.display().to_string(),
            });
        }
    }
    Ok(())
}

/// An output path that is plain: relative, below the output folder, no `..`, no `.`, no
/// empty part, no backslash and no control character.
pub fn plain_relative(path: &str) -> Option<&Path> {
    let plain = !path.is_empty()
        && !path.contains(|c: char| c == '\\' || c.is_control())
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    let as_path = Path::new(path);
    (plain
        && as_path
            .components()
            .all(|c| matches!(c, Component::Normal(_))))
    .then_some(as_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_below_the_folder_are_written() {
        for good in [
            "index.html",
            "a/b/c.csv",
            "assets/style.css",
            ".scrutiny-output",
        ] {
            assert!(plain_relative(good).is_some(), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/./b",
            "a//b",
            "a\\b",
            "a/\nb",
            "a/",
            ".",
        ] {
            assert!(plain_relative(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn paths_are_compared_as_written() {
        let here = std::path::absolute(".").unwrap();
        assert_eq!(
            lexical(Path::new("output/./preview/..")),
            here.join("output")
        );
        assert_eq!(lexical(Path::new("a/../output")), here.join("output"));
        assert!(lexical(Path::new("output/preview")).starts_with(lexical(Path::new("output"))));
        assert!(!lexical(Path::new("output-preview")).starts_with(lexical(Path::new("output"))));
    }

    #[test]
    fn the_marker_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let files = vec!["a/b.html".to_owned(), "index.html".to_owned()];
        std::fs::write(
            dir.path().join(MARKER),
            marker_text(OutputKind::Drafts, &files),
        )
        .unwrap();
        let marker = read_marker(dir.path()).unwrap();
        assert_eq!(marker.kind, Some(OutputKind::Drafts));
        assert_eq!(marker.files.unwrap(), files.into_iter().collect());
    }
}
