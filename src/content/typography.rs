//! The typography readers see: curly quotes and apostrophes, dashes and ellipses, given to
//! the plain text of front matter and settings as pulldown-cmark gives it to a report's body.

use pulldown_cmark::{Event, Options, Parser};

/// Plain text (a front sheet's title, summary or recommendation) with the typography the body
/// gets: curly quotes and apostrophes, dashes for `--` and `---`, an ellipsis for `...`. It is
/// the body's own parser that does it, so a title reads as the same words would in a
/// paragraph; every other character stays as written (nothing in the text is Markdown).
pub fn typeset(text: &str) -> String {
    if !text.contains(['\'', '"', '-', '.']) {
        return text.to_owned();
    }
    text.split('\n')
        .map(typeset_line)
        .collect::<Vec<_>>()
        .join("\n")
}

fn typeset_line(line: &str) -> String {
    // `x ` starts the line so that nothing in it can open a block (a list, a heading); every
    // other ASCII punctuation mark is escaped so that it stays as it is.
    let mut source = String::from("x ");
    for c in line.chars() {
        if c.is_ascii_punctuation() && !matches!(c, '\'' | '"' | '-' | '.') {
            source.push('\\');
        }
        source.push(c);
    }
    let mut out = String::new();
    for event in Parser::new_ext(&source, Options::ENABLE_SMART_PUNCTUATION) {
        match event {
            Event::Text(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    let typeset = out.strip_prefix("x ").unwrap_or(&out);
    // Markdown drops the spaces at the ends of a line: keep them as written.
    let leading = &line[..line.len() - line.trim_start().len()];
    let trailing = &line[line.trim_end().len()..];
    format!("{leading}{}{trailing}", typeset.trim())
}
