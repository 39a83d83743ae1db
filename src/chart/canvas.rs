//! The drawing surface of a chart: one SVG that serves every column from a phone's to a desktop
//! page's, made accessible (`role="img"`, `<title>`, `<desc>`).
//!
//! A chart is laid out once, at the narrowest column it must read in ([`REFERENCE_WIDTH`], a
//! 320 px phone), with text at 16 px, as large as the page's small print. Across the chart every
//! position is then a share of its width: bars, lines and gridlines lie in an inner layer that
//! stretches across (their strokes keep their width), and text and markers sit at percentages
//! at their own size. On a wider column the drawing widens and what did not overlap at the
//! reference width cannot overlap, while text stays 16 px; the legend keeps its place at the
//! left. So each chart is drawn once, for the page and for its print view.
//!
//! What many elements share is said once: the font, text size and colour and the width by the
//! theme's style sheet (`.chart-svg`), shapes of one style in one path, texts of one style in
//! one group.

use std::fmt::Write as _;

use crate::web::escape_html as escape;

/// The width a chart is laid out at: the text column of a 320 px phone, where charts take the
/// whole column. In pixels; a chart is never drawn narrower than this.
pub const REFERENCE_WIDTH: i32 = 288;

/// Text sizes in pixels.
pub const LABEL_SIZE: f64 = 16.0;
pub const VALUE_SIZE: f64 = 16.0;

/// How far below the middle of a line of text its baseline lies: half the font's x-height, so
/// that a label centred on a gridline sits on it.
const BASELINE_OFFSET: i32 = 5;

pub type Rgb = (u8, u8, u8);

/// Text on white: #0B0C0C is GOV.UK's text colour, the chart's fill in the style sheet; only
/// texts of another colour name theirs.
const ROOT_FILL: Rgb = super::palette::TEXT;

/// A place across the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum X {
    /// Pixels from the left at the reference width; on a wider chart, the same share of it.
    At(i32),
    /// Pixels from the left at any width (the legend).
    Fixed(i32),
}

/// Where a text is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// The order shapes are painted in: each layer over the ones before.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// Gridlines and the zero line.
    Grid,
    /// Bars and other filled areas.
    Fill,
    /// The white stripes that tell bars apart in greyscale.
    Pattern,
    /// Lines of series, and outlines.
    Stroke,
}

/// The marker shapes, in the order series take them: circle, square, triangle, diamond.
const MARKERS: [&str; 4] = [
    "M-6 0a6 6 0 1 0 12 0a6 6 0 1 0-12 0z",
    "M-5-5h10v10h-10z",
    "M0-7 7 6H-7z",
    "M0-7 7 0 0 7-7 0z",
];

#[derive(PartialEq, Eq)]
struct TextStyle {
    anchor: Anchor,
    fill: Rgb,
    bold: bool,
}

/// A chart being drawn; [`Canvas::into_svg`] writes it.
pub struct Canvas {
    /// The reference width, for layout.
    pub width: i32,
    height: i32,
    /// Paths of the stretched layer: (layer, style attributes, path data).
    shapes: Vec<(Layer, String, String)>,
    /// Paths that keep their size and place (the legend's swatches): (layer, style, path data).
    fixed: Vec<(Layer, String, String)>,
    /// Markers: (colour, shape, place).
    marks: Vec<(Rgb, usize, X, i32)>,
    texts: Vec<(TextStyle, String)>,
}

fn hex((r, g, b): Rgb) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// A place across as an SVG length: a percentage of the chart's width (to a tenth, about half
/// a pixel on a desktop page), or pixels.
fn across(x: X) -> String {
    match x {
        X::Fixed(px) => px.to_string(),
        X::At(px) => {
            let tenths = (f64::from(px) * 1000.0 / f64::from(REFERENCE_WIDTH)).round() as i64;
            match (tenths / 10, tenths % 10) {
                (whole, 0) => format!("{whole}%"),
                (whole, part) if tenths >= 0 => format!("{whole}.{part}%"),
                _ => format!("{:.1}%", tenths as f64 / 10.0),
            }
        }
    }
}

fn stroke_style(colour: Rgb, width: u32) -> String {
    let width = if width == 1 {
        String::new()
    } else {
        format!(" stroke-width=\"{width}\"")
    };
    format!(
        "fill=\"none\" stroke=\"{}\"{width} vector-effect=\"non-scaling-stroke\"",
        hex(colour)
    )
}

/// The path of `style` in `layer`, begun if there is none yet: shapes of one style are one
/// path, painted in the order their layers say.
fn path_of(paths: &mut Vec<(Layer, String, String)>, layer: Layer, style: String) -> &mut String {
    let at = match paths
        .iter()
        .position(|(l, s, _)| *l == layer && *s == style)
    {
        Some(at) => at,
        None => {
            paths.push((layer, style, String::new()));
            paths.len() - 1
        }
    };
    &mut paths[at].2
}

fn rect_path(d: &mut String, x0: i32, y0: i32, x1: i32, y1: i32) {
    let (left, right) = (x0.min(x1), x0.max(x1));
    let (top, bottom) = (y0.min(y1), y0.max(y1));
    let _ = write!(d, "M{left} {top}H{right}V{bottom}H{left}z");
}

