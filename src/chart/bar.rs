//! Grouped bar charts, upright (`bar`) or on their side (`hbar`, for long category names).
//! Bars start at zero; negative values go below the zero line; a gap is labelled, never drawn
//! as 0.

use super::axis::{self, LINE_HEIGHT, Scale};
use super::canvas::{Anchor, Canvas, LABEL_SIZE, Layer, REFERENCE_WIDTH, VALUE_SIZE, X};
use super::metrics;
use super::{Plot, palette};
use crate::format;

fn value_label(plot: &Plot, value: Option<f64>) -> String {
    match value {
        Some(v) => format::cell(&crate::content::Cell::Number(v), plot.value_kind),
        None => "not known".to_owned(),
    }
}

/// Draws the plot as bars; `horizontal` lays categories down the side.
pub fn draw(plot: &Plot, horizontal: bool) -> Canvas {
    if horizontal {
        draw_horizontal(plot)
    } else {
        draw_vertical(plot)
    }
}

/// The bars of one category: per series, the value's span (from, to) on the value axis, so
/// that grouped bars run from zero and stacked ones from the top of the one below.
fn spans(plot: &Plot, index: usize, stacked: bool) -> Vec<Option<(f64, f64)>> {
    let (mut up, mut down) = (0.0, 0.0);
    plot.series
        .iter()
        .map(|series| {
            let value = series.values[index]?;
            if !stacked {
                return Some((0.0, value));
            }
            let base = if value >= 0.0 { &mut up } else { &mut down };
            let span = (*base, *base + value);
            *base += value;
            Some(span)
        })
        .collect()
}

fn extent(plot: &Plot, stacked: bool) -> Vec<f64> {
    (0..plot.categories.len())
        .flat_map(|i| {
            spans(plot, i, stacked)
                .into_iter()
                .flatten()
                .flat_map(|(a, b)| [a, b])
        })
        .collect()
}

/// How many categories to step between labels so that one-line labels do not overlap.
fn label_step(categories: &[String], band: i32) -> usize {
    let widest = categories
        .iter()
        .map(|c| metrics::width(c, LABEL_SIZE))
        .max()
        .unwrap_or(1)
        + 8;
    (widest as usize).div_ceil(band.max(1) as usize).max(1)
}

fn draw_vertical(plot: &Plot) -> Canvas {
    let width = REFERENCE_WIDTH;
    let stacked = plot.kind == super::ChartKind::StackedBar;
    let scale = Scale::covering(extent(plot, stacked).into_iter());
    let ticks = axis::tick_labels(&scale, plot.value_kind);
    let count = plot.categories.len().max(1) as i32;
    let labels: Vec<String> = plot.series.iter().map(|s| s.label.clone()).collect();

    // Measure first, then draw at the height the labels need.
    let left = ticks
        .iter()
        .map(|(_, t)| metrics::width(t, LABEL_SIZE))
        .max()
        .unwrap_or(0)
        + 12;
    let band = (width - 4 - left) / count;
    let words_fit = plot.categories.iter().all(|c| {
        c.split_whitespace()
            .all(|w| metrics::width(w, LABEL_SIZE) <= band - 6)
    });
    // Category names too long for upright bars read better down the side (a phone's width).
    if !words_fit && plot.categories.len() <= 12 {
        return draw_horizontal(plot);
    }
    let step = if words_fit {
        1
    } else {
        label_step(&plot.categories, band)
    };
    let lines = if step > 1 {
        1
    } else {
        plot.categories
            .iter()
            .map(|c| axis::wrap(c, band - 6, LABEL_SIZE, 4).len())
            .max()
            .unwrap_or(1)
    };
    let layout = (legend_rows(width, &labels), lines as i32, left, step);
    let (legend_height, label_lines, left, step) = layout;
    let top = legend_height + 18;
    let plot_height = 260;
    let height = top + plot_height + label_lines * LINE_HEIGHT + 16;

    let mut chart = Canvas::new(height);
    let canvas = &mut chart;
    axis::legend(canvas, &labels, false);
    let (y_top, y_bottom) = (top, top + plot_height);
    let right = width - 4;
    axis::value_gridlines(canvas, &ticks, &scale, (left, right), (y_top, y_bottom));
    let zero = scale.map(0.0, y_bottom, y_top);
    let band = (right - left) / count;
    let group = (band * 3 / 4).max(1);
    let series_count = if stacked {
        1
    } else {
        plot.series.len().max(1) as i32
    };
    let bar = (group / series_count).max(1);
    for (index, category) in plot.categories.iter().enumerate() {
        let band_x = left + band * index as i32;
        let group_x = band_x + (band - group) / 2;
        for (s, span) in spans(plot, index, stacked).into_iter().enumerate() {
            let x0 = group_x + if stacked { 0 } else { bar * s as i32 };
            let x1 = x0 + (bar - if bar > 4 { 2 } else { 0 }).max(1);
            let colour = palette::series_colour(s, plot.series.len());
            let value = plot.series[s].values[index];
            let label = value_label(plot, value);
            let fits = canvas.text_width(&label, VALUE_SIZE) <= bar - 2;
            match (span, value) {
                (Some((from, to)), Some(v)) => {
                    let (y0, y1) = (
                        scale.map(from, y_bottom, y_top),
                        scale.map(to, y_bottom, y_top),
                    );
                    canvas.rect(x0, y0, x1, y1, colour);
                    axis::pattern(canvas, s, (x0, y0, x1, y1));
                    if fits && !stacked {
                        let label_y = if v >= 0.0 { y1 - 10 } else { y1 + 10 };
                        canvas.text(
                            X::At((x0 + x1) / 2),
                            label_y,
                            &label,
                            VALUE_SIZE,
                            Anchor::Middle,
                            palette::TEXT,
                            false,
                        );
                    } else if fits && stacked && bar >= 24 && (y1 - y0).abs() >= 20 {
                        label_inside(canvas, (x0, y0, x1, y1), &label, colour);
                    }
                }
                _ if !stacked => {
                    let text = if fits { label } else { "n/k".to_owned() };
                    canvas.text(
                        X::At((x0 + x1) / 2),
                        zero - 10,
                        &text,
                        VALUE_SIZE,
                        Anchor::Middle,
                        palette::SECONDARY_TEXT,
                        false,
                    );
                }
                _ => {}
            }
        }
        if index % step == 0 {
            let label_lines = (step == 1).then(|| axis::wrap(category, band - 6, LABEL_SIZE, 4));
            category_label(canvas, category, label_lines, band_x + band / 2, y_bottom);
        }
    }
    chart
}

