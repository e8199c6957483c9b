//! Metrics: quantified facts (a number with a unit) and their names.
//!
//! The lexicon (canonical name, synonyms, kind, units, domain) is shipped as a TSV data file and
//! searched leftmost-longest in one pass (`synonyms.rs`, so `出庭应诉率` beats `应诉率`).
//! Finding a figure never depends on the lexicon: numbers with units are found first, and the
//! lexicon only names them; an unlisted figure is named from its context and marked as such.

mod figures;
mod synonyms;

use crate::error::Error;
use crate::normalize::fold_str;
use crate::segment::Heading;
use crate::text::{Pos, Text};
use crate::tokens::is_han;
use crate::words::JIEBA;
use figures::Figure;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use synonyms::Synonyms;

/// One quantified fact. Field rules follow tests/gold/README.md.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, module = "lawgov_index._core")
)]
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    /// Canonical name (lexicon), or a name taken from the context when `in_lexicon` is false.
    pub name: String,
    /// `count`, `rate`, `amount`, `duration`, `ratio_change`, …
    pub kind: String,
    pub surface: String,
    pub quantity: String,
    pub value_text: String,
    pub value: f64,
    pub value_max: Option<f64>,
    pub unit: String,
    pub qualifier: Option<String>,
    pub sentence: String,
    pub line: u32,
    pub col: u32,
    pub quantity_col: u32,
    pub heading_line: Option<u32>,
    pub optional: bool,
    /// The name comes from the lexicon (false: named from context).
    pub in_lexicon: bool,
    pub domain: Option<String>,
    pub note: Option<String>,
    /// Byte offset of the surface in the normalized text.
    #[serde(skip)]
    pub norm_start: usize,
}

/// One lexicon row.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub synonyms: Vec<String>,
    pub kind: String,
    pub units: Vec<String>,
    pub domain: String,
}

/// A metric lexicon: canonical names, synonyms, kinds and units, with one automaton over all
/// synonyms (folded like the text).
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// All synonyms, searched leftmost-longest (`出庭应诉率` beats `应诉率`).
    ac: Synonyms,
    /// Entries each pattern names, in lexicon order.
    pat_entries: Vec<Vec<u32>>,
    /// Each entry's domain as a small integer (equal ids, equal domain strings), so context
    /// resolution compares integers, not strings.
    domain_ids: Vec<u32>,
    /// The first `ratio_change` entry in `%` (a change by a percentage), found once here
    /// rather than for every document.
    change_entry: Option<usize>,
    /// The first `ratio_change` entry in percentage points.
    pp_entry: Option<usize>,
    /// What extracts with this lexicon: see [`Lexicon::tag`].
    tag: String,
}

/// The lexicon shipped with the package.
pub const DEFAULT_TSV: &str = include_str!("../../../python/lawgov_index/data/metric_lexicon.tsv");

static SHARED: LazyLock<Arc<Lexicon>> =
    LazyLock::new(|| Arc::new(Lexicon::parse(DEFAULT_TSV).expect("the shipped lexicon parses")));

impl Lexicon {
    /// Parse a lexicon TSV (header `canonical_name synonyms kind unit domain`). A later row with
    /// the same canonical name replaces the earlier one.
    pub fn parse(tsv: &str) -> Result<Lexicon, Error> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        for (no, raw) in tsv.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty()
                || line.starts_with('#')
                || line.starts_with("canonical_name\t")
            {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                return Err(Error::Lexicon(format!(
                    "line {}: expected at least 3 tab-separated columns (canonical_name, synonyms, kind), got {}: {line:?}",
                    no + 1,
                    cols.len()
                )));
            }
            let name = cols[0].trim();
            let kind = cols[2].trim();
            if name.is_empty() || kind.is_empty() {
                return Err(Error::Lexicon(format!(
                    "line {}: empty canonical_name or kind: {line:?}",
                    no + 1
                )));
            }
            let split = |s: Option<&&str>| -> Vec<String> {
                s.map(|x| {
                    x.split('|')
                        .map(str::trim)
                        .filter(|x| !x.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default()
            };
            let e = Entry {
                name: name.to_string(),
                synonyms: split(cols.get(1)),
                kind: kind.to_string(),
                units: split(cols.get(3))
                    .into_iter()
                    .map(|u| norm_unit(&u))
                    .collect(),
                domain: cols.get(4).map_or("", |d| d.trim()).to_string(),
            };
            match by_name.get(name) {
                Some(&k) => entries[k] = e,
                None => {
                    by_name.insert(name.to_string(), entries.len());
                    entries.push(e);
                }
            }
        }
        let mut pats: Vec<String> = Vec::new();
        let mut pat_entries: Vec<Vec<u32>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (k, e) in entries.iter().enumerate() {
            for syn in e.synonyms.iter().chain(std::iter::once(&e.name)) {
                let f = fold_str(syn);
                let j = *index.entry(f.clone()).or_insert_with(|| {
                    pats.push(f);
                    pat_entries.push(Vec::new());
                    pats.len() - 1
                });
                if !pat_entries[j].contains(&(k as u32)) {
                    pat_entries[j].push(k as u32);
                }
            }
        }
        let ac = Synonyms::new(pats);
        let mut domains: Vec<&str> = Vec::new();
        let domain_ids = entries
            .iter()
            .map(|e| match domains.iter().position(|d| *d == e.domain) {
                Some(k) => k as u32,
                None => {
                    domains.push(&e.domain);
                    domains.len() as u32 - 1
                }
            })
            .collect();
        let change_entry = entries
            .iter()
            .position(|e| e.kind == "ratio_change" && e.units.iter().any(|u| u == "%"));
        let pp_entry = entries
            .iter()
            .position(|e| e.kind == "ratio_change" && e.units.iter().any(|u| u.contains("百分点")));
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(env!("LAWGOV_SOURCE_HASH").as_bytes());
        h.update(tsv.as_bytes());
        Ok(Lexicon {
            domain_ids,
            entries,
            ac,
            pat_entries,
            change_entry,
            pp_entry,
            tag: format!("{:016x}", h.digest()),
        })
    }

    /// Identity of what extraction with this lexicon produces: a hash of the core's sources (by
    /// the build script) and of the lexicon text. An index stores it with each file's content
    /// hash, so files extracted by another build or lexicon are extracted again, not skipped.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The shipped lexicon extended (and overridden by canonical name) with `extra` rows.
    pub fn default_with(extra: &str) -> Result<Lexicon, Error> {
        Lexicon::parse(&format!(
            "{DEFAULT_TSV}\n{}",
            extra.split_once('\n').map_or("", |x| x.1)
        ))
    }

    /// The shipped lexicon, compiled once per process.
    pub fn shared() -> Arc<Lexicon> {
        SHARED.clone()
    }

    /// The rows of the lexicon.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Canonical names a user query names: the exact canonical name; else every row with a
    /// synonym equal to the query; else every row whose canonical name or a synonym contains it.
    pub fn resolve(&self, query: &str) -> Vec<String> {
        let q = fold_str(query.trim());
        if q.is_empty() {
            return Vec::new();
        }
        if let Some(e) = self.entries.iter().find(|e| fold_str(&e.name) == q) {
            return vec![e.name.clone()];
        }
        let exact: Vec<String> = self
            .entries
            .iter()
            .filter(|e| e.synonyms.iter().any(|s| fold_str(s) == q))
            .map(|e| e.name.clone())
            .collect();
        if !exact.is_empty() {
            return exact;
        }
        self.entries
            .iter()
            .filter(|e| {
                fold_str(&e.name).contains(&q)
                    || e.synonyms.iter().any(|s| fold_str(s).contains(&q))
            })
            .map(|e| e.name.clone())
            .collect()
    }
}

/// Fold a printed unit: width, brackets (`件(次)` → `件次`), `％` → `%`.
fn norm_unit(u: &str) -> String {
    fold_str(u)
        .chars()
        .filter(|c| !matches!(c, '(' | ')' | ' '))
        .collect()
}

/// A lexicon match in the normalized text.
#[derive(Debug, Clone, Copy)]
struct Hit {
    s: usize,
    e: usize,
    pat: u32,
}

/// How far back (bytes) context is looked for.
const WINDOW: usize = 1200;

/// Bytes of a metric's sentence shown at most (about 500 ideographs); a longer one is cut
/// around the figure.
const SENTENCE_MAX: usize = 1500;

#[inline]
fn floor_char(t: &str, mut i: usize) -> usize {
    while i > 0 && !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[inline]
fn line_start(t: &str, p: usize) -> usize {
    let lo = floor_char(t, p.saturating_sub(WINDOW * 4));
    memchr::memrchr(b'\n', &t.as_bytes()[lo..p]).map_or(lo, |k| lo + k + 1)
}

/// End of the line holding `p`, looked for as far as `line_start` looks back: on a report
/// flattened onto one line, a search to the real line end from every figure is quadratic.
#[inline]
fn line_end(t: &str, p: usize) -> usize {
    let hi = floor_char(t, (p + WINDOW * 4).min(t.len()));
    memchr::memchr(b'\n', &t.as_bytes()[p..hi]).map_or(hi, |k| p + k)
}

/// Clause ends, matched byte-wise by `rfind_clause_end` and `find_clause_end` (the list is kept
/// for the tests).
#[cfg(test)]
const CLAUSE_END: &[char] = &[',', ';', ':', '!', '?', '。', '\n', '；', '，', '：'];

/// Does `b` open with one of the three-byte `CLAUSE_END` characters (`。；，：`)?
#[inline]
fn wide_clause_end(b: &[u8]) -> bool {
    matches!(
        b,
        [0xE3, 0x80, 0x82, ..] | [0xEF, 0xBC, 0x9B | 0x8C | 0x9A, ..]
    )
}

/// Like `h.rfind(CLAUSE_END)`, as (start, length), without decoding characters: the ASCII
/// ends are single bytes, and a wide one is recognised from its last byte back (its lead byte,
/// two bytes before, starts a character).
fn rfind_clause_end(h: &str) -> Option<(usize, usize)> {
    let b = h.as_bytes();
    let mut j = b.len();
    while j > 0 {
        j -= 1;
        // one well-predicted test per byte; the few candidates are told apart after it
        if !CLAUSE_END_LAST[b[j] as usize] {
            continue;
        }
        if b[j] < 0x80 {
            return Some((j, 1));
        }
        if j >= 2 && wide_clause_end(&b[j - 2..]) {
            return Some((j - 2, 3));
        }
    }
    None
}

/// The last bytes of the `CLAUSE_END` characters.
static CLAUSE_END_LAST: [bool; 256] = {
    let mut t = [false; 256];
    let bytes = [b',', b';', b':', b'!', b'?', b'\n', 0x82, 0x8C, 0x9A, 0x9B];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
};

/// Like `h.find(CLAUSE_END)` (with `paren`, also `(` and `)`), byte-wise as
/// [`rfind_clause_end`].
fn find_clause_end(h: &str, paren: bool) -> Option<usize> {
    let b = h.as_bytes();
    b.iter().enumerate().position(|(j, &x)| match x {
        b',' | b';' | b':' | b'!' | b'?' | b'\n' => true,
        b'(' | b')' => paren,
        0xE3 | 0xEF => wide_clause_end(&b[j..]),
        _ => false,
    })
}

/// Sentence ends, matched byte-wise by `sent_end_at` (the list is kept for the tests).
#[cfg(test)]
const SENT_END: &[char] = &['。', '!', '?', '！', '？'];

/// Byte length of the `SENT_END` character starting at byte `k` of `b`, if one does. Matching
/// the whole UTF-8 encoding is enough: a match always starts on a character boundary.
#[inline]
fn sent_end_at(b: &[u8], k: usize) -> Option<usize> {
    match b[k] {
        b'!' | b'?' => Some(1),
        0xE3 if b[k + 1..].starts_with(&[0x80, 0x82]) => Some(3), // 。
        0xEF if matches!(b[k + 1..], [0xBC, 0x81 | 0x9F, ..]) => Some(3), // ！ ？
        _ => None,
    }
}

/// A `SENT_END` match at byte `k` of `b` that lies wholly inside `b`: (start, length).
#[inline]
fn sent_end_in(b: &[u8], k: usize) -> Option<(usize, usize)> {
    sent_end_at(b, k)
        .filter(|&n| k + n <= b.len())
        .map(|n| (k, n))
}

/// Like `h.find(SENT_END)`, as (start, length) of the match, without decoding characters:
/// memchr finds the first bytes a sentence end can open with (`!`, `?`, the lead byte 0xE3 of
/// `。`, and 0xEF of `！？`, rare in the normalized text, in a search of its own). That search
/// stops where the first one's match is, not at the end of a long line.
fn find_sent_end(h: &str) -> Option<(usize, usize)> {
    let b = h.as_bytes();
    let a = memchr::memchr3_iter(b'!', b'?', 0xE3, b).find_map(|k| sent_end_in(b, k));
    let upto = a.map_or(b.len(), |x| x.0);
    let f = memchr::memchr_iter(0xEF, &b[..upto]).find_map(|k| sent_end_in(b, k));
    f.or(a)
}

/// Like `h.rfind(SENT_END)`, as (start, length) of the match; see [`find_sent_end`].
pub(crate) fn rfind_sent_end(h: &str) -> Option<(usize, usize)> {
    let b = h.as_bytes();
    let a = memchr::memrchr3_iter(b'!', b'?', 0xE3, b).find_map(|k| sent_end_in(b, k));
    let from = a.map_or(0, |x| x.0 + 1);
    let f = memchr::memrchr_iter(0xEF, &b[from..]).find_map(|k| sent_end_in(b, from + k));
    f.or(a)
}
const CLOSERS: &[char] = &['”', '’', '」', '』', ')', '）', '"', '\''];

/// Starts of the clause holding `p`: (after `，；：。` or an opening bracket, after `，；：。`).
/// One search serves both: the bracket, if any, stands after the last clause end.
fn clause_starts(t: &str, p: usize) -> (usize, usize) {
    let lo = floor_char(t, p.saturating_sub(WINDOW));
    let h = &t[lo..p];
    let s = rfind_clause_end(h).map_or(lo, |(k, n)| lo + k + n);
    let s_p = memchr::memrchr(b'(', &t.as_bytes()[s..p]).map_or(s, |k| s + k + 1);
    (clause_open(t, s_p, p), clause_open(t, s, p))
}

/// A clause starting at `s`, with a heading marker opening the line or the sentence
/// (`4.投入经费120万元`) left out: it is not part of a name.
fn clause_open(t: &str, s: usize, p: usize) -> usize {
    let opens = t[..s]
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '\n' | '。' | ';' | '；' | '!' | '！' | '?' | '？'));
    if opens {
        skip_heading_marker(t, s, p)
    } else {
        s
    }
}

