//! Repair of GBK mojibake: UTF-8 text that was once read as GBK and saved again, so that
//! `法治政府` reads `娉曟不鏀垮簻`. Mirrors and re-posted reports carry it, in whole or in part.
//!
//! Detection: GBK decoding turns the first two bytes of a UTF-8 Chinese character or CJK
//! punctuation (lead byte E2–E9, then a continuation byte) into one of 512 rare characters (`鍖`,
//! `鏀`, `娉`, `銆` …). About a third of mojibake characters are such markers, against one in
//! ten thousand characters of real reports, so their share tells the two apart. Repair: each run
//! of non-ASCII characters is encoded back to GBK and read as UTF-8; the run is replaced only when
//! that gives valid UTF-8 (a byte the first decoding lost becomes one U+FFFD). Real Chinese
//! re-encoded to GBK is almost never valid UTF-8 (its lead bytes B0–F7 are continuation bytes or
//! rare leads), so a run of real text in a partly damaged file is left as it is.

use crate::decode::HanSet;
use aho_corasick::{AhoCorasick, MatchKind};
use encoding_rs::{EncoderResult, GB18030, GBK};
use std::collections::HashMap;
use std::sync::LazyLock;

/// What GBK makes of the first two bytes of a UTF-8 character with lead byte E2–E9.
static MARKERS: LazyLock<HanSet> = LazyLock::new(|| {
    let pairs = (0xE2u8..=0xE9).flat_map(|lead| (0x80u8..=0xBF).map(move |trail| [lead, trail]));
    HanSet::new(pairs.filter_map(|pair| {
        let (s, bad) = GBK.decode_without_bom_handling(&pair);
        s.chars().next().filter(|_| !bad)
    }))
});

static PREFILTER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let markers = "銆涓娉鍏鍔搴瀹璁浜浣娌浠鏀鍒琛寮";
    // leftmost semantics: only they get the packed (Teddy) searcher
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostFirst)
        .build(markers.chars().map(String::from))
        .expect("sixteen literals")
});

/// Text with its mojibake repaired.
#[derive(Debug, Clone, PartialEq)]
pub struct Repaired {
    pub text: String,
    /// Characters of mojibake that were replaced.
    pub chars: usize,
    /// Characters cut by the first decoding and guessed back from the rest of the document.
    pub restored: usize,
    /// Characters cut by the first decoding and left as U+FFFD.
    pub lost: usize,
}

fn is_marker(c: char) -> bool {
    MARKERS.contains(c)
}

/// Does `text` carry GBK mojibake? Counts marker characters among the CJK ones.
fn damaged(text: &str) -> bool {
    // Prefilter, run over every file: the sixteen markers most frequent in damaged reports
    // (`銆` of `。、`, `涓` of `一中不`, `娉` of `法`, …), found in one SIMD pass.
    if !PREFILTER.is_match(text) {
        return false;
    }
    let (markers, cjk) = text
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .fold((0usize, 0usize), |(m, n), c| {
            (m + is_marker(c) as usize, n + 1)
        });
    markers >= 4 && markers * 20 >= cjk
}

/// Where a U+FFFD stands (byte offset) and the bytes of its character, known or lost.
type Hole = (usize, Vec<Option<u8>>);

/// The UTF-8 that a run of mojibake stood for, if it is one.
/// The U+FFFD it leaves where bytes were lost are listed.
fn undo(run: &str) -> Option<(String, Vec<Hole>)> {
    // GBK first: a browser's decoder reads a lone 0x80 as `€`, which only GBK writes back as
    // 0x80; GB18030 for the four-byte sequences such a decoder also accepts.
    let (mut gbk, mut gb18030) = (GBK.new_encoder(), GB18030.new_encoder());
    let mut bytes = Vec::with_capacity(run.len());
    let mut lost_before = 0;
    let mut buf = [0u8; 8];
    for (k, c) in run.char_indices() {
        let s = &run[k..k + c.len_utf8()];
        let mut written = 0;
        if c != '\u{FFFD}' {
            for enc in [&mut gbk, &mut gb18030] {
                let (res, _, n) = enc.encode_from_utf8_without_replacement(s, &mut buf, false);
                if res == EncoderResult::InputEmpty {
                    written = n;
                    break;
                }
            }
        }
        if written > 0 {
            bytes.extend_from_slice(&buf[..written]);
        } else {
            // bytes were lost here; 0xFF is never UTF-8, so the decoder resynchronizes after it
            bytes.push(0xFF);
            lost_before += 1;
        }
    }
    // Read as UTF-8, gathering each stretch of broken bytes between valid text.
    let mut out = String::with_capacity(bytes.len());
    let mut holes: Vec<Hole> = Vec::new();
    let mut broken: Vec<u8> = Vec::new();
    let mut rest = bytes.as_slice();
    while !rest.is_empty() {
        let (good, n) = match std::str::from_utf8(rest) {
            Ok(s) => (s.len(), 0),
            Err(e) => (
                e.valid_up_to(),
                e.error_len().unwrap_or(rest.len() - e.valid_up_to()),
            ),
        };
        if good > 0 {
            close(&mut out, &mut holes, &mut broken);
            out.push_str(std::str::from_utf8(&rest[..good]).expect("valid up to here"));
        }
        broken.extend_from_slice(&rest[good..good + n]);
        rest = &rest[good + n..];
    }
    close(&mut out, &mut holes, &mut broken);
    // A real run gives invalid UTF-8 nearly everywhere; mojibake only where bytes were lost
    // (and at a run end that cut a character). A run of one marker cut by ASCII (`骞�` for
    // `年`) gives only U+FFFD, still the right count.
    let ok = holes.len() <= 2 * lost_before + 1
        && (out.chars().any(|c| c > '\u{2E7F}' && c != '\u{FFFD}') || run.chars().any(is_marker));
    ok.then_some((out, holes))
}

