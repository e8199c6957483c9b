//! Search tokens: the one function that turns text into index terms, used for documents and
//! queries alike, so both sides always agree.
//!
//! Layout (Lucene CJKBigram style): each run of Han characters becomes its overlapping bigrams
//! (a lone Han character becomes itself); each run of letters and digits becomes one lowercased
//! word; everything else separates. Text is folded first (width, compatibility forms,
//! Traditional → Simplified), so `行政復議` and `行政复议` give the same terms. Consecutive terms
//! have consecutive positions, so a phrase of bigrams matches exactly the contiguous string.
//! Where separators (punctuation, spaces) stood between two runs, the term [`BREAK`] takes a
//! position, so a phrase never bridges punctuation (`工作，作风` does not contain `工作风`).

use crate::normalize::fold_char;
use std::collections::HashMap;

/// The term standing for a run of separators between two runs of text (never a word itself).
pub const BREAK: &str = "|";

pub(crate) fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007)
}

/// Term texts of `text`, in order.
///
/// # Examples
/// ```
/// assert_eq!(_core::tokens::tokens("化解率达99.9%"), ["化解", "解率", "率达", "99", "|", "9"]);
/// assert_eq!(_core::tokens::tokens("行政復議"), ["行政", "政复", "复议"]);
/// assert_eq!(_core::tokens::tokens("率"), ["率"]);
/// ```
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(text, &mut out);
    out
}

/// Terms of `text` joined by single spaces, for tantivy's `whitespace` tokenizer.
pub fn token_string(text: &str) -> String {
    Phrases::default().token_string(text)
}

/// Appends `term` to the space-joined `out`.
fn push_term(out: &mut String, term: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(term);
}

/// Frequent phrases indexed as single terms beside the bigrams (after them, in the same field),
/// so that a query for one is a lookup of one posting list instead of a phrase query, whose cost
/// grows with every match
/// (the idea of Lucene's CommonGrams and Elasticsearch's `index_phrases`). A phrase's term
/// occurs once per occurrence of the phrase in a run of Han characters of the folded text:
/// exactly where the phrase query of its bigrams matches, so both give the same hits.
#[derive(Debug, Clone, Default)]
pub struct Phrases {
    list: Vec<String>,
    chars: Vec<Vec<char>>,
    /// Phrases by their first two characters, and a bit per hash of such a pair: most
    /// positions of a text cost one bit test (an Aho-Corasick automaton over ~600 phrases was
    /// slower than the whole tokenizer).
    starts: HashMap<(char, char), Vec<u32>>,
    filter: Vec<u64>,
}

fn pair_bit(a: char, b: char) -> usize {
    let k = (a as u64) << 21 | b as u64;
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 48) as usize
}

impl Phrases {
    /// The folded phrases of three or more Han characters among `phrases` (shorter ones are a
    /// bigram or a character already), without repeats.
    pub fn new<S: AsRef<str>>(phrases: impl IntoIterator<Item = S>) -> Phrases {
        let mut list: Vec<String> = phrases
            .into_iter()
            .map(|p| p.as_ref().chars().filter_map(fold_char).collect::<String>())
            .filter(|p| p.chars().count() >= 3 && p.chars().all(is_han))
            .collect();
        list.sort();
        list.dedup();
        let chars: Vec<Vec<char>> = list.iter().map(|p| p.chars().collect()).collect();
        let mut starts: HashMap<(char, char), Vec<u32>> = HashMap::new();
        let mut filter = vec![0u64; 1 << 10];
        for (i, c) in chars.iter().enumerate() {
            starts.entry((c[0], c[1])).or_default().push(i as u32);
            let h = pair_bit(c[0], c[1]);
            filter[h / 64] |= 1 << (h % 64);
        }
        Phrases {
            list,
            chars,
            starts,
            filter,
        }
    }

    /// The phrases, folded, sorted.
    pub fn list(&self) -> &[String] {
        &self.list
    }

    /// The phrase terms of `text`, joined by spaces, one per occurrence.
    ///
    /// # Examples
    /// ```
    /// let p = _core::tokens::Phrases::new(["化解率", "纠纷化解率", "行政復議"]);
    /// assert_eq!(p.term_string("矛盾纠纷化解率，行政复议"), "纠纷化解率 化解率 行政复议");
    /// assert_eq!(p.term_string("化解 率"), "");
    /// ```
    pub fn term_string(&self, text: &str) -> String {
        let mut sink = Spaced {
            terms: None,
            phrases: Some((self, String::new())),
        };
        for_each_token(text, &mut sink);
        sink.phrases.map(|p| p.1).unwrap_or_default()
    }

