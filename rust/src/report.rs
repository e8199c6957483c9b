//! The whole extraction of one report: decode → normalize → segment → metrics → metadata.
//! Never fails on content: whatever the bytes, a `Report` comes back, with warnings.

use crate::decode::decode;
use crate::meta::{extract_meta, Meta};
use crate::metrics::{extract_metrics, rfind_sent_end, Lexicon, Metric};
use crate::segment::{segment, Enumeration, Heading, RequiredParts, Section};
use crate::text::Text;
use serde::Serialize;

/// Everything extracted from one report. `serde` gives the JSON form (`to_dict`), which holds the
/// document fields of the gold schema plus `file`, `encoding`, `warnings` and the lists.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub file: Option<String>,
    pub encoding: String,
    pub warnings: Vec<String>,
    pub line_count: u32,
    /// Characters of the decoded text (what counts are normalized by: occurrences per 10,000).
    pub chars: usize,
    /// Size of the input in bytes.
    pub bytes: u64,
    /// Undecodable byte sequences replaced by U+FFFD.
    pub replacements: usize,
    /// The input does not look like text.
    pub binary: bool,
    #[serde(flatten)]
    pub meta: Meta,
    pub required_parts: RequiredParts,
    pub headings: Vec<Heading>,
    pub enumerations: Vec<Enumeration>,
    pub metrics: Vec<Metric>,
    #[serde(skip)]
    pub sections: Vec<Section>,
    /// Fingerprint of the body: the same report in another encoding, layout, script or web
    /// page shares it (`None` for a body too short to tell).
    pub fingerprint: Option<String>,
    /// MinHash sketch of the body's clauses (64 minima as hex): reports sharing most clauses
    /// (a version re-published with changed figures) have sketches that mostly agree, bin for
    /// bin ([`similarity`]); `None` with the fingerprint, or for a body of few clauses.
    pub sketch: Option<String>,
    /// Whether hard-wrapped lines were rejoined.
    pub hard_wrapped: bool,
}

/// Extract a report from raw bytes.
///
/// # Examples
/// ```
/// let lex = _core::metrics::Lexicon::default();
/// let r = _core::report::extract("一、主要举措\n".as_bytes(), Some("a.txt"), &lex);
/// assert_eq!(r.encoding, "utf-8");
/// ```
pub fn extract(bytes: &[u8], file: Option<&str>, lex: &Lexicon) -> Report {
    let d = decode(bytes);
    let mut r = extract_text(d.text, file, lex);
    r.encoding = d.encoding.to_string();
    r.bytes = bytes.len() as u64;
    r.replacements = d.replacements;
    r.binary = d.binary;
    let mut warnings = d.warnings;
    warnings.append(&mut r.warnings);
    r.warnings = warnings;
    r
}

/// Extract a report from already decoded text.
///
/// Text that was misread once before it was saved (GBK mojibake) is repaired first, with a
/// warning, whether it came as bytes or as a string; offsets then point into the repaired text.
pub fn extract_text(original: String, file: Option<&str>, lex: &Lexicon) -> Report {
    let bytes = original.len() as u64;
    let mut warnings = Vec::new();
    let original = match crate::mojibake::repair(&original) {
        Some(r) => {
            warnings.push(format!(
                "GBK mojibake (UTF-8 text once read as GBK): {} character(s) repaired; of the \
                 characters it had cut, {} guessed from the rest of the report, {} left as U+FFFD",
                r.chars, r.restored, r.lost
            ));
            r.text
        }
        None => original,
    };
    let text = Text::new(original);
    let seg = segment(&text);
    let metrics = extract_metrics(&text, &seg.headings, lex);
    let meta = extract_meta(&text, &seg);
    if text.norm.markup {
        // Not a problem, but a reader of the outline should know the offsets are into a page.
        warnings.push("web page: its markup was left out".to_string());
    }
    if !text.original.trim().is_empty() && seg.headings.is_empty() {
        warnings.push("no headings found: the report is one flat section".to_string());
    }
    let last_heading = seg.headings.last().map_or(0, |h| h.line);
    if !seg.headings.is_empty()
        && meta.date_line.is_none_or(|l| l < last_heading)
        && ends_mid_sentence(&text.norm.text)
    {
        warnings.push(
            "the text ends mid-sentence with no closing date after it: a truncated copy?"
                .to_string(),
        );
    }
    let (fingerprint, sketch) = signatures(&text.norm.text, &seg.sections);
    Report {
        schema_version: 1,
        file: file.map(str::to_string),
        encoding: "utf-8".to_string(),
        warnings,
        line_count: text.line_count() as u32,
        chars: text.char_index(text.original.len()),
        bytes,
        replacements: 0,
        binary: false,
        meta,
        required_parts: seg.required_parts,
        headings: seg.headings,
        enumerations: seg.enumerations,
        metrics,
        sections: seg.sections,
        fingerprint,
        sketch,
        hard_wrapped: text.norm.hard_wrapped,
    }
}