/// A stretch of broken bytes becomes U+FFFD, one per character it held, each listed with the
/// bytes of that character that survived.
///
/// The stretch starts and ends on character boundaries (valid text stands around it). Each loss
/// mark (0xFF) stands for one lost byte (browsers' and Python's decoders drop one byte of a bad
/// pair) or two (decoders that drop the pair); the reading that adds up to whole three-byte
/// characters is taken, and the stretch is cut into characters of three bytes, known or lost.
fn close(out: &mut String, holes: &mut Vec<Hole>, broken: &mut Vec<u8>) {
    if broken.is_empty() {
        return;
    }
    let pieces: Vec<&[u8]> = broken.split(|&b| b == 0xFF).collect();
    let marks = pieces.len() - 1;
    let kept = broken.len() - marks;
    let per_mark = if (kept + marks).is_multiple_of(3) {
        1
    } else {
        2
    };
    let mut bytes: Vec<Option<u8>> = Vec::with_capacity(kept + 2 * marks + 2);
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            bytes.extend(std::iter::repeat_n(None, per_mark));
        }
        bytes.extend(piece.iter().map(|&b| Some(b)));
    }
    // a character cut at the end of a run (no mark: the rest went with the next pair)
    while !bytes.len().is_multiple_of(3) {
        bytes.push(None);
    }
    for char_bytes in bytes.chunks(3) {
        holes.push((out.len(), char_bytes.to_vec()));
        out.push('\u{FFFD}');
    }
    broken.clear();
}

/// The characters a hole may have held: those whose UTF-8 agrees with its known bytes when
/// only one of the three was lost (64 candidates for a continuation byte, the 8 lead bytes of
/// CJK text and punctuation for the first); none when more was lost.
fn candidates(bytes: &[Option<u8>]) -> Vec<char> {
    let [a, b, c] = bytes else { return Vec::new() };
    let known = [*a, *b, *c];
    let mut lost = known.iter().enumerate().filter(|(_, x)| x.is_none());
    let (Some((k, _)), None) = (lost.next(), lost.next()) else {
        return Vec::new();
    };
    let values = if k == 0 { 0xE2..=0xE9 } else { 0x80..=0xBF };
    values
        .filter_map(|x| {
            let utf8 = known.map(|b| b.unwrap_or(x));
            std::str::from_utf8(&utf8).ok()?.chars().next()
        })
        .collect()
}

const NUMERALS: &str = "一二三四五六七八九十";

/// The heading numeral that comes next: after the latest `(N)` line if `paren`, restarting at
/// `一` under each `N、` line (whose `、` may itself be lost), else after the latest `N、`.
fn next_numeral(before: &str, paren: bool) -> Option<char> {
    let mut last = None;
    for l in before.lines().rev() {
        let mut cs = l.trim_start().chars();
        match (cs.next(), cs.next(), cs.next()) {
            (Some('(' | '（'), Some(n), Some(')' | '）')) if paren && NUMERALS.contains(n) => {
                last = Some(n);
                break;
            }
            (Some(n), Some('、' | '\u{FFFD}'), _) if NUMERALS.contains(n) => {
                last = (!paren).then_some(n);
                break;
            }
            _ => {}
        }
    }
    match last {
        None => Some('一'),
        Some(n) => NUMERALS.chars().skip_while(|&c| c != n).nth(1),
    }
}

