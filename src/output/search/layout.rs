//! Where each term and report goes among the index's files, and a term's record in its
//! term file.

use super::encode::{Json, base64, bitmap, varint_deltas};
use super::{CHUNK_BYTES, EXCERPT_WORDS, PAGE, Posting, SearchEntry, words};

/// A term's part of its term file (see [`SearchIndex::record`]).
pub(super) fn record(documents: &[SearchEntry], t: &str, list: &[Posting]) -> Vec<u8> {
    let numbers: Vec<u32> = list.iter().map(|p| p.document).collect();
    let gaps = varint_deltas(&numbers);
    let bits = bitmap(&numbers);
    let numbers = if bits.len() < gaps.len() {
        format!("*{}", base64(&bits))
    } else {
        base64(&gaps)
    };
    let scores: Vec<u8> = list.iter().map(|p| p.score).collect();
    let mut json = Json::default();
    json.string(t);
    json.raw(":[");
    json.number(list.len());
    json.raw(",");
    json.string(&numbers);
    json.raw(",");
    json.string(&base64(&scores));
    json.raw(",[");
    for (i, posting) in first_page(list).iter().enumerate() {
        if i > 0 {
            json.raw(",");
        }
        let document = &documents[posting.document as usize];
        let block = document.blocks.get(usize::from(posting.block));
        json.raw("[");
        json.number(posting.document as usize);
        for field in [
            document.path.as_str(),
            &document.title,
            &document.meta(),
            block.map_or("", |b| b.anchor.as_str()),
            block.map_or("", |b| b.label.as_str()),
            &block.map_or_else(String::new, |b| words::excerpt(&b.text, t, EXCERPT_WORDS)),
        ] {
            json.raw(",");
            json.string(field);
        }
        json.raw("]");
    }
    json.raw("]]");
    json.into_bytes()
}

/// A term's weight in a report as one byte.
pub(super) fn score(weight: u32) -> u8 {
    u8::try_from(weight).unwrap_or(u8::MAX)
}

/// The reports a one-word search shows first: highest score first, then the later report.
pub(super) fn first_page(list: &[Posting]) -> Vec<Posting> {
    let mut ranked = list.to_vec();
    let order = |a: &Posting, b: &Posting| b.score.cmp(&a.score).then(b.document.cmp(&a.document));
    if ranked.len() > PAGE {
        ranked.select_nth_unstable_by(PAGE - 1, order);
        ranked.truncate(PAGE);
    }
    ranked.sort_unstable_by(order);
    ranked
}

/// How many term files `bytes` of records are spread over: a power of two.
pub(super) fn chunks_for(bytes: usize) -> usize {
    bytes.div_ceil(CHUNK_BYTES).max(1).next_power_of_two()
}

/// The term file a term is in, of `count` (a power of two): FNV-1a of its UTF-8 bytes, as
/// `search.js` computes it.
pub fn chunk_of(term: &str, count: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in term.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (count - 1)
}

pub(super) fn chunk_path(chunk: usize) -> String {
    format!("search/terms/{chunk}.json")
}

pub(super) fn bundle_path(bundle: usize) -> String {
    format!("search/docs/{bundle}.json.gz")
}

/// Days from 1 January 1970 to a date written `YYYY-MM-DD` or `YYYY-MM` (its first day), as
/// two bytes (to the year 2149).
pub(super) fn day_number(iso: &str) -> u16 {
    let part = |range: std::ops::Range<usize>| iso.get(range).and_then(|s| s.parse::<i64>().ok());
    let (Some(year), Some(month)) = (part(0..4), part(5..7)) else {
        return 0;
    };
    let day = part(8..10).unwrap_or(1);
    // Howard Hinnant's days_from_civil.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u16::try_from(days.max(0)).unwrap_or(u16::MAX)
}