/// Whether the text stops inside a sentence: what follows its last sentence end is a run of
/// two or more characters whose last line is neither a date nor an organ's name (a short
/// signature line).
/// Truncated web pages and downloads cut off mid-paragraph look like this; complete reports end
/// with `。`, a signature, a date or `特此报告`.
///
/// # Examples
/// ```
/// use _core::report::ends_mid_sentence;
/// assert!(ends_mid_sentence("一、主要举措\n今年共受理行政复议案件32件，其中"));
/// assert!(!ends_mid_sentence("今年共受理案件32件。\n某某镇人民政府\n2022年1月10日\n"));
/// assert!(!ends_mid_sentence("今年共受理案件32件。某某县司法局"));
/// assert!(ends_mid_sentence("今年共受理案件32件。进一步健全工作机制,结合专长,为区"));
/// assert!(ends_mid_sentence("二、主要举措\n一是健全机制。二是积"));
/// assert!(!ends_mid_sentence("二、主要举措\n一是健全机制。\n特此报告"));
/// assert!(!ends_mid_sentence("一是健全机制。\n【打印本页】 主办单位：某某县人民政府"));
/// ```
pub fn ends_mid_sentence(text: &str) -> bool {
    const ENDS: &[char] = &['。', '！', '？', '!', '?', '；', ';', '…'];
    const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '】', '》'];
    // Last characters of organs' names: 政府, 委员会, 办事处, 办公室, 街道, 中心, 局, 镇 …
    const ORGANS: &[char] = &[
        '府', '会', '处', '室', '道', '心', '局', '委', '院', '厅', '部', '所', '镇', '乡', '县',
        '市', '区',
    ];
    let t = text.trim_end();
    let tail = match t.rfind(ENDS) {
        Some(i) => t[i..].trim_start_matches(ENDS).trim_start_matches(CLOSERS),
        None => t,
    };
    // a site's footer after the report (`【打印本页】 主办单位：…`) is not its end
    let tail = crate::meta::SITE_FOOTER
        .iter()
        .filter_map(|f| tail.find(f))
        .min()
        .map_or(tail, |k| &tail[..k]);
    let tail = tail.trim();
    let last_line = tail.rsplit('\n').next().unwrap_or("").trim();
    let dated = last_line.ends_with('日')
        || last_line.ends_with(|c: char| c.is_ascii_digit())
            && last_line.chars().filter(char::is_ascii_digit).count() >= 6;
    let signed = last_line.chars().count() <= 30
        && !last_line.contains([',', '，', '、', '：'])
        && last_line.ends_with(ORGANS);
    let closing = last_line.contains("此报告") || last_line.contains("附件");
    tail.chars().count() >= 2 && !dated && !signed && !closing
}