fn line_path(d: &mut String, points: &[(i32, i32)]) {
    // After H or V, a pair of numbers needs its L again.
    let mut straight = false;
    for (i, &(x, y)) in points.iter().enumerate() {
        if i == 0 {
            let _ = write!(d, "M{x} {y}");
        } else if y == points[i - 1].1 {
            let _ = write!(d, "H{x}");
            straight = true;
        } else if x == points[i - 1].0 {
            let _ = write!(d, "V{y}");
            straight = true;
        } else if straight {
            let _ = write!(d, "L{x} {y}");
            straight = false;
        } else {
            let _ = write!(d, " {x} {y}");
        }
    }
}

impl Canvas {
    /// A canvas `height` pixels tall, laid out at the reference width.
    pub fn new(height: i32) -> Canvas {
        Canvas {
            width: REFERENCE_WIDTH,
            height,
            shapes: Vec::new(),
            fixed: Vec::new(),
            marks: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// The width a text takes at `size`.
    pub fn text_width(&self, text: &str, size: f64) -> i32 {
        super::metrics::width(text, size)
    }

    fn shape(&mut self, layer: Layer, style: String) -> &mut String {
        path_of(&mut self.shapes, layer, style)
    }

    fn fixed_shape(&mut self, layer: Layer, style: String) -> &mut String {
        path_of(&mut self.fixed, layer, style)
    }

    /// A text centred on `y`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        x: X,
        y: i32,
        text: &str,
        size: f64,
        anchor: Anchor,
        fill: Rgb,
        bold: bool,
    ) {
        debug_assert!((size - LABEL_SIZE).abs() < f64::EPSILON, "one text size");
        let element = format!(
            "<text x=\"{}\" y=\"{}\">{}</text>",
            across(x),
            y + BASELINE_OFFSET,
            escape(text)
        );
        self.texts.push((TextStyle { anchor, fill, bold }, element));
    }

    /// A filled rectangle in the stretched layer, at reference pixels.
    pub fn rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, fill: Rgb) {
        self.rect_in(Layer::Fill, x0, y0, x1, y1, fill);
    }

    pub fn rect_in(&mut self, layer: Layer, x0: i32, y0: i32, x1: i32, y1: i32, fill: Rgb) {
        let style = format!("fill=\"{}\"", hex(fill));
        rect_path(self.shape(layer, style), x0, y0, x1, y1);
    }

    /// A line through `points` in the stretched layer, at reference pixels.
    pub fn line(&mut self, layer: Layer, points: &[(i32, i32)], stroke: Rgb, width: u32) {
        line_path(self.shape(layer, stroke_style(stroke, width)), points);
    }

    /// A filled rectangle that keeps its size and place (a legend's swatch).
    pub fn fixed_rect(&mut self, x0: i32, y0: i32, x1: i32, y1: i32, fill: Rgb) {
        let style = format!("fill=\"{}\"", hex(fill));
        rect_path(self.fixed_shape(Layer::Fill, style), x0, y0, x1, y1);
    }

    /// A line that keeps its size and place (a legend's swatch).
    pub fn fixed_line(&mut self, layer: Layer, points: &[(i32, i32)], stroke: Rgb, width: u32) {
        let width = if width == 1 {
            String::new()
        } else {
            format!(" stroke-width=\"{width}\"")
        };
        let style = format!("fill=\"none\" stroke=\"{}\"{width}", hex(stroke));
        line_path(self.fixed_shape(layer, style), points);
    }

    /// A marker of shape `index` (circle, square, triangle, diamond), so series read apart in
    /// greyscale; it keeps its size at any width.
    pub fn marker(&mut self, index: usize, x: X, y: i32, fill: Rgb) {
        self.marks.push((fill, index % MARKERS.len(), x, y));
    }

