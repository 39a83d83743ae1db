//! Drawing with plotters' SVG backend in the theme's font, and the accessible wrapper every
//! chart's SVG gets (`role="img"`, `<title>`, `<desc>`).
//!
//! Text is laid out with the metrics of the font the theme ships (Open Sans), registered once
//! from bytes compiled into the binary: no fontconfig, no system fonts, so a chart is the same
//! on every machine.

use std::sync::Once;

use plotters::backend::SVGBackend;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::web::escape_html as escape;

/// The family the SVG names; the theme's CSS serves the same font under this name.
pub const FONT_FAMILY: &str = "Open Sans";

static REGULAR: &[u8] = include_bytes!("../../themes/default/static/fonts/OpenSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../themes/default/static/fonts/OpenSans-Bold.ttf");

static FONTS: Once = Once::new();

/// Registers the theme's font with plotters; safe to call from any thread, any number of times.
pub fn register_fonts() {
    FONTS.call_once(|| {
        // The bytes are the font files shipped in the theme, checked by the tests.
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Normal, REGULAR);
        let _ = plotters::style::register_font(FONT_FAMILY, FontStyle::Bold, BOLD);
    });
}

/// plotters writes a font size divided by 1.24; sizes here are what the SVG says.
const PLOTTERS_TEXT_SCALE: f64 = 1.24;

/// Text sizes in SVG units.
pub const LABEL_SIZE: f64 = 16.0;
pub const VALUE_SIZE: f64 = 16.0;

pub type Rgb = (u8, u8, u8);

fn colour((r, g, b): Rgb) -> RGBColor {
    RGBColor(r, g, b)
}

/// A drawing surface of a fixed size in SVG units.
pub struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    pub width: i32,
}

/// Where a text is anchored.
#[derive(Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl<'a> Canvas<'a> {
    fn font(size: f64, bold: bool) -> FontDesc<'static> {
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            size * PLOTTERS_TEXT_SCALE,
            style,
        )
    }

    /// The width a text takes at `size`.
    pub fn text_width(&self, text: &str, size: f64) -> i32 {
        super::metrics::width(text, size)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &self,
        x: i32,
        y: i32,
        text: &str,
        size: f64,
        anchor: Anchor,
        fill: Rgb,
        bold: bool,
    ) {
        let h = match anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        let style = Self::font(size, bold)
            .color(&colour(fill))
            .pos(Pos::new(h, VPos::Center));
        let _ = self.area.draw(&Text::new(text.to_owned(), (x, y), style));
    }

    pub fn rect(&self, x0: i32, y0: i32, x1: i32, y1: i32, fill: Rgb) {
        let _ = self.area.draw(&Rectangle::new(
            [(x0.min(x1), y0.min(y1)), (x0.max(x1), y0.max(y1))],
            colour(fill).filled(),
        ));
    }

    pub fn line(&self, points: Vec<(i32, i32)>, stroke: Rgb, width: u32) {
        let _ = self.area.draw(&PathElement::new(
            points,
            colour(stroke).stroke_width(width),
        ));
    }

    /// A marker of shape `index` (circle, square, triangle, diamond), so series read apart in
    /// greyscale.
    pub fn marker(&self, index: usize, (x, y): (i32, i32), fill: Rgb) {
        let style = colour(fill).filled();
        let r = 6;
        let _ = match index % 4 {
            0 => self.area.draw(&Circle::new((x, y), r, style)),
            1 => self.area.draw(&Rectangle::new(
                [(x - r + 1, y - r + 1), (x + r - 1, y + r - 1)],
                style,
            )),
            2 => self.area.draw(&Polygon::new(
                vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)],
                style,
            )),
            _ => self.area.draw(&Polygon::new(
                vec![
                    (x, y - r - 1),
                    (x + r + 1, y),
                    (x, y + r + 1),
                    (x - r - 1, y),
                ],
                style,
            )),
        };
    }
}

/// Draws on a canvas of `width` × `height` and returns the SVG text.
pub fn draw_svg(width: i32, height: i32, draw: impl FnOnce(&Canvas<'_>)) -> String {
    register_fonts();
    let mut svg = String::new();
    {
        let area =
            SVGBackend::with_string(&mut svg, (width as u32, height as u32)).into_drawing_area();
        let _ = height;
        let canvas = Canvas { area, width };
        draw(&canvas);
        let _ = canvas.area.present();
    }
    svg
}

/// Makes plotters' SVG an accessible, scalable image: `role="img"`, named by its `<title>` and
/// described by its `<desc>`, sized by its viewBox so it fits the column it sits in.
pub fn accessible(svg: &str, id: &str, title: &str, description: &str) -> String {
    let id = escape(id);
    let Some(open_end) = svg.find('>') else {
        return svg.to_owned();
    };
    let open = &svg[..open_end];
    let view_box = open
        .split("viewBox=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("0 0 640 400");
    let body = svg[open_end + 1..].trim_start_matches('\n');
    // plotters writes each element on its own line; drop the blank ones, and what every element
    // repeats that the root already says (the font) or that is the default anyway.
    let mut compact = String::with_capacity(body.len());
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        compact_element(line, &mut compact);
        compact.push('\n');
    }
    let body = compact.trim_end();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\" class=\"chart-svg\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{FONT_FAMILY}, sans-serif\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n{body}\n",
        escape(title),
        escape(description)
    )
}

/// What plotters writes on every element that the root already says, or that is the default
/// anyway (longest first where one starts another).
const REDUNDANT: [&str; 4] = [
    " font-family=\"Open Sans\"",
    " opacity=\"1\"",
    " stroke=\"none\" stroke-width=\"1\"",
    " stroke=\"none\"",
];

/// One element of plotters' SVG without its redundant attributes, its font size rounded,
/// appended to `out` in one pass.
fn compact_element(line: &str, out: &mut String) {
    const FONT_SIZE: &str = " font-size=\"";
    let mut rest = line;
    while let Some(at) = rest.find(' ') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(attribute) = REDUNDANT.iter().find(|a| rest.starts_with(*a)) {
            rest = &rest[attribute.len()..];
        } else if let Some((size, after)) = rest
            .strip_prefix(FONT_SIZE)
            .and_then(|value| value.split_once('"'))
            .and_then(|(size, after)| Some((size.parse::<f64>().ok()?, after)))
        {
            out.push_str(FONT_SIZE);
            out.push_str(&format!("{}", (size * 100.0).round() / 100.0));
            out.push('"');
            rest = after;
        } else {
            out.push(' ');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redundant_attributes_name_the_font_the_root_names() {
        assert_eq!(REDUNDANT[0], format!(" font-family=\"{FONT_FAMILY}\""));
        let mut out = String::new();
        compact_element(
            r##"<text x="1" font-family="Open Sans" font-size="12.9032" opacity="1" stroke="none" fill="#000">a b</text>"##,
            &mut out,
        );
        assert_eq!(
            out,
            r##"<text x="1" font-size="12.9" fill="#000">a b</text>"##
        );
    }
}