/// Fingerprint of a report's body (XXH3, 64 bits, in hex) for finding copies of one report:
/// its Han characters and digits from the first heading to the last sentence end, in the
/// normalized text. What varies between copies is left out: encoding, line breaks and hard
/// wraps, spaces, width and Traditional script (folded by normalization), punctuation, Latin
/// letters, and what surrounds the body (a site's header and footer, title block, signature
/// and date). `None` when fewer than 100 characters count. Also the body's MinHash sketch,
/// from the same pass (see [`Report::sketch`]).
pub fn signatures(norm: &str, sections: &[Section]) -> (Option<String>, Option<String>) {
    let start = sections
        .iter()
        .find(|s| s.heading.is_some())
        .map_or(0, |s| s.norm_span.0);
    let body = &norm[start..];
    let end = rfind_sent_end(body).map_or(body.len(), |(i, n)| i + n);
    // Characters are classified by their bytes rather than with `char::is_alphabetic` (a
    // Unicode table lookup per character), a block at a time, and runs of kept ones gathered
    // for one call of the hash (a streaming update per run cost more than the scan): every pass
    // over the text shows in the extraction's throughput.
    let b = &body.as_bytes()[..end];
    let mut kept: Vec<u8> = Vec::with_capacity(b.len());
    let mut sketch = Sketch::default();
    let (mut run, mut breaks) = (0, 0);
    for (at, mut mask) in clause_end_masks(b) {
        breaks += mask.count_ones() as usize;
        while mask != 0 {
            let i = at + mask.trailing_zeros() as usize;
            kept.extend_from_slice(&b[run..i]);
            sketch.add(&b[run..i]);
            run = i + utf8_len(b[i]);
            mask &= mask - 1;
        }
    }
    kept.extend_from_slice(&b[run.min(b.len())..]);
    sketch.add(&b[run.min(b.len())..]);
    // every character that does not end a clause counts
    let counted = crate::text::count_chars(b) - breaks;
    if counted < 100 {
        return (None, None);
    }
    let fp = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&kept));
    (Some(fp), sketch.hex())
}

/// Whether the character whose UTF-8 starts with bytes `x`, `y`, `z` ends a clause: it is
/// neither a Han character nor a digit (false for a continuation byte `x`). Branch-free, so
/// that a block of bytes is classified a vector at a time.
#[inline]
fn ends_clause(x: u8, y: u8, z: u8) -> bool {
    let ascii = (x < 0x80) & !x.is_ascii_digit();
    let two_bytes = x & 0xE0 == 0xC0;
    // 〇 (E3 80 87), CJK extension A (from E3 90 80) and the unified ideographs (E4–E9)
    let han = (x.wrapping_sub(0xE4) < 6) | (x == 0xE3) & ((y >= 0x90) | (y == 0x80) & (z == 0x87));
    // supplementary planes (lead F0–F4): ideographs of the later extensions
    ascii | two_bytes | (x & 0xF0 == 0xE0) & !han
}

