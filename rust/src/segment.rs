//! Heading segmentation: structural markers to a section tree.
//!
//! Levels are marker ranks (0 = `第X部分`, 1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）`); depth
//! comes from the stack rule (pop while the top rank is ≥ the new rank, then push), which
//! tolerates skipped levels and restarted numbering. `一是/二是` are enumerations, not headings.
//! Works on the normalized text; every position is mapped back through [`Text::pos`].

use crate::text::Text;
use crate::tokens::is_han;
use aho_corasick::AhoCorasick;
use serde::Serialize;
use std::sync::LazyLock;

/// A heading of levels 0–4.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, module = "lawgov_index._core")
)]
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// Marker rank: 0 = 第X部分, 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）.
    pub level: u8,
    /// Depth in the section tree (stack rule).
    pub depth: u8,
    /// The marker exactly as printed.
    pub marker: String,
    /// Heading text: after the marker up to the first `。` (original characters).
    pub text: String,
    /// Line of the marker.
    pub line: u32,
    /// Column of the marker.
    pub col: u32,
    /// Body text follows the heading's `。` on the same line.
    pub run_in: bool,
    /// Debris before the marker on its line (`[bookmark: …]`).
    pub prefix_debris: Option<String>,
    /// Required part this heading opens, if any.
    pub part: Option<String>,
    /// Byte offset of the marker in the normalized text.
    #[serde(skip)]
    pub norm_start: usize,
}

/// An inline `一是/二是…` list item.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, module = "lawgov_index._core")
)]
#[derive(Debug, Clone, Serialize)]
pub struct Enumeration {
    /// The enumerator as printed (`一是`).
    pub marker: String,
    /// Item text up to the first `。`/`；`, or the next enumerator after a comma.
    pub text: String,
    /// Line of the enumerator.
    pub line: u32,
    /// Column of the enumerator.
    pub col: u32,
    /// The enumerator opens its line.
    pub line_start: bool,
}

/// A span of the report under one heading (up to the next heading of any level).
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, module = "lawgov_index._core")
)]
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Index into `headings`, `None` for the text before the first heading.
    pub heading: Option<usize>,
    /// Texts of the headings from the top down to this one.
    pub path: Vec<String>,
    /// Required part of the nearest heading that has one (`other` when none).
    pub part: String,
    /// Line where the section starts.
    pub line: u32,
    /// Original text of the section.
    pub text: String,
    /// Normalized byte span.
    #[serde(skip)]
    pub norm_span: (usize, usize),
}

/// Lines of the required parts (a heading, or the body line that carries the part).
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, module = "lawgov_index._core")
)]
#[derive(Debug, Clone, Default, Serialize)]
pub struct RequiredParts {
    pub achievements: Option<u32>,
    pub shortcomings: Option<u32>,
    pub first_responsible: Option<u32>,
    pub next_year: Option<u32>,
}

/// Output of segmentation.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub headings: Vec<Heading>,
    pub enumerations: Vec<Enumeration>,
    pub sections: Vec<Section>,
    pub required_parts: RequiredParts,
}

// ---------------------------------------------------------------------------------------------
// Markers
// ---------------------------------------------------------------------------------------------

const CN_DIGITS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

fn cn_val(c: char) -> Option<u32> {
    CN_DIGITS.iter().position(|&d| d == c).map(|i| i as u32 + 1)
}

/// Leading Chinese numeral 1–99 of `s`: (value, byte length).
fn cn_number(s: &str) -> Option<(u32, usize)> {
    let mut vals = [0u32; 3];
    let (mut n, mut len) = (0, 0);
    for c in s.chars() {
        let Some(v) = cn_val(c) else { break };
        if n == 3 {
            return None;
        }
        vals[n] = v;
        n += 1;
        len += c.len_utf8();
    }
    let v = match vals[..n] {
        [a] => a,
        [10, b] if b < 10 => 10 + b,
        [a, 10] if (2..10).contains(&a) => a * 10,
        [a, 10, b] if (2..10).contains(&a) && b < 10 => a * 10 + b,
        _ => return None,
    };
    Some((v, len))
}

/// Leading Arabic number 1–99 of `s` (one or two ASCII digits, no third).
fn ar_number(s: &str) -> Option<(u32, usize)> {
    let b = s.as_bytes();
    let len = b.iter().take(3).take_while(|x| x.is_ascii_digit()).count();
    if len == 0 || len > 2 {
        return None;
    }
    let v = s[..len].parse::<u32>().ok()?;
    (v > 0).then_some((v, len))
}

#[derive(Clone, Copy)]
enum Num {
    Cn,
    Ar,
}

/// One marker family: opening string, numeral kind, accepted closers, level.
struct Form {
    open: &'static str,
    num: Num,
    closes: &'static [&'static str],
    level: u8,
}

/// Marker families on the normalized text (full-width brackets and dots are already folded).
/// `一.` and `一，` are the common wrong forms of `一、`. A closing `.` must not be followed by a
/// digit.
const FORMS: &[Form] = &[
    Form {
        open: "第",
        num: Num::Cn,
        closes: &["部分", "章", "节"],
        level: 0,
    },
    Form {
        open: "(",
        num: Num::Cn,
        closes: &[")"],
        level: 2,
    },
    Form {
        open: "【",
        num: Num::Cn,
        closes: &["】"],
        level: 2,
    },
    Form {
        open: "(",
        num: Num::Ar,
        closes: &[")"],
        level: 4,
    },
    Form {
        open: "",
        num: Num::Cn,
        closes: &["、", ".", ","],
        level: 1,
    },
    Form {
        open: "",
        num: Num::Ar,
        closes: &[".", "、"],
        level: 3,
    },
];

#[derive(Debug, Clone, Copy, PartialEq)]
struct Marker {
    level: u8,
    num: u32,
    len: usize,
}

/// The marker opening `s`, if any.
fn parse_marker(s: &str) -> Option<Marker> {
    // Every form opens with `第`, a bracket or a numeral: reject everything else at once (flat
    // reports try a marker at every character of a heading's text).
    let first = s.chars().next()?;
    if !(matches!(first, '第' | '(' | '【') || first.is_ascii_digit() || cn_val(first).is_some())
    {
        return None;
    }
    // Word and PDF exports space markers out (`（ 一 ）`, `一 、`): one or two spaces inside
    let spaces = |x: &str| x.bytes().take(2).take_while(|&b| b == b' ').count();
    for f in FORMS {
        let Some(rest) = s.strip_prefix(f.open) else {
            continue;
        };
        let pad = if f.open.is_empty() { 0 } else { spaces(rest) };
        let rest = &rest[pad..];
        let parsed = match f.num {
            Num::Cn => cn_number(rest),
            Num::Ar => ar_number(rest),
        };
        let Some((num, nlen)) = parsed else { continue };
        let rest = &rest[nlen..];
        let gap = spaces(rest);
        for close in f.closes {
            // `3 .5` is a number, not a marker
            let gap = if *close == "." && matches!(f.num, Num::Ar) {
                0
            } else {
                gap
            };
            if let Some(after) = rest[gap..].strip_prefix(close) {
                if *close == "." && after.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                    continue;
                }
                return Some(Marker {
                    level: f.level,
                    num,
                    len: f.open.len() + pad + nlen + gap + close.len(),
                });
            }
        }
    }
    None
}

