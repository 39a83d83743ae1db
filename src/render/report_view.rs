//! What a template needs of one report, built once per meeting and placed in each page that
//! shows it: the report's own page, and the meeting's print view. The body is rendered with
//! stand-ins for the two things that differ between those places (the path to the site root
//! and the prefix of its ids), which [`place_view`] then fills in.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use super::body::{Placement, Usage, render_report_body};
use super::page::RenderContext;
use super::plan::{MeetingPlan, PlannedReport};
use super::summary::status_text;
use crate::content::{AppendixRef, Author, BackgroundPaper, Purpose, Report, Status};
use crate::diagnostic::Diagnostic;
use crate::markdown::ContentsEntry;

/// Stand-ins for the path to the site root and the prefix of ids, replaced in each page.
/// (ASCII, so that they pass through URL escaping unchanged.)
const ROOT_TOKEN: &str = "@@scrutiny-root@@";
const PREFIX_TOKEN: &str = "@@scrutiny-id@@";

#[derive(Clone, Serialize)]
struct FrontSheetRow {
    label: &'static str,
    value: String,
}

#[derive(Clone, Serialize)]
struct AppendixView {
    title: String,
    href: Option<String>,
    exempt_paragraph: Option<u8>,
    file: Option<String>,
}

/// A contact officer, with the `tel:` link of their number where it can be dialled.
#[derive(Clone, Serialize)]
struct ContactView {
    #[serde(flatten)]
    author: Author,
    tel: Option<String>,
}

#[derive(Clone, Serialize)]
struct UpdateView {
    date: String,
    note: String,
}

/// What a template needs of one report, on its own page or in a pack's print view.
#[derive(Clone, Serialize)]
pub struct ReportView {
    /// The id of the report's place in a page that holds several (`r1`), or empty.
    pub anchor: String,
    title: String,
    item: Option<String>,
    authority_name: String,
    meeting_title: String,
    meeting_href: String,
    meeting_note: Option<String>,
    front_sheet: Vec<FrontSheetRow>,
    summary: Option<String>,
    recommendations: Vec<String>,
    pub contents: Vec<ContentsEntry>,
    pub body: String,
    appendices: Vec<AppendixView>,
    background_papers: Vec<BackgroundPaper>,
    authors: Vec<ContactView>,
    updated: Vec<UpdateView>,
    withdrawn: bool,
}

/// A report's view with what rendering its body found: its words, the files and datasets it
/// shows, its charts and warnings.
pub struct BuiltReport {
    pub view: ReportView,
    /// Its text by numbered paragraph and section, for search.
    pub blocks: Vec<crate::markdown::TextBlock>,
    /// What the report draws on: its body's datasets and charts, its images and appendix files.
    pub usage: Usage,
    pub warnings: Vec<Diagnostic>,
}

/// Renders a report of `meeting` once, for every page that shows it; its errors otherwise.
pub fn build_report(
    cx: &RenderContext<'_>,
    meeting: &MeetingPlan<'_>,
    planned: &PlannedReport<'_>,
) -> Result<BuiltReport, Vec<Diagnostic>> {
    let report = planned.report;
    let placement = Placement {
        root: ROOT_TOKEN,
        id_prefix: PREFIX_TOKEN,
        show_exempt: meeting.show_exempt,
    };
    let body = render_report_body(cx.datasets, meeting.authority, report, &placement);
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        body.diagnostics.into_iter().partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let front = &report.front;
    let mut usage = body.usage;
    let view = ReportView {
        anchor: PREFIX_TOKEN.to_owned(),
        title: front.title.clone(),
        item: front.item.as_ref().map(|i| i.0.clone()),
        authority_name: meeting.authority.meta.name.clone(),
        meeting_title: meeting.title(),
        meeting_href: format!("{ROOT_TOKEN}{}", meeting.address.pack),
        meeting_note: front.meeting_note.clone(),
        front_sheet: front_sheet(meeting, report),
        summary: front.summary.clone(),
        recommendations: front.recommendations.clone(),
        contents: body.contents,
        body: body.html,
        appendices: appendix_views(meeting, &front.appendices, &mut usage.assets),
        background_papers: front.background_papers.clone(),
        authors: front.authors.iter().map(contact).collect(),
        updated: front
            .updated
            .iter()
            .map(|u| UpdateView {
                date: u.date.long(),
                note: u.note.clone(),
            })
            .collect(),
        withdrawn: front.status == Status::Withdrawn,
    };
    Ok(BuiltReport {
        view,
        blocks: body.blocks,
        usage,
        warnings,
    })
}

