//! Figures: numbers (Arabic or Chinese) with a unit and the qualifiers that touch them.
//!
//! Works on the normalized text (full-width digits and punctuation already folded). Nothing here
//! allocates: a [`Figure`] holds byte spans and `&'static str` units.

/// A number with its unit, found in the normalized text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// Quantity span (qualifiers that touch the number included).
    pub qs: usize,
    pub qe: usize,
    /// Numeral span.
    pub ns: usize,
    pub ne: usize,
    /// Unit span (start) in the text.
    pub us: usize,
    pub value: f64,
    /// Normalized unit.
    pub unit: &'static str,
    /// Approximation or bound touching the quantity.
    pub qualifier: Option<&'static str>,
    /// Written in Chinese numerals.
    pub chinese: bool,
    /// Negated count (`无一起`): value 0.
    pub negated: bool,
    /// Upper end of a printed range (`3至5个工作日`): `value` is its lower end.
    pub max: Option<f64>,
}

/// Units, longest first where one is a prefix of another. `(printed, normalized)`.
const UNITS: &[(&str, &str)] = &[
    ("个工作日", "个工作日"),
    ("个百分点", "个百分点"),
    ("百分点", "百分点"),
    ("工作日", "工作日"),
    ("个小时", "小时"),
    ("件(次)", "件次"),
    ("人(次)", "人次"),
    ("户(次)", "户次"),
    ("家(次)", "家次"),
    ("人次", "人次"),
    ("件次", "件次"),
    ("家次", "家次"),
    ("户次", "户次"),
    ("场次", "场次"),
    ("批次", "批次"),
    ("车次", "车次"),
    ("架次", "架次"),
    ("课时", "课时"),
    ("学时", "学时"),
    ("小时", "小时"),
    ("平方米", "平方米"),
    ("公里", "公里"),
    ("%", "%"),
    ("‰", "‰"),
    ("个", "个"),
    ("项", "项"),
    ("件", "件"),
    ("起", "起"),
    ("人", "人"),
    ("名", "名"),
    ("次", "次"),
    ("场", "场"),
    ("份", "份"),
    ("册", "册"),
    ("本", "本"),
    ("条", "条"),
    ("张", "张"),
    ("种", "种"),
    ("支", "支"),
    ("处", "处"),
    ("家", "家"),
    ("卷", "卷"),
    ("篇", "篇"),
    ("期", "期"),
    ("批", "批"),
    ("户", "户"),
    ("所", "所"),
    ("座", "座"),
    ("套", "套"),
    ("部", "部"),
    ("台", "台"),
    ("辆", "辆"),
    ("位", "位"),
    ("例", "例"),
    ("宗", "宗"),
    ("封", "封"),
    ("轮", "轮"),
    ("天", "天"),
    ("元", "元"),
    ("亩", "亩"),
    ("吨", "吨"),
    // a score (`考核得分95.6分`); times (`10时30分`) are left out by the figure rules
    ("分", "分"),
];

/// Unit followed by these characters is a word, not a unit (`5部门` is fine as `部`? no: `部门`).
const NOT_UNIT_AFTER: &[(&str, &str)] = &[
    ("部", "门"),
    ("个", "月"),
    ("个", "年"),
    ("个", "星期"),
    ("个", "季度"),
    ("个", "五年"),
    ("所", "有"),
    ("所", "在"),
    ("处", "理"),
    ("处", "置"),
    ("处", "罚"),
    ("本", "级"),
    ("本", "地"),
    ("家", "庭"),
    ("支", "持"),
    ("支", "付"),
    ("条", "例"),
    ("条", "件"),
    ("期", "间"),
    ("期", "限"),
    ("人", "民"),
    ("人", "大"),
    ("名", "单"),
    ("名", "称"),
    ("元", "旦"),
    ("起", "草"),
    ("起", "诉"),
    ("场", "所"),
    ("种", "类"),
    ("台", "账"),
    ("位", "于"),
    ("天", "然"),
    ("次", "日"),
    ("件", "事"),
    ("分", "钟"),
    ("分", "之"),
    ("分", "享"),
    ("分", "类"),
    ("分", "别"),
    ("分", "局"),
    ("分", "批"),
    ("分", "期"),
    ("分", "管"),
    ("分", "工"),
    ("分", "组"),
    ("分", "解"),
    ("分", "析"),
    ("分", "布"),
    ("分", "散"),
    ("分", "流"),
    ("分", "配"),
    ("分", "院"),
    ("分", "队"),
    ("分", "会"),
    ("分", "行"),
    ("分", "支"),
    ("分", "级"),
    ("分", "段"),
    ("分", "步"),
    ("分", "区"),
    ("分", "秒"),
    ("分", "中心"),
];