    /// The SVG: `id` names its title and description for `aria-labelledby`.
    pub fn into_svg(self, id: &str, title: &str, description: &str) -> String {
        let id = escape(id);
        let mut svg = String::with_capacity(2048);
        let _ = write!(
            svg,
            "<svg class=\"chart-svg\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
            self.height,
            escape(title),
            escape(description)
        );
        let mut used = [false; MARKERS.len()];
        for (_, shape, _, _) in &self.marks {
            used[*shape] = true;
        }
        if used.contains(&true) {
            svg.push_str("<defs>");
            for (shape, d) in MARKERS.iter().enumerate().filter(|(i, _)| used[*i]) {
                let _ = write!(svg, "<path id=\"{id}-m{shape}\" d=\"{d}\"/>");
            }
            svg.push_str("</defs>\n");
        }
        let (mut shapes, mut fixed) = (self.shapes, self.fixed);
        shapes.sort_by_key(|(layer, _, _)| *layer);
        fixed.sort_by_key(|(layer, _, _)| *layer);
        if !shapes.is_empty() {
            let _ = writeln!(
                svg,
                "<svg viewBox=\"0 0 {REFERENCE_WIDTH} {}\" preserveAspectRatio=\"none\">",
                self.height
            );
            for (_, style, d) in &shapes {
                let _ = writeln!(svg, "<path {style} d=\"{d}\"/>");
            }
            svg.push_str("</svg>\n");
        }
        for (_, style, d) in &fixed {
            let _ = writeln!(svg, "<path {style} d=\"{d}\"/>");
        }
        let mut colours: Vec<Rgb> = Vec::new();
        for (colour, _, _, _) in &self.marks {
            if !colours.contains(colour) {
                colours.push(*colour);
            }
        }
        for colour in colours {
            let _ = writeln!(svg, "<g fill=\"{}\">", hex(colour));
            for (_, shape, x, y) in self.marks.iter().filter(|m| m.0 == colour) {
                let _ = writeln!(
                    svg,
                    "<use href=\"#{id}-m{shape}\" x=\"{}\" y=\"{y}\"/>",
                    across(*x)
                );
            }
            svg.push_str("</g>\n");
        }
        let mut styles: Vec<&TextStyle> = Vec::new();
        for (style, _) in &self.texts {
            if !styles.contains(&style) {
                styles.push(style);
            }
        }
        for style in styles {
            let mut open = String::new();
            match style.anchor {
                Anchor::Start => {}
                Anchor::Middle => open.push_str(" text-anchor=\"middle\""),
                Anchor::End => open.push_str(" text-anchor=\"end\""),
            }
            if style.fill != ROOT_FILL {
                let _ = write!(open, " fill=\"{}\"", hex(style.fill));
            }
            if style.bold {
                open.push_str(" font-weight=\"bold\"");
            }
            if !open.is_empty() {
                let _ = writeln!(svg, "<g{open}>");
            }
            for (_, element) in self.texts.iter().filter(|(s, _)| s == style) {
                svg.push_str(element);
                svg.push('\n');
            }
            if !open.is_empty() {
                svg.push_str("</g>\n");
            }
        }
        svg.push_str("</svg>");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_sheet_sets_the_text_labels_were_measured_in() {
        let css = include_str!("../../themes/default/static/style.css");
        let rule = css
            .split("\n.chart-svg {\n")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .expect("the theme styles .chart-svg");
        assert!(
            rule.contains("font-family: \"Open Sans\", sans-serif;"),
            "{rule}"
        );
        assert!(
            rule.contains(&format!("font-size: {LABEL_SIZE}px;")),
            "{rule}"
        );
        assert!(rule.contains("fill: #0b0c0c;"), "{rule}");
        assert_eq!(hex(ROOT_FILL), "#0B0C0C");
    }

    #[test]
    fn places_across_are_shares_of_the_reference_width() {
        assert_eq!(across(X::At(0)), "0%");
        assert_eq!(across(X::At(144)), "50%");
        assert_eq!(across(X::At(43)), "14.9%");
        assert_eq!(across(X::At(288)), "100%");
        assert_eq!(across(X::At(-3)), "-1%");
        assert_eq!(across(X::At(-4)), "-1.4%");
        assert_eq!(across(X::Fixed(22)), "22");
    }

    #[test]
    fn a_line_after_a_level_stretch_says_l_again() {
        let mut d = String::new();
        line_path(&mut d, &[(0, 5), (10, 5), (20, 9), (30, 1), (30, 4)]);
        assert_eq!(d, "M0 5H10L20 9 30 1V4");
    }

    #[test]
    fn shapes_of_one_style_share_one_path_and_texts_one_group() {
        let mut canvas = Canvas::new(100);
        canvas.rect(0, 10, 20, 30, (1, 2, 3));
        canvas.rect(40, 30, 60, 10, (1, 2, 3));
        canvas.line(Layer::Grid, &[(0, 50), (288, 50)], (9, 9, 9), 1);
        canvas.text(
            X::At(144),
            50,
            "a & b",
            16.0,
            Anchor::Middle,
            (5, 5, 5),
            false,
        );
        canvas.text(X::At(0), 60, "c", 16.0, Anchor::Middle, (5, 5, 5), false);
        canvas.marker(1, X::At(72), 40, (1, 2, 3));
        let svg = canvas.into_svg("c1", "Title", "Words");
        assert_eq!(
            svg.matches("<path fill=\"#010203\" d=\"M0 10H20V30H0zM40 10H60V30H40z\"/>")
                .count(),
            1,
            "{svg}"
        );
        let grid = svg.find("stroke=\"#090909\"").unwrap();
        let bars = svg.find("fill=\"#010203\" d=").unwrap();
        assert!(grid < bars, "gridlines are painted under the bars");
        assert!(svg.contains("<g text-anchor=\"middle\" fill=\"#050505\">\n<text x=\"50%\" y=\"55\">a &amp; b</text>\n<text x=\"0%\" y=\"65\">c</text>\n</g>"), "{svg}");
        assert!(svg.contains("<defs><path id=\"c1-m1\" d=\"M-5-5h10v10h-10z\"/></defs>"));
        assert!(svg.contains("<use href=\"#c1-m1\" x=\"25%\" y=\"40\"/>"));
        assert!(svg.contains("role=\"img\" aria-labelledby=\"c1-title c1-desc\""));
    }
}
