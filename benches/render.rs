//! Benchmarks of the hot paths: one chart of each kind, a report body's Markdown, and a whole
//! report page. Run with `cargo bench --bench render`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use scrutiny::chart::{self, BlockContext};
use scrutiny::content;
use scrutiny::render::{self, Audience, Placement};

fn gallery() -> content::Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/charts");
    content::load(&root)
        .site
        .expect("the chart gallery fixture loads")
}

fn charts(c: &mut Criterion) {
    let site = gallery();
    let authority = &site.authorities[0];
    let datasets = content::Datasets::new(&site);
    let context = BlockContext {
        datasets: &datasets,
        authority,
        file: "bench",
        root: "../../",
        id_prefix: "",
    };
    let blocks = [
        (
            "bar",
            "data: workers\ntype: bar\nx: role\ny: [in_post, establishment]\n",
        ),
        (
            "stacked-bar",
            "data: mix\ntype: stacked-bar\nx: outcome\ny: [stepped_down, closed, plan, care]\n",
        ),
        (
            "hbar",
            "data: workers\ntype: hbar\nx: role\ny: establishment\n",
        ),
        (
            "line",
            "data: monthly\ntype: line\nx: month\ny: [plans, referrals]\n",
        ),
        (
            "progress",
            "data: workers\ntype: progress\nx: role\ny: [in_post, establishment]\n",
        ),
    ];
    let mut group = c.benchmark_group("chart");
    for (kind, yaml) in blocks {
        group.bench_function(kind, |b| {
            b.iter(|| {
                chart::render_block(&context, "chart", yaml, 1, 0)
                    .map(|d| d.html.len())
                    .unwrap_or(0)
            })
        });
    }
    group.finish();
}

fn markdown_and_pages(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let site = content::load(&root).site.expect("the basic fixture loads");
    let authority = &site.authorities[0];
    let report = &authority.reports[0];
    let datasets = content::Datasets::new(&site);
    let placement = Placement {
        root: "../../../",
        id_prefix: "",
        show_exempt: false,
    };
    c.bench_function("report body (Markdown, numbering, 3 charts)", |b| {
        b.iter(|| {
            render::render_report_body(&datasets, authority, report, &placement)
                .html
                .len()
        })
    });
    let theme =
        render::Theme::load(&root, "default").unwrap_or_else(|_| panic!("the default theme loads"));
    c.bench_function("whole site of the basic fixture (9 pages)", |b| {
        b.iter(|| {
            let sink = scrutiny::output::MemorySink::default();
            let pages = render::render_site(
                &site,
                &theme,
                Audience::default(),
                &Default::default(),
                &sink,
            )
            .map(|r| r.pages)
            .unwrap_or(0);
            (pages, sink.into_files().len())
        })
    });
}

criterion_group!(benches, charts, markdown_and_pages);
criterion_main!(benches);
