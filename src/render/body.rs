//! A report's body rendered for a page: the Markdown through [`crate::markdown`], its chart and
//! table blocks and inline figures through [`crate::chart`], its images from the authority's
//! assets; with the datasets it drew on and where, for publishing their CSVs and for warnings.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::withheld::DatasetUse;
use crate::chart::{self, BlockContext};
use crate::content::places::Step;
use crate::content::{Authority, DatasetKey, Datasets, Report};
use crate::diagnostic::Diagnostic;
use crate::markdown::{self, BlockRenderer, BodyOptions, FencedBlock};

/// A report body rendered for one page.
pub struct Body {
    pub html: String,
    pub contents: Vec<markdown::ContentsEntry>,
    pub text: String,
    /// The same text by numbered paragraph and section, for search.
    pub blocks: Vec<markdown::TextBlock>,
    pub usage: Usage,
    pub diagnostics: Vec<Diagnostic>,
}

/// What pages draw on beyond their own text: datasets (and where), charts, asset files.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Usage {
    /// The datasets drawn on, whose CSV files are published with the pages.
    pub datasets: BTreeSet<DatasetKey>,
    /// Where the pages draw on each dataset.
    pub uses: Vec<DatasetUse>,
    pub charts: usize,
    /// Files of an authority's assets shown or linked to: output path → source.
    pub assets: BTreeMap<String, PathBuf>,
}

impl Usage {
    /// Notes that a block of `file`, a page of the authority `from`, draws on `dataset`.
    pub fn used(
        &mut self,
        dataset: DatasetKey,
        from: &str,
        file: &str,
        line: usize,
        column: usize,
    ) {
        self.uses.push(DatasetUse {
            dataset: dataset.clone(),
            from: from.to_owned(),
            file: file.to_owned(),
            line,
            column,
        });
        self.datasets.insert(dataset);
    }

    pub fn extend(&mut self, other: Usage) {
        self.datasets.extend(other.datasets);
        self.uses.extend(other.uses);
        self.charts += other.charts;
        self.assets.extend(other.assets);
    }
}

/// Where a report's body is placed: the page's root prefix and the prefix for its ids.
pub struct Placement<'a> {
    pub root: &'a str,
    pub id_prefix: &'a str,
    /// Show exempt appendices rather than withholding them (`serve --exempt` only).
    pub show_exempt: bool,
}

/// Draws a body's blocks and remembers which datasets they used, and where.
struct Blocks<'a> {
    context: BlockContext<'a>,
    usage: Usage,
}

impl Blocks<'_> {
    fn used(&mut self, dataset: DatasetKey, line: usize, column: usize) {
        let (from, file) = (&self.context.authority.slug, self.context.file);
        self.usage.used(dataset, from, file, line, column);
    }
}

impl BlockRenderer for Blocks<'_> {
    fn render(&mut self, block: &FencedBlock, index: usize) -> Result<String, Vec<Diagnostic>> {
        let drawn =
            chart::render_block(&self.context, &block.kind, &block.yaml, block.line, index)?;
        self.used(drawn.dataset, block.line, 1);
        self.usage.charts += usize::from(drawn.is_chart);
        Ok(drawn.html)
    }

    fn figure(&mut self, figure: &markdown::FigureRef) -> Result<String, Diagnostic> {
        let text = chart::resolve_figure(&self.context, figure)?;
        let found = self
            .context
            .datasets
            .find(self.context.authority, &figure.dataset);
        if let Ok((key, _)) = found {
            self.used(key, figure.line, figure.column);
        }
        Ok(text)
    }

    fn image(&mut self, path: &str) -> Result<String, String> {
        let authority = self.context.authority;
        let (key, asset) = authority.asset(path)?;
        let output = authority.asset_path(&key);
        self.usage
            .assets
            .insert(output.clone(), asset.source.clone());
        Ok(format!("{}{output}", self.context.root))
    }
}

/// Renders a report's body for a page: the public part, or all of it where `placement` shows
/// exempt papers.
pub fn render_report_body(
    datasets: &Datasets<'_>,
    authority: &Authority,
    report: &Report,
    placement: &Placement<'_>,
) -> Body {
    let part = if placement.show_exempt {
        markdown::Part::Whole
    } else {
        markdown::Part::Public
    };
    render_body_part(datasets, authority, report, placement, part)
}

/// Renders one part of a report's body (the withheld part only to check it).
pub(super) fn render_body_part(
    datasets: &Datasets<'_>,
    authority: &Authority,
    report: &Report,
    placement: &Placement<'_>,
    part: markdown::Part,
) -> Body {
    let exempt: markdown::ExemptAppendices = report
        .front
        .appendices
        .iter()
        .filter_map(|a| Some((a.id.clone()?, a.exempt.0?)))
        .collect();
    let options = BodyOptions {
        numbering: report.front.numbering,
        id_prefix: placement.id_prefix,
        exempt_appendices: &exempt,
        part,
    };
    let mut blocks = Blocks {
        context: BlockContext {
            datasets,
            authority,
            file: &report.file,
            root: placement.root,
            id_prefix: placement.id_prefix,
        },
        usage: Usage::default(),
    };
    let rendered = markdown::render_body(report, &options, &mut blocks);
    let mut diagnostics = rendered.diagnostics;
    if part != markdown::Part::Withheld {
        diagnostics.extend(missing_appendices(report, &rendered.appendix_ids));
    }
    Body {
        html: rendered.html,
        contents: rendered.contents,
        text: rendered.text,
        blocks: rendered.blocks,
        usage: blocks.usage,
        diagnostics,
    }
}

/// An error for each appendix of the front matter whose section the body lacks.
fn missing_appendices(report: &Report, found: &BTreeSet<String>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for (index, appendix) in report.front.appendices.iter().enumerate() {
        if let Some(id) = appendix.id.as_ref().filter(|id| !found.contains(*id)) {
            let path = [Step::Key("appendices"), Step::Index(index), Step::Key("id")];
            let (line, column) = report.place(&path);
            diagnostics.push(
                Diagnostic::error(
                    &report.file,
                    format!("the appendix `{id}` has no section in the body"),
                )
                .at(line, column)
                .with_hint(format!(
                    "add a heading `## Appendix … {{#{id}}}` to the body, or remove the id"
                )),
            );
        }
    }
    diagnostics
}