/// Qualifiers that may touch the number from the left, longest first.
const PRE_QUAL: &[&str] = &[
    "不少于",
    "不低于",
    "不超过",
    "超过",
    "至少",
    "近",
    "约",
    "逾",
];

#[inline]
pub fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '两'
    )
}

fn cn_digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a Chinese numeral (`十万` → 100000, `一千二百` → 1200, `五百四十六` → 546).
/// `None` for runs that are not a well-formed number (`二〇二〇` without magnitudes is read
/// digit by digit only when it has one character).
pub fn parse_chinese(s: &str) -> Option<f64> {
    let mut total: u64 = 0;
    let mut sec: u64 = 0;
    let mut digit: Option<u64> = None;
    let mut n = 0usize;
    let mut had_mag = false;
    for c in s.chars() {
        n += 1;
        if let Some(d) = cn_digit_value(c) {
            if digit.is_some_and(|x| x != 0) {
                return None;
            }
            digit = Some(d);
            continue;
        }
        had_mag = true;
        match c {
            '十' | '百' | '千' => {
                let mag = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                let d = match digit.take() {
                    Some(d) if d > 0 => d,
                    None if mag == 10 => 1,
                    _ => return None,
                };
                sec += d * mag;
            }
            '万' => {
                let v = sec + digit.take().unwrap_or(0);
                if v == 0 {
                    return None;
                }
                total += v * 10_000;
                sec = 0;
            }
            '亿' => {
                let v = total + sec + digit.take().unwrap_or(0);
                if v == 0 {
                    return None;
                }
                total = v * 100_000_000;
                sec = 0;
            }
            _ => return None,
        }
    }
    if n == 0 || (!had_mag && n > 1) {
        return None;
    }
    Some((total + sec + digit.unwrap_or(0)) as f64)
}

#[inline]
fn char_at(t: &str, i: usize) -> Option<char> {
    t.get(i..).and_then(|s| s.chars().next())
}

#[inline]
fn char_before(t: &str, i: usize) -> Option<char> {
    t.get(..i).and_then(|s| s.chars().next_back())
}

/// Past a run of ASCII spaces at `i`.
#[inline]
fn skip_spaces(t: &str, i: usize) -> usize {
    i + t.as_bytes()[i..].iter().take_while(|&&b| b == b' ').count()
}

/// Before a run of ASCII spaces ending at `i`.
#[inline]
fn back_spaces(t: &str, i: usize) -> usize {
    i - t.as_bytes()[..i]
        .iter()
        .rev()
        .take_while(|&&b| b == b' ')
        .count()
}

/// Parse an ASCII number at `i` (digits, one decimal point, `,ddd` groups). Returns (end, value).
fn ascii_number(t: &str, i: usize) -> (usize, f64) {
    let b = t.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    let mut grouped = false;
    // thousands groups: 1,234 (1–3 leading digits, then exactly three digits per group)
    if j - i <= 3 && !(i > 0 && b[i - 1] == b',') {
        while j + 3 < b.len()
            && b[j] == b','
            && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
            && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
        {
            grouped = true;
            j += 4;
        }
    }
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
    }
    let s = &t[i..j];
    let v = if grouped {
        s.replace(',', "").parse()
    } else {
        s.parse()
    };
    (j, v.unwrap_or(0.0))
}

/// Does `h` start with `p`? Inlined byte loop: the patterns here are a few bytes long and most
/// comparisons fail on the first bytes, where a `memcmp` call costs more than the comparison.
#[inline]
pub fn has_prefix(h: &[u8], p: &[u8]) -> bool {
    h.len() >= p.len() && h.iter().zip(p).all(|(a, b)| a == b)
}

/// `UNITS` indexes grouped by first character (sorted by it), each group in `UNITS` order, so a
/// lookup tries only the units that can match.
static UNITS_BY_FIRST: std::sync::LazyLock<Vec<(char, Vec<u8>)>> = std::sync::LazyLock::new(|| {
    let mut v: Vec<(char, Vec<u8>)> = Vec::new();
    for (k, (printed, _)) in UNITS.iter().enumerate() {
        let c = printed.chars().next().expect("units are not empty");
        match v.iter_mut().find(|(f, _)| *f == c) {
            Some((_, ks)) => ks.push(k as u8),
            None => v.push((c, vec![k as u8])),
        }
    }
    v.sort_by_key(|(c, _)| *c);
    v
});

