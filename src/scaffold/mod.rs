//! `scrutiny new`: a site, an authority or a report, written with every field explained, that
//! builds and passes `check` at once. Nothing that exists is overwritten.

pub mod schema;

use crate::content::placeholders;

use std::path::{Path, PathBuf};

/// Why a scaffold could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} already exists; scrutiny new never overwrites a file")]
    Exists(String),
    #[error(
        "`{0}` cannot be used in a web address: use lower-case letters, digits and hyphens, such as {1}"
    )]
    BadSlug(String, String),
    #[error(
        "there is no authority `{0}` in content/; make it first with: scrutiny new authority {0}"
    )]
    NoAuthority(String),
    #[error(
        "the authority `{authority}` has no committee `{committee}`; its committees are: {known}"
    )]
    NoCommittee {
        authority: String,
        committee: String,
        known: String,
    },
    #[error("`{0}` is not a date: write the meeting as YYYY-MM-DD, such as 2024-07-18")]
    BadDate(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn check_slug(slug: &str) -> Result<(), ScaffoldError> {
    if crate::web::is_slug(slug) {
        Ok(())
    } else {
        Err(ScaffoldError::BadSlug(slug.to_owned(), slug::slugify(slug)))
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if path.exists() {
        return Err(ScaffoldError::Exists(path.display().to_string()));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| ScaffoldError::Io {
            path: parent.display().to_string(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| ScaffoldError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `DIR/content/site.yaml`, and returns the files written.
pub fn new_site(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    let path = dir.join("content/site.yaml");
    write_new(
        &path,
        &format!(
            "# The site as a whole. Every field is explained in docs/writing-reports.md.
# Replace each value marked REPLACE: a public build refuses the examples.
title: Scrutiny committee papers
# The address the site will live at; a sub-path such as /scrutiny/ works.
base_url: {base_url}   # REPLACE with the site's address
language: en-GB
description: Reports to the council's scrutiny committees, with their figures as charts and data.
# What the accessibility statement says. It never claims more than compliance says.
accessibility:
  contact: {contact}   # REPLACE with who answers about accessibility
  # full, partial or not, as the council declares it; leave it out until the site is assessed.
  # compliance: partial
  known_problems: []
  # prepared: 2026-01-31
  # reviewed: 2026-01-31\n",
            base_url = placeholders::BASE_URL,
            contact = placeholders::ACCESSIBILITY_CONTACT,
        ),
    )?;
    Ok(vec![path])
}

/// Writes `content/<slug>/authority.yaml` and the folders beside it.
pub fn new_authority(
    root: &Path,
    slug: &str,
    name: Option<&str>,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    check_slug(slug)?;
    let folder = root.join("content").join(slug);
    let path = folder.join("authority.yaml");
    let name = name.map_or_else(|| format!("{} Council", title_case(slug)), str::to_owned);
    write_new(
        &path,
        &format!(
            "# One council. Its folder name, {slug}, is its web address.
name: {name}
short_name: {short}
# code: E08000027            # ONS code, optional
# website: https://www.example.gov.uk
# colour: \"#12436D\"          # brand colour: keep the quotes, or YAML reads # as a comment
# logo: assets/logo.png      # a file in this authority's assets/ folder
# tagline: A line under the council's name
# Every report names one of these committees by its id (the part before the colon).
committees:
  scrutiny: Scrutiny Committee
# Charts for the council's page, as in reports:
# dashboard:
#   - {{ data: funding, type: bar, x: year, y: amount, title: Funding by year }}\n",
            short = title_case(slug),
        ),
    )?;
    let mut written = vec![path];
    for sub in ["reports", "data", "assets"] {
        let keep = folder.join(sub).join(".gitkeep");
        write_new(&keep, "")?;
        written.push(keep);
    }
    Ok(written)
}

/// Writes `content/<authority>/reports/<slug>.md` with every front sheet field explained.
pub fn new_report(
    root: &Path,
    authority: &str,
    slug: &str,
    committee: Option<&str>,
    meeting: Option<&str>,
) -> Result<Vec<PathBuf>, ScaffoldError> {
    check_slug(slug)?;
    let authority_file = root.join("content").join(authority).join("authority.yaml");
    let text = std::fs::read_to_string(&authority_file)
        .map_err(|_| ScaffoldError::NoAuthority(authority.to_owned()))?;
    let committees: Vec<String> = match serde_yaml::from_str::<serde_yaml::Value>(&text) {
        Ok(value) => value
            .get("committees")
            .and_then(serde_yaml::Value::as_mapping)
            .map(|m| {
                m.keys()
                    .filter_map(|k| k.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let committee = match committee {
        Some(c) if committees.iter().any(|k| k == c) => c.to_owned(),
        Some(c) => {
            return Err(ScaffoldError::NoCommittee {
                authority: authority.to_owned(),
                committee: c.to_owned(),
                known: committees.join(", "),
            });
        }
        None => committees
            .first()
            .cloned()
            .unwrap_or_else(|| "scrutiny".into()),
    };
    let meeting = match meeting {
        Some(date) => crate::content::PartialDate::parse(date)
            .map_err(|_| ScaffoldError::BadDate(date.to_owned()))?
            .iso(),
        None => jiff::Zoned::now().date().to_string(),
    };
    let path = root
        .join("content")
        .join(authority)
        .join("reports")
        .join(format!("{slug}.md"));
    write_new(
        &path,
        &report_template(&title_case(slug), &committee, &meeting),
    )?;
    Ok(vec![path])
}

/// A new report's text: every front sheet field explained, the examples to replace marked, and
/// the standard sections of an English committee report, each with a comment that says what
/// goes there (comments are notes for the author: they are not published).
fn report_template(title: &str, committee: &str, meeting: &str) -> String {
    format!(
            "---
# The front sheet. Only title, committee and meeting are required; see docs/writing-reports.md.
# Replace each value marked REPLACE: a public build refuses a final report that holds one.
title: {title}
committee: {committee}          # an id from authority.yaml's committees
meeting: {meeting}              # the meeting date; a month (2024-07) if the day is not known
# item: \"6\"                     # agenda item
report_of: Director of Children's Services
# lead_member: Councillor A. Member   # the cabinet member whose portfolio this is
# portfolio: Children's Services
authors:                        # REPLACE with the contact officer: a final report needs one
  - {{ name: {author_name}, role: Report author, phone: \"{author_phone}\", email: {author_email} }}
wards: [All]
key_decision: false
status: draft                   # draft | final | withdrawn; drafts are only previewed
exempt: false                   # or the paragraph (1-7) of Schedule 12A that makes it exempt
purpose: noting                 # noting | decision | discussion
# forward_plan_ref: FP/2024/12
# published: 2024-07-10
# updated: [{{ date: 2024-07-12, note: Corrected table 2 }}]
numbering: paragraphs           # paragraphs | sections | none
summary: {summary}   # REPLACE
# appendices:
#   - {{ title: Membership of the board, id: appendix-1 }}
#   - {{ title: Cost tracker, file: assets/cost-tracker.xlsx }}
# Background papers: the unpublished documents the report relies on, which the law asks to
# be listed (Local Government Act 1972, section 100D). Leave it out if there are none.
# background_papers:
#   - {{ title: A paper the report relies on, url: \"https://www.example.gov.uk/paper\" }}
---

<!-- Lines between these marks are notes for you: they are not published. Delete a section
that does not apply, and write in the others. Paragraph numbers are added for you. -->

## Purpose of report

<!-- In a sentence or two: what the report is for, and what the committee is asked to do. -->

{purpose} Paragraph numbers are added for you: do not type them.

## Recommendations

<!-- What the committee is asked to agree or note, one item each, each starting \"That\".
They take their place in the paragraph numbering, as in the published paper. -->

- That the committee notes the report.

## Reasons for the recommendations

<!-- Why the committee should agree the recommendations: the case for them, briefly. -->

{write} A chart or table of a dataset in data/ is a block that starts
with a line ```` ```chart ```` or ```` ```table ````: see \"Charts and tables\" in docs/writing-reports.md.

## Options considered and rejected

<!-- The other courses that were looked at, doing nothing among them, and why each was not
chosen. -->

## Financial implications

<!-- The cost, where the money comes from (budget, grant, reserves), and any saving or
pressure, agreed with the finance officer. -->

## Legal implications

<!-- The powers or duties the council acts under, and any legal risk, agreed with legal
services. -->

## Risk management

<!-- What could go wrong, how likely and how serious it is, and what is done about it. -->

## Equality implications

<!-- The effect on people with protected characteristics (Equality Act 2010, section 149),
and whether an equality impact assessment was done. -->

## Climate change implications

<!-- The effect on the council's carbon emissions and climate commitments, or why there is
none. -->

## Consultation

<!-- Who was consulted (officers, partners, residents, young people) and what they said. -->
",
            author_name = placeholders::AUTHOR_NAME,
            author_phone = placeholders::AUTHOR_PHONE,
            author_email = placeholders::AUTHOR_EMAIL,
            summary = placeholders::SUMMARY,
            purpose = placeholders::BODY_LINES[0],
            write = placeholders::BODY_LINES[1],
        )
}

/// Writes the JSON Schemas into `dir`, with a settings file that tells VS Code's YAML extension
/// which files each applies to. Existing schema files are replaced: they are generated.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>, ScaffoldError> {
    std::fs::create_dir_all(dir).map_err(|source| ScaffoldError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut written = Vec::new();
    for (name, schema) in schema::all() {
        let path = dir.join(name);
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        std::fs::write(&path, text).map_err(|source| ScaffoldError::Io {
            path: path.display().to_string(),
            source,
        })?;
        written.push(path);
    }
    let settings = serde_json::json!({
        "yaml.schemas": {
            format!("{}/site.schema.json", dir.display()): "content/site.yaml",
            format!("{}/authority.schema.json", dir.display()): "content/*/authority.yaml",
            format!("{}/dataset.schema.json", dir.display()): "content/*/data/*.yaml"
        }
    });
    let path = dir.join("vscode-settings.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&settings).unwrap_or_default() + "\n",
    )
    .map_err(|source| ScaffoldError::Io {
        path: path.display().to_string(),
        source,
    })?;
    written.push(path);
    Ok(written)
}