fn contact(author: &Author) -> ContactView {
    ContactView {
        author: author.clone(),
        tel: author.phone.as_deref().and_then(crate::web::tel_href),
    }
}

/// The appendices as listed: a public file appendix links to its file (added to `assets`), a
/// public section appendix to its section; an exempt one to nothing.
fn appendix_views(
    meeting: &MeetingPlan<'_>,
    appendices: &[AppendixRef],
    assets: &mut BTreeMap<String, PathBuf>,
) -> Vec<AppendixView> {
    let authority = meeting.authority;
    appendices
        .iter()
        .map(|a| {
            let public = a.exempt.0.is_none();
            let file = a
                .file
                .as_deref()
                .filter(|_| public)
                .and_then(|file| authority.asset(file).ok());
            let (href, file) = match file {
                Some((key, asset)) => {
                    let output = authority.asset_path(&key);
                    assets.insert(output.clone(), asset.source.clone());
                    let described = format!(
                        "{}, {}",
                        crate::content::assets::format_name(&key),
                        crate::content::assets::size_name(asset.bytes)
                    );
                    (Some(format!("{ROOT_TOKEN}{output}")), Some(described))
                }
                None => (
                    a.id.as_ref()
                        .filter(|_| public)
                        .map(|id| format!("#{PREFIX_TOKEN}{id}")),
                    None,
                ),
            };
            AppendixView {
                title: a.title.clone(),
                href,
                exempt_paragraph: a.exempt.0,
                file,
            }
        })
        .collect()
}

fn front_sheet(meeting: &MeetingPlan<'_>, report: &Report) -> Vec<FrontSheetRow> {
    let front = &report.front;
    let mut rows = vec![
        FrontSheetRow {
            label: "Committee",
            value: meeting.committee.name.clone(),
        },
        FrontSheetRow {
            label: "Meeting date",
            value: front.meeting.long(),
        },
    ];
    let mut push = |label: &'static str, value: Option<String>| {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            rows.push(FrontSheetRow { label, value });
        }
    };
    push("Agenda item", front.item.as_ref().map(|i| i.0.clone()));
    push("Report of", front.report_of.clone());
    push("Lead member", front.lead_member.clone());
    push("Portfolio", front.portfolio.clone());
    push(
        "Wards",
        (!front.wards.is_empty()).then(|| front.wards.join(", ")),
    );
    push(
        "Key decision",
        Some(if front.key_decision { "Yes" } else { "No" }.to_owned()),
    );
    push("Forward plan reference", front.forward_plan_ref.clone());
    push(
        "Purpose",
        front.purpose.map(|p| {
            match p {
                Purpose::Noting => "For noting",
                Purpose::Decision => "For decision",
                Purpose::Discussion => "For discussion",
            }
            .to_owned()
        }),
    );
    push("Status", Some(status_text(report).to_owned()));
    push("Published", front.published.map(|d| d.long()));
    rows
}

/// Replaces the stand-ins in `text` by the page's `root` and id `prefix`, in one pass.
pub(super) fn place_text(text: &str, root: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix(ROOT_TOKEN) {
            out.push_str(root);
            rest = after;
        } else if let Some(after) = rest.strip_prefix(PREFIX_TOKEN) {
            out.push_str(prefix);
            rest = after;
        } else {
            out.push('@');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The view placed in a page whose root is `root`, its ids prefixed by `prefix`.
pub fn place_view(view: &ReportView, root: &str, prefix: &str) -> ReportView {
    let mut placed = view.clone();
    placed.anchor = place_text(&view.anchor, root, prefix)
        .trim_end_matches('-')
        .to_owned();
    placed.meeting_href = place_text(&view.meeting_href, root, prefix);
    placed.body = place_text(&view.body, root, prefix);
    for appendix in &mut placed.appendices {
        appendix.href = appendix
            .href
            .as_deref()
            .map(|h| place_text(h, root, prefix));
    }
    for entry in &mut placed.contents {
        entry.id = place_text(&entry.id, root, prefix);
    }
    placed
}
