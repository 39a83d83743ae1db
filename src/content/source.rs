//! Reading content files: UTF-8 with or without a byte-order mark, LF or CRLF line ends, and
//! YAML read into its typed form with every problem of the file reported at once, each in an
//! officer's words at its place.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::places::{self, Step};
use super::yaml_problems;
use crate::diagnostic::Diagnostic;

/// The largest content file read; larger ones are refused rather than slowing every build.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a text file, removing a byte-order mark and turning CRLF into LF so that line numbers
/// and byte offsets mean the same on every platform.
pub fn read_text(path: &Path, display: &str) -> Result<String, Diagnostic> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| Diagnostic::error(display, format!("cannot read this file: {e}"));
    // One open, its size from the open file: a large site has tens of thousands of files, and
    // each look-up by path costs the kernel a walk of the path.
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let metadata = file.metadata().map_err(cannot)?;
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            display,
            format!(
                "this file is {} bytes, more than the limit of {} bytes",
                metadata.len(),
                MAX_FILE_BYTES
            ),
        )
        .with_hint(
            "split it into smaller files; content files are text and should be far smaller",
        ));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0) + 1);
    file.read_to_end(&mut bytes).map_err(cannot)?;
    // Most files need no change: keep their bytes rather than copy them.
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&b'\r') {
        return decode(&bytes, display);
    }
    String::from_utf8(bytes).or_else(|e| decode(e.as_bytes(), display))
}

/// Decodes bytes as UTF-8 text with normalised line ends.
pub fn decode(bytes: &[u8], display: &str) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        Diagnostic::error(display, "this file is not UTF-8 text")
            .at(line, column)
            .with_hint(
                "save the file with UTF-8 encoding (in most editors: Save As, Encoding: UTF-8)",
            )
    })?;
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    })
}

/// A kind of YAML file (or part of one) read into a struct: what messages call it and which of
/// its fields must be there. The fields it may have come from the struct itself
/// ([`field_names`]).
pub trait Fields: DeserializeOwned {
    /// What the file is, for messages: "the front matter", "this dataset".
    const WHAT: &'static str;
    /// The fields without which it cannot be read, in the order the guide gives them.
    const REQUIRED: &'static [&'static str];
}

/// Parses YAML into `T`, placing any problem at its line in the file. `first_line` is the line
/// of the file on which `text` starts (a chart block's first line in its report).
pub fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    display: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text)
        .map_err(|error| yaml_problems::first(&error, text, display, first_line))
}

