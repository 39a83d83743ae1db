//! `compare/`: the same measure side by side across authorities, from datasets that declare a
//! shared `measure`, leaving out any that only unpublished content draws on.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::page::{Page, PageCommon, RenderContext, home_crumb, render, root_of};
use super::withheld::Withheld;
use crate::chart::{self, BlockContext, ChartKind};
use crate::content::{Authority, Cell, Column, ColumnType, Dataset, DatasetKey, Site};
use crate::diagnostic::Diagnostic;
use crate::output::OutputFile;

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

/// One measure's datasets across authorities, in authority order.
pub struct Measure<'a> {
    pub id: &'a str,
    pub datasets: Vec<(&'a Authority, &'a Dataset)>,
}

/// The measures to compare: every dataset that declares one, but those that only unpublished
/// content draws on (`is_used` says which the pages draw on).
pub fn measures<'a>(
    site: &'a Site,
    is_used: &dyn Fn(&DatasetKey) -> bool,
    withheld: &Withheld,
) -> Vec<Measure<'a>> {
    let mut groups: BTreeMap<&str, Vec<(&Authority, &Dataset)>> = BTreeMap::new();
    for authority in &site.authorities {
        for dataset in authority.datasets.values() {
            let Some(measure) = dataset.measure.as_deref() else {
                continue;
            };
            let key = authority.dataset_key(dataset);
            if is_used(&key) || !withheld.contains(&key) {
                groups
                    .entry(measure)
                    .or_default()
                    .push((authority, dataset));
            }
        }
    }
    groups
        .into_iter()
        .map(|(id, datasets)| Measure { id, datasets })
        .collect()
}

/// A fingerprint of everything the comparison shows: each measure's datasets and the
/// authorities' names (in their settings' fingerprints).
pub fn fingerprint(measures: &[Measure<'_>]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    for Measure { id, datasets } in measures {
        id.hash(&mut hasher);
        for (authority, dataset) in datasets {
            (&authority.slug, authority.fingerprint).hash(&mut hasher);
            (&dataset.id, dataset.fingerprint).hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// The comparison page, the CSV files of what it shows, and what it draws on.
pub struct Compared {
    pub page: Page,
    pub files: Vec<OutputFile>,
    /// The datasets the page links to, whose CSV files must be published.
    pub datasets: BTreeSet<DatasetKey>,
    pub charts: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Renders `compare/index.html` and the CSV files of what it shows.
pub fn compare_page(
    cx: &RenderContext<'_>,
    measures: &[Measure<'_>],
    draft: bool,
) -> Result<Compared, Vec<Diagnostic>> {
    let path = "compare/index.html".to_owned();
    let root = root_of(&path);
    let mut compared = Compared {
        page: Page {
            path: String::new(),
            html: String::new(),
        },
        files: Vec::new(),
        datasets: BTreeSet::new(),
        charts: 0,
        warnings: Vec::new(),
    };
    let views: Vec<MeasureView> = measures
        .iter()
        .map(|measure| measure_view(cx, measure, &root, &mut compared))
        .collect();
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        measures: Vec<MeasureView>,
        csv_root: String,
    }
    let context = Context {
        page: PageCommon::new(
            cx.config,
            &path,
            "Compare councils",
            "The same measures side by side across councils: funding, adult worker posts and go-live dates.",
            vec![home_crumb(&root)],
            draft,
        ),
        measures: views,
        csv_root: format!("{root}compare/data/"),
    };
    compared.page = render(cx.theme, "compare.html", &context, path)?;
    Ok(compared)
}

/// One measure of the comparison: the datasets of the same shape as the first side by side,
/// a chart of each council's totals, and the CSVs of both.
fn measure_view(
    cx: &RenderContext<'_>,
    measure: &Measure<'_>,
    root: &str,
    compared: &mut Compared,
) -> MeasureView {
    let id = measure.id;
    let group = &measure.datasets;
    let shape: Vec<(&str, ColumnType)> = group[0]
        .1
        .columns
        .iter()
        .map(|c| (c.id.as_str(), c.kind))
        .collect();
    let (same, different): (Vec<_>, Vec<_>) = group.iter().copied().partition(|(_, d)| {
        d.columns
            .iter()
            .map(|c| (c.id.as_str(), c.kind))
            .collect::<Vec<_>>()
            == shape
    });
    for (_, dataset) in &different {
        compared.warnings.push(
            Diagnostic::warning(&dataset.file, format!("this dataset's columns differ from the others with measure `{id}`, so it is left out of the comparison"))
                .with_hint(format!("give it the columns {}", shape.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", "))),
        );
    }
    compared
        .datasets
        .extend(same.iter().map(|(a, d)| a.dataset_key(d)));
    let all = combined(id, &same);
    let chart = totals_chart(cx, id, &same, root, compared);
    let columns: Vec<usize> = (0..all.columns.len()).collect();
    let table = chart::data_table(&all, &columns, &all.title);
    compared.files.push(OutputFile {
        path: format!("compare/data/{id}.csv"),
        bytes: crate::output::csv(&all).into_bytes(),
    });
    MeasureView {
        id: id.to_owned(),
        title: measure_title(id),
        chart,
        table,
        sources: same
            .iter()
            .map(|(a, d)| SourceView {
                council: a.meta.short_name.clone(),
                title: d.title.clone(),
                source: d.source.clone(),
                notes: d.notes.clone(),
                csv: chart::csv_href(root, &a.dataset_key(d)),
            })
            .collect(),
    }
}

/// A bar chart of each council's totals of the measure's number columns, with its CSV; none
/// when the measure has no number column.
fn totals_chart(
    cx: &RenderContext<'_>,
    id: &str,
    same: &[(&Authority, &Dataset)],
    root: &str,
    compared: &mut Compared,
) -> Option<String> {
    let numeric: Vec<usize> = same[0]
        .1
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind.is_numeric())
        .map(|(i, _)| i)
        .take(chart::MAX_SERIES)
        .collect();
    if numeric.is_empty() {
        return None;
    }
    let sums = totals(id, same, &numeric);
    let ys: Vec<usize> = (1..sums.columns.len()).collect();
    let context = BlockContext {
        datasets: cx.datasets,
        authority: same[0].0,
        file: &same[0].1.file,
        root,
        id_prefix: &format!("compare-{id}-"),
    };
    let key = DatasetKey {
        authority: "compare".into(),
        id: sums.id.clone(),
    };
    let drawn = chart::draw_chart(&context, &key, &sums, ChartKind::Bar, 0, &ys, None, 0);
    compared.files.push(OutputFile {
        path: key.csv_path(),
        bytes: crate::output::csv(&sums).into_bytes(),
    });
    compared.charts += 1;
    Some(drawn.html)
}
