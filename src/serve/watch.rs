//! Watching `content/` and `themes/`: a short debounce, editors' temporary and swap files left
//! out, and only changes (not reads) acted on, so the build's own reads never retrigger it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::RecursiveMode;
use notify::event::EventKind;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use super::Shared;

/// Long enough to gather the several events of one save, short enough not to be felt.
const DEBOUNCE: Duration = Duration::from_millis(10);

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

/// Starts watching; the returned value keeps the watch alive.
pub fn start(shared: Arc<Shared>) -> Result<impl Sized, String> {
    let (sender, receiver) = std::sync::mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(5)), sender)
        .map_err(|e| e.to_string())?;
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
            let Ok(events) = result else { continue };
            let mut changed: Vec<PathBuf> = Vec::new();
            let mut gather = |events: &[notify_debouncer_full::DebouncedEvent]| {
                for event in events.iter().filter(|e| matters(&e.event.kind)) {
                    changed.extend(
                        event
                            .event
                            .paths
                            .iter()
                            .filter(|p| !is_editor_temporary(p))
                            .cloned(),
                    );
                }
            };
            gather(&events);
            // Changes that arrived while building are taken in the same rebuild.
            for more in receiver.try_iter().flatten() {
                gather(&more);
            }
            if !changed.is_empty() {
                let took = shared.rebuild(&changed);
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
    use super::is_editor_temporary;
    use std::path::Path;

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
