//! The last step of the pipeline: where the files of a build go. A [`Sink`] takes each file as
//! it is rendered: a folder written atomically ([`write_atomically`]), or memory (tests, the
//! preview). The site-wide files are written here from plain entries: the sitemap, the feed,
//! the search index and the CSV files. Nothing here decides what a page contains.

mod atomic;
pub mod feed;
pub mod folder;
pub mod search;
pub mod sitemap;
pub mod spreadsheet;

use std::sync::Mutex;

use crate::diagnostic::Diagnostic;

pub use atomic::{DirSink, WriteError, open_copied_file, write_atomically};
pub use folder::{MARKER, OutputKind};
pub use spreadsheet::csv;

/// A file of the output: its path below the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Writes one file into `sink`, or says why it could not be.
pub fn write(sink: &dyn Sink, path: &str, bytes: &[u8]) -> Result<(), Vec<Diagnostic>> {
    sink.write(path, bytes).map_err(|why| {
        vec![Diagnostic::error(
            path,
            format!("cannot write this file: {why}"),
        )]
    })
}

/// Writes every one of `files` into `sink`.
pub fn write_files(sink: &dyn Sink, files: &[OutputFile]) -> Result<(), Vec<Diagnostic>> {
    files
        .iter()
        .try_for_each(|file| write(sink, &file.path, &file.bytes))
}

/// Where rendered files go: the folder a build is writing, or memory (tests, preview).
pub trait Sink: Sync {
    /// Stores one file at `path` below the output root.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String>;

    /// Hears that one more of the build's `total` rendering jobs is done, for a progress bar.
    fn job_done(&self, _total: usize) {}
}

/// A sink that keeps every file in memory.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files written, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_default();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.files
            .lock()
            .map_err(|_| "the page store failed".to_owned())?
            .push(OutputFile {
                path: path.to_owned(),
                bytes: bytes.to_vec(),
            });
        Ok(())
    }
}

/// A sink that keeps nothing: `check` renders every page to find its problems, and needs none
/// of them.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _path: &str, _bytes: &[u8]) -> Result<(), String> {
        Ok(())
    }
}