/// A category's name below its bars, on the lines given (or on one line), centred on `x`.
fn category_label(
    canvas: &mut Canvas,
    category: &str,
    lines: Option<Vec<String>>,
    x: i32,
    y_bottom: i32,
) {
    let lines = lines.unwrap_or_else(|| vec![category.to_owned()]);
    for (line, text) in lines.iter().enumerate() {
        let y = y_bottom + 14 + line as i32 * LINE_HEIGHT;
        canvas.text(
            X::At(x),
            y,
            text,
            LABEL_SIZE,
            Anchor::Middle,
            palette::TEXT,
            false,
        );
    }
}

/// A value written inside its segment of a stacked bar, white on dark colours and black on
/// light ones, so it keeps 4.5:1 contrast.
fn label_inside(
    canvas: &mut Canvas,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
    label: &str,
    fill: (u8, u8, u8),
) {
    let text_colour = if palette::is_dark(fill) {
        (255, 255, 255)
    } else {
        palette::TEXT
    };
    canvas.text(
        X::At((x0 + x1) / 2),
        (y0 + y1) / 2,
        label,
        VALUE_SIZE,
        Anchor::Middle,
        text_colour,
        false,
    );
}

fn legend_rows(chart_width: i32, labels: &[String]) -> i32 {
    if labels.len() < 2 {
        return 0;
    }
    let (mut x, mut rows) = (0, 1);
    for label in labels {
        let width = 22 + metrics::width(label, LABEL_SIZE) + 20;
        if x > 0 && x + width > chart_width {
            x = 0;
            rows += 1;
        }
        x += width;
    }
    rows * 26 + 6
}

/// The left and right ends of sideways bars: room after the longest bar for its value, or
/// before the first tick and after the last for their labels.
fn horizontal_margins(plot: &Plot, ticks: &[(f64, String)], stacked: bool) -> (i32, i32) {
    let width = REFERENCE_WIDTH;
    if stacked {
        let first = ticks
            .first()
            .map_or(0, |(_, t)| metrics::width(t, LABEL_SIZE));
        let last = ticks
            .last()
            .map_or(0, |(_, t)| metrics::width(t, LABEL_SIZE));
        (first / 2 + 1, width - last / 2 - 1)
    } else {
        let widest = plot
            .series
            .iter()
            .flat_map(|s| s.values.iter().map(|v| value_label(plot, *v)))
            .map(|label| metrics::width(&label, VALUE_SIZE))
            .max()
            .unwrap_or(0);
        (1, width - widest - 8)
    }
}

/// The scale below stacked sideways bars, leaving out a tick's label where it would run into
/// the one before.
fn bottom_scale(
    canvas: &mut Canvas,
    ticks: &[(f64, String)],
    scale: &Scale,
    (left, right): (i32, i32),
    bottom: i32,
) {
    let mut last_label_end = i32::MIN / 2;
    for (tick, text) in ticks {
        let x = scale.map(*tick, left, right);
        let half = canvas.text_width(text, LABEL_SIZE) / 2;
        if x - half >= last_label_end + 8 {
            canvas.text(
                X::At(x),
                bottom + 4,
                text,
                LABEL_SIZE,
                Anchor::Middle,
                palette::SECONDARY_TEXT,
                false,
            );
            last_label_end = x + half;
        }
    }
}

