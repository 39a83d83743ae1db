//! Where things are in a YAML file, from the parser's own marks: every node of the file with the
//! line and column it starts and ends at, for placing a problem found after parsing (an id that
//! is not a slug, a cell of the wrong type, a committee nobody declared) where it is. Nothing
//! here searches the text for a value, which would find comments and look-alikes.
//!
//! The tree is built only when a place is wanted: a file that loads cleanly is read once, by
//! serde, and never by this module.

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

/// One step of the way to a value: a mapping's key or a sequence's index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// A place in a file: 1-based line and column (in characters), and the character offset from
/// the start of the text that was parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Mark {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// How a scalar was written: plain, in quotes, or as a `|` or `>` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

/// A node of a YAML file with where it starts and ends.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub start: Mark,
    pub end: Mark,
}

#[derive(Debug, Clone)]
pub enum Value {
    Scalar { text: String, style: Style },
    Sequence(Vec<Node>),
    Mapping(Vec<Entry>),
}

/// One `key: value` of a mapping.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// Why a text could not be read as YAML, where the parser stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub at: Mark,
    pub message: String,
}

/// Nesting deeper than this is refused rather than followed: no content file needs it, and a
/// file of ten thousand `[` must not exhaust the stack.
const MAX_DEPTH: usize = 100;

impl Node {
    /// The node's line and column.
    pub fn place(&self) -> (usize, usize) {
        (self.start.line, self.start.column)
    }

    /// The text of a scalar.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The text of a scalar written plain, without quotes: the only kind YAML reads as a
    /// number, a boolean or null.
    pub fn plain(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar {
                text,
                style: Style::Plain,
            } => Some(text),
            _ => None,
        }
    }

    /// Whether the node is YAML's null: nothing written, `~` or `null`.
    pub fn is_null(&self) -> bool {
        self.plain()
            .is_some_and(|text| matches!(text, "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Mapping(entries) => entries,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Sequence(items) => items,
            _ => &[],
        }
    }

    /// The entry of a mapping whose key is `key`.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries()
            .iter()
            .find(|entry| entry.key.text() == Some(key))
    }

    /// The value of a mapping's `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|entry| &entry.value)
    }

    /// The node at `path`.
    pub fn at(&self, path: &[Step<'_>]) -> Option<&Node> {
        path.iter().try_fold(self, |node, step| match step {
            Step::Key(key) => node.get(key),
            Step::Index(index) => node.items().get(*index),
        })
    }

    /// The key that ends `path` (the node itself where the path ends at an index).
    pub fn key_at(&self, path: &[Step<'_>]) -> Option<&Node> {
        match path.split_last() {
            Some((Step::Key(key), parent)) => Some(&self.at(parent)?.entry(key)?.key),
            Some((Step::Index(_), _)) => self.at(path),
            None => Some(self),
        }
    }

    /// Calls `visit` with every scalar below this node and the key it is the value of, if any,
    /// in the order of the file.
    pub fn scalars<'a>(&'a self, visit: &mut dyn FnMut(&'a Node, Option<&'a Node>)) {
        // An explicit stack: a tree is at most MAX_DEPTH deep, but its walk should not care.
        let mut stack: Vec<(&Node, Option<&Node>)> = vec![(self, None)];
        while let Some((node, key)) = stack.pop() {
            match &node.value {
                Value::Scalar { .. } => visit(node, key),
                Value::Sequence(items) => stack.extend(items.iter().rev().map(|n| (n, None))),
                Value::Mapping(entries) => {
                    for entry in entries.iter().rev() {
                        stack.push((&entry.value, Some(&entry.key)));
                        stack.push((&entry.key, None));
                    }
                }
            }
        }
    }
}