/// For each of `UNITS`, the words it must not open (`NOT_UNIT_AFTER` split by unit), so a
/// match checks its own few instead of comparing its name with every row.
static NOT_AFTER_BY_UNIT: std::sync::LazyLock<Vec<Vec<&'static str>>> =
    std::sync::LazyLock::new(|| {
        UNITS
            .iter()
            .map(|(printed, _)| {
                NOT_UNIT_AFTER
                    .iter()
                    .filter(|(u, _)| u == printed)
                    .map(|(_, n)| *n)
                    .collect()
            })
            .collect()
    });

/// Match a unit at `p`; returns (end, normalized unit).
fn unit_at(t: &str, p: usize, scaled: bool) -> Option<(usize, &'static str)> {
    let rest = t.get(p..)?;
    let first = rest.chars().next()?;
    let by_first = &*UNITS_BY_FIRST;
    let g = by_first.binary_search_by_key(&first, |(c, _)| *c).ok()?;
    for &k in &by_first[g].1 {
        let (printed, norm) = UNITS[k as usize];
        if has_prefix(rest.as_bytes(), printed.as_bytes()) {
            if scaled && !SCALED_OK.contains(&norm) {
                return None;
            }
            let e = p + printed.len();
            let next = &t.as_bytes()[e..];
            if NOT_AFTER_BY_UNIT[k as usize]
                .iter()
                .any(|n| has_prefix(next, n.as_bytes()))
            {
                return None;
            }
            return Some((e, norm));
        }
    }
    None
}

