//! The publishing duties checked against the content: each paper and each pack against the
//! clear days rule of `site.yaml` (LGA 1972 s.100B(3)), an urgent paper's reason, an exempt
//! paper's public-interest statement. Warnings only: the law lets a late paper be taken as
//! urgent, and a council may have published on a day the content does not say.

use jiff::civil::Date;

use super::places::Step;
use super::{Authority, MeetingInfo, PartialDate, Report, Site, Status};
use crate::diagnostic::Diagnostic;
use crate::publishing::PublicationRule;

/// Every warning the duties give on `site`. `public`: a public build, where final papers with
/// no publication date are named (a preview may well not know it yet): once for each council
/// when the site records publication dates, once in all when it records none, as a site
/// of past papers whose days were never kept does not.
pub fn check(site: &Site, public: bool) -> Vec<Diagnostic> {
    let rule = &site.config.publication_rule;
    let mut found = Vec::new();
    let mut undated: Vec<(&Authority, Vec<&Report>)> = Vec::new();
    for authority in &site.authorities {
        for info in &authority.meetings {
            found.extend(pack(authority, info, rule));
        }
        let mut theirs = Vec::new();
        for report in &authority.reports {
            let (warnings, dated) = paper(authority, report, rule);
            found.extend(warnings);
            if !dated {
                theirs.push(report);
            }
        }
        if !theirs.is_empty() {
            undated.push((authority, theirs));
        }
    }
    if public {
        found.extend(undated_papers(site, rule, &undated));
    }
    found
}

/// Whether any meeting or report of the site gives the day it was published.
fn records_publication(site: &Site) -> bool {
    site.authorities.iter().any(|authority| {
        authority
            .meetings
            .iter()
            .any(|info| info.published.is_some())
            || authority
                .reports
                .iter()
                .any(|r| r.front.published.is_some())
    })
}

/// The warning for final papers whose publication day is not known: one for each council,
/// naming the first few, or one for the whole site when it records no days at all.
fn undated_papers(
    site: &Site,
    rule: &PublicationRule,
    undated: &[(&Authority, Vec<&Report>)],
) -> Vec<Diagnostic> {
    let Some((first_authority, _)) = undated.first() else {
        return Vec::new();
    };
    let days = rule.count.clear_days(rule.clear_days);
    let hint = "give the pack's day once for each meeting in meetings.yaml (published: 2024-07-10), or a paper's own day in its `published:`";
    if !records_publication(site) {
        let papers: usize = undated.iter().map(|(_, r)| r.len()).sum();
        return vec![
            Diagnostic::warning(
                &first_authority.meetings_file,
                format!(
                    "no meeting or paper gives the day it was published, so the rule of {days} before a meeting is not checked for {} (of {})",
                    count(papers, "final paper"),
                    count(undated.len(), "council"),
                ),
            )
            .with_hint(hint),
        ];
    }
    undated
        .iter()
        .map(|(authority, reports)| {
            let named: Vec<String> = reports
                .iter()
                .take(3)
                .map(|r| format!("“{}”", r.front.title))
                .collect();
            let more = reports.len().saturating_sub(named.len());
            let (line, column) = reports[0].place(&[Step::Key("title")]);
            Diagnostic::warning(
                &reports[0].file,
                format!(
                    "{} of {} {} no `published` date, so no one can tell whether {} published {days} before {} meeting: {}{}",
                    count(reports.len(), "final paper"),
                    authority.meta.name,
                    if reports.len() == 1 { "has" } else { "have" },
                    if reports.len() == 1 { "it was" } else { "they were" },
                    if reports.len() == 1 { "its" } else { "their" },
                    named.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            )
            .at(line, column)
            .with_hint(hint)
        })
        .collect()
}

/// "1 final paper", "3 final papers".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
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

/// One report against the rule, and what its exemption or urgency needs; with whether its
/// publication day is known (or not needed: not final, cancelled, exempt, no meeting day).
fn paper(
    authority: &Authority,
    report: &Report,
    rule: &PublicationRule,
) -> (Vec<Diagnostic>, bool) {
    let mut found = Vec::new();
    if report.front.status != Status::Final {
        return (found, true);
    }
    let info = meeting_of(authority, report);
    if info.is_some_and(|i| i.cancelled.0.is_some()) {
        return (found, true);
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
        return (found, true);
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
        return (found, true);
    };
    match report.front.published {
        Some(published) => {
            let (line, column) = at(&[Step::Key("published")]);
            let Some(published) = day(published) else {
                found.push(month_only(&report.file, line, column, published));
                return (found, true);
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
        None => {
            let dated = info.and_then(|i| i.published).is_some();
            return (found, dated);
        }
    }
    (found, true)
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