/// Reads `text` into a tree of nodes whose marks are places in the file: `first_line` is the
/// line of the file the text starts on (front matter starts on line 2 of a report). Only the
/// first document is read. An empty text is a null scalar.
pub fn parse(text: &str, first_line: usize) -> Result<Node, SyntaxError> {
    let mark = |span: &Span, end: bool| {
        let marker = if end { span.end } else { span.start };
        Mark {
            line: marker.line() + first_line - 1,
            column: marker.col() + 1,
            offset: marker.index(),
        }
    };
    let mut builder = Builder::default();
    for item in Parser::new_from_str(text) {
        let (event, span) = item.map_err(|error| SyntaxError {
            at: Mark {
                line: error.marker().line() + first_line - 1,
                column: error.marker().col() + 1,
                offset: error.marker().index(),
            },
            message: error.info().to_owned(),
        })?;
        let (start, end) = (mark(&span, false), mark(&span, true));
        match event {
            Event::Scalar(value, style, anchor, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    _ => Style::Block,
                };
                let node = Node {
                    value: Value::Scalar {
                        text: value.into_owned(),
                        style,
                    },
                    start,
                    end,
                };
                builder.complete(node, anchor);
            }
            Event::SequenceStart(anchor, _) => {
                builder.open(Open::Sequence(Vec::new()), start, anchor)?
            }
            Event::MappingStart(anchor, _) => {
                builder.open(Open::Mapping(Vec::new(), None), start, anchor)?
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close(end),
            Event::Alias(anchor) => {
                let node = builder
                    .anchors
                    .iter()
                    .rev()
                    .find(|(id, _)| *id == anchor)
                    .map(|(_, node)| Node {
                        start,
                        end,
                        ..node.clone()
                    });
                if let Some(node) = node {
                    builder.complete(node, 0);
                }
            }
            Event::DocumentEnd => break,
            _ => {}
        }
        if builder.root.is_some() {
            break;
        }
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Scalar {
            text: String::new(),
            style: Style::Plain,
        },
        start: Mark {
            line: first_line,
            column: 1,
            offset: 0,
        },
        end: Mark {
            line: first_line,
            column: 1,
            offset: 0,
        },
    }))
}

/// A collection being read.
enum Open {
    Sequence(Vec<Node>),
    /// The entries so far, and a key waiting for its value.
    Mapping(Vec<Entry>, Option<Node>),
}

#[derive(Default)]
struct Builder {
    open: Vec<(Open, Mark, usize)>,
    anchors: Vec<(usize, Node)>,
    root: Option<Node>,
}

impl Builder {
    fn open(&mut self, collection: Open, start: Mark, anchor: usize) -> Result<(), SyntaxError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                at: start,
                message: format!("the lists and fields are nested more than {MAX_DEPTH} deep"),
            });
        }
        self.open.push((collection, start, anchor));
        Ok(())
    }

    fn close(&mut self, end: Mark) {
        let Some((collection, start, anchor)) = self.open.pop() else {
            return;
        };
        let value = match collection {
            Open::Sequence(items) => Value::Sequence(items),
            Open::Mapping(entries, _) => Value::Mapping(entries),
        };
        self.complete(Node { value, start, end }, anchor);
    }

    fn complete(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            self.anchors.push((anchor, node.clone()));
        }
        match self.open.last_mut() {
            None => self.root = Some(node),
            Some((Open::Sequence(items), ..)) => items.push(node),
            Some((Open::Mapping(entries, pending), ..)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push(Entry { key, value: node }),
            },
        }
    }
}

