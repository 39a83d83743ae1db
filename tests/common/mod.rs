//! Helpers for the integration tests: run the real binary on a site root, copy fixture sites.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, Output, Stdio};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `scrutiny --root ROOT ARGS…` in ROOT, so relative paths stay inside the test's site.
pub fn scrutiny(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(root)
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the scrutiny binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Copies a folder tree (a fixture site) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("fixture is readable");
        let target = to.join(entry.path().strip_prefix(from).expect("below the fixture"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// A fresh copy of a fixture site in a temporary folder.
pub fn site_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&fixture(name), dir.path());
    dir
}

/// Every file below `dir`, as (path relative to dir, bytes), sorted.
pub fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .expect("below dir")
                .to_string_lossy()
                .into_owned();
            (relative, std::fs::read(e.path()).expect("readable"))
        })
        .collect();
    files.sort();
    files
}

/// The bytes a reader of a file gets: a gzipped file (`.gz`, the search index's reports'
/// text) unpacked, any other as it is.
pub fn unpacked(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    if !path.ends_with(".gz") {
        return bytes;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_end(&mut out)
        .unwrap_or_else(|e| panic!("{path} is not gzip: {e}"));
    out
}

/// Like [`read_tree`], with gzipped files unpacked: for looking for text in an output.
pub fn read_tree_unpacked(dir: &Path) -> Vec<(String, Vec<u8>)> {
    read_tree(dir)
        .into_iter()
        .map(|(path, bytes)| {
            let bytes = unpacked(&path, bytes);
            (path, bytes)
        })
        .collect()
}

/// A running `scrutiny serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(root: &std::path::Path, extra: &[&str]) -> Server {
    start_with(root, extra, Stdio::null()).0
}

/// Starts `scrutiny serve` and keeps what it writes to the terminal's error stream.
pub fn start_with_stderr(root: &std::path::Path, extra: &[&str]) -> (Server, ChildStderr) {
    let (server, stderr) = start_with(root, extra, Stdio::piped());
    (server, stderr.expect("stderr is piped"))
}

fn start_with(
    root: &std::path::Path,
    extra: &[&str],
    stderr: Stdio,
) -> (Server, Option<ChildStderr>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .current_dir(root)
        .args(["--root", root.to_str().unwrap(), "serve", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "Serving … at http://127.0.0.1:PORT/…"
    let port = line
        .split_once("http://")
        .and_then(|(_, rest)| rest.split(['/', ' ']).next())
        .and_then(|address| address.rsplit_once(':'))
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    let stderr = child.stderr.take();
    (Server { child, port }, stderr)
}

/// A plain HTTP/1.1 request for this computer; returns the status code and the body.
pub fn request(port: u16, method: &str, path: &str) -> (u16, String) {
    request_for(port, "localhost", method, path)
}

/// A plain HTTP/1.1 request to the server on 127.0.0.1 with the given `Host` header.
pub fn request_for(port: u16, host: &str, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

pub fn get(port: u16, path: &str) -> (u16, String) {
    request(port, "GET", path)
}
