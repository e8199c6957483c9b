//! Bytes to text. Detects UTF-8 (with or without BOM), UTF-16 (BOM, or BOM-less by its NUL
//! pattern), GB18030/GBK and Big5, and decodes with `encoding_rs`. Never fails: undecodable bytes
//! become U+FFFD and the count goes into a warning, so one bad byte never costs a report.
//!
//! Why a scored guess between GB18030 and Big5: both accept most byte pairs, so "decodes without
//! errors" does not tell them apart; the share of the genre's most frequent characters does.

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::sync::LazyLock;

/// The decoded text of a file and how it was obtained.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, with any byte-order mark removed.
    pub text: String,
    /// Name of the encoding used: `utf-8`, `utf-8-sig`, `utf-16le`, `utf-16be`, `gb18030`, `big5`,
    /// `docx` for the text of a Word document, or `pdf`, `ole`, `rtf` for formats recognised
    /// but not read (no text, `binary`, a warning saying how to convert them).
    pub encoding: &'static str,
    /// Number of U+FFFD characters that decoding had to insert.
    pub replacements: usize,
    /// The bytes are not text (dense NUL/control bytes, or mostly undecodable).
    pub binary: bool,
    /// Human-readable remarks (replacements, binary content, empty input).
    pub warnings: Vec<String>,
}

/// Document formats known by their first bytes whose text is not read: (magic, the name that
/// stands for the encoding, what to do). Reading them as text would index binary noise.
const UNREAD: [(&[u8], &str, &str); 3] = [
    (
        b"%PDF-",
        "pdf",
        "a PDF file: its text is not read (convert it first: pdftotext, or LibreOffice to .docx)",
    ),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "ole",
        "an old Word or WPS document (.doc, .wps): not read (convert it to .docx or text first, \
         e.g. soffice --headless --convert-to docx)",
    ),
    (
        b"{\\rtf",
        "rtf",
        "an RTF document: not read (convert it to .docx or text first)",
    ),
];

/// Why a file decoded as `encoding` was not read (a known document format), if it was not.
pub fn unread_reason(encoding: &str) -> Option<&'static str> {
    UNREAD.iter().find(|u| u.1 == encoding).map(|u| u.2)
}

/// Decode `bytes`, choosing the encoding as described in the module docs.
///
/// # Examples
/// ```
/// let d = _core::decode::decode("法治政府".as_bytes());
/// assert_eq!((d.text.as_str(), d.encoding), ("法治政府", "utf-8"));
/// let (gbk, _, _) = encoding_rs::GB18030.encode("法治政府建设年度报告");
/// assert_eq!(_core::decode::decode(&gbk).text, "法治政府建设年度报告");
/// ```
pub fn decode(bytes: &[u8]) -> Decoded {
    let mut warnings = Vec::new();
    if bytes.is_empty() {
        warnings.push("empty file".to_string());
        return Decoded {
            text: String::new(),
            encoding: "utf-8",
            replacements: 0,
            binary: false,
            warnings,
        };
    }
    if let Some(&(_, name, why)) = UNREAD.iter().find(|(magic, _, _)| bytes.starts_with(magic)) {
        return Decoded {
            text: String::new(),
            encoding: name,
            replacements: 0,
            binary: true,
            warnings: vec![why.to_string()],
        };
    }
    if crate::docx::is_zip(bytes) {
        match crate::docx::text(bytes) {
            Ok(text) => {
                return Decoded {
                    text,
                    encoding: "docx",
                    replacements: 0,
                    binary: false,
                    warnings,
                }
            }
            Err(why) => warnings.push(format!("zip archive not read as a Word document: {why}")),
        }
    }
    let (text, encoding, replacements) = if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let name = match enc.name() {
            "UTF-8" => "utf-8-sig",
            "UTF-16LE" => "utf-16le",
            _ => "utf-16be",
        };
        let (t, n) = decode_with(enc, &bytes[bom..]);
        (t, name, n)
    } else if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        (s.to_string(), "utf-8", 0)
    } else if let Some(enc) = utf16_without_bom(bytes) {
        let (t, n) = decode_with(enc, bytes);
        (
            t,
            if enc == UTF_16LE {
                "utf-16le"
            } else {
                "utf-16be"
            },
            n,
        )
    } else {
        best_legacy(bytes)
    };
    if replacements > 0 {
        warnings.push(format!(
            "decoded as {encoding} with {replacements} undecodable byte sequence(s) replaced by U+FFFD"
        ));
    }
    let nul = memchr::memchr_iter(0, text.as_bytes()).count();
    let controls = count_controls(text.as_bytes());
    // A stray NUL or two happens in real exports; text with one in a hundred bytes does not.
    let binary = (nul + controls) * 100 > text.len() || replacements * 10 > text.len() / 3 + 1;
    if binary {
        warnings.push(format!(
            "looks binary ({nul} NUL and {controls} control characters); extracted what text there is"
        ));
    } else if nul > 0 {
        warnings.push(format!("contains {nul} NUL byte(s); ignored for matching"));
    }
    Decoded {
        text,
        encoding,
        replacements,
        binary,
        warnings,
    }
}