/// A category's name on its lines from `y` down, above its sideways bars.
fn name_above(canvas: &mut Canvas, lines: &[String], y: i32) {
    for (line, text) in lines.iter().enumerate() {
        canvas.text(
            X::At(0),
            y + LINE_HEIGHT / 2 + line as i32 * LINE_HEIGHT,
            text,
            LABEL_SIZE,
            Anchor::Start,
            palette::TEXT,
            false,
        );
    }
}

/// Bars on their side, for long category names: each name on its own lines above its bars, so
/// the bars take the chart's whole width on a phone. Grouped bars carry their values after
/// their ends and need no scale; stacked ones keep gridlines and a scale below.
fn draw_horizontal(plot: &Plot) -> Canvas {
    let width = REFERENCE_WIDTH;
    let stacked = plot.kind == super::ChartKind::StackedBar;
    let scale = Scale::covering(extent(plot, stacked).into_iter());
    let ticks = axis::tick_labels(&scale, plot.value_kind);
    let labels: Vec<String> = plot.series.iter().map(|s| s.label.clone()).collect();
    let series_count = if stacked {
        1
    } else {
        plot.series.len().max(1) as i32
    };
    let bar = 22;
    let group_gap = 14;
    let wrapped: Vec<Vec<String>> = plot
        .categories
        .iter()
        .map(|c| axis::wrap(c, width - 4, LABEL_SIZE, 3))
        .collect();
    let (left, right) = horizontal_margins(plot, &ticks, stacked);
    let legend_height = legend_rows(width, &labels);
    let group_heights: Vec<i32> = wrapped
        .iter()
        .map(|lines| lines.len() as i32 * LINE_HEIGHT + 4 + bar * series_count + group_gap)
        .collect();
    let top = if legend_height > 0 {
        legend_height + 4
    } else {
        0
    };
    let plot_height: i32 = group_heights.iter().sum();
    let height = top + plot_height + if stacked { 18 } else { 0 };

    let mut chart = Canvas::new(height);
    let canvas = &mut chart;
    axis::legend(canvas, &labels, false);
    let zero = scale.map(0.0, left, right);
    let mut y = top;
    for (index, lines) in wrapped.iter().enumerate() {
        name_above(canvas, lines, y);
        let bars_top = y + lines.len() as i32 * LINE_HEIGHT + 4;
        let bars_bottom = bars_top + bar * series_count;
        // The scale's lines run through the bars only, clear of the names.
        if stacked {
            for (tick, _) in &ticks {
                let x = scale.map(*tick, left, right);
                if *tick != 0.0 {
                    canvas.line(
                        Layer::Grid,
                        &[(x, bars_top - 2), (x, bars_bottom)],
                        palette::GRID,
                        1,
                    );
                }
            }
        }
        canvas.line(
            Layer::Stroke,
            &[(zero, bars_top - 2), (zero, bars_bottom)],
            palette::AXIS,
            1,
        );
        let spans = spans(plot, index, stacked);
        for (s, series) in plot.series.iter().enumerate() {
            let slot = if stacked { 0 } else { s as i32 };
            let y0 = bars_top + bar * slot;
            let y1 = y0 + bar - 2;
            let colour = palette::series_colour(s, plot.series.len());
            let label = value_label(plot, series.values[index]);
            match (spans[s], series.values[index]) {
                (Some((from, to)), Some(v)) => {
                    let (x0, x1) = (scale.map(from, left, right), scale.map(to, left, right));
                    canvas.rect(x0, y0, x1, y1, colour);
                    axis::pattern(canvas, s, (x0, y0, x1, y1));
                    if stacked {
                        let fits = canvas.text_width(&label, VALUE_SIZE) <= (x1 - x0).abs() - 6;
                        if fits {
                            label_inside(canvas, (x0, y0, x1, y1), &label, colour);
                        }
                    } else {
                        // After the bar's end; for a negative value, beside the zero line on
                        // the side away from the bar.
                        let x = if v >= 0.0 { x1 + 6 } else { zero + 6 };
                        canvas.text(
                            X::At(x),
                            (y0 + y1) / 2,
                            &label,
                            VALUE_SIZE,
                            Anchor::Start,
                            palette::TEXT,
                            false,
                        );
                    }
                }
                _ if !stacked => canvas.text(
                    X::At(zero + 6),
                    (y0 + y1) / 2,
                    &label,
                    VALUE_SIZE,
                    Anchor::Start,
                    palette::SECONDARY_TEXT,
                    false,
                ),
                _ => {}
            }
        }
        y += group_heights[index];
    }
    if stacked {
        bottom_scale(canvas, &ticks, &scale, (left, right), top + plot_height);
    }
    chart
}
