//! How the index's files are written: JSON by hand (its parts are cached and joined, so they
//! are bytes rather than values), and report numbers packed small.

use base64::Engine as _;

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
}