/// Units that 万/亿 may scale, listed once: the list (`SCALED_OK`) and the prefixed names
/// (`scaled_unit`, static strings such as `万元`) come from the same macro call.
macro_rules! scaled_units {
    ($($b:literal),*) => {
        /// Units prefixed by 万/亿 keep the prefix (`1194.13万元`).
        const SCALED_OK: &[&str] = &[$($b),*];

        fn scaled_unit(base: &'static str, prefix: char) -> &'static str {
            match (prefix, base) {
                $( ('万', $b) => concat!("万", $b), ('亿', $b) => concat!("亿", $b), )*
                _ => base,
            }
        }
    };
}

scaled_units!(
    "元",
    "人次",
    "人",
    "件",
    "户",
    "册",
    "份",
    "名",
    "次",
    "亩",
    "吨",
    "条",
    "平方米",
    "公里",
    "件次",
    "个",
    "起",
    "家",
    "项",
    "场次",
    "场",
    "张",
    "篇"
);

/// After the numeral at `ne`: optional 万/亿 scale, 余/多, the unit, and a bound after it.
/// Returns (unit start, quantity end, unit, qualifier).
fn tail(
    t: &str,
    ne: usize,
    allow_scale: bool,
    spaced: bool,
) -> Option<(usize, usize, &'static str, Option<&'static str>)> {
    let mut p = ne;
    // one run of spaces between an Arabic number and what follows (`31 次`, `80 余件`)
    if spaced {
        p = skip_spaces(t, p);
    }
    let mut scale = None;
    let mut qual = None;
    let rest = &t[p..];
    if allow_scale && (rest.starts_with('万') || rest.starts_with('亿')) {
        scale = char_at(t, p);
        p += 3;
    }
    let rest = &t[p..];
    if rest.starts_with('余') || rest.starts_with('多') {
        qual = Some(if rest.starts_with('余') {
            "余"
        } else {
            "多"
        });
        p += 3;
    }
    let (us, (e, unit)) = (p, unit_at(t, p, scale.is_some())?);
    let unit = match scale {
        Some(s) => scaled_unit(unit, s),
        None => unit,
    };
    let mut qe = e;
    let rest = &t[e..];
    if qual.is_none() {
        if rest.starts_with("以上") {
            qual = Some("以上");
            qe += 6;
        } else if rest.starts_with("左右") {
            qual = Some("左右");
            qe += 6;
        } else if matches!(unit, "个工作日" | "工作日" | "天" | "小时")
            && (rest.starts_with("以内") || rest.starts_with('内'))
        {
            qual = Some("内");
            qe += if rest.starts_with("以内") { 6 } else { 3 };
        }
    }
    // a scale without a scalable unit is not ours (`5万` alone)
    if scale.is_some() && unit.len() <= 3 && !unit.starts_with('万') && !unit.starts_with('亿') {
        return None;
    }
    Some((us, qe, unit, qual))
}

/// Pre-qualifier touching the number from the left.
fn pre_qualifier(t: &str, ns: usize) -> Option<(usize, &'static str)> {
    let head = &t[..back_spaces(t, ns)];
    for q in PRE_QUAL {
        if head.ends_with(q) {
            return Some((head.len() - q.len(), q));
        }
    }
    None
}

fn is_period_frame_char(c: char) -> bool {
    matches!(
        c,
        '月' | '季' | '周' | '年' | '旬' | '星' | '半' | '日' | '天' | '两'
    )
}

/// Is there a frequency frame (`每月…`, `每季度…`) in the clause before `ns`?
/// Returns the frame's byte span.
pub fn frequency_frame(t: &str, clause_start: usize, ns: usize) -> Option<(usize, usize)> {
    let clause = &t[clause_start..ns];
    let k = memchr::memmem::rfind(clause.as_bytes(), "每".as_bytes())?;
    let after = &clause[k + 3..];
    let c = after.chars().next()?;
    if !is_period_frame_char(c) {
        return None;
    }
    // frame word: 每月 / 每季度 / 每周 / 每年 / 每半年 / 每星期, plus 至少
    let mut e = k + 3;
    for w in [
        "季度", "半年", "星期", "两月", "月", "季", "周", "年", "旬", "日", "天",
    ] {
        if after.starts_with(w) {
            e += w.len();
            break;
        }
    }
    if clause[e..].starts_with("至少") {
        e += 6;
    }
    if clause[k..].chars().count() > 24 {
        return None;
    }
    Some((clause_start + k, clause_start + e))
}

/// First code point of [`NUMERAL_START`].
const NUMERAL_BASE: u32 = 0x3000;

/// One bit per code point from U+3000 to U+9FFF (3.5 KB): [`is_cn_digit`] without 百千万亿,
/// which never open a numeral. The scan tests every three-byte character, and one bit test is
/// cheaper than the chain of comparisons a `match` on the characters compiles to.
static NUMERAL_START: [u64; 0x7000 / 64] = {
    let mut bits = [0u64; 0x7000 / 64];
    let cs = [
        '零', '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '两',
    ];
    let mut k = 0;
    while k < cs.len() {
        let i = (cs[k] as u32 - NUMERAL_BASE) as usize;
        bits[i / 64] |= 1 << (i % 64);
        k += 1;
    }
    bits
};

/// Can code point `u` open a Chinese numeral?
#[inline]
fn opens_numeral(u: u32) -> bool {
    let i = u.wrapping_sub(NUMERAL_BASE) as usize;
    i < 0x7000 && NUMERAL_START[i / 64] & (1 << (i % 64)) != 0
}

/// Scan the whole normalized text for figures, calling `f` for each.
pub fn scan(t: &str, mut f: impl FnMut(Figure)) {
    let b = t.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Three-byte characters first: nearly all of the text, and the only ones that can be
        // Chinese numerals (one bounds check for the three bytes).
        if let Some(&[lead @ 0xE0..=0xEF, mid, last]) = b.get(i..i + 3) {
            let u = (lead as u32 & 0x0F) << 12 | (mid as u32 & 0x3F) << 6 | (last as u32 & 0x3F);
            // 百 opens no numeral, but a percentage in words (`百分之九十五`)
            if u == '百' as u32 && b[i..].starts_with("百分之".as_bytes()) {
                if let Some(fig) = percent_in_words(t, i) {
                    f(fig);
                    i = fig.qe;
                    continue;
                }
            }
            if opens_numeral(u) {
                let ns = i;
                let mut ne = i;
                for (k, c2) in t[i..].char_indices() {
                    if is_cn_digit(c2) {
                        ne = i + k + c2.len_utf8();
                    } else {
                        break;
                    }
                }
                i = ne;
                if let Some(fig) = chinese_figure(t, ns, ne) {
                    f(fig);
                    i = fig.qe.max(ne);
                }
                continue;
            }
            i += 3;
            continue;
        }
        let c = b[i];
        if c.is_ascii_digit() {
            let (ne, v) = ascii_number(t, i);
            let ns = i;
            i = ne;
            if let Some(fig) = ascii_figure(t, ns, ne, v) {
                f(fig);
                i = fig.qe.max(ne);
            }
            continue;
        }
        // everything else (ASCII, the bytes of two-byte characters, four-byte characters) is
        // stepped over without decoding
        i += if c >= 0xF0 { 4 } else { 1 };
    }
}

/// After a range's first number: the start of its second, past `至` / `到` / a dash or tilde and
/// any spaces around it.
fn range_second(t: &str, p: usize) -> Option<usize> {
    let p = skip_spaces(t, p);
    let rest = &t[p..];
    let conn = ["至", "到", "-", "~", "—", "–", "〜", "～"]
        .into_iter()
        .find(|c| rest.starts_with(c))?;
    let q = skip_spaces(t, p + conn.len());
    t.as_bytes()
        .get(q)
        .is_some_and(u8::is_ascii_digit)
        .then_some(q)
}

