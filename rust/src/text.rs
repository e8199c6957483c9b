//! A decoded document: the original text, its normalized form, and positions.
//!
//! Invariants: `line` is 1-based and counts `\n`, `\r\n` and lone `\r` as line breaks (the same
//! as splitting on `\n` for LF and CRLF files); `col` is the 0-based code-point index in that
//! line of the original text, as Python indexes `str`. All matching runs on `norm.text`; every
//! position leaving the core goes through [`Text::pos`].

use crate::normalize::{normalize, Normalized};
use serde::Serialize;
use std::borrow::Cow;

/// A position in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 0-based code-point column in the original line.
    pub col: u32,
}

/// Bytes per checkpoint block: a column costs at most two scans of this many bytes, whatever
/// the line length (paragraph lines are long, and every figure and heading asks for a column).
/// The checkpoints cost 4 bytes per block (1.5% of the text).
const BLOCK: usize = 256;

/// The original text with its normalized form and line index.
#[derive(Debug, Clone)]
pub struct Text {
    /// The decoded original text.
    pub original: String,
    /// The normalized text and its map back.
    pub norm: Normalized,
    /// Byte offset of each line start in `original`.
    line_starts: Vec<usize>,
    /// Code points in `original[..k * BLOCK]`.
    block_chars: Vec<u32>,
}

/// Code points in a UTF-8 byte slice.
pub fn count_chars(b: &[u8]) -> usize {
    count_chars_ascii(b).0
}

/// Code points and ASCII bytes in a UTF-8 byte slice, in one pass.
pub fn count_chars_ascii(b: &[u8]) -> (usize, usize) {
    // A code point starts at every byte that is not a UTF-8 continuation byte. Byte-wide
    // counters over chunks of at most 255 bytes let the loop run 16 bytes per vector step
    // (`usize` counters would widen every lane to 64 bits).
    let (mut chars, mut ascii) = (0, 0);
    for chunk in b.chunks(255) {
        let (c, a) = chunk.iter().fold((0u8, 0u8), |(c, a), &x| {
            (c + u8::from((x as i8) >= -0x40), a + u8::from(x < 0x80))
        });
        chars += c as usize;
        ascii += a as usize;
    }
    (chars, ascii)
}

