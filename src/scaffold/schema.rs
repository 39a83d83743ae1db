//! JSON Schemas for the content files, so that an author's editor (VS Code with the YAML
//! extension, for one) completes fields and underlines mistakes while they type.

use serde_json::{Value, json};

const DATE: &str = r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$";

fn date(description: &str) -> Value {
    json!({ "type": "string", "pattern": DATE, "description": description })
}

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

pub fn site() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "scrutiny site.yaml",
        "type": "object",
        "required": ["title", "base_url"],
        "additionalProperties": false,
        "properties": {
            "title": text("The site's name, shown on every page."),
            "base_url": { "type": "string", "format": "uri", "description": "The absolute address the site will live at; may have a sub-path." },
            "language": { "type": "string", "default": "en-GB", "description": "The language of the pages." },
            "theme": { "type": "string", "default": "default", "description": "A theme folder under themes/." },
            "description": text("One sentence about the site, for the home page and search engines."),
            "accessibility": {
                "type": "object",
                "additionalProperties": false,
                "description": "What the accessibility statement says.",
                "properties": {
                    "contact": text("An email address or page for accessibility problems."),
                    "compliance": { "enum": ["full", "partial", "not"], "description": "WCAG 2.2 AA compliance as the council declares it." },
                    "known_problems": { "type": "array", "items": { "type": "string" } },
                    "prepared": date("When the statement was prepared."),
                    "reviewed": date("When the statement was last reviewed.")
                }
            },
            "publication_rule": {
                "type": "object",
                "additionalProperties": false,
                "description": "How many clear days before its meeting a paper must be published (LGA 1972 s.100B), and which days count.",
                "properties": {
                    "clear_days": { "type": "integer", "minimum": 0, "default": 5, "description": "Clear days a paper needs before its meeting." },
                    "count": { "enum": ["working", "calendar"], "default": "working", "description": "Count working days (not weekends, bank holidays or closures) or every day." },
                    "closures": { "type": "array", "items": { "type": "string", "pattern": "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$" }, "description": "Days the council is closed, besides weekends and bank holidays." }
                }
            }
        }
    })
}

fn chart_block() -> Value {
    json!({
        "type": "object",
        "required": ["data", "type", "x", "y"],
        "additionalProperties": false,
        "properties": {
            "data": text("A dataset id of this authority, or authority/id."),
            "type": { "enum": ["bar", "stacked-bar", "hbar", "line", "progress"] },
            "x": text("The column along the axis."),
            "y": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" }, "minItems": 1, "maxItems": 4 }] },
            "title": text("The chart's title; the dataset's by default.")
        }
    })
}

pub fn authority() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "scrutiny authority.yaml",
        "type": "object",
        "required": ["name", "committees"],
        "additionalProperties": false,
        "properties": {
            "name": text("The council's full name."),
            "short_name": text("A short name for listings."),
            "code": { "type": "string", "pattern": "^[EWSN]\\d{8}$", "description": "ONS code." },
            "website": { "type": "string", "format": "uri" },
            "colour": { "type": "string", "pattern": "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", "description": "Brand colour, in quotes: \"#12436D\"." },
            "logo": text("A file in the authority's assets/ folder."),
            "tagline": text("A line under the council's name."),
            "committees": { "type": "object", "additionalProperties": { "type": "string" }, "description": "id: full name. Reports name a committee by its id." },
            "dashboard": { "type": "array", "items": chart_block() }
        }
    })
}

/// Which kind of period a period column holds.
fn period() -> Value {
    json!({ "enum": crate::content::PeriodKind::NAMES,
        "description": "year (2023), financial-year (2019/20, April to March), academic-year (2019/20, September to August), quarter (2023 Q1) or financial-quarter (Q1 2023/24)." })
}