/// Control bytes other than line breaks, tabs and form feeds (NUL included) in `b`.
fn count_controls(b: &[u8]) -> usize {
    // Byte-wide counters over chunks of at most 255 bytes let the loop run a vector at a time
    // (counting through `filter` stepped byte by byte, a pass that showed in the extraction).
    b.chunks(255)
        .map(|chunk| {
            chunk.iter().fold(0u8, |n, &x| {
                n + u8::from((x < 0x20) & (x != b'\n') & (x != b'\r') & (x != b'\t') & (x != 0x0c))
            })
        })
        .map(usize::from)
        .sum()
}

fn decode_with(enc: &'static Encoding, bytes: &[u8]) -> (String, usize) {
    let (cow, _) = enc.decode_without_bom_handling(bytes);
    let text = cow.into_owned();
    let n = text.matches('\u{FFFD}').count() - count_literal_fffd(bytes, enc);
    (text, n)
}

/// U+FFFD characters that were in the input already are not decoding errors.
fn count_literal_fffd(bytes: &[u8], enc: &'static Encoding) -> usize {
    if enc == UTF_8 {
        memchr::memmem::find_iter(bytes, "\u{FFFD}".as_bytes()).count()
    } else {
        0
    }
}

/// BOM-less UTF-16 shows as NUL bytes on every other position for mostly-ASCII text; Chinese
/// text has no such pattern, so also require the even/odd split to be lopsided.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096)];
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += (pair[0] == 0) as usize;
        odd += (pair[1] == 0) as usize;
    }
    let pairs = sample.len() / 2;
    if odd * 3 > pairs && even * 10 < pairs {
        Some(UTF_16LE)
    } else if even * 3 > pairs && odd * 10 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Frequent characters of the genre, in both scripts; a right guess is full of them.
const FREQUENT: &str = "的法治政府建设设年工作和推进進行执執规規度报報告人民区區县縣镇鎮";

/// A set of characters of U+4E00..=U+9FFF, one bit each (2.6 KB): tested for every character of
/// a text, where a bit test beats searching a string or hashing.
pub(crate) struct HanSet(Vec<u64>);