/// A marker whose number a web page lost with Word's list numbering (`、坚持党的全面领导`,
/// `（）加强组织领导`): level 1 or 2, numbered on from its siblings. Only at a line's start,
/// before an ideograph.
fn numberless_marker(line: &str, nest: &Nest) -> Option<Marker> {
    // (the normalized text: `（）` reads `()`)
    let (m, level) = [("、", 1u8), ("()", 2)]
        .into_iter()
        .find(|(m, _)| line.starts_with(m))?;
    let len = m.len();
    line[len..].starts_with(is_han).then(|| Marker {
        level,
        num: nest.last[level as usize].map_or(1, |n| n + 1),
        len,
    })
}

// ---------------------------------------------------------------------------------------------
// Nesting
// ---------------------------------------------------------------------------------------------

/// The stack of open heading ranks and, per level, the number of the last sibling.
#[derive(Default)]
struct Nest {
    stack: Vec<u8>,
    last: [Option<u32>; 5],
    /// Per level, the last number before a parent heading closed the run: reports often number
    /// items on through their parents (`(一)… 1.… 2.… (二)… 3.…`).
    before: [Option<u32>; 5],
}

impl Nest {
    /// Push a heading by the stack rule; returns its depth.
    fn push(&mut self, level: u8, num: u32) -> u8 {
        while self.stack.last().is_some_and(|&top| top >= level) {
            self.stack.pop();
        }
        self.stack.push(level);
        let l = level as usize;
        self.last[l] = Some(num);
        for k in l + 1..self.last.len() {
            if let Some(n) = self.last[k].take() {
                self.before[k] = Some(n);
            }
        }
        self.stack.len().min(u8::MAX as usize) as u8
    }

    /// Would a mid-line marker continue the numbering? `inside` is the level of the heading whose
    /// text the marker interrupts (then a first item must open a deeper level).
    fn continues(&self, m: Marker, inside: Option<u8>) -> bool {
        let last = self.last[m.level as usize];
        if m.num == 1 {
            last.is_none() && inside.is_none_or(|cur| m.level > cur)
        } else {
            last == Some(m.num - 1)
                || last.is_none()
                    && self.before[m.level as usize] == Some(m.num - 1)
                    && inside.is_some_and(|cur| m.level > cur)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scanning
// ---------------------------------------------------------------------------------------------

/// A heading found in the normalized text, before it is dressed up.
struct Raw {
    level: u8,
    depth: u8,
    start: usize,
    mlen: usize,
    line_end: usize,
    line_start: bool,
    /// Found by the rules of a flattened report.
    flat: bool,
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t')
}

/// Sentence ends (and the colon that announces a list) after which a flattened report may start
/// a heading.
fn is_break(c: char) -> bool {
    matches!(c, '。' | ';' | '；' | '!' | '！' | '?' | '？' | ':' | '：')
}

/// Lines of `t` as byte spans without the `\n`.
fn line_spans(t: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = t.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > b.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &b[start..]).map_or(b.len(), |p| start + p);
        let s = start;
        start = end + 1;
        Some((s, end))
    })
}

/// Bytes (about 500 ideographs) past which a line of a lined page is a flattened article.
const LONG_LINE: usize = 1500;

/// A report that lost its line breaks: one line holds much of a long text, or nearly all of a
/// short one (a truncated page).
fn is_flat(t: &str) -> bool {
    let longest = line_spans(t).map(|(s, e)| e - s).max().unwrap_or(0);
    longest >= 3000 && longest * 3 >= t.len() || longest >= 600 && longest * 5 >= t.len() * 4
}

fn skip_spaces(t: &str, mut p: usize, end: usize) -> usize {
    while p < end && matches!(t.as_bytes()[p], b' ' | b'\t') {
        p += 1;
    }
    p
}

/// A paragraph break that a flattened report kept as spaces (its `<p>` tags were lost): at byte
/// `p` of the normalized text, a run of two or more spaces, or one space that was not an ASCII
/// space in the original (U+3000, NBSP, U+2002 all fold to ' '). Returns the end of the run.
/// A single ASCII space is not a break: it occurs inside headings (`2021 年`).
pub(crate) fn para_space(text: &Text, p: usize, end: usize) -> Option<usize> {
    let t = text.norm.text.as_bytes();
    let mut q = p;
    while q < end && matches!(t[q], b' ' | b'\t') {
        q += 1;
    }
    match q - p {
        0 => None,
        1 => {
            let o = text.norm.orig_start(p);
            (text.original.as_bytes().get(o).is_some_and(|&b| b >= 0x80)).then_some(q)
        }
        _ => Some(q),
    }
}

/// Whether any paragraph break kept as spaces ([`para_space`]) stands in bytes `[s, e)` of the
/// text.
fn has_para_space(text: &Text, s: usize, e: usize) -> bool {
    let t = text.norm.text.as_bytes();
    memchr::memchr2_iter(b' ', b'\t', &t[s..e]).any(|p| {
        let p = s + p;
        let end = memchr::memchr(b'\n', &t[p..]).map_or(t.len(), |k| p + k);
        para_space(text, p, end).is_some()
    })
}

/// Scan one line `[ls, le)` for headings. Line-start markers are always headings; in a flattened
/// report a marker also counts after a sentence end or inside the previous heading's text when it
/// continues the numbering.
fn scan_line(text: &Text, ls: usize, le: usize, flat: bool, nest: &mut Nest, out: &mut Vec<Raw>) {
    let t = text.norm.text.as_str();
    let p = skip_spaces(t, ls, le);
    // A marker rejoined across a deleted line break (`1` at a wrapped line's end, `.` opening
    // the next) is not printed as a marker.
    let marker_at = |q: usize| {
        parse_marker(&t[q..le]).filter(|m| !text.orig_slice(q, q + m.len).contains(['\n', '\r']))
    };
    let mut record = |nest: &mut Nest, m: Marker, start: usize, line_start: bool| {
        let depth = nest.push(m.level, m.num);
        out.push(Raw {
            level: m.level,
            depth,
            start,
            mlen: m.len,
            line_end: le,
            line_start,
            flat,
        });
    };
    if !flat {
        if let Some(m) = marker_at(p).or_else(|| numberless_marker(&t[p..le], nest)) {
            record(nest, m, p, true);
        }
        return;
    }
    let mut q = p;
    let mut brk = false;
    // Level and text start of the heading whose text is being read.
    let mut inside: Option<(u8, usize)> = None;
    while q < le {
        let first = q == p;
        let in_text = inside.is_some_and(|(_, s)| q > s);
        // markers are tried where a heading may start: a line's start, after a break, inside a
        // heading's text, or anywhere until the outline's first part is found (see `opens`)
        let may_open = first || brk || in_text || nest.last[1].is_none();
        if let Some(m) = may_open.then(|| marker_at(q)).flatten() {
            let ctx = if brk { None } else { inside.map(|(l, _)| l) };
            // The outline's first part also opens after the title or the page's date stamp,
            // joined by one space or by nothing (`…的报告 一、`, `…的报告一、`, `2026-02-09一、`).
            let opens = || {
                m.level == 1
                    && m.num == 1
                    && nest.last[1].is_none()
                    && (t[..q].ends_with([' ', '>'])
                        || t[..q].ends_with(|c: char| c.is_ascii_digit())
                        || ["报告", "总结", "情况", "年度", "如下"]
                            .iter()
                            .any(|w| t[..q].ends_with(w)))
            };
            if (first || brk || in_text) && (first || nest.continues(m, ctx)) || opens() {
                record(nest, m, q, first);
                q += m.len;
                inside = Some((m.level, q));
                brk = false;
                continue;
            }
        }
        let Some(c) = t[q..le].chars().next() else {
            break;
        };
        if c == '。' {
            inside = None;
        }
        if is_space(c) {
            // A paragraph break kept as spaces ends the heading text and may open a heading.
            if let Some(e) = para_space(text, q, le) {
                inside = None;
                brk = true;
                q = e;
                continue;
            }
        } else {
            // an ASCII full stop ends a sentence after a figure's unit or a word (`达100%.`),
            // not inside a number
            brk = is_break(c)
                || c == '.'
                    && !t[..q].ends_with(|x: char| x.is_ascii_digit())
                    && !t[q + 1..].starts_with(|x: char| x.is_ascii_digit());
        }
        q += c.len_utf8();
    }
}

