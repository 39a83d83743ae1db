//! Progress charts: a value against its target for each category (posts in post against
//! establishment), as a bar inside the outline of its target, labelled "2.2 of 3.5 (63%)".

use super::axis::{self, LINE_HEIGHT, Scale};
use super::canvas::{Anchor, Canvas, LABEL_SIZE, Layer, REFERENCE_WIDTH, VALUE_SIZE, X};
use super::{Plot, palette};
use crate::content::Cell;
use crate::format;

const BAR: i32 = 22;
const GAP: i32 = 16;

/// The words beside one row: "2.2 of 3.5 (63%)", with "not known" for a gap.
pub fn progress_label(plot: &Plot, value: Option<f64>, target: Option<f64>) -> String {
    let show = |v: Option<f64>| {
        v.map_or("not known".to_owned(), |v| {
            format::cell(&Cell::Number(v), plot.value_kind)
        })
    };
    match (value, target) {
        (Some(v), Some(t)) if t > 0.0 => format!(
            "{} of {} ({})",
            show(value),
            show(target),
            format::percent((v / t * 100.0).round())
        ),
        (None, Some(_)) => format!("not known, of {}", show(target)),
        (Some(_), None) => format!("{}, target not known", show(value)),
        _ => format!("{} of {}", show(value), show(target)),
    }
}

pub fn draw(plot: &Plot) -> Canvas {
    let width = REFERENCE_WIDTH;
    let (values, targets) = (&plot.series[0].values, &plot.series[1].values);
    let scale = Scale::covering(values.iter().chain(targets).flatten().copied());
    let wrapped: Vec<Vec<String>> = plot
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let label = format!("{c}: {}", progress_label(plot, values[i], targets[i]));
            axis::wrap(&label, width - 4, LABEL_SIZE, 3)
        })
        .collect();
    let row_heights: Vec<i32> = wrapped
        .iter()
        .map(|l| l.len() as i32 * LINE_HEIGHT + 6 + BAR + GAP)
        .collect();
    let legend = 30;
    let height = legend + row_heights.iter().sum::<i32>() + 4;

    let mut chart = Canvas::new(height);
    let canvas = &mut chart;
    let colour = palette::TWO_SERIES[0];
    // Legend: what the filled bar and the outline mean.
    canvas.fixed_rect(0, 6, 16, 22, colour);
    let first = format!("{}   ", plot.series[0].label);
    canvas.text(
        X::Fixed(22),
        14,
        &plot.series[0].label,
        LABEL_SIZE,
        Anchor::Start,
        palette::TEXT,
        false,
    );
    let x = 22 + canvas.text_width(&first, LABEL_SIZE);
    canvas.fixed_line(
        Layer::Stroke,
        &[(x, 6), (x + 16, 6), (x + 16, 22), (x, 22), (x, 6)],
        palette::AXIS,
        2,
    );
    canvas.text(
        X::Fixed(x + 22),
        14,
        &plot.series[1].label,
        LABEL_SIZE,
        Anchor::Start,
        palette::TEXT,
        false,
    );

    let (left, right) = (1, width - 2);
    let mut y = legend;
    for (i, lines) in wrapped.iter().enumerate() {
        for (n, line) in lines.iter().enumerate() {
            canvas.text(
                X::At(left),
                y + LINE_HEIGHT / 2 + n as i32 * LINE_HEIGHT,
                line,
                LABEL_SIZE,
                Anchor::Start,
                palette::TEXT,
                n == 0,
            );
        }
        let bar_top = y + lines.len() as i32 * LINE_HEIGHT + 6;
        if let Some(t) = targets[i] {
            let x = scale.map(t, left, right);
            canvas.rect(left, bar_top, x, bar_top + BAR, (0xF3, 0xF2, 0xF1));
            outline(canvas, left, bar_top, x, bar_top + BAR);
        }
        match values[i] {
            Some(v) => {
                let x = scale.map(v, left, right);
                canvas.rect(left + 3, bar_top + 4, x - 3, bar_top + BAR - 4, colour);
            }
            None => canvas.text(
                X::At(left + 8),
                bar_top + BAR / 2,
                "not known",
                VALUE_SIZE,
                Anchor::Start,
                palette::SECONDARY_TEXT,
                false,
            ),
        }
        y += row_heights[i];
    }
    chart
}

fn outline(canvas: &mut Canvas, x0: i32, y0: i32, x1: i32, y1: i32) {
    canvas.line(
        Layer::Stroke,
        &[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)],
        palette::AXIS,
        2,
    );
}