    /// [`token_string`] of `text` followed, after a [`BREAK`], by its phrase terms: one field
    /// holds both (a phrase term has three or more characters, so it is never a bigram, a lone
    /// character or a word, and the break keeps it from following a bigram), and a document's
    /// length for BM25 is that of its text.
    ///
    /// # Examples
    /// ```
    /// let p = _core::tokens::Phrases::new(["化解率"]);
    /// assert_eq!(p.token_string("化解率达"), "化解 解率 率达 | 化解率");
    /// assert_eq!(p.token_string("化解"), "化解");
    /// ```
    pub fn token_string(&self, text: &str) -> String {
        // a Han character (3 bytes) gives a bigram and a space (7 bytes)
        let mut sink = Spaced {
            terms: Some(String::with_capacity(text.len() * 7 / 3 + 8)),
            phrases: (!self.list.is_empty()).then(|| (self, String::new())),
        };
        for_each_token(text, &mut sink);
        let mut terms = sink.terms.unwrap_or_default();
        if let Some((_, phrases)) = sink.phrases.filter(|p| !p.1.is_empty()) {
            push_term(&mut terms, BREAK);
            push_term(&mut terms, &phrases);
        }
        terms
    }

    /// Appends the phrases that occur in `han` (a run of folded Han characters) to `out`.
    fn find(&self, han: &[char], out: &mut String) {
        if han.len() < 3 || self.list.is_empty() {
            return;
        }
        for i in 0..han.len() - 2 {
            let h = pair_bit(han[i], han[i + 1]);
            if self.filter[h / 64] & (1 << (h % 64)) == 0 {
                continue;
            }
            let Some(ids) = self.starts.get(&(han[i], han[i + 1])) else {
                continue;
            };
            for &id in ids {
                if han[i..].starts_with(&self.chars[id as usize]) {
                    push_term(out, &self.list[id as usize]);
                }
            }
        }
    }
}

/// What receives the terms of [`for_each_token`]: each term, a bigram as its two characters
/// (so a string is written without an intermediate copy), and each run of folded Han
/// characters.
trait Sink {
    fn term(&mut self, t: &str);
    fn pair(&mut self, a: char, b: char);
    fn run(&mut self, _han: &[char]) {}
}

impl Sink for Vec<String> {
    fn term(&mut self, t: &str) {
        self.push(t.to_string());
    }
    fn pair(&mut self, a: char, b: char) {
        self.push([a, b].iter().collect());
    }
}

/// Terms joined by spaces (`terms`), and phrase terms (`phrases`), each when asked for.
struct Spaced<'a> {
    terms: Option<String>,
    phrases: Option<(&'a Phrases, String)>,
}

impl Sink for Spaced<'_> {
    #[inline]
    fn term(&mut self, t: &str) {
        if let Some(out) = &mut self.terms {
            push_term(out, t);
        }
    }
    #[inline]
    fn pair(&mut self, a: char, b: char) {
        if let Some(out) = &mut self.terms {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(a);
            out.push(b);
        }
    }
    fn run(&mut self, han: &[char]) {
        if let Some((p, out)) = &mut self.phrases {
            p.find(han, out);
        }
    }
}

/// Sends terms to a [`Sink`]; a break is only sent once a term follows it, so never at either
/// end.
struct Emit<'s, S> {
    sink: &'s mut S,
    started: bool,
    pending: bool,
}

impl<S: Sink> Emit<'_, S> {
    #[inline]
    fn before_term(&mut self) {
        if std::mem::take(&mut self.pending) {
            self.sink.term(BREAK);
        }
        self.started = true;
    }

    #[inline]
    fn term(&mut self, t: &str) {
        self.before_term();
        self.sink.term(t);
    }

    #[inline]
    fn pair(&mut self, a: char, b: char) {
        self.before_term();
        self.sink.pair(a, b);
    }

    #[inline]
    fn separator(&mut self) {
        self.pending = self.started;
    }
}

