//! Ids that become part of a web address or an output path, checked once as they are loaded:
//! authority folders, report and dataset file names, committee ids, measures, appendix ids
//! and the theme's name. One rule decides ([`web::is_slug`]); a problem names the file, the
//! line and column where the parser found the value, and the slug to write instead. An id
//! that breaks the rule is left out of the model, so nothing is drawn from it.

use super::places::{self, Step};
use super::{Dataset, Report};
use crate::diagnostic::Diagnostic;
use crate::web;

/// What a file's name is the id of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileId {
    Authority,
    Dataset,
    Report,
}

/// A report's file name and an authority's folder name are web addresses: the name must be a
/// slug, so that it reads the same on every server.
pub fn check_file_name(name: &str, display: &str, what: FileId) -> Result<(), Diagnostic> {
    if web::is_slug(name) {
        return Ok(());
    }
    let (noun, thing, extension) = match what {
        FileId::Authority => ("authority", "folder", ""),
        FileId::Dataset => ("dataset", "file", ".yaml"),
        FileId::Report => ("report", "file", ".md"),
    };
    let hint = match web::suggest_slug(name) {
        Some(slug) => format!("rename the {thing} to {slug}{extension}"),
        None => format!(
            "rename the {thing} with lower-case letters, digits and hyphens, such as family-safeguarding{extension}"
        ),
    };
    Err(Diagnostic::error(
        display,
        format!(
            "the {noun} name `{}` is used in web addresses, so it may hold only lower-case letters, digits and hyphens",
            shown(name)
        ),
    )
    .with_hint(hint))
}

/// The problem with an id written in a field, placed where the parser found it; `None` when
/// the id is a slug.
pub fn check_field(
    value: &str,
    what: &str,
    file: &str,
    place: Option<(usize, usize)>,
) -> Option<Diagnostic> {
    if web::is_slug(value) {
        return None;
    }
    let (line, column) = place.unwrap_or((0, 0));
    let hint = match web::suggest_slug(value) {
        Some(slug) => format!("write it as {slug}"),
        None => "write it with lower-case letters, digits and hyphens, such as children-select"
            .to_owned(),
    };
    Some(
        Diagnostic::error(
            file,
            format!(
                "the {what} `{}` is used in web addresses, so it may hold only lower-case letters, digits and hyphens",
                shown(value)
            ),
        )
        .at(line, column)
        .with_hint(hint),
    )
}

/// A committee's id (its key in `authority.yaml`'s `committees`): whether it may be used.
pub fn committee_id(id: &str, text: &str, file: &str, diagnostics: &mut Vec<Diagnostic>) -> bool {
    if web::is_slug(id) {
        return true;
    }
    let place = places::key(text, 1, &[Step::Key("committees"), Step::Key(id)]);
    diagnostics.extend(check_field(id, "committee id", file, place));
    false
}

/// A dataset's `measure`, which names the comparison's section and its CSV files: one that is
/// not a slug is reported and dropped, so the dataset stays out of the comparison.
pub fn measure(dataset: &mut Dataset, text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let Some(measure) = dataset.measure.as_deref().filter(|m| !web::is_slug(m)) else {
        return;
    };
    let place = places::value(text, 1, &[Step::Key("measure")]);
    diagnostics.extend(check_field(measure, "measure", &dataset.file, place));
    dataset.measure = None;
}

/// The ids of a report's appendices, which link the front matter to the body's sections: one
/// that is not a slug is reported and dropped.
pub fn appendix_ids(report: &mut Report, diagnostics: &mut Vec<Diagnostic>) {
    for (index, appendix) in report.front.appendices.iter_mut().enumerate() {
        let Some(id) = appendix.id.as_deref().filter(|id| !web::is_slug(id)) else {
            continue;
        };
        let path = [Step::Key("appendices"), Step::Index(index), Step::Key("id")];
        let place = places::value(&report.front_text, 2, &path);
        diagnostics.extend(check_field(id, "appendix id", &report.file, place));
        appendix.id = None;
    }
}

/// The site's theme, which names a folder under `themes/`.
pub fn theme(name: &str, text: &str, file: &str) -> Option<Diagnostic> {
    if web::is_slug(name) {
        return None;
    }
    let place = places::value(text, 1, &[Step::Key("theme")]);
    check_field(name, "theme name", file, place)
}

/// A value as a message shows it: control characters (a tab, a line break) written out, so
/// the message stays on its line.
pub fn shown(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committee_id_that_climbs_out_is_refused_at_its_key() {
        let text = "name: A\n# ../x: in a comment\ncommittees:\n  cs: Children\n  ../x: Up\n";
        let mut found = Vec::new();
        assert!(committee_id("cs", text, "a.yaml", &mut found));
        assert!(!committee_id("../x", text, "a.yaml", &mut found));
        assert_eq!((found[0].line, found[0].column), (5, 3));
        assert_eq!(found[0].hint.as_deref(), Some("write it as x"));
    }

    #[test]
    fn file_names_say_what_to_rename_them_to() {
        let problem = check_file_name("My Report", "r/My Report.md", FileId::Report).unwrap_err();
        assert_eq!(
            problem.hint.as_deref(),
            Some("rename the file to my-report.md")
        );
        assert!(check_file_name("dudley", "content/dudley", FileId::Authority).is_ok());
        assert!(shown("a\nb").contains("\\n"));
    }
}
