//! Reading content files: UTF-8 with or without a byte-order mark, LF or CRLF line ends, and
//! YAML parsed with its errors placed in the file they came from.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;

/// The largest content file read; larger ones are refused rather than slowing every build.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Reads a text file, removing a byte-order mark and turning CRLF into LF so that line numbers
/// and byte offsets mean the same on every platform.
pub fn read_text(path: &Path, display: &str) -> Result<String, Diagnostic> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(display, format!("cannot read this file: {e}")))?;
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
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(display, format!("cannot read this file: {e}")))?;
    decode(&bytes, display)
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

/// Parses YAML into `T`, placing any error at its line in the file. `first_line` is the line of
/// the file on which `text` starts (front matter starts on line 2 of a report).
pub fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    display: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    serde_yaml::from_str(text).map_err(|error| yaml_diagnostic(&error, text, display, first_line))
}

fn yaml_diagnostic(
    error: &serde_yaml::Error,
    text: &str,
    display: &str,
    first_line: usize,
) -> Diagnostic {
    let raw = error.to_string();
    // The library appends " at line N column M"; the place is given separately.
    let message = raw
        .split(" at line ")
        .next()
        .unwrap_or(&raw)
        .trim_end_matches(|c: char| c == ',' || c.is_whitespace())
        .to_owned();
    let mut diagnostic = Diagnostic::error(display, message.clone());
    // A value the message quotes (`2023-02-30`) is the better place when the library could only
    // point at the mapping that holds it.
    let quoted = message.split('`').nth(1).filter(|q| !q.is_empty());
    let place = quoted
        .and_then(|q| crate::diagnostic::locate(text, q, 1))
        .or_else(|| error.location().map(|l| (l.line(), l.column())));
    if let Some((line, column)) = place {
        diagnostic = diagnostic.at(line + first_line - 1, column);
    }
    if let Some(hint) = yaml_hint(&message, text) {
        diagnostic = diagnostic.with_hint(hint);
    }
    diagnostic
}

fn yaml_hint(message: &str, text: &str) -> Option<String> {
    if message.contains("mapping values are not allowed") {
        return Some(
            "a value that contains \": \" must be in quotes, for example title: \"Item 6: Update\""
                .into(),
        );
    }
    if message.contains("found character that cannot start any token") {
        return Some(
            "a value that starts with a special character such as @, ` or % must be in quotes"
                .into(),
        );
    }
    if message.contains("did not find expected") {
        return Some("check the indentation and that every quote and bracket is closed".into());
    }
    if message.contains("unknown field") {
        return Some(
            "inside { … } a comma ends the value: put a value that holds a comma in quotes, such as label: \"Rate per 10,000\""
                .into(),
        );
    }
    if message.starts_with("missing field") {
        return Some("add the field; see docs/writing-reports.md for every field".into());
    }
    if text.trim().is_empty() {
        return Some("the file is empty".into());
    }
    None
}

/// Parses YAML into `T` like [`parse_yaml`], and warns of each top-level key that is not
/// among `known` (with the nearest known key as a suggestion), in the same pass. Unknown keys
/// are not errors: a typo must not stop a build, but the author should hear of it.
pub fn parse_fields<T: DeserializeOwned>(
    text: &str,
    display: &str,
    first_line: usize,
    known: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<T, Diagnostic> {
    let mut unknown = Vec::new();
    let parsed = serde_ignored::deserialize(serde_yaml::Deserializer::from_str(text), |path| {
        if let serde_ignored::Path::Map {
            parent: serde_ignored::Path::Root,
            key,
        } = path
        {
            unknown.push(key);
        }
    });
    for key in unknown {
        let (line, column) = crate::diagnostic::locate_key(text, &key).unwrap_or((1, 1));
        let diagnostic = Diagnostic::warning(
            display,
            format!("`{key}` is not a field scrutiny knows, so it is ignored"),
        )
        .at(line + first_line - 1, column);
        diagnostics.push(
            match crate::diagnostic::nearest(&key, known.iter().copied()) {
                Some(near) => diagnostic.with_hint(format!("did you mean `{near}`?")),
                None => diagnostic.with_hint(format!("the fields are: {}", known.join(", "))),
            },
        );
    }
    parsed.map_err(|error| yaml_diagnostic(&error, text, display, first_line))
}
