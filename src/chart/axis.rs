//! What every chart kind shares: the value scale and its gridlines, wrapped labels and the
//! legend.

use super::canvas::{Anchor, Canvas, LABEL_SIZE, Layer, X};
use super::palette;
use crate::content::ColumnType;
use crate::format;

/// A value scale with round ticks: `lo..=hi` in steps of `step`.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub lo: f64,
    pub hi: f64,
    pub step: f64,
}

impl Scale {
    /// A scale that holds every value and zero (bar axes start at zero; so do ours for lines,
    /// which keeps changes in proportion).
    pub fn covering(values: impl Iterator<Item = f64>) -> Scale {
        let (mut min, mut max) = (0.0f64, 0.0f64);
        for value in values {
            min = min.min(value);
            max = max.max(value);
        }
        if (max - min).abs() < f64::EPSILON {
            max = min + 1.0;
        }
        let raw_step = (max - min) / 5.0;
        let magnitude = 10f64.powf(raw_step.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw_step)
            .unwrap_or(10.0 * magnitude);
        Scale {
            lo: (min / step).floor() * step,
            hi: (max / step).ceil() * step,
            step,
        }
    }

    pub fn ticks(&self) -> Vec<f64> {
        let count = ((self.hi - self.lo) / self.step).round() as i64;
        (0..=count)
            .map(|i| self.lo + i as f64 * self.step)
            .collect()
    }

    /// Maps a value to a pixel between `from` (at `lo`) and `to` (at `hi`).
    pub fn map(&self, value: f64, from: i32, to: i32) -> i32 {
        let t = (value - self.lo) / (self.hi - self.lo);
        (f64::from(from) + t * f64::from(to - from)).round() as i32
    }
}

/// Draws the value axis of an upright chart: a light gridline at each tick (the zero line
/// darker), with the tick's label to the left of the plot.
pub fn value_gridlines(
    canvas: &mut Canvas,
    ticks: &[(f64, String)],
    scale: &Scale,
    (left, right): (i32, i32),
    (top, bottom): (i32, i32),
) {
    for (tick, text) in ticks {
        let y = scale.map(*tick, bottom, top);
        let colour = if *tick == 0.0 {
            palette::AXIS
        } else {
            palette::GRID
        };
        canvas.line(Layer::Grid, &[(left, y), (right, y)], colour, 1);
        canvas.text(
            X::At(left - 8),
            y,
            text,
            LABEL_SIZE,
            Anchor::End,
            palette::SECONDARY_TEXT,
            false,
        );
    }
}

/// Tick labels for a scale, formatted for the column's type.
pub fn tick_labels(scale: &Scale, kind: ColumnType) -> Vec<(f64, String)> {
    scale
        .ticks()
        .into_iter()
        .map(|tick| (tick, format::axis_value(tick, kind)))
        .collect()
}

/// Breaks `text` into lines no wider than `width`, at most `max_lines` (the last ends with …).
pub fn wrap(text: &str, width: i32, size: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if super::metrics::width(&candidate, size) <= width || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::take(&mut current));
            current = word.to_owned();
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

pub const LINE_HEIGHT: i32 = 19;

/// Draws a legend of swatches (or markers) and series names from the top-left, wrapping onto
/// further rows at the reference width; it keeps its place on a wider chart. Returns the
/// height it took.
pub fn legend(canvas: &mut Canvas, labels: &[String], markers: bool) -> i32 {
    if labels.len() < 2 {
        return 0;
    }
    let (mut x, mut y) = (0, 14);
    for (index, label) in labels.iter().enumerate() {
        let width = 22 + canvas.text_width(label, LABEL_SIZE) + 20;
        if x > 0 && x + width > canvas.width {
            x = 0;
            y += 26;
        }
        let colour = palette::series_colour(index, labels.len());
        if markers {
            canvas.fixed_line(Layer::Stroke, &[(x, y), (x + 16, y)], colour, 3);
            canvas.marker(index, X::Fixed(x + 8), y, colour);
        } else {
            canvas.fixed_rect(x, y - 8, x + 16, y + 8, colour);
            swatch_pattern(canvas, index, (x, y - 8, x + 16, y + 8));
        }
        canvas.text(
            X::Fixed(x + 22),
            y,
            label,
            LABEL_SIZE,
            Anchor::Start,
            palette::TEXT,
            false,
        );
        x += width;
    }
    y + 18
}

/// The white stripes or dots of series `series` over a bar, so no two series of a chart look
/// alike in greyscale (the palette has pairs of the same grey): as path data, at reference
/// pixels.
fn stripes(series: usize, (x0, y0, x1, y1): (i32, i32, i32, i32)) -> Vec<[(i32, i32); 2]> {
    let (left, right) = (x0.min(x1), x0.max(x1));
    let (top, bottom) = (y0.min(y1), y0.max(y1));
    let mut lines = Vec::new();
    match series {
        2 => {
            let mut y = top + 3;
            while y < bottom - 1 {
                lines.push([(left + 1, y), (right - 1, y)]);
                y += 5;
            }
        }
        3 => {
            let mut x = left + 3;
            while x < right - 1 {
                lines.push([(x, top + 1), (x, bottom - 1)]);
                x += 5;
            }
        }
        _ => {}
    }
    lines
}

/// Marks bars of the third and fourth series with white stripes, so no two series of a chart
/// look alike in greyscale.
pub fn pattern(canvas: &mut Canvas, series: usize, bar: (i32, i32, i32, i32)) {
    for line in stripes(series, bar) {
        canvas.line(Layer::Pattern, &line, (255, 255, 255), 1);
    }
}

/// The same stripes on a legend's swatch.
fn swatch_pattern(canvas: &mut Canvas, series: usize, swatch: (i32, i32, i32, i32)) {
    for line in stripes(series, swatch) {
        canvas.fixed_line(Layer::Pattern, &line, (255, 255, 255), 1);
    }
}
