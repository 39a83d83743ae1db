//! How the index's files are written: JSON by hand (its parts are cached and joined, so they
//! are bytes rather than values), report numbers packed small, and the reports' text gzipped.

use std::io::Write as _;

use base64::Engine as _;
use flate2::{Compression, GzBuilder};

/// JSON written piece by piece; strings through serde_json, so escaping is its.
#[derive(Default)]
pub struct Json(Vec<u8>);

impl Json {
    pub fn raw(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    pub fn string(&mut self, text: &str) {
        // Writing a string into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.0, text);
    }

    pub fn number(&mut self, n: usize) {
        self.raw(&n.to_string());
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

/// Standard base64 with padding, as the browser's `atob` reads it.
pub fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The gzip level of the index: 3 rather than the usual 6. On the 6,000-report benchmark
/// corpus the index is 6.6% larger (14.5 MB against 13.6 MB) and a build takes 0.89 × the CPU
/// time of one at level 6 (0.79 × with chart and table blocks stripped), about 0.8–1.0 s; at
/// 6 the index's gzip was 14% of the build's CPU time, its `longest_match` the largest single
/// entry of the profile.
const GZIP_LEVEL: u32 = 3;

/// `bytes` as a gzip stream that is the same whenever the bytes are: no file name, no time,
/// the one level, and the "unknown" system byte. flate2 runs on zlib-rs, which packs the
/// reports' text to the same size as miniz_oxide in a little over half the time.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3 + 32),
        Compression::new(GZIP_LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Ascending numbers as the gaps between them (the first from zero), each a LEB128 varint.
pub fn varint_deltas(numbers: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(numbers.len() + 4);
    let mut last = 0;
    for &n in numbers {
        let mut gap = n - last;
        last = n;
        loop {
            let byte = (gap & 0x7f) as u8;
            gap >>= 7;
            if gap == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
    }
    out
}

/// Numbers as a bitmap: bit `n % 8` of byte `n / 8` is set for each, up to the last.
pub fn bitmap(numbers: &[u32]) -> Vec<u8> {
    let Some(&last) = numbers.last() else {
        return Vec::new();
    };
    let mut out = vec![0u8; last as usize / 8 + 1];
    for &n in numbers {
        out[n as usize / 8] |= 1 << (n % 8);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_pack_as_gaps_or_as_a_bitmap() {
        assert_eq!(varint_deltas(&[0, 1, 3, 200]), [0, 1, 2, 197, 1]);
        assert_eq!(bitmap(&[0, 1, 3, 9]), [0b1011, 0b10]);
        assert_eq!(base64(&[0xff, 0]), "/wA=");
        let mut json = Json::default();
        json.string("a \"quote\" </script>");
        assert_eq!(json.into_bytes(), br#""a \"quote\" </script>""#);
    }

    #[test]
    fn gzip_is_the_same_bytes_every_time_and_reads_back() {
        use std::io::Read as _;
        let text = "Paragraph 5.4 of the report. ".repeat(50);
        let packed = gzip(text.as_bytes());
        assert_eq!(packed, gzip(text.as_bytes()));
        assert_eq!(&packed[..4], [0x1f, 0x8b, 8, 0], "gzip, deflate, no name");
        assert_eq!(&packed[4..8], [0, 0, 0, 0], "no time");
        assert!(packed.len() < text.len() / 4);
        let mut unpacked = String::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_string(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, text);
    }
}
