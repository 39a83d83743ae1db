//! `site.yaml`: the site as a whole.

use serde::Deserialize;

/// What the accessibility statement needs; the statement claims no more than this says.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct Accessibility {
    /// Who to contact about accessibility problems (an email address or a page).
    #[serde(default)]
    pub contact: Option<String>,
    /// `full`, `partial` or `not` compliant with WCAG 2.2 AA, as the council declares it.
    #[serde(default)]
    pub compliance: Option<String>,
    /// Known problems, one sentence each.
    #[serde(default)]
    pub known_problems: Vec<String>,
    #[serde(default)]
    pub prepared: Option<crate::content::PartialDate>,
    #[serde(default)]
    pub reviewed: Option<crate::content::PartialDate>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct SiteConfig {
    pub title: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub accessibility: Accessibility,
    /// How many clear days before its meeting a paper must be published, and which days count.
    #[serde(default)]
    pub publication_rule: crate::publishing::PublicationRule,
}

fn default_language() -> String {
    "en-GB".into()
}

fn default_theme() -> String {
    "default".into()
}

impl SiteConfig {
    /// The base URL with exactly one trailing slash, for joining page paths on.
    pub fn base_url(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

impl crate::content::source::Fields for SiteConfig {
    const WHAT: &'static str = "site.yaml";
    const REQUIRED: &'static [&'static str] = &["title", "base_url"];
}
