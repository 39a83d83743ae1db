//! What may reach a web address, a page or a path of the output, each rule decided in one
//! place: an id is a slug, a link has a safe scheme, text is escaped, a written path stays
//! inside the output folder. Loading, Markdown, charts, rendering and writing all ask here.

/// The schemes a link may have: web, email and telephone. Any other (`javascript:`, `data:`,
/// `vbscript:`, `file:`) is refused wherever a link comes from.
pub const LINK_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Whether `text` is a web-safe slug: lower-case letters, digits and hyphens, neither starting
/// nor ending with a hyphen. Every id that becomes part of a web address or an output path
/// (authority, committee, report, dataset, measure, appendix) is one.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// The slug nearest to `text` (`Children's Select` → `childrens-select`), for a hint; `None`
/// when nothing of it can be kept.
pub fn suggest_slug(text: &str) -> Option<String> {
    let suggestion = slug::slugify(text);
    is_slug(&suggestion).then_some(suggestion)
}

/// Whether a link may be published: web, email, telephone, fragment and relative links are
/// safe; any other scheme is not. Spaces and control characters are ignored, as browsers
/// ignore them (`java\tscript:` is `javascript:`).
pub fn is_safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.split_once(':') {
        None => true,
        // `a/b:c` and `?q=a:b` are relative: a scheme holds none of these.
        Some((scheme, _)) if scheme.contains(['/', '?', '#']) => true,
        Some((scheme, _)) => LINK_SCHEMES.contains(&scheme),
    }
}

/// Checks a site's base URL: an absolute `http://` or `https://` address of a host, with an
/// optional port and path and nothing a page could not carry as it is (no spaces, quotes,
/// query or fragment). Says what is wrong otherwise.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))
    else {
        return Err("it must be a full web address starting https:// (or http://)".into());
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = authority.split_once(':').unwrap_or((authority, ""));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && !host.starts_with(['.', '-']);
    if !host_ok {
        return Err(
            "the part after :// must be the server's name, such as www.example.gov.uk".into(),
        );
    }
    if authority.contains(':') && (port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit())) {
        return Err("a port after the server's name is written as digits, such as :8080".into());
    }
    if let Some(bad) = path.chars().find(|c| !is_plain_path_char(*c)) {
        let shown = if bad.is_control() || bad.is_whitespace() {
            bad.escape_debug().to_string()
        } else {
            bad.to_string()
        };
        return Err(format!(
            "the path may not hold `{shown}`; write it with letters, digits, hyphens and slashes"
        ));
    }
    Ok(())
}

/// The path part of a base URL, with one slash at each end: `https://x.gov.uk/scrutiny` →
/// `/scrutiny/`, `https://x.gov.uk` → `/`. The site lives at this path on its server.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

/// Characters a base URL's path may hold as they are: RFC 3986's unreserved and sub-delimiter
/// characters, `:`, `@`, `/` and `%` escapes, less the quote `'`.
fn is_plain_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&()*+,;=:@/%".contains(c)
}

/// Whether `text` is an email address that can be a `mailto:` link as it is: a name, one
/// `@`, and a domain of dot-separated labels. Nothing that could add to the link (`?cc=`,
/// `&body=`, spaces, quotes) fits.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || ".-_+'".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.');
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() > 1
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// The `tel:` address of a telephone number as written (`01384 815876`, `+44 (0)1384
/// 815876`): its digits, with a leading `+`. `None` when the number holds anything a phone
/// cannot dial, so that it is shown as text without a link.
pub fn tel_href(phone: &str) -> Option<String> {
    let trimmed = phone.trim();
    let (plus, number) = match trimmed.strip_prefix('+') {
        // `+44 (0)1384`: the bracketed 0 is dialled only from inside the country.
        Some(rest) => ("+", rest.replacen("(0)", "", 1)),
        None => ("", trimmed.to_owned()),
    };
    if !number
        .chars()
        .all(|c| c.is_ascii_digit() || " -.()".contains(c))
    {
        return None;
    }
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 3).then(|| format!("tel:{plus}{digits}"))
}

/// Text made safe to place in HTML or XML, in an element or in a quoted attribute: the one
/// escaping helper for markup written outside the templates (charts, tables, feeds).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_path_is_the_url_path_between_slashes() {
        assert_eq!(base_path("https://example.gov.uk/scrutiny"), "/scrutiny/");
        assert_eq!(base_path("https://example.gov.uk/scrutiny/"), "/scrutiny/");
        assert_eq!(base_path("https://example.gov.uk/a/b/"), "/a/b/");
        assert_eq!(base_path("https://example.gov.uk/"), "/");
        assert_eq!(base_path("https://example.gov.uk"), "/");
    }

    #[test]
    fn slugs_are_lower_case_letters_digits_and_hyphens() {
        for good in ["dudley", "children-select", "2023-budget", "a"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in [
            "", "-a", "a-", "A", "a b", "a/b", "..", "a_b", "é", "a.b", "a\"b",
        ] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(
            suggest_slug("../Children's Select").as_deref(),
            Some("children-s-select")
        );
        assert_eq!(suggest_slug("../"), None);
    }

    #[test]
    fn links_keep_only_safe_schemes() {
        for good in [
            "https://example.gov.uk/a",
            "mailto:a@b.gov.uk",
            "tel:0100",
            "#para-1",
            "papers/a.pdf",
            "a/b:c",
        ] {
            assert!(is_safe_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn base_urls_are_absolute_web_addresses() {
        for good in [
            "https://www.example.gov.uk/scrutiny/",
            "http://localhost:8080",
            "HTTPS://example.gov.uk",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for bad in [
            "www.example.gov.uk",
            "javascript:alert(1)//",
            "https://",
            "https://a.gov.uk/\"><script>",
            "https://a.gov.uk/a b",
            "https://a.gov.uk/?q",
            "https://user@a.gov.uk/",
            "https://a.gov.uk:x/",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_are_plain_addresses_and_phones_link_only_when_dialable() {
        assert!(is_email("jolene.slack@dudley.gov.uk"));
        assert!(is_email("sean.o'brien@example.gov.uk"));
        for bad in [
            "a",
            "a@b",
            "a@b.gov.uk?cc=c@d.uk",
            "a b@c.uk",
            "\"a\"@b.uk",
            "a@b..uk",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert_eq!(tel_href("01384 815876").as_deref(), Some("tel:01384815876"));
        assert_eq!(
            tel_href("+44 (0)1384 815876").as_deref(),
            Some("tel:+441384815876")
        );
        assert_eq!(tel_href("0100 DRAFT"), None);
        assert_eq!(tel_href("javascript:alert(1)"), None);
    }

    #[test]
    fn escaping_covers_elements_and_both_quotes() {
        assert_eq!(
            escape_html("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