/// Debris before the marker on its original line (`[bookmark: OLE_LINK1]`).
fn prefix_debris(text: &Text, norm_start: usize) -> Option<String> {
    if text.norm.markup {
        return None; // what precedes a marker on a page's source line is markup
    }
    let o = text.norm.orig_start(norm_start).min(text.original.len());
    let head = text.original.get(..o)?;
    let ls = head.rfind(['\n', '\r']).map_or(0, |p| p + 1);
    let d = head[ls..].trim();
    d.chars()
        .any(|c| !c.is_whitespace() && crate::normalize::fold_char(c).is_some())
        .then(|| d.to_string())
}

// ---------------------------------------------------------------------------------------------
// Required parts
// ---------------------------------------------------------------------------------------------

const ACHIEVEMENTS: u8 = 0;
const SHORTCOMINGS: u8 = 1;
const FIRST_RESPONSIBLE: u8 = 2;
const NEXT_YEAR: u8 = 3;
const OTHER: u8 = 4;
const CONTAINER: u8 = 5;
const PART_NAMES: [&str; 6] = [
    "achievements",
    "shortcomings",
    "first_responsible",
    "next_year",
    "other",
    "container",
];

/// Keyword rules, first match wins: (part, all of, any of, top level only).
/// Wordings follow the required contents of the 督察规定 and the headings reports give them.
const PART_RULES: &[(u8, &[&str], &[&str], bool)] = &[
    (
        FIRST_RESPONSIBLE,
        &["第一责任人"],
        &["主要负责", "党政", "负责同志", "一把手"],
        false,
    ),
    (
        SHORTCOMINGS,
        &[],
        &[
            "不足",
            "存在的问题",
            "存在问题",
            "主要问题",
            "问题和困难",
            "困难和问题",
            "短板",
            "薄弱环节",
        ],
        false,
    ),
    (
        NEXT_YEAR,
        &[],
        &[
            "下一年",
            "下一步",
            "下步",
            "明年",
            "来年",
            "工作思路",
            "打算",
            "主要安排",
            "工作安排",
            "工作计划",
            "计划安排",
            "工作展望",
            "努力方向",
            "工作要点",
        ],
        false,
    ),
    (
        ACHIEVEMENTS,
        &[],
        &[
            "主要举措",
            "举措和成效",
            "工作成效",
            "主要成效",
            "取得的成效",
            "主要做法",
            "开展情况",
            "建设情况",
            "工作情况",
            "进展情况",
            "推进情况",
            "落实情况",
            "完成情况",
            "成效",
            "成绩",
        ],
        false,
    ),
];

/// Is `s` just `[YYYY年(度)][推进]法治政府建设[工作][情况]` (a bare achievements heading)?
fn bare_fzzf(s: &str) -> bool {
    let mut s = s.trim_matches(|c: char| c.is_whitespace() || c == ':');
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 4 {
        s = s[4..].trim_start();
        s = s.strip_prefix('年').unwrap_or(s);
        s = s.strip_prefix('度').unwrap_or(s);
    }
    s = s.strip_prefix("推进").unwrap_or(s);
    s = s.strip_prefix("全面").unwrap_or(s);
    let Some(rest) = s
        .strip_prefix("法治政府建设")
        .or_else(|| s.strip_prefix("依法行政"))
    else {
        return false;
    };
    matches!(rest, "" | "工作" | "情况" | "工作情况")
}

/// The keywords of `PART_RULES` in one automaton, and each rule as bit masks over them
/// (`all`, `any`): a heading's text is searched once rather than once per keyword.
struct PartKeywords {
    ac: AhoCorasick,
    masks: Vec<(u64, u64)>,
}

static PART_KEYWORDS: LazyLock<PartKeywords> = LazyLock::new(|| {
    let mut words: Vec<&str> = Vec::new();
    let mut bit = |w: &'static str| -> u64 {
        let k = words.iter().position(|x| *x == w).unwrap_or_else(|| {
            words.push(w);
            words.len() - 1
        });
        1 << k
    };
    let masks = PART_RULES
        .iter()
        .map(|(_, all, any, _)| {
            let all = all.iter().fold(0, |m, w| m | bit(w));
            let any = any.iter().fold(0, |m, w| m | bit(w));
            (all, any)
        })
        .collect();
    assert!(words.len() <= 64, "part keywords fit a u64 mask");
    PartKeywords {
        ac: AhoCorasick::new(&words).expect("part keywords are valid patterns"),
        masks,
    }
});

/// Part a heading text names (normalized text), by keyword.
fn classify(norm_text: &str, depth: u8) -> Option<u8> {
    let kw = &*PART_KEYWORDS;
    // Overlapping search reports every keyword that occurs, as `contains` would.
    let found = kw
        .ac
        .find_overlapping_iter(norm_text)
        .fold(0u64, |m, x| m | 1 << x.pattern().as_usize());
    for ((part, _, _, top), &(all, any)) in PART_RULES.iter().zip(&kw.masks) {
        if *top && depth > 1 {
            continue;
        }
        if found & all == all && found & any != 0 {
            return Some(*part);
        }
    }
    (depth <= 1 && bare_fzzf(norm_text)).then_some(ACHIEVEMENTS)
}

/// A body sentence about shortcomings (`存在着一些问题`, `不足之处`): byte offset in `line`.
fn shortcoming_sentence(line: &str) -> Option<usize> {
    for (i, _) in line.match_indices("存在") {
        let tail: String = line[i..].chars().take(14).collect();
        if tail.contains("问题") || tail.contains("不足") {
            return Some(i);
        }
    }
    ["不足之处", "短板", "差距"]
        .iter()
        .filter_map(|k| line.find(k))
        .min()
}

// ---------------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------------

/// Bytes of an enumeration text read at most (bounds the work on lines without a `。`).
const ENUM_MAX: usize = 4096;

/// Is there an enumerator `N是` at `p` (after optional spaces)? Returns the byte length.
fn enumerator_at(t: &str, p: usize) -> Option<usize> {
    let s = &t[p..];
    let (_, n) = cn_number(s)?;
    s[n..].starts_with('是').then_some(n + '是'.len_utf8())
}

