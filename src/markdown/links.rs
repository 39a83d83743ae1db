//! The links and images of a body as written: unsafe links removed, images without alt text
//! or from another site refused.

use std::ops::Range;

use pulldown_cmark::CowStr;

use super::habits;
use crate::diagnostic::Diagnostic;

/// Keeps web, mail, telephone, fragment and relative links; anything else (`javascript:`,
/// `data:`) becomes `#` with a warning.
pub fn checked_url<'a>(
    url: CowStr<'a>,
    file: &str,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> CowStr<'a> {
    if crate::web::is_safe_url(&url) {
        return url;
    }
    if habits::is_computer_path(&url) {
        // An error at its place says what to do; nothing of the path is published.
        return CowStr::Borrowed("#");
    }
    diagnostics.push(
        Diagnostic::warning(file, format!("the link `{url}` was removed: only web, email, telephone and relative links are kept"))
            .at(line, 1),
    );
    CowStr::Borrowed("#")
}

/// The problems of an image: no alt text, or loaded from another site.
pub fn check_image(
    body: &str,
    range: &Range<usize>,
    url: &str,
    file: &str,
    line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = &body[range.clone()];
    let alt = source
        .strip_prefix("![")
        .and_then(|rest| rest.split_once("]("))
        .map(|(alt, _)| alt.trim());
    if alt.is_some_and(str::is_empty) {
        diagnostics.push(
            Diagnostic::error(file, "this image has no alt text")
                .at(line, 1)
                .with_hint("describe the image for people who cannot see it: ![Dudley Council logo](assets/logo.png)"),
        );
    }
    if url.contains("://") || url.starts_with("//") {
        diagnostics.push(
            Diagnostic::error(
                file,
                format!("the image `{url}` is loaded from another site"),
            )
            .at(line, 1)
            .with_hint(
                "put the image in the authority's assets/ folder and link it as assets/name.png",
            ),
        );
    }
}
