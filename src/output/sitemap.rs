//! `sitemap.xml`: every public page by its canonical address, with the date it last changed
//! where the content gives one.

use crate::web::escape_html;

/// One page of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SitemapEntry {
    /// The page's canonical address: `https://example.gov.uk/dudley/`.
    pub address: String,
    /// When the page last changed, as an RFC 3339 date.
    pub last_modified: Option<String>,
}

/// The sitemap of `entries`, in the order given.
pub fn sitemap(entries: &[SitemapEntry]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        xml.push_str(&format!("<url><loc>{}</loc>", escape_html(&entry.address)));
        if let Some(date) = &entry.last_modified {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_escaped_and_dates_given_where_known() {
        let xml = sitemap(&[
            SitemapEntry {
                address: "https://example.gov.uk/a&b/".into(),
                last_modified: Some("2024-01-02T00:00:00Z".into()),
            },
            SitemapEntry {
                address: "https://example.gov.uk/".into(),
                last_modified: None,
            },
        ]);
        assert!(xml.contains("<url><loc>https://example.gov.uk/a&amp;b/</loc><lastmod>2024-01-02T00:00:00Z</lastmod></url>\n"));
        assert!(xml.contains("<url><loc>https://example.gov.uk/</loc></url>\n"));
        assert!(xml.ends_with("</urlset>\n"));
    }
}