/// What the layout around a hole says it held. A character loses a byte when an ASCII byte
/// follows it, so the document's own counts never see it beside ASCII (every `。` before a line
/// break is damaged, while `、` survives everywhere else): the genre's fixed patterns decide
/// there — the next heading numeral at the start of a line (`一、`, `(一)`), a closing bracket
/// for an opener left open on the line, `年`/`月`/`日` after the digits of a date, the brackets
/// and `号` of a document number, `、` after a heading numeral, `。` (else `：`) at a line's end,
/// `中` before `共`. `before` is the text before the line; `raw` the bytes of the hole that
/// survived.
fn expected(before: &str, line: &str, after: char, raw: &[Option<u8>]) -> Option<char> {
    let trimmed = line.trim_start();
    if matches!(trimmed, "(" | "（") {
        return next_numeral(before, true);
    }
    if trimmed.is_empty() && matches!(after, '、' | '\u{FFFD}') {
        return next_numeral(before, false);
    }
    const PAIRS: [(char, char); 8] = [
        ('（', '）'),
        ('(', '）'),
        ('《', '》'),
        ('“', '”'),
        ('〔', '〕'),
        ('【', '】'),
        ('「', '」'),
        ('『', '』'),
    ];
    let mut open = Vec::new();
    for c in line.chars() {
        if let Some(&(_, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
            open.push(close);
        } else if open.last() == Some(&c) || (c == ')' && open.last() == Some(&'）')) {
            open.pop();
        }
    }
    if let Some(&close) = open.last() {
        return Some(close);
    }
    let digits = line.chars().rev().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let head = line[..line.len() - digits].chars().next_back();
        return match (digits, head) {
            (4, _) => Some('年'),
            (1 | 2, Some('年')) => Some('月'),
            (1 | 2, Some('月')) => Some('日'),
            (1..=4, Some('〕')) => Some('号'),
            _ => None,
        };
    }
    if after.is_ascii_digit() && line.ends_with('文') {
        return Some('〔'); // a document number: 沙市委文〔2023〕3号
    }
    if !trimmed.is_empty() && trimmed.chars().all(|c| NUMERALS.contains(c)) {
        return Some('、');
    }
    match after {
        // a line ends a sentence, or leads in to what follows (`县委、县政府：`, `如下：`)
        '\n' | '\r' => Some(if agrees('。', raw) { '。' } else { '：' }),
        '共' => Some('中'), // 中共…委员会, the party committee that co-issues reports
        _ => None,
    }
}

/// Whether `c` agrees with the bytes of a hole that survived.
fn agrees(c: char, bytes: &[Option<u8>]) -> bool {
    let mut buf = [0u8; 4];
    let utf8 = c.encode_utf8(&mut buf).as_bytes();
    utf8.len() == bytes.len()
        && utf8
            .iter()
            .zip(bytes)
            .all(|(a, b)| b.is_none_or(|b| b == *a))
}

/// Fill each hole with the candidate the layout expects ([`expected`]), else the one the rest of
/// the document uses most often beside the same neighbours (after any number, for a unit),
/// else most often at all. Reports
/// repeat their vocabulary (`领导`, `工作`, `建设`), so the document itself knows which
/// character was cut. Returns how many holes were filled.
fn fill(text: &mut String, holes: &[Hole]) -> usize {
    let mut uni: HashMap<char, u32> = HashMap::new();
    let mut bi: HashMap<(char, char), u32> = HashMap::new();
    // what follows a number (`27件`), whatever its digits: the unit of a figure
    let mut after_digit: HashMap<char, u32> = HashMap::new();
    let mut prev = '\u{FFFD}';
    for c in text.chars() {
        *uni.entry(c).or_default() += 1;
        *bi.entry((prev, c)).or_default() += 1;
        if prev.is_ascii_digit() {
            *after_digit.entry(c).or_default() += 1;
        }
        prev = c;
    }
    let mut filled = 0;
    for (at, raw) in holes {
        let at = *at;
        let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[start..at];
        let before = line.chars().next_back().unwrap_or('\u{FFFD}');
        let after = text[at + 3..].chars().next().unwrap_or('\n');
        let want = expected(&text[..start], line, after, raw).filter(|&c| agrees(c, raw));
        // a numeral in `(…)` at a line's start even when the expected one does not fit
        let numeral = matches!(line.trim_start(), "(" | "（");
        let best = want.or_else(|| {
            candidates(raw)
                .into_iter()
                .map(|c| {
                    let mut near =
                        bi.get(&(before, c)).unwrap_or(&0) + bi.get(&(c, after)).unwrap_or(&0);
                    if before.is_ascii_digit() {
                        near += after_digit.get(&c).unwrap_or(&0);
                    }
                    let all = *uni.get(&c).unwrap_or(&0);
                    ((numeral && NUMERALS.contains(c), near, all), c)
                })
                .filter(|&((fits, near, all), _)| fits || near + all > 0)
                .max()
                .map(|(_, c)| c)
        });
        if let Some(c) = best {
            // U+FFFD and a CJK character are both three bytes: later offsets do not move
            let mut buf = [0u8; 4];
            text.replace_range(at..at + 3, c.encode_utf8(&mut buf));
            filled += 1;
        }
    }
    filled
}

