//! What an authority's files say about each other: every report and meeting names one of
//! `authority.yaml`'s committees, no two items of a meeting share a number, and a meeting in
//! `meetings.yaml` is on the day its reports give, so that one meeting makes one pack.

use std::collections::BTreeMap;

use super::places::{self, Step};
use super::{AuthorityMeta, MeetingInfo, PartialDate, Report};
use crate::diagnostic::{Diagnostic, Sources};

/// Checks the references between an authority's reports, `meetings.yaml` and `authority.yaml`.
pub fn check(
    reports: &[Report],
    meetings: &[MeetingInfo],
    meta: &AuthorityMeta,
    meetings_file: &str,
    sources: &Sources,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let meetings_text = sources.get(meetings_file).unwrap_or_default();
    let meetings_tree = places::parse(meetings_text, 1).ok();
    let meeting_place = |index: usize, path: &[Step<'_>]| {
        let mut full = vec![Step::Key("meetings"), Step::Index(index)];
        full.extend_from_slice(path);
        meetings_tree
            .as_ref()
            .and_then(|tree| tree.at(&full))
            .map_or((meetings[index].line, 1), places::Node::place)
    };
    for report in reports {
        if meta.committee(&report.front.committee).is_none() {
            let place = report.place(&[Step::Key("committee")]);
            diagnostics.push(unknown_committee(
                &report.file,
                &report.front.committee,
                meta,
                place,
            ));
        }
    }
    for (index, meeting) in meetings.iter().enumerate() {
        if meta.committee(&meeting.committee).is_none() {
            let place = meeting_place(index, &[Step::Key("committee")]);
            diagnostics.push(unknown_committee(
                meetings_file,
                &meeting.committee,
                meta,
                place,
            ));
        }
    }
    agenda_numbers(
        reports,
        meetings,
        meta,
        meetings_file,
        &meeting_place,
        diagnostics,
    );
    meeting_days(
        reports,
        meetings,
        meta,
        meetings_file,
        &meeting_place,
        diagnostics,
    );
}

/// The place of a value of the `index`th meeting of `meetings.yaml`, by its path in the meeting.
type MeetingPlace<'a> = dyn Fn(usize, &[Step<'_>]) -> (usize, usize) + 'a;

fn unknown_committee(
    file: &str,
    name: &str,
    meta: &AuthorityMeta,
    (line, column): (usize, usize),
) -> Diagnostic {
    let ids = meta.committees.iter().map(|c| c.id.as_str());
    Diagnostic::error(
        file,
        format!("the committee `{name}` is not one of this authority's committees"),
    )
    .at(line, column)
    .with_suggestion(name, ids, || {
        format!(
            "use one of the ids in authority.yaml's committees: {}",
            meta.committees
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn committee_id(meta: &AuthorityMeta, name: &str) -> String {
    meta.committee(name)
        .map(|c| c.id.clone())
        .unwrap_or_else(|| name.to_owned())
}

/// Two items of one meeting's agenda may not share a number.
fn agenda_numbers(
    reports: &[Report],
    meetings: &[MeetingInfo],
    meta: &AuthorityMeta,
    meetings_file: &str,
    meeting_place: &MeetingPlace<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<(String, PartialDate, String), String> = BTreeMap::new();
    let mut claim =
        |key: (String, PartialDate, String), owner: String, problem: Diagnostic| match seen
            .get(&key)
        {
            Some(first) => diagnostics.push(problem.with_hint(format!(
                "{first} has item {} too; give each item its own number",
                key.2
            ))),
            None => {
                seen.insert(key, owner);
            }
        };
    for report in reports {
        if let Some(item) = &report.front.item {
            let (line, column) = report.place(&[Step::Key("item")]);
            let problem = Diagnostic::error(
                &report.file,
                format!("agenda item {} appears twice in this meeting", item.0),
            )
            .at(line, column);
            let key = (
                committee_id(meta, &report.front.committee),
                report.front.meeting,
                item.0.clone(),
            );
            claim(key, report.file.clone(), problem);
        }
    }
    for (index, meeting) in meetings.iter().enumerate() {
        for (at, entry) in meeting.items.iter().enumerate() {
            if let Some(item) = &entry.item {
                let (line, column) = meeting_place(
                    index,
                    &[Step::Key("items"), Step::Index(at), Step::Key("item")],
                );
                let problem = Diagnostic::error(
                    meetings_file,
                    format!("agenda item {} appears twice in this meeting", item.0),
                )
                .at(line, column);
                let key = (
                    committee_id(meta, &meeting.committee),
                    meeting.date,
                    item.0.clone(),
                );
                claim(key, meetings_file.to_owned(), problem);
            }
        }
    }
}

/// A meeting of `meetings.yaml` that no report is for, a day from a meeting of the same
/// committee that reports are for: one meeting written with two dates, which would make two
/// packs. A cancelled meeting is left alone.
fn meeting_days(
    reports: &[Report],
    meetings: &[MeetingInfo],
    meta: &AuthorityMeta,
    meetings_file: &str,
    meeting_place: &MeetingPlace<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let day = |date: &PartialDate| {
        let d = date.day?;
        jiff::civil::Date::new(date.year, date.month, d).ok()
    };
    for (index, meeting) in meetings.iter().enumerate() {
        if meeting.cancelled.0.is_some() {
            continue;
        }
        let committee = committee_id(meta, &meeting.committee);
        let same_committee =
            |report: &&Report| committee_id(meta, &report.front.committee) == committee;
        if reports
            .iter()
            .filter(same_committee)
            .any(|r| r.front.meeting == meeting.date)
        {
            continue;
        }
        let Some(date) = day(&meeting.date) else {
            continue;
        };
        let near = reports.iter().filter(same_committee).find(|report| {
            let listed = meetings.iter().any(|m| {
                m.date == report.front.meeting && committee_id(meta, &m.committee) == committee
            });
            !listed
                && day(&report.front.meeting)
                    .and_then(|other| date.until(other).ok())
                    .is_some_and(|span| span.get_days().abs() == 1)
        });
        let Some(report) = near else {
            continue;
        };
        let (line, column) = meeting_place(index, &[Step::Key("date")]);
        diagnostics.push(
            Diagnostic::error(
                meetings_file,
                format!(
                    "this meeting of {committee} is on {}, but its reports (such as {}) are for {}, so they would make a pack of their own",
                    meeting.date.long(),
                    report.file.rsplit('/').next().unwrap_or(&report.file),
                    report.front.meeting.long()
                ),
            )
            .at(line, column)
            .with_hint(format!(
                "if the meeting is on {}, write date: {} here; if it is on {}, change the reports' meeting: {}",
                report.front.meeting.long(),
                report.front.meeting.iso(),
                meeting.date.long(),
                meeting.date.iso()
            )),
        );
    }
}