impl Text {
    /// Normalize `original` and index its lines.
    pub fn new(original: String) -> Text {
        let norm = normalize(&original);
        let bytes = original.as_bytes();
        let mut line_starts = vec![0];
        for p in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') {
                continue;
            }
            line_starts.push(p + 1);
        }
        let mut block_chars = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut acc = 0;
        for chunk in bytes.chunks(BLOCK) {
            block_chars.push(acc as u32);
            acc += count_chars(chunk);
        }
        Text {
            original,
            norm,
            line_starts,
            block_chars,
        }
    }

    /// Number of lines (a trailing line break opens one more, empty line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Code-point index of original byte `b`.
    pub fn char_index(&self, b: usize) -> usize {
        let k = b / BLOCK;
        self.block_chars.get(k).map_or(0, |&c| c as usize)
            + count_chars(&self.original.as_bytes()[k * BLOCK..b])
    }

    /// Position of original byte `b`.
    pub fn pos_orig(&self, b: usize) -> Pos {
        let i = self.line_starts.partition_point(|&s| s <= b) - 1;
        let start = self.line_starts[i];
        let col = if b - start < BLOCK {
            count_chars(&self.original.as_bytes()[start..b])
        } else {
            self.char_index(b) - self.char_index(start)
        };
        Pos {
            line: i as u32 + 1,
            col: col as u32,
        }
    }

    /// Position in the original of normalized byte `n`.
    pub fn pos(&self, n: usize) -> Pos {
        self.pos_orig(self.norm.orig_start(n))
    }

    /// Original text of the normalized span `[s, e)`.
    pub fn orig_slice(&self, s: usize, e: usize) -> &str {
        let (a, b) = (self.norm.orig_start(s), self.norm.orig_end(e));
        if a >= b {
            ""
        } else {
            &self.original[a..b]
        }
    }

    /// Original text of the normalized span `[s, e)`, leaving out deleted stretches that held
    /// a line break (rejoined hard wraps, page-number lines), so a wrapped heading reads as one
    /// line. A web page's markup is left out wherever it stands, and a block tag or character
    /// reference reads as the character it stands for (a line break, `>`).
    pub fn clean_slice(&self, s: usize, e: usize) -> String {
        if self.norm.markup {
            self.mapped_slice(s, e)
        } else {
            self.unwrapped_slice(s, e)
        }
    }

    /// [`Text::clean_slice`] by mapping every character of the span back to the original.
    fn mapped_slice(&self, s: usize, e: usize) -> String {
        let (markup, subs) = (self.norm.markup, &self.norm.subs);
        let mut out = String::new();
        let mut prev: Option<usize> = None;
        let mut seg_start = 0;
        let mut cur = self.norm.cursor(s);
        let mut k = 0;
        for (i, c) in self.norm.text[s..e].char_indices() {
            let n = s + i;
            let o = cur.orig_start(n);
            match prev {
                Some(pe) if pe == o => {}
                Some(pe) => {
                    let gap = self.original.get(pe..o).unwrap_or("");
                    if markup || gap.contains(['\n', '\r']) {
                        out.push_str(&self.original[seg_start..pe]);
                        seg_start = o;
                    }
                }
                None => {
                    seg_start = o;
                    k = subs.partition_point(|u| u.0 < o);
                }
            }
            while subs.get(k).is_some_and(|u| u.0 < o) {
                k += 1;
            }
            if let Some(&(p, sub)) = subs.get(k).filter(|u| u.0 == o) {
                out.push_str(&self.original[seg_start..p]);
                out.push(sub);
                seg_start = p + 1;
            }
            prev = Some(cur.orig_end(n + c.len_utf8()));
        }
        if let Some(pe) = prev {
            out.push_str(self.original.get(seg_start..pe).unwrap_or(""));
        }
        out
    }

    /// [`Text::clean_slice`] of plain text (no markup, so no substitutions): the original span
    /// without the deleted stretches that held a line break, found from the deletions alone
    /// rather than by mapping every character (heading and enumeration texts ask for it).
    fn unwrapped_slice(&self, s: usize, e: usize) -> String {
        let mut out = String::new();
        if s >= e {
            return out;
        }
        let mut seg_start = self.norm.orig_start(s);
        for (pe, o) in self.norm.deletions_within(s, e) {
            let gap = self.original.get(pe..o).unwrap_or("");
            if gap.contains(['\n', '\r']) {
                out.push_str(&self.original[seg_start..pe]);
                seg_start = o;
            }
        }
        let end = self.norm.orig_end(e);
        out.push_str(self.original.get(seg_start..end).unwrap_or(""));
        out
    }

    /// Text of the normalized span `[s, e)` to show a reader: the original as it stands, except
    /// that a web page's markup is left out ([`Text::clean_slice`]).
    pub fn display_slice(&self, s: usize, e: usize) -> Cow<'_, str> {
        if self.norm.markup {
            Cow::Owned(self.clean_slice(s, e))
        } else {
            Cow::Borrowed(self.orig_slice(s, e))
        }
    }

    /// The original line `line` (1-based), without its line break.
    pub fn line(&self, line: usize) -> &str {
        let s = self.line_starts[line - 1];
        let e = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.original.len() + 1)
            - 1;
        self.original[s..e.max(s)].trim_end_matches(['\r', '\n'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_on_mixed_text() {
        let t = Text::new("第一行\r\n（一）化解率达９９％\n\nabc\r三".to_string());
        assert_eq!(t.line_count(), 5);
        let n = t.norm.text.find("化解率").unwrap();
        assert_eq!(t.pos(n), Pos { line: 2, col: 3 });
        let e = t.norm.text.find('%').unwrap() + 1;
        assert_eq!(t.orig_slice(n, e), "化解率达９９％");
        assert_eq!(
            t.pos(t.norm.text.find('三').unwrap()),
            Pos { line: 5, col: 0 }
        );
        assert_eq!(t.line(2), "（一）化解率达９９％");
        assert_eq!(t.line(4), "abc");
    }

    proptest::proptest! {
        /// Plain text's clean slices, found from the deletions, are those of the mapping of
        /// every character, for every span.
        #[test]
        fn unwrapped_slices_match_mapped_ones(
            s in "[一二（）(1９.．、。，,：\u{3000}\u{200B}\u{FEFF}\r\n議a -]{0,80}",
            wrap in proptest::bool::ANY,
        ) {
            // a hard-wrapped copy gives deletions that hold line breaks
            let s = if wrap { format!("{}\n", s.repeat(3)).replace('a', &"法".repeat(20)) } else { s };
            let t = Text::new(s);
            proptest::prop_assume!(!t.norm.markup);
            let bounds: Vec<usize> = (0..=t.norm.text.len())
                .filter(|&b| t.norm.text.is_char_boundary(b))
                .collect();
            for (k, &a) in bounds.iter().enumerate() {
                for &b in &bounds[k..] {
                    proptest::prop_assert_eq!(t.unwrapped_slice(a, b), t.mapped_slice(a, b));
                }
            }
        }
    }

    #[test]
    fn long_lines_use_checkpoints() {
        let s = "法".repeat(10_000) + "化解率";
        let t = Text::new(s);
        assert_eq!(
            t.pos(t.norm.text.find("化解率").unwrap()),
            Pos {
                line: 1,
                col: 10_000
            }
        );
    }
}
