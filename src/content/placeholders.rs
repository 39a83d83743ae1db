//! What `scrutiny new` writes for the author to replace: the example address and contact of a
//! site, a report's example contact officer and summary, and the lines of its body that say
//! what to write. They are written from here, so that what is looked for is what was written.
//!
//! Loading warns of every one that is left; a public build refuses a published report that
//! still holds one, and a site whose address or accessibility contact is still the example.

use super::places::{self, Step};
use super::{Report, SiteConfig, Status};
use crate::diagnostic::Diagnostic;

/// The site's address, in `site.yaml`.
pub const BASE_URL: &str = "https://www.example.gov.uk/scrutiny/";
/// Who to contact about the site's accessibility, in `site.yaml`.
pub const ACCESSIBILITY_CONTACT: &str = "scrutiny@example.gov.uk";
/// A new report's contact officer.
pub const AUTHOR_NAME: &str = "Report Author";
pub const AUTHOR_EMAIL: &str = "author@example.gov.uk";
/// A number Ofcom keeps for drama, which no one can ever be given.
pub const AUTHOR_PHONE: &str = "01632 960000";
/// The number earlier versions wrote: a real Bedford number could be the same, so it counts
/// as the example only beside the example name or email.
const EARLIER_AUTHOR_PHONE: &str = "01234 567890";
/// A new report's summary.
pub const SUMMARY: &str = "One or two sentences that say what the report is about.";
/// How the lines of a new report's body that say what to write begin.
pub const BODY_LINES: [&str; 2] = [
    "Say what the report is for.",
    "Write the report in Markdown.",
];

/// One example value left in place.
#[derive(Debug, Clone)]
pub struct Placeholder {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What the value is, in words: "the contact officer's name".
    pub what: &'static str,
    pub value: String,
    /// What to write instead.
    pub hint: &'static str,
}

impl Placeholder {
    /// The warning loading gives: the value is left to replace.
    pub fn warning(&self) -> Diagnostic {
        Diagnostic::warning(
            &self.file,
            format!(
                "{} is still the example that `scrutiny new` wrote, “{}”: a public build refuses to publish it",
                self.what, self.value
            ),
        )
        .at(self.line, self.column)
        .with_hint(self.hint)
    }

    /// The error a public build gives.
    pub fn refusal(&self) -> Diagnostic {
        Diagnostic::error(
            &self.file,
            format!(
                "{} is still the example that `scrutiny new` wrote, “{}”, so this cannot be published",
                self.what, self.value
            ),
        )
        .at(self.line, self.column)
        .with_hint(self.hint)
    }
}

