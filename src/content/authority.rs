//! `authority.yaml`: one council, its committees and the charts on its page.

use serde::Deserialize;

/// A committee as `authority.yaml` declares it: reports name its id, pages show its name.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Committee {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AuthorityFile {
    pub name: String,
    pub short_name: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub colour: Option<String>,
    #[serde(default)]
    pub logo: Option<String>,
    #[serde(default)]
    pub tagline: Option<String>,
    /// Kept in file order: `serde_yaml::Mapping` preserves it.
    pub committees: serde_yaml::Mapping,
    #[serde(default)]
    pub dashboard: Vec<serde_yaml::Value>,
}

impl AuthorityFile {
    pub const FIELDS: &'static [&'static str] = &[
        "name",
        "short_name",
        "code",
        "website",
        "colour",
        "logo",
        "tagline",
        "committees",
        "dashboard",
    ];
}

/// One authority's settings, with committees in the order the file gives them.
#[derive(Debug, Clone)]
pub struct AuthorityMeta {
    pub name: String,
    pub short_name: String,
    pub code: Option<String>,
    pub website: Option<String>,
    pub colour: Option<String>,
    pub logo: Option<String>,
    pub tagline: Option<String>,
    pub committees: Vec<Committee>,
    /// Chart blocks for the authority's page.
    pub dashboard: Vec<DashboardBlock>,
    /// Path of `authority.yaml` relative to the site root.
    pub file: String,
}

/// One chart of an authority's dashboard: the block as YAML, and the line it starts on.
#[derive(Debug, Clone)]
pub struct DashboardBlock {
    pub yaml: String,
    pub line: usize,
}

impl AuthorityMeta {
    pub fn committee(&self, id_or_name: &str) -> Option<&Committee> {
        self.committees
            .iter()
            .find(|c| c.id == id_or_name || c.name.eq_ignore_ascii_case(id_or_name))
    }
}
