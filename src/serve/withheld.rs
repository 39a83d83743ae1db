//! What the preview's error overlay must not quote without `--exempt`: the problems of exempt
//! reports, of the sections of exempt appendices and of the datasets they name. The overlay is
//! served to every browser that can reach the preview, so a problem there is only counted, and
//! the reviewer told how to see it.
//!
//! A site that loaded is judged from its parsed reports ([`Withheld::of_site`]), as the build
//! judges it. When the content has errors, what it judges may not load, so the sources are
//! read as written ([`Withheld::find_for`]): a report whose front matter cannot be read is
//! withheld whole if any line of it says `exempt:` with a value other than `false`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::RangeInclusive;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::content::{DatasetKey, Site, split_front_matter};
use crate::diagnostic::{Diagnostic, Sources};

/// The places of exempt text in a site's sources.
#[derive(Debug, Default)]
pub struct Withheld {
    /// Files withheld whole: exempt reports, and datasets that exempt text names.
    files: BTreeSet<String>,
    /// Lines withheld in a report's file: its exempt appendices' sections.
    lines: BTreeMap<String, Vec<RangeInclusive<usize>>>,
}

/// What of one report is exempt.
enum Exempt {
    Nothing,
    Whole,
    /// The ids of its exempt appendices.
    Appendices(BTreeSet<String>),
}

impl Withheld {
    /// Finds the exempt text among every file of `sources`.
    #[cfg(test)]
    pub fn find<'a>(sources: impl IntoIterator<Item = &'a Sources>) -> Withheld {
        Withheld::find_for(sources, |_| true)
    }

    /// Finds what of the files `asked` (and of the reports, when a dataset is asked about)
    /// is exempt, among the files of `sources`: what [`Withheld::find`] says of them, reading
    /// only what it takes.
    pub fn find_for<'a>(
        sources: impl IntoIterator<Item = &'a Sources>,
        asked: impl Fn(&str) -> bool,
    ) -> Withheld {
        let mut withheld = Withheld::default();
        // (authority, exempt text) for finding the datasets it names.
        let mut exempt_texts: Vec<(String, String)> = Vec::new();
        // A file in several sources is taken from the first (the freshest).
        let mut seen = BTreeSet::new();
        let files: Vec<(&str, &str)> = sources
            .into_iter()
            .flat_map(Sources::iter)
            .filter(|(file, _)| seen.insert(*file))
            .collect();
        // Whether a dataset is asked about: every report's exempt text may name it.
        let datasets = files
            .iter()
            .any(|(file, _)| asked(file) && dataset_of(file).is_some());
        let files: Vec<(&str, &str)> = files
            .into_iter()
            .filter(|(file, _)| asked(file) || (datasets && report_authority(file).is_some()))
            .collect();
        for &(file, text) in &files {
            let Some(authority) = report_authority(file) else {
                continue;
            };
            match exempt_part(text) {
                Exempt::Nothing => {}
                Exempt::Whole => {
                    withheld.files.insert(file.to_owned());
                    exempt_texts.push((authority.to_owned(), text.to_owned()));
                }
                Exempt::Appendices(ids) => {
                    let ranges = appendix_sections(text, &ids);
                    let lines: Vec<&str> = text.lines().collect();
                    for range in &ranges {
                        let section = lines
                            .get(range.start() - 1..(*range.end()).min(lines.len()))
                            .unwrap_or_default();
                        exempt_texts.push((authority.to_owned(), section.join("\n")));
                    }
                    withheld.lines.insert(file.to_owned(), ranges);
                }
            }
        }
        let named = named_datasets(&exempt_texts);
        for &(file, _) in &files {
            if dataset_of(file).is_some_and(|key| named.contains(&key)) {
                withheld.files.insert(file.to_owned());
            }
        }
        withheld
    }

    /// What of a site that loaded is exempt, decided from its parsed reports as the build
    /// decides it: exempt reports whole, the sections of exempt appendices (found in the
    /// reports' texts among `sources`), and the datasets that exempt papers draw on
    /// (`exempt_datasets`, as rendering them found).
    pub fn of_site<'a>(
        site: &Site,
        sources: &[&Sources],
        exempt_datasets: impl IntoIterator<Item = &'a DatasetKey>,
    ) -> Withheld {
        let mut withheld = Withheld::default();
        for report in site.authorities.iter().flat_map(|a| &a.reports) {
            if report.is_exempt() {
                withheld.files.insert(report.file.clone());
                continue;
            }
            let ids: BTreeSet<String> = report
                .exempt_appendix_ids()
                .into_iter()
                .map(str::to_owned)
                .collect();
            // An exempt appendix with neither an id nor a file cannot be found: all of it.
            let unplaced = (report.front.appendices.iter())
                .any(|a| a.exempt.0.is_some() && a.id.is_none() && a.file.is_none());
            if unplaced {
                withheld.files.insert(report.file.clone());
            }
            if ids.is_empty() {
                continue;
            }
            match sources.iter().find_map(|s| s.get(&report.file)) {
                Some(text) => {
                    let ranges = appendix_sections(text, &ids);
                    withheld.lines.insert(report.file.clone(), ranges);
                }
                // Without its text the sections cannot be found: all of it.
                None => {
                    withheld.files.insert(report.file.clone());
                }
            }
        }
        for key in exempt_datasets {
            let dataset = (site.authority(&key.authority)).and_then(|a| a.datasets.get(&key.id));
            if let Some(dataset) = dataset {
                withheld.files.insert(dataset.file.clone());
            }
        }
        withheld
    }

    /// Whether the overlay must not show `diagnostic`.
    pub fn hides(&self, diagnostic: &Diagnostic) -> bool {
        if self.files.contains(&diagnostic.file) {
            return true;
        }
        self.lines.get(&diagnostic.file).is_some_and(|ranges| {
            diagnostic.line == 0 || ranges.iter().any(|r| r.contains(&diagnostic.line))
        })
    }
}