fn enumerations(text: &Text) -> Vec<Enumeration> {
    let t = text.norm.text.as_str();
    let mut out = Vec::new();
    let mut last_end = 0;
    for hit in memchr::memmem::find_iter(t.as_bytes(), "是".as_bytes()) {
        // Walk back over up to three numerals.
        let mut s = hit;
        for _ in 0..3 {
            match t[..s].chars().next_back() {
                Some(c) if cn_val(c).is_some() => s -= c.len_utf8(),
                _ => break,
            }
        }
        if s == hit || s < last_end || enumerator_at(t, s) != Some(hit + 3 - s) {
            continue;
        }
        let before = t[..s].trim_end_matches(is_space);
        let line_start = before.is_empty() || before.ends_with('\n');
        let ok = line_start || before.ends_with(['。', ';', '；', ':', '：', ',', '，']);
        if !ok {
            continue;
        }
        // Text: up to 。 ; or an enumerator after a comma, within the line.
        let body = hit + 3;
        let cap = (body + ENUM_MAX).min(t.len());
        let mut end = body;
        for (i, c) in t[body..].char_indices() {
            let at = body + i;
            if at >= cap || matches!(c, '。' | ';' | '；' | '\n') {
                break;
            }
            if matches!(c, ',' | '，') {
                let q = skip_spaces(t, at + c.len_utf8(), t.len());
                if enumerator_at(t, q).is_some() {
                    break;
                }
            }
            end = at + c.len_utf8();
        }
        last_end = end;
        let pos = text.pos(s);
        let raw = text.clean_slice(body, end);
        out.push(Enumeration {
            marker: text.orig_slice(s, body).to_string(),
            text: raw
                .trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == '，')
                .to_string(),
            line: pos.line,
            col: pos.col,
            line_start,
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Segmentation
// ---------------------------------------------------------------------------------------------

/// Phrases a report's body sentence opens with, never far into a heading: where a flattened
/// heading with no separator at all runs on past its usual length, the body starts at the first.
const BODY_OPENERS: &[&str] = &[
    "以习近平",
    "根据",
    "按照",
    "认真贯彻",
    "认真落实",
    "严格按照",
    "严格执行",
    "积极配合",
    "自觉接受",
    "今年以来",
    "一年来",
    "近年来",
    "我镇",
    "我乡",
    "我区",
    "我县",
    "我市",
    "我局",
    "我街道",
    "在“",
    "在党",
    "在区委",
    "在县委",
    "在市委",
    "在镇党委",
];

/// Characters past which a heading that has not ended is taken to run into its body.
const HEADING_RUN: usize = 20;

/// In a flattened report a heading without its `。` runs into the body; cut it where the body
/// visibly starts: a paragraph break kept as spaces ([`para_space`]), an enumerator (`一是`) or a
/// sentence opening with a year (`2023年，`). A heading that runs on past [`HEADING_RUN`]
/// characters is also cut at a single space between two ideographs: paragraphs joined with one
/// space (what a scraper's `get_text(" ")` leaves) where no paragraph space stands; a short
/// heading keeps such a space (`强化组织领导 统筹谋划`). In a `tight` report (paragraphs joined with
/// no space at all), a long heading is also cut before a year (`2021年`) or a [`BODY_OPENERS`]
/// phrase that follows a word (not a comma) from the fifth character on; where paragraphs keep a
/// space, a heading without one goes on to its `。`.
fn flat_cut(text: &Text, ts: usize, te: usize, tight: bool) -> usize {
    let t = text.norm.text.as_str();
    let cut = flat_cut_marked(text, ts, te);
    if t[ts..cut].chars().nth(HEADING_RUN).is_none() {
        return cut;
    }
    let subject = if tight {
        subject_start(t, ts, cut)
    } else {
        None
    };
    let mut prev = ' ';
    for (k, (i, c)) in t[ts..cut].char_indices().enumerate() {
        let rest = &t[ts + i..cut];
        if c == ' '
            && is_han(prev)
            && rest[1..].starts_with(|x: char| is_han(x) || x.is_ascii_digit())
        {
            return ts + i;
        }
        // After punctuation a phrase goes on with the heading's own clause, and after a
        // preposition with its object (`为我镇经济发展`).
        let after_word = k >= 4
            && !is_break(prev)
            && !matches!(
                prev,
                ',' | '，' | '、' | ' ' | '为' | '在' | '对' | '使' | '让' | '把'
            );
        prev = c;
        if !tight || !after_word {
            continue;
        }
        let year = rest.len() > 5
            && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
            && rest[4..].starts_with('年')
            && !t[..ts + i].ends_with(|x: char| x.is_ascii_digit());
        if year || BODY_OPENERS.iter().any(|o| rest.starts_with(o)) || subject == Some(ts + i) {
            return ts + i;
        }
    }
    cut
}

/// Organs whose acting opens a body (`镇党委、镇政府高度重视`, `司法部党组坚持`).
const ORGANS: &[&str] = &["党工委", "党委", "党组", "人民政府", "政府"];

/// What an organ opening a body does next; a heading goes on with `对`, `统一领导`, `的`.
const ORGAN_ACTS: &[&str] = &[
    "、",
    "高度重视",
    "始终",
    "坚持",
    "认真",
    "深入",
    "切实",
    "严格",
    "把",
    "将",
    "主要领导",
    "主要负责",
    "全面",
    "积极",
];

/// In `t[ts..te]`, the start of the first organ's name that opens a sentence (`…整体推进
/// 自治区党委、政府高度重视…`): the word before the organ word (jieba), when it is a noun.
fn subject_start(t: &str, ts: usize, te: usize) -> Option<usize> {
    let x = &t[ts..te];
    let (at, _) = ORGANS
        .iter()
        .filter_map(|o| {
            x.match_indices(o)
                .find(|&(k, _)| ORGAN_ACTS.iter().any(|a| x[k + o.len()..].starts_with(a)))
        })
        .min_by_key(|m| m.0)?;
    let from = x[..at].char_indices().rev().nth(5).map_or(0, |(k, _)| k);
    let words = crate::words::JIEBA.tag(&x[from..at], true);
    let last = words.last()?;
    // a place or an organ (`自治区`, `司法部`, `下桥镇`), not a word of the heading (`思想`)
    let place = matches!(last.tag, "ns" | "nt")
        || last
            .word
            .ends_with(['镇', '乡', '县', '区', '市', '省', '部', '厅', '局', '委'])
        || last.word == "街道";
    let name = if place && last.word.chars().all(is_han) {
        last.word.len()
    } else {
        0
    };
    Some(ts + at - name)
}

/// [`flat_cut`] at the marks that always show a body start.
fn flat_cut_marked(text: &Text, ts: usize, te: usize) -> usize {
    let t = text.norm.text.as_str();
    let mut prev_cn = true; // no cut at the very start
    for (i, c) in t[ts..te].char_indices() {
        let p = ts + i;
        if i > 0 && is_space(c) && para_space(text, p, te).is_some() {
            return p;
        }
        if !prev_cn && enumerator_at(t, p).is_some() {
            return p;
        }
        if i > 0 && c.is_ascii_digit() && !t[..p].ends_with(|x: char| x.is_ascii_digit()) {
            let r = &t.as_bytes()[p..te];
            if r.len() > 7
                && r[..4].iter().all(u8::is_ascii_digit)
                && t[p + 4..te].starts_with('年')
                && t[p + 7..te].starts_with([',', '，'])
            {
                return p;
            }
        }
        prev_cn = cn_val(c).is_some();
    }
    te
}

/// Settle the keyword parts of `headings`: a heading over two or more different required parts
/// is a `container`; a sub-heading repeating an ancestor's part opens nothing; a top-level heading
/// without a part is an `other` part.
fn assign_parts(headings: &mut [Heading], mut parts: Vec<Option<u8>>) {
    let mut below = vec![0u8; headings.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        stack.truncate((h.depth as usize).saturating_sub(1));
        if let Some(p) = parts[i].filter(|&p| p < OTHER) {
            for &a in &stack {
                below[a] |= 1 << p;
            }
        }
        stack.push(i);
    }
    stack.clear();
    for (i, h) in headings.iter_mut().enumerate() {
        stack.truncate((h.depth as usize).saturating_sub(1));
        if below[i].count_ones() >= 2 && matches!(parts[i], None | Some(ACHIEVEMENTS)) {
            parts[i] = Some(CONTAINER);
        }
        if parts[i].is_some() && stack.iter().any(|&a| parts[a] == parts[i]) {
            parts[i] = None; // a sub-item repeating its part does not open a new one
        }
        if parts[i].is_none() && h.depth == 1 {
            parts[i] = Some(OTHER);
        }
        h.part = parts[i].map(|p| PART_NAMES[p as usize].to_string());
        stack.push(i);
    }
}

/// Segment a document.
///
/// # Examples
/// ```
/// use _core::{segment::segment, text::Text};
/// let t = Text::new("报告\n一、主要举措和成效\n（一）加强领导。全年召开会议3次。\n一是学法；二是用法。\n".into());
/// let s = segment(&t);
/// assert_eq!(s.headings.len(), 2);
/// assert_eq!(s.headings[1].marker, "（一）");
/// assert_eq!(s.headings[1].text, "加强领导");
/// assert!(s.headings[1].run_in);
/// assert_eq!(s.enumerations.len(), 2);
/// assert_eq!(s.required_parts.achievements, Some(2));
/// ```
pub fn segment(text: &Text) -> Segmented {
    let t = text.norm.text.as_str();
    let flat = is_flat(t);
    let mut nest = Nest::default();
    let mut raws = Vec::new();
    // lines of an attachment list (`附件：1.…` then `2.…`) are not headings
    let mut attachments = false;
    for (ls, le) in line_spans(t) {
        let line = t[ls..le].trim_start();
        if line.starts_with("附件") {
            attachments = true;
            continue;
        }
        if attachments && !flat && line.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        if line.is_empty() {
            continue;
        }
        attachments = false;
        // a page whose chrome kept its lines but whose article lost them: its long line is read
        // as a flattened report
        scan_line(
            text,
            ls,
            le,
            flat || le - ls >= LONG_LINE,
            &mut nest,
            &mut raws,
        );
    }
    // Flattened with nothing at all between paragraphs: only words can tell a body start. Only
    // the outline's span is looked at: a site's header and footer keep spaces of their own.
    let tight = raws.iter().any(|r| r.flat)
        && match (raws.first(), raws.last()) {
            (Some(a), Some(b)) => !has_para_space(text, a.start, b.start),
            _ => true,
        };

    // Texts and keyword parts.
    let mut headings = Vec::with_capacity(raws.len());
    let mut parts: Vec<Option<u8>> = Vec::with_capacity(raws.len());
    for (i, r) in raws.iter().enumerate() {
        let next_same_line = raws.get(i + 1).map(|n| n.start).filter(|&s| s < r.line_end);
        let limit = next_same_line.unwrap_or(r.line_end);
        let mut ts = skip_spaces(t, r.start + r.mlen, limit);
        let (mut te, run_in) = match memchr::memmem::find(&t.as_bytes()[ts..limit], "。".as_bytes())
        {
            Some(k) => {
                let after = &t[ts + k + 3..limit];
                (ts + k, after.chars().any(|c| !c.is_whitespace()))
            }
            None => (limit, false),
        };
        if !r.flat {
            // a colon that opens the body on the heading's line ends it (`一、主要工作情况：一年来，…`)
            if let Some(k) = t[ts..te].char_indices().find_map(|(k, c)| {
                let colon = c == '：'
                    || c == ':'
                        && !(t[..ts + k].ends_with(|x: char| x.is_ascii_digit())
                            && t[ts + k + 1..].starts_with(|x: char| x.is_ascii_digit()));
                (colon && !t[ts + k + c.len_utf8()..limit].trim().is_empty()).then_some(ts + k)
            }) {
                te = k;
            }
        }
        if r.flat {
            te = flat_cut(text, ts, te, tight);
        } else if t[ts..te].trim().is_empty() && next_same_line.is_none() {
            // a marker alone on its line (PDF exports): its text is the next line's
            if let Some((ns, ne)) = line_spans(&t[r.line_end..]).skip(1).find_map(|(a, b)| {
                let (a, b) = (r.line_end + a, r.line_end + b);
                let a = skip_spaces(t, a, b);
                (a < b).then_some((a, b))
            }) {
                if parse_marker(&t[ns..ne]).is_none() {
                    ts = ns;
                    te = memchr::memmem::find(&t.as_bytes()[ns..ne], "。".as_bytes())
                        .map_or(ne, |k| ns + k);
                }
            }
        }
        let trim: &[char] = if next_same_line.is_some() && te == limit {
            &[' ', '\t', ',', '，', ';', '；', ':', '：']
        } else {
            &[' ', '\t']
        };
        te = ts + t[ts..te].trim_end_matches(trim).len();
        let pos = text.pos(r.start);
        parts.push(classify(&t[ts..te], r.depth));
        headings.push(Heading {
            level: r.level,
            depth: r.depth,
            marker: text.orig_slice(r.start, r.start + r.mlen).to_string(),
            text: crate::normalize::fold_digits(text.clean_slice(ts, te).trim_end()),
            line: pos.line,
            col: pos.col,
            run_in,
            prefix_debris: if r.line_start {
                prefix_debris(text, r.start)
            } else {
                None
            },
            part: None,
            norm_start: r.start,
        });
    }
    assign_parts(&mut headings, parts);

    // Required parts.
    let mut rp = RequiredParts::default();
    for h in &headings {
        let slot = match h.part.as_deref() {
            Some("achievements") => &mut rp.achievements,
            Some("shortcomings") => &mut rp.shortcomings,
            Some("first_responsible") => &mut rp.first_responsible,
            Some("next_year") => &mut rp.next_year,
            _ => continue,
        };
        slot.get_or_insert(h.line);
    }
    if rp.shortcomings.is_none() {
        let from = headings.first().map_or(0, |h| h.norm_start);
        rp.shortcomings = line_spans(t).filter(|&(_, e)| e > from).find_map(|(s, e)| {
            let s = s.max(from);
            shortcoming_sentence(&t[s..e]).map(|k| text.pos(s + k).line)
        });
    }

    // Sections.
    let mut sections = Vec::with_capacity(headings.len() + 1);
    let first = headings.first().map_or(t.len(), |h| h.norm_start);
    if first > 0 || headings.is_empty() {
        sections.push(Section {
            heading: None,
            path: Vec::new(),
            part: "other".to_string(),
            line: 1,
            text: text.display_slice(0, first).into_owned(),
            norm_span: (0, first),
        });
    }
    let mut path: Vec<(String, Option<String>)> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        let end = headings.get(i + 1).map_or(t.len(), |n| n.norm_start);
        path.truncate((h.depth as usize).saturating_sub(1));
        path.push((h.text.clone(), h.part.clone()));
        let part = path
            .iter()
            .rev()
            .find_map(|(_, p)| p.clone())
            .unwrap_or_else(|| "other".to_string());
        sections.push(Section {
            heading: Some(i),
            path: path.iter().map(|(x, _)| x.clone()).collect(),
            part,
            line: h.line,
            text: text.display_slice(h.norm_start, end).into_owned(),
            norm_span: (h.norm_start, end),
        });
    }

    Segmented {
        headings,
        enumerations: enumerations(text),
        sections,
        required_parts: rp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(s: &str) -> Segmented {
        segment(&Text::new(s.to_string()))
    }

    /// (level, depth, marker, text, line, col, run_in) of each heading.
    fn heads(s: &str) -> Vec<(u8, u8, String, String, u32, u32, bool)> {
        seg(s)
            .headings
            .into_iter()
            .map(|h| (h.level, h.depth, h.marker, h.text, h.line, h.col, h.run_in))
            .collect()
    }

    #[test]
    fn markers_table() {
        // (line, expected (level, marker length in bytes) or None)
        let cases: &[(&str, Option<(u8, usize)>)] = &[
            ("一、总体情况", Some((1, 6))),
            ("十一、其他", Some((1, 9))),
            ("二十三、其他", Some((1, 12))),
            ("一.错误形式", Some((1, 4))),
            ("二,学习不够深入", Some((1, 4))),
            ("第一,加强学习", None),
            ("(一)加强领导", Some((2, 5))),
            ("【二】加强领导", Some((2, 9))),
            ("1.公布清单", Some((3, 2))),
            ("10、公布清单", Some((3, 5))),
            ("(1)细项", Some((4, 3))),
            ("第一部分 主要举措", Some((0, 12))),
            ("第三章 总则", Some((0, 9))),
            ("1.5万元", None),
            ("2021年我镇", None),
            ("2023.1.5", None),
            ("3·15宣传", None),
            ("一是加强", None),
            ("第一责任人", None),
            ("十十、", None),
            ("一二、", None),
            ("100.项目", None),
            ("0.项目", None),
            ("(扩大)", None),
            // spaced out by Word and PDF exports
            ("一 、主要工作", Some((1, 7))),
            ("( 一 )加强领导", Some((2, 7))),
            ("2 、推进执法", Some((3, 5))),
            ("3 .5万元", None),
            ("一   、三个空格", None),
        ];
        for (s, want) in cases {
            let got = parse_marker(s).map(|m| (m.level, m.len));
            assert_eq!(got, *want, "{s}");
        }
    }

    #[test]
    fn headings_run_in_and_skipped_levels() {
        let doc = "报告标题\n\n一、指导思想\n正文。\n二、法治政府建设\n（一）加强领导。正文1.5万元。\n  （二)健全制度。\n三、下一步打算\n1．继续推进工作，形成合力\n2.检查督查。2021年我镇。\n";
        let h = heads(doc);
        let want: Vec<(u8, u8, &str, &str, u32, u32, bool)> = vec![
            (1, 1, "一、", "指导思想", 3, 0, false),
            (1, 1, "二、", "法治政府建设", 5, 0, false),
            (2, 2, "（一）", "加强领导", 6, 0, true),
            (2, 2, "（二)", "健全制度", 7, 2, false),
            (1, 1, "三、", "下一步打算", 8, 0, false),
            (3, 2, "1．", "继续推进工作，形成合力", 9, 0, false),
            (3, 2, "2.", "检查督查", 10, 0, true),
        ];
        let got: Vec<_> = h
            .iter()
            .map(|x| (x.0, x.1, x.2.as_str(), x.3.as_str(), x.4, x.5, x.6))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn not_headings() {
        for doc in [
            "2021年我镇法治政府建设扎实推进。\n",
            "1.5万元用于普法。\n",
            "3·15宣传活动。\n",
            "一是加强学习；二是强化执法。\n",
            "第一责任人职责落实到位。\n",
            "全面贯彻十九届二中、三中、四中全会精神。(一)不是标题。\n",
            "特此报告。\n2022年1月10日\n",
        ] {
            assert!(seg(doc).headings.is_empty(), "{doc}");
        }
    }

    #[test]
    fn enumerations_table() {
        let s = seg("(一)加强领导。一是强化组织领导,确保责任到位;二是加大投入,三是落实经费。\n一是单独成行，内容。\n统一是关键。\n");
        let got: Vec<_> = s
            .enumerations
            .iter()
            .map(|e| (e.marker.as_str(), e.text.as_str(), e.line, e.line_start))
            .collect();
        assert_eq!(
            got,
            vec![
                ("一是", "强化组织领导,确保责任到位", 1, false),
                ("二是", "加大投入", 1, false),
                ("三是", "落实经费", 1, false),
                ("一是", "单独成行，内容", 2, true),
            ]
        );
        assert_eq!(s.headings.len(), 1);
    }

    #[test]
    fn debris_and_original_characters() {
        let s = seg(
            "前言。\n[bookmark: OLE_LINK1]（一）进一步强化学法，增强素养。正文。\n（１）全角数字\n",
        );
        let h = &s.headings[0];
        assert_eq!(
            (h.marker.as_str(), h.text.as_str(), h.col),
            ("（一）", "进一步强化学法，增强素养", 21)
        );
        assert_eq!(h.prefix_debris.as_deref(), Some("[bookmark: OLE_LINK1]"));
        assert_eq!(
            (s.headings[1].level, s.headings[1].marker.as_str()),
            (4, "（１）")
        );
        assert_eq!(s.headings[1].prefix_debris, None);
    }

    #[test]
    fn parts_and_sections() {
        let doc = "标题\n一、工作开展情况\n（一）党政主要负责人履行推进法治建设第一责任人职责情况\n1.履行第一责任人职责。正文。\n（二）推进法治政府建设的主要举措和成效\n二、存在的问题和不足\n三、2023年工作思路\n四、其他需要报告的情况\n";
        let s = seg(doc);
        let parts: Vec<_> = s.headings.iter().map(|h| h.part.as_deref()).collect();
        assert_eq!(
            parts,
            vec![
                Some("container"),
                Some("first_responsible"),
                None,
                Some("achievements"),
                Some("shortcomings"),
                Some("next_year"),
                Some("other"),
            ]
        );
        let rp = &s.required_parts;
        assert_eq!(
            (
                rp.achievements,
                rp.shortcomings,
                rp.first_responsible,
                rp.next_year
            ),
            (Some(5), Some(6), Some(3), Some(7))
        );
        // Sections tile the normalized text.
        let n = Text::new(doc.to_string()).norm.text.len();
        assert_eq!(s.sections.len(), s.headings.len() + 1);
        assert_eq!(s.sections[0].norm_span.0, 0);
        assert_eq!(s.sections.last().unwrap().norm_span.1, n);
        for w in s.sections.windows(2) {
            assert_eq!(w[0].norm_span.1, w[1].norm_span.0);
        }
        assert_eq!(
            s.sections[3].path,
            vec![
                "工作开展情况",
                "党政主要负责人履行推进法治建设第一责任人职责情况",
                "履行第一责任人职责"
            ]
        );
        assert_eq!(s.sections[3].part, "first_responsible");
        assert_eq!(s.sections[0].part, "other");
        assert!(s.sections[3].text.starts_with("1.履行"));
    }

    #[test]
    fn short_part_headings_are_classified() {
        let s = seg("一、成效\n正文。\n二、工作落实情况\n正文。\n三、存在的问题\n正文。\n四、2023年工作打算\n正文。\n");
        let parts: Vec<&str> = s
            .headings
            .iter()
            .filter_map(|h| h.part.as_deref())
            .collect();
        assert_eq!(
            parts,
            ["achievements", "achievements", "shortcomings", "next_year"]
        );
    }

    #[test]
    fn shortcomings_fall_back_to_a_sentence() {
        let s = seg("一、法治政府建设\n正文。\n二、下一步打算\n2021年工作扎实推进，但仍存在着一些问题，例如重视不够。\n1.继续推进。\n");
        assert_eq!(s.required_parts.achievements, Some(1));
        assert_eq!(s.required_parts.next_year, Some(3));
        assert_eq!(s.required_parts.shortcomings, Some(4));
    }

    #[test]
    fn flattened_report() {
        let body = "我镇高度重视法治政府建设，各项工作有序推进，取得明显成效，群众满意度持续提升。"
            .repeat(40);
        let doc = format!(
            "某镇2022年法治政府建设情况的报告县委、县政府:现将有关情况报告如下:一、主要举措和成效(一)加强组织领导。{body}(二)健全制度体系。{body}1.完善决策机制。{body}2.规范执法行为。{body}二、存在的问题和不足{body}三、2023年工作思路一是加强学习;二是强化执法。{body}"
        );
        let s = seg(&doc);
        let got: Vec<_> = s
            .headings
            .iter()
            .map(|h| (h.level, h.depth, h.text.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 1, "主要举措和成效"),
                (2, 2, "加强组织领导"),
                (2, 2, "健全制度体系"),
                (3, 3, "完善决策机制"),
                (3, 3, "规范执法行为"),
                // No separator and no `。` after this heading: the body's opening words
                // (`我镇`) tell where it ends.
                (1, 1, "存在的问题和不足"),
                (1, 1, "2023年工作思路"),
            ]
        );
        assert!(s.headings.iter().all(|h| h.line == 1));
        // `一是` after a heading text is not an enumerator (no punctuation before it); `二是` is.
        assert_eq!(s.enumerations.len(), 1);
        // The same text with line breaks is not read mid-line.
        let normal = "正文一句。(一)不是标题。1.也不是。\n".repeat(200);
        assert!(seg(&normal).headings.is_empty());
    }

    #[test]
    fn flattened_paragraph_spaces_end_headings() {
        let body = "我镇高度重视法治政府建设，各项工作有序推进，取得明显成效，群众满意度持续提升。"
            .repeat(12);
        // (paragraph separator, heading text of `二、` wanted)
        let cases: &[(&str, &str)] = &[
            ("\u{3000}", "存在的主要问题"),
            ("\u{3000}\u{3000}", "存在的主要问题"),
            ("\u{a0}", "存在的主要问题"),
            ("  ", "存在的主要问题"),
            ("\u{2002}\u{2002}", "存在的主要问题"),
            // One ASCII space between ideographs ends a heading that runs on (paragraphs joined
            // by a scraper).
            (" ", "存在的主要问题"),
        ];
        for &(sep, want) in cases {
            let doc = [
                "某镇人民政府关于2022年法治政府建设情况的报告",
                "县委、县政府：",
                "一、主要举措和成效",
                "（一）加强组织领导",
                &body,
                "（二）健全制度体系",
                &body,
                "二、存在的主要问题",
                "普法宣传形式较为单一，群众参与度不高。",
                &body,
                "三、下一步工作打算",
                "1.继续推进",
                &body,
            ]
            .join(sep);
            let s = seg(&doc);
            let got: Vec<_> = s
                .headings
                .iter()
                .map(|h| (h.level, h.depth, h.text.as_str(), h.part.as_deref()))
                .collect();
            assert_eq!(
                got,
                vec![
                    (1, 1, "主要举措和成效", Some("achievements")),
                    (2, 2, "加强组织领导", None),
                    (2, 2, "健全制度体系", None),
                    (1, 1, want, Some("shortcomings")),
                    (1, 1, "下一步工作打算", Some("next_year")),
                    (3, 2, "继续推进", None),
                ],
                "{sep:?}"
            );
        }
    }

    #[test]
    fn flattened_outline_opens_after_title_and_numbers_run_on() {
        let body = "一年来，各项工作有序推进，取得明显成效，群众满意度持续提升。".repeat(30);
        let markers = |doc: &str| -> Vec<String> {
            seg(doc).headings.into_iter().map(|h| h.marker).collect()
        };
        // the outline's first part right after the title or the page's date stamp, with one
        // space or nothing between
        for glue in [" ", ""] {
            for head in [
                "某县公安局关于2025年法治政府建设工作情况的报告",
                "日期:2026-02-09",
                "法治政府建设年度报告 > 2021年度",
            ] {
                let doc = format!("{head}{glue}一、工作总体完成情况{body}二、主要举措及成效{body}");
                assert_eq!(markers(&doc), ["一、", "二、"], "{head}{glue}");
            }
        }
        // not inside a word (`统一、规范`)
        let doc = format!("坚持统一、规范管理{body}");
        assert!(markers(&doc).is_empty(), "{doc}");
        // items numbered on through their parents, after a heading or a full stop after a unit
        let doc = format!(
            "一、主要工作{body}（一）加强领导{body}1.强化引领{body}2.压实责任{body}\
             （二）依法全面履行政府职能3.深化行政审批制度改革。{body}通过率达100%.（三）规范决策{body}"
        );
        assert_eq!(
            markers(&doc),
            ["一、", "（一）", "1.", "2.", "（二）", "3.", "（三）"]
        );
    }

    #[test]
    fn markers_whose_numbers_were_lost() {
        let s = seg("、坚持党的全面领导\n正文。\n（）加强组织领导\n正文。\n（）压实责任\n正文。\n、优化营商环境\n正文，、顿号不是标题。\n");
        let got: Vec<(u8, u8, &str)> = s
            .headings
            .iter()
            .map(|h| (h.level, h.depth, h.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (1, 1, "坚持党的全面领导"),
                (2, 2, "加强组织领导"),
                (2, 2, "压实责任"),
                (1, 1, "优化营商环境")
            ]
        );
    }

    #[test]
    fn a_colon_opening_the_body_ends_the_heading() {
        let s = seg("一、2015年主要工作情况: 一年来，成效体现在以下方面。\n（一）学法常态化：全年学法12次。\n二、时间安排\n会议于9:30召开。\n");
        let got: Vec<&str> = s.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(got, ["2015年主要工作情况", "学法常态化", "时间安排"]);
    }

    #[test]
    fn long_article_line_in_a_lined_page() {
        // the site's chrome keeps its lines, the article lost them: too little of the page for
        // the whole to read as flattened, but its long line is
        let body = "一年来，各项工作有序推进，取得明显成效，群众满意度持续提升。".repeat(12);
        let chrome = "首页 | 政务公开 | 政务服务 | 互动交流\n".repeat(100);
        let doc = format!(
            "{chrome}现将有关情况公示如下。 一、2021年工作情况 （一）夯实法治建设工作基础。{body} \
             （二）加强执法监督。{body} 二、存在的问题 {body}\n{chrome}"
        );
        assert!(!is_flat(&doc));
        let got: Vec<(u8, String)> = seg(&doc)
            .headings
            .into_iter()
            .map(|h| (h.level, h.marker))
            .collect();
        assert_eq!(
            got,
            [
                (1, "一、".to_string()),
                (2, "（一）".to_string()),
                (2, "（二）".to_string()),
                (1, "二、".to_string())
            ]
        );
    }

    #[test]
    fn flattened_heading_ends() {
        let body = "一年来，各项工作有序推进，取得明显成效，群众满意度持续提升。".repeat(30);
        let header = "首页 > 政务公开  【字体：大 中 小】  【打印本页】";
        let footer = "网站标识码：5001090001  渝ICP备05003300号-1  版权所有";
        // (document, the texts of its headings)
        let cases: Vec<(String, Vec<&str>)> = vec![
            // Paragraphs joined with nothing, a site's header and footer with spaces of their
            // own around them: the body's opening words still end a heading.
            (
                format!("{header}一、主要工作成效{body}二、存在的问题和不足我镇在推进法治政府建设中虽然取得了一些成绩，但还存在差距。{body}{footer}"),
                vec!["主要工作成效", "存在的问题和不足"],
            ),
            // One space before a sentence opening with a year.
            (
                format!("一、主要工作 {body} 二、下一步打算 2022年我镇将进一步深化法治政府建设工作，重点做好三项工作。 {body}"),
                vec!["主要工作", "下一步打算"],
            ),
            // An organ acting opens the body, with its place's name (`自治区党委、政府高度重视`),
            // or bare (`党工委、办事处履行`); an organ the heading names stays (`加强党委对…`).
            (
                format!("一、统筹规划{body}（一）法治政府建设整体推进自治区党委、政府高度重视法治政府建设，把它摆在全局位置。{body}"),
                vec!["统筹规划", "法治政府建设整体推进"],
            ),
            (
                format!("一、统筹规划{body}（一）纵深推进学悟笃行习近平法治思想党工委、办事处履行法治政府建设主体责任。{body}"),
                vec!["统筹规划", "纵深推进学悟笃行习近平法治思想"],
            ),
            (
                format!("一、统筹规划{body}（一）加强党委对法治政府建设工作的全面领导和统筹协调。{body}"),
                vec!["统筹规划", "加强党委对法治政府建设工作的全面领导和统筹协调"],
            ),
            // A preposition keeps its object: `为我镇` is not where a body starts.
            (
                format!("一、主要工作{body}（一）深化改革，服务市场主体，为我镇经济发展提供强大支撑。{body}"),
                vec!["主要工作", "深化改革，服务市场主体，为我镇经济发展提供强大支撑"],
            ),
        ];
        for (doc, want) in cases {
            let s = seg(&doc);
            let got: Vec<&str> = s.headings.iter().map(|h| h.text.as_str()).collect();
            assert_eq!(got, want, "{doc}");
        }
    }

    #[test]
    fn marker_alone_and_attachment_lists() {
        let doc = "某区人民政府关于2022年法治政府建设情况的报告\n\n一、\n主要举措和成效\n（一）\n\
                   加强组织领导。召开会议8次。\n二、存在的不足\n附件：1.某区法治政府建设工作要点\n\n\
                   2.某区2022年度法治政府建设考核细则\n\n某区人民政府\n2023年1月5日\n";
        let s = seg(doc);
        let got: Vec<_> = s
            .headings
            .iter()
            .map(|h| (h.level, h.line, h.text.as_str(), h.part.as_deref()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 3, "主要举措和成效", Some("achievements")),
                (2, 5, "加强组织领导", None),
                (1, 7, "存在的不足", Some("shortcomings")),
            ]
        );
    }

    #[test]
    fn flat_detection() {
        let para = "我镇高度重视法治政府建设，各项工作有序推进，取得明显成效。";
        let cases: Vec<(String, bool)> = vec![
            (para.repeat(80), true),                                    // long, one line
            (para.repeat(10), true),                                    // a truncated page
            (format!("标题\n{}\n落款", para.repeat(10)), true),         // frame lines around it
            (format!("{}\n", para).repeat(10), false),                  // one paragraph a line
            (para.repeat(3), false),                                    // too short to tell
            (format!("{}\n{}", para.repeat(6), para.repeat(6)), false), // two long paragraphs
        ];
        for (doc, want) in cases {
            assert_eq!(is_flat(&doc), want, "{doc}");
        }
    }

    #[test]
    fn hard_wrapped_heading_text_is_joined() {
        let para = "全镇没有发生群体性事件，社会大局保持和谐稳定，人民群众安全感满意度持续提升。";
        let mut src = String::new();
        let mut add = |s: &str| {
            let cs: Vec<char> = s.chars().collect();
            for c in cs.chunks(20) {
                src.extend(c);
                src.push('\n');
            }
        };
        for _ in 0..3 {
            add(para);
        }
        add("（一）党政主要负责人履行推进法治建设第一责任人职责加强法治政府建设的有关情况");
        add("1.认真履行职责。正文。");
        for _ in 0..3 {
            add(para);
        }
        let s = seg(&src);
        assert_eq!(
            s.headings[0].text,
            "党政主要负责人履行推进法治建设第一责任人职责加强法治政府建设的有关情况"
        );
        assert_eq!(s.headings[0].line, 7);
    }

    /// The automaton gives the rules' `contains` reading.
    #[test]
    fn classify_matches_contains() {
        let by_contains = |t: &str, depth: u8| {
            PART_RULES
                .iter()
                .filter(|r| !(r.3 && depth > 1))
                .find(|(_, all, any, _)| {
                    all.iter().all(|k| t.contains(k)) && any.iter().any(|k| t.contains(k))
                })
                .map(|r| r.0)
                .or_else(|| (depth <= 1 && bare_fzzf(t)).then_some(ACHIEVEMENTS))
        };
        for t in [
            "主要负责人履行推进法治建设第一责任人职责情况",
            "第一责任人",
            "存在的不足和下一步工作打算",
            "下步工作打算",
            "2022年法治政府建设情况",
            "主要举措和成效",
            "其他",
            "",
        ] {
            for depth in 1..3 {
                assert_eq!(classify(t, depth), by_contains(t, depth), "{t}");
            }
        }
    }

    #[test]
    fn never_panics() {
        let long = "一、".to_string() + &"法".repeat(400_000);
        let junk: String = (0..20_000u32)
            .filter_map(|i| char::from_u32((i * 7919) % 0x11000))
            .collect();
        for doc in [
            "",
            "\n\n\n",
            "一、",
            "(",
            "第",
            "1.",
            "一是",
            ",一是",
            long.as_str(),
            junk.as_str(),
            "\u{FEFF}\r\n（一）\r\n",
            &"。(一)".repeat(5000),
        ] {
            let s = seg(doc);
            let n = Text::new(doc.to_string()).norm.text.len();
            assert_eq!(s.sections.last().map(|x| x.norm_span.1), Some(n));
        }
    }
}