pub fn dataset() -> Value {
    let cell = json!({ "oneOf": [
        { "type": ["string", "number", "null"] },
        { "type": "object", "required": ["suppressed"], "additionalProperties": false,
          "properties": { "suppressed": { "enum": ["c", "low", "k", "u", "x", "z"] } } }
    ]});
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "scrutiny dataset",
        "type": "object",
        "required": ["title", "source", "columns", "rows"],
        "additionalProperties": false,
        "properties": {
            "title": text("What the table shows, with its period."),
            "source": text("Where the figures come from."),
            "measure": text("A measure shared across authorities, compared on compare/."),
            "unit": text("The unit of the figures, such as FTE."),
            "notes": text("Notes shown with the data, such as where a source disagrees with itself."),
            "period": period(),
            "columns": { "type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["id", "label"], "additionalProperties": false,
                "properties": {
                    "id": { "type": "string", "pattern": "^[a-z0-9_-]+$" },
                    "label": { "type": "string" },
                    "type": { "enum": ["text", "number", "percent", "money", "date", "period"], "default": "text" },
                    "unit": { "type": "string" },
                    "period": period()
                }
            }},
            "rows": { "type": "array", "items": { "type": "array", "items": cell } }
        }
    })
}

pub fn front_matter() -> Value {
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "scrutiny report front matter",
        "type": "object",
        "required": ["title", "committee", "meeting"],
        "additionalProperties": false,
        "properties": {
            "title": text("The report's title."),
            "committee": text("An id from authority.yaml's committees."),
            "meeting": date("The meeting date: YYYY-MM-DD, or YYYY-MM where the day is not known."),
            "meeting_note": text("A sentence shown beside the meeting date."),
            "item": { "type": ["string", "integer"], "description": "The agenda item: \"6\", \"6a\"." },
            "report_of": text("The officer the report is from."),
            "authors": { "type": "array", "items": { "type": "object", "required": ["name"], "additionalProperties": false,
                "properties": { "name": { "type": "string" }, "role": { "type": "string" }, "phone": { "type": "string" }, "email": { "type": "string", "format": "email" } } } },
            "wards": { "type": "array", "items": { "type": "string" } },
            "key_decision": { "type": "boolean", "default": false },
            "status": { "enum": ["draft", "final", "withdrawn"], "default": "final" },
            "exempt": { "oneOf": [{ "const": false }, { "type": "integer", "minimum": 1, "maximum": 7 }], "description": "false, or the paragraph of Schedule 12A." },
            "purpose": { "enum": ["noting", "decision", "discussion"] },
            "portfolio": text("The lead member's portfolio."),
            "lead_member": text("The cabinet member whose portfolio the report falls in: Councillor Wilson."),
            "forward_plan_ref": { "type": ["string", "null"] },
            "published": date("When the paper was published."),
            "urgency": text("Why the chair took a paper published late as urgent (LGA 1972 s.100B(4)(b))."),
            "public_interest": text("For an exempt paper: why the public interest in withholding it outweighs the interest in publishing it."),
            "updated": { "type": "array", "items": { "type": "object", "required": ["date", "note"], "properties": { "date": date("When"), "note": { "type": "string" } } } },
            "numbering": { "enum": ["paragraphs", "sections", "none"], "default": "paragraphs" },
            "summary": text("One or two sentences for listings, search and the page description."),
            "recommendations": { "type": "array", "items": { "type": "string" } },
            "appendices": { "type": "array", "items": { "type": "object", "required": ["title"], "additionalProperties": false,
                "properties": { "title": { "type": "string" }, "id": { "type": "string" }, "file": { "type": "string" },
                    "exempt": { "oneOf": [{ "const": false }, { "type": "integer", "minimum": 1, "maximum": 7 }] } } } },
            "background_papers": { "type": "array", "items": { "type": "object", "required": ["title"], "additionalProperties": false,
                "properties": { "title": { "type": "string" }, "url": { "type": "string", "format": "uri" } } } }
        }
    })
}

/// Every schema, by file name.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("site.schema.json", site()),
        ("authority.schema.json", authority()),
        ("dataset.schema.json", dataset()),
        ("report.schema.json", front_matter()),
    ]
}