/// The line and column of the value at `path` in `text`, whose first line is line
/// `first_line` of its file. `None` when there is no such value or the text is not YAML.
pub fn value(text: &str, first_line: usize, path: &[Step<'_>]) -> Option<(usize, usize)> {
    parse(text, first_line).ok()?.at(path).map(Node::place)
}

/// The line and column of the key that ends `path` (`committees`, then the committee's id).
pub fn key(text: &str, first_line: usize, path: &[Step<'_>]) -> Option<(usize, usize)> {
    parse(text, first_line).ok()?.key_at(path).map(Node::place)
}

/// The line and column of a key of a fenced block's YAML (a `chart` block's `y`), whose first
/// line is line `first_line` of the report: the key's value, or the key itself where it has
/// none; the block's first line when the key is not there.
pub fn in_block(yaml: &str, first_line: usize, key: &str) -> (usize, usize) {
    let Ok(tree) = parse(yaml, first_line) else {
        return (first_line, 1);
    };
    match tree.entry(key) {
        Some(entry) if !entry.value.is_null() => entry.value.place(),
        Some(entry) => entry.key.place(),
        None => (first_line, 1),
    }
}

/// A parsed text with where its lines start, for reading the source around a node: what was
/// written, and what follows it on its line.
pub struct Source<'t> {
    text: &'t str,
    first_line: usize,
    line_starts: Vec<usize>,
}

impl<'t> Source<'t> {
    pub fn new(text: &'t str, first_line: usize) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Source {
            text,
            first_line,
            line_starts,
        }
    }

    /// The text of a line of the file (without its line end), if the text holds it.
    pub fn line(&self, line: usize) -> Option<&'t str> {
        let index = line.checked_sub(self.first_line)?;
        let start = *self.line_starts.get(index)?;
        let rest = &self.text[start..];
        Some(rest.split('\n').next().unwrap_or_default())
    }

    /// The byte offset in the text of a mark.
    pub fn byte(&self, mark: Mark) -> Option<usize> {
        let start = *self
            .line_starts
            .get(mark.line.checked_sub(self.first_line)?)?;
        let line = self.line(mark.line)?;
        let within = line
            .char_indices()
            .nth(mark.column - 1)
            .map_or(line.len(), |(byte, _)| byte);
        Some(start + within)
    }

    /// What was written from one mark to another on one line.
    pub fn between(&self, from: Mark, to: Mark) -> Option<&'t str> {
        if from.line != to.line {
            return None;
        }
        self.text.get(self.byte(from)?..self.byte(to)?)
    }

    /// What was written for a node that stands on one line.
    pub fn of(&self, node: &Node) -> Option<&'t str> {
        self.between(node.start, node.end)
    }

    /// The text after a node on its last line, up to the line's end: where a comment would be.
    pub fn after(&self, node: &Node) -> &'t str {
        let Some(at) = self.byte(node.end) else {
            return "";
        };
        self.text[at..].split('\n').next().unwrap_or_default()
    }
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

    #[test]
    fn the_tree_keeps_styles_nulls_and_what_follows_a_value() {
        let text = "a: 'x'\nb:\nc: Item 5 #caseloads\ne: &x [1, 2]\nf: *x\n";
        let tree = parse(text, 1).unwrap();
        assert_eq!(tree.get("a").unwrap().plain(), None);
        assert!(tree.get("b").unwrap().is_null());
        let c = tree.get("c").unwrap();
        assert_eq!(c.text(), Some("Item 5"));
        let source = Source::new(text, 1);
        assert_eq!(source.after(c), " #caseloads");
        assert_eq!(source.of(c), Some("Item 5"));
        assert_eq!(source.line(3), Some("c: Item 5 #caseloads"));
        assert_eq!(tree.get("f").unwrap().items().len(), 2);
        assert_eq!(tree.get("f").unwrap().place(), (5, 4));
        let mut seen = Vec::new();
        tree.scalars(&mut |node, key| seen.push((node.text().unwrap().to_owned(), key.is_some())));
        assert_eq!(seen[0], ("a".to_owned(), false));
        assert_eq!(seen[1], ("x".to_owned(), true));
    }

    #[test]
    fn deep_nesting_is_refused_not_followed() {
        let text = format!("a: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&text, 1).is_err());
    }

    #[test]
    fn a_block_key_is_placed_at_its_value() {
        let yaml = "data: workers\n# y: in a comment\ntype: bar\ny: [a, b]\n";
        assert_eq!(in_block(yaml, 20, "y"), (23, 4));
        assert_eq!(in_block(yaml, 20, "x"), (20, 1));
    }
}