/// Repair `text` if it carries GBK mojibake; `None` when it does not.
///
/// # Examples
/// ```
/// let s = "关于2022年法治政府建设情况的报告";
/// let (moji, _, _) = encoding_rs::GBK.decode(s.as_bytes());
/// let r = _core::mojibake::repair(&moji).expect("mojibake");
/// assert_eq!(r.text, s);
/// assert!(_core::mojibake::repair(s).is_none());
/// ```
pub fn repair(text: &str) -> Option<Repaired> {
    if !damaged(text) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let (mut chars, mut lost) = (0, 0);
    let mut cut = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let run = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        let (r, tail) = rest.split_at(run);
        match undo(r) {
            Some((fixed, holes)) => {
                chars += r.chars().count();
                lost += holes.len();
                cut.extend(holes.into_iter().map(|(at, raw)| (out.len() + at, raw)));
                out.push_str(&fixed);
            }
            None => out.push_str(r),
        }
        rest = tail;
    }
    if chars == 0 {
        return None;
    }
    let restored = fill(&mut out, &cut);
    Some(Repaired {
        text: out,
        chars,
        lost: lost - restored,
        restored,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "关于2022年法治政府建设情况的报告\n一、主要举措和成效\n\
        （一）深入学习贯彻习近平法治思想。全年矛盾纠纷化解率达99.9%，受理行政复议案件32件。\n";

    fn mojibake(s: &str) -> String {
        GBK.decode_without_bom_handling(s.as_bytes()).0.into_owned()
    }

    /// Characters of `a` equal to the character at the same place in `b`.
    fn same(a: &str, b: &str) -> usize {
        a.chars().zip(b.chars()).filter(|(x, y)| x == y).count()
    }

    #[test]
    fn whole_text_is_repaired() {
        let r = repair(&mojibake(REPORT)).expect("detected");
        // lost bytes only where a character straddled a byte GBK could not pair
        assert!(
            same(&r.text, REPORT) * 10 >= REPORT.chars().count() * 9,
            "{}",
            r.text
        );
        // `达` ended just before ASCII: its last byte was lost with the pair GBK could not read
        assert!(r.text.contains("矛盾纠纷化解率\u{FFFD}99.9%"), "{}", r.text);
        assert!(r.lost > 0);
        assert!(r.chars > 0);
    }

    #[test]
    fn a_damaged_paragraph_is_repaired_and_real_text_kept() {
        let damaged_line = mojibake("全年矛盾纠纷化解率达到百分之九十九，行政复议决定全部履行。");
        let text = format!("{REPORT}{damaged_line}\n{REPORT}");
        let r = repair(&text).expect("detected");
        assert!(
            r.text.starts_with(REPORT) && r.text.ends_with(REPORT),
            "{}",
            r.text
        );
        assert!(r.text.contains("矛盾纠纷化解率"), "{}", r.text);
    }

    #[test]
    fn seeds_read_by_a_browser_as_gbk_come_back() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
        for e in std::fs::read_dir(dir).expect("seeds") {
            let s = std::fs::read_to_string(e.expect("entry").path()).expect("utf-8 seed");
            let r = repair(&mojibake(&s)).expect("detected");
            let n = s.chars().count();
            let same = same(&r.text, &s);
            assert_eq!(r.text.chars().count(), n);
            // a character cut by ASCII lost its last byte (`领导,` → `领�,`): 1–4 % of these
            assert!(same * 100 >= n * 95, "{same}/{n}");
        }
    }

    #[test]
    fn the_layout_decides_characters_cut_before_ascii() {
        // Heading numerals and their `、` before digits, `(N)` markers, date characters, units
        // and brackets before ASCII all lose a byte; the genre's patterns bring them back.
        let s = "沙市委文〔2023〕3号\n中共沙市镇委员会关于2022年法治政府建设情况的报告\n\
            县委、县政府：\n一、2022年主要工作\n(一)加强领导\n全年加强领导工作。\n(二)完善制度\n\
            二、2023年工作\n(一)深化改革\n办理案件（共12件）,复议5件。\n受理3件,调解9件。\n\
            三、2024年领导\n2023年1月31日\n";
        let r = repair(&mojibake(s)).expect("detected");
        assert_eq!(r.text, s);
    }

    #[test]
    fn real_text_in_either_script_is_not_touched() {
        assert!(repair(REPORT).is_none());
        assert!(repair("關於2022年法治政府建設情況的報告，行政復議案件32件。").is_none());
        assert!(repair("").is_none());
    }
}