fn clause_end(t: &str, p: usize, paren: bool) -> usize {
    let hi = floor_char(t, (p + WINDOW).min(t.len()));
    find_clause_end(&t[p..hi], paren).map_or(hi, |k| p + k)
}

/// Start of the sentence holding `s` (after a sentence end on its line, closers and a
/// heading marker skipped).
fn sentence_start(t: &str, s: usize) -> usize {
    let ls = line_start(t, s);
    sentence_finish(t, ls, after_sent_end(t, ls, s), s)
}

/// Past the last sentence end in `t[ls..s]`, else `ls`.
fn after_sent_end(t: &str, ls: usize, s: usize) -> usize {
    rfind_sent_end(&t[ls..s]).map_or(ls, |(k, n)| ls + k + n)
}

/// [`sentence_start`] of `s` from its line start `ls` and [`after_sent_end`] `ss`.
fn sentence_finish(t: &str, ls: usize, mut ss: usize, s: usize) -> usize {
    while let Some(c) = t[ss..].chars().next() {
        if CLOSERS.contains(&c) && ss < s {
            ss += c.len_utf8();
        } else {
            break;
        }
    }
    if ss == ls {
        ss = skip_heading_marker(t, ls, s);
    }
    ss
}

/// End of the sentence holding `e` (past its sentence end, else the line end).
fn sentence_end(t: &str, e: usize) -> usize {
    let le = line_end(t, e);
    find_sent_end(&t[e..le]).map_or(le, |(k, n)| e + k + n)
}

/// What the metrics of one figure share, found once for all of them: the quantity's position
/// and the figure's sentence.
struct FigureAt<'a> {
    t: &'a str,
    fig: &'a Figure,
    qpos: Pos,
    /// Line start of the figure, and past the last sentence end before it on its line.
    ls: usize,
    after_end: usize,
    /// `ls` is where the line starts, not where the look-back stopped: every position from
    /// `after_end` to the figure has the same line start.
    true_ls: bool,
    /// Start of the figure's sentence.
    start: usize,
    /// End of the sentence holding the quantity's end, once asked for.
    end: Option<usize>,
}

impl<'a> FigureAt<'a> {
    fn new(text: &Text, t: &'a str, fig: &'a Figure, ls: usize) -> FigureAt<'a> {
        let after_end = after_sent_end(t, ls, fig.qs);
        FigureAt {
            t,
            fig,
            qpos: text.pos(fig.qs),
            ls,
            after_end,
            true_ls: ls == 0 || t.as_bytes()[ls - 1] == b'\n',
            start: sentence_finish(t, ls, after_end, fig.qs),
            end: None,
        }
    }

    /// `(sentence_start(s), sentence_end(e))`, without searching again for a surface that opens
    /// after the figure's last sentence end (its line start and that sentence end are then the
    /// same) or ends with the quantity.
    fn sentence_span(&mut self, s: usize, e: usize) -> (usize, usize) {
        let t = self.t;
        let ss = if s == self.fig.qs {
            self.start
        } else if self.true_ls && (self.after_end..self.fig.qs).contains(&s) {
            sentence_finish(t, self.ls, self.after_end, s)
        } else {
            sentence_start(t, s)
        };
        let se = if e == self.fig.qe {
            *self.end.get_or_insert_with(|| sentence_end(t, e))
        } else {
            sentence_end(t, e)
        };
        (ss, se)
    }
}

/// Skip leading spaces and a heading marker (`一、`, `(一)`, `1.`, `1、`, `(1)`).
fn skip_heading_marker(t: &str, ls: usize, limit: usize) -> usize {
    let mut p = ls;
    let b = t.as_bytes();
    while p < limit && (b[p] == b' ' || b[p] == b'\t') {
        p += 1;
    }
    let rest = &t[p..limit];
    let is_num = |c: char| c.is_ascii_digit() || figures::is_cn_digit(c);
    let mut it = rest.char_indices();
    match it.next() {
        Some((_, '(')) => {
            let mut end = None;
            for (k, c) in it {
                if c == ')' {
                    end = Some(k + 1);
                    break;
                }
                if !is_num(c) || k > 12 {
                    break;
                }
            }
            end.map_or(p, |k| p + k)
        }
        Some((_, c)) if is_num(c) => {
            for (k, c) in rest.char_indices() {
                if is_num(c) {
                    continue;
                }
                // `3.5万元` is a number, not a marker
                let decimal = c == '.' && rest[k + 1..].starts_with(|x: char| x.is_ascii_digit());
                if matches!(c, '、' | '.') && k > 0 && k <= 12 && !decimal {
                    return p + k + c.len_utf8();
                }
                break;
            }
            p
        }
        _ => p,
    }
}

const FRAME_WORDS: &[&str] = &[
    "发布时间",
    "来源:",
    "浏览次数",
    "访问量",
    "点击数",
    "阅读数",
    "浏览量",
    "电话",
    "字号:",
    "点击量",
    "阅读次数",
];

fn is_frame_line(t: &str, p: usize) -> bool {
    let (ls, le) = (line_start(t, p), line_end(t, p));
    le - ls <= 240 && FRAME_WORDS.iter().any(|w| t[ls..le].contains(w))
}

fn unit_kind(unit: &str) -> &'static str {
    match unit {
        "%" | "‰" => "rate",
        "个百分点" | "百分点" => "ratio_change",
        "个工作日" | "工作日" | "天" | "小时" | "学时" | "课时" => "duration",
        u if u.ends_with('元') => "amount",
        "分" => "score",
        _ => "count",
    }
}

