//! A council's own look: its colour, turned into colours that keep text readable. Whatever colour
//! an authority gives, text on it and text in it keep the WCAG AA contrast ratio (4.5:1), worked
//! out from the colours' relative luminance as WCAG 2 defines it.

/// The text colour of the theme, used on a light council colour.
const DARK_TEXT: Rgb = Rgb(0x0b, 0x0c, 0x0c);
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
const BLACK: Rgb = Rgb(0, 0, 0);
/// WCAG AA for normal text is 4.5:1; a little over it keeps rounding on the right side.
const TEXT_CONTRAST: f64 = 4.6;

/// A colour as three 8-bit channels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Reads `#rgb` or `#rrggbb` (the forms `authority.yaml` accepts).
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let d: Vec<u8> = hex
                    .chars()
                    .map(|c| channel(&format!("{c}{c}")))
                    .collect::<Option<_>>()?;
                Some(Self(d[0], d[1], d[2]))
            }
            6 => Some(Self(
                channel(&hex[0..2])?,
                channel(&hex[2..4])?,
                channel(&hex[4..6])?,
            )),
            _ => None,
        }
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// The WCAG contrast ratio of two colours, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (light, dark) = if a > b { (a, b) } else { (b, a) };
        (light + 0.05) / (dark + 0.05)
    }

    /// The same hue, each channel scaled by `factor` (0 to 1) towards black.
    fn darkened(self, factor: f64) -> Self {
        let scale = |c: u8| (f64::from(c) * factor).round().clamp(0.0, 255.0) as u8;
        Self(scale(self.0), scale(self.1), scale(self.2))
    }
}

/// The colours a council's pages use, all worked out from its one colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    /// The colour as given: bands and rules.
    pub colour: Rgb,
    /// Text on the colour: white or near-black, whichever reads better.
    pub on_colour: Rgb,
    /// Text in the council's colour on white: the colour itself when it is dark enough,
    /// otherwise the darkest-needed shade of it.
    pub ink: Rgb,
}

impl Look {
    pub fn new(colour: Rgb) -> Self {
        let on_colour = [WHITE, DARK_TEXT, BLACK]
            .into_iter()
            .find(|text| text.contrast(colour) >= TEXT_CONTRAST)
            .unwrap_or(BLACK);
        let ink = (0..=100)
            .map(|step| colour.darkened(1.0 - f64::from(step) / 100.0))
            .find(|shade| shade.contrast(WHITE) >= TEXT_CONTRAST)
            .unwrap_or(BLACK);
        Self {
            colour,
            on_colour,
            ink,
        }
    }

    /// The look of an authority that gives a colour.
    pub fn of(colour: Option<&str>) -> Option<Self> {
        colour.and_then(Rgb::parse).map(Self::new)
    }

    /// CSS custom properties the theme's stylesheet reads.
    pub fn css(&self) -> String {
        format!(
            ":root{{--council:{};--council-on:{};--council-ink:{}}}",
            self.colour.hex(),
            self.on_colour.hex(),
            self.ink.hex()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance_and_contrast_follow_wcag() {
        assert!((WHITE.luminance() - 1.0).abs() < 1e-9);
        assert!(BLACK.luminance().abs() < 1e-9);
        assert!((WHITE.contrast(BLACK) - 21.0).abs() < 1e-9);
        // GOV.UK blue on white is 5.17:1.
        let blue = Rgb::parse("#1d70b8").unwrap();
        assert!((blue.contrast(WHITE) - 5.17).abs() < 0.01);
    }

    #[test]
    fn reads_short_and_long_hex() {
        assert_eq!(Rgb::parse("#fd0"), Some(Rgb(0xff, 0xdd, 0x00)));
        assert_eq!(Rgb::parse("#FFDD00"), Some(Rgb(0xff, 0xdd, 0x00)));
        assert_eq!(Rgb::parse("ffdd00"), None);
        assert_eq!(Rgb::parse("#ffdd0"), None);
        assert_eq!(Rgb::parse("#ggdd00"), None);
    }

    #[test]
    fn bright_yellow_gets_dark_text_and_a_darker_ink() {
        let look = Look::new(Rgb::parse("#ffdd00").unwrap());
        assert_eq!(look.on_colour, DARK_TEXT);
        assert!(look.ink.contrast(WHITE) >= 4.5, "{:?}", look.ink);
        assert_ne!(look.ink, look.colour);
        // Still a yellow-brown, not black.
        assert!(
            look.ink.0 > look.ink.2 && look.ink.0 > 0x40,
            "{:?}",
            look.ink
        );
    }

    #[test]
    fn dark_navy_keeps_its_colour_and_gets_white_text() {
        let navy = Rgb::parse("#12436d").unwrap();
        let look = Look::new(navy);
        assert_eq!(look.on_colour, WHITE);
        assert_eq!(look.ink, navy);
    }

    #[test]
    fn every_colour_keeps_text_readable() {
        for r in (0..=255).step_by(17) {
            for g in (0..=255).step_by(17) {
                for b in (0..=255).step_by(17) {
                    let look = Look::new(Rgb(r as u8, g as u8, b as u8));
                    assert!(look.on_colour.contrast(look.colour) >= 4.5, "{look:?}");
                    assert!(look.ink.contrast(WHITE) >= 4.5, "{look:?}");
                }
            }
        }
    }

    #[test]
    fn css_names_the_three_colours() {
        let look = Look::new(Rgb::parse("#00607A").unwrap());
        assert_eq!(
            look.css(),
            ":root{--council:#00607a;--council-on:#ffffff;--council-ink:#00607a}"
        );
    }
}
