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
    // Characters are classified byte by byte rather than with `char::is_alphabetic` (a Unicode
    // table lookup per character), and runs of kept ones gathered for one call of the hash (a
    // streaming update per run cost more than the scan): every pass over the text shows in the
    // extraction's throughput.
    let b = &body.as_bytes()[..end];
    let mut kept: Vec<u8> = Vec::with_capacity(b.len());
    let mut sketch = Sketch::default();
    let (mut run, mut counted, mut i) = (0, 0, 0);
    while i < b.len() {
        let x = b[i];
        let (len, keep) = match x {
            0..0x80 => (1, x.is_ascii_digit()),
            0x80..0xE0 => (2, false),
            // 〇, CJK extension A and the unified ideographs
            0xE0..0xF0 => {
                let c = (x as u32 & 0x0F) << 12 | (b[i + 1] as u32 & 0x3F) << 6;
                (
                    3,
                    c == 0x3000 && b[i + 2] == 0x87 || (0x3400..0xA000).contains(&c),
                )
            }
            // the supplementary planes: ideographs of the later extensions
            _ => (4, true),
        };
        if keep {
            counted += 1;
        } else {
            kept.extend_from_slice(&b[run..i]);
            sketch.add(&b[run..i]);
            run = i + len;
        }
        i += len;
    }
    kept.extend_from_slice(&b[run.min(b.len())..]);
    sketch.add(&b[run.min(b.len())..]);
    if counted < 100 {
        return (None, None);
    }
    let fp = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&kept));
    (Some(fp), sketch.hex())
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
        (self.clauses >= SKETCH_BINS)
            .then(|| self.mins.iter().map(|m| format!("{m:08x}")).collect())
    }
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
