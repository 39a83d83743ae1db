//! The placeholders that stand in the event stream for HTML made beside it (charts, tables,
//! figures, pictures) until the last step puts the HTML in their place.

use pulldown_cmark::Event;

pub const PLACEHOLDER_OPEN: &str = "<div data-scrutiny-block=\"";
pub const PLACEHOLDER_CLOSE: &str = "\"></div>";
pub const INLINE_PLACEHOLDER_OPEN: &str = "<span data-scrutiny-block=\"";
pub const INLINE_PLACEHOLDER_CLOSE: &str = "\"></span>";

/// Keeps `html` for the last step and returns the placeholder that stands for it in the event
/// stream: a block one, or an inline one inside a paragraph.
pub fn stand_in(blocks: &mut Vec<String>, html: String, inline: bool) -> Event<'static> {
    blocks.push(html);
    let index = blocks.len() - 1;
    if inline {
        Event::InlineHtml(
            format!("{INLINE_PLACEHOLDER_OPEN}{index}{INLINE_PLACEHOLDER_CLOSE}").into(),
        )
    } else {
        Event::Html(format!("{PLACEHOLDER_OPEN}{index}{PLACEHOLDER_CLOSE}").into())
    }
}

/// `html` with every placeholder, block and inline, replaced by the HTML it stands for.
pub fn fill_placeholders(html: &str, blocks: &[String]) -> String {
    let html = fill(html, blocks, PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE);
    fill(
        &html,
        blocks,
        INLINE_PLACEHOLDER_OPEN,
        INLINE_PLACEHOLDER_CLOSE,
    )
}

fn fill(html: &str, blocks: &[String], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(html.len() + blocks.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        out.push_str(&rest[..start]);
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(close) else {
            break;
        };
        if let Some(block) = after[..end]
            .parse::<usize>()
            .ok()
            .and_then(|i| blocks.get(i))
        {
            out.push_str(block);
        }
        rest = &after[end + close.len()..];
    }
    out.push_str(rest);
    out
}