/// 2: the row lists the unit; 1: same kind of quantity; 0: incompatible.
fn compat(e: &Entry, unit: &str) -> u8 {
    if e.kind == "ratio_change" {
        return 0;
    }
    if unit.is_empty() {
        // any unit: the subject of a change
        return 1;
    }
    let unit = unit
        .strip_prefix('万')
        .or_else(|| unit.strip_prefix('亿'))
        .filter(|u| !u.starts_with('元'))
        .unwrap_or(unit);
    if e.units.iter().any(|u| u == unit) {
        return 2;
    }
    let ek = match e.kind.as_str() {
        k @ ("rate" | "amount" | "duration" | "score") => k,
        _ => "count",
    };
    if ek != unit_kind(unit) {
        return 0;
    }
    // a count of people is not a count of sessions or of things (`法律顾问进村宣讲2次` is no
    // 法律顾问人数, `163名工作人员学法` no 学法次数)
    match count_group(unit) {
        Some(g)
            if e.units
                .iter()
                .all(|u| count_group(u).is_some_and(|h| h != g)) =>
        {
            0
        }
        _ => 1,
    }
}

/// What a count unit counts: 0 people, 1 sessions, 2 things; None for other units.
fn count_group(unit: &str) -> Option<u8> {
    match unit {
        "人" | "名" | "位" | "人次" => Some(0),
        "次" | "场" | "场次" | "期" | "轮" | "批" | "堂" | "课时" => Some(1),
        "件" | "起" | "宗" | "项" | "个" | "家" | "份" | "条" | "篇" | "张" | "卷" | "本"
        | "册" | "部" | "类" | "支" | "处" | "所" | "座" | "户" | "件次" | "家次" | "户次"
        | "套" | "台" | "辆" | "种" | "块" | "幅" | "条次" => Some(2),
        _ => None,
    }
}

const CHANGE_VERBS: &[&str] = &[
    "上升", "增长", "下降", "减少", "提高", "降低", "增加", "提升", "下滑", "回落", "增幅", "降幅",
    "上涨", "下跌", "压缩",
];
const COMPARATORS: &[&str] = &[
    "同比",
    "环比",
    "较上年",
    "较去年",
    "比上年",
    "比去年",
    "较上一年",
    "较上年度",
    "较去年同期",
];

/// A change phrase touching the quantity: (phrase start, qualifier span).
fn change_phrase(t: &str, cs: usize, qs: usize) -> Option<(usize, usize, usize)> {
    let mut h = &t[cs..qs];
    loop {
        let before = h.len();
        for w in [" ", "了", "达到", "达", "为", "约"] {
            if let Some(x) = h.strip_suffix(w) {
                h = x;
            }
        }
        if h.len() == before {
            break;
        }
    }
    for v in CHANGE_VERBS {
        if h.ends_with(v) {
            let vs = cs + h.len() - v.len();
            let ve = cs + h.len();
            let pre = &t[cs..vs];
            let mut start = vs;
            for c in COMPARATORS {
                if pre.ends_with(c) {
                    start = vs - c.len();
                    break;
                }
            }
            if start == vs && *v == "压缩" {
                return None;
            }
            // surface reaches back to a comparator further left in the clause (`较2019年…`)
            let mut surf = start;
            if start == vs {
                if let Some(k) = pre.rfind(['同', '较', '比', '与']) {
                    surf = cs + k;
                }
            } else if let Some(k) = pre[..start - cs].rfind('与') {
                surf = cs + k;
            }
            return Some((surf, start, ve));
        }
    }
    None
}

/// Pick the row a hit names for `unit`, resolving ambiguity from context.
fn pick_entry(lex: &Lexicon, hit: &Hit, unit: &str, ctx: &[u32]) -> Option<(usize, u8)> {
    let cands = &lex.pat_entries[hit.pat as usize];
    let mut best: Option<(usize, u8)> = None;
    let mut best_ctx = usize::MAX;
    for &k in cands {
        let e = &lex.entries[k as usize];
        let c = compat(e, unit);
        if c == 0 {
            continue;
        }
        let rank = ctx
            .iter()
            .position(|d| *d == lex.domain_ids[k as usize])
            .unwrap_or(usize::MAX - 1);
        let better = match best {
            None => true,
            Some((_, bc)) => c > bc || (c == bc && rank < best_ctx),
        };
        if better {
            best = Some((k as usize, c));
            best_ctx = rank;
        }
    }
    best
}

/// Name chosen for a figure.
struct Named {
    entry: Option<usize>,
    /// Span of the naming words.
    s: usize,
    e: usize,
}

/// A name of a ratio (`报备率`, `满意度`, `占比`), not a phrase that implies one (`应备尽备`).
fn is_rate_noun(s: &str) -> bool {
    ["率", "度", "比", "比例"].iter().any(|x| s.ends_with(x))
}

/// Classifier units: a noun right after them is what is counted (`5个村`).
fn is_classifier(unit: &str) -> bool {
    matches!(
        unit,
        "个" | "项"
            | "家"
            | "名"
            | "所"
            | "座"
            | "支"
            | "处"
            | "位"
            | "户"
            | "台"
            | "辆"
            | "套"
            | "部"
            | "种"
            | "张"
            | "条"
            | "本"
    )
}

/// `h` without a leading span of months (`1-11月`, `1至10月份`): a period, not a name.
fn strip_months(h: &str) -> &str {
    let digits = |x: &str| x.len() - x.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let mut k = digits(h);
    if k == 0 {
        return h;
    }
    for sep in ["-", "—", "~", "至"] {
        if let Some(r) = h[k..].strip_prefix(sep) {
            let d = digits(r);
            if d > 0 {
                k += sep.len() + d;
            }
            break;
        }
    }
    match h[k..].strip_prefix('月') {
        Some(r) => {
            let r = r.strip_prefix('份').unwrap_or(r);
            r.strip_prefix("以来").unwrap_or(r)
        }
        None => h,
    }
}

/// A gap that only moves the previous figure to a new value (`由20个工作日压缩至5个工作日`).
fn is_transition(gap: &str) -> bool {
    let g = gap.trim_start_matches([',', '，', '、', ' ']);
    let Some(verb) = g
        .strip_suffix('至')
        .or_else(|| g.strip_suffix('到'))
        .or_else(|| g.strip_suffix('为'))
    else {
        return false;
    };
    [
        "压缩", "缩短", "减少", "降低", "下降", "提高", "提升", "增加", "增长", "上升", "扩大",
        "缩减", "精简", "降", "增", "升", "减",
    ]
    .contains(&verb)
}

/// Words whose last character [`context_name_span`] would otherwise strip as a copula or a
/// totaliser.
const NAME_ENDINGS: &[&str] = &["行为", "作为", "审计", "统计", "会计", "设计", "存在"];

/// Words that do not open a name (`到并联办理审批时间`: `并联办理审批时间`).
const NAME_LEADING_PARTICLES: &[&str] = &[
    "的", "到", "至", "在", "对", "向", "于", "和", "与", "及", "将", "把", "被", "由", "从", "了",
    "着", "是",
];

/// Start of a name the window cut at byte `off` of the clause head `h`, moved to a word boundary:
/// the one at or just before `off` when it lengthens the name by at most 2 characters, else the
/// first one after it; a function word or a move to a new value (`缩短到`) opening the name is
/// passed over. Only the last 20 characters of `h` are segmented; the name keeps at least 2
/// characters.
fn snap_to_word(h: &str, off: usize) -> usize {
    let tail_s = h[..off].char_indices().rev().nth(9).map_or(0, |(k, _)| k);
    let words = JIEBA.cut(&h[tail_s..], true);
    let at = |j: usize| tail_s + words[j].byte_start;
    let chars = |a: usize, b: usize| h[a..b].chars().count();
    // word `j` opens a name of at least 2 characters
    let opens = |j: usize| j < words.len() && chars(at(j), h.len()) >= 2;
    // the word starting at or before `off`
    let i = words
        .iter()
        .rposition(|w| tail_s + w.byte_start <= off)
        .unwrap_or(0);
    let mut k = if chars(at(i), off) <= 2 {
        i
    } else if opens(i + 1) {
        i + 1
    } else {
        return off;
    };
    if opens(k + 2) && is_transition(&h[at(k)..at(k + 2)]) {
        k += 2;
    } else if opens(k + 1) && NAME_LEADING_PARTICLES.contains(&words[k].word) {
        k += 1;
    }
    at(k)
}

/// Words the normalized text spells with a character folded for search (覆 → 复, 著 → 着),
/// written as such in a name taken from it, with the characters around them that make the
/// folded spelling another word (`重复盖章`, `彰显着`, `带着名单`).
const FOLDED_WORDS: &[(&str, &str, &[char], &[char])] = &[
    ("复盖", "覆盖", &['反', '重'], &['章']),
    ("显着", "显著", &['彰', '凸', '突', '昭', '尽'], &['力']),
    ("着名", "著名", &[], &['单', '额', '册']),
    ("卓着", "卓著", &[], &[]),
];

