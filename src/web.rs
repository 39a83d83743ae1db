//! Text that the code itself writes into a page or a web address, rather than a template: one
//! escaping rule for HTML and XML, and one rule for the ids that become part of an address.

/// Escapes `text` for HTML or XML, in element content and in double-quoted attribute values
/// alike: `&`, `<`, `>` and `"`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` is a web-safe slug: lower-case letters, digits and hyphens, not starting or
/// ending with a hyphen, so that it reads the same in every address, id and file name.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_could_end_an_attribute_or_open_a_tag() {
        assert_eq!(
            escape_html(r#"x" onmouseover="alert(1)<b>&"#),
            "x&quot; onmouseover=&quot;alert(1)&lt;b&gt;&amp;"
        );
    }

    #[test]
    fn slugs_are_lower_case_letters_digits_and_hyphens() {
        for good in ["appendix-1", "a", "2023-costs"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in ["", "Appendix", "a_b", "a b", "-a", "a-", "x\"y", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