/// Length of the UTF-8 character whose first byte is `x`.
fn utf8_len(x: u8) -> usize {
    match x {
        0..0x80 => 1,
        0x80..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Bit `j` set when the character at byte `j` of a 64-byte block ends a clause
/// ([`ends_clause`]); `w` holds the block and the two bytes after it.
fn block_mask(w: &[u8; 66]) -> u64 {
    let mut flags = [0u8; 64];
    for (j, f) in flags.iter_mut().enumerate() {
        *f = u8::from(ends_clause(w[j], w[j + 1], w[j + 2]));
    }
    // Eight flags (0 or 1) per word go to the top byte's bits by one multiplication: flag `k`
    // is shifted by 8k + 56 - 7k, and no two partial products meet.
    flags.chunks_exact(8).enumerate().fold(0, |m, (k, c)| {
        let v = u64::from_le_bytes(c.try_into().expect("eight flags"));
        m | (v.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * k)
    })
}

/// The clause ends of `b` as (offset, mask of 64 bytes from it): one classification per byte
/// without the per-character branches of a scan, and a bit walk over the few ends. The last
/// block is padded with continuation bytes, which end nothing.
fn clause_end_masks(b: &[u8]) -> impl Iterator<Item = (usize, u64)> + '_ {
    (0..b.len()).step_by(64).map(move |at| {
        let w: [u8; 66] = match b.get(at..at + 66) {
            Some(w) => w.try_into().expect("66 bytes"),
            None => {
                let mut w = [0x80; 66];
                w[..b.len() - at].copy_from_slice(&b[at..]);
                w
            }
        };
        (at, block_mask(&w))
    })
}

/// Bins of the one-permutation MinHash sketch.
const SKETCH_BINS: usize = 64;

/// A one-permutation MinHash over a body's clauses (its runs of Han characters and digits
/// between punctuation): each clause hashed once, its top bits choosing a bin that keeps the
/// smallest value. A clause is the unit because a changed figure or wording then changes one
/// feature, and one hash per clause costs nothing beside the fingerprint's pass.
struct Sketch {
    mins: [u32; SKETCH_BINS],
    clauses: usize,
}

impl Default for Sketch {
    fn default() -> Sketch {
        Sketch {
            mins: [u32::MAX; SKETCH_BINS],
            clauses: 0,
        }
    }
}

impl Sketch {
    fn add(&mut self, clause: &[u8]) {
        // clauses of one or two characters (`一`, `2022年`) are in every report
        if clause.len() < 9 {
            return;
        }
        let h = xxhash_rust::xxh3::xxh3_64(clause);
        let bin = (h >> (64 - SKETCH_BINS.trailing_zeros())) as usize;
        self.mins[bin] = self.mins[bin].min(h as u32);
        self.clauses += 1;
    }

    fn hex(&self) -> Option<String> {
        // written digit by digit: 64 calls of `format!` showed in the extraction's throughput
        (self.clauses >= SKETCH_BINS).then(|| {
            let mut out = String::with_capacity(8 * SKETCH_BINS);
            for m in self.mins {
                out.extend((0..8).rev().map(|k| hex_digit(m >> (4 * k))));
            }
            out
        })
    }
}

/// The lowercase hex digit of the low four bits of `x`.
fn hex_digit(x: u32) -> char {
    char::from_digit(x & 0xF, 16).expect("below 16")
}

/// Estimated share of clauses two bodies have in common (Jaccard), from their sketches: the
/// share of bins, of those either one fills, where both keep the same minimum.
///
/// # Examples
/// ```
/// let a = "0000000a".repeat(64);
/// let b = format!("{}{}", "0000000a".repeat(48), "0000000b".repeat(16));
/// assert_eq!(_core::report::similarity(&a, &a), Some(1.0));
/// assert_eq!(_core::report::similarity(&a, &b), Some(0.75));
/// assert_eq!(_core::report::similarity(&a, "zz"), None);
/// ```
pub fn similarity(a: &str, b: &str) -> Option<f64> {
    let bins = |s: &str| -> Option<Vec<u32>> {
        (s.len() == 8 * SKETCH_BINS).then_some(())?;
        (0..SKETCH_BINS)
            .map(|k| u32::from_str_radix(&s[8 * k..8 * k + 8], 16).ok())
            .collect()
    };
    let (a, b) = (bins(a)?, bins(b)?);
    let (mut same, mut filled) = (0, 0);
    for (x, y) in a.iter().zip(&b) {
        if *x != u32::MAX || *y != u32::MAX {
            filled += 1;
            same += usize::from(x == y);
        }
    }
    (filled > 0).then(|| same as f64 / filled as f64)
}

impl Report {
    /// The JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serializes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        /// Arbitrary bytes never panic, and every heading marker and metric surface is found
        /// at its (line, col) in the decoded text.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let r = extract(&bytes, None, &Lexicon::shared());
            prop_assert_eq!(r.bytes, bytes.len() as u64);
        }

        #[test]
        fn spans_point_into_the_original(s in "[一二（）()1-9１２.．、。，,：是率达件%％\u{3000}\u{200B}\r\n化解受理案件万元行政复议]{0,300}") {
            let text = s.clone();
            let r = extract_text(s, None, &Lexicon::shared());
            let lines: Vec<Vec<char>> = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .split('\n')
                .map(|l| l.chars().collect())
                .collect();
            let at = |line: u32, col: u32, n: usize| -> String {
                lines[line as usize - 1].iter().skip(col as usize).take(n).collect()
            };
            for h in &r.headings {
                prop_assert_eq!(at(h.line, h.col, h.marker.chars().count()), h.marker.clone());
            }
            for m in r.metrics.iter().filter(|m| !m.surface.contains(['\n', '\r'])) {
                prop_assert_eq!(at(m.line, m.col, m.surface.chars().count()), m.surface.clone());
            }
        }
    }

    /// The signatures by a scan character by character (what the block classification of
    /// [`signatures`] replaced).
    fn signatures_by_chars(norm: &str) -> (Option<String>, Option<String>) {
        let end = rfind_sent_end(norm).map_or(norm.len(), |(i, n)| i + n);
        let (mut kept, mut sketch, mut run, mut counted) = (Vec::new(), Sketch::default(), 0, 0);
        for (i, c) in norm[..end].char_indices() {
            let keep = c.is_ascii_digit()
                || c == '〇'
                || ('\u{3400}'..'\u{A000}').contains(&c)
                || c > '\u{FFFF}';
            if keep {
                counted += 1;
            } else {
                kept.extend_from_slice(&norm.as_bytes()[run..i]);
                sketch.add(&norm.as_bytes()[run..i]);
                run = i + c.len_utf8();
            }
        }
        kept.extend_from_slice(&norm.as_bytes()[run..end]);
        sketch.add(&norm.as_bytes()[run..end]);
        if counted < 100 {
            return (None, None);
        }
        let hex = (sketch.clauses >= SKETCH_BINS)
            .then(|| sketch.mins.iter().map(|m| format!("{m:08x}")).collect());
        let fp = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&kept));
        (Some(fp), hex)
    }

    proptest! {
        #[test]
        fn signatures_match_a_scan_by_characters(
            s in "([法治政府建设〇㐀䶵龥𠀀9０a,，。、·é —\n]{1,12}[。，,]){0,150}"
        ) {
            prop_assert_eq!(signatures(&s, &[]), signatures_by_chars(&s));
        }
    }

    fn seed(name: &str) -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
        let path = std::fs::read_dir(dir)
            .expect("seeds")
            .map(|e| e.expect("entry").path())
            .find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(name))
            })
            .expect("seed");
        std::fs::read_to_string(path).expect("utf-8 seed")
    }

    #[test]
    fn sketches_tell_versions_of_a_report_from_other_reports() {
        let sketch = |t: &str| extract_text(t.to_string(), None, &Lexicon::shared()).sketch;
        let text = seed("001");
        let a = sketch(&text).expect("a sketch");
        // the same body in another layout: the same sketch
        assert_eq!(sketch(&text.replace('\n', "")), Some(a.clone()));
        // re-published with two figures changed and a sentence added
        let edited = text
            .replacen("化解率达99.9%", "化解率达98.5%", 1)
            .replacen("546起", "560起", 1)
            .replacen("。", "。全年新增法律顾问单位三家。", 1);
        assert_ne!(edited, text);
        let b = sketch(&edited).expect("a sketch");
        assert_ne!(a, b);
        let near = similarity(&a, &b).expect("comparable");
        assert!(near >= 0.9, "{near}");
        for other in ["000", "002", "003", "004"] {
            let far = similarity(&a, &sketch(&seed(other)).expect("a sketch")).expect("comparable");
            assert!(far < 0.3, "{other}: {far}");
        }
    }
}
