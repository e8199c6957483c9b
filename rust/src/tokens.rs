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
use std::cell::Cell;

/// The term standing for a run of separators between two runs of text (never a word itself).
pub const BREAK: &str = "|";

fn is_han(c: char) -> bool {
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
    for_each_token(text, |t| out.push(t.to_string()));
    out
}

/// Terms of `text` joined by single spaces, for tantivy's `whitespace` tokenizer.
pub fn token_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for_each_token(text, |t| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    });
    out
}

fn for_each_token(text: &str, mut out: impl FnMut(&str)) {
    // A break is emitted lazily, only once a token follows it: never at either end.
    let (started, pending) = (Cell::new(false), Cell::new(false));
    let mut emit = |t: &str| {
        if pending.replace(false) {
            out(BREAK);
        }
        started.set(true);
        out(t);
    };
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    let mut buf = String::new();
    let mut flush_han = |han: &mut Vec<char>, emit: &mut dyn FnMut(&str)| {
        if han.len() == 1 {
            buf.clear();
            buf.push(han[0]);
            emit(&buf);
        }
        for w in han.windows(2) {
            buf.clear();
            buf.push(w[0]);
            buf.push(w[1]);
            emit(&buf);
        }
        han.clear();
    };
    for c in text.chars() {
        let Some(c) = fold_char(c) else { continue };
        if is_han(c) {
            if !word.is_empty() {
                emit(&word);
                word.clear();
            }
            han.push(c);
        } else if c.is_alphanumeric() {
            flush_han(&mut han, &mut emit);
            word.extend(c.to_lowercase());
        } else {
            flush_han(&mut han, &mut emit);
            if !word.is_empty() {
                emit(&word);
                word.clear();
            }
            pending.set(started.get());
        }
    }
    flush_han(&mut han, &mut emit);
    if !word.is_empty() {
        emit(&word);
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
}
