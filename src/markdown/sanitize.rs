//! Keeping an author's raw HTML safe: a run of events that holds raw HTML is written out and
//! passed through ammonia as one fragment, so tags split across events still pair up. Runs with
//! no raw HTML are pulldown-cmark's own escaped output and need no cleaning.

use std::sync::LazyLock;

use pulldown_cmark::{Event, html};

use super::{
    INLINE_PLACEHOLDER_CLOSE, INLINE_PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE, PLACEHOLDER_OPEN,
};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["id", "lang", "title", "aria-label"])
        .add_tag_attributes("div", ["data-scrutiny-block"])
        .add_tag_attributes("span", ["data-scrutiny-block"])
        .add_tags([
            "figure",
            "figcaption",
            "details",
            "summary",
            "section",
            "aside",
        ])
        .add_tag_attributes("th", ["scope"])
        .url_schemes(crate::web::LINK_SCHEMES.into_iter().collect())
        .link_rel(None);
    builder
});

fn has_raw_html(events: &[Event<'_>]) -> bool {
    let is_placeholder = |html: &str| {
        (html.starts_with(PLACEHOLDER_OPEN) && html.ends_with(PLACEHOLDER_CLOSE))
            || (html.starts_with(INLINE_PLACEHOLDER_OPEN)
                && html.ends_with(INLINE_PLACEHOLDER_CLOSE))
    };
    events.iter().any(|event| match event {
        Event::Html(html) | Event::InlineHtml(html) => !is_placeholder(html),
        _ => false,
    })
}

fn clean(events: &[Event<'_>]) -> String {
    let mut out = String::new();
    html::push_html(&mut out, events.iter().cloned());
    if has_raw_html(events) {
        CLEANER.clean(&out).to_string()
    } else {
        out
    }
}

/// HTML for the inline content of a paragraph or heading.
pub fn inline_html(events: &[Event<'_>]) -> String {
    clean(events).trim_end().to_owned()
}

/// HTML for a whole container (list, quote, table, HTML block).
pub fn container_html(events: &[Event<'_>]) -> String {
    clean(events)
}
