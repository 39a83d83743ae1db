//! `authority.yaml`: one council, its committees and the charts on its page.

use serde::Deserialize;

use super::places;
use super::{ids, links, source};
use crate::diagnostic::Diagnostic;

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
        self.committees.iter().find(|c| {
            c.id == id_or_name || c.name.eq_ignore_ascii_case(&super::typeset(id_or_name))
        })
    }
}

impl super::source::Fields for AuthorityFile {
    const WHAT: &'static str = "authority.yaml";
    const REQUIRED: &'static [&'static str] = &["name", "committees"];
}

/// Reads `authority.yaml`: its committees in file order, its colour and its dashboard's charts,
/// each problem placed where the parser found it.
pub fn read(text: &str, display: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<AuthorityMeta> {
    let file: AuthorityFile = source::parse_fields(text, display, 1, diagnostics)?;
    let tree = places::parse(text, 1).ok();
    let mut committees = Vec::new();
    for (key, value) in &file.committees {
        match (key.as_str(), value.as_str()) {
            (Some(id), Some(name)) => {
                if ids::committee_id(id, text, display, diagnostics) {
                    committees.push(Committee {
                        id: id.to_owned(),
                        name: super::typeset(name),
                    });
                }
            }
            _ => {
                let place = tree
                    .as_ref()
                    .and_then(|tree| committee_entry(tree, key))
                    .unwrap_or((1, 1));
                diagnostics.push(
                    Diagnostic::error(display, "each committee is written `id: Full name`")
                        .at(place.0, place.1)
                        .with_hint(
                            "for example  children-select: Children Services Select Committee",
                        ),
                );
            }
        }
    }
    if let Some(colour) = &file.colour
        && !is_hex_colour(colour)
    {
        let (line, column) = tree
            .as_ref()
            .and_then(|tree| tree.get("colour"))
            .map_or((1, 1), places::Node::place);
        diagnostics.push(
            Diagnostic::error(display, format!("`{colour}` is not a hex colour"))
                .at(line, column)
                .with_hint(colour_hint(colour)),
        );
    }
    let dashboard_items = tree
        .as_ref()
        .and_then(|tree| tree.get("dashboard"))
        .map(|node| node.items().to_vec())
        .unwrap_or_default();
    let dashboard = file
        .dashboard
        .iter()
        .enumerate()
        .filter_map(|(index, block)| {
            Some(DashboardBlock {
                yaml: serde_yaml::to_string(block).ok()?,
                line: dashboard_items.get(index).map_or(1, |item| item.start.line),
            })
        })
        .collect();
    let mut meta = AuthorityMeta {
        short_name: super::typeset(file.short_name.as_ref().unwrap_or(&file.name)),
        name: super::typeset(&file.name),
        code: file.code,
        website: file.website,
        colour: file.colour,
        logo: file.logo,
        tagline: file.tagline.as_deref().map(super::typeset),
        committees,
        dashboard,
        file: display.to_owned(),
    };
    links::check_authority(&mut meta, text, diagnostics);
    Some(meta)
}

/// The place of the committee whose key is `key` (a key that is not text, or a value that is
/// not a name).
fn committee_entry(tree: &places::Node, key: &serde_yaml::Value) -> Option<(usize, usize)> {
    let committees = tree.get("committees")?;
    let wanted = serde_yaml::to_string(key).ok()?;
    let entry = committees
        .entries()
        .iter()
        .find(|entry| entry.key.text().is_some_and(|text| text == wanted.trim()))
        .or_else(|| committees.entries().first())?;
    Some(entry.key.place())
}

fn is_hex_colour(text: &str) -> bool {
    text.strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// How to write the author's colour, fixed where the fix is plain: `12436D` wants its `#`.
fn colour_hint(colour: &str) -> String {
    let digits = colour.trim().trim_start_matches('#');
    let hex = digits.bytes().all(|b| b.is_ascii_hexdigit());
    if hex && matches!(digits.len(), 3 | 6) {
        format!("write it in quotes with its #: colour: \"#{digits}\"")
    } else if hex {
        format!(
            "a colour is # and six hex digits (0–9, A–F), in quotes, such as colour: \"#12436D\"; `{colour}` has {} digit{}",
            digits.len(),
            if digits.len() == 1 { "" } else { "s" }
        )
    } else {
        "a colour is # and six hex digits (0–9, A–F), in quotes, such as colour: \"#12436D\""
            .to_owned()
    }
}
