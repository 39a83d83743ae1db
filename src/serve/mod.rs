//! `scrutiny serve`: the site built in memory with drafts, served on loopback, rebuilt when a
//! file is saved, with the open page reloading itself. A content error shows in every page as
//! an overlay, and the server keeps running.
//!
//! The preview is never stale: a save reloads the authority it belongs to and renders again
//! only the pages whose inputs changed ([`preview::Preview`]), through the same pipeline as
//! `build`, and the changed files replace the old in one step.

mod http;
mod memory;
pub mod preview;
mod watch;
mod withheld;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use crate::render::Audience;
use preview::Preview;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Show exempt papers under an "Exempt — not for publication" banner (loopback only).
    pub exempt: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// The site as last built: its files, and the problems of the last build if it failed (the
/// files are then those of the last good build).
#[derive(Default)]
pub struct Snapshot {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    pub copies: HashMap<String, PathBuf>,
    /// The URL path the site lives at (`/scrutiny/`), also served there.
    pub base_path: String,
    /// The last build's problems as text, shown over every page until fixed.
    pub problems: Option<String>,
    /// The last good build's warnings as text, shown in a panel at the foot of every page.
    pub warnings: Option<String>,
    /// Counts the builds, so a page knows when to reload.
    pub version: u64,
}

/// What the server and the watcher share.
pub struct Shared {
    pub root: PathBuf,
    pub snapshot: RwLock<Snapshot>,
    pub preview: Mutex<Preview>,
    pub reload: tokio::sync::broadcast::Sender<u64>,
}

impl Shared {
    /// Rebuilds what the changed `paths` touch (everything, the first time, or when
    /// `everything` says the watcher lost track) and swaps the changed files in, or keeps the
    /// last good files and records the problems. A rebuild that panics is a problem like any
    /// other: the preview starts again from nothing at the next save. Returns how long it
    /// took, in milliseconds.
    pub fn rebuild(&self, paths: &[PathBuf], everything: bool) -> f64 {
        let started = Instant::now();
        let Ok(mut preview) = self.preview.lock() else {
            return 0.0;
        };
        for path in paths {
            preview.note(path);
        }
        if everything {
            preview.note_everything();
        }
        let result = guarded(|| preview.rebuild());
        if result.as_ref().is_err_and(|failure| failure.panicked) {
            preview.forget();
        }
        let version = {
            let Ok(mut snapshot) = self.snapshot.write() else {
                return 0.0;
            };
            match result {
                Ok(changes) => {
                    if changes.everything {
                        snapshot.files = changes.written.into_iter().collect();
                    } else {
                        for path in &changes.removed {
                            snapshot.files.remove(path);
                        }
                        snapshot.files.extend(changes.written);
                    }
                    snapshot.copies = preview
                        .copies()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    snapshot.base_path = crate::web::base_path(preview.base_url());
                    snapshot.problems = None;
                    snapshot.warnings = changes.warnings;
                }
                Err(failure) => snapshot.problems = Some(failure.text),
            }
            snapshot.version += 1;
            snapshot.version
        };
        drop(preview);
        let _ = self.reload.send(version);
        started.elapsed().as_secs_f64() * 1000.0
    }
}

/// What `rebuild` gives, or a failure that says the rebuild stopped short when it panicked.
fn guarded<T>(
    rebuild: impl FnOnce() -> Result<T, preview::Failure>,
) -> Result<T, preview::Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(rebuild)).unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(preview::Failure {
            text: format!(
                "error: scrutiny stopped while rebuilding the preview: {why}\n  = hint: this is a fault in scrutiny, not in the content; save again to rebuild from the start, and report it if it happens again\n"
            ),
            panicked: true,
        })
    })
}

/// Serves the site until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    if options.exempt && !options.bind.is_loopback() {
        return Err("--exempt shows exempt papers, so it serves only on loopback (127.0.0.1 or ::1); leave out --bind".into());
    }
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let audience = Audience {
        drafts: true,
        exempt: options.exempt,
    };
    let shared = Arc::new(Shared {
        root: options.root.clone(),
        snapshot: RwLock::new(Snapshot::default()),
        preview: Mutex::new(Preview::new(&options.root, audience)),
        reload,
    });
    let took = shared.rebuild(&[], true);
    let problems = shared.snapshot.read().ok().and_then(|s| s.problems.clone());
    if let Some(problems) = problems {
        eprintln!(
            "{problems}\n\nThe site has errors; they show in the browser until they are fixed."
        );
    }
    let _watcher = watch::start(Arc::clone(&shared))
        .map_err(|e| format!("cannot watch the content folder: {e}"))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let address = SocketAddr::new(options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            format!("cannot listen on {address}: {e}; is another server using the port? Try --port")
        })?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let base = shared
            .snapshot
            .read()
            .ok()
            .map(|s| s.base_path.clone())
            .filter(|base| !base.is_empty())
            .unwrap_or_else(|| "/".into());
        let url = format!("http://{local}{base}");
        println!(
            "Serving {} at {url} (built in {took:.0} ms; press Ctrl+C to stop)",
            display(&options.root)
        );
        if !options.bind.is_loopback() {
            eprintln!("{}", beyond_loopback_warning(local));
        }
        if options.open {
            let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
        }
        axum::serve(listener, http::router(shared, local))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(|e| format!("the server stopped: {e}"))
    })
}

/// What a reviewer must know before serving beyond this computer.
fn beyond_loopback_warning(local: SocketAddr) -> String {
    format!(
        "warning: serving on {local}, beyond this computer. Anyone on the network who can reach this computer can read every page of the preview, drafts included (exempt papers are never served beyond this computer). Colleagues open it by this computer's address and port {port}; other names are refused. Stop the server when the review is over, and leave out --bind to serve on this computer only.",
        port = local.port()
    )
}

fn display(root: &Path) -> String {
    root.canonicalize()
        .unwrap_or_else(|_| root.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_rebuild_that_panics_is_a_failure_to_show() {
        let result: Result<(), _> = super::guarded(|| panic!("index out of bounds"));
        let failure = result.unwrap_err();
        assert!(failure.panicked);
        assert!(
            failure.text.contains("index out of bounds"),
            "{}",
            failure.text
        );
        let fine = super::guarded(|| Ok::<u8, super::preview::Failure>(1));
        assert_eq!(fine.ok(), Some(1));
    }
}
