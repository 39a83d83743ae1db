//! Reading a built site as a browser would, to prove that no value broke out of its place:
//! every tag and attribute an HTML page holds, from a real tokenizer, and every element of an
//! XML file. A tag, attribute or link that only an injection could have made is a breakout.

#![allow(dead_code)]

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The tag and attribute names the test payloads try to create.
pub const EVIL_TAG: &str = "x-evil";
pub const EVIL_ATTRIBUTE: &str = "data-evil";

/// Pieces of text that try to leave an element, an attribute or a link, for payloads.
pub const PAYLOAD_PIECES: [&str; 22] = [
    "<x-evil>",
    "<x-evil data-evil=\"1\">",
    "\"",
    "'",
    "\" data-evil=\"1",
    "' data-evil='1",
    "\" onmouseover=\"alert(1)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "</title><x-evil>",
    "</textarea>",
    "]]><x-evil>",
    "--><x-evil>",
    "<!--",
    "&",
    "&amp;",
    "&#x3C;x-evil&#x3E;",
    "javascript:alert(1)",
    "{{ page.root }}",
    "é",
    " ",
    "word",
];

struct Tags(RefCell<Vec<Tag>>);

impl TokenSink for Tags {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            self.0.borrow_mut().push(tag);
        }
        TokenSinkResult::Continue
    }
}

/// Every start tag of an HTML text. Without a tree builder the tokenizer never enters a
/// title's or a style's raw text, so it sees at least every tag a browser would.
fn start_tags(html: &str) -> Vec<Tag> {
    let tokenizer = Tokenizer::new(Tags(RefCell::new(Vec::new())), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer
        .sink
        .0
        .take()
        .into_iter()
        .filter(|tag| tag.kind == TagKind::StartTag)
        .collect()
}

fn is_script_url(value: &str) -> bool {
    let lower: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "data:", "vbscript:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

/// What in an HTML page only an injection could have made: the payloads' tag or attribute,
/// an event handler, a script that is not the theme's search, a script link.
pub fn html_breakouts(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in start_tags(html) {
        let name = tag.name.to_string();
        if name == EVIL_TAG {
            found.push(format!("<{name}>"));
        }
        if name == "script" {
            let theme_script = tag
                .attrs
                .iter()
                .any(|a| &*a.name.local == "src" && a.value.ends_with("assets/search.js"));
            if !theme_script {
                found.push("<script> that is not the theme's".into());
            }
        }
        for attribute in &tag.attrs {
            let attribute_name = attribute.name.local.to_string();
            if attribute_name == EVIL_ATTRIBUTE || attribute_name.starts_with("on") {
                found.push(format!("<{name} {attribute_name}>"));
            }
            let is_link = matches!(attribute_name.as_str(), "href" | "src" | "action");
            if is_link && is_script_url(&attribute.value) {
                found.push(format!("<{name} {attribute_name}=\"{}\">", attribute.value));
            }
        }
    }
    found
}

/// What in an XML file (the feed, the sitemap) only an injection could have made.
pub fn xml_breakouts(xml: &str) -> Vec<String> {
    let document = match roxmltree::Document::parse(xml) {
        Ok(document) => document,
        Err(e) => return vec![format!("not well-formed: {e}")],
    };
    document
        .descendants()
        .filter(|n| n.is_element())
        .flat_map(|n| {
            let mut found = Vec::new();
            if n.tag_name().name() == EVIL_TAG {
                found.push(format!("<{EVIL_TAG}>"));
            }
            if n.attributes().any(|a| a.name() == EVIL_ATTRIBUTE) {
                found.push(format!("{EVIL_ATTRIBUTE}="));
            }
            found
        })
        .collect()
}

/// Every breakout in the HTML and XML files of a build, by file.
pub fn breakouts(files: &[(String, Vec<u8>)]) -> Vec<String> {
    files
        .iter()
        .flat_map(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let found = if path.ends_with(".html") {
                html_breakouts(&text)
            } else if path.ends_with(".xml") {
                xml_breakouts(&text)
            } else {
                Vec::new()
            };
            found.into_iter().map(move |f| format!("{path}: {f}"))
        })
        .collect()
}