/// `content/<authority>/reports/<file>.md` → the authority.
fn report_authority(file: &str) -> Option<&str> {
    let rest = file.strip_prefix("content/")?;
    let (authority, rest) = rest.split_once('/')?;
    let name = rest.strip_prefix("reports/")?;
    (name.ends_with(".md") && !name.contains('/')).then_some(authority)
}

/// `content/<authority>/data/<id>.yaml` → (authority, id).
fn dataset_of(file: &str) -> Option<(&str, &str)> {
    let rest = file.strip_prefix("content/")?;
    let (authority, rest) = rest.split_once('/')?;
    let id = rest.strip_prefix("data/")?.strip_suffix(".yaml")?;
    (!id.contains('/')).then_some((authority, id))
}

/// Every dataset `authority/id` that the texts name as a word, each text from a report of
/// the authority beside it (where a bare id names that authority's dataset).
fn named_datasets(texts: &[(String, String)]) -> BTreeSet<(&str, &str)> {
    let mut named = BTreeSet::new();
    for (from, text) in texts {
        let words = text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/')));
        for word in words.filter(|w| !w.is_empty()) {
            named.insert(word.split_once('/').unwrap_or((from.as_str(), word)));
        }
    }
    named
}

/// Whether a YAML value of `exempt` makes a paper exempt: anything but `false` or nothing.
fn is_exempt_value(value: &serde_yaml::Value) -> bool {
    !matches!(
        value,
        serde_yaml::Value::Null | serde_yaml::Value::Bool(false)
    )
}

/// What of a report's text is exempt, read from its front matter.
fn exempt_part(text: &str) -> Exempt {
    let Ok((front, _, _)) = split_front_matter(text, "") else {
        return if mentions_exempt(text) {
            Exempt::Whole
        } else {
            Exempt::Nothing
        };
    };
    let Ok(front) = serde_yaml::from_str::<serde_yaml::Value>(front) else {
        return if mentions_exempt(front) {
            Exempt::Whole
        } else {
            Exempt::Nothing
        };
    };
    if front.get("exempt").is_some_and(is_exempt_value) {
        return Exempt::Whole;
    }
    let appendices = front.get("appendices").and_then(|a| a.as_sequence());
    let mut ids = BTreeSet::new();
    for appendix in appendices.into_iter().flatten() {
        if appendix.get("exempt").is_some_and(is_exempt_value) {
            // An exempt file appendix has no text in the body; any other exempt appendix
            // without an id cannot be found in the body: withhold it all.
            match appendix.get("id").and_then(|id| id.as_str()) {
                Some(id) => ids.insert(id.to_owned()),
                None if appendix.get("file").is_some() => continue,
                None => return Exempt::Whole,
            };
        }
    }
    if ids.is_empty() {
        Exempt::Nothing
    } else {
        Exempt::Appendices(ids)
    }
}

