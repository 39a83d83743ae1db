//! The Government Analysis Function colour palette, and the colours of chart text and lines.

/// Categorical colours, in the order series take them.
pub const CATEGORICAL: [(u8, u8, u8); 6] = [
    (0x12, 0x43, 0x6D),
    (0x28, 0xA1, 0x97),
    (0x80, 0x16, 0x50),
    (0xF4, 0x6A, 0x25),
    (0x3D, 0x3D, 0x3D),
    (0xA2, 0x85, 0xD1),
];

/// The pair for charts of exactly two series: dark blue and orange read apart in greyscale.
pub const TWO_SERIES: [(u8, u8, u8); 2] = [(0x12, 0x43, 0x6D), (0xF4, 0x6A, 0x25)];

/// Text on white: #0B0C0C is GOV.UK's text colour, well above 4.5:1.
pub const TEXT: (u8, u8, u8) = (0x0B, 0x0C, 0x0C);
/// Secondary text (axis ticks): #505A5F, 7:1 on white.
pub const SECONDARY_TEXT: (u8, u8, u8) = (0x50, 0x5A, 0x5F);
/// Gridlines: light, for reference only.
pub const GRID: (u8, u8, u8) = (0xD8, 0xD8, 0xD8);
/// The zero line and axes.
pub const AXIS: (u8, u8, u8) = (0x50, 0x5A, 0x5F);

/// The colour of series `index` of `count`.
pub fn series_colour(index: usize, count: usize) -> (u8, u8, u8) {
    if count == 2 {
        TWO_SERIES[index]
    } else {
        CATEGORICAL[index % CATEGORICAL.len()]
    }
}

/// Whether white text reads on this colour at 4.5:1 or better (WCAG relative luminance).
pub fn is_dark((r, g, b): (u8, u8, u8)) -> bool {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    1.05 / (luminance + 0.05) >= 4.5
}