/// The example values `site.yaml` still holds.
pub fn in_site(config: &SiteConfig, text: &str, file: &str) -> Vec<Placeholder> {
    let place = |path: &[Step<'_>]| places::value(text, 1, path).unwrap_or((1, 1));
    let mut found = Vec::new();
    if config.base_url == BASE_URL {
        let (line, column) = place(&[Step::Key("base_url")]);
        found.push(Placeholder {
            file: file.to_owned(),
            line,
            column,
            what: "the site's address, base_url,",
            value: BASE_URL.to_owned(),
            hint: "write the address the site will live at, such as https://www.dudley.gov.uk/scrutiny/, or give it with build --base-url",
        });
    }
    if config.accessibility.contact.as_deref() == Some(ACCESSIBILITY_CONTACT) {
        let (line, column) = place(&[Step::Key("accessibility"), Step::Key("contact")]);
        found.push(Placeholder {
            file: file.to_owned(),
            line,
            column,
            what: "the accessibility contact",
            value: ACCESSIBILITY_CONTACT.to_owned(),
            hint: "write the address that answers about the site's accessibility, such as accessibility@dudley.gov.uk",
        });
    }
    found
}

/// The example values a report still holds. An exempt report is never published, and is
/// left alone.
pub fn in_report(report: &Report) -> Vec<Placeholder> {
    if report.is_exempt() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut push = |path: &[Step<'_>], what, value: &str, hint| {
        let (line, column) = report.place(path);
        found.push(Placeholder {
            file: report.file.clone(),
            line,
            column,
            what,
            value: value.to_owned(),
            hint,
        });
    };
    for (index, author) in report.front.authors.iter().enumerate() {
        let at = |field| [Step::Key("authors"), Step::Index(index), Step::Key(field)];
        if author.name == AUTHOR_NAME {
            push(
                &at("name"),
                "the contact officer's name",
                AUTHOR_NAME,
                "write the name of the officer to contact about the report",
            );
        }
        if author.email.as_deref() == Some(AUTHOR_EMAIL) {
            push(
                &at("email"),
                "the contact officer's email",
                AUTHOR_EMAIL,
                "write the officer's email address, or leave email out",
            );
        }
        let beside_example =
            author.name == AUTHOR_NAME || author.email.as_deref() == Some(AUTHOR_EMAIL);
        let phone = author.phone.as_deref().unwrap_or_default();
        if phone == AUTHOR_PHONE || (beside_example && phone == EARLIER_AUTHOR_PHONE) {
            push(
                &at("phone"),
                "the contact officer's phone number",
                phone,
                "write the officer's number in quotes, or leave phone out",
            );
        }
    }
    if report.front.summary.as_deref() == Some(SUMMARY) {
        push(
            &[Step::Key("summary")],
            "the summary",
            SUMMARY,
            "write one or two sentences that say what the report is about",
        );
    }
    for (index, line) in report.body.lines().enumerate() {
        if let Some(stock) = BODY_LINES.iter().find(|stock| line.starts_with(**stock)) {
            found.push(Placeholder {
                file: report.file.clone(),
                line: report.body_line + index,
                column: 1,
                what: "this paragraph",
                value: (*stock).to_owned(),
                hint: "write the report's own text in place of the example",
            });
        }
    }
    found
}

/// What a public build refuses: every example value of `site.yaml` (its address only when
/// `--base-url` does not give another) and of every report it publishes.
pub fn refusals(
    site: &super::Site,
    sources: &crate::diagnostic::Sources,
    root: &std::path::Path,
    base_url_given: bool,
) -> Vec<Diagnostic> {
    let file = crate::diagnostic::display_path(root, &root.join("content").join("site.yaml"));
    let text = sources.get(&file).unwrap_or_default();
    let mut found: Vec<Placeholder> = in_site(&site.config, text, &file)
        .into_iter()
        .filter(|p| !(base_url_given && p.value == BASE_URL))
        .collect();
    for report in site.authorities.iter().flat_map(|a| &a.reports) {
        if is_published(report) {
            found.extend(in_report(report));
        }
    }
    found.iter().map(Placeholder::refusal).collect()
}

/// Whether a public build publishes a report: final and withdrawn reports are; drafts and
/// exempt reports are not.
pub fn is_published(report: &Report) -> bool {
    !report.is_exempt() && report.front.status != Status::Draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_new_site_writes_is_found_where_it_is() {
        let text = "title: T\nbase_url: https://www.example.gov.uk/scrutiny/\naccessibility:\n  contact: scrutiny@example.gov.uk\n";
        let config: SiteConfig = serde_yaml::from_str(text).unwrap();
        let found = in_site(&config, text, "content/site.yaml");
        let places: Vec<(usize, usize)> = found.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(places, [(2, 11), (4, 12)]);
        assert!(
            found[0]
                .refusal()
                .message
                .starts_with("the site's address, base_url, is still the example")
        );
        assert!(!found[0].warning().is_error());
    }

    #[test]
    fn the_earlier_example_phone_counts_only_beside_the_example_contact() {
        let front = |authors: &str| {
            let text =
                format!("title: T\ncommittee: c\nmeeting: 2023-07-19\nauthors:\n  - {authors}\n");
            Report {
                slug: "r".into(),
                file: "r.md".into(),
                front: serde_yaml::from_str(&text).unwrap(),
                front_text: text,
                body: String::new(),
                body_line: 8,
                fingerprint: 0,
                front_fingerprint: 0,
            }
        };
        let phones = |authors: &str| {
            in_report(&front(authors))
                .iter()
                .filter(|p| p.what.contains("phone"))
                .count()
        };
        assert_eq!(
            phones("{ name: Report Author, phone: \"01234 567890\" }"),
            1
        );
        assert_eq!(phones("{ name: Jo Bloggs, phone: \"01234 567890\" }"), 0);
        assert_eq!(phones("{ name: Jo Bloggs, phone: \"01632 960000\" }"), 1);
    }
}