/// `name` (taken from the normalized text) with the words of [`FOLDED_WORDS`] restored:
/// `覆盖民辅警`, not `复盖民辅警`. A report and its Traditional mirror fold alike, so both get
/// the same name.
fn restore_folded_words(name: String) -> String {
    if !name.contains(['复', '着']) {
        return name;
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name.as_str();
    let mut prev: Option<char> = None;
    'outer: while let Some(c) = rest.chars().next() {
        for &(folded, word, not_after, not_before) in FOLDED_WORDS {
            if let Some(r) = rest.strip_prefix(folded) {
                let next = r.chars().next();
                if !prev.is_some_and(|p| not_after.contains(&p))
                    && !next.is_some_and(|n| not_before.contains(&n))
                {
                    out.push_str(word);
                    prev = word.chars().last();
                    rest = r;
                    continue 'outer;
                }
            }
        }
        out.push(c);
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `name` without the list and bracket punctuation at its ends, which is not part of a name
/// (`、停征行政事业性收费`, `全面依法治县委员会)、`).
fn trim_name(name: &str) -> &str {
    let name = name
        .trim_start_matches(['、', '，', ',', '；', ';', ')', '）', '》', '”'])
        .trim_end_matches(['、', '，', ',', '；', ';', '(', '（', '《', '“']);
    if name.contains(['(', '（']) {
        name
    } else {
        name.trim_end_matches([')', '）'])
    }
}

/// Whether `gap`, between a count of things and a name after it, leaves the counted noun:
/// a `的`, a conjunction, a quoted title or a verb (`…事项的《…手册》`, `60个部门共梳理出权力事项`),
/// not a compound's words or brackets (`16个村（社区）人民调解组织`); what the things achieve
/// names them (`300个高频事项实现“全市通办”`).
fn leaves_noun(gap: &str) -> bool {
    [
        "的", "和", "《", "开展", "提供", "梳理", "参与", "完成", "落实", "配备", "聘请", "组织",
        "进行", "出台", "纳入", "通过",
    ]
    .iter()
    .any(|w| gap.contains(w))
}

/// Verbs that open the predicate after a counted noun (`22个派出所实现了户政…`).
const PREDICATE_VERBS: &[&str] = &[
    "实现", "开展", "落实", "配备", "聘请", "参与", "参加", "完成", "负责", "设立", "建立", "提供",
    "签订", "组织", "达到", "获得", "纳入", "通过", "出台", "进行", "梳理", "全部", "均", "都",
    "也", "已", "共", "累计", "被", "将", "把", "向", "在", "从", "为", "是", "有", "获",
];

/// End of the noun a classifier counts, read from the start of `t[s..ce]` (at most 12
/// characters): the words before the first function word or predicate verb, so the name is
/// `派出所`, not `派出所实现了户政`, else its whole words within 8 characters, up to a number or
/// a mark. None when a function word opens it (the caller keeps its span).
fn counted_noun_end(t: &str, s: usize, ce: usize) -> Option<usize> {
    let a = &t[s..ce];
    let n = a
        .char_indices()
        .take_while(|&(_, c)| is_han(c) && !"、，。；：“”《》（）".contains(c))
        .take(12)
        .last()
        .map_or(0, |(k, c)| k + c.len_utf8());
    if n == 0 {
        return None;
    }
    let words = JIEBA.tag(&a[..n], true);
    let mut end = 0;
    // without a predicate, the whole words within 8 characters (`40个市直部门3507项…`)
    let mut short = None;
    for (j, w) in words.iter().enumerate() {
        let function = w.tag.starts_with(['p', 'd', 'u', 'c', 'r', 'y', 'q', 'm'])
            || PREDICATE_VERBS.contains(&w.word)
            || w.word.chars().count() > 1 && w.word.starts_with(['对', '的']);
        if function {
            return (j > 0).then_some(s + end);
        }
        if a[..end + w.word.len()].chars().count() > 8 {
            short = short.or(Some(end.max(w.word.len())));
        }
        end += w.word.len();
    }
    Some(s + short.unwrap_or(end))
}

fn context_name_span(
    t: &str,
    cs: usize,
    qs: usize,
    qe: usize,
    ce: usize,
    unit: &str,
) -> (usize, usize) {
    const STOP: &[char] = &['、', '(', ')', '“', '”', '《', '》', ' '];
    // after: the noun a classifier counts
    let a = &t[qe..ce];
    let a = a.strip_prefix("的").unwrap_or(a);
    let start = ce - a.len();
    let after_end = a
        .char_indices()
        .take_while(|&(_, c)| !STOP.contains(&c))
        .take(8)
        .last()
        .map_or(start, |(k, c)| start + k + c.len_utf8());
    if is_classifier(unit) && after_end > start && t[qe..].starts_with(|c: char| !STOP.contains(&c))
    {
        return (start, counted_noun_end(t, start, ce).unwrap_or(after_end));
    }
    let mut h = &t[cs..qs];
    loop {
        let before = h.len();
        for w in [
            " ",
            "达到",
            "达",
            "为",
            "共计",
            "共",
            "累计",
            "总计",
            "合计",
            "约",
            "有",
            "是",
            "的",
            "在",
            "计",
            "等",
            "由",
            "从",
            "为期",
            "压缩至",
            "缩短至",
            "降至",
            "降低至",
            "减少至",
            "提高至",
            "提升至",
            "增加至",
            "控制在",
        ] {
            // nouns ending like a copula or a totaliser (`违法行为`, `审计`) keep it
            if NAME_ENDINGS
                .iter()
                .any(|k| h.ends_with(k) && k.ends_with(w))
            {
                continue;
            }
            if let Some(x) = h.strip_suffix(w) {
                h = x;
            }
        }
        for w in [
            "、",
            "其中",
            "全年",
            "今年以来",
            "今年",
            "年内",
            "同时",
            "此外",
            "另外",
            "上半年",
            "下半年",
            "前三季度",
            "共",
            "累计",
        ] {
            if let Some(x) = h.strip_prefix(w) {
                h = x;
            }
        }
        h = strip_months(h);
        if h.len() == before {
            break;
        }
    }
    let base = cs + t[cs..qs].find(h).unwrap_or(0);
    let n = h.chars().count();
    if n >= 2 {
        let skip = n.saturating_sub(10);
        let mut off = h.char_indices().nth(skip).map_or(0, |(k, _)| k);
        if skip > 0 {
            // a name cut by the window starts at a word (`理论学习中心组集中学习`, not
            // `论学习中心组集中学习`)
            off = snap_to_word(h, off);
            // and at a quoted phrase near its start rather than inside the verb before it
            // (`“法律进乡村”活动`, not `展“法律进乡村”活动`)
            if let Some(k) = h[off..].char_indices().take(3).find(|&(_, c)| c == '“') {
                off += k.0;
            }
        }
        // not inside a number or code (`12345热线`)
        while off > 0 && h.as_bytes()[off - 1].is_ascii_alphanumeric() {
            off -= 1;
        }
        let mut s = base + off;
        // drop a leading year (`2022年`, not the `年` of `年度学法考法达标率`)
        let sub = &t[s..base + h.len()];
        if let Some(k) = sub.find('年') {
            if k > 0 && sub[..k].bytes().all(|b| b.is_ascii_digit()) && k + 3 < sub.len() {
                s += k + 3;
            }
        }
        return (s, base + h.len());
    }
    if after_end > start {
        (start, after_end)
    } else {
        (qs, qe)
    }
}

/// Whether a synonym ending at `e` is the head of a law's name (`行政许可法、行政处罚法等`),
/// which names no figure.
fn names_a_law(t: &str, e: usize) -> bool {
    t[e..].strip_prefix('法').is_some_and(|r| {
        !r.starts_with(['律', '规', '治', '院', '官', '人', '务', '宣', '制', '定'])
    })
}

/// Whether a hit is the bare word `方面` outside a sentence about cooperation: `细化明确9个方面
/// 具体任务` counts the parts of a plan, `10个方面与绵阳市建立合作机制` fields of cooperation.
fn bare_aspect(t: &str, s: usize, e: usize) -> bool {
    if &t[s..e] != "方面" {
        return false;
    }
    let a = floor_char(t, s.saturating_sub(90));
    let b = floor_char(t, (e + 90).min(t.len()));
    let window = &t[a..b];
    !["合作", "协作", "联动", "跨区域", "协同"]
        .iter()
        .any(|w| window.contains(w))
}

/// Extract the metrics of a document.
pub fn extract_metrics(text: &Text, headings: &[Heading], lex: &Lexicon) -> Vec<Metric> {
    let t = text.norm.text.as_str();
    let mut hits: Vec<Hit> = Vec::new();
    lex.ac.find_iter(t, |s, e, pat| {
        if !names_a_law(t, e) && !bare_aspect(t, s, e) {
            hits.push(Hit { s, e, pat });
        }
    });
    let mut figs: Vec<Figure> = Vec::new();
    figures::scan(t, |f| figs.push(f));
    let mut out: Vec<Metric> = Vec::new();
    // `(norm_start, domain id)` of each metric in `out`.
    let mut out_domains: Vec<(usize, Option<u32>)> = Vec::new();
    let (change_entry, pp_entry) = (lex.change_entry, lex.pp_entry);
    let mut frame_cache: Option<(usize, bool)> = None;
    // Scratch buffers, cleared for each figure, so the loop does not allocate them anew.
    let mut ctx: Vec<u32> = Vec::new();
    let mut names: Vec<Named> = Vec::new();
    let mut before: Vec<(Hit, usize, u8, bool)> = Vec::new();
    let mut after: Vec<(Hit, usize, u8)> = Vec::new();
    for (fi, fig) in figs.iter().enumerate() {
        let ls = line_start(t, fig.qs);
        let frame = match frame_cache {
            Some((l, v)) if l == ls => v,
            _ => {
                let v = is_frame_line(t, fig.qs);
                frame_cache = Some((ls, v));
                v
            }
        };
        if frame {
            continue;
        }
        let mut at = FigureAt::new(text, t, fig, ls);
        let prev_fig_end = if fi > 0 { figs[fi - 1].qe } else { 0 };
        let next_fig_start = figs.get(fi + 1).map_or(usize::MAX, |f| f.qs);
        let (cs_p, cs) = clause_starts(t, fig.qs);
        let ce = clause_end(t, fig.qe, false);
        let sent_s = at.start;
        // domains of recent context, most recent first
        let para_s = ls;
        ctx.clear();
        // first the clause's own subject (`信访事项按期办结率`, `代表建议满意率`)
        let hi = hits.partition_point(|h| h.s < fig.qs);
        if let Some(h) = hits[..hi]
            .iter()
            .rev()
            .take_while(|h| h.s >= cs_p)
            .find(|h| lex.pat_entries[h.pat as usize].len() == 1)
        {
            ctx.push(lex.domain_ids[lex.pat_entries[h.pat as usize][0] as usize]);
        }
        for &(ns, d) in out_domains.iter().rev() {
            if ns < para_s {
                break;
            }
            if let Some(d) = d {
                if !ctx.contains(&d) {
                    ctx.push(d);
                }
            }
        }
        for h in hits[..hi].iter().rev() {
            if h.s < para_s || ctx.len() > 6 {
                break;
            }
            let c = &lex.pat_entries[h.pat as usize];
            if c.len() == 1 {
                let d = lex.domain_ids[c[0] as usize];
                if !ctx.contains(&d) {
                    ctx.push(d);
                }
            }
        }

        // change figures first
        let change = if matches!(unit_kind(fig.unit), "rate" | "ratio_change") || fig.unit == "%" {
            change_phrase(t, cs, fig.qs)
        } else {
            change_phrase(t, cs, fig.qs).filter(|_| true)
        };
        names.clear();
        // the name of an unlisted metric a transition carries over
        let mut carried: Option<String> = None;
        let mut kind_override: Option<&str> = None;
        let mut qualifier: Option<String> = fig.qualifier.map(String::from);
        if let Some((surf_s, qual_s, qual_e)) = change {
            kind_override = Some("ratio_change");
            qualifier = Some(t[qual_s..qual_e].to_string());
            // the metric that changed: a name in the clause before the change phrase, else the
            // previous metric of the sentence
            let cu = if fig.unit.contains("百分点") {
                "%"
            } else {
                fig.unit
            };
            let in_clause = hits[..hits.partition_point(|h| h.e <= surf_s)]
                .iter()
                .rev()
                .take_while(|h| h.s >= cs_p.max(prev_fig_end))
                .find_map(|h| {
                    // a count or amount changes by a percentage (`案件数量同比增长10.3%`)
                    pick_entry(lex, h, cu, &ctx)
                        .or_else(|| pick_entry(lex, h, "", &ctx))
                        .map(|(k, _)| (*h, k))
                });
            let prev = out.last().filter(|m| m.norm_start >= sent_s);
            if let Some((h, k)) = in_clause {
                names.push(Named {
                    entry: Some(k),
                    s: h.s,
                    e: fig.qe,
                });
            } else if let Some(m) = prev {
                let entry = if m.in_lexicon {
                    lex.entries.iter().position(|e| e.name == m.name)
                } else {
                    None
                };
                if entry.is_some() {
                    names.push(Named {
                        entry,
                        s: surf_s,
                        e: fig.qe,
                    });
                } else {
                    // unlisted metric changed: carry its name
                    let mut met = build(
                        text,
                        headings,
                        lex,
                        &mut at,
                        None,
                        (surf_s, fig.qe),
                        qualifier.clone(),
                        "ratio_change",
                    );
                    met.name = m.name.clone();
                    met.domain = m.domain.clone();
                    let d = out_domains.last().and_then(|x| x.1);
                    out_domains.push((met.norm_start, d));
                    out.push(met);
                    continue;
                }
            } else {
                let e = if fig.unit.contains("百分点") {
                    pp_entry
                } else {
                    change_entry
                };
                names.push(Named {
                    entry: e,
                    s: surf_s,
                    e: fig.qe,
                });
            }
        } else {
            let ok = |h: &Hit| pick_entry(lex, h, fig.unit, &ctx);
            // A: a name glued to the quantity (`251家规上工业企业`, `5张清单`)
            let mut chosen: Option<(Hit, usize)> = None;
            for h in &hits[hits.partition_point(|h| h.s < fig.ne)..] {
                if h.s > fig.qe {
                    break;
                }
                if let Some((k, 2)) = ok(h) {
                    chosen = Some((*h, k));
                    // the head noun is the last of a compound (`律师事务所调解工作室`)
                    let j = hits.partition_point(|x| x.s < h.e);
                    let mut cur = *h;
                    for nx in &hits[j..] {
                        if nx.s != cur.e {
                            break;
                        }
                        match ok(nx) {
                            Some((k2, _)) => {
                                chosen = Some((*nx, k2));
                                cur = *nx;
                            }
                            None => break,
                        }
                    }
                    break;
                }
            }
            // B: nearest name before, in the clause, not across another figure
            before.clear();
            before.extend(
                hits[..hits.partition_point(|h| h.e <= fig.qs)]
                    .iter()
                    .rev()
                    .take_while(|h| h.s >= cs_p)
                    .filter_map(|h| {
                        ok(h).map(|(k, c)| {
                            (
                                *h,
                                k,
                                c,
                                prev_fig_end > h.e && prev_fig_end <= fig.qs && prev_fig_end > cs_p,
                            )
                        })
                    }),
            );
            after.clear();
            after.extend(
                hits[hits.partition_point(|h| h.s < fig.qe)..]
                    .iter()
                    // past a `、` a name opens the next item of a list (`98件、撤销12件`)
                    .take_while(|h| {
                        h.e <= ce && h.s < next_fig_start && !t[fig.qe..h.s].contains('、')
                    })
                    // the things a classifier counts follow it: a name past the end of their
                    // noun is another noun's (`46项高频审批事项的《标准化工作手册》`); people may
                    // act on (`190名领导干部参加庭审旁听`)
                    .filter(|h| count_group(fig.unit) != Some(2) || !leaves_noun(&t[fig.qe..h.s]))
                    .filter_map(|h| ok(h).map(|(k, c)| (*h, k, c))),
            );
            let general = |k: usize| lex.entries[k].domain == "通用";
            // a bare `办结`/`审结` followed by its own object (`办结各类政务服务事项57.95万件`)
            // names that object's count, not a case count of its own
            let bare_verb = |h: &Hit| {
                matches!(&t[h.s..h.e], "办结" | "审结") && before.iter().any(|y| y.0.s >= h.e)
            };
            if chosen.is_none() {
                chosen = before
                    .iter()
                    .find(|x| x.2 == 2 && !x.3 && !bare_verb(&x.0))
                    .map(|x| (x.0, x.1));
            }
            if chosen.is_none() {
                chosen = after
                    .iter()
                    .find(|x| x.2 == 2 && !general(x.1))
                    .map(|x| (x.0, x.1));
            }
            if chosen.is_none() {
                chosen = before.iter().find(|x| !x.3).map(|x| (x.0, x.1));
            }
            if chosen.is_none() {
                chosen = after
                    .iter()
                    .find(|x| !general(x.1))
                    .or(after.first())
                    .map(|x| (x.0, x.1));
            }
            // across the previous figure only when nothing but separators stands between
            // (`培训3期、500人次`), not when that item has words of its own (`撤销12件、确认违法5件`)
            if chosen.is_none() && !t[prev_fig_end.max(cs_p).min(fig.qs)..fig.qs].contains(is_han) {
                chosen = before.first().map(|x| (x.0, x.1));
            }
            if chosen.is_none() {
                // earlier clauses of the sentence
                let lo = hits.partition_point(|h| h.s < sent_s);
                let hi = hits.partition_point(|h| h.e <= cs_p);
                if prev_fig_end <= sent_s || prev_fig_end <= cs_p {
                    chosen = hits[lo..hi]
                        .iter()
                        .rev()
                        .filter(|h| h.e > prev_fig_end)
                        .find_map(|h| match ok(h) {
                            Some((k, 2)) => Some((*h, k)),
                            _ => None,
                        });
                }
            }
            if chosen.is_none() {
                // a name that overlaps the unit (`60学时`)
                chosen = hits[hits.partition_point(|h| h.e <= fig.qs)..]
                    .iter()
                    .take_while(|h| h.s < fig.qe)
                    .find_map(|h| ok(h).map(|(k, _)| (*h, k)));
            }
            match chosen {
                Some((h, k)) => {
                    names.push(Named {
                        entry: Some(k),
                        s: h.s,
                        e: h.e,
                    });
                    // one figure, several rates: `参考率、合格率100%`
                    if lex.entries[k].kind == "rate" && h.e <= fig.qs {
                        let mut cur = h;
                        let idx = hits.partition_point(|x| x.s < cur.s);
                        for prev in hits[..idx].iter().rev() {
                            let gap = &t[prev.e..cur.s];
                            if !matches!(gap, "、" | "和" | "及" | "与" | "以及" | "," | "、以及")
                            {
                                break;
                            }
                            // across a comma only a rate noun joins (`报备率,报备及时率`),
                            // not a phrase such as `应备尽备,`
                            if gap == "," && !is_rate_noun(&t[prev.s..prev.e]) {
                                break;
                            }
                            match ok(prev) {
                                Some((k2, 2)) if lex.entries[k2].kind == "rate" => {
                                    // one metric per canonical name
                                    if !names.iter().any(|n| n.entry == Some(k2)) {
                                        names.push(Named {
                                            entry: Some(k2),
                                            s: prev.s,
                                            e: prev.e,
                                        });
                                    }
                                    cur = *prev;
                                }
                                _ => break,
                            }
                        }
                        let s0 = cur.s;
                        for n in &mut names {
                            n.s = s0;
                        }
                    }
                }
                None if is_transition(&t[prev_fig_end.clamp(sent_s, fig.qs)..fig.qs])
                    && out.last().is_some_and(|m| m.norm_start >= sent_s) =>
                {
                    // the figure before, moved to a new value: same metric
                    let m = out.last().expect("checked above");
                    let entry = if m.in_lexicon {
                        lex.entries.iter().position(|e| e.name == m.name)
                    } else {
                        carried = Some(m.name.clone());
                        None
                    };
                    let s = prev_fig_end.clamp(sent_s, fig.qs);
                    names.push(Named {
                        entry,
                        s: s + (t[s..fig.qs].len()
                            - t[s..fig.qs]
                                .trim_start_matches([',', '，', '、', ' '])
                                .len()),
                        e: fig.qe,
                    });
                }
                None => {
                    let (s, e) = context_name_span(
                        t,
                        cs_p.max(prev_fig_end),
                        fig.qs,
                        fig.qe,
                        clause_end(t, fig.qe, true),
                        fig.unit,
                    );
                    names.push(Named { entry: None, s, e });
                }
            }
        }
        // optional: frequency standards, floors, targets, negations
        let frame = figures::frequency_frame(t, cs, fig.ns);
        let floor = matches!(fig.qualifier, Some("不少于" | "不低于" | "至少"));
        let target = t[cs..fig.qs].contains("确保") || t[cs..fig.qs].contains("力争");
        let optional = fig.negated || frame.is_some() || floor || target;
        if qualifier.is_none() {
            if let Some((a, b)) = frame {
                qualifier = Some(t[a..b].to_string());
            }
        }
        for n in names.drain(..) {
            let kind = kind_override.unwrap_or_else(|| {
                n.entry
                    .map_or_else(|| unit_kind(fig.unit), |k| lex.entries[k].kind.as_str())
            });
            let kind = if kind == "ratio_change" && kind_override.is_none() {
                unit_kind(fig.unit)
            } else {
                kind
            };
            let mut m = build(
                text,
                headings,
                lex,
                &mut at,
                n.entry,
                (n.s.min(fig.qs), n.e.max(fig.qe)),
                qualifier.clone(),
                kind,
            );
            if n.entry.is_none() {
                m.name = carried
                    .take()
                    .unwrap_or_else(|| restore_folded_words(trim_name(&t[n.s..n.e]).to_string()));
            }
            m.optional = optional;
            let d = n
                .entry
                .filter(|&k| !lex.entries[k].domain.is_empty())
                .map(|k| lex.domain_ids[k]);
            out_domains.push((m.norm_start, d));
            out.push(m);
        }
    }
    out.sort_by(|a, b| (a.line, a.quantity_col, &a.name).cmp(&(b.line, b.quantity_col, &b.name)));
    check_rates(t, &mut out);
    out
}

/// Check each rate against the counts it is computed from, when its sentence gives them (`排查
/// 546起，化解545起，化解率达99.9%`): a rate the counts do not round to gets the note
/// `reported; 545/546 = 99.82%`. The two counts are the last two figures of one unit before the
/// rate in its sentence (the total, then the part); they are taken for its basis only when
/// their ratio is within 5 points of it and, where both are named from the lexicon, of its
/// domain, so unrelated counts are left alone.
fn check_rates(t: &str, ms: &mut [Metric]) {
    for i in 0..ms.len() {
        let r = &ms[i];
        if r.kind != "rate"
            || r.unit != "%"
            || r.note.is_some()
            || !(0.0..=100.0).contains(&r.value)
        {
            continue;
        }
        // The metrics just before it on its line (its counts are a few figures back; a bound,
        // so a line of thousands of figures stays linear), then those of its sentence.
        let near = || {
            ms[..i]
                .iter()
                .rev()
                .take(16)
                .take_while(|m| m.line == r.line)
        };
        let Some(w) = near().map(|m| m.norm_start).min() else {
            continue;
        };
        let w = w.min(r.norm_start);
        let sent_s = w + rfind_sent_end(&t[w..r.norm_start]).map_or(0, |(k, n)| k + n);
        // counts before the rate, one per figure, nearest first
        let mut counts = near()
            .filter(|m| m.norm_start >= sent_s)
            .filter(|m| m.quantity_col < r.quantity_col && m.kind == "count" && !m.optional)
            .filter(|m| m.value > 0.0 && m.value.fract() == 0.0);
        let Some(part) = counts.next() else { continue };
        let Some(total) = counts.find(|m| m.quantity_col != part.quantity_col) else {
            continue;
        };
        let related = |m: &Metric| match (&m.domain, &r.domain) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        if part.unit != total.unit || part.value > total.value || !related(part) || !related(total)
        {
            continue;
        }
        let computed = part.value / total.value * 100.0;
        let decimals = r
            .value_text
            .split(['.', '．'])
            .nth(1)
            .map_or(0, |d| d.chars().filter(char::is_ascii_digit).count());
        let tolerance = 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9;
        let gap = (computed - r.value).abs();
        if gap > tolerance && gap <= 5.0 {
            let c = format!("{computed:.2}");
            let c = c.trim_end_matches('0').trim_end_matches('.');
            let note = format!("reported; {}/{} = {c}%", part.value, total.value);
            ms[i].note = Some(note);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    text: &Text,
    headings: &[Heading],
    lex: &Lexicon,
    at: &mut FigureAt,
    entry: Option<usize>,
    surface: (usize, usize),
    qualifier: Option<String>,
    kind: &str,
) -> Metric {
    let fig = at.fig;
    let (ss, se) = at.sentence_span(surface.0, surface.1);
    // a run-on "sentence" (a page of figures with no full stop) is shown around the figure only,
    // so a report's metrics stay a few hundred bytes each, not the page once per figure
    let (ss, se) = if se - ss > SENTENCE_MAX {
        let t = text.norm.text.as_str();
        (
            floor_char(t, surface.0.saturating_sub(SENTENCE_MAX / 2)).max(ss),
            floor_char(t, (surface.1 + SENTENCE_MAX / 2).min(se)),
        )
    } else {
        (ss, se)
    };
    let sp = if surface.0 == fig.qs {
        at.qpos
    } else {
        text.pos(surface.0)
    };
    let h = headings.partition_point(|h| h.norm_start <= surface.0);
    let e = entry.map(|k| &lex.entries[k]);
    Metric {
        name: e.map_or_else(String::new, |e| e.name.clone()),
        kind: kind.to_string(),
        surface: text.orig_slice(surface.0, surface.1).to_string(),
        quantity: text.orig_slice(fig.qs, fig.qe).to_string(),
        value_text: text.orig_slice(fig.ns, fig.ne).to_string(),
        value: fig.value,
        value_max: fig.max,
        unit: fig.unit.to_string(),
        qualifier,
        sentence: text.display_slice(ss, se).into_owned(),
        line: sp.line,
        col: sp.col,
        quantity_col: at.qpos.col,
        heading_line: if h == 0 {
            None
        } else {
            Some(headings[h - 1].line)
        },
        optional: false,
        in_lexicon: e.is_some(),
        domain: e.map(|e| e.domain.clone()).filter(|d| !d.is_empty()),
        note: None,
        norm_start: surface.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> Vec<(String, f64, String, Option<String>)> {
        let text = Text::new(s.to_string());
        extract_metrics(&text, &[], &Lexicon::shared())
            .into_iter()
            .map(|m| (m.name, m.value, m.unit, m.qualifier))
            .collect()
    }

    type Row<'a> = (&'a str, f64, &'a str, Option<&'a str>);

    fn check(cases: &[(&str, &[Row])]) {
        for (input, want) in cases {
            let got = run(input);
            let want: Vec<(String, f64, String, Option<String>)> = want
                .iter()
                .map(|(n, v, u, q)| (n.to_string(), *v, u.to_string(), q.map(String::from)))
                .collect();
            assert_eq!(got, want, "{input}");
        }
    }

    #[test]
    fn table() {
        check(&[
            // each item of a list is named by its own words, not by the next item's
            ("办理行政复议案件156件，其中维持98件、撤销12件、确认违法5件，行政诉讼败诉率为0。", &[
                ("行政复议案件数", 156.0, "件", None),
                ("行政复议维持数", 98.0, "件", None),
                ("行政复议纠错数", 12.0, "件", None),
                ("行政复议纠错数", 5.0, "件", None),
                ("行政诉讼败诉率", 0.0, "%", None),
            ]),
            ("化解矛盾纠纷120件、成功调解95件。", &[
                ("矛盾纠纷化解数", 120.0, "件", None),
                ("成功调解", 95.0, "件", None),
            ]),
            // a score; a rank is not a metric
            ("法治政府建设考核得分95.6分，排名全市第3位。", &[("法治建设考核得分", 95.6, "分", None)]),
            // a figure moved to a new value keeps its name, listed or not
            ("办理时间由20个工作日压缩至5个工作日。", &[
                ("审批办结时限", 20.0, "个工作日", None),
                ("审批办结时限", 5.0, "个工作日", None),
            ]),
            ("检查周期由10天缩短至3天。", &[("检查周期", 10.0, "天", None), ("检查周期", 3.0, "天", None)]),
            // names from context: a heading marker opening the line is not part of one, a noun
            // ending like a copula keeps it, a target verb is left out, a quoted campaign is
            // not cut inside the verb before it; counts scaled by 万
            ("4.投入法治建设经费120万元。", &[("投入法治建设经费", 120.0, "万元", None)]),
            ("全年查处违法违规行为1.2万起。", &[("查处违法违规行为", 1.2, "万起", None)]),
            ("工程建设项目审批时间压缩至60个工作日。", &[("工程建设项目审批时间", 60.0, "个工作日", None)]),
            ("开展“法律进乡村”活动120余场次。", &[("“法律进乡村”活动", 120.0, "场次", Some("余"))]),
            // a span of months opening the clause is a period, not part of the name
            ("1-11月共受理案件3.5万件。", &[("受理案件", 3.5, "万件", None)]),
            // a context name is not cut inside a number
            ("全年12345热线受理群众诉求18.7万件。", &[("12345热线受理群众诉求", 18.7, "万件", None)]),
            ("全年受理行政复议案件32件，办结25件；受理征地补偿安置争议协调申请102件，办结101件。", &[
                ("行政复议案件数", 32.0, "件", None),
                ("行政复议办结数", 25.0, "件", None),
                ("行政协调申请数", 102.0, "件", None),
                ("行政协调办结数", 101.0, "件", None),
            ]),
            // one metric per canonical name of a shared figure; a phrase is not chained
            ("做到应备尽备，报备率、报备及时率均达100%。", &[
                ("规范性文件报备及时率", 100.0, "%", None),
                ("规范性文件报备率", 100.0, "%", None),
            ]),
            ("做到应备尽备，合法性审核率达100%。", &[
                ("合法性审核率", 100.0, "%", None),
            ]),
            ("报备率，报备及时率均为100%。", &[
                ("规范性文件报备及时率", 100.0, "%", None),
                ("规范性文件报备率", 100.0, "%", None),
            ]),
            ("全区38名领导干部参加法治理论考试，参考率、合格率100%。", &[
                ("法治考试参考人数", 38.0, "名", None),
                ("法治考试参考率", 100.0, "%", None),
                ("法治考试合格率", 100.0, "%", None),
            ]),
            ("共受理网上信访件64件（信访系统52件，市长信箱12件），回复率为100%。", &[
                ("网上信访受理数", 64.0, "件", None),
                ("网上信访受理数", 52.0, "件", None),
                ("网上信访受理数", 12.0, "件", None),
                ("信访回复率", 100.0, "%", None),
            ]),
            ("负责人出庭应诉率达到64.29%，与2019年同比上升18.51%。", &[
                ("行政机关负责人出庭应诉率", 64.29, "%", None),
                ("行政机关负责人出庭应诉率", 18.51, "%", Some("同比上升")),
            ]),
            ("印制宣传单、手册十万余册，组织近190名领导干部参加庭审旁听。", &[
                ("宣传资料发放数", 100000.0, "册", Some("余")),
                ("庭审旁听人数", 190.0, "名", Some("近")),
            ]),
            ("提供优质法律服务3200余件（次），办结时限控制在15个工作日内。", &[
                ("法律顾问服务量", 3200.0, "件次", Some("余")),
                ("审批办结时限", 15.0, "个工作日", Some("内")),
            ]),
            // Traditional script and full-width digits
            ("受理行政復議案件３２件，化解率達99.9％，調解協議涉及金額1194.13萬元。", &[
                ("行政复议案件数", 32.0, "件", None),
                ("矛盾纠纷化解率", 99.9, "%", None),
                ("调解协议涉及金额", 1194.13, "万元", None),
            ]),
            // optional: frequency, floor, negation
            ("每月举行一次党委中心组学习会议，每人每年接受不少于60学时的培训，全街道无一起违规执法行为。", &[
                ("学法次数", 1.0, "次", Some("每月")),
                ("法治培训学时", 60.0, "学时", Some("不少于")),
                ("违规执法行为数", 0.0, "起", None),
            ]),
            ("251家规上工业企业、220项重点项目复工复产，建立4家律师事务所调解工作室。", &[
                ("复工复产企业数", 251.0, "家", None),
                ("复工复产项目数", 220.0, "项", None),
                ("调解组织数", 4.0, "家", None),
            ]),
            // unlisted figures are still found, named from context
            ("全镇共有5个村、2个社区，罚没款1,234.5万元。", &[
                ("村", 5.0, "个", None),
                ("社区", 2.0, "个", None),
                ("罚没金额", 1234.5, "万元", None),
            ]),
            ("五十万元，一千二百人，两百余名干部。", &[
                ("五十万元", 50.0, "万元", None),
                ("一千二百人", 1200.0, "人", None),
                ("干部", 200.0, "名", Some("余")),
            ]),
            // exclusions
            ("根据《2021年全区法治政府建设工作要点》，落实“三项制度”“一件事一次办”，八五普法。", &[]),
            ("召开第二次会议，排名第一，3·15国际消费者权益日，拨打12348热线，学后由3至5名干部发言。", &[]),
            ("重点做好以下三项工作，严格落实“三个一”，一张清单、一个机制、一支队伍，每一次法律服务。", &[]),
            ("实现全区零确诊零病例，已审结15件中无败诉案件，3个月内完成，近两年。", &[
                ("行政诉讼审结数", 15.0, "件", None),
            ]),
            ("发布时间：2021-01-13 来源：区司法局 浏览次数：1234次", &[]),
        ]);
    }

    #[test]
    fn spaced_numbers() {
        check(&[
            (
                "开展普法宣传活动 31 次，建成法治文化阵地 4 个。",
                &[
                    ("普法活动次数", 31.0, "次", None),
                    ("法治宣传教育基地数", 4.0, "个", None),
                ],
            ),
            (
                "全年受理行政复议案件 80 余件，平均办理时限 10 个工作日。",
                &[
                    ("行政复议案件数", 80.0, "件", Some("余")),
                    ("审批办结时限", 10.0, "个工作日", None),
                ],
            ),
            (
                "矛盾纠纷化解率达 100%，组织近 190 名领导干部参加庭审旁听。",
                &[
                    ("矛盾纠纷化解率", 100.0, "%", None),
                    ("庭审旁听人数", 190.0, "名", Some("近")),
                ],
            ),
            // years, ordinals, ranges and table columns stay out
            (
                "2021 年 12 月，召开第 3 次会议，学后由 3 至 5 名干部发言，2020 2021 件。",
                &[],
            ),
        ]);
        let text = Text::new("开展普法宣传活动\u{3000}31\u{3000}次。".to_string());
        let ms = extract_metrics(&text, &[], &Lexicon::shared());
        assert_eq!(ms[0].quantity, "31\u{3000}次");
        assert_eq!(ms[0].value_text, "31");
    }

    /// The name of the metric of `value` read from `input`.
    fn name_of(input: &str, value: f64) -> String {
        let got = run(input);
        got.iter()
            .find(|m| m.1 == value)
            .unwrap_or_else(|| panic!("{input}: no metric of {value} in {got:?}"))
            .0
            .clone()
    }

    #[test]
    fn run_on_sentences_are_shown_around_their_figure() {
        let src = "受理案件3件，".repeat(2000);
        let ms = extract_metrics(&Text::new(src), &[], &Lexicon::shared());
        assert_eq!(ms.len(), 2000);
        for m in &ms {
            // the whole run is 14,000 characters; its window around a figure, a few hundred
            assert!(m.sentence.chars().count() < 1000, "{}", m.sentence.len());
            assert!(m.sentence.contains(&m.surface));
        }
    }

    #[test]
    fn counted_nouns_end_before_their_predicate() {
        for (input, value, want) in [
            ("全区22个派出所实现了户籍窗口延时服务。", 22.0, "派出所"),
            ("2个督察组对区公安分局开展督察。", 2.0, "督察组"),
            ("3000余名领导干部实现线上学法。", 3000.0, "领导干部"),
            ("45个主要问题全部完成整改。", 45.0, "主要问题"),
            // nor a number after it, nor a word cut at 8 characters
            ("梳理40个市直部门3507项行政职权。", 40.0, "市直部门"),
            (
                "从100多个候选城市中突围晋级示范创建。",
                100.0,
                "候选城市中突围",
            ),
            // no predicate: the counted words are kept
            ("新建12个镇街便民服务中心。", 12.0, "镇街便民服务中心"),
            ("走访36家规上物流园区。", 36.0, "规上物流园区"),
            // list and bracket punctuation is not part of a name
            (
                "取消收费5项、停征行政事业性收费29项。",
                29.0,
                "停征行政事业性收费",
            ),
            ("走访（县法治教育基地）、3次。", 3.0, "县法治教育基地"),
        ] {
            assert_eq!(name_of(input, value), want, "{input}");
        }
    }

    #[test]
    fn context_names_start_at_a_word() {
        for (input, value, want) in [
            (
                "理论学习中心组集中学习12次。",
                12.0,
                "理论学习中心组集中学习",
            ),
            (
                "召开办公室党组会议学习14次、办公室党组理论学习中心组集中学习12次。",
                12.0,
                "理论学习中心组集中学习",
            ),
            (
                "全局执法人员年度学法考法达标率100%。",
                100.0,
                "年度学法考法达标率",
            ),
            (
                "163名工作人员年度学法考法达标率100%。",
                100.0,
                "年度学法考法达标率",
            ),
            (
                "环境影响报告书类别项目由40%降低至38%。",
                40.0,
                "环境影响报告书类别项目",
            ),
            (
                "环境影响报告书类别项目由40%降低至38%。",
                38.0,
                "环境影响报告书类别项目",
            ),
            (
                "党组书记带头宣讲党的二十大精神2次。",
                2.0,
                "带头宣讲党的二十大精神",
            ),
            (
                "从社会各界选聘法治督察员171名。",
                171.0,
                "社会各界选聘法治督察员",
            ),
            (
                "开展习近平法治思想学习15次。",
                15.0,
                "开展习近平法治思想学习",
            ),
            (
                "选取物业管理协会等各地设立基层法治观测点3个。",
                3.0,
                "各地设立基层法治观测点",
            ),
            (
                "组织新提任领导干部考试37人次。",
                37.0,
                "组织新提任领导干部考试",
            ),
            // nor does a move to a new value
            (
                "压缩审批时间，缩短到并联办理审批时间92天。",
                92.0,
                "并联办理审批时间",
            ),
        ] {
            assert_eq!(name_of(input, value), want, "{input}");
        }
        // the rules after it still hold: a quoted campaign, a number, a leading year
        check(&[
            (
                "开展“法律进乡村”活动120余场次。",
                &[("“法律进乡村”活动", 120.0, "场次", Some("余"))],
            ),
            (
                "全年12345热线受理群众诉求18.7万件。",
                &[("12345热线受理群众诉求", 18.7, "万件", None)],
            ),
            (
                "2022年新建智慧停车泊位1200个。",
                &[("新建智慧停车泊位", 1200.0, "个", None)],
            ),
        ]);
        // a function word does not open the name
        let h = "政务服务事项的网上可办率";
        assert_eq!(&h[snap_to_word(h, "政务服务事项".len())..], "网上可办率");
        // a clause of one long unknown word keeps the window
        assert_eq!(snap_to_word("ABCDEFGHIJKLMN", 4), 4);
    }

    #[test]
    fn context_names_restore_folded_words() {
        for (name, want) in [
            ("复盖民辅警", "覆盖民辅警"),
            ("全区复盖", "全区覆盖"),
            ("成效显着", "成效显著"),
            ("着名商标", "著名商标"),
            ("业绩卓着", "业绩卓著"),
            // the folded spelling of another word stays
            ("重复盖章", "重复盖章"),
            ("彰显着法治", "彰显着法治"),
            ("带着名单", "带着名单"),
            ("回复率", "回复率"),
        ] {
            assert_eq!(restore_folded_words(name.to_string()), want);
        }
        // a report and its Traditional mirror get the same name
        assert_eq!(name_of("覆盖民辅警200余人次。", 200.0), "覆盖民辅警");
        assert_eq!(name_of("覆蓋民輔警200餘人次。", 200.0), "覆盖民辅警");
        assert_eq!(
            name_of("培育显著成效典型案例12个。", 12.0),
            name_of("培育顯著成效典型案例12個。", 12.0)
        );
    }

    #[test]
    fn changes_take_the_changed_metric() {
        check(&[
            (
                "全年受理行政复议案件80件，办结70件，同比增长10.3%。",
                &[
                    ("行政复议案件数", 80.0, "件", None),
                    ("行政复议办结数", 70.0, "件", None),
                    ("行政复议办结数", 10.3, "%", Some("同比增长")),
                ],
            ),
            (
                "全年受理行政复议案件 80 件，办结 70 件，同比增长 10.3%。",
                &[
                    ("行政复议案件数", 80.0, "件", None),
                    ("行政复议办结数", 70.0, "件", None),
                    ("行政复议办结数", 10.3, "%", Some("同比增长")),
                ],
            ),
            (
                "组织领导班子学法24次，较上年增长32.2%。",
                &[
                    ("学法次数", 24.0, "次", None),
                    ("学法次数", 32.2, "%", Some("较上年增长")),
                ],
            ),
            (
                "开展执法检查 206 次，同比下降 12.1%。",
                &[
                    ("行政检查次数", 206.0, "次", None),
                    ("行政检查次数", 12.1, "%", Some("同比下降")),
                ],
            ),
            (
                "负责人出庭应诉率达到64.29%，与2019年同比上升18.51%。",
                &[
                    ("行政机关负责人出庭应诉率", 64.29, "%", None),
                    ("行政机关负责人出庭应诉率", 18.51, "%", Some("同比上升")),
                ],
            ),
            (
                "全年行政复议案件数量同比增长10.3%。",
                &[("行政复议案件数", 10.3, "%", Some("同比增长"))],
            ),
            (
                "信访总量同比下降5%，群众满意率为98%。",
                &[
                    ("信访总量", 5.0, "%", Some("同比下降")),
                    ("信访群众满意率", 98.0, "%", None),
                ],
            ),
            (
                "受理信访事项570件，同比下降5.73%，参评满意率81.3%。",
                &[
                    ("信访总量", 570.0, "件", None),
                    ("信访总量", 5.73, "%", Some("同比下降")),
                    ("信访群众满意率", 81.3, "%", None),
                ],
            ),
        ]);
    }

    #[test]
    fn ambiguous_names_follow_their_clause() {
        check(&[
            ("受理信访事项570件，参评满意率81.3%。开展领导干部经济责任审计8名，代表建议满意率84.5%。", &[
                ("信访总量", 570.0, "件", None),
                ("信访群众满意率", 81.3, "%", None),
                ("经济责任审计人数", 8.0, "名", None),
                ("建议提案满意率", 84.5, "%", None),
            ]),
            ("行政复议案件按期办结率100%。办理代表建议42件，信访事项按期办结率100%。", &[
                ("行政复议按期办结率", 100.0, "%", None),
                ("建议提案办理数", 42.0, "件", None),
                ("信访按期办结率", 100.0, "%", None),
            ]),
        ]);
    }

    #[test]
    fn lexicon_names_fit_what_is_counted() {
        let named = |src: &str| -> Vec<(String, bool)> {
            extract_metrics(&Text::new(src.to_string()), &[], &Lexicon::shared())
                .into_iter()
                .map(|m| (m.name, m.in_lexicon))
                .collect()
        };
        // people are not sessions, sessions not people, things not people
        for src in [
            "163名工作人员年度学法。",
            "法律顾问进村宣讲2次。",
            "参与领导班子会议9次。",
            "11个村社也都聘请律师。",
            // parts of a plan are no fields of cooperation
            "细化明确9个方面具体任务。",
            // a classifier counts the noun after it, not one further on
            "编制46项高频审批事项的《标准化工作手册》。",
            // a law's name names no figure
            "围绕行政许可法、行政处罚法等内容组织开展专题培训12场次。",
        ] {
            let ms = named(src);
            assert_eq!(ms.len(), 1, "{src}");
            assert!(!ms[0].1, "{src}: {ms:?}");
        }
        // units of the same sort still take the row's name
        for (src, name) in [
            ("开展专题研讨6场。", "专题研讨次数"),
            ("全年集体学法12次。", "学法次数"),
            ("受理行政复议案件32件。", "行政复议案件数"),
            ("梳理政务服务事项清单31个。", "政务服务事项数"),
            (
                "在智慧政务等10个方面与绵阳市建立合作机制。",
                "跨区域合作领域数",
            ),
            // a bare 办结 names its object's count, or the cases before it
            ("全年办结各类政务服务事项57.95万件。", "政务服务事项数"),
            ("行政复议申请均已办结25件。", "行政复议办结数"),
        ] {
            let ms = named(src);
            assert_eq!(
                ms.first().map(|m| m.0.as_str()),
                Some(name),
                "{src}: {ms:?}"
            );
        }
    }

    #[test]
    fn optional_and_positions() {
        let text =
            Text::new("标题\n（一）全年无一起违规执法行为，确保符合条件企业100%纳入。".to_string());
        let ms = extract_metrics(&text, &[], &Lexicon::shared());
        assert_eq!(ms.len(), 2);
        assert!(ms.iter().all(|m| m.optional));
        assert_eq!(
            (ms[0].line, ms[0].quantity_col, ms[0].quantity.as_str()),
            (2, 5, "无一起")
        );
        assert_eq!(ms[1].surface, "100%纳入");
        assert_eq!(
            ms[0].sentence,
            "全年无一起违规执法行为，确保符合条件企业100%纳入。"
        );
    }

    #[test]
    fn rates_are_checked_against_their_counts() {
        let note = |s: &str| {
            let text = Text::new(s.to_string());
            let ms = extract_metrics(&text, &[], &Lexicon::shared());
            let rate = ms.iter().find(|m| m.kind == "rate").expect("a rate");
            rate.note.clone()
        };
        assert_eq!(
            note("2022年，我镇共排查发现546起矛盾纠纷，调处化解545起，化解率达99.9%。").as_deref(),
            Some("reported; 545/546 = 99.82%")
        );
        // rounds to what is printed
        assert_eq!(
            note("共排查矛盾纠纷546起，调处化解545起，化解率达99.8%。"),
            None
        );
        assert_eq!(
            note("共排查矛盾纠纷50起，调处化解49起，化解率达98%。"),
            None
        );
        // too far apart to be its basis, or no total
        assert_eq!(note("受理行政复议案件32件，办结30件，办结率100%。"), None);
        assert_eq!(note("调处化解545起，化解率达99.9%。"), None);
    }

    #[test]
    fn lexicon_parse_and_resolve() {
        let lex = Lexicon::shared();
        assert_eq!(lex.resolve("化解率"), vec!["矛盾纠纷化解率"]);
        assert_eq!(lex.resolve("行政复议案件数"), vec!["行政复议案件数"]);
        assert!(lex.resolve("回复率").contains(&"信访回复率".to_string()));
        assert!(lex.resolve("复议").len() > 3);
        assert!(lex.resolve("不存在的指标").is_empty());
        // one row per canonical name in the shipped lexicon (a second row would shadow the first)
        let mut names: Vec<&str> = lex.entries.iter().map(|e| e.name.as_str()).collect();
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "a canonical name is listed twice");
        let err =
            Lexicon::parse("canonical_name\tsynonyms\tkind\tunit\tdomain\nbad row\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let lex = Lexicon::default_with(
            "canonical_name\tsynonyms\tkind\tunit\tdomain\n测试指标数\t测试指标\tcount\t件\t测试\n",
        )
        .unwrap();
        let text = Text::new("完成测试指标7件。".to_string());
        let ms = extract_metrics(&text, &[], &lex);
        assert_eq!(ms[0].name, "测试指标数");
        assert!(ms[0].in_lexicon);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Lines of the original, split like the reader splits them.
    fn lines(s: &str) -> Vec<Vec<char>> {
        s.replace("\r\n", "\n")
            .replace('\r', "\n")
            .split('\n')
            .map(|l| l.chars().collect())
            .collect()
    }

    fn check_spans(s: &str) -> Result<(), TestCaseError> {
        let text = Text::new(s.to_string());
        let ls = lines(s);
        for m in extract_metrics(&text, &[], &Lexicon::shared()) {
            // a surface holds a line break only where normalization rejoined a wrapped line
            if m.surface.contains(['\n', '\r']) {
                let n = text.norm.text.as_str();
                let k = m.norm_start;
                let e = (k..=n.len())
                    .filter(|&e| n.is_char_boundary(e))
                    .find(|&e| text.orig_slice(k, e) == m.surface);
                prop_assert!(e.is_some(), "{m:?}");
                prop_assert!(!n[k..e.unwrap_or(k)].contains('\n'), "{m:?}");
                continue;
            }
            let at: String = ls[m.line as usize - 1]
                .iter()
                .skip(m.col as usize)
                .take(m.surface.chars().count())
                .collect();
            prop_assert_eq!(at, m.surface.clone());
            let at: String = ls[m.line as usize - 1]
                .iter()
                .skip(m.quantity_col as usize)
                .take(m.quantity.chars().count())
                .collect();
            prop_assert_eq!(at, m.quantity.clone());
        }
        Ok(())
    }

    #[test]
    fn names_do_not_cross_lines() {
        for s in [
            "全镇共有5个\n村委会办公室。",
            "全镇共有5个\r\n村委会办公室。",
            "受理行政复议案件\n32件，化解率达\n99.9%。",
            "办结70件\n同比增长10.3%。",
            "共有1名\n",
            "共 5 个 \n 村",
        ] {
            check_spans(s).unwrap();
            let text = Text::new(s.to_string());
            for m in extract_metrics(&text, &[], &Lexicon::shared()) {
                assert!(!m.surface.contains(['\n', '\r']), "{s:?}: {m:?}");
                assert!(!m.name.contains(['\n', '\r']), "{s:?}: {m:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn names_stay_on_their_line(s in "[一二（）()1-9１２.．、。，,：是率达件次个%％ \u{3000}\r\n化解受理案件万元行政复议同比增长]{0,300}") {
            check_spans(&s)?;
        }

        #[test]
        fn clause_ends_match_char_search(s in "[,;:!?()\n。；，：（）、「＂も丂a一\u{FF1B}\u{FF0C}\u{FF1A}]{0,40}") {
            let with_len = |k: Option<usize>| k.map(|k| (k, s[k..].chars().next().map_or(1, char::len_utf8)));
            let open = |c: char| CLAUSE_END.contains(&c) || c == '(';
            let paren = |c: char| open(c) || c == ')';
            prop_assert_eq!(rfind_clause_end(&s), with_len(s.rfind(CLAUSE_END)));
            // both clause starts, as from a search for each (`p` at every boundary)
            for p in (0..=s.len()).filter(|&p| s.is_char_boundary(p)) {
                let start = |k: Option<usize>| {
                    let s0 = k.map_or(0, |k| k + s[k..].chars().next().map_or(1, char::len_utf8));
                    clause_open(&s, s0, p)
                };
                let want = (start(s[..p].rfind(open)), start(s[..p].rfind(CLAUSE_END)));
                prop_assert_eq!(clause_starts(&s, p), want);
            }
            prop_assert_eq!(find_clause_end(&s, false), s.find(CLAUSE_END));
            prop_assert_eq!(find_clause_end(&s, true), s.find(paren));
        }

        #[test]
        fn sentence_ends_match_char_search(s in "[。!?！？，a一\u{3002}\u{FF01}\u{FF1F}\u{3081}\u{FF3C}\u{E381}]{0,40}") {
            let b = s.as_bytes();
            let fwd = (0..b.len()).find_map(|k| sent_end_at(b, k).map(|n| (k, n)));
            let want = |k: Option<usize>| k.map(|k| (k, s[k..].chars().next().map_or(1, char::len_utf8)));
            prop_assert_eq!(fwd, want(s.find(SENT_END)));
            prop_assert_eq!(find_sent_end(&s), want(s.find(SENT_END)));
            prop_assert_eq!(rfind_sent_end(&s), want(s.rfind(SENT_END)));
        }
    }
}
