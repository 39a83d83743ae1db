//! SVG files of an authority's assets (logos, images). An SVG is a document that can run
//! script when it is opened from the site, so one holding anything that could is refused,
//! decided on the XML as a parser reads it: script and `foreignObject` elements, HTML,
//! event-handler attributes, links that lead out of the file, animations that change a link
//! or a handler, external style sheets, and DTDs that declare entities.

use roxmltree::{Document, Node, ParsingOptions};

/// Why an SVG cannot be published, and where in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// Elements that run script, hold HTML or load other documents.
const REFUSED_ELEMENTS: [&str; 11] = [
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "frame",
    "embed",
    "object",
    "applet",
    "base",
    "link",
];

const ANIMATIONS: [&str; 5] = [
    "set",
    "animate",
    "animatemotion",
    "animatetransform",
    "animatecolor",
];

/// Checks an SVG file's bytes; the first thing that could run script or load another file is
/// the refusal.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let at_start = |reason: String| Refusal {
        line: 1,
        column: 1,
        reason,
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|_| at_start("it is not UTF-8 text, so it cannot be checked".into()))?;
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    let document = Document::parse_with_options(text, options).map_err(|e| Refusal {
        line: e.pos().row as usize,
        column: e.pos().col as usize,
        reason: format!("it is not well-formed XML ({e})"),
    })?;
    let root = document.root_element();
    if !root.tag_name().name().eq_ignore_ascii_case("svg") {
        return Err(at_start("its top element is not <svg>".into()));
    }
    // Entities declared in a DTD's internal subset (`<!DOCTYPE svg [ … ]>`) could build markup
    // this check never sees as the browser does.
    if text[..root.range().start].contains("<!ENTITY") {
        return Err(at_start(
            "it declares entities in its <!DOCTYPE>; remove the <!DOCTYPE …> part".into(),
        ));
    }
    for node in document.descendants() {
        if let Some(reason) = refusal(&node) {
            let place = document.text_pos_at(node.range().start);
            return Err(Refusal {
                line: place.row as usize,
                column: place.col as usize,
                reason,
            });
        }
    }
    Ok(())
}

fn refusal(node: &Node<'_, '_>) -> Option<String> {
    if let Some(pi) = node.pi() {
        return pi
            .target
            .eq_ignore_ascii_case("xml-stylesheet")
            .then(|| "it loads a style sheet from another file".to_owned());
    }
    if node.is_text() && node.parent_element().is_some_and(|p| is_named(&p, "style")) {
        return node.text().and_then(style_refusal);
    }
    if !node.is_element() {
        return None;
    }
    let name = node.tag_name().name().to_ascii_lowercase();
    if node.tag_name().namespace() == Some("http://www.w3.org/1999/xhtml") {
        return Some(format!("it holds the HTML element <{name}>"));
    }
    if REFUSED_ELEMENTS.contains(&name.as_str()) {
        return Some(format!(
            "it holds a <{}> element, which can run script or load another document",
            node.tag_name().name()
        ));
    }
    if ANIMATIONS.contains(&name.as_str()) {
        let target = node.attribute("attributeName").unwrap_or_default();
        if is_handler(target) || target.eq_ignore_ascii_case("href") || target.ends_with(":href") {
            return Some(format!("an animation changes its `{target}` attribute"));
        }
    }
    node.attributes().find_map(|attribute| {
        let local = attribute.name();
        let value = attribute.value();
        if is_handler(local) {
            Some(format!("the attribute `{local}` runs script"))
        } else if local.eq_ignore_ascii_case("href") && !is_own_link(&name, value) {
            Some(format!(
                "it links to `{}`; an SVG may link only to places in itself",
                shorten(value)
            ))
        } else {
            style_refusal(value)
        }
    })
}

fn is_named(node: &Node<'_, '_>, name: &str) -> bool {
    node.tag_name().name().eq_ignore_ascii_case(name)
}

fn is_handler(attribute: &str) -> bool {
    attribute.len() > 2 && attribute[..2].eq_ignore_ascii_case("on")
}