/// Whether any `exempt:` in `text` has a value other than `false`, `null` or nothing.
fn mentions_exempt(text: &str) -> bool {
    text.match_indices("exempt").any(|(at, word)| {
        let after = text[at + word.len()..].trim_start_matches([' ', '\t', '"', '\'']);
        let Some(value) = after.strip_prefix(':') else {
            return false;
        };
        let value = value
            .split(['\n', ',', '}', '#'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['"', '\'']);
        !matches!(value, "" | "false" | "False" | "FALSE" | "null" | "~")
    })
}

/// The lines of the sections of a report whose heading has one of `ids`: from the heading
/// down to the next heading of its level or higher.
fn appendix_sections(text: &str, ids: &BTreeSet<String>) -> Vec<RangeInclusive<usize>> {
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let last_line = text.lines().count().max(1);
    let options =
        Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let Ok((_, body, _)) = split_front_matter(text, "") else {
        return vec![1..=last_line];
    };
    let body_start = text.len() - body.len();
    let headings: Vec<(usize, pulldown_cmark::HeadingLevel, Option<String>)> =
        Parser::new_ext(body, options)
            .into_offset_iter()
            .filter_map(|(event, range)| match event {
                Event::Start(Tag::Heading { level, id, .. }) => Some((
                    line_of(body_start + range.start),
                    level,
                    id.map(|id| id.to_string()),
                )),
                _ => None,
            })
            .collect();
    let mut sections = Vec::new();
    for (index, (line, level, id)) in headings.iter().enumerate() {
        if !id.as_ref().is_some_and(|id| ids.contains(id)) {
            continue;
        }
        let end = headings[index + 1..]
            .iter()
            .find(|(_, next, _)| next <= level)
            .map_or(last_line, |(next_line, _, _)| next_line - 1);
        sections.push(*line..=end.max(*line));
    }
    sections
}

/// The errors among `diagnostics` written out with excerpts, but for those `withheld` hides,
/// which are only counted, with how to see them.
pub fn overlay_text(
    diagnostics: &[&Diagnostic],
    sources: &Sources,
    withheld: Option<&Withheld>,
) -> String {
    let (hidden, shown): (Vec<&Diagnostic>, Vec<&Diagnostic>) = diagnostics
        .iter()
        .partition(|d| withheld.is_some_and(|w| w.hides(d)));
    let mut parts: Vec<String> = shown.iter().map(|d| d.render(sources)).collect();
    if !hidden.is_empty() {
        let count = hidden.len();
        parts.push(format!(
            "error: {count} problem{s} in exempt papers {are} not shown here, so that nothing of an exempt paper reaches the preview\n  = hint: run `scrutiny check` to see {them}, or preview with `scrutiny serve --exempt`, which serves only on this computer",
            s = if count == 1 { "" } else { "s" },
            are = if count == 1 { "is" } else { "are" },
            them = if count == 1 { "it" } else { "them" },
        ));
    }
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLIC_WITH_EXEMPT_APPENDIX: &str = "---\ntitle: P\nappendices:\n  - { title: A, id: appendix-1 }\n  - { title: B, id: appendix-2, exempt: 3 }\n---\n\nPublic.\n\n## Appendix 1 {#appendix-1}\n\nPublic appendix.\n\n## Appendix 2 {#appendix-2}\n\nSecret.\n\n### Part\n\nSecret too, with data: secret-figures\n\n## After\n\nPublic again.\n";

    fn sources(files: &[(&str, &str)]) -> Sources {
        let mut sources = Sources::default();
        for (file, text) in files {
            sources.insert(*file, *text);
        }
        sources
    }

    fn at(file: &str, line: usize) -> Diagnostic {
        Diagnostic::error(file, "x").at(line, 1)
    }

    #[test]
    fn an_exempt_appendix_is_withheld_down_to_the_next_heading_of_its_level() {
        let file = "content/a/reports/p.md";
        let withheld = Withheld::find([&sources(&[(file, PUBLIC_WITH_EXEMPT_APPENDIX)])]);
        let hidden: Vec<usize> = (1..=26).filter(|&l| withheld.hides(&at(file, l))).collect();
        assert_eq!(hidden, (14..=21).collect::<Vec<_>>());
        assert!(withheld.hides(&at(file, 0)), "no place: withheld");
    }

    #[test]
    fn exempt_reports_and_the_datasets_they_name_are_withheld_whole() {
        let exempt = "---\ntitle: S\nexempt: 3\n---\n```chart\ndata: costs\n```\n";
        let broken = "---\ntitle: [unclosed\nexempt: 1\n---\nText\n";
        let public = "---\ntitle: S\nexempt: false\n---\n```chart\ndata: costs\n```\n";
        let found = Withheld::find([&sources(&[
            ("content/a/reports/s.md", exempt),
            ("content/a/reports/broken.md", broken),
            ("content/a/reports/public.md", public),
            ("content/a/reports/p.md", PUBLIC_WITH_EXEMPT_APPENDIX),
            ("content/a/data/costs.yaml", "title: x\n"),
            ("content/a/data/secret-figures.yaml", "title: x\n"),
            ("content/a/data/other.yaml", "title: x\n"),
            ("content/b/data/costs.yaml", "title: x\n"),
        ])]);
        for file in [
            "content/a/reports/s.md",
            "content/a/reports/broken.md",
            "content/a/data/costs.yaml",
            "content/a/data/secret-figures.yaml",
        ] {
            assert!(found.hides(&at(file, 2)), "{file}");
        }
        for file in [
            "content/a/reports/public.md",
            "content/a/data/other.yaml",
            "content/b/data/costs.yaml",
        ] {
            assert!(!found.hides(&at(file, 2)), "{file}");
        }
    }

    #[test]
    fn exempt_is_found_in_front_matter_that_does_not_parse() {
        assert!(mentions_exempt("title: [x\nexempt: 3\n"));
        assert!(mentions_exempt("appendices:\n  - { id: a, exempt: 2 }\n"));
        assert!(mentions_exempt("exempt : yes"));
        assert!(!mentions_exempt("title: [x\nexempt: false\n"));
        assert!(!mentions_exempt("summary: not exempt\n"));
    }
}
