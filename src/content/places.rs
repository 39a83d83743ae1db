//! Where a value is in a YAML file, from the parser's own marks: for placing a problem found
//! after parsing (an id that is not a slug, a link that is not safe) at its line and column,
//! never by searching the text, which finds comments and look-alikes.

use saphyr_parser::{Event, Parser, Span};

/// One step of the way to a value: a mapping's key or a sequence's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Whether the place wanted is that of the value at a path, or of the key that leads to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Value,
    Key,
}

/// The 1-based line and column of the value at `path` in `text`, whose first line is line
/// `first_line` of its file (front matter starts on line 2 of a report). `None` when there is
/// no such value or the text is not YAML.
pub fn value(text: &str, first_line: usize, path: &[Step<'_>]) -> Option<(usize, usize)> {
    find(text, path, Part::Value).map(|span| place(span, first_line))
}

/// The line and column of the key that ends `path` (`committees`, then the committee's id).
pub fn key(text: &str, first_line: usize, path: &[Step<'_>]) -> Option<(usize, usize)> {
    find(text, path, Part::Key).map(|span| place(span, first_line))
}

fn place(span: Span, first_line: usize) -> (usize, usize) {
    (span.start.line() + first_line - 1, span.start.col() + 1)
}

/// A mapping or sequence being read, and the step to the node being read inside it.
enum Frame {
    Mapping {
        expecting_key: bool,
        key: Option<String>,
    },
    Sequence {
        next: usize,
    },
}

fn find(text: &str, path: &[Step<'_>], part: Part) -> Option<Span> {
    let mut frames: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.ok()?;
        let opens = match &event {
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                continue;
            }
            Event::Scalar(..) | Event::Alias(..) => None,
            Event::MappingStart(..) => Some(Frame::Mapping {
                expecting_key: true,
                key: None,
            }),
            Event::SequenceStart(..) => Some(Frame::Sequence { next: 0 }),
            _ => continue,
        };
        // A node starts: as a key, or as a value at the path the frames give.
        let is_key = match frames.last_mut() {
            Some(Frame::Mapping { expecting_key, key }) => {
                let is_key = *expecting_key;
                *expecting_key = !is_key;
                if is_key {
                    *key = match &event {
                        Event::Scalar(text, ..) => Some(text.to_string()),
                        _ => None,
                    };
                }
                is_key
            }
            Some(Frame::Sequence { next }) => {
                *next += 1;
                false
            }
            None => false,
        };
        let wanted = match part {
            Part::Key => is_key,
            Part::Value => !is_key,
        };
        if wanted && at(&frames, path) {
            return Some(span);
        }
        if let Some(frame) = opens {
            frames.push(frame);
        }
    }
    None
}

/// Whether the node the frames are reading is at `path`.
fn at(frames: &[Frame], path: &[Step<'_>]) -> bool {
    frames.len() == path.len()
        && frames
            .iter()
            .zip(path)
            .all(|(frame, step)| match (frame, step) {
                (Frame::Mapping { key, .. }, Step::Key(wanted)) => key.as_deref() == Some(*wanted),
                (Frame::Sequence { next }, Step::Index(wanted)) => *next == wanted + 1,
                _ => false,
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "# measure: in a comment\ntitle: T\nmeasure: \"../x\"\ncommittees:\n  cs: Children\n  ../up: Up\nappendices:\n  - { title: A, id: a }\n  - title: B\n    id: \"B 2\"\n";

    #[test]
    fn values_are_placed_by_the_parser_not_by_searching() {
        assert_eq!(value(TEXT, 1, &[Step::Key("measure")]), Some((3, 10)));
        assert_eq!(
            value(
                TEXT,
                2,
                &[Step::Key("appendices"), Step::Index(1), Step::Key("id")]
            ),
            Some((11, 9))
        );
        assert_eq!(
            value(
                TEXT,
                1,
                &[Step::Key("appendices"), Step::Index(0), Step::Key("id")]
            ),
            Some((8, 21))
        );
        assert_eq!(value(TEXT, 1, &[Step::Key("missing")]), None);
    }

    #[test]
    fn keys_are_placed_too() {
        assert_eq!(
            key(TEXT, 1, &[Step::Key("committees"), Step::Key("../up")]),
            Some((6, 3))
        );
        assert_eq!(value("a: b", 1, &[Step::Key("a"), Step::Key("c")]), None);
        assert_eq!(value("a: [", 1, &[Step::Key("b")]), None);
    }
}