/// A printed range of rates, durations or amounts (`3至5个工作日`, `90%-95%`, `1-2万元`): the
/// figure of its first number with `max` set, its quantity spanning both. A range of counts
/// (`由3至5名干部谈体会`) says how something is done rather than what was done: none.
fn ascii_range(t: &str, ns: usize, ne: usize, v: f64) -> Option<Figure> {
    // `90%-95%`: the unit printed after both numbers
    let percent_first = t[ne..].starts_with('%');
    let second = range_second(t, if percent_first { ne + 1 } else { ne })?;
    let (ne2, v2) = ascii_number(t, second);
    let (us, qe, unit, qual) = tail(t, ne2, true, true)?;
    if v2 <= v
        || percent_first && unit != "%"
        || !matches!(super::unit_kind(unit), "rate" | "duration" | "amount")
    {
        return None;
    }
    Some(Figure {
        max: Some(v2),
        ..arabic(t, ns, ne, v, (us, qe, unit, qual))
    })
}

fn ascii_figure(t: &str, ns: usize, ne: usize, v: f64) -> Option<Figure> {
    let b = t.as_bytes();
    // glued to letters, codes, dates, ranges, formulas
    if ns > 0
        && (b[ns - 1].is_ascii_alphanumeric()
            || matches!(
                b[ns - 1],
                b'.' | b'-' | b'+' | b'/' | b'~' | b':' | b'_' | b'#'
            ))
    {
        return None;
    }
    // what stands before the number, past a run of spaces (`第 3 次`, `3 至 5 名`)
    let pb = back_spaces(t, ns);
    if pb < ns
        && pb > 0
        && (b[pb - 1].is_ascii_digit() || matches!(b[pb - 1], b'.' | b'-' | b'+' | b'/' | b'~'))
    {
        return None;
    }
    let prev = char_before(t, pb);
    // an ordinal, a number, a product of numbers (`7×24小时` service)
    if matches!(prev, Some('第' | '号' | '×' | '*' | '＊')) {
        return None;
    }
    if matches!(prev, Some('至' | '～' | '—' | '到'))
        && char_before(t, back_spaces(t, pb - 3))
            .is_some_and(|c| c.is_ascii_digit() || is_cn_digit(c))
    {
        return None;
    }
    if let Some(fig) = ascii_range(t, ns, ne, v) {
        return Some(fig);
    }
    if let Some(&n) = b.get(ne) {
        if n.is_ascii_alphabetic() || matches!(n, b'+' | b'/' | b':' | b'-' | b'~' | b'.' | b'_') {
            return None;
        }
    }
    let rest = &t[ne..];
    if rest.starts_with('·')
        || rest.starts_with('—')
        || rest.starts_with('至')
        || rest.starts_with('到') && rest[3..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let Some((us, qe, unit, qual)) = tail(t, ne, true, true) else {
        return (v == 0.0 && ne - ns == 1)
            .then(|| zero_rate(t, ns, ne, false))
            .flatten();
    };
    if prev == Some('前') && matches!(unit, "名" | "位") {
        return None;
    }
    // a time of day (`10时30分`, `10:30分`)
    if unit == "分" && matches!(prev, Some('时' | '点' | ':')) {
        return None;
    }
    Some(arabic(t, ns, ne, v, (us, qe, unit, qual)))
}

/// The figure of an Arabic number `[ns, ne)` of value `v` and what [`tail`] found after it,
/// with a qualifier standing before it (`近190名`) taken in when none follows.
fn arabic(
    t: &str,
    ns: usize,
    ne: usize,
    v: f64,
    (us, qe, unit, qual): (usize, usize, &'static str, Option<&'static str>),
) -> Figure {
    let (qs, pre) = pre_qualifier(t, ns).map_or((ns, None), |(ps, q)| (ps, Some(q)));
    Figure {
        qs,
        qe,
        ns,
        ne,
        us,
        value: v,
        unit,
        qualifier: qual.or(pre),
        chinese: false,
        negated: false,
        max: None,
    }
}

/// The decimal part of a numeral in words at `p` (`点五` of `九十九点五`): its end and value.
fn cn_fraction(t: &str, p: usize) -> Option<(usize, f64)> {
    let digits = t.get(p..)?.strip_prefix('点')?;
    let (mut value, mut scale, mut end) = (0.0, 0.1, p + '点'.len_utf8());
    for c in digits.chars() {
        match cn_digit_value(c) {
            Some(d) if c != '两' => {
                value += d as f64 * scale;
                scale /= 10.0;
                end += c.len_utf8();
            }
            _ => break,
        }
    }
    (scale < 0.1).then_some((end, value))
}

fn chinese_figure(t: &str, ns: usize, ne: usize) -> Option<Figure> {
    // a decimal part (`一点五亿元`) ends the numeral; a decimal is a figure, not a phrase
    if let Some((fe, frac)) = cn_fraction(t, ne).filter(|_| !t[ns..ne].ends_with(['万', '亿'])) {
        let value = parse_chinese(&t[ns..ne])? + frac;
        let (us, qe, unit, qual) = tail(t, fe, true, false)?;
        if in_quote_or_title(t, ns) {
            return None;
        }
        let (qs, pre) = pre_qualifier(t, ns).map_or((ns, None), |(p, q)| (p, Some(q)));
        return Some(Figure {
            qs,
            qe,
            ns,
            ne: fe,
            us,
            value,
            unit,
            qualifier: qual.or(pre),
            chinese: true,
            negated: false,
            max: None,
        });
    }
    // the numeral may swallow a trailing 万/亿 that belongs to the unit (`五十万元`)
    let mut ne = ne;
    let mut run = &t[ns..ne];
    let amount = {
        let r = &t[ne..];
        r.starts_with('元') || r.starts_with("余元") || r.starts_with("多元")
    };
    let split = (run.ends_with('万') || run.ends_with('亿')) && run.len() > 3;
    let mut attempt = if split && amount {
        None
    } else {
        tail(t, ne, false, false)
    };
    if attempt.is_none() && split {
        ne -= 3;
        run = &t[ns..ne];
        attempt = tail(t, ne, true, false);
    }
    let mut max = None;
    if attempt.is_none() {
        // a range of durations in words (`三至五个工作日`): the second numeral carries the unit
        if let Some((v2, tail2)) = chinese_range_second(t, ne) {
            if is_stated_duration(tail2.2) && v2 > parse_chinese(run)? {
                max = Some(v2);
                attempt = Some(tail2);
            }
        }
    }
    let Some((us, qe, unit, mut qual)) = attempt else {
        return (run == "零").then(|| zero_rate(t, ns, ne, true)).flatten();
    };
    let value = parse_chinese(run)?;
    let prev = char_before(t, ns);
    if matches!(
        prev,
        Some('第' | '之' | '统' | '唯' | '同' | '逐' | '每' | '星' | '初' | '周')
    ) {
        return None;
    }
    if in_quote_or_title(t, ns) {
        return None;
    }
    // negated counts: 无一起 / 没有一起 / 未发生一起
    if run == "一" && matches!(unit, "起" | "件" | "例" | "人" | "次" | "个" | "项") {
        for neg in ["无", "没有", "未发生", "未出现", "零"] {
            if t[..ns].ends_with(neg) {
                return Some(Figure {
                    qs: ns - neg.len(),
                    qe,
                    ns,
                    ne,
                    us,
                    value: 0.0,
                    unit,
                    qualifier: None,
                    chinese: true,
                    negated: true,
                    max: None,
                });
            }
        }
    }
    let mut qs = ns;
    if let Some((ps, q)) = pre_qualifier(t, ns) {
        if qual.is_none() {
            qual = Some(q);
        }
        qs = ps;
    }
    // a time limit in words (`三个工作日内`, `十六学时`) is a figure, where a small count in words
    // is mostly a slogan's (`三个一`, `五个方面`)
    let strong = value >= 100.0
        || (value >= 10.0 && matches!(qual, Some("余" | "多")))
        || unit.starts_with('万')
        || unit.starts_with('亿')
        || is_stated_duration(unit);
    let freq = matches!(unit, "次" | "场" | "期" | "场次") && value <= 10.0 && {
        let ls = t[..ns]
            .rfind(['，', '。', '；', '：', '\n', ',', ';', ':'])
            .map_or(0, |k| k + t[k..].chars().next().map_or(1, char::len_utf8));
        frequency_frame(t, ls, ns).is_some()
    };
    if !(strong || freq) {
        return None;
    }
    Some(Figure {
        qs,
        qe,
        ns,
        ne,
        us,
        value,
        unit,
        qualifier: qual,
        chinese: true,
        negated: false,
        max,
    })
}

/// Units of a duration stated as a limit or a length, never a slogan's (`个工作日`, `学时`).
fn is_stated_duration(unit: &str) -> bool {
    matches!(unit, "个工作日" | "工作日" | "学时" | "课时" | "小时")
}

/// After a Chinese numeral ending at `p`: `至`/`到`/a dash, another Chinese numeral and its unit
/// (`至五个工作日`): the second value and its [`tail`].
#[allow(clippy::type_complexity)]
fn chinese_range_second(
    t: &str,
    p: usize,
) -> Option<(f64, (usize, usize, &'static str, Option<&'static str>))> {
    let rest = &t[p..];
    let conn = ["至", "到", "-", "—", "~", "～"]
        .into_iter()
        .find(|c| rest.starts_with(c))?;
    let s2 = p + conn.len();
    let e2 = s2
        + t[s2..]
            .char_indices()
            .find(|&(_, c)| !is_cn_digit(c))
            .map_or(t.len() - s2, |(k, _)| k);
    if e2 == s2 {
        return None;
    }
    let v2 = parse_chinese(&t[s2..e2])?;
    Some((v2, tail(t, e2, false, false)?))
}

/// A percentage in words (`百分之九十五`, `百分之百`) at `s`.
fn percent_in_words(t: &str, s: usize) -> Option<Figure> {
    let ns = s + "百分之".len();
    let ne = ns
        + t[ns..]
            .char_indices()
            .find(|&(_, c)| !is_cn_digit(c))
            .map_or(t.len() - ns, |(k, _)| k);
    let run = &t[ns..ne];
    let mut value = if run == "百" {
        100.0
    } else {
        parse_chinese(run)?
    };
    let mut ne = ne;
    if let Some((fe, frac)) = cn_fraction(t, ne) {
        value += frac;
        ne = fe;
    }
    if !(0.0..=100.0).contains(&value) {
        return None;
    }
    let (qe, qualifier) = if t[ne..].starts_with("以上") {
        (ne + "以上".len(), Some("以上"))
    } else {
        (ne, None)
    };
    let (qs, pre) = pre_qualifier(t, s).map_or((s, None), |(p, q)| (p, Some(q)));
    Some(Figure {
        qs,
        qe,
        ns,
        ne,
        us: s,
        value,
        unit: "%",
        qualifier: qualifier.or(pre),
        chinese: true,
        negated: false,
        max: None,
    })
}

/// A rate stated as a bare zero (`败诉率为0`, `发案率为零`): 0 %, though no `%` is printed,
/// so that it sits in the same column as the rates of other reports.
fn zero_rate(t: &str, ns: usize, ne: usize, chinese: bool) -> Option<Figure> {
    let next = t[ne..].chars().next();
    if next.is_some_and(|c| c.is_alphanumeric() || matches!(c, '.' | '%' | '‰')) {
        return None;
    }
    let mut head = &t[..back_spaces(t, ns)];
    for w in [
        "为",
        "是",
        "达",
        "保持在",
        "保持",
        "控制在",
        "降至",
        "降为",
        "实现",
    ] {
        if let Some(h) = head.strip_suffix(w) {
            head = h.strip_suffix('均').unwrap_or(h);
            break;
        }
    }
    head.ends_with('率').then_some(Figure {
        qs: ns,
        qe: ne,
        ns,
        ne,
        us: ne,
        value: 0.0,
        unit: "%",
        qualifier: None,
        chinese,
        negated: false,
        max: None,
    })
}

/// Inside `《…》` or `“…”` on the same line.
pub fn in_quote_or_title(t: &str, p: usize) -> bool {
    let b = t.as_bytes();
    let ls = memchr::memrchr(b'\n', &b[..p]).map_or(0, |k| k + 1);
    let line = &b[ls..p];
    // the last `《` or `“`, found from their lead bytes (no decoding back along a long line)
    let (title, quote) = ("《".as_bytes(), "“".as_bytes());
    let open = memchr::memrchr2_iter(title[0], quote[0], line)
        .find(|&k| line[k..].starts_with(title) || line[k..].starts_with(quote));
    match open {
        None => false,
        Some(o) => {
            let tail = &line[o..];
            let close = if tail.starts_with(title) {
                "》"
            } else {
                "”"
            };
            memchr::memmem::find(tail, close.as_bytes()).is_none()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeral_start_table() {
        for u in 0..0x11_0000 {
            let Some(c) = char::from_u32(u) else { continue };
            let want = is_cn_digit(c) && !matches!(c, '百' | '千' | '万' | '亿');
            assert_eq!(opens_numeral(u), want, "{c}");
        }
    }

    #[test]
    fn chinese_numerals() {
        for (s, v) in [
            ("十万", 100000.0),
            ("两", 2.0),
            ("一千二百", 1200.0),
            ("五百四十六", 546.0),
            ("十", 10.0),
            ("二十三", 23.0),
            ("一百零五", 105.0),
            ("三万五千", 35000.0),
            ("一", 1.0),
        ] {
            assert_eq!(parse_chinese(s), Some(v), "{s}");
        }
        assert_eq!(parse_chinese("二〇二〇"), None);
    }

    fn figs(s: &str) -> Vec<(f64, &'static str, Option<&'static str>)> {
        let mut v = Vec::new();
        scan(s, |f| v.push((f.value, f.unit, f.qualifier)));
        v
    }

    #[test]
    fn ranges_of_rates_durations_and_amounts() {
        fn ranges(s: &str) -> Vec<(f64, Option<f64>, &'static str, &str)> {
            let mut v = Vec::new();
            scan(s, |f| v.push((f.value, f.max, f.unit, &s[f.qs..f.qe])));
            v
        }
        assert_eq!(
            ranges("压缩至3至5个工作日，1-2天，满意度90%-95%，罚款100～200万元"),
            vec![
                (3.0, Some(5.0), "个工作日", "3至5个工作日"),
                (1.0, Some(2.0), "天", "1-2天"),
                (90.0, Some(95.0), "%", "90%-95%"),
                (100.0, Some(200.0), "万元", "100～200万元"),
            ]
        );
        // counts, dates, months, a reversed pair, a percent then a count: no range
        assert_eq!(ranges("每组3-5人，2019-2021年，1-10月"), vec![]);
        assert_eq!(ranges("5至3个工作日"), vec![]);
        assert_eq!(ranges("90%-95件"), vec![(90.0, None, "%", "90%")]);
        // in words: time limits and their ranges; a small count in words stays a slogan's
        assert_eq!(
            ranges("办理时间为三至五个工作日，承诺两个工作日内办结，每年不少于四十学时"),
            vec![
                (3.0, Some(5.0), "个工作日", "三至五个工作日"),
                (2.0, None, "个工作日", "两个工作日内"),
                (40.0, None, "学时", "不少于四十学时"),
            ]
        );
        assert_eq!(ranges("建立三个一机制，明确五个方面，三至五人一组"), vec![]);
        // a product of numbers is a service's hours, not a figure
        assert_eq!(ranges("实行7×24小时服务"), vec![]);
    }

    #[test]
    fn scan_basics() {
        assert_eq!(
            figs("调解协议涉及金额1194.13万元"),
            vec![(1194.13, "万元", None)]
        );
        assert_eq!(
            figs("提供优质法律服务3200余件(次)"),
            vec![(3200.0, "件次", Some("余"))]
        );
        assert_eq!(
            figs("办结时限控制在15个工作日内"),
            vec![(15.0, "个工作日", Some("内"))]
        );
        assert_eq!(figs("手册十万余册"), vec![(100000.0, "册", Some("余"))]);
        assert_eq!(figs("组织近190名领导干部"), vec![(190.0, "名", Some("近"))]);
        assert_eq!(figs("2020年3·15第2次会议12348"), vec![]);
        assert_eq!(figs("以下三项工作，三个一，五个一"), vec![]);
        assert_eq!(figs("学后由3至5名干部"), vec![]);
        assert_eq!(figs("共1,234件"), vec![(1234.0, "件", None)]);
        assert_eq!(figs("考核得分95.6分"), vec![(95.6, "分", None)]);
        assert_eq!(figs("10时30分，用时30分钟，3分之1，10:30分"), vec![]);
    }

    #[test]
    fn percentages_in_words() {
        assert_eq!(figs("满意度达百分之九十五"), vec![(95.0, "%", None)]);
        assert_eq!(figs("公示率达百分之百。"), vec![(100.0, "%", None)]);
        assert_eq!(figs("百分之九十以上"), vec![(90.0, "%", Some("以上"))]);
        assert_eq!(figs("百分之"), vec![]);
        assert_eq!(figs("化解率达百分之九十九点五"), vec![(99.5, "%", None)]);
        assert_eq!(
            figs("百分之九十八点零六以上"),
            vec![(98.06, "%", Some("以上"))]
        );
        assert_eq!(figs("百分之九十九点"), vec![(99.0, "%", None)]);
    }

    #[test]
    fn chinese_numerals_with_a_decimal_part() {
        assert_eq!(figs("投入一点五亿元"), vec![(1.5, "亿元", None)]);
        assert_eq!(figs("约三点五万人次"), vec![(3.5, "万人次", Some("约"))]);
        assert_eq!(figs("一点一滴，两点要求，三点五"), vec![]);
    }

    #[test]
    fn a_rate_of_bare_zero_is_zero_percent() {
        for s in [
            "行政诉讼败诉率为0。",
            "败诉率均为零，",
            "发案率保持在 0",
            "败诉率为0",
        ] {
            assert_eq!(figs(s), vec![(0.0, "%", None)], "{s}");
        }
        for s in [
            "败诉案件为0。",
            "败诉率为0.5",
            "零容忍",
            "率为零距离",
            "案件数为0",
        ] {
            assert!(figs(s).iter().all(|f| f.1 != "%"), "{s}");
        }
    }
}