/// A link to a place in the same file (`#gradient`), or an embedded picture of a safe type.
fn is_own_link(element: &str, value: &str) -> bool {
    let value = value.trim();
    let picture = ["png", "jpeg", "gif", "webp"]
        .iter()
        .any(|kind| value.starts_with(&format!("data:image/{kind};base64,")));
    value.starts_with('#') || (element == "image" && picture)
}

/// Style that loads something from elsewhere: `url(…)` not to a place in the file, `@import`,
/// or a script address.
fn style_refusal(style: &str) -> Option<String> {
    let lower: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.contains("@import") || lower.contains("javascript:") || lower.contains("expression(") {
        return Some("its style loads another file or runs script".into());
    }
    let external = lower.split("url(").skip(1).any(|after| {
        let target = after.trim_start_matches(['"', '\'']);
        !target.starts_with('#')
    });
    external.then(|| "its style refers to another file with url(…)".into())
}

fn shorten(text: &str) -> String {
    let short: String = text.chars().take(60).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPEN: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">";

    fn svg(inner: &str) -> Result<(), Refusal> {
        check(format!("{OPEN}\n{inner}\n</svg>").as_bytes())
    }

    #[test]
    fn a_plain_drawing_is_published() {
        assert_eq!(
            svg(
                "<defs><linearGradient id=\"g\"/></defs><style>.a{fill:url(#g)}</style><rect class=\"a\" width=\"10\" height=\"10\" fill=\"url(#g)\"/><use href=\"#g\"/><text>Logo</text>"
            ),
            Ok(())
        );
        assert_eq!(
            check(b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Ok(())
        );
        assert_eq!(
            svg("<image href=\"data:image/png;base64,iVBORw0KGgo=\"/>"),
            Ok(())
        );
    }

    #[test]
    fn anything_that_can_run_script_or_load_a_file_is_refused_at_its_line() {
        for (inner, says) in [
            ("<script>alert(1)</script>", "<script>"),
            ("<SCRIPT>alert(1)</SCRIPT>", "<SCRIPT>"),
            (
                "<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>",
                "foreignObject",
            ),
            ("<rect onload=\"alert(1)\"/>", "onload"),
            ("<rect ONCLICK=\"alert(1)\"/>", "ONCLICK"),
            (
                "<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>",
                "javascript:",
            ),
            (
                "<a href=\" javascript:alert(1)\"><text>x</text></a>",
                "javascript:",
            ),
            ("<image href=\"https://tracker.example/x.png\"/>", "tracker"),
            (
                "<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>",
                "data:image/svg",
            ),
            ("<use href=\"other.svg#a\"/>", "other.svg"),
            (
                "<set attributeName=\"href\" to=\"javascript:alert(1)\"/>",
                "animation",
            ),
            (
                "<animate attributeName=\"onclick\" to=\"alert(1)\"/>",
                "animation",
            ),
            (
                "<style>@import url(https://x.example/a.css);</style>",
                "style",
            ),
            (
                "<rect style=\"fill: url( 'https://x.example/#a')\"/>",
                "url",
            ),
            ("<rect fill=\"url(https://x.example/#a)\"/>", "url"),
            (
                "<html:p xmlns:html=\"http://www.w3.org/1999/xhtml\">x</html:p>",
                "HTML",
            ),
        ] {
            let refusal = svg(inner).expect_err(inner);
            assert!(refusal.reason.contains(says), "{inner}: {}", refusal.reason);
            assert_eq!(refusal.line, 2, "{inner}");
        }
        let refusal = check(b"<?xml-stylesheet href=\"https://x.example/a.css\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap_err();
        assert!(refusal.reason.contains("style sheet"));
        let entity = "<!DOCTYPE svg [<!ENTITY s \"<script>alert(1)</script>\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>";
        assert!(
            check(entity.as_bytes())
                .unwrap_err()
                .reason
                .contains("entities")
        );
        assert!(check(b"<html><script/></html>").is_err());
        assert!(check(b"<svg").is_err());
    }
}