impl HanSet {
    /// The set of `chars` (those outside the range are left out).
    pub(crate) fn new(chars: impl IntoIterator<Item = char>) -> HanSet {
        let mut bits = vec![0u64; (0xA000 - 0x4E00) / 64];
        for c in chars {
            let i = (c as u32).wrapping_sub(0x4E00) as usize;
            if i < 0xA000 - 0x4E00 {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        HanSet(bits)
    }

    #[inline]
    pub(crate) fn contains(&self, c: char) -> bool {
        let i = (c as u32).wrapping_sub(0x4E00) as usize;
        i < 0xA000 - 0x4E00 && self.0[i / 64] & (1 << (i % 64)) != 0
    }
}

static FREQUENT_SET: LazyLock<HanSet> = LazyLock::new(|| HanSet::new(FREQUENT.chars()));

fn best_legacy(bytes: &[u8]) -> (String, &'static str, usize) {
    let mut best: Option<(i64, String, &'static str, usize)> = None;
    for (enc, name) in [(GB18030, "gb18030"), (BIG5, "big5"), (UTF_8, "utf-8")] {
        let (text, n) = decode_with(enc, bytes);
        let frequent = &*FREQUENT_SET;
        let (hits, han) = text.chars().fold((0usize, 0usize), |(h, a), c| {
            (
                h + frequent.contains(c) as usize,
                a + ('\u{4E00}'..='\u{9FFF}').contains(&c) as usize,
            )
        });
        // GB18030 is by far the most common legacy encoding of the genre: a clean decode full
        // of its frequent characters settles it without trying the others.
        if name == "gb18030" && n == 0 && hits * 12 >= han && han > 0 {
            return (text, name, n);
        }
        let score = hits as i64 - 8 * n as i64;
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, text, name, n));
        }
    }
    let (_, text, name, n) = best.expect("three candidates were scored");
    (text, name, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequent_set_matches_the_string() {
        for u in 0..0x11_0000 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(FREQUENT_SET.contains(c), FREQUENT.contains(c), "{c}");
        }
    }

    #[test]
    fn detects_each_encoding() {
        let s = "关于2022年法治政府建设情况的报告\n化解率达99.9%";
        let (gbk, _, _) = GB18030.encode(s);
        let (big5, _, _) = BIG5.encode("關於2022年法治政府建設情況的報告");
        let mut le = vec![0xFF, 0xFE];
        le.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(s.encode_utf16().flat_map(|u| u.to_be_bytes()));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend(s.as_bytes());
        let cases: Vec<(&[u8], &str)> = vec![
            (s.as_bytes(), "utf-8"),
            (&bom, "utf-8-sig"),
            (&gbk, "gb18030"),
            (&le, "utf-16le"),
            (&be, "utf-16be"),
            (&big5, "big5"),
        ];
        for (bytes, want) in cases {
            let d = decode(bytes);
            assert_eq!(d.encoding, want);
            assert_eq!(d.replacements, 0, "{want}");
            assert!(d.warnings.is_empty(), "{want}: {:?}", d.warnings);
        }
    }

    #[test]
    fn bad_bytes_are_replaced_with_a_warning() {
        let mut b = "法治政府建设".as_bytes().to_vec();
        b.extend([0xFF, 0xFF, 0xFF]);
        b.extend("年度报告".as_bytes());
        let d = decode(&b);
        assert!(d.text.contains("年度报告"));
        assert!(d.replacements > 0);
        assert!(d.warnings[0].contains("U+FFFD"));
    }

    #[test]
    fn empty_and_binary_inputs_warn() {
        assert_eq!(decode(b"").warnings, vec!["empty file"]);
        let bin: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 256) as u8).collect();
        let d = decode(&bin);
        assert!(d.warnings.iter().any(|w| w.contains("binary")));
    }

    #[test]
    fn document_formats_that_are_not_read_say_so() {
        for (bytes, name, says) in [
            (&b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"[..], "pdf", "PDF"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", "ole", ".doc"),
            (b"{\\rtf1\\ansi\\ansicpg936 \\'b7\\'a8", "rtf", "RTF"),
        ] {
            let d = decode(bytes);
            assert_eq!((d.encoding, d.binary, d.text.as_str()), (name, true, ""));
            assert!(d.warnings[0].contains(says) && d.warnings[0].contains("convert"));
            assert_eq!(unread_reason(name), Some(d.warnings[0].as_str()));
        }
        assert_eq!(unread_reason("utf-8"), None);
    }
}