/// Parses YAML into `T`, reporting every problem of the file in `diagnostics`: a field of the
/// wrong kind does not hide the next one, and every missing field is named. Each top-level key
/// that is not a field of `T` is a warning (with the nearest field as a suggestion): a typo
/// must not stop a build, but the author should hear of it. `None` when there was an error.
pub fn parse_fields<T: Fields>(
    text: &str,
    display: &str,
    first_line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut unknown = Vec::new();
    let parsed: Result<T, _> =
        serde_ignored::deserialize(serde_yaml::Deserializer::from_str(text), |path| {
            if let serde_ignored::Path::Map {
                parent: serde_ignored::Path::Root,
                key,
            } = path
            {
                unknown.push(key);
            }
        });
    match parsed {
        Ok(value) => {
            unknown_fields(
                text,
                display,
                first_line,
                &unknown,
                field_names::<T>(),
                diagnostics,
            );
            diagnostics.extend(super::habits::check(text, display, first_line));
            Some(value)
        }
        Err(error) => {
            let found = yaml_problems::every::<T>(&error, text, display, first_line);
            if let Some(value) = read_as_meant(&found, text, display, first_line, diagnostics) {
                diagnostics.extend(found);
                return Some(value);
            }
            // A key that is not a field is a warning unless the file's own problems name it.
            let keys: Vec<String> = places::parse(text, first_line)
                .map(|tree| {
                    tree.entries()
                        .iter()
                        .filter(|entry| {
                            !found
                                .iter()
                                .any(|d| (d.line, d.column) == entry.key.place())
                        })
                        .filter_map(|entry| entry.key.text().map(str::to_owned))
                        .filter(|key| !field_names::<T>().contains(&key.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            unknown_fields(
                text,
                display,
                first_line,
                &keys,
                field_names::<T>(),
                diagnostics,
            );
            let habits = super::habits::check(text, display, first_line);
            // A value in curly quotes may be why a field could not be read: say it once.
            diagnostics.extend(found.into_iter().filter(|d| {
                !habits
                    .iter()
                    .any(|h| (h.line, h.column) == (d.line, d.column))
            }));
            diagnostics.extend(habits);
            None
        }
    }
}

/// A file that YAML could not read because of a tab or Word's curly quotes is read again with
/// them repaired, as `check --fix` would repair them, so that the rest of its problems (and a
/// report's body) are found in the same run. The file's own problem stays an error.
fn read_as_meant<T: Fields>(
    found: &[Diagnostic],
    text: &str,
    display: &str,
    first_line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    let [problem] = found else {
        return None;
    };
    let fix = problem.fix.as_deref()?;
    let repaired = crate::fix::applied(text, first_line, &[fix]);
    if repaired == text || serde_yaml::from_str::<serde_yaml::Value>(&repaired).is_err() {
        return None;
    }
    parse_fields(&repaired, display, first_line, diagnostics)
}

fn unknown_fields(
    text: &str,
    display: &str,
    first_line: usize,
    unknown: &[String],
    known: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) {
    if unknown.is_empty() {
        return;
    }
    let tree = places::parse(text, first_line).ok();
    for key in unknown {
        let (line, column) = tree
            .as_ref()
            .and_then(|tree| tree.key_at(&[Step::Key(key)]))
            .map_or((first_line, 1), places::Node::place);
        diagnostics.push(
            Diagnostic::warning(
                display,
                format!("`{key}` is not a field scrutiny knows, so it is ignored"),
            )
            .at(line, column)
            .with_suggestion(key, known.iter().copied(), || {
                format!("the fields are: {}", known.join(", "))
            }),
        );
    }
}

/// The names of the fields of a struct that serde reads (after any renaming), from the struct's
/// own `Deserialize`: the one list, so that no hand-kept copy can disagree with it.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    introspect::fields::<T>()
}

/// Asks a struct's `Deserialize` for its fields: serde hands them to `deserialize_struct`,
/// which this deserializer answers by keeping them and reading nothing.
mod introspect {
    use serde::de::{self, Deserializer, Visitor};

    #[derive(Debug)]
    struct Done;

    impl std::fmt::Display for Done {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fields listed")
        }
    }

    impl std::error::Error for Done {}

    impl de::Error for Done {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Done
        }
    }

    struct Fields<'a>(&'a mut &'static [&'static str]);

    impl<'de> Deserializer<'de> for Fields<'_> {
        type Error = Done;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Done> {
            Err(Done)
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Done> {
            *self.0 = fields;
            Err(Done)
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }

    pub fn fields<T: de::DeserializeOwned>() -> &'static [&'static str] {
        let mut fields: &'static [&'static str] = &[];
        let _ = T::deserialize(Fields(&mut fields));
        fields
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Example {
        title: String,
        #[serde(default, rename = "type")]
        _kind: Option<String>,
    }

    impl Fields for Example {
        const WHAT: &'static str = "the example";
        const REQUIRED: &'static [&'static str] = &["title"];
    }

    #[test]
    fn a_structs_fields_come_from_the_struct() {
        assert_eq!(field_names::<Example>(), ["title", "type"]);
    }

    #[test]
    fn an_unknown_field_is_a_warning_at_its_key() {
        let mut found = Vec::new();
        let example: Option<Example> =
            parse_fields("# titel: no\ntitle: A\ntitel: B\n", "e.yaml", 1, &mut found);
        assert_eq!(example.map(|e| e.title).as_deref(), Some("A"));
        assert_eq!((found[0].line, found[0].column), (3, 1), "{found:?}");
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `title`?"));
    }
}
