//! Line charts: series over time on a date axis (months or days), each series with its own
//! marker shape and a direct label, broken where a value is not known.

use super::axis::{self, LINE_HEIGHT, Scale};
use super::canvas::{Anchor, Canvas, LABEL_SIZE, Layer, REFERENCE_WIDTH, VALUE_SIZE, X};
use super::{Plot, palette};
use crate::content::Cell;
use crate::format;

const HEIGHT: i32 = 340;

pub fn draw(plot: &Plot) -> Canvas {
    let width = REFERENCE_WIDTH;
    let values = plot
        .series
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied());
    let scale = Scale::covering(values);
    let ticks = axis::tick_labels(&scale, plot.value_kind);
    let positions: Vec<f64> = plot
        .positions
        .clone()
        .unwrap_or_else(|| (0..plot.categories.len()).map(|i| i as f64).collect());
    let (first, last) = positions
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(*p), hi.max(*p)));
    let span = if last > first { last - first } else { 1.0 };
    let multi = plot.series.len() > 1;

    let mut chart = Canvas::new(HEIGHT);
    let canvas = &mut chart;
    let left = ticks
        .iter()
        .map(|(_, t)| canvas.text_width(t, LABEL_SIZE))
        .max()
        .unwrap_or(0)
        + 14;
    // Several series are labelled at the ends of their lines where the names fit beside the
    // chart, and by a legend above it where they do not (a phone's width).
    let label_width = plot
        .series
        .iter()
        .map(|s| canvas.text_width(&format!("{} (000,000)", s.label), LABEL_SIZE))
        .max()
        .unwrap_or(0);
    let direct_labels = multi && label_width <= width / 3;
    let right = width - if direct_labels { label_width + 16 } else { 36 };
    let labels: Vec<String> = plot.series.iter().map(|s| s.label.clone()).collect();
    let legend_height = if multi && !direct_labels {
        axis::legend(canvas, &labels, true)
    } else {
        0
    };
    let (top, bottom) = (20 + legend_height, HEIGHT - 44);
    axis::value_gridlines(canvas, &ticks, &scale, (left, right), (top, bottom));
    let x_of =
        |p: f64| left + 12 + ((p - first) / span * f64::from(right - left - 24)).round() as i32;

    category_labels(canvas, plot, (left, right, bottom), |i| x_of(positions[i]));

    let mut end_labels: Vec<(i32, String)> = Vec::new();
    let (mut firsts, mut lasts) = (Vec::new(), Vec::new());
    for (s, series) in plot.series.iter().enumerate() {
        let colour = palette::series_colour(s, plot.series.len());
        let points: Vec<Option<(i32, i32)>> = series
            .values
            .iter()
            .zip(&positions)
            .map(|(value, p)| value.map(|v| (x_of(*p), scale.map(v, bottom, top))))
            .collect();
        for run in points.split(Option::is_none) {
            let run: Vec<(i32, i32)> = run.iter().flatten().copied().collect();
            if run.len() > 1 {
                canvas.line(Layer::Stroke, &run, colour, 3);
            }
        }
        // Markers tell the series apart in greyscale: at most seven a line (every other month of
        // a year), the first and last always.
        let every = points.len().div_ceil(7).max(1);
        for (i, point) in points.iter().enumerate() {
            if let Some(point) = point.filter(|_| i % every == 0 || i + 1 == points.len()) {
                canvas.marker(s, X::At(point.0), point.1, colour);
            }
        }
        let shown: Vec<(usize, (i32, i32))> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, p)))
            .collect();
        let (Some(&(first_index, first_point)), Some(&(last_index, last_point))) =
            (shown.first(), shown.last())
        else {
            continue;
        };
        let value_text = |index: usize| {
            format::cell(
                &Cell::Number(series.values[index].unwrap_or(0.0)),
                plot.value_kind,
            )
        };
        // The first value by its point; the last in the direct label at the end of the line
        // (several series) or by its point (one).
        firsts.push((first_point, value_text(first_index), !multi));
        if direct_labels {
            end_labels.push((
                last_point.1,
                format!("{} ({})", series.label, value_text(last_index)),
            ));
        } else if last_index != first_index {
            lasts.push((last_point, value_text(last_index), true));
        }
    }
    place_values(canvas, firsts);
    place_values(canvas, lasts);
    place_end_labels(canvas, end_labels, right);
    chart
}

/// The categories along the x axis, as many as fit without overlapping, each with its tick;
/// `x_of` places the `index`th.
fn category_labels(
    canvas: &mut Canvas,
    plot: &Plot,
    (left, right, bottom): (i32, i32, i32),
    x_of: impl Fn(usize) -> i32,
) {
    let widest = plot
        .categories
        .iter()
        .map(|c| canvas.text_width(c, LABEL_SIZE))
        .max()
        .unwrap_or(1)
        + 12;
    let room = ((right - left) / widest).max(1) as usize;
    let every = plot.categories.len().div_ceil(room).max(1);
    for (index, category) in plot.categories.iter().enumerate() {
        if index % every == 0 || index + 1 == plot.categories.len() && every == 1 {
            let x = x_of(index);
            canvas.line(
                Layer::Grid,
                &[(x, bottom), (x, bottom + 5)],
                palette::AXIS,
                1,
            );
            canvas.text(
                X::At(x),
                bottom + 18,
                category,
                LABEL_SIZE,
                Anchor::Middle,
                palette::TEXT,
                false,
            );
        }
    }
}

/// Direct labels at the ends of the lines, moved apart where lines end close together.
fn place_end_labels(canvas: &mut Canvas, mut end_labels: Vec<(i32, String)>, right: i32) {
    end_labels.sort();
    let mut previous = i32::MIN;
    for (y, label) in &end_labels {
        let y = (*y).max(previous.saturating_add(LINE_HEIGHT));
        canvas.text(
            X::At(right + 10),
            y,
            label,
            LABEL_SIZE,
            Anchor::Start,
            palette::TEXT,
            false,
        );
        previous = y;
    }
}

/// Values written by their points: above the highest point and below the others, moved apart
/// where the points lie close together, so that no two overlap.
fn place_values(canvas: &mut Canvas, mut labels: Vec<((i32, i32), String, bool)>) {
    labels.sort_by_key(|((_, y), _, _)| *y);
    let mut previous = i32::MIN / 2;
    for (i, ((x, y), text, bold)) in labels.iter().enumerate() {
        let wanted = if i == 0 { y - 14 } else { y + 16 };
        let y = wanted.max(previous + LINE_HEIGHT);
        canvas.text(
            X::At(*x),
            y,
            text,
            VALUE_SIZE,
            Anchor::Middle,
            palette::TEXT,
            *bold,
        );
        previous = y;
    }
}
