//! `compare/`: the same measure side by side across authorities, from datasets that declare a
//! shared `measure`, leaving out any that only unpublished content draws on.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::pages::{RenderedPage, common, home_crumb, render};
use super::{OutputFile, Theme, root_of};
use crate::chart::{self, BlockContext, ChartKind};
use crate::content::{Authority, Cell, Column, ColumnType, Dataset, Site};
use crate::diagnostic::Diagnostic;

#[derive(Serialize)]
struct MeasureView {
    id: String,
    title: String,
    chart: Option<String>,
    table: String,
    sources: Vec<SourceView>,
}

#[derive(Serialize)]
struct SourceView {
    council: String,
    title: String,
    source: String,
    notes: Option<String>,
    csv: String,
}

/// A measure id as a heading: `adult-worker-posts` → "Adult worker posts".
fn measure_title(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// The first column of a comparison: which council a row is from.
fn council_column() -> Column {
    Column {
        id: "council".into(),
        label: "Council".into(),
        kind: ColumnType::Text,
        unit: None,
        period: None,
    }
}

/// Each council's source, as one line.
fn sources(group: &[(&Authority, &Dataset)]) -> String {
    group
        .iter()
        .map(|(a, d)| format!("{}: {}", a.meta.short_name, d.source))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every row of every authority's dataset for the measure, with the council first.
fn combined(measure: &str, group: &[(&Authority, &Dataset)]) -> Dataset {
    let first = group[0].1;
    let mut columns = vec![council_column()];
    columns.extend(first.columns.iter().cloned().map(|mut c| {
        c.unit = c.unit.or_else(|| first.unit.clone());
        c
    }));
    let rows = group
        .iter()
        .flat_map(|(authority, dataset)| {
            dataset.rows.iter().map(|row| {
                let mut cells = vec![Cell::Text(authority.meta.short_name.clone())];
                cells.extend(row.iter().cloned());
                cells
            })
        })
        .collect();
    Dataset {
        id: measure.to_owned(),
        file: format!("content/compare/data/{measure}.yaml"),
        title: format!("{}, by council", measure_title(measure)),
        source: sources(group),
        measure: Some(measure.to_owned()),
        unit: None,
        notes: None,
        columns,
        rows,
        fingerprint: 0,
    }
}

/// Each council's total of each number column (of the values that are known).
fn totals(measure: &str, group: &[(&Authority, &Dataset)], numeric: &[usize]) -> Dataset {
    let first = group[0].1;
    let mut columns = vec![council_column()];
    columns.extend(numeric.iter().map(|&c| first.columns[c].clone()));
    let mut incomplete = Vec::new();
    let rows = group
        .iter()
        .map(|(authority, dataset)| {
            let mut cells = vec![Cell::Text(authority.meta.short_name.clone())];
            for &c in numeric {
                let known: Vec<f64> = dataset.rows.iter().filter_map(|r| r[c].number()).collect();
                if known.len() < dataset.rows.len() {
                    incomplete.push(format!(
                        "{} ({})",
                        authority.meta.short_name,
                        crate::format::in_sentence(&first.columns[c].label)
                    ));
                }
                cells.push(if known.is_empty() {
                    Cell::Missing
                } else {
                    Cell::Number(known.iter().sum())
                });
            }
            cells
        })
        .collect();
    Dataset {
        id: format!("{measure}-totals"),
        file: format!("content/compare/data/{measure}-totals.yaml"),
        title: format!("{}: totals by council", measure_title(measure)),
        source: sources(group),
        measure: None,
        unit: first.unit.clone(),
        notes: (!incomplete.is_empty()).then(|| {
            format!(
                "Totals are of the values that are known; some are not known for {}.",
                incomplete.join(", ")
            )
        }),
        columns,
        rows,
        fingerprint: 0,
    }
}

/// Renders `compare/index.html` and the CSV files of what it shows.
pub fn compare_page(
    site: &Site,
    theme: &Theme,
    used: &rustc_hash::FxHashSet<String>,
    withheld: &super::Withheld,
    draft: bool,
) -> Result<(RenderedPage, Vec<OutputFile>), Vec<Diagnostic>> {
    let path = "compare/index.html".to_owned();
    let root = root_of(&path);
    let mut groups: BTreeMap<&str, Vec<(&Authority, &Dataset)>> = BTreeMap::new();
    for authority in &site.authorities {
        for dataset in authority.datasets.values() {
            let Some(measure) = dataset.measure.as_deref() else {
                continue;
            };
            let key = format!("{}/{}", authority.slug, dataset.id);
            if used.contains(key.as_str()) || !withheld.contains(&key) {
                groups
                    .entry(measure)
                    .or_default()
                    .push((authority, dataset));
            }
        }
    }
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    // The datasets the page links to, whose CSV files must be published.
    let mut shown = BTreeSet::new();
    let mut measures = Vec::new();
    let mut charts = 0;
    for (measure, group) in groups {
        let shape: Vec<(&str, ColumnType)> = group[0]
            .1
            .columns
            .iter()
            .map(|c| (c.id.as_str(), c.kind))
            .collect();
        let (same, different): (Vec<_>, Vec<_>) = group.into_iter().partition(|(_, d)| {
            d.columns
                .iter()
                .map(|c| (c.id.as_str(), c.kind))
                .collect::<Vec<_>>()
                == shape
        });
        for (_, dataset) in &different {
            warnings.push(
                Diagnostic::warning(&dataset.file, format!("this dataset's columns differ from the others with measure `{measure}`, so it is left out of the comparison"))
                    .with_hint(format!("give it the columns {}", shape.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", "))),
            );
        }
        shown.extend(same.iter().map(|(a, d)| format!("{}/{}", a.slug, d.id)));
        let all = combined(measure, &same);
        let context = BlockContext {
            site,
            authority: same[0].0,
            file: &same[0].1.file,
            root: &root,
            id_prefix: "",
        };
        let numeric: Vec<usize> = same[0]
            .1
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.kind.is_numeric())
            .map(|(i, _)| i)
            .take(chart::MAX_SERIES)
            .collect();
        let chart = (!numeric.is_empty()).then(|| {
            let sums = totals(measure, &same, &numeric);
            let ys: Vec<usize> = (1..sums.columns.len()).collect();
            let context = BlockContext {
                id_prefix: &format!("compare-{measure}-"),
                ..context
            };
            let drawn = chart::draw_chart(&context, &sums, ChartKind::Bar, 0, &ys, None, 0);
            files.push(OutputFile {
                path: format!("compare/data/{}.csv", sums.id),
                bytes: crate::output::csv(&sums).into_bytes(),
            });
            charts += 1;
            drawn.html
        });
        let columns: Vec<usize> = (0..all.columns.len()).collect();
        let table = chart::data_table(&all, &columns, &all.title);
        files.push(OutputFile {
            path: format!("compare/data/{measure}.csv"),
            bytes: crate::output::csv(&all).into_bytes(),
        });
        measures.push(MeasureView {
            id: measure.to_owned(),
            title: measure_title(measure),
            chart,
            table,
            sources: same
                .iter()
                .map(|(a, d)| SourceView {
                    council: a.meta.short_name.clone(),
                    title: d.title.clone(),
                    source: d.source.clone(),
                    notes: d.notes.clone(),
                    csv: chart::csv_href(&root, &format!("{}/{}", a.slug, d.id)),
                })
                .collect(),
        });
    }
    #[derive(Serialize)]
    struct Context {
        page: super::PageCommon,
        measures: Vec<MeasureView>,
        csv_root: String,
    }
    let context = Context {
        page: common(
            site,
            &path,
            "Compare councils",
            "The same measures side by side across councils: funding, adult worker posts and go-live dates.",
            vec![home_crumb(&root)],
            draft,
        ),
        measures,
        csv_root: format!("{root}compare/data/"),
    };
    let html = render(theme, "compare.html", &context, &path)?;
    Ok((
        RenderedPage {
            path,
            html,
            search: None,
            assets: std::collections::BTreeMap::new(),
            datasets: shown,
            uses: Vec::new(),
            charts,
            warnings,
        },
        files,
    ))
}