#[cfg(test)]
mod tests {
    /// The fields each file may have come from its struct; the JSON Schemas that editors read
    /// are written by hand, and must name the same fields, the same required ones, at every
    /// level.
    #[test]
    fn the_schemas_and_the_structs_name_the_same_fields() {
        use crate::content::authority::AuthorityFile;
        use crate::content::dataset::DatasetFile;
        use crate::content::source::{Fields, field_names};
        use crate::content::*;
        use crate::scaffold::schema;
        use serde::de::DeserializeOwned;
        use std::collections::BTreeSet;

        fn properties(schema: &serde_json::Value) -> BTreeSet<String> {
            schema["properties"]
                .as_object()
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default()
        }
        fn required(schema: &serde_json::Value) -> BTreeSet<String> {
            schema["required"]
                .as_array()
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        }
        fn names<T: DeserializeOwned>() -> BTreeSet<String> {
            field_names::<T>().iter().map(|s| (*s).to_owned()).collect()
        }
        /// The fields a struct cannot do without: a document of exactly these reads, and one
        /// without any of them does not.
        fn needs<T: DeserializeOwned>(minimal: &str) -> BTreeSet<String> {
            let value: serde_yaml::Mapping = serde_yaml::from_str(minimal).unwrap();
            assert!(
                serde_yaml::from_value::<T>(value.clone().into()).is_ok(),
                "{minimal}"
            );
            value
                .keys()
                .filter_map(|key| key.as_str())
                .filter(|key| {
                    let mut less = value.clone();
                    less.remove(*key);
                    serde_yaml::from_value::<T>(less.into()).is_err()
                })
                .map(str::to_owned)
                .collect()
        }
        let set = |names: &[&str]| {
            names
                .iter()
                .map(|s| (*s).to_owned())
                .collect::<BTreeSet<_>>()
        };

        let site = schema::site();
        assert_eq!(properties(&site), names::<SiteConfig>());
        assert_eq!(required(&site), set(SiteConfig::REQUIRED));
        assert_eq!(
            required(&site),
            needs::<SiteConfig>("title: T\nbase_url: https://a.uk/")
        );
        assert_eq!(
            properties(&site["properties"]["accessibility"]),
            names::<Accessibility>()
        );
        assert_eq!(
            properties(&site["properties"]["publication_rule"]),
            names::<crate::publishing::PublicationRule>()
        );

        let authority = schema::authority();
        assert_eq!(properties(&authority), names::<AuthorityFile>());
        assert_eq!(required(&authority), set(AuthorityFile::REQUIRED));
        assert_eq!(
            required(&authority),
            needs::<AuthorityFile>("name: A\ncommittees: {}")
        );

        let dataset = schema::dataset();
        assert_eq!(properties(&dataset), names::<DatasetFile>());
        assert_eq!(required(&dataset), set(DatasetFile::REQUIRED));
        assert_eq!(
            required(&dataset),
            needs::<DatasetFile>("title: T\nsource: S\ncolumns: []\nrows: []")
        );
        let column = &dataset["properties"]["columns"]["items"];
        assert_eq!(properties(column), names::<Column>());
        assert_eq!(required(column), needs::<Column>("id: a\nlabel: A"));

        let front = schema::front_matter();
        assert_eq!(properties(&front), names::<FrontMatter>());
        assert_eq!(required(&front), set(FrontMatter::REQUIRED));
        assert_eq!(
            required(&front),
            needs::<FrontMatter>("title: T\ncommittee: c\nmeeting: 2023-07-19")
        );
        for (field, fields, minimal) in [
            ("authors", names::<Author>(), needs::<Author>("name: A")),
            (
                "appendices",
                names::<AppendixRef>(),
                needs::<AppendixRef>("title: A"),
            ),
            (
                "background_papers",
                names::<BackgroundPaper>(),
                needs::<BackgroundPaper>("title: A"),
            ),
            (
                "updated",
                names::<Update>(),
                needs::<Update>("date: 2023-07-19\nnote: N"),
            ),
        ] {
            let items = &front["properties"][field]["items"];
            assert_eq!(properties(items), fields, "{field}");
            assert_eq!(required(items), minimal, "{field}");
        }
    }
}