/// Neither a letter nor a digit, known without Unicode's tables: the punctuation of Chinese
/// text (a test checks these ranges against `char::is_alphanumeric`).
#[inline]
fn is_cjk_punctuation(u: u32) -> bool {
    matches!(u, 0x2010..=0x205E | 0x3001..=0x3004 | 0x3008..=0x3020 | 0xFF5F..=0xFF65)
}

/// Sends the terms of `text` to `sink`, and each run of (folded) Han characters. Bigrams are
/// sent as soon as their second character is read, so a run is walked once.
fn for_each_token(text: &str, sink: &mut impl Sink) {
    let mut emit = Emit {
        sink,
        started: false,
        pending: false,
    };
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    fn end_run<S: Sink>(han: &mut Vec<char>, emit: &mut Emit<'_, S>) {
        match han.len() {
            0 => return,
            1 => emit.term(han[0].encode_utf8(&mut [0; 4])),
            _ => {}
        }
        emit.sink.run(han);
        han.clear();
    }
    for c in text.chars() {
        let Some(c) = fold_char(c) else { continue };
        let u = c as u32;
        if u < 0x80 {
            if c.is_ascii_alphanumeric() {
                end_run(&mut han, &mut emit);
                word.push(c.to_ascii_lowercase());
                continue;
            }
        } else if is_han(c) {
            if !word.is_empty() {
                emit.term(&word);
                word.clear();
            }
            if let Some(&prev) = han.last() {
                emit.pair(prev, c);
            }
            han.push(c);
            continue;
        } else if !is_cjk_punctuation(u) && c.is_alphanumeric() {
            end_run(&mut han, &mut emit);
            word.extend(c.to_lowercase());
            continue;
        }
        end_run(&mut han, &mut emit);
        if !word.is_empty() {
            emit.term(&word);
            word.clear();
        }
        emit.separator();
    }
    end_run(&mut han, &mut emit);
    if !word.is_empty() {
        emit.term(&word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_words_and_breaks() {
        assert_eq!(
            tokens("矛盾纠纷化解率"),
            ["矛盾", "盾纠", "纠纷", "纷化", "化解", "解率"]
        );
        assert_eq!(
            tokens("ＡＢＣ法治，12348热线"),
            ["abc", "法治", "|", "12348", "热线"]
        );
        assert_eq!(tokens("一、"), ["一"]);
        assert_eq!(token_string("化解 率"), "化解 | 率");
        assert_eq!(tokens("，工作，作风。"), ["工作", "|", "作风"]);
        assert!(tokens("  ，。").is_empty());
        assert_eq!(tokens("化\u{200B}解"), ["化解"]);
    }

    #[test]
    fn punctuation_ranges_hold_no_letter_or_digit() {
        let fast = (0..0x11_0000u32)
            .filter(|&u| is_cjk_punctuation(u))
            .filter_map(char::from_u32);
        for c in fast {
            assert!(!c.is_alphanumeric(), "{c:?} U+{:04X}", c as u32);
        }
    }

    /// Occurrences of the phrase query of `p`'s bigrams in `terms`: consecutive positions.
    fn phrase_matches(terms: &[String], p: &str) -> usize {
        let q = tokens(p);
        terms
            .windows(q.len())
            .filter(|w| *w == q.as_slice())
            .count()
    }

    proptest::proptest! {
        #[test]
        fn phrase_terms_match_where_bigram_phrases_do(
            s in "[化解率纠纷達达，, 1a\u{200B}复議议行政]{0,60}"
        ) {
            let list = ["化解率", "纠纷化解率", "行政复议", "解率达", "率达"];
            let p = Phrases::new(list);
            let terms = tokens(&s);
            let got = p.term_string(&s);
            // the document's terms: the bigrams, then (after a break) the phrase terms
            let full = p.token_string(&s);
            let (head, tail) = full.rsplit_once(" | ").unwrap_or((&full, ""));
            let plain = token_string(&s);
            if got.is_empty() {
                proptest::prop_assert_eq!(&full, &plain);
            } else {
                proptest::prop_assert_eq!(tail, got.as_str());
                proptest::prop_assert_eq!(head, plain.as_str());
            }
            for phrase in p.list() {
                let n = got.split(' ').filter(|t| t == phrase).count();
                proptest::prop_assert_eq!(n, phrase_matches(&terms, phrase), "{} in {:?}", phrase, s);
            }
        }
    }
}
