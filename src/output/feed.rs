//! `feed.xml`: the public reports as an Atom feed, newest first. Dates come from content,
//! never the clock, so the same content gives the same feed.

use crate::web::escape_html;

/// The feed as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Feed {
    pub language: String,
    pub title: String,
    /// The site's address, with its trailing slash: the feed's id and link.
    pub address: String,
    /// When the newest entry changed, as an RFC 3339 date.
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// One report of the feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FeedEntry {
    pub title: String,
    /// The report page's address: the entry's id and link.
    pub address: String,
    pub published: String,
    pub updated: String,
    pub author: String,
    pub summary: String,
}

/// The Atom document of `feed`, its entries in the order given.
pub fn feed(feed: &Feed) -> String {
    let site = escape_html(&feed.address);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<id>{site}</id>\n<link rel=\"alternate\" href=\"{site}\"/>\n<link rel=\"self\" href=\"{site}feed.xml\"/>\n<updated>{}</updated>\n",
        escape_html(&feed.language),
        escape_html(&feed.title),
        feed.updated,
    );
    for entry in &feed.entries {
        let address = escape_html(&entry.address);
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{address}</id>\n<link rel=\"alternate\" href=\"{address}\"/>\n<published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<summary>{}</summary>\n</entry>\n",
            escape_html(&entry.title),
            entry.published,
            entry.updated,
            escape_html(&entry.author),
            escape_html(&entry.summary),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_in_every_field() {
        let xml = feed(&Feed {
            language: "en-GB".into(),
            title: "Papers <&>".into(),
            address: "https://example.gov.uk/".into(),
            updated: "2024-01-02T00:00:00Z".into(),
            entries: vec![FeedEntry {
                title: "A & B".into(),
                address: "https://example.gov.uk/a/".into(),
                published: "2024-01-01T00:00:00Z".into(),
                updated: "2024-01-02T00:00:00Z".into(),
                author: "Council <x>".into(),
                summary: "\"Quoted\"".into(),
            }],
        });
        assert!(xml.contains("<title>Papers &lt;&amp;&gt;</title>"));
        assert!(xml.contains("<link rel=\"self\" href=\"https://example.gov.uk/feed.xml\"/>"));
        assert!(xml.contains("<title>A &amp; B</title>"));
        assert!(xml.contains("<name>Council &lt;x&gt;</name>"));
        assert!(xml.contains("<summary>&quot;Quoted&quot;</summary>"));
    }
}
