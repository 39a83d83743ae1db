//! What counts as each habit, on the text alone: a typed paragraph number, a list marker, a
//! chart's fields in a code block, a path on the author's computer; and the pipe table a
//! pasted one becomes.

use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

/// A paragraph number typed at the start of a text, with the space after it: `6.1 `, `10.0 `,
/// `5.4. `, before a word that starts a sentence (`The`). A whole number alone (`6 children…`)
/// and a figure before a unit or a lower-case word (`2.5 FTE`, `3.5 posts`) begin a sentence,
/// and are not paragraph numbers.
pub(super) fn typed_number(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut groups = 0;
    loop {
        let digits = bytes[at..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 || digits > 3 {
            return None;
        }
        at += digits;
        groups += 1;
        match (bytes.get(at), bytes.get(at + 1)) {
            (Some(b'.'), Some(next)) if next.is_ascii_digit() => at += 1,
            (Some(b'.'), _) => {
                at += 1;
                break;
            }
            _ => break,
        }
    }
    let spaces = bytes[at..]
        .iter()
        .take_while(|b| **b == b' ' || **b == b'\t')
        .count();
    let mut word = text[at + spaces..].chars();
    let sentence = word.next().is_some_and(char::is_uppercase)
        && word
            .next()
            .is_some_and(|c| c.is_lowercase() || c.is_whitespace());
    (groups >= 2 && spaces > 0 && sentence).then(|| &text[..at + spaces])
}

/// A list item's marker and the spaces after it: `4. `, `8) `.
pub(super) fn marker_of(text: &str) -> &str {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let mut end = digits + usize::from(matches!(text.as_bytes().get(digits), Some(b'.' | b')')));
    end += text[end..]
        .bytes()
        .take_while(|b| *b == b' ' || *b == b'\t')
        .count();
    &text[..end]
}

/// Whether a code block holds a chart's or a table's fields: the kind, and whether its first
/// line names it (`chart`, as a template once showed it).
pub(super) fn chart_fields(content: &str) -> Option<(&'static str, bool)> {
    let first = content.split('\n').next().unwrap_or_default().trim();
    let (named, yaml) = match first {
        "chart" => (
            Some("chart"),
            content.split_once('\n').map_or("", |(_, rest)| rest),
        ),
        "table" => (
            Some("table"),
            content.split_once('\n').map_or("", |(_, rest)| rest),
        ),
        _ => (None, content),
    };
    let mapping: serde_yaml::Mapping = serde_yaml::from_str(yaml).ok()?;
    let keys: Vec<&str> = mapping
        .keys()
        .filter_map(serde_yaml::Value::as_str)
        .collect();
    let known = ["data", "type", "x", "y", "title", "columns"];
    if !keys.contains(&"data") || !keys.iter().all(|k| known.contains(k)) {
        return None;
    }
    let kind = named.unwrap_or(if keys.contains(&"type") {
        "chart"
    } else {
        "table"
    });
    Some((kind, named.is_some()))
}

/// Tab-separated rows as a Markdown table, the first row its headings.
pub(super) fn pipe_table(rows: &[&str]) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.split('\t')
                .map(|cell| cell.trim().replace('|', "\\|"))
                .collect()
        })
        .collect();
    let width = cells.iter().map(Vec::len).max().unwrap_or(1);
    let line = |row: &[String]| {
        let mut padded: Vec<&str> = row.iter().map(String::as_str).collect();
        padded.resize(width, "");
        format!("| {} |", padded.join(" | "))
    };
    let mut table = vec![line(&cells[0]), format!("|{}", "---|".repeat(width))];
    table.extend(cells[1..].iter().map(|row| line(row)));
    table.join("\n")
}

/// A link or picture address that is a file on the author's computer: `C:\Users\…`,
/// `\\server\share\…`, `file:///…`.
pub fn is_computer_path(url: &str) -> bool {
    let bytes = url.as_bytes();
    let drive = bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    drive
        || url.starts_with("\\\\")
        || url.to_ascii_lowercase().starts_with("file:")
        || url.contains('\\')
}

/// The index just past the container that starts at `start`.
pub(super) fn container_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    if !matches!(events[start].0, Event::Start(_)) {
        return start + 1;
    }
    let mut depth = 0usize;
    for (offset, (event, _)) in events[start..].iter().enumerate() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return start + offset + 1;
                }
            }
            _ => {}
        }
    }
    events.len()
}

pub(super) fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph) => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_told_from_sentences() {
        assert_eq!(typed_number("6.1 The Government"), Some("6.1 "));
        assert_eq!(typed_number("10.0 There is"), Some("10.0 "));
        assert_eq!(typed_number("5.4. Partners"), Some("5.4. "));
        assert_eq!(typed_number("6 children were"), None);
        assert_eq!(typed_number("2023 was"), None);
        assert_eq!(typed_number("6.1"), None);
        assert_eq!(typed_number("2.5 FTE posts were filled"), None);
        assert_eq!(typed_number("3.5 posts were filled"), None);
        assert_eq!(typed_number("6.1 A new strategy"), Some("6.1 "));
        assert_eq!(marker_of("8) Safeguarding"), "8) ");
    }

    #[test]
    fn a_pasted_table_becomes_a_pipe_table() {
        assert_eq!(
            pipe_table(&["Team\tWorkers", "Assessment\t12\t2"]),
            "| Team | Workers |  |\n|---|---|---|\n| Assessment | 12 | 2 |"
        );
    }

    #[test]
    fn paths_on_a_computer_are_known() {
        assert!(is_computer_path("C:\\Users\\officer\\Desktop\\teams.png"));
        assert!(is_computer_path("file:///home/a.png"));
        assert!(is_computer_path("\\\\server\\share\\a.png"));
        assert!(!is_computer_path("assets/teams.png"));
        assert!(!is_computer_path("https://www.example.gov.uk/a.png"));
    }

    #[test]
    fn chart_fields_in_a_text_block_are_found() {
        assert_eq!(
            chart_fields("chart\ndata: a\ntype: bar\nx: b\ny: [c]\n"),
            Some(("chart", true))
        );
        assert_eq!(
            chart_fields("data: a\ntype: bar\nx: b\ny: c\n"),
            Some(("chart", false))
        );
        assert_eq!(
            chart_fields("data: a\ncolumns: [b]\n"),
            Some(("table", false))
        );
        assert_eq!(chart_fields("name: value\n"), None);
        assert_eq!(chart_fields("let x = 1;"), None);
    }
}
