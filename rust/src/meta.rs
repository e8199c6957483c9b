//! Report metadata: title, issuers, years, dates, addressee, document number, signer, region
//! and administrative level, read from the frame of the document (title block, signature block,
//! web stamps). Field rules follow tests/gold/README.md.
//!
//! Everything is matched on the normalized text (`text.norm.text`) and only inside a head window
//! (the lines before the first heading, at most [`HEAD_LINES`] lines / [`HEAD_BYTES`] bytes) and a
//! tail window (the last [`TAIL_LINES`] lines / [`TAIL_BYTES`] bytes), so the cost is linear in
//! the size of those windows. Strings handed out are rebuilt from the original characters (one
//! original character per normalized character, so Traditional input stays Traditional), with
//! only full-width digits folded to ASCII so that a full-width copy reads the same.
//!
//! Two layouts are handled: the usual one (title, addressee, signature and date on their own
//! lines) and a flattened one where the whole report sits on a single long line; there the
//! title is the `…法治政府建设…报告` phrase near the start and the date the last date near the end.

use crate::segment::Segmented;
use crate::text::Text;
use serde::Serialize;

/// Region as the text itself names it.
#[cfg_attr(
    feature = "python",
    pyo3::pyclass(frozen, get_all, module = "lawgov_index._core")
)]
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Region {
    pub province: Option<String>,
    pub city: Option<String>,
    pub county: Option<String>,
    pub township: Option<String>,
}

/// Document-level fields.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meta {
    pub title: Option<String>,
    pub title_lines: Vec<u32>,
    pub issuers: Vec<String>,
    pub issuer_lines: Vec<u32>,
    pub joint_party_government: bool,
    pub report_year: Option<i32>,
    pub issue_date: Option<String>,
    pub date_line: Option<u32>,
    pub published: Option<String>,
    pub published_line: Option<u32>,
    pub addressee: Option<String>,
    pub addressee_line: Option<u32>,
    pub doc_number: Option<String>,
    pub doc_number_line: Option<u32>,
    pub signer: Option<String>,
    pub region: Region,
    pub admin_level: Option<String>,
}

/// Lines of the head window.
const HEAD_LINES: usize = 40;
/// Bytes of the head window (normalized text).
const HEAD_BYTES: usize = 12 * 1024;
/// Lines of the tail window.
const TAIL_LINES: usize = 40;
/// Bytes of the tail window.
const TAIL_BYTES: usize = 8 * 1024;
/// Longest line (chars) read as a frame line; longer lines are body text or a flattened report.
const FRAME_CHARS: usize = 90;

/// Openings of a web site's footer, which a flattened page runs on after the report's date.
pub(crate) const SITE_FOOTER: &[&str] = &[
    "【打印",
    "【关闭",
    "[打印",
    "打印本页",
    "关闭窗口",
    "主办单位",
    "承办单位",
    "主办：",
    "版权所有",
    "网站标识码",
    "ICP备",
    "公网安备",
    "技术支持",
    "联系我们",
    "网站地图",
    "分享到",
    "上一篇",
    "下一篇",
    "相关链接",
    "相关文章",
    "相关阅读",
    "责任编辑",
    "扫一扫",
];
/// Characters that end a title phrase going backwards in flattened text.
const DELIMS: &str = "。，,；;：:！？!?>»→|、“”\"《》()（）【】[]<>";
/// Punctuation that never occurs in an issuer or title-block name line.
const NAME_PUNCT: &str = "。，,；;：:！？!?>»|、“”\"《》【】";
/// Organ suffixes at which joined issuer names may be cut.
const STRONG_SUFFIXES: &[&str] = &[
    "人民政府",
    "委员会",
    "办事处",
    "党工委",
    "党委",
    "管委会",
    "政府",
];
/// Organ suffixes that end an issuer name.
const ORG_SUFFIXES: &[&str] = &[
    "人民政府",
    "委员会",
    "办事处",
    "党工委",
    "党委",
    "管委会",
    "政府",
    "办公室",
    "局",
    "厅",
    "中心",
    "县委",
    "区委",
    "市委",
    "镇委",
    "乡委",
    "工委",
    "署",
    "院",
    "部",
];

/// A normalized span with its original characters.
#[derive(Debug, Clone)]
struct Name {
    norm: String,
    orig: String,
    line: u32,
}

struct Ctx<'a> {
    text: &'a Text,
    t: &'a str,
    /// Normalized line spans `[s, e)` without the line break.
    lines: Vec<(usize, usize)>,
}

impl<'a> Ctx<'a> {
    fn new(text: &'a Text) -> Self {
        let t = text.norm.text.as_str();
        let mut lines = Vec::new();
        let mut s = 0;
        for p in memchr::memchr_iter(b'\n', t.as_bytes()) {
            lines.push((s, p));
            s = p + 1;
        }
        lines.push((s, t.len()));
        Ctx { text, t, lines }
    }

    fn line_no(&self, b: usize) -> u32 {
        self.text.pos(b.min(self.t.len())).line
    }

    /// Trimmed span of a line.
    fn trimmed(&self, i: usize) -> (usize, usize) {
        trim_span(self.t, self.lines[i].0, self.lines[i].1)
    }

    /// Original characters of the normalized span, one per normalized character.
    fn orig(&self, s: usize, e: usize) -> String {
        let mut cur = self.text.norm.cursor(s);
        let mut out = String::with_capacity(e.saturating_sub(s));
        for (i, c) in self.t[s..e].char_indices() {
            let b = s + i;
            let (o1, o2) = (cur.orig_start(b), cur.orig_end(b + c.len_utf8()));
            let oc = self
                .text
                .original
                .get(o1..o2)
                .and_then(|x| x.chars().next())
                .unwrap_or(c);
            out.push(fold_digit(oc));
        }
        out
    }

    fn name(&self, s: usize, e: usize) -> Name {
        Name {
            norm: self.t[s..e].to_string(),
            orig: self.orig(s, e),
            line: self.line_no(s),
        }
    }
}

fn fold_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

fn floor_boundary(t: &str, mut b: usize) -> usize {
    b = b.min(t.len());
    while !t.is_char_boundary(b) {
        b -= 1;
    }
    b
}

fn ceil_boundary(t: &str, mut b: usize) -> usize {
    b = b.min(t.len());
    while !t.is_char_boundary(b) {
        b += 1;
    }
    b
}

fn trim_span(t: &str, s: usize, e: usize) -> (usize, usize) {
    let x = &t[s..e];
    let lead = x.len() - x.trim_start().len();
    let y = x.trim();
    (s + lead, s + lead + y.len())
}

/// Chars of `t[s..e]` with their byte offsets in `t`.
fn chars_of(t: &str, s: usize, e: usize) -> Vec<(usize, char)> {
    let (s, e) = (floor_boundary(t, s), floor_boundary(t, e));
    if s >= e {
        return Vec::new();
    }
    t[s..e].char_indices().map(|(i, c)| (s + i, c)).collect()
}

fn starts_at(cs: &[(usize, char)], i: usize, pat: &str) -> bool {
    let mut k = i;
    for p in pat.chars() {
        match cs.get(k) {
            Some(&(_, c)) if c == p => k += 1,
            _ => return false,
        }
    }
    true
}

fn find_from(cs: &[(usize, char)], from: usize, to: usize, pat: &str) -> Option<usize> {
    (from..to.min(cs.len())).find(|&i| starts_at(cs, i, pat))
}

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c)
}

const CN_DIGITS: &str = "〇○零一二三四五六七八九";

fn cn_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | '零' | 'О' | 'O' => Some(0),
        _ => CN_DIGITS
            .chars()
            .position(|d| d == c)
            .map(|p| (p as u32).saturating_sub(2)),
    }
}

/// A year `2021`/`二〇二一` at `i`, followed by optional spaces and `年`: (year, index after 年).
fn year_at(cs: &[(usize, char)], i: usize) -> Option<(i32, usize)> {
    if i > 0 && cs[i - 1].1.is_ascii_digit() {
        return None;
    }
    let mut y = 0i32;
    let ascii = cs.get(i)?.1.is_ascii_digit();
    for k in 0..4 {
        let c = cs.get(i + k)?.1;
        let d = if ascii { c.to_digit(10) } else { cn_digit(c) }?;
        y = y * 10 + d as i32;
    }
    let mut k = i + 4;
    while cs.get(k).is_some_and(|x| x.1 == ' ') {
        k += 1;
    }
    if cs.get(k)?.1 != '年' || !(1949..=2100).contains(&y) {
        return None;
    }
    Some((y, k + 1))
}

/// A small number (1–31) in ASCII or Chinese numerals at `i`: (value, index after).
fn small_num_at(cs: &[(usize, char)], i: usize) -> Option<(u32, usize)> {
    let mut k = i;
    if cs.get(k)?.1.is_ascii_digit() {
        let mut v = 0;
        while k < cs.len() && cs[k].1.is_ascii_digit() && k - i < 2 {
            v = v * 10 + cs[k].1.to_digit(10)?;
            k += 1;
        }
        if cs.get(k).is_some_and(|x| x.1.is_ascii_digit()) {
            return None;
        }
        return Some((v, k));
    }
    let mut v = 0u32;
    let mut tens = false;
    while k < cs.len() && k - i < 3 {
        let c = cs[k].1;
        if c == '十' {
            v = if v == 0 { 10 } else { v * 10 };
            tens = true;
        } else if let Some(d) = cn_digit(c) {
            v = if tens { v + d } else { v * 10 + d };
        } else {
            break;
        }
        k += 1;
    }
    (k > i && v > 0).then_some((v, k))
}

fn skip_spaces(cs: &[(usize, char)], mut k: usize) -> usize {
    while cs.get(k).is_some_and(|x| x.1 == ' ') {
        k += 1;
    }
    k
}

/// A date `2023年1月31日` (spaces allowed, Chinese numerals allowed) at `i`.
fn date_at(cs: &[(usize, char)], i: usize) -> Option<(String, usize)> {
    let (y, k) = year_at(cs, i)?;
    let k = skip_spaces(cs, k);
    let (m, k) = small_num_at(cs, k)?;
    let k = skip_spaces(cs, k);
    if cs.get(k)?.1 != '月' {
        return None;
    }
    let k = skip_spaces(cs, k + 1);
    let (d, k) = small_num_at(cs, k)?;
    let k = skip_spaces(cs, k);
    if !matches!(cs.get(k)?.1, '日' | '号') || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((format!("{y:04}-{m:02}-{d:02}"), k + 1))
}

fn digits_at(cs: &[(usize, char)], i: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let mut k = i;
    let mut v = 0u32;
    while k < cs.len() && cs[k].1.is_ascii_digit() && k - i < max {
        v = v * 10 + cs[k].1.to_digit(10)?;
        k += 1;
    }
    if k - i < min || cs.get(k).is_some_and(|x| x.1.is_ascii_digit()) {
        return None;
    }
    Some((v, k))
}

/// A web stamp `2022-01-05`, `2022/1/5`, optionally with ` 09:32(:10)`: (ISO form, index after).
/// A date in figures at `i`, its parts separated by one of `seps` used twice (`2023-01-05`):
/// ISO form and end.
fn ymd_at(cs: &[(usize, char)], i: usize, seps: &[char]) -> Option<(String, usize)> {
    let (y, k) = digits_at(cs, i, 4, 4)?;
    let sep = cs.get(k)?.1;
    if !seps.contains(&sep) || !(1990..=2100).contains(&y) {
        return None;
    }
    let (m, k) = digits_at(cs, k + 1, 1, 2)?;
    if cs.get(k)?.1 != sep {
        return None;
    }
    let (d, k) = digits_at(cs, k + 1, 1, 2)?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| (format!("{y:04}-{m:02}-{d:02}"), k))
}

