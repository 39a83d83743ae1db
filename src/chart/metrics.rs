//! Text widths in the theme's font, for laying out chart labels: each character's advance read
//! once from Open Sans and kept, so measuring a label is a sum, not a layout.

use std::sync::LazyLock;

use ab_glyph::{Font, FontRef};

static REGULAR: &[u8] = include_bytes!("../../themes/default/static/fonts/OpenSans-Regular.ttf");

struct Metrics {
    font: Option<FontRef<'static>>,
    /// Advance of each ASCII character, in ems.
    ascii: [f32; 128],
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let font = FontRef::try_from_slice(REGULAR).ok();
    let mut ascii = [0.55f32; 128];
    if let Some(font) = &font {
        for (code, advance) in ascii.iter_mut().enumerate() {
            *advance = em_advance(font, char::from(code as u8));
        }
    }
    Metrics { font, ascii }
});

fn em_advance(font: &FontRef<'static>, c: char) -> f32 {
    let units = font.units_per_em().unwrap_or(2048.0);
    font.h_advance_unscaled(font.glyph_id(c)) / units
}

/// The width of `text` at `size` units, rounded up, with a small margin for the difference
/// between these metrics and a browser's rendering (kerning, hinting).
pub fn width(text: &str, size: f64) -> i32 {
    let metrics = &*METRICS;
    let ems: f32 = text
        .chars()
        .map(|c| match (c.is_ascii(), &metrics.font) {
            (true, _) => metrics.ascii[c as usize],
            (false, Some(font)) => em_advance(font, c),
            (false, None) => 0.6,
        })
        .sum();
    (f64::from(ems) * size * 1.05).ceil() as i32
}

#[cfg(test)]
mod tests {
    #[test]
    fn wider_text_measures_wider() {
        assert!(super::width("Domestic abuse workers", 15.0) > super::width("Health", 15.0));
        assert!(super::width("WWW", 15.0) > super::width("iii", 15.0));
        let at_15 = super::width("Establishment", 15.0);
        assert!((80..130).contains(&at_15), "{at_15}");
    }
}
