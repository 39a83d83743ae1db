//! Watching `content/` and `themes/`: a short debounce, editors' temporary and swap files left
//! out, and only changes (not reads) acted on, so the build's own reads never retrigger it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::EventKind;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::Shared;

/// Long enough to gather the several events of one save (an editor's write and rename come
/// within a millisecond), short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(5);
/// How often the gathered events are looked at.
const TICK: Duration = Duration::from_millis(2);

/// Files editors write beside the real one while saving: never a reason to rebuild.
pub fn is_editor_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn matters(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    )
}

/// What the watcher heard since the last rebuild.
#[derive(Debug, Default)]
pub struct Changed {
    pub paths: Vec<PathBuf>,
    /// The watcher lost track (its queue overflowed after a mass change such as a checkout, or
    /// it failed): every file may have changed.
    pub everything: bool,
}

impl Changed {
    /// Takes in one batch of the watcher's events.
    pub fn gather(&mut self, result: DebounceEventResult) {
        let Ok(events) = result else {
            self.everything = true;
            return;
        };
        for event in &events {
            if event.event.need_rescan() {
                self.everything = true;
            } else if matters(&event.event.kind) {
                let paths = event.event.paths.iter();
                self.paths
                    .extend(paths.filter(|p| !is_editor_temporary(p)).cloned());
            }
        }
    }
}

/// Starts watching; the returned value keeps the watch alive.
pub fn start(shared: Arc<Shared>) -> Result<impl Sized, String> {
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(TICK), sender).map_err(|e| e.to_string())?;
    for folder in ["content", "themes"] {
        let path = shared.root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| e.to_string())?;
        }
    }
    std::thread::spawn(move || {
        while let Ok(result) = receiver.recv() {
            let mut changed = Changed::default();
            changed.gather(result);
            // Changes that arrived while building are taken in the same rebuild.
            for more in receiver.try_iter() {
                changed.gather(more);
            }
            if changed.everything || !changed.paths.is_empty() {
                let took = shared.rebuild(&changed.paths, changed.everything);
                let problems = shared
                    .snapshot
                    .read()
                    .map(|s| s.problems.is_some())
                    .unwrap_or(false);
                if problems {
                    eprintln!(
                        "rebuilt in {took:.0} ms: the content has errors, shown in the browser"
                    );
                } else {
                    eprintln!("rebuilt in {took:.0} ms");
                }
            }
        }
    });
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::{Changed, is_editor_temporary};
    use notify::event::{CreateKind, Event, EventKind, Flag};
    use notify_debouncer_full::DebouncedEvent;
    use std::path::Path;
    use std::time::Instant;

    fn debounced(event: Event) -> DebouncedEvent {
        DebouncedEvent {
            event,
            time: Instant::now(),
        }
    }

    #[test]
    fn a_saved_file_is_noted_by_its_path_and_an_editors_file_is_not() {
        let mut changed = Changed::default();
        let saved = Event::new(EventKind::Create(CreateKind::File))
            .add_path("content/a/reports/r.md".into())
            .add_path("content/a/reports/.r.md.swp".into());
        changed.gather(Ok(vec![debounced(saved)]));
        assert_eq!(changed.paths, [Path::new("content/a/reports/r.md")]);
        assert!(!changed.everything);
    }

    #[test]
    fn a_rescan_or_an_error_of_the_watcher_is_everything_changed() {
        let mut changed = Changed::default();
        let rescan = Event::new(EventKind::Other).set_flag(Flag::Rescan);
        changed.gather(Ok(vec![debounced(rescan)]));
        assert!(changed.everything, "a rescan");
        let mut changed = Changed::default();
        changed.gather(Err(vec![notify::Error::generic("queue overflow")]));
        assert!(changed.everything, "an error");
    }

    #[test]
    fn editor_files_are_left_out() {
        for name in [
            ".report.md.swp",
            "report.md~",
            "4913",
            "#report.md#",
            ".~lock.data.yaml#",
        ] {
            assert!(is_editor_temporary(Path::new(name)), "{name}");
        }
        assert!(!is_editor_temporary(Path::new(
            "content/a/reports/report.md"
        )));
    }
}
