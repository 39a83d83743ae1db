//! The `<desc>` of a chart: what it shows, in words, from the data — the largest and smallest
//! values, and for a time series the direction and size of the change.

use super::{ChartKind, Plot};
use crate::content::Cell;
use crate::format;

fn value(plot: &Plot, v: f64) -> String {
    format::cell(&Cell::Number(v), plot.value_kind)
}

fn change(plot: &Plot, from: f64, to: f64) -> String {
    let difference = to - from;
    let direction = if difference > 0.0 {
        "rose"
    } else if difference < 0.0 {
        "fell"
    } else {
        return format!("stayed at {}", value(plot, to));
    };
    let by = value(plot, difference.abs());
    let share = if from != 0.0 {
        format!(
            ", {} {}",
            if difference > 0.0 {
                "an increase of"
            } else {
                "a reduction of"
            },
            format::percent((difference / from).abs() * 100.0)
        )
    } else {
        String::new()
    };
    let by = if plot.value_kind == crate::content::ColumnType::Percent {
        format!(
            "{} percentage points",
            format::number((difference.abs() * 10.0).round() / 10.0)
        )
    } else {
        by
    };
    format!(
        "{direction} from {} to {}, by {by}{share}",
        value(plot, from),
        value(plot, to)
    )
}

/// Describes a plot in one paragraph of plain sentences.
pub fn describe(plot: &Plot) -> String {
    let names: Vec<&str> = plot.series.iter().map(|s| s.label.as_str()).collect();
    if plot.kind == ChartKind::Progress {
        let rows: Vec<String> = plot
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| {
                format!(
                    "{c}: {}",
                    super::progress::progress_label(
                        plot,
                        plot.series[0].values[i],
                        plot.series[1].values[i]
                    )
                )
            })
            .collect();
        return format!(
            "{} of {} against {} by {}. {}.",
            plot.kind.describe(),
            names[0],
            format::in_sentence(names[1]),
            format::in_sentence(&plot.x_label),
            rows.join("; ")
        );
    }
    let mut sentences = vec![format!(
        "{} of {} by {}.",
        plot.kind.describe(),
        join(&names),
        format::in_sentence(&plot.x_label)
    )];
    for series in &plot.series {
        let known: Vec<(usize, f64)> = series
            .values
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        let Some(&(max_at, max)) = known
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        else {
            sentences.push(format!("{}: no values are known.", series.label));
            continue;
        };
        let &(min_at, min) = known
            .iter()
            .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
            .unwrap_or(&(max_at, max));
        let mut sentence = if known.len() == 1 {
            format!(
                "{}: {} for {}",
                series.label,
                value(plot, max),
                plot.categories[max_at]
            )
        } else {
            format!(
                "{}: highest {} ({}), lowest {} ({})",
                series.label,
                value(plot, max),
                plot.categories[max_at],
                value(plot, min),
                plot.categories[min_at]
            )
        };
        if plot.kind == ChartKind::Line && known.len() > 1 {
            let (first_at, first) = known[0];
            let (last_at, last) = known[known.len() - 1];
            sentence.push_str(&format!(
                "; between {} and {} it {}",
                plot.categories[first_at],
                plot.categories[last_at],
                change(plot, first, last)
            ));
        }
        sentence.push('.');
        sentences.push(sentence);
    }
    for (category, series, what) in &plot.gaps {
        sentences.push(format!("{series} for {category} is {what}."));
    }
    sentences.join(" ")
}

fn join(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
