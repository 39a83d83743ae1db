//! Words as search knows them: split at anything but letters and digits, lower-cased, and an
//! English word reduced to its stem by Snowball's English (Porter 2) stemmer, so that
//! "inspections" finds "inspection" and "recruiting" finds "recruitment". `search.js` does the
//! same to what a reader types; a test holds the two to the same stems.

use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

/// Words of at least two letters or digits, as written. ASCII text is split byte by byte;
/// a word with other characters is split by characters.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    spans(text).map(move |(start, end)| &text[start..end])
}

/// The byte ranges of the words of `text`, as [`words`] gives them.
pub fn spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            // Skip what separates words.
            while at < bytes.len() && bytes[at].is_ascii() && !bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if at >= bytes.len() {
                return None;
            }
            let start = at;
            while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || !bytes[at].is_ascii()) {
                at += 1;
            }
            let run = &text[start..at];
            // A run with other characters may hold non-alphanumeric ones (a dash, a quote).
            let end = if run.is_ascii() {
                run.len()
            } else {
                let end = run
                    .char_indices()
                    .find(|(_, c)| !c.is_alphanumeric())
                    .map_or(run.len(), |(i, _)| i);
                at = start + end.max(run.chars().next().map_or(1, char::len_utf8));
                end
            };
            if run[..end].chars().nth(1).is_some() {
                return Some((start, start + end));
            }
        }
    })
}

/// Stems already worked out on this thread (a site repeats its words far more often than it
/// has different ones), and room to lower-case a word.
#[derive(Default)]
struct Stems {
    lower: String,
    stems: FxHashMap<String, String>,
}

thread_local! {
    static STEMS: RefCell<Stems> = RefCell::new(Stems::default());
}

/// The term a word is indexed and searched by: lower-cased, and stemmed when it is an English
/// word (ASCII letters only); numbers and words in other scripts are kept as they are.
pub fn term(word: &str) -> String {
    with_term(word, str::to_owned)
}

/// Calls `f` with the term of `word`, as [`term`] gives it, without allocating for a word
/// already seen on this thread.
pub fn with_term<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    STEMS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let Stems { lower, stems } = &mut *cache;
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        if !lower.bytes().all(|b| b.is_ascii_lowercase()) {
            return f(lower);
        }
        if let Some(stem) = stems.get(lower.as_str()) {
            return f(stem);
        }
        let stem = Stemmer::create(Algorithm::English).stem(lower).into_owned();
        if stems.len() > 200_000 {
            stems.clear();
        }
        let result = f(&stem);
        stems.insert(lower.clone(), stem);
        result
    })
}

/// Up to `length` words of `text` around the first word whose term is `wanted`, with `…` where
/// it was cut; the start of the text when no word matches.
pub fn excerpt(text: &str, wanted: &str, length: usize) -> String {
    let spans: Vec<(usize, usize)> = spans(text).collect();
    let found = spans
        .iter()
        .position(|&(s, e)| with_term(&text[s..e], |t| t == wanted))
        .unwrap_or(0);
    let first = found.saturating_sub(length / 3);
    let last = (first + length).min(spans.len());
    if spans.is_empty() {
        return String::new();
    }
    let start = if first == 0 { 0 } else { spans[first].0 };
    let end = if last == spans.len() {
        text.len()
    } else {
        spans[last - 1].1
    };
    let mut out = String::with_capacity(end - start + 8);
    if start > 0 {
        out.push('…');
    }
    // Line breaks between blocks read as spaces in one line of excerpt.
    for (i, piece) in text[start..end].split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(piece);
    }
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_at_anything_but_letters_and_digits() {
        let found: Vec<&str> =
            words("Children’s services—2023/24: café, a b; naïve—x ÿz").collect();
        assert_eq!(
            found,
            ["Children", "services", "2023", "24", "café", "naïve", "ÿz"]
        );
    }

    #[test]
    fn english_words_are_stemmed_so_that_forms_of_a_word_meet() {
        for (a, b) in [
            ("inspections", "inspection"),
            ("recruiting", "recruitment"),
            ("recruited", "recruit"),
            ("Safeguarding", "safeguarded"),
            ("families", "family"),
        ] {
            assert_eq!(term(a), term(b), "{a} and {b}");
        }
        assert_ne!(term("care"), term("career"));
        assert_eq!(term("2023"), "2023");
        assert_eq!(term("Café"), "café", "other scripts are only lower-cased");
    }

    #[test]
    fn an_excerpt_is_cut_around_the_first_match() {
        let text = "One two three four five six seven eight nine ten inspections eleven twelve thirteen fourteen fifteen.";
        assert_eq!(
            excerpt(text, &term("inspection"), 6),
            "…nine ten inspections eleven twelve thirteen…"
        );
        assert_eq!(excerpt("Short text.", "missing", 6), "Short text.");
        assert_eq!(excerpt("", "x", 6), "");
    }
}
