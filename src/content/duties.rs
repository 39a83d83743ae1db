//! The publishing duties checked against the content: each paper and each pack against the
//! clear days rule of `site.yaml` (LGA 1972 s.100B(3)), an urgent paper's reason, an exempt
//! paper's public-interest statement. Warnings only: the law lets a late paper be taken as
//! urgent, and a council may have published on a day the content does not say.

use jiff::civil::Date;

use super::places::Step;
use super::{Authority, MeetingInfo, PartialDate, Report, Site, Status};
use crate::diagnostic::Diagnostic;
use crate::publishing::PublicationRule;

/// Every warning the duties give on `site`. `public`: a public build, where a final paper with
/// no publication date is named (a preview may well not know it yet).
pub fn check(site: &Site, public: bool) -> Vec<Diagnostic> {
    let rule = &site.config.publication_rule;
    let mut found = Vec::new();
    for authority in &site.authorities {
        for info in &authority.meetings {
            found.extend(pack(authority, info, rule));
        }
        for report in &authority.reports {
            found.extend(paper(authority, report, rule, public));
        }
    }
    found
}

/// The day of a date, when it has one.
pub fn day(date: PartialDate) -> Option<Date> {
    Date::new(date.year, date.month, date.day?).ok()
}

/// What `meetings.yaml` says of a report's meeting, if anything.
pub fn meeting_of<'a>(authority: &'a Authority, report: &Report) -> Option<&'a MeetingInfo> {
    let committee = authority.meta.committee(&report.front.committee)?;
    authority.meetings.iter().find(|info| {
        info.date == report.front.meeting
            && authority
                .meta
                .committee(&info.committee)
                .is_some_and(|c| c.id == committee.id)
    })
}

/// A meeting's pack against the rule.
fn pack(authority: &Authority, info: &MeetingInfo, rule: &PublicationRule) -> Option<Diagnostic> {
    if info.cancelled.0.is_some() {
        return None;
    }
    let published = info.published?;
    let (line, column) = info.published_at;
    let file = &authority.meetings_file;
    let Some(published) = day(published) else {
        return Some(month_only(file, line, column, published));
    };
    let timing = rule.timing(published, day(info.date)?);
    timing.is_late().then(|| {
        Diagnostic::warning(file, format!("the pack of this meeting was {}", timing.describe()))
            .at(line, column)
            .with_hint(
                "papers published late may be considered only if the chair rules them urgent: give each late report's reason in its `urgency:`; if the pack was published earlier, correct `published:`",
            )
    })
}

/// One report against the rule, and what its exemption or urgency needs.
fn paper(
    authority: &Authority,
    report: &Report,
    rule: &PublicationRule,
    public: bool,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if report.front.status != Status::Final {
        return found;
    }
    let info = meeting_of(authority, report);
    if info.is_some_and(|i| i.cancelled.0.is_some()) {
        return found;
    }
    let at = |path: &[Step<'_>]| report.place(path);
    if report.is_exempt() {
        if report
            .front
            .public_interest
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            let (line, column) = at(&[Step::Key("exempt")]);
            found.push(
                Diagnostic::warning(
                    &report.file,
                    format!(
                        "the exempt paper “{}” does not say why the public interest in withholding it outweighs the public interest in publishing it",
                        report.front.title
                    ),
                )
                .at(line, column)
                .with_hint("give the reason in `public_interest:`; the agenda shows it with the item's title and its paragraph of Schedule 12A"),
            );
        }
        return found;
    }
    if report.front.public_interest.is_some() {
        let (line, column) = at(&[Step::Key("public_interest")]);
        found.push(
            Diagnostic::warning(
                &report.file,
                "`public_interest:` is for an exempt paper, and this one is not exempt, so it is not shown",
            )
            .at(line, column)
            .with_hint("leave it out, or give the paper's Schedule 12A paragraph in `exempt:`"),
        );
    }
    let Some(meeting) = day(report.front.meeting) else {
        return found;
    };
    match report.front.published {
        Some(published) => {
            let (line, column) = at(&[Step::Key("published")]);
            let Some(published) = day(published) else {
                found.push(month_only(&report.file, line, column, published));
                return found;
            };
            let timing = rule.timing(published, meeting);
            let urgent = report
                .front
                .urgency
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty());
            if timing.is_late() && !urgent {
                found.push(
                    Diagnostic::warning(
                        &report.file,
                        format!("“{}” was {}", report.front.title, timing.describe()),
                    )
                    .at(line, column)
                    .with_hint("if the chair agreed to take it as urgent, give the reason in `urgency:`; if it was published earlier, correct `published:`"),
                );
            }
        }
        None if public && info.and_then(|i| i.published).is_none() => {
            let (line, column) = at(&[Step::Key("title")]);
            found.push(
                Diagnostic::warning(
                    &report.file,
                    format!(
                        "“{}” is final but has no `published` date, so no one can tell whether it was published {} before its meeting",
                        report.front.title,
                        rule.count.clear_days(rule.clear_days)
                    ),
                )
                .at(line, column)
                .with_hint("add the day it was published: published: 2024-07-10 (or the pack's day in meetings.yaml)"),
            );
        }
        None => {}
    }
    found
}

fn month_only(file: &str, line: usize, column: usize, published: PartialDate) -> Diagnostic {
    Diagnostic::warning(
        file,
        format!(
            "`published: {}` gives only the month, so the clear days before the meeting cannot be counted",
            published.iso()
        ),
    )
    .at(line, column)
    .with_hint("write the day it was published, such as 2024-07-10")
}