fn dash_date_at(cs: &[(usize, char)], i: usize) -> Option<(String, usize)> {
    if i > 0 && cs[i - 1].1.is_ascii_digit() {
        return None;
    }
    let (mut iso, k) = ymd_at(cs, i, &['-', '/'])?;
    let mut end = k;
    let t = skip_spaces(
        cs,
        if cs.get(k).is_some_and(|x| x.1 == 'T') {
            k + 1
        } else {
            k
        },
    );
    if t > k || cs.get(k).is_some_and(|x| x.1 == 'T') {
        if let Some((h, k2)) = digits_at(cs, t, 1, 2) {
            if cs.get(k2).is_some_and(|x| x.1 == ':') {
                if let Some((mi, k3)) = digits_at(cs, k2 + 1, 2, 2) {
                    if h < 24 && mi < 60 {
                        iso.push_str(&format!("T{h:02}:{mi:02}"));
                        end = k3;
                        if cs.get(k3).is_some_and(|x| x.1 == ':') {
                            if let Some((sec, k4)) = digits_at(cs, k3 + 1, 2, 2) {
                                if sec < 60 {
                                    iso.push_str(&format!(":{sec:02}"));
                                    end = k4;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    Some((iso, end))
}

/// A line that is only a date in figures: `2023-01-05`, `2023/1/5` or `2023.1.5`.
fn dotted_date_line(cs: &[(usize, char)]) -> Option<(String, usize)> {
    ymd_at(cs, 0, &['-', '/', '.']).filter(|x| x.1 == cs.len())
}

fn ends_with_any<'s>(x: &str, sufs: &[&'s str]) -> Option<&'s str> {
    sufs.iter()
        .copied()
        .filter(|s| x.ends_with(s))
        .max_by_key(|s| s.len())
}

/// Split a run of issuer names (no separators needed) into `[s, e)` char ranges of `cs`.
fn split_names(cs: &[(usize, char)], s: usize, e: usize) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    let mut cur = s;
    while cur < e && cs[cur].1 == ' ' {
        cur += 1;
    }
    if cur >= e {
        return None;
    }
    let text = |a: usize, b: usize| cs[a..b].iter().map(|x| x.1).collect::<String>();
    // `piece` is the text of `cs[cur..i]`, grown by one char per step rather than rebuilt.
    let mut piece = String::new();
    let mut i = cur + 1;
    piece.push(cs[cur].1);
    while i <= e {
        let at_space = i < e && cs[i].1 == ' ';
        let strong = ends_with_any(&piece, STRONG_SUFFIXES).is_some();
        let any = ends_with_any(&piece, ORG_SUFFIXES).is_some();
        // The earlier chars of the piece passed this test in earlier steps.
        let last = cs[i - 1].1;
        if NAME_PUNCT.contains(last) || last.is_ascii_digit() {
            return None;
        }
        let rest = skip_spaces(cs, i);
        let cut = if i == e || rest >= e || at_space {
            any
        } else {
            strong && e - rest >= 5 && {
                let rest_text = text(rest.min(e), e);
                !rest_text.starts_with('办')
                    && !rest_text.starts_with('局')
                    && !rest_text.starts_with("工作")
                    && !rest_text.starts_with("委员会")
            }
        };
        if cut && i - cur >= 3 {
            out.push((cur, i));
            cur = rest;
            if cur >= e {
                return Some(out);
            }
            i = cur + 1;
            piece.clear();
            piece.push(cs[cur].1);
            continue;
        }
        if at_space {
            return None;
        }
        i += 1;
        if i <= e {
            piece.push(cs[i - 1].1);
        }
    }
    None
}

/// Is a trimmed line an issuer line (one or more organ names, nothing else)?
fn issuer_line_names(ctx: &Ctx, s: usize, e: usize) -> Option<Vec<Name>> {
    let x = &ctx.t[s..e];
    let n = x.chars().count();
    if !(3..=60).contains(&n) {
        return None;
    }
    let cs = chars_of(ctx.t, s, e);
    let parts = split_names(&cs, 0, cs.len())?;
    Some(
        parts
            .into_iter()
            .map(|(a, b)| ctx.name(cs[a].0, end_byte(&cs, b)))
            .collect(),
    )
}

fn end_byte(cs: &[(usize, char)], i: usize) -> usize {
    if i == 0 {
        return cs.first().map_or(0, |x| x.0);
    }
    let (b, c) = cs[i - 1];
    b + c.len_utf8()
}

#[derive(Debug, Default)]
struct TitleInfo {
    text: String,
    norm: String,
    lines: Vec<u32>,
    issuers: Vec<Name>,
    /// Normalized byte end of the title.
    end: usize,
    /// Index of the last title line (line layout) or None (flattened).
    end_line: Option<usize>,
    /// Normalized byte start of the title (with its issuers).
    start: usize,
}

fn title_words(x: &str) -> bool {
    (x.contains("法治") || x.contains("依法行政") || x.contains("法制"))
        && (x.contains("报告") || x.contains("情况") || x.contains("总结"))
}

fn frame_junk(x: &str) -> bool {
    x.contains(['>', '»', '→'])
        || x.contains("当前位置")
        || x.starts_with("上一篇")
        || x.starts_with("下一篇")
        || x.starts_with("相关")
        || x.contains("根据")
        // an info table's other rows (`[ 主题分类 ] … [ 体裁分类 ] 工作报告`)
        || x.contains("分类")
        || x.contains("索引号")
        || x.contains("发布机构")
}

/// Names of a government site's columns that stand before a report's title on its page.
const COLUMN_NAMES: &[&str] = &[
    "正文",
    "通知公告",
    "网站公告",
    "工作动态",
    "法治宣传",
    "司法信息",
    "部门工作报告",
    "工作报告",
    "政务公开",
    "信息公开",
    "政府信息公开",
    "法定主动公开内容",
    "其他法定信息",
    "公示公告",
    "法治政府建设",
    "法治政府建设年度报告",
    "文件通知",
    "部门文件",
    "政策文件",
    "繁体",
    "简体",
];

/// Whether `rest`, what follows a title-like phrase, opens with a date (`关于…的报告 2021-03-01`):
/// an item of a page's list of related articles, not its title.
fn dated_item(rest: impl Iterator<Item = char>) -> bool {
    let r: Vec<char> = rest.skip_while(|c| c.is_whitespace()).take(8).collect();
    r.len() >= 7
        && r[..4].iter().all(char::is_ascii_digit)
        && matches!(r[4], '-' | '/' | '.')
        && r[5].is_ascii_digit()
}

/// Whether `before` opens a page's list of other articles (`相关文章`, `上一篇`).
fn related_list(before: &str) -> bool {
    [
        "相关",
        "上一篇",
        "下一篇",
        "推荐阅读",
        "热点文章",
        "最新文章",
    ]
    .iter()
    .any(|w| before.contains(w))
}

/// Strip the web page's wrapping from a title line: an info table's cell and label (`| 标 题：…
/// | |`, `- 标题：…`, `[ 标题 ] …`), a column tag (`【法治建设报告】…`) and trailing site debris
/// (` - 某某人民政府`).
fn title_core(t: &str, s: usize, e: usize) -> (usize, usize) {
    // (`?` and `？`: a mirror's undecodable characters)
    let cell = |c: char| c.is_whitespace() || matches!(c, '|' | '-' | '*' | '·' | '•' | '?' | '？');
    let mut s = s + (t[s..e].len() - t[s..e].trim_start_matches(cell).len());
    let e = s + t[s..e].trim_end_matches(cell).len();
    for lab in ["文章标题", "信息名称", "文件名称", "标题", "名称", "题名"] {
        if let Some(k) = label_end(&t[s..e], lab) {
            s += k;
            break;
        }
    }
    if let Some(r) = t[s..e].strip_prefix('【') {
        if let Some(k) = r.find('】').filter(|&k| k <= 36 && r.len() > k + 3 * 6) {
            s += '【'.len_utf8() + k + '】'.len_utf8();
        }
    }
    let x = &t[s..e];
    if let Some(p) = x.rfind("报告") {
        let after = &x[p + "报告".len()..];
        if after.starts_with([' ', '-', '_', '|', '—', '–']) {
            return trim_span(t, s, s + p + "报告".len());
        }
    }
    trim_span(t, s, e)
}

/// The byte length of a label `lab` opening `x`, spaced or bracketed as info tables print it
/// (`标 题：`, `[ 标题 ]`), with its colon or bracket and the spaces after it.
fn label_end(x: &str, lab: &str) -> Option<usize> {
    let mut it = x.char_indices().peekable();
    let bracket = it.next_if(|&(_, c)| c == '[' || c == '【').is_some();
    for want in lab.chars() {
        while it.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
        it.next_if(|&(_, c)| c == want)?;
    }
    while it.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
    let close: &[char] = if bracket {
        &[']', '】']
    } else {
        &[':', '：']
    };
    it.next_if(|&(_, c)| close.contains(&c))?;
    while it.next_if(|&(_, c)| c.is_whitespace()).is_some() {}
    Some(it.peek().map_or(x.len(), |&(k, _)| k))
}

fn is_title_line(x: &str) -> bool {
    let n = x.chars().count();
    let bracket_tail = x.ends_with(')')
        && x.rfind("报告(")
            .is_some_and(|p| x[p..].chars().count() <= 14);
    let first = x.chars().next().unwrap_or(' ');
    let marker = "一二三四五六七八九十(".contains(first)
        && x.chars()
            .nth(1)
            .is_some_and(|c| "、一二三四五六七八九十".contains(c))
        || first.is_ascii_digit() && x.chars().nth(1).is_some_and(|c| matches!(c, '.' | '、'));
    let situation =
        x.ends_with("情况") && x.contains("法治政府建设") && x.contains('年') && !marker;
    // `某镇2022年度法治政府建设工作总结`
    let summary = x.ends_with("总结") && x.contains('年') && !marker;
    (6..=FRAME_CHARS).contains(&n)
        && title_words(x)
        && (x.ends_with("报告") || bracket_tail || situation || summary)
        && !x.contains(['。', '?', '？', '!', '！'])
        && !frame_junk(x)
}

/// The title issuers: names before `关于` or the year at the start of a title span.
fn title_prefix_issuers(ctx: &Ctx, s: usize, e: usize) -> Vec<Name> {
    let cs = chars_of(ctx.t, s, e);
    let stop = (0..cs.len()).find(|&i| starts_at(&cs, i, "关于") || year_at(&cs, i).is_some());
    match stop {
        Some(p) if p > 0 => split_names(&cs, 0, p)
            .map(|v| {
                v.into_iter()
                    .map(|(a, b)| ctx.name(cs[a].0, end_byte(&cs, b)))
                    .collect()
            })
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn starts_title_tail(x: &str) -> bool {
    if x.starts_with("关于") {
        return true;
    }
    let cs = chars_of(x, 0, x.len().min(24));
    year_at(&cs, 0).is_some()
}

fn nonempty_before(ctx: &Ctx, i: usize, max_blank: usize) -> Option<usize> {
    let mut j = i;
    let mut blanks = 0;
    while j > 0 {
        j -= 1;
        let (s, e) = ctx.trimmed(j);
        if s < e {
            return Some(j);
        }
        blanks += 1;
        if blanks > max_blank {
            return None;
        }
    }
    None
}

fn nonempty_after(ctx: &Ctx, i: usize, max_blank: usize, limit: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut blanks = 0;
    while j < limit.min(ctx.lines.len()) {
        let (s, e) = ctx.trimmed(j);
        if s < e {
            return Some(j);
        }
        blanks += 1;
        if blanks > max_blank {
            return None;
        }
        j += 1;
    }
    None
}

/// Title from lines of the head window (line layout).
fn title_from_lines(ctx: &Ctx, head: usize) -> Option<TitleInfo> {
    for i in 0..head {
        let (s, e) = ctx.trimmed(i);
        if s >= e || e - s > FRAME_CHARS * 4 {
            continue;
        }
        let line_end = e;
        let (s, e) = title_core(ctx.t, s, e);
        let x = &ctx.t[s..e];
        if e < line_end
            && dated_item(ctx.t[e..line_end].chars())
            && related_list(&ctx.t[ctx.lines[i.saturating_sub(6)].0..s])
        {
            continue;
        }
        let mut parts = vec![(s, e)];
        let mut last = i;
        if !is_title_line(x) {
            // A title over two lines: `…关于2022年法治政府建设` / `情况的报告`.
            let ok_first = x.chars().count() <= 60
                && !x.contains('。')
                && !frame_junk(x)
                && (x.contains("法治") || x.contains("依法行政"))
                && (x.starts_with("关于") || x.contains("年"));
            let Some(j) = ok_first.then(|| nonempty_after(ctx, i, 1, head)).flatten() else {
                continue;
            };
            let (s2, e2) = ctx.trimmed(j);
            let y = &ctx.t[s2..e2];
            if y.chars().count() > 24 || !y.ends_with("报告") || y.contains('。') {
                continue;
            }
            let joined = format!("{x}{y}");
            if !is_title_line(&joined) {
                continue;
            }
            parts.push((s2, e2));
            last = j;
        }
        // Issuer lines stacked above a `关于…` line.
        let mut issuers = Vec::new();
        let mut first = i;
        if starts_title_tail(x) {
            let mut k = i;
            while let Some(j) = nonempty_before(ctx, k, 2) {
                let (a, b) = ctx.trimmed(j);
                match issuer_line_names(ctx, a, b) {
                    Some(ns) if issuers.len() + ns.len() <= 4 => {
                        let mut ns = ns;
                        ns.append(&mut issuers);
                        issuers = ns;
                        first = j;
                        k = j;
                    }
                    _ => break,
                }
            }
        }
        let mut text = String::new();
        let mut norm = String::new();
        let mut lines = Vec::new();
        for n in &issuers {
            if !text.is_empty() {
                text.push(' ');
                norm.push(' ');
            }
            text.push_str(&n.orig);
            norm.push_str(&n.norm);
            if lines.last() != Some(&n.line) {
                lines.push(n.line);
            }
        }
        for &(a, b) in &parts {
            text.push_str(&ctx.orig(a, b));
            norm.push_str(&ctx.t[a..b]);
            let l = ctx.line_no(a);
            if lines.last() != Some(&l) {
                lines.push(l);
            }
        }
        if issuers.is_empty() {
            issuers = title_prefix_issuers(ctx, s, e);
        }
        return Some(TitleInfo {
            text,
            norm,
            lines,
            issuers,
            end: parts.last().map_or(e, |p| p.1),
            end_line: Some(last),
            start: if first < i { ctx.trimmed(first).0 } else { s },
        });
    }
    None
}

/// Is `cs[i]` a paragraph break that a flattened report kept as spaces (its `<p>` tags were
/// lost): a whitespace run of two or more, or one space that was not an ASCII space in the
/// original (U+3000, NBSP, U+2002 all fold to ' ')?
fn is_para_space(ctx: &Ctx, cs: &[(usize, char)], i: usize) -> bool {
    let ws = |k: usize| cs.get(k).is_some_and(|x| x.1.is_whitespace());
    if !ws(i) {
        return false;
    }
    if i.checked_sub(1).is_some_and(ws) || ws(i + 1) {
        return true;
    }
    let o = ctx.text.norm.orig_start(cs[i].0);
    ctx.text
        .original
        .as_bytes()
        .get(o)
        .is_some_and(|&b| b >= 0x80)
}

fn is_delim(ctx: &Ctx, cs: &[(usize, char)], i: usize) -> bool {
    let c = cs[i].1;
    if c == '\n' || DELIMS.contains(c) {
        return true;
    }
    if c.is_whitespace() {
        let prev = i.checked_sub(1).map(|k| cs[k].1);
        let next = cs.get(i + 1).map(|x| x.1);
        return prev.is_some_and(is_cjk) && next.is_some_and(is_cjk) || is_para_space(ctx, cs, i);
    }
    false
}

/// Issuer names stacked before a title that starts at `cs[k]` (`关于…` or the year), each
/// segment ended by a paragraph space or a space between ideographs: `湖南省株洲市人民政府　关于…`.
/// Returns the first char of the names and their char ranges, in order.
fn stacked_issuers(ctx: &Ctx, cs: &[(usize, char)], k: usize) -> (usize, Vec<(usize, usize)>) {
    let mut names: Vec<(usize, usize)> = Vec::new();
    let mut first = k;
    loop {
        // The separator before `first`: whitespace that delimits.
        let mut e = first;
        while e > 0 && cs[e - 1].1.is_whitespace() {
            e -= 1;
        }
        if e == first || e == 0 || !(e..first).any(|i| is_delim(ctx, cs, i)) {
            break;
        }
        let mut a = e;
        while a > 0 && e - a <= 60 && !is_delim(ctx, cs, a - 1) {
            a -= 1;
        }
        if e - a > 60 || a > 0 && !cs[a - 1].1.is_whitespace() && cs[a - 1].1 != '\n' {
            break;
        }
        match split_names(cs, a, e) {
            Some(mut v) if names.len() + v.len() <= 4 => {
                v.append(&mut names);
                names = v;
                first = a;
            }
            _ => break,
        }
    }
    (first, names)
}

/// Title as the `…法治政府建设…报告` phrase near the start of a long (flattened) line.
fn title_from_phrase(ctx: &Ctx, s: usize, e: usize) -> Option<TitleInfo> {
    let e = floor_boundary(ctx.t, e.min(s + 3000));
    let cs = chars_of(ctx.t, s, e);
    // (an info table of a dozen cells may stand before it)
    let lim = cs.len().min(1000);
    // the first `…法治…报告` phrase: a breadcrumb (`政务公开 > 法治政府建设 分享到…`) may name
    // the topic before the title does, or end with a column named like a title (`… >
    // 法治政府建设年度报告`), taken only when no other phrase follows
    let segment_start = |p: usize| {
        let mut k = p;
        while k > 0 && p - k < 70 && !is_delim(ctx, &cs, k - 1) {
            k -= 1;
        }
        k
    };
    // a breadcrumb's item that is the phrase itself, not one run into a title after it
    // (`其他法定信息关于…报告`)
    let in_crumb = |p: usize| {
        let k = segment_start(p);
        let before = cs[..k].iter().rev().find(|x| !x.1.is_whitespace());
        cs[k..p].iter().all(|x| x.1.is_whitespace())
            && before.is_some_and(|x| matches!(x.1, '>' | '»' | '›'))
    };
    // a phrase of the body, not a title: the report's opening (`现将…报告如下`), a system or a
    // document it cites (`年度报告制度`, `《关于做好…报告工作的通知》`), a clause of a sentence
    let body_phrase = |i: usize, q: usize| {
        let k = segment_start(i);
        let head: String = cs[k..i].iter().map(|x| x.1).collect();
        let next: String = cs[q..(q + 3).min(cs.len())].iter().map(|x| x.1).collect();
        // before `关于`, a title names organs and places, not what they did
        let organs = head.split("关于").next().unwrap_or("");
        let phrase: String = cs[i..q].iter().map(|x| x.1).collect();
        ["现将", "现就", "现把", "现对", "特将", "并将", "将", "把"]
            .iter()
            .any(|w| head.trim_start().starts_with(w))
            // what was put into a report (`将法治政府建设纳入政府工作报告`)
            || ["纳入", "列入", "写入"].iter().any(|w| phrase.contains(w))
            || [
                "听取", "审议", "公开", "落实", "研究", "部署", "推进", "开展", "建立", "实行",
                "撰写", "编制", "发布", "提交", "报送", "做好", "完成", "专题",
            ]
            .iter()
            .any(|w| organs.contains(w))
            || [
                "如下",
                "制度",
                "工作",
                "会议",
                "》",
                "”",
                "的通知",
                "的决定",
                "和",
                "等",
                "及",
                "与",
                "、",
            ]
            .iter()
            .any(|w| next.starts_with(w))
            || k > 0 && matches!(cs[k - 1].1, '《' | '“')
            || dated_item(cs[q..(q + 14).min(cs.len())].iter().map(|x| x.1))
                && related_list({
                    let at = cs.get(k).map_or(e, |x| x.0);
                    &ctx.t[floor_boundary(ctx.t, at.saturating_sub(240))..at]
                })
    };
    let mut phrases = (0..lim).filter_map(|i| {
        ["法治政府建设", "法治政府", "法治建设", "依法行政"]
            .iter()
            .find(|pat| starts_at(&cs, i, pat))?;
        let to = (i + 40).min(cs.len());
        // `…报告`, or `…总结` standing alone (a space or nothing after it)
        let ends_alone = |k: usize| cs.get(k).is_none_or(|x| x.1.is_whitespace());
        let q = find_from(&cs, i, to, "报告")
            .or_else(|| find_from(&cs, i, to, "总结").filter(|&k| ends_alone(k + 2)))?;
        // a heading's text (`一、2023年法治政府建设工作总结`) is none
        let k = segment_start(i);
        let heading = k >= 2
            && (cs[k - 1].1 == '、' && "一二三四五六七八九十".contains(cs[k - 2].1)
                || matches!(cs[k - 1].1, ')' | '）'));
        (!heading
            && !cs[i..q]
                .iter()
                .any(|x| "。，,；;>»|【】：:?？!！".contains(x.1))
            && !body_phrase(i, q + 2))
        .then_some((i, q + 2))
    });
    let first = phrases.next()?;
    // a column's generic name (`… > 法治政府建设年度报告`) is no report's title
    let specific = |(i, q): (usize, usize)| {
        cs[segment_start(i)..i].iter().any(|x| !x.1.is_whitespace())
            || (i..q).any(|j| year_at(&cs, j).is_some())
    };
    let (p, q) = if in_crumb(first.0) {
        phrases
            .find(|&(i, _)| i >= first.1 && !in_crumb(i))
            .or_else(|| specific(first).then_some(first))?
    } else {
        first
    };
    let mut k = segment_start(p);
    // a page's date and time stamp before the title (`发布时间：2022-03-01 16:35 重庆市…`)
    loop {
        while k < p && cs[k].1.is_whitespace() {
            k += 1;
        }
        let j = (k..p)
            .find(|&i| !matches!(cs[i].1, '0'..='9' | '-' | '/' | '.' | ':'))
            .unwrap_or(p);
        // a stamp glued to the title (`2026-01-08泉州市…`) is one too
        let dated = j - k >= 8 && cs[k..j].iter().filter(|x| !x.1.is_ascii_digit()).count() >= 2;
        if j == k || !cs[j].1.is_whitespace() && !dated {
            break;
        }
        k = j;
    }
    // a site's column name glued to the title when the page lost its lines (`网站公告石家庄市…`)
    while let Some(l) = COLUMN_NAMES
        .iter()
        .find(|l| starts_at(&cs, k, l) && k + l.chars().count() < p)
    {
        k += l.chars().count();
    }
    let stop = (k..p)
        .find(|&i| starts_at(&cs, i, "关于"))
        .or_else(|| (k..p).find(|&i| year_at(&cs, i).is_some()));
    let mut names = Vec::new();
    let mut start = k;
    let mut stacked = false;
    if let Some(pe) = stop {
        if let Some(z) = find_from(&cs, k + 1, pe, "中共") {
            k = z;
        }
        start = k;
        match split_names(&cs, k, pe) {
            Some(v) => names = v,
            // a place that is not an organ (`城关镇2022年…`) stays in the title as printed; the
            // last item of a breadcrumb run into the title (`其他法定信息关于…`) does not
            None if pe - k <= 12 && opens_with_place(&cs[k..pe]) => {}
            None => k = pe,
        }
        if names.is_empty() && k == pe {
            // Names on segments of their own before the title.
            (start, names) = stacked_issuers(ctx, &cs, k);
            stacked = !names.is_empty();
            if !stacked {
                start = k;
            }
        }
    }
    let mut text = String::new();
    let mut norm = String::new();
    // Names within the title's own segment are kept as printed (one space put between names
    // that touch); names on segments of their own get one space between them, and the last is
    // joined directly to the title.
    let mut at = start;
    for (n, &(a, b)) in names.iter().enumerate() {
        let from = if stacked { a } else { at };
        if n > 0 && (stacked || a == at) {
            text.push(' ');
            norm.push(' ');
        }
        text.push_str(&ctx.orig(cs[from].0, end_byte(&cs, b)));
        norm.push_str(&ctx.t[cs[from].0..end_byte(&cs, b)]);
        at = b;
    }
    if names.is_empty() || stacked {
        at = k;
    }
    let end = end_byte(&cs, q);
    text.push_str(&ctx.orig(cs[at].0, end));
    norm.push_str(&ctx.t[cs[at].0..end]);
    let issuers = names
        .iter()
        .map(|&(a, b)| ctx.name(cs[a].0, end_byte(&cs, b)))
        .collect();
    Some(TitleInfo {
        text,
        norm,
        lines: vec![ctx.line_no(cs[start].0)],
        issuers,
        end,
        end_line: None,
        start: cs[start].0,
    })
}

/// Whether `cs` is ideographs opening with a place (`重庆市渝北区大盛镇`; an organ's name
/// garbled after it, `静海区人民政府关人`, still opens with one).
fn opens_with_place(cs: &[(usize, char)]) -> bool {
    let v: Vec<char> = cs.iter().map(|x| x.1).collect();
    v.iter().all(|&c| is_cjk(c)) && parse_units(&v).1 > 0
}

/// The place a title opens with (`重庆市渝北区大盛镇` of `重庆市渝北区大盛镇2021年法治政府建设年度报告`),
/// as a name for the region when no organ is named.
fn title_place(ti: &TitleInfo) -> Option<Name> {
    let x = ti.norm.trim_start();
    let mut lead = if x.starts_with("关于") { 2 } else { 0 };
    let mut x = x.strip_prefix("关于").unwrap_or(x);
    // the place after the year (`2025年度杨行镇法治政府建设情况报告`)
    let digits = x.len() - x.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 4 {
        if let Some(r) = x[4..].strip_prefix('年') {
            let r = r.strip_prefix('度').unwrap_or(r);
            lead += x[..x.len() - r.len()].chars().count();
            x = r;
        }
    }
    let end = ["关于", "法治", "依法行政", "年度", "二〇"]
        .iter()
        .filter_map(|p| x.find(p))
        .chain(x.find(|c: char| c.is_ascii_digit()))
        .min()?;
    let place = x[..end].trim();
    if place.chars().count() > 30 || !place.chars().all(is_cjk) {
        return None;
    }
    // its places only: an organ's name garbled in the title (`巴州区人民政府关人…`) is not a
    // department
    let cs: Vec<char> = place.chars().collect();
    let n = parse_units(&cs).1;
    if n == 0 {
        return None;
    }
    let place: String = cs[..n].iter().collect();
    Some(Name {
        norm: place,
        orig: ti.text.trim_start().chars().skip(lead).take(n).collect(),
        line: ti.lines.first().copied().unwrap_or(1),
    })
}

/// The title printed again within the next lines (a web page's title, then the report's own
/// head): normalized byte span of the repeat of its `关于…报告` tail.
fn title_repeat(ctx: &Ctx, ti: &TitleInfo) -> Option<(usize, usize)> {
    // its last 6–12 characters after any space (`… 2021 年法治政府建设年度报告`)
    let tail = ti.norm.rsplit(char::is_whitespace).next()?;
    let tail = &tail[tail.char_indices().rev().nth(11).map_or(0, |x| x.0)..];
    if tail.chars().count() < 6 {
        return None;
    }
    let e = floor_boundary(ctx.t, (ti.end + 600).min(ctx.t.len()));
    let k = ti.end + ctx.t[ti.end..e].find(tail)?;
    Some((k, k + tail.len()))
}

/// The first year of an opening that is not a cited document's (`《…（2021—2025年）》`) or part
/// of a range (`2023—2027年`).
fn opening_year(cs: &[(usize, char)]) -> Option<i32> {
    let range = |c: char| matches!(c, '—' | '-' | '–' | '~' | '至' | '到');
    let mut depth = 0i32;
    for i in 0..cs.len() {
        match cs[i].1 {
            '《' | '(' | '（' => depth += 1,
            '》' | ')' | '）' => depth = (depth - 1).max(0),
            _ if depth == 0 && (i == 0 || !range(cs[i - 1].1)) => {
                if let Some((y, e)) = year_at(cs, i) {
                    if !cs.get(e).is_some_and(|x| range(x.1)) {
                        return Some(y);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

fn first_year(x: &str) -> Option<i32> {
    let cs = chars_of(x, 0, x.len());
    (0..cs.len()).find_map(|i| year_at(&cs, i).map(|y| y.0))
}

/// Addressee: a short salutation line ending in a colon, right after the title.
fn addressee_at(ctx: &Ctx, s: usize, e: usize) -> Option<(usize, usize)> {
    let x = &ctx.t[s..e];
    let body = x.strip_suffix(':')?.trim_end();
    let n = body.chars().count();
    let orgish = ["委", "政府", "人大", "局", "办", "部", "厅", "院", "党"]
        .iter()
        .any(|w| body.contains(w));
    let labelled = [
        "日期", "时间", "来源", "签发", "发布", "作者", "浏览", "索引", "文号",
    ]
    .iter()
    .any(|w| body.contains(w));
    let clean = !body
        .chars()
        .any(|c| "。，,；;：:！？!?>".contains(c) || c.is_ascii_digit());
    ((2..=40).contains(&n) && orgish && !labelled && clean).then_some((s, s + body.len()))
}

fn find_addressee(ctx: &Ctx, title: Option<&TitleInfo>, head: usize) -> Option<Name> {
    match title {
        Some(TitleInfo {
            end_line: None,
            end,
            ..
        }) => {
            // Flattened: the text after the title up to a colon.
            let e = floor_boundary(ctx.t, end + 120);
            let cs = chars_of(ctx.t, *end, e);
            let c = (0..cs.len().min(30)).find(|&i| cs[i].1 == ':')?;
            let (a, b) = trim_span(ctx.t, *end, cs[c].0 + 1);
            let (a, b) = addressee_at(ctx, a, b)?;
            Some(ctx.name(a, b))
        }
        Some(TitleInfo {
            end_line: Some(l), ..
        }) => {
            let mut k = *l;
            for _ in 0..4 {
                let j = nonempty_after(ctx, k, 3, head.max(l + 1))?;
                let (s, e) = ctx.trimmed(j);
                if let Some((a, b)) = addressee_at(ctx, s, e) {
                    return Some(ctx.name(a, b));
                }
                if ctx.t[s..e].contains('。') || ctx.t[s..e].chars().count() > 60 {
                    return None;
                }
                k = j;
            }
            None
        }
        None => (0..head.min(15)).find_map(|i| {
            let (s, e) = ctx.trimmed(i);
            // a line of its own, or the start of a flattened page's text up to a colon
            let flat = e - s > 600;
            let colon = ctx.t[s..floor_boundary(ctx.t, (s + 90).min(e))]
                .find([':', '：'])
                .map(|k| s + k + ctx.t[s + k..].chars().next().map_or(1, char::len_utf8));
            let (a, b) = addressee_at(ctx, s, e)
                .or_else(|| colon.filter(|_| flat).and_then(|c| addressee_at(ctx, s, c)))?;
            Some(ctx.name(a, b))
        }),
    }
}

/// Document number `沙市委文〔2023〕3号` in the head before the title.
fn find_doc_number(ctx: &Ctx, s: usize, e: usize) -> Option<Name> {
    let cs = chars_of(ctx.t, s, e);
    for i in 0..cs.len() {
        if !matches!(cs[i].1, '〔' | '[' | '(' | '【' | '［') {
            continue;
        }
        let Some((_, k)) = digits_at(&cs, skip_spaces(&cs, i + 1), 4, 4) else {
            continue;
        };
        let k = skip_spaces(&cs, k);
        if !cs
            .get(k)
            .is_some_and(|x| matches!(x.1, '〕' | ']' | ')' | '】' | '］'))
        {
            continue;
        }
        // Spaced-out digits (`〕 39 号`) are read too; the spaces are dropped.
        let Some((_, k)) = digits_at(&cs, skip_spaces(&cs, k + 1), 1, 5) else {
            continue;
        };
        let k = skip_spaces(&cs, k);
        if cs.get(k).is_none_or(|x| x.1 != '号') {
            continue;
        }
        let mut a = i;
        while a > 0 && i - a < 12 && is_cjk(cs[a - 1].1) {
            a -= 1;
        }
        if a == i {
            continue;
        }
        let mut n = ctx.name(cs[a].0, end_byte(&cs, k + 1));
        n.orig.retain(|c| !c.is_whitespace());
        return Some(n);
    }
    None
}

fn find_signer(ctx: &Ctx, s: usize, e: usize, title_start: Option<usize>) -> Option<String> {
    let x = &ctx.t[s..e];
    let p = x.find("签发人")?;
    let mut a = s + p + "签发人".len();
    let rest = &ctx.t[a..e];
    let rest_trim = rest.trim_start();
    a += rest.len() - rest_trim.len();
    if !ctx.t[a..].starts_with([':', '：']) {
        return None;
    }
    a += 1;
    let mut b = ctx.t[a..e].find('\n').map_or(e, |q| a + q);
    if ctx.t[a..b].trim().is_empty() && b < e {
        // `签发人:` at the end of its line, the name on the next.
        a = b + 1;
        b = ctx.t[a..e].find('\n').map_or(e, |q| a + q);
        if ctx.t[a..b].chars().filter(|c| !c.is_whitespace()).count() > 6 {
            return None;
        }
    }
    if let Some(ts) = title_start {
        if ts > a && ts < b {
            b = ts;
        }
    }
    let b = floor_boundary(ctx.t, b.min(a + 40));
    let name = signer_name(&ctx.orig(a, b));
    (!name.is_empty() && name.chars().all(is_cjk)).then_some(name)
}

/// The signer's name from the text after `签发人：`. Spaces that align single characters
/// (`谭 华`, `王　小　明`) are removed; otherwise the name ends at the first space, which in a
/// flattened report is where the next paragraph starts (`赵磊　中共海南…`).
fn signer_name(x: &str) -> String {
    let mut tokens = x.split_whitespace();
    let Some(first) = tokens.next() else {
        return String::new();
    };
    let mut name: String = first.chars().take(6).collect();
    if first.chars().count() == 1 {
        for tok in tokens {
            if tok.chars().count() != 1 || name.chars().count() >= 4 {
                break;
            }
            name.push_str(tok);
        }
    }
    name
}

/// Published stamp in the head window.
fn find_published(ctx: &Ctx, s: usize, e: usize) -> Option<(String, u32)> {
    let cs = chars_of(ctx.t, s, e);
    let mut line_start = 0;
    for i in 0..cs.len() {
        if cs[i].1 == '\n' {
            line_start = i + 1;
            continue;
        }
        if !cs[i].1.is_ascii_digit() {
            continue;
        }
        let label: String = cs[i.saturating_sub(8).max(line_start)..i]
            .iter()
            .map(|x| x.1)
            .collect();
        let labelled = ["发布", "日期", "时间", "更新"]
            .iter()
            .any(|w| label.contains(w));
        if let Some((iso, _)) = dash_date_at(&cs, i) {
            let lead = cs[line_start..i].iter().all(|x| x.1.is_whitespace());
            let line_end = (i..cs.len()).find(|&k| cs[k].1 == '\n').unwrap_or(cs.len());
            let short = line_end - line_start <= 60;
            if labelled || (lead && short) || i - line_start < 500 {
                return Some((iso, ctx.line_no(cs[i].0)));
            }
        } else if labelled && label.contains("发布") {
            if let Some((iso, _)) = date_at(&cs, i) {
                return Some((iso, ctx.line_no(cs[i].0)));
            }
        }
    }
    None
}

/// The issue date and the signature block above it.
fn find_signature(
    ctx: &Ctx,
    tail_first: usize,
    tail_bytes_from: usize,
) -> (Option<(String, u32)>, Vec<Name>) {
    let n = ctx.lines.len();
    let mut seen = 0;
    let mut i = n;
    while i > tail_first {
        i -= 1;
        let (s, e) = ctx.trimmed(i);
        if s >= e {
            continue;
        }
        seen += 1;
        if seen > 15 {
            break;
        }
        // More than 60 characters? (Counting stops there: a flattened report is one long line.)
        let (fs, fe) = (floor_boundary(ctx.t, s), floor_boundary(ctx.t, e));
        if fs < fe && ctx.t[fs..fe].chars().nth(60).is_some() {
            // A long line: a flattened report (date near its end), or body text with no
            // signature after it.
            let from = ceil_boundary(
                ctx.t,
                s.max(e.saturating_sub(1500)).max(tail_bytes_from.min(e)),
            );
            let cs = chars_of(ctx.t, from, e);
            let lim = cs.len().saturating_sub(400);
            let found = (lim..cs.len())
                .rev()
                .find_map(|k| date_at(&cs, k).map(|d| (k, d)));
            let Some((k, (iso, end))) = found else {
                if cs.iter().any(|x| x.1 == '。') {
                    break;
                }
                continue;
            };
            // a site's footer on the same line (`【打印本页】 主办单位：…`) is not the report's
            let foot = (end..cs.len())
                .find(|&j| SITE_FOOTER.iter().any(|f| starts_at(&cs, j, f)))
                .unwrap_or(cs.len());
            let after: Vec<char> = cs[end..foot]
                .iter()
                .map(|x| x.1)
                .filter(|c| !c.is_whitespace())
                .collect();
            if after.len() > 30 || after.iter().any(|c| "。；;，,".contains(*c)) {
                break;
            }
            let line = ctx.line_no(cs[k].0);
            let names = flat_issuers(ctx, &cs, k);
            return (Some((iso, line)), names);
        }
        let cs = chars_of(ctx.t, s, e);
        let Some((k, iso, end)) = (0..cs.len())
            .find_map(|k| date_at(&cs, k).map(|(d, end)| (k, d, end)))
            .or_else(|| {
                // a date in figures on a line of its own (`2023.1.5`, `2023-01-05`), as Word and
                // web copies print it
                dotted_date_line(&cs).map(|(d, end)| (0, d, end))
            })
        else {
            if cs.iter().any(|x| x.1 == '。') {
                break;
            }
            continue;
        };
        let tail: String = cs[end..]
            .iter()
            .map(|x| x.1)
            .filter(|c| !c.is_whitespace())
            .collect();
        if tail.chars().count() > 6 {
            continue;
        }
        let mut names = Vec::new();
        let (a, b) = trim_span(ctx.t, s, cs[k].0);
        if a < b {
            match issuer_line_names(ctx, a, b) {
                Some(v) => names = v,
                None => continue, // a labelled date (发布日期：…), not the signature date
            }
        }
        let line = ctx.line_no(cs[k].0);
        // Issuer lines above the date, blank lines allowed.
        let mut j = i;
        while let Some(p) = nonempty_before(ctx, j, 3) {
            let (a, b) = ctx.trimmed(p);
            match issuer_line_names(ctx, a, b) {
                Some(mut v) if names.len() + v.len() <= 4 => {
                    v.append(&mut names);
                    names = v;
                    j = p;
                }
                _ => break,
            }
        }
        return (Some((iso, line)), names);
    }
    (None, Vec::new())
}

/// Issuers just before the date at `k` in flattened text: the run after the last sentence end.
fn flat_issuers(ctx: &Ctx, cs: &[(usize, char)], k: usize) -> Vec<Name> {
    let mut a = k;
    while a > 0
        && k - a < 80
        && !matches!(
            cs[a - 1].1,
            '。' | '！' | '？' | '；' | ';' | '!' | '?' | '\n'
        )
    {
        a -= 1;
    }
    if a == 0 && k >= 80 {
        return Vec::new();
    }
    let mut a2 = a;
    if let Some(p) = find_from(cs, a, k, "特此报告") {
        a2 = p + 4;
    }
    while a2 < k && !is_cjk(cs[a2].1) {
        a2 += 1;
    }
    let mut e = k;
    while e > a2 && cs[e - 1].1.is_whitespace() {
        e -= 1;
    }
    split_names(cs, a2, e)
        .map(|v| {
            v.into_iter()
                .map(|(s, t)| ctx.name(cs[s].0, end_byte(cs, t)))
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Unit {
    Province,
    City,
    County,
    Township,
    Street,
}

const UNIT_SUFFIXES: &[(&str, Unit)] = &[
    ("特别行政区", Unit::Province),
    ("自治区", Unit::Province),
    ("省", Unit::Province),
    ("自治州", Unit::City),
    ("地区", Unit::City),
    ("盟", Unit::City),
    ("市", Unit::City),
    ("自治县", Unit::County),
    ("自治旗", Unit::County),
    ("县", Unit::County),
    ("区", Unit::County),
    ("旗", Unit::County),
    ("街道", Unit::Street),
    ("镇", Unit::Township),
    ("乡", Unit::Township),
    ("苏木", Unit::Township),
];

const MUNICIPALITIES: &[&str] = &["北京市", "上海市", "天津市", "重庆市"];

/// The unit whose suffix ends `cs[s..j]`, if the name part is at least one char.
fn unit_ending(cs: &[char], s: usize, j: usize) -> Option<Unit> {
    UNIT_SUFFIXES.iter().find_map(|&(suf, u)| {
        let n = suf.chars().count();
        (j > s + n && cs[j - n..j].iter().copied().eq(suf.chars())).then_some(u)
    })
}

fn has_unit_prefix(cs: &[char], s: usize) -> bool {
    (s + 2..=cs.len().min(s + 12)).any(|j| unit_ending(cs, s, j).is_some())
}

/// Split a place-name run into administrative units: `(start, end, unit)` char ranges, and the
/// char index where units stop.
fn parse_units(cs: &[char]) -> (Vec<(usize, usize, Unit)>, usize) {
    let mut out = Vec::new();
    let mut s = 0;
    'outer: while s < cs.len() {
        for j in s + 2..=cs.len().min(s + 12) {
            // an organ is not a place (`公安局增城区分局`)
            if matches!(cs[j - 1], '局' | '厅' | '署' | '委' | '办') {
                break;
            }
            // nor is a word that opens with a unit's character (`上海市市场监督管理局`)
            if unit_char_word(cs, j - 1) {
                continue;
            }
            if let Some(u) = unit_ending(cs, s, j) {
                if j == cs.len()
                    || has_unit_prefix(cs, j)
                    || cs.len() - j >= 2 && (!is_unit_char(cs[j]) || unit_char_word(cs, j))
                {
                    out.push((s, j, u));
                    s = j;
                    continue 'outer;
                }
            }
        }
        break;
    }
    (out, s)
}

/// Whether `cs[k]`, a unit's character, opens a word instead (`市场`, `区域`, `乡村`).
fn unit_char_word(cs: &[char], k: usize) -> bool {
    cs.get(k + 1)
        .is_some_and(|&n| matches!((cs[k], n), ('市', '场') | ('区', '域') | ('乡', '村')))
}

fn is_unit_char(c: char) -> bool {
    matches!(c, '镇' | '乡' | '区' | '县' | '市' | '道' | '省')
}

/// The analysis of one issuer name.
struct Organ {
    party: bool,
    government: bool,
    department: bool,
    /// Units as (orig string, unit).
    units: Vec<(String, Unit)>,
}

fn analyse(name: &Name) -> Organ {
    let norm: Vec<char> = name.norm.chars().collect();
    let orig: Vec<char> = name.orig.chars().collect();
    let mut s = 0;
    let mut party = false;
    for p in ["中国共产党", "中共"] {
        if name.norm.starts_with(p) {
            s = p.chars().count();
            party = true;
            break;
        }
    }
    // a bureau under vertical management names its central office first
    // (`国家税务总局重庆市税务局`): the places come after it
    if name.norm.starts_with("国家") {
        if let Some(k) = name.norm.find("总局") {
            s = name.norm[..k].chars().count() + 2;
        }
    }
    let mut e = norm.len();
    let body: String = norm[s..].iter().collect();
    let mut government = false;
    let mut suffix_found = false;
    for (suf, is_party, is_gov) in [
        ("工作委员会", true, false),
        ("党工委", true, false),
        ("委员会", true, false),
        ("人民政府", false, true),
        // a prefecture's government (`喀什地区行政公署`)
        ("行政公署", false, true),
        ("行署", false, true),
        ("办事处", false, true),
        ("党委", true, false),
        ("政府", false, true),
        ("工委", true, false),
        ("委", true, false),
    ] {
        if let Some(stem) = body.strip_suffix(suf) {
            let stem_cs: Vec<char> = stem.chars().collect();
            if unit_ending(&stem_cs, 0, stem_cs.len()).is_some() {
                e = norm.len() - suf.chars().count();
                party |= is_party;
                government = is_gov;
                suffix_found = true;
                break;
            }
        }
    }
    if party && !suffix_found {
        // 中共X县委 handled above; any other Party organ name is a Party organ all the same.
        e = norm.len();
    }
    let region_part = &norm[s..e];
    let (units, stop) = parse_units(region_part);
    let department = !suffix_found && !party && stop < region_part.len();
    let units = units
        .into_iter()
        .map(|(a, b, u)| {
            let o: String = orig.get(s + a..s + b).map_or_else(
                || norm[s + a..s + b].iter().collect(),
                |x| x.iter().collect(),
            );
            (o, u)
        })
        .collect();
    Organ {
        party: party && !government,
        government: government || (!party && !department),
        department,
        units,
    }
}

/// Region and level from the issuers.
fn region_level(names: &[Name]) -> (Region, Option<&'static str>, bool) {
    let mut region = Region::default();
    let organs: Vec<Organ> = names.iter().map(analyse).collect();
    // County-level cities: a 市 with a 镇/乡/街道 right under it (no 区/县 between) is a county
    // (`寿光市侯镇`, `辽宁省开原市新城街道`), wherever an issuer says so.
    let county_cities: Vec<String> = organs
        .iter()
        .flat_map(|o| {
            o.units.windows(2).filter_map(|w| {
                let folded = crate::normalize::fold_str(&w[0].0);
                (w[0].1 == Unit::City
                    && matches!(w[1].1, Unit::Township | Unit::Street)
                    && !MUNICIPALITIES.contains(&folded.as_str()))
                .then_some(folded)
            })
        })
        .collect();
    let mut level = None;
    for o in &organs {
        let mut muni = false;
        let mut had_city = false;
        let mut lv = None;
        for (name, u) in &o.units {
            let folded = crate::normalize::fold_str(name);
            let slot = match u {
                Unit::Province => {
                    lv = Some("province");
                    &mut region.province
                }
                Unit::City if MUNICIPALITIES.contains(&folded.as_str()) => {
                    muni = true;
                    lv = Some("province");
                    &mut region.province
                }
                Unit::City if muni || had_city || county_cities.contains(&folded) => {
                    lv = Some("county");
                    &mut region.county
                }
                Unit::City => {
                    had_city = true;
                    lv = Some("city");
                    &mut region.city
                }
                Unit::County => {
                    lv = Some("county");
                    &mut region.county
                }
                Unit::Township => {
                    lv = Some("township");
                    &mut region.township
                }
                Unit::Street => {
                    lv = Some("street");
                    &mut region.township
                }
            };
            if slot.is_none() {
                *slot = Some(name.clone());
            }
        }
        if o.department {
            lv = Some("department");
        }
        // The government's level wins over a Party committee's.
        if lv.is_some() && (level.is_none() || o.government) {
            level = lv;
        }
    }
    let joint =
        organs.iter().any(|o| o.party) && organs.iter().any(|o| o.government && !o.department);
    (region, level, joint)
}

/// Does the report name a city government as its superior, in the addressee (`市委、市政府`,
/// `潍坊市人民政府`) or the opening (`在市委、市政府的坚强领导下`)? A prefecture-level city
/// reports to the province, so a 市 that does is a county-level city.
fn led_by_city(opening: &str, addressee: Option<&str>) -> bool {
    let gov = |x: &str| x.contains("市政府") || x.contains("市人民政府");
    addressee.is_some_and(|a| gov(&crate::normalize::fold_str(a)))
        || [
            "市委、市政府的",
            "市委市政府的",
            "市委、市人民政府的",
            "市政府的坚强领导",
        ]
        .iter()
        .any(|p| opening.contains(p))
}

/// Level from first-person references (`我镇`, `我街道`) when no issuer names one.
fn level_from_mentions(t: &str) -> Option<&'static str> {
    const PATS: &[(&str, &str)] = &[
        ("我街道", "street"),
        ("本街道", "street"),
        ("我镇", "township"),
        ("本镇", "township"),
        ("我乡", "township"),
        ("本乡", "township"),
        ("我区", "county"),
        ("我县", "county"),
        ("本县", "county"),
        ("我市", "city"),
        ("我省", "province"),
        ("我局", "department"),
        ("本局", "department"),
        ("我委", "department"),
    ];
    PATS.iter()
        .filter_map(|&(p, l)| t.find(p).map(|i| (i, l)))
        .min_by_key(|x| x.0)
        .map(|x| x.1)
}

/// Read the metadata of a document.
pub fn extract_meta(text: &Text, seg: &Segmented) -> Meta {
    let ctx = Ctx::new(text);
    let t = ctx.t;
    let mut meta = Meta::default();
    if t.trim().is_empty() {
        return meta;
    }
    let first_heading = seg.headings.first().map_or(t.len(), |h| h.norm_start);
    let head_limit = floor_boundary(t, first_heading.min(HEAD_BYTES).max(t.len().min(1024)));
    let head = ctx
        .lines
        .iter()
        .take(HEAD_LINES)
        .take_while(|l| l.0 < head_limit)
        .count()
        .max(1);
    let head_end = floor_boundary(
        t,
        ctx.lines[head - 1]
            .1
            .min(head_limit.max(ctx.lines[0].0 + 1)),
    );

    // Title.
    let mut title = title_from_lines(&ctx, head);
    if title.is_none() {
        // Flattened text: the title phrase at the start of the first long line.
        title = (0..head)
            .filter(|&i| {
                let (s, e) = ctx.trimmed(i);
                s < e
            })
            .take(5)
            .find_map(|i| {
                let (s, e) = ctx.trimmed(i);
                title_from_phrase(&ctx, s, e)
            });
    }
    if let Some(ti) = &title {
        meta.title = Some(ti.text.clone());
        meta.title_lines = ti.lines.clone();
        meta.report_year = first_year(&ti.norm);
    }

    // Doc number and signer: in the head, before the title when there is one.
    let pre_end = title
        .as_ref()
        .map_or(head_end, |ti| ti.start.min(head_end))
        .max(ctx.lines[0].0);
    let pre_end = if pre_end == 0 {
        floor_boundary(t, head_end.min(600))
    } else {
        pre_end
    };
    // A web page prints its title, then the report's own head: the title again, with the
    // issuers, document number and addressee around it.
    let repeat = title.as_ref().and_then(|ti| title_repeat(&ctx, ti));
    // a number cited in the body is not the report's: with a title, only before or right after it
    // (or before its repeat)
    let before_title = title.as_ref().map_or(pre_end, |ti| ti.start);
    let doc_number = find_doc_number(&ctx, 0, before_title)
        .or_else(|| {
            let (ti, (rs, _)) = (title.as_ref()?, repeat?);
            find_doc_number(&ctx, ti.end, rs)
        })
        .or_else(|| {
            // web copies and letters print it right under the title instead
            let ti = title.as_ref()?;
            let e = repeat.map_or(ti.end, |r| r.1);
            let s = e + (t[e..].len() - t[e..].trim_start().len());
            let n = find_doc_number(&ctx, s, floor_boundary(t, (s + 80).min(t.len())))?;
            t[s..].starts_with(&n.norm).then_some(n)
        });
    if let Some(n) = doc_number {
        meta.doc_number = Some(n.orig);
        meta.doc_number_line = Some(n.line);
    }
    meta.signer = find_signer(
        &ctx,
        0,
        pre_end.max(floor_boundary(t, head_end.min(600))),
        title.as_ref().map(|x| x.start),
    );

    // Published stamp: the head window, not past the first 1500 bytes of the body.
    let pub_end = floor_boundary(
        t,
        head_end
            .min(title.as_ref().map_or(0, |x| x.end) + 1500)
            .max(pre_end),
    );
    if let Some((iso, line)) = find_published(&ctx, 0, pub_end) {
        meta.published = Some(iso);
        meta.published_line = Some(line);
    }

    // Addressee.
    let own_title = title.as_ref().map(|ti| {
        let (end, end_line) = match repeat {
            Some((_, e)) => (
                e,
                ti.end_line.map(|_| ctx.lines.partition_point(|l| l.1 < e)),
            ),
            None => (ti.end, ti.end_line),
        };
        TitleInfo {
            end,
            end_line,
            ..TitleInfo::default()
        }
    });
    if let Some(n) = find_addressee(&ctx, own_title.as_ref(), head) {
        meta.addressee = Some(n.orig);
        meta.addressee_line = Some(n.line);
    }

    // Date and signature.
    let tail_first = ctx.lines.len().saturating_sub(TAIL_LINES);
    let tail_from = t.len().saturating_sub(TAIL_BYTES);
    let (date, mut names) = find_signature(&ctx, tail_first, tail_from);
    if let Some((iso, line)) = date {
        if meta.published_line == Some(line)
            && meta
                .published
                .as_deref()
                .is_some_and(|p| p.starts_with(&iso))
        {
            // a short page: the head window reached the signature's date
            meta.published = None;
            meta.published_line = None;
        }
        meta.issue_date = Some(iso);
        meta.date_line = Some(line);
    }
    let title_issuers = title
        .as_ref()
        .map(|x| x.issuers.clone())
        .unwrap_or_default();
    if names.is_empty() && !title_issuers.is_empty() {
        names = title_issuers.clone();
    }
    meta.issuers = names.iter().map(|n| n.orig.clone()).collect();
    meta.issuer_lines = names.iter().map(|n| n.line).collect();
    meta.issuer_lines.dedup();

    let mut all = names.clone();
    all.extend(title_issuers);
    if all.is_empty() {
        // no signature and no organ in the title (a cut-off page): the place the title names
        all.extend(title.as_ref().and_then(title_place));
    }
    let (mut region, mut level, _) = region_level(&all);
    let (_, _, joint) = region_level(&names);
    let mentions = &t[..floor_boundary(t, head_end.max(t.len().min(4000)))];
    level = level.or_else(|| level_from_mentions(mentions));
    if level == Some("city") && region.county.is_none() {
        // A 市 that reports to a 市政府 is a county-level city.
        let open_end = floor_boundary(t, title.as_ref().map_or(0, |x| x.end) + 1500);
        if led_by_city(&t[..open_end], meta.addressee.as_deref()) {
            level = Some("county");
            region.county = region.city.take();
        }
    }
    meta.region = region;
    meta.joint_party_government = joint;
    meta.admin_level = level.map(str::to_string);

    // Report year: title, else the sentence that hands the report over (`现将2024年法治政府建设
    // 情况报告如下`), else the opening's first year that does not end a range (`2023—2027年`),
    // else the issue year.
    if meta.report_year.is_none() {
        let from = title.as_ref().map_or(0, |x| x.end);
        let cs = chars_of(t, from, floor_boundary(t, (from + 3000).min(t.len())));
        meta.report_year = (0..cs.len())
            .filter(|&i| starts_at(&cs, i, "现将") || starts_at(&cs, i, "现就"))
            .find_map(|i| {
                let e = (i..(i + 40).min(cs.len()))
                    .find(|&k| matches!(cs[k].1, '。' | '，' | ':' | '：'))?;
                find_from(&cs, i, e, "报告")?;
                (i..e).find_map(|k| year_at(&cs, k).map(|y| y.0))
            });
    }
    if meta.report_year.is_none() {
        let from = title.as_ref().map_or(0, |x| x.end);
        let to = floor_boundary(t, (from + 600).min(t.len()));
        let cs = chars_of(t, from, to);
        meta.report_year = opening_year(&cs);
    }
    if meta.report_year.is_none() {
        meta.report_year = meta.issue_date.as_ref().and_then(|d| {
            let y: i32 = d.get(..4)?.parse().ok()?;
            let m: u32 = d.get(5..7)?.parse().ok()?;
            Some(if m <= 6 { y - 1 } else { y })
        });
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(s: &str) -> Meta {
        extract_meta(&Text::new(s.to_string()), &Segmented::default())
    }

    const BODY: &str =
        "一、主要举措和成效\n2022年，我镇坚持依法行政。\n二、存在的不足\n工作有差距。\n";

    #[test]
    fn fields_by_layout() {
        // (input, title, year, issue date, level, addressee, issuers)
        type Case<'a> = (
            String,
            &'a str,
            i32,
            Option<&'a str>,
            &'a str,
            Option<&'a str>,
            Vec<&'a str>,
        );
        let cases: Vec<Case> = vec![
            (
                format!("中共沙市镇委员会\n沙市镇人民政府\n关于2022年法治政府建设情况的报告\n\n县委、县政府：\n{BODY}\n中共沙市镇委员会\n沙市镇人民政府\n2023年1月31日\n"),
                "中共沙市镇委员会 沙市镇人民政府关于2022年法治政府建设情况的报告",
                2022,
                Some("2023-01-31"),
                "township",
                Some("县委、县政府"),
                vec!["中共沙市镇委员会", "沙市镇人民政府"],
            ),
            (
                // Flattened onto one line.
                format!("中共云阳县青龙街道工作委员会云阳县青龙街道办事处关于2022年法治政府建设情况的报告县委、县政府：{}特此报告。中共云阳县青龙街道工作委员会云阳县青龙街道办事处2023年1月31日", BODY.replace('\n', "")),
                "中共云阳县青龙街道工作委员会 云阳县青龙街道办事处关于2022年法治政府建设情况的报告",
                2022,
                Some("2023-01-31"),
                "street",
                Some("县委、县政府"),
                vec!["中共云阳县青龙街道工作委员会", "云阳县青龙街道办事处"],
            ),
            (
                // Traditional mirror: strings stay as printed.
                format!("關於2021年法治政府建設情況的報告\n\n{BODY}\n巴中市巴州區光輝鎮人民政府\n二〇二一年十二月二十五日\n"),
                "關於2021年法治政府建設情況的報告",
                2021,
                Some("2021-12-25"),
                "township",
                None,
                vec!["巴中市巴州區光輝鎮人民政府"],
            ),
            (
                // Web page with breadcrumb, stamp, source line and a truncated end.
                format!("首页 > 政务公开 > 法治政府建设年度报告\n某某市司法局2021年法治政府建设年度报告 - 某某市人民政府\n发布时间：2022-03-01 10:20:30  来源：某某市司法局\n{BODY}"),
                "某某市司法局2021年法治政府建设年度报告",
                2021,
                None,
                "department",
                None,
                vec!["某某市司法局"],
            ),
            (
                format!("阆中市人民政府关于二〇二二年度法治政府建设情况的报告\n四川省人民政府：\n{BODY}阆中市人民政府\n2023年2月1日\n"),
                "阆中市人民政府关于二〇二二年度法治政府建设情况的报告",
                2022,
                Some("2023-02-01"),
                "city",
                Some("四川省人民政府"),
                vec!["阆中市人民政府"],
            ),
            (
                format!("某某镇2022年度法治政府建设工作总结\n\n{BODY}某某镇人民政府\n2022年12月20日\n"),
                "某某镇2022年度法治政府建设工作总结",
                2022,
                Some("2022-12-20"),
                "township",
                None,
                vec!["某某镇人民政府"],
            ),
        ];
        for (src, title, year, date, level, addressee, issuers) in cases {
            let m = meta(&src);
            assert_eq!(m.title.as_deref(), Some(title), "{src}");
            assert_eq!(m.report_year, Some(year), "{src}");
            assert_eq!(m.issue_date.as_deref(), date, "{src}");
            assert_eq!(m.admin_level.as_deref(), Some(level), "{src}");
            assert_eq!(m.addressee.as_deref(), addressee, "{src}");
            assert_eq!(m.issuers, issuers, "{src}");
        }
    }

    #[test]
    fn flattened_paragraph_spaces() {
        let body = "一、主要举措和成效　2022年，我镇坚持依法行政，各项工作有序推进，取得明显成效。"
            .repeat(30);
        // (separator between paragraphs, title, signer)
        let cases: &[(&str, &str, &str)] = &[
            (
                "\u{3000}",
                "中共株洲市某某镇委员会 株洲市某某镇人民政府关于2016年法治政府建设情况的报告",
                "赵磊",
            ),
            (
                "\u{a0}",
                "中共株洲市某某镇委员会 株洲市某某镇人民政府关于2016年法治政府建设情况的报告",
                "赵磊",
            ),
            (
                "  ",
                "中共株洲市某某镇委员会 株洲市某某镇人民政府关于2016年法治政府建设情况的报告",
                "赵磊",
            ),
            (
                " ",
                "中共株洲市某某镇委员会 株洲市某某镇人民政府关于2016年法治政府建设情况的报告",
                "赵磊",
            ),
            (
                "",
                "中共株洲市某某镇委员会 株洲市某某镇人民政府关于2016年法治政府建设情况的报告",
                "赵磊",
            ),
        ];
        for &(sep, title, signer) in cases {
            let doc = [
                "株委文〔2017〕3号",
                "签发人：赵磊",
                "中共株洲市某某镇委员会",
                "株洲市某某镇人民政府",
                "关于2016年法治政府建设情况的报告",
                "县委、县政府：",
                &body,
                "特此报告。",
                "中共株洲市某某镇委员会",
                "株洲市某某镇人民政府",
                "2017年1月20日",
            ]
            .join(sep);
            let m = meta(&doc);
            assert_eq!(m.title.as_deref(), Some(title), "{sep:?}");
            assert_eq!(m.signer.as_deref(), Some(signer), "{sep:?}");
            assert_eq!(m.report_year, Some(2016), "{sep:?}");
            assert_eq!(m.issue_date.as_deref(), Some("2017-01-20"), "{sep:?}");
            assert_eq!(
                m.doc_number.as_deref(),
                Some("株委文〔2017〕3号"),
                "{sep:?}"
            );
            assert_eq!(m.admin_level.as_deref(), Some("township"), "{sep:?}");
        }
        // A single issuer on a paragraph of its own; a breadcrumb before it is not an issuer.
        let m = meta(&format!(
            "首页>政务公开　湖南省株洲市人民政府　关于2016年法治政府建设情况的报告　{body}"
        ));
        assert_eq!(
            m.title.as_deref(),
            Some("湖南省株洲市人民政府关于2016年法治政府建设情况的报告")
        );
        // A space inside the title line itself is kept.
        let m = meta(&format!("某某镇人民政府 2021 年法治政府建设年度报告{body}"));
        assert_eq!(
            m.title.as_deref(),
            Some("某某镇人民政府 2021 年法治政府建设年度报告")
        );
    }

    #[test]
    fn signer_names() {
        for (x, want) in [
            ("谭 华", "谭华"),
            ("王　小　明　中共某某镇委员会", "王小明"),
            ("赵磊　中共海南省某某县委员会", "赵磊"),
            ("赵磊  关于2016年", "赵磊"),
            ("欧阳明辉", "欧阳明辉"),
            ("", ""),
        ] {
            assert_eq!(signer_name(x), want, "{x}");
        }
    }

    #[test]
    fn web_stamps_and_doc_number() {
        let m = meta(&format!(
            "沙市委文〔2023〕3号        签发人：谭 华\n关于2022年法治政府建设情况的报告\n{BODY}"
        ));
        assert_eq!(m.doc_number.as_deref(), Some("沙市委文〔2023〕3号"));
        assert_eq!(m.doc_number_line, Some(1));
        for (line, want) in [
            (
                "鸦鹊岭委文〔2020〕39 号    签发人：李 明",
                Some("鸦鹊岭委文〔2020〕39号"),
            ),
            ("鸦鹊岭委文〔 2020 〕 39 号", Some("鸦鹊岭委文〔2020〕39号")),
            ("沙市委文[2023]3号", Some("沙市委文[2023]3号")),
            ("沙市委文〔2023〕号", None),
        ] {
            let m = meta(&format!("{line}\n关于2022年法治政府建设情况的报告\n{BODY}"));
            assert_eq!(m.doc_number.as_deref(), want, "{line}");
        }
        // right under the title (web copies, letters), on its own line or flattened; a number
        // cited in the body is not the report's
        for (text, want) in [
            ("洛南县人民政府关于2023年度法治政府建设情况的报告\n洛政发〔2024〕12号\n", Some(2)),
            ("洛南县人民政府关于2023年度法治政府建设情况的报告 洛政发〔2024〕12号 商洛市人民政府：", Some(1)),
            ("洛南县人民政府关于2023年度法治政府建设情况的报告\n根据《意见》（洛政发〔2024〕12号）", None),
        ] {
            let m = meta(&format!("{text}\n{BODY}"));
            assert_eq!(m.doc_number_line, want, "{text}");
            if want.is_some() {
                assert_eq!(m.doc_number.as_deref(), Some("洛政发〔2024〕12号"), "{text}");
            }
        }
        assert_eq!(m.signer.as_deref(), Some("谭华"));
        for (head, want) in [
            ("签发人:\n赵 磊\n", Some("赵磊")),
            ("签发人：  \n\n赵磊\n", None),
            ("签发人:\n关于2022年法治政府建设情况的报告\n", None),
        ] {
            let m = meta(&format!("{head}关于2022年法治政府建设情况的报告\n{BODY}"));
            assert_eq!(m.signer.as_deref(), want, "{head}");
        }
        let m = meta(&format!(
            "关于2021年法治政府建设情况的报告\n\n2022-01-05 09:32\n{BODY}"
        ));
        assert_eq!(
            (m.published.as_deref(), m.published_line),
            (Some("2022-01-05T09:32"), Some(3))
        );
        let m = meta(&format!(
            "关于2020年度法治政府建设情况的报告\n日期:2021-01-13\n{BODY}"
        ));
        assert_eq!(m.published.as_deref(), Some("2021-01-13"));
    }

    #[test]
    fn regions() {
        // (issuer, province, city, county, township, level)
        let cases = [
            (
                "重庆市渝北区大盛镇人民政府",
                Some("重庆市"),
                None,
                Some("渝北区"),
                Some("大盛镇"),
                "township",
            ),
            (
                "中共巴中市巴州区光辉镇委员会",
                None,
                Some("巴中市"),
                Some("巴州区"),
                Some("光辉镇"),
                "township",
            ),
            (
                "云阳县青龙街道办事处",
                None,
                None,
                Some("云阳县"),
                Some("青龙街道"),
                "street",
            ),
            (
                "喀什地区行政公署",
                None,
                Some("喀什地区"),
                None,
                None,
                "city",
            ),
            (
                "沙市镇人民政府",
                None,
                None,
                None,
                Some("沙市镇"),
                "township",
            ),
            (
                "四川省人民政府",
                Some("四川省"),
                None,
                None,
                None,
                "province",
            ),
            (
                "重庆市北碚区司法局",
                Some("重庆市"),
                None,
                Some("北碚区"),
                None,
                "department",
            ),
            (
                "广西壮族自治区南宁市人民政府",
                Some("广西壮族自治区"),
                Some("南宁市"),
                None,
                None,
                "city",
            ),
            // County-level cities: a 镇/乡/街道 right under the 市.
            (
                "寿光市侯镇人民政府",
                None,
                None,
                Some("寿光市"),
                Some("侯镇"),
                "township",
            ),
            (
                "开原市新城街道办事处",
                None,
                None,
                Some("开原市"),
                Some("新城街道"),
                "street",
            ),
            (
                "辽宁省开原市中固镇人民政府",
                Some("辽宁省"),
                None,
                Some("开原市"),
                Some("中固镇"),
                "township",
            ),
            (
                "山东省潍坊市寿光市稻田镇人民政府",
                Some("山东省"),
                Some("潍坊市"),
                Some("寿光市"),
                Some("稻田镇"),
                "township",
            ),
            (
                "中共潍坊市寿光市稻田镇委员会",
                None,
                Some("潍坊市"),
                Some("寿光市"),
                Some("稻田镇"),
                "township",
            ),
            (
                "重庆市大盛镇人民政府",
                Some("重庆市"),
                None,
                None,
                Some("大盛镇"),
                "township",
            ),
            // No gazetteer: a bare 市 stays a city.
            (
                "青铜峡市人民政府",
                None,
                Some("青铜峡市"),
                None,
                None,
                "city",
            ),
        ];
        for (name, p, c, k, tw, lv) in cases {
            let n = Name {
                norm: name.to_string(),
                orig: name.to_string(),
                line: 1,
            };
            let (r, level, _) = region_level(&[n]);
            let want = Region {
                province: p.map(str::to_string),
                city: c.map(str::to_string),
                county: k.map(str::to_string),
                township: tw.map(str::to_string),
            };
            assert_eq!(r, want, "{name}");
            assert_eq!(level, Some(lv), "{name}");
        }
    }

    #[test]
    fn county_level_cities_by_their_superior() {
        // (document, admin level, city, county)
        let cases = [
            (
                format!("青铜峡市人民政府关于2015年法治政府建设情况的报告\n2015年，我市在市委、市政府的坚强领导下，工作稳步推进。\n{BODY}青铜峡市人民政府\n2016年1月9日\n"),
                "county",
                None,
                Some("青铜峡市"),
            ),
            (
                format!("寿光市人民政府2016年法治政府建设年度报告\n潍坊市人民政府：\n{BODY}寿光市人民政府\n2016年12月3日\n"),
                "county",
                None,
                Some("寿光市"),
            ),
            (
                format!("南宁市人民政府关于2015年法治政府建设情况的报告\n自治区人民政府：\n2015年，我市在自治区党委、自治区人民政府的坚强领导下，工作稳步推进。\n{BODY}南宁市人民政府\n2016年1月9日\n"),
                "city",
                Some("南宁市"),
                None,
            ),
            (
                // A city department reports to its own city: still a department.
                format!("某某市司法局关于2015年法治政府建设情况的报告\n市委、市政府：\n{BODY}某某市司法局\n2016年1月9日\n"),
                "department",
                Some("某某市"),
                None,
            ),
        ];
        for (doc, level, city, county) in cases {
            let m = meta(&doc);
            assert_eq!(m.admin_level.as_deref(), Some(level), "{doc}");
            assert_eq!(m.region.city.as_deref(), city, "{doc}");
            assert_eq!(m.region.county.as_deref(), county, "{doc}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            "\n\n",
            "报告",
            "法治政府建设报告",
            "2023年13月40日",
            "〔2023〕号",
            "签发人：",
            "：",
            "关于",
            "中共委员会",
        ] {
            let _ = meta(s);
        }
        let long = "法".repeat(50_000);
        let _ = meta(&long);
    }
}

#[cfg(test)]
mod more_tests {
    use super::*;

    fn meta(s: &str) -> Meta {
        extract_meta(&Text::new(s.to_string()), &Segmented::default())
    }

    #[test]
    fn web_page_frames() {
        // (input, title, addressee, issue date, published)
        let body = "一、主要举措和成效\n2022年，我县坚持依法行政。\n";
        let cases = [
            (
                format!("某某县人民政府门户网站\n首页 > 政务公开 > 法治政府建设年度报告\n某某县2022年法治政府建设情况\n来源：某某县司法局  发布时间：2023年03月01日\n市委、市政府：\n{body}某某县人民政府\n2023年2月20日\n主办单位：某某县人民政府办公室 地址：某某县某某路1号 电话：023-12345678 网站标识码：5000000000 渝ICP备12345678号\n"),
                "某某县2022年法治政府建设情况",
                Some("市委、市政府"),
                Some("2023-02-20"),
                Some("2023-03-01"),
            ),
            (
                format!("法治政府建设年度报告（2022年）\n\n{body}"),
                "法治政府建设年度报告（2022年）",
                None,
                None,
                None,
            ),
        ];
        for (src, title, addressee, date, published) in cases {
            let m = extract_meta(&Text::new(src.clone()), &Segmented::default());
            assert_eq!(m.title.as_deref(), Some(title), "{src}");
            assert_eq!(m.addressee.as_deref(), addressee, "{src}");
            assert_eq!(m.issue_date.as_deref(), date, "{src}");
            assert_eq!(m.published.as_deref(), published, "{src}");
            assert_eq!(m.report_year, Some(2022), "{src}");
        }
    }

    #[test]
    fn the_reports_own_head_after_a_web_title() {
        // the site's label title first, then the report's own head: number, issuers, title,
        // addressee; in lines and flattened
        let src = "首页 > 政务公开 > 法定主动公开内容\n发布日期：2023-01-28\n\
                   标题：沙市镇人民政府关于2022年法治政府建设情况的报告\n文号：\n\
                   沙市委文〔2023〕3号  签发人：谭华\n中共沙市镇委员会\n沙市镇人民政府\n\
                   关于2022年法治政府建设情况的报告\n县委、县政府：\n\
                   2022年，我镇坚持依法行政。现将有关情况报告如下：\n\
                   一、主要举措和成效\n（一）加强领导。召开会议3次。\n";
        for text in [src.to_string(), src.replace('\n', " ")] {
            let m = extract_meta(&Text::new(text.clone()), &Segmented::default());
            assert_eq!(
                m.doc_number.as_deref(),
                Some("沙市委文〔2023〕3号"),
                "{text}"
            );
            assert_eq!(m.addressee.as_deref(), Some("县委、县政府"), "{text}");
            assert_eq!(m.report_year, Some(2022), "{text}");
        }
    }

    #[test]
    fn the_title_names_the_place_when_no_organ_signs() {
        // a page cut off before its signature
        for (text, want, level) in [
            (
                "重庆市渝北区大盛镇2021年法治政府建设年度报告\n一、主要举措\n全年办理案件3件。",
                ("重庆市", "渝北区", "大盛镇"),
                "township",
            ),
            (
                "關於重慶市渝北區2021年法治政府建設情況的報告\n一、主要举措\n全年办理案件3件。",
                ("重慶市", "渝北區", ""),
                "county",
            ),
        ] {
            let m = extract_meta(&Text::new(text.to_string()), &Segmented::default());
            assert!(m.issuers.is_empty(), "{text}");
            let r = &m.region;
            let got = (
                r.province.as_deref().unwrap_or(""),
                r.county.as_deref().unwrap_or(""),
                r.township.as_deref().unwrap_or(""),
            );
            assert_eq!(got, want, "{text}");
            assert_eq!(m.admin_level.as_deref(), Some(level), "{text}");
        }
    }

    #[test]
    fn signature_dates_in_figures() {
        let body = "XX县人民政府关于2022年法治政府建设情况的报告\n一、主要举措和成效\n\
                    全年办理行政复议案件3件。\n二、存在的不足\n有差距。\nXX县人民政府\n";
        for (date, want) in [
            ("2023.1.5", Some("2023-01-05")),
            ("2023-01-05", Some("2023-01-05")),
            ("2023/01/05", Some("2023-01-05")),
            ("2023.1.5.6", None),
            ("发布时间：2023-01-05", None),
        ] {
            let m = extract_meta(&Text::new(format!("{body}{date}\n")), &Segmented::default());
            assert_eq!(m.issue_date.as_deref(), want, "{date}");
            if want.is_some() {
                assert_eq!(
                    (m.date_line, m.published.as_deref()),
                    (Some(7), None),
                    "{date}"
                );
            }
        }
    }

    #[test]
    fn flattened_web_page() {
        // one line: breadcrumb naming the topic, share bar, title, stamp, body, signature, date,
        // then the site's footer; in Traditional script, as mirrors print it
        let src = "當前位置：首頁 > 政務公開 > 法治政府建設 分享到： 微信 微博 【字體：大 中 小】 \
                   城關鎮2022年法治政府建設工作情況報告 發佈日期：2023-01-10 來源：城關鎮人民政府 \
                   2022年，城關鎮深入推進依法行政。現將有關情況報告如下： 一、主要工作 \
                   （一）加強組織領導。召開專題會議3次。 二、存在的問題 一是形式單一。 \
                   城關鎮人民政府 2023年1月5日 【打印本頁】【關閉窗口】 \
                   主辦單位：城關鎮人民政府 ICP備案號：豫ICP備12345678號";
        let m = extract_meta(&Text::new(src.to_string()), &Segmented::default());
        assert_eq!(
            m.title.as_deref(),
            Some("城關鎮2022年法治政府建設工作情況報告")
        );
        assert_eq!(m.issue_date.as_deref(), Some("2023-01-05"));
        assert_eq!(m.published.as_deref(), Some("2023-01-10"));
        let issuers: Vec<&str> = m.issuers.iter().map(String::as_str).collect();
        assert_eq!(issuers, ["城關鎮人民政府"]);
        assert_eq!(m.region.township.as_deref(), Some("城關鎮"));
    }

    #[test]
    fn breadcrumb_run_into_the_title() {
        // the breadcrumb's last item joined to the title with nothing between them
        let src = "政务公开 > 巴州区光辉镇 > 其他法定信息关于2021年法治政府建设情况的报告2022-01-05 09:32 \
                   2021年，我镇深入推进依法行政。一、主要工作 （一）加强组织领导。召开专题会议3次。";
        let m = extract_meta(&Text::new(src.to_string()), &Segmented::default());
        assert_eq!(m.title.as_deref(), Some("关于2021年法治政府建设情况的报告"));
        // a column named like a title ends the breadcrumb; the report's own title follows
        let src = "您当前的位置：首页 > 政务公开 > 法治政府建设年度报告 发布时间：2022-03-01 \
                   重庆市北碚区人民政府关于2020年度法治政府建设情况的报告 2020年，北碚区深入推进依法行政。\
                   一、主要工作 （一）加强组织领导。召开专题会议3次。";
        let m = extract_meta(&Text::new(src.to_string()), &Segmented::default());
        assert_eq!(
            m.title.as_deref(),
            Some("重庆市北碚区人民政府关于2020年度法治政府建设情况的报告")
        );
        // where it is the only title-like phrase there is, it is still the column's name, no
        // report's title; one naming a place or a year is taken
        for (src, title) in [
            ("首页 > 政务公开 > 法治政府建设年度报告 2021年，我镇深入推进依法行政。", None),
            (
                "首页 > 政务公开 > 城关镇2021年法治政府建设年度报告 2021年，我镇深入推进依法行政。",
                Some("城关镇2021年法治政府建设年度报告"),
            ),
            // nor is an item of the page's list of related articles, dated
            (
                "2021年，我镇深入推进依法行政。 相关文章 关于2020年法治政府建设情况的报告 2021-03-01",
                None,
            ),
        ] {
            let m = extract_meta(&Text::new(src.to_string()), &Segmented::default());
            assert_eq!(m.title.as_deref(), title, "{src}");
        }
        let m = extract_meta(
            &Text::new(
                "2021年，我镇依法行政。\n相关文章\n关于2020年法治政府建设情况的报告 2021-03-01\n"
                    .to_string(),
            ),
            &Segmented::default(),
        );
        assert_eq!(m.title, None);
    }

    #[test]
    fn bureau_under_vertical_management() {
        let src = "国家税务总局重庆市税务局\n关于2022年法治税务建设情况的报告\n\n一、主要成效\n\
                   （一）加强领导。召开会议8次。\n\n国家税务总局重庆市税务局\n2023年2月1日\n";
        let text = Text::new(src.to_string());
        let m = extract_meta(&text, &crate::segment::segment(&text));
        assert_eq!(m.admin_level.as_deref(), Some("department"));
        assert_eq!(m.region.province.as_deref(), Some("重庆市"));
        assert_eq!(m.region.city, None);
    }

    #[test]
    fn opening_that_hands_the_report_over_is_not_a_title() {
        // a page that starts with the body: no title, but the year the sentence names
        for src in [
            "根据《法治政府建设实施纲要（2021—2025年）》要求，现将2023年度法治政府建设情况报告如下：\n一、主要举措\n工作。\n",
            "2023年，我镇认真推进法治政府建设。现将我镇2023年法治政府建设情况报告如下。\n一、主要举措\n工作。\n",
            "区政府认真履行法治政府建设主体责任，定期向区委、区人大常委会报告。2023年全年工作。\n一、主要举措\n",
            "根据《关于做好2024年度法治政府建设情况报告工作的通知》，我乡2023年工作如下。\n一、主要举措\n",
            "严格落实法治政府建设年度报告制度，2023年全面完成。\n一、主要举措\n",
            "党工委专题听取年度法治政府建设报告和考核情况，2023年全面完成。\n一、主要举措\n",
            "2023年，将法治政府建设纳入省政府工作报告，全面完成。\n一、主要举措\n",
            "法治政府建设情况如何?某省政府发布报告\n2023年，全面完成。\n一、主要举措\n",
        ] {
            let m = meta(src);
            assert_eq!(m.title, None, "{src}");
            assert_eq!(m.report_year, Some(2023), "{src}");
            assert_eq!(m.region, Region::default(), "{src}");
        }
    }

    #[test]
    fn title_in_an_info_table() {
        for (src, title) in [
            (
                "- 索 引 号:370481/2026-00251\n- 主题分类:通知公告\n- 发布机构:鲍沟镇\n\
                 - 标 题:鲍沟镇2025年度法治政府建设情况报告\n- 效力状态:有效\n2025年，鲍沟镇坚持依法行政。\n",
                "鲍沟镇2025年度法治政府建设情况报告",
            ),
            (
                "| 索引号:000014349/2026-02861 | |\n| 发文机关:黎侯镇人民政府 | 主题词: |\n\
                 | 标题:中共黎侯镇委员会 黎侯镇人民政府关于2025年度法治政府建设情况的报告 | |\n\
                 | 主题分类: | 发布日期:2025-12-22 |\n2025年，黎侯镇坚持依法行政。\n",
                "中共黎侯镇委员会 黎侯镇人民政府关于2025年度法治政府建设情况的报告",
            ),
            (
                "[ 索引号 ] 11500230008689762A/2026-00004 [ 发文字号 ]\n\
                 [ 主题分类 ] 公安、安全、司法、法制 [ 体裁分类 ] 工作报告\n\
                 [ 发布机构 ] 丰都县栗子乡人民政府\n\
                 丰都县栗子乡人民政府2025年法治政府建设情况报告\n2025年，栗子乡坚持依法行政。\n",
                "丰都县栗子乡人民政府2025年法治政府建设情况报告",
            ),
            (
                "【法治建设报告】湖北省司法厅2021年度推进法治政府建设情况报告\n来源：省司法厅\n2021年，全厅坚持依法行政。\n",
                "湖北省司法厅2021年度推进法治政府建设情况报告",
            ),
        ] {
            let m = meta(src);
            assert_eq!(m.title.as_deref(), Some(title), "{src}");
            assert!(m.region.township.is_some() || m.region.province.is_some(), "{src}");
        }
    }

    #[test]
    fn place_after_the_year_and_an_organ_is_not_a_place() {
        let m = meta("2025年度杨行镇法治政府建设情况报告\n2025年，杨行镇坚持依法行政。\n");
        assert_eq!(m.region.township.as_deref(), Some("杨行镇"));
        assert_eq!(m.admin_level.as_deref(), Some("township"));
        let m = meta(
            "广州市公安局增城区分局关于2024年度法治政府建设情况的报告\n2024年，分局坚持依法行政。\n",
        );
        assert_eq!(m.region.city.as_deref(), Some("广州市"));
        assert_eq!(m.region.county, None);
        assert_eq!(m.admin_level.as_deref(), Some("department"));
        // a word that opens with a unit's character is no unit (`市场`, `乡村`)
        for (src, province, county) in [
            (
                "上海市市场监督管理局关于2021年度法治政府建设情况的报告\n正文。\n",
                "上海市",
                None,
            ),
            (
                "重庆市江北区乡村振兴局关于2022年法治政府建设情况的报告\n正文。\n",
                "重庆市",
                Some("江北区"),
            ),
        ] {
            let m = meta(src);
            assert_eq!(m.region.province.as_deref(), Some(province), "{src}");
            assert_eq!(m.region.city, None, "{src}");
            assert_eq!(m.region.county.as_deref(), county, "{src}");
        }
    }

    #[test]
    fn flattened_page_heads() {
        let body = "2025年，我镇坚持依法行政，各项工作有序推进，群众满意度持续提升。".repeat(12);
        // a summary titled `…工作总结`, after an info table of a dozen cells
        let table = "| [ 索引号 ] | 11500230008689551T/2026-00012 | [ 发文字号 ] | 无 | ".repeat(6);
        let m = meta(&format!("{table}某某镇2025年度法治政府建设工作总结 {body}"));
        assert_eq!(
            m.title.as_deref(),
            Some("某某镇2025年度法治政府建设工作总结")
        );
        // a heading's text is no title
        let m = meta(&format!("{body}一、2025年法治政府建设工作总结 {body}"));
        assert_eq!(m.title, None);
        // a column's name or a date stamp glued to the title when the page lost its lines
        for (src, title) in [
            (
                format!("法制查询首页→网站公告石家庄市人民政府关于2016年度法治政府建设情况的报告发布时间:2017年02月28日{body}"),
                "石家庄市人民政府关于2016年度法治政府建设情况的报告",
            ),
            (
                format!("发布机构:区人民政府办公室•公文生成日期:2026-01-08泉州市丰泽区人民政府关于2025年度法治政府建设工作情况的报告{body}"),
                "泉州市丰泽区人民政府关于2025年度法治政府建设工作情况的报告",
            ),
        ] {
            assert_eq!(meta(&src).title.as_deref(), Some(title), "{src}");
        }
        // the addressee opening a flattened page that lost its title
        let m = meta(&format!("省委、省政府：{body}"));
        assert_eq!(m.addressee.as_deref(), Some("省委、省政府"));
    }
}
