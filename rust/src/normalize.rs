//! Normalization for matching, with an offset map back to the original text.
//!
//! Invariants: every character of the normalized text comes from exactly one character of the
//! original (a one-for-one fold) or the original character was deleted; nothing is ever
//! inserted. So the map back is a sorted list of *anchors* `(norm_byte, orig_byte)`, one at each
//! place where the byte lengths diverge, and between anchors bytes correspond one to one.
//!
//! Why not NFKC: it rewrites characters the parsers need (`①`→`1`, `⑴`→`(1)`, `㎡`→`m2`,
//! `…`→`...`) and changes lengths. We fold only what hurts matching: full-width ASCII and digits,
//! odd spaces, Kangxi radicals and compatibility ideographs (one-for-one by NFKC), Traditional
//! to Simplified (one-for-one, `fast2s`), and we delete zero-width characters, the `\r` of CRLF,
//! NULs, Word bookmarks, web page debris, page-number lines and the line breaks of hard-wrapped
//! (PDF-exported) paragraphs.

use aho_corasick::{AhoCorasick, MatchKind};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Fold one character for matching; `None` deletes it. `\r` is handled by the caller.
///
/// # Examples
/// ```
/// use _core::normalize::fold_char;
/// assert_eq!(fold_char('９'), Some('9'));
/// assert_eq!(fold_char('（'), Some('('));
/// assert_eq!(fold_char('\u{3000}'), Some(' '));
/// assert_eq!(fold_char('\u{200B}'), None);
/// assert_eq!(fold_char('①'), Some('①'));
/// assert_eq!(fold_char('議'), Some('议'));
/// ```
#[inline]
pub fn fold_char(c: char) -> Option<char> {
    let u = c as u32;
    if u < 0x80 {
        return if u == 0 { None } else { Some(c) };
    }
    Some(match u {
        T2S_FIRST..=T2S_LAST => t2s(c),
        0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).expect("shifted into ASCII"),
        0xFF61 => '。',
        0xFF62 => '「',
        0xFF63 => '」',
        0xFF64 => '、',
        0x00A0 | 0x2000..=0x200A | 0x202F | 0x205F | 0x3000 => ' ',
        0x200B..=0x200D | 0x2060 | 0xFEFF | 0x00AD => return None,
        0x2F00..=0x2FD5 | 0xF900..=0xFAFF => t2s(single_nfkc(c)),
        _ => c,
    })
}

/// Does folding leave code point `u` as it is? (Fast check for the common case.) `bits` is
/// `T2S_BITS`, dereferenced once by the caller rather than once per character.
#[inline]
fn is_fixed(bits: &[u64], u: u32) -> bool {
    match u {
        T2S_FIRST..=T2S_LAST => !t2s_changes(bits, u),
        0x80..=0xFF => u != 0xA0 && u != 0xAD,
        0x2000..=0x206F | 0x2F00..=0x2FD5 | 0x3000 | 0xF900..=0xFAFF | 0xFEFF | 0xFF01..=0xFF64 => {
            false
        }
        _ => true,
    }
}

const T2S_FIRST: u32 = 0x3400;
const T2S_LAST: u32 = 0x9FFF;

/// Pairs (variant, Simplified) that OpenCC's `s2t`, `s2tw` and `s2hk` write for a Simplified
/// character and `fast2s` does not fold back (`羣` for `群`, `峯` for `峰`, `蔘` for `参`), so a
/// mirror made by those converters reads and is found as its Simplified original. Only variants
/// outside GB2312 are folded: a character Simplified text also uses (`著`, `藉`, `覆`, `么`)
/// stays, so no two Simplified characters are ever conflated.
const VARIANTS: &[&str] = &[
    "㓨刾㩵擜䃮鿎䥑鿏䰾鲃䲁鳚䲘鳤䴉鹮俔伣俥伡倀伥僨偾儎傤剗刬勩勚厴厣咼呙嗊唝嘓啯嘵哓",
    "嘽啴噦哕嚌哜嚲亸囁嗫囅冁堖垴塒埘墶垯壚垆壪塆奼姹嫿婳嬃媭屓屃屨屦峯峰崬岽嶁嵝嶨峃",
    "嶮崄彲彨悞悮慪怄憖慭懨恹戱戏掗挜揯搄撏挦斆敩曨昽枱台枴柺榪杩槧椠槶椢槼椝樧榝樳桪",
    "樿椫櫧槠櫱蘖欞棂氌氇溳涢潀潨潙沩潷滗澐沄澦滪澩泶濚溁濜浕瀂澛灄滠璸瑸痾疴瘂痖瘮瘆",
    "瘲疭癧疬皁皂睪睾瞘眍瞶瞆矓眬磠硵磣碜禡祃籪簖糉粽糝糁糹纟紖纼紼绋綈绨綌绤緓绬緪縆",
    "緶缏縗缞繢缋繰缲羣群耮耢腡脶膃腽膕腘臢臜萴荝葤荮蒍蔿蔘参蕆蒇薴苎蘀萚蘺蓠虆蔂蟣虮",
    "蠁蚃蠨蟏襉裥襏袯襝裣覎觃覿觌訁讠訒讱訩讻詖诐誶谇誾訚諑诼諝谞諞谝諼谖謅诌譸诪譾谫",
    "讅谉讋詟豶豮貟贠賵赗賻赙贐赆趲趱躓踬躚跹躦躜軤轷軺轺輇辁輈辀輬辌轔辚邐逦酇酂醟蒏",
    "釃酾釅酽釒钅銱铞鋃锒鋝锊鋣铘鋩铓錆锖錈锩錏铔錙锱鍁锨鍃锪鍈锳鎇镅鎡镃鎪锼鎶鿔鏍镙",
    "鏨錾鏰镚鐋铴鐶镮鑱镵鑹镩钁镢閌闶闃阒闠阓闤阛隉陧隯陦霢霡靆叇靉叆靝靔鞝绱韉鞯韍韨",
    "頏颃頮颒顢颟颭飐颸飔颻飖飀飗飠饣飣饤飿饳餈糍餏饻餖饾餱糇餳饧餶馉餷馇餼饩饁馌饜餍",
    "馹驲騌骔騍骒騖骛驏骣驦骦驫骉鬹鬶魺鲄鮚鲒鮦鲖鮳鲓鮺鲝鯫鲰鯴鲺鰁鳈鰛鳁鰠鳋鱯鳠鳲鸤",
    "鵃鸼鵮鹐鵷鹓鵾鹍鶊鹒鶬鸧鷫鹔鷳鹇鷽鸴鸇鹯鸘鹴鹺鹾黲黪黶黡齔龀齕龁龎厐鿓鿒",
];

/// Characters converters write in context for another Simplified one (OpenCC: 答复 → 答覆,
/// 咨询 → 諮詢, 借助 → 藉助, 着力 → 著力), folded to it wherever they stand, as `fast2s` already
/// folds 乾 to 干 and 於 to 于: a Simplified query then finds every copy of a mirrored report,
/// at the price of 覆盖 also being read as 复盖 (by queries and documents alike).
const IN_CONTEXT: &str = "覆复諮咨谘咨藉借著着";

/// Traditional → Simplified, one code point for one, as a dense delta table over the CJK
/// blocks (0 = unchanged), built once from `fast2s`'s character map, [`VARIANTS`] and
/// [`IN_CONTEXT`].
/// Context-dependent cases (乾隆, 答覆) are not applied: search needs a fold that is the same
/// everywhere.
static T2S: LazyLock<Vec<i32>> = LazyLock::new(|| {
    let mut buf = [0u8; 4];
    let mut table: Vec<i32> = (T2S_FIRST..=T2S_LAST)
        .map(|u| match char::from_u32(u) {
            Some(c) => {
                let s = fast2s::convert(c.encode_utf8(&mut buf));
                let t = s.chars().next().unwrap_or(c);
                // Keep the table byte-length preserving: both are 3-byte characters.
                if t.len_utf8() == 3 {
                    t as i32 - u as i32
                } else {
                    0
                }
            }
            None => 0,
        })
        .collect();
    for (pairs, replace) in VARIANTS
        .iter()
        .map(|p| (p, false))
        .chain([(&IN_CONTEXT, true)])
    {
        let cs: Vec<char> = pairs.chars().collect();
        for p in cs.chunks_exact(2) {
            let (v, s) = (p[0] as u32, p[1] as u32);
            let slot = &mut table[(v - T2S_FIRST) as usize];
            if *slot == 0 || replace {
                *slot = s as i32 - v as i32;
            }
        }
    }
    table
});

/// One bit per CJK code point: does T2S change it? 3.4 KB, so it stays in L1 cache.
static T2S_BITS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    let mut bits = vec![0u64; T2S.len().div_ceil(64)];
    for (i, d) in T2S.iter().enumerate() {
        if *d != 0 {
            bits[i / 64] |= 1 << (i % 64);
        }
    }
    bits
});

#[inline]
fn t2s_changes(bits: &[u64], u: u32) -> bool {
    let i = (u - T2S_FIRST) as usize;
    bits[i / 64] & (1 << (i % 64)) != 0
}

#[inline]
fn t2s(c: char) -> char {
    let u = c as u32;
    // Most characters of a report are unchanged: the bit table answers from L1 cache, where
    // the delta table (108 KB) would not.
    if !(T2S_FIRST..=T2S_LAST).contains(&u) || !t2s_changes(&T2S_BITS, u) {
        return c;
    }
    match T2S[(u - T2S_FIRST) as usize] {
        0 => c,
        d => char::from_u32((u as i32 + d) as u32).unwrap_or(c),
    }
}

fn single_nfkc(c: char) -> char {
    let mut it = std::iter::once(c).nfkc();
    match (it.next(), it.next()) {
        (Some(n), None) => n,
        _ => c,
    }
}

/// Fold a string one character for one character (no deletions, so code-point offsets are
/// unchanged): width, spaces, compatibility forms and Traditional to Simplified. Deleted
/// characters are kept as they are. Used for search tokens, queries and snippet matching.
///
/// # Examples
/// ```
/// assert_eq!(_core::normalize::fold_str("行政復議１２件"), "行政复议12件");
/// ```
pub fn fold_str(s: &str) -> String {
    s.chars().map(|c| fold_char(c).unwrap_or(c)).collect()
}

/// Fold full-width digits and `％` to ASCII and nothing else: for fields shown as printed
/// (heading text, title), so `２０２２年` and `2022年` give the same field.
///
/// # Examples
/// ```
/// assert_eq!(_core::normalize::fold_digits("公布５张清单，１００％"), "公布5张清单，100%");
/// ```
pub fn fold_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | '％' => fold_char(c).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The normalized text and its map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// Text for matching.
    pub text: String,
    /// `(norm_byte, orig_byte)` at each divergence, sorted by both.
    anchors: Vec<(u32, u32)>,
    /// Whether hard-wrapped lines were detected and rejoined.
    pub hard_wrapped: bool,
    /// For a web page, the original bytes (`>` of a block tag, `;` of a character reference)
    /// that read as another character, sorted; empty for plain text.
    pub subs: Vec<(usize, char)>,
    /// Whether the original is a web page whose markup was deleted.
    pub markup: bool,
}

impl Normalized {
    /// Original byte offset of the character that starts at normalized byte `n`
    /// (for a position where characters were deleted, the first character after them).
    pub fn orig_start(&self, n: usize) -> usize {
        let i = self.anchors.partition_point(|a| a.0 as usize <= n);
        match i {
            0 => n,
            _ => {
                let (nb, ob) = self.anchors[i - 1];
                ob as usize + (n - nb as usize)
            }
        }
    }

    /// Original byte offset just past the character that ends at normalized byte `n`
    /// (deleted characters after it are not included).
    pub fn orig_end(&self, n: usize) -> usize {
        let i = self.anchors.partition_point(|a| (a.0 as usize) < n);
        // Among anchors at exactly `n`, the first one describes the state before any deletion.
        if i < self.anchors.len() && self.anchors[i].0 as usize == n {
            return self.anchors[i].1 as usize;
        }
        match i {
            0 => n,
            _ => {
                let (nb, ob) = self.anchors[i - 1];
                ob as usize + (n - nb as usize)
            }
        }
    }
}

impl Normalized {
    /// The deletions strictly inside the normalized span `[s, e)`: for each offset `n` with
    /// `s < n < e` where original text was deleted, `(orig_end(n), orig_start(n))`, the
    /// deleted stretch of the original. Found from the anchors alone, without mapping every
    /// character of the span.
    pub(crate) fn deletions_within(
        &self,
        s: usize,
        e: usize,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let from = self.anchors.partition_point(|a| a.0 as usize <= s);
        let to = self
            .anchors
            .partition_point(|a| (a.0 as usize) < e)
            .max(from);
        // Anchors at one offset: the first is where the deletion starts (what `orig_end`
        // gives), the last where it ends (what `orig_start` gives); a lone anchor of a fold
        // that changed the length deletes nothing.
        self.anchors[from..to]
            .chunk_by(|a, b| a.0 == b.0)
            .map(|g| (g[0].1 as usize, g[g.len() - 1].1 as usize))
            .filter(|(a, b)| a != b)
    }
}

/// Maps non-decreasing normalized offsets back to the original, walking forward through the
/// anchors: amortized O(1) per call, where [`Normalized::orig_start`] and
/// [`Normalized::orig_end`] binary-search each time (callers that map every character of a
/// span in order use this). Gives exactly their results.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    anchors: &'a [(u32, u32)],
    /// The first anchor at or past the last offset asked for.
    i: usize,
}

impl Normalized {
    /// A [`Cursor`] for offsets from `from` on.
    pub fn cursor(&self, from: usize) -> Cursor<'_> {
        Cursor {
            anchors: &self.anchors,
            i: self.anchors.partition_point(|a| (a.0 as usize) < from),
        }
    }
}

impl Cursor<'_> {
    /// Move to the first anchor at or past `n`.
    #[inline]
    fn seek(&mut self, n: usize) {
        while self.anchors.get(self.i).is_some_and(|a| (a.0 as usize) < n) {
            self.i += 1;
        }
    }

    #[inline]
    fn past_anchor(&self, j: usize, n: usize) -> usize {
        match j {
            0 => n,
            _ => {
                let (nb, ob) = self.anchors[j - 1];
                ob as usize + (n - nb as usize)
            }
        }
    }

    /// [`Normalized::orig_start`] of `n`, which is not before the previous offset asked for.
    #[inline]
    pub fn orig_start(&mut self, n: usize) -> usize {
        self.seek(n);
        let mut j = self.i;
        while self.anchors.get(j).is_some_and(|a| a.0 as usize == n) {
            j += 1;
        }
        self.past_anchor(j, n)
    }

    /// [`Normalized::orig_end`] of `n`, which is not before the previous offset asked for.
    #[inline]
    pub fn orig_end(&mut self, n: usize) -> usize {
        self.seek(n);
        match self.anchors.get(self.i) {
            Some(a) if a.0 as usize == n => a.1 as usize,
            _ => self.past_anchor(self.i, n),
        }
    }
}

/// Debris phrases of web pages deleted wherever they stand.
const DEBRIS: &[&str] = &[
    "扫一扫在手机打开当前页",
    "扫一扫在手机上查看当前页面",
    "【打印本页】",
    "【关闭窗口】",
    "【打印】",
    "【关闭】",
    "【返回顶部】",
    "打印本页",
    "关闭窗口",
    "【字体：大 中 小】",
    "【字号：大 中 小】",
    "字号：大 中 小",
    "字体：大 中 小",
    "[打印]",
    "[关闭]",
    // the same on Traditional-script mirrors (deleted before script folding)
    "掃一掃在手機打開當前頁",
    "【打印本頁】",
    "【關閉窗口】",
    "【關閉】",
    "【返回頂部】",
    "打印本頁",
    "關閉窗口",
    "【字體：大 中 小】",
    "【字號：大 中 小】",
    "字號：大 中 小",
    "字體：大 中 小",
    "[關閉]",
];

static DEBRIS_AC: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(DEBRIS)
        .expect("debris phrases are valid patterns")
});

/// Normalize `orig`. See the module docs for what is folded and deleted.
///
/// # Examples
/// ```
/// let n = _core::normalize::normalize("化解率达９９．９％\r\n[bookmark: OLE_LINK1]（一）");
/// assert_eq!(n.text, "化解率达99.9%\n(一)");
/// let i = n.text.find('(').unwrap();
/// assert_eq!(n.orig_start(i), "化解率达９９．９％\r\n[bookmark: OLE_LINK1]".len());
/// ```
pub fn normalize(orig: &str) -> Normalized {
    // A web page: its markup is deleted (block tags and character references become one
    // character, see `html`); its source lines are not a report's lines, so no line rules.
    let markup = crate::html::is_markup(orig);
    let (mut ranges, hard_wrapped, subs) = if markup {
        let e = crate::html::edits(orig);
        (e.deletions, false, e.subs)
    } else {
        let (mut ranges, hard_wrapped) = line_deletions(orig);
        ranges.extend(letter_spacing(orig));
        (ranges, hard_wrapped, Vec::new())
    };
    ranges.extend(inline_deletions(orig));
    ranges.sort_unstable();
    let mut next_sub = 0;
    let mut text = String::with_capacity(orig.len());
    let mut anchors = Vec::new();
    let bytes = orig.as_bytes();
    let bits = T2S_BITS.as_slice();
    let mut next_range = 0;
    // Unchanged bytes are copied in runs; `run` is where the current run started.
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Fast path for the bulk of the text, up to the next deletion range: ASCII and
        // three-byte characters (all CJK and its punctuation) that folding leaves alone are
        // stepped over without decoding to `char` or checking the ranges. Ranges start on
        // character boundaries, so the three-byte steps never jump past `stop`.
        while subs.get(next_sub).is_some_and(|u| u.0 < i) {
            next_sub += 1; // inside a deletion
        }
        let stop = ranges
            .get(next_range)
            .map_or(bytes.len(), |r| r.0)
            .min(subs.get(next_sub).map_or(bytes.len(), |u| u.0));
        while i < stop {
            let b = bytes[i];
            if b < 0x80 {
                if b == b'\r' || b == 0 {
                    break;
                }
                i += 1;
                continue;
            }
            if (0xE0..0xF0).contains(&b) && i + 2 < bytes.len() {
                let u = ((b as u32 & 0x0F) << 12)
                    | ((bytes[i + 1] as u32 & 0x3F) << 6)
                    | (bytes[i + 2] as u32 & 0x3F);
                if is_fixed(bits, u) {
                    i += 3;
                    continue;
                }
            }
            break;
        }
        if i >= bytes.len() {
            break;
        }
        let b = bytes[i];
        let at_range = next_range < ranges.len() && ranges[next_range].0 <= i;
        if !at_range && subs.get(next_sub).is_some_and(|u| u.0 == i) {
            // The last byte of a tag or reference (`>`, `;`) reads as one character.
            text.push_str(&orig[run..i]);
            match fold_char(subs[next_sub].1) {
                None => delete(&mut anchors, text.len(), i, i + 1),
                Some(f) => {
                    text.push(f);
                    if f.len_utf8() != 1 {
                        anchors.push((text.len() as u32, (i + 1) as u32));
                    }
                }
            }
            next_sub += 1;
            i += 1;
            run = i;
            continue;
        }
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = orig[i..].chars().next().expect("i is on a char boundary");
            (c, c.len_utf8())
        };
        if !at_range && (b >= 0x80 && is_fixed(bits, c as u32) || b < 0x20 && b != b'\r' && b != 0)
        {
            i += len;
            continue;
        }
        text.push_str(&orig[run..i]);
        if at_range {
            let (s, e) = ranges[next_range];
            next_range += 1;
            if e > i {
                delete(&mut anchors, text.len(), s.max(i), e);
                i = e;
            }
            run = i;
            continue;
        }
        match (b, fold_char(c)) {
            (b'\r', _) if bytes.get(i + 1) == Some(&b'\n') => {
                delete(&mut anchors, text.len(), i, i + 1)
            }
            (b'\r', _) => text.push('\n'),
            (_, None) => delete(&mut anchors, text.len(), i, i + len),
            (_, Some(f)) => {
                text.push(f);
                if f.len_utf8() != len {
                    anchors.push((text.len() as u32, (i + len) as u32));
                }
            }
        }
        i += len;
        run = i;
    }
    text.push_str(&orig[run..]);
    Normalized {
        text,
        anchors,
        hard_wrapped,
        subs,
        markup,
    }
}

/// Record a deletion of orig `[s, e)` at normalized byte `n`: one anchor for "before" (used by
/// `orig_end`) and one for "after" (used by `orig_start`).
fn delete(anchors: &mut Vec<(u32, u32)>, n: usize, s: usize, e: usize) {
    if anchors.last() != Some(&(n as u32, s as u32)) {
        anchors.push((n as u32, s as u32));
    }
    anchors.push((n as u32, e as u32));
}

/// The single spaces between the characters of letter-spaced lines (`法 治 政 府 建 设`,
/// `9 8 . 6 %`: text taken from PDFs set with letter spacing), so that words, headings and
/// figures are whole again. A line with Han characters is letter-spaced when at least 70 % of
/// its characters (six or more) are followed by one space and another character; the spaces of
/// other lines (between issuers, after a heading marker) are kept.
///
/// # Examples
/// ```
/// let n = _core::normalize::normalize("一 、 主 要 工 作\n化 解 率 达 9 8 . 6 % 。\n中共某镇委员会 某镇人民政府\n");
/// assert_eq!(n.text, "一、主要工作\n化解率达98.6%。\n中共某镇委员会 某镇人民政府\n");
/// ```
fn letter_spacing(orig: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let b = orig.as_bytes();
    let mut from = 0;
    // Only lines with a space are looked at (most lines of Chinese text have none), found by
    // searching for spaces rather than walking every line.
    while let Some(k) = memchr::memchr(b' ', &b[from..]) {
        let at = from + k;
        let base = memchr::memrchr(b'\n', &b[..at]).map_or(0, |p| p + 1);
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p);
        from = end;
        let line = &orig[base..end];
        // a spaced Han character takes 4 bytes: most lines are rejected by their space count
        let spaces = line.bytes().filter(|&b| b == b' ').count();
        if spaces < 4 || spaces * 5 < line.len() {
            continue;
        }
        let cs: Vec<(usize, char)> = line.char_indices().collect();
        let single = |k: usize| {
            cs[k].1 == ' '
                && k > 0
                && cs[k - 1].1 != ' '
                && cs.get(k + 1).is_some_and(|c| !c.1.is_whitespace())
        };
        let chars = cs.iter().filter(|c| !c.1.is_whitespace()).count();
        let spaced = (1..cs.len()).filter(|&k| single(k)).count();
        let han = cs.iter().any(|c| crate::tokens::is_han(c.1));
        if han && chars >= 6 && spaced * 10 >= chars * 7 {
            out.extend(
                (1..cs.len())
                    .filter(|&k| single(k))
                    .map(|k| (base + cs[k].0, base + cs[k].0 + 1)),
            );
        }
    }
    out
}

/// `text` without the letter spacing of its letter-spaced lines (see [`letter_spacing`]): what
/// the search index stores and tokenizes for a section, so `化解率` is found in `化 解 率`.
///
/// # Examples
/// ```
/// use _core::normalize::without_letter_spacing;
/// assert_eq!(without_letter_spacing("化 解 率 达 9 8 %\n一、 主要工作"), "化解率达98%\n一、 主要工作");
/// ```
pub fn without_letter_spacing(text: &str) -> std::borrow::Cow<'_, str> {
    let spaces = letter_spacing(text);
    if spaces.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (s, e) in spaces {
        out.push_str(&text[from..s]);
        from = e;
    }
    out.push_str(&text[from..]);
    out.into()
}

fn inline_deletions(orig: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = DEBRIS_AC
        .find_iter(orig)
        .map(|m| (m.start(), m.end()))
        .collect();
    for s in memchr::memmem::find_iter(orig.as_bytes(), b"[bookmark:") {
        let tail = &orig.as_bytes()[s..orig.len().min(s + 200)];
        if let Some(e) = memchr::memchr2(b']', b'\n', tail) {
            if tail[e] == b']' {
                out.push((s, s + e + 1));
            }
        }
    }
    out.extend(pinyin_glosses(orig));
    out.extend(site_watermarks(orig));
    out
}

/// Tone letters of Hanyu Pinyin (`ā á ǎ à … ǜ`).
fn is_tone_letter(c: char) -> bool {
    matches!(c, 'à'..='ú' | 'ā'..='ū' | 'ǎ'..='ǜ') && !matches!(c, 'æ' | 'ç' | 'ð' | 'ñ' | '÷')
}

/// Pinyin a mirror site prints after characters it thinks rare (`建設(shè)`, `領(lǐng)導(dǎo)`):
/// a parenthesis right after an ideograph holding one lower-case syllable with a tone mark.
fn pinyin_glosses(orig: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    memchr::memchr_iter(b'(', orig.as_bytes()).filter_map(move |s| {
        let before = orig[..s].chars().next_back()?;
        if !('\u{4E00}'..='\u{9FFF}').contains(&before) {
            return None;
        }
        let mut end = orig.len().min(s + 1 + 16);
        while !orig.is_char_boundary(end) {
            end -= 1;
        }
        let inner = &orig[s + 1..end];
        let k = inner.find(')')?;
        let syl = &inner[..k];
        let ok = (1..=6).contains(&syl.chars().count())
            && syl
                .chars()
                .all(|c| c.is_ascii_lowercase() || is_tone_letter(c) || c == 'ü')
            && syl.chars().any(is_tone_letter);
        ok.then_some((s, s + 1 + k + 1))
    })
}

/// A document-sharing site's watermark left in the text (`公文汇 www.gongwenhui.com` at the end
/// of a line, `秘书之家—全网资源每日更新www.mishuzj.com` opening one): the address, with the
/// site's name before it when that name stands apart (at the line's start or after a space).
fn site_watermarks(orig: &str) -> Vec<(usize, usize)> {
    let b = orig.as_bytes();
    let mut out = Vec::new();
    for s in memchr::memmem::find_iter(b, b"www.") {
        let mut e = s + 4;
        while e < b.len() && (b[e].is_ascii_alphanumeric() || matches!(b[e], b'.' | b'-')) {
            e += 1;
        }
        let host = orig[s + 4..e].trim_end_matches('.');
        let e = s + 4 + host.len();
        // a government site cited in the text is not a sharing site's mark
        if !host.contains('.') || host.contains("gov") {
            continue;
        }
        let line_s = memchr::memrchr(b'\n', &b[..s]).map_or(0, |k| k + 1);
        let line_e = memchr::memchr(b'\n', &b[e..]).map_or(b.len(), |k| e + k);
        let rest = orig[e..line_e].trim();
        let at_end = rest.is_empty();
        // the name: up to 16 characters, one space allowed before the address
        let pre = &orig[line_s..s];
        let name_e = pre.trim_end_matches([' ', '\u{3000}']).len();
        let name_s = pre[..name_e]
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |k| k + pre[k..].chars().next().map_or(1, char::len_utf8));
        let name = &pre[name_s..name_e];
        let name_ok = name.chars().count() <= 16
            && !name.contains(|c: char| "。，,；;：:".contains(c))
            && !name
                .starts_with(|c: char| "一二三四五六七八九十(（".contains(c) || c.is_ascii_digit());
        let from = if at_end {
            let from = if name_ok { line_s + name_s } else { s };
            // with the space that set it apart
            line_s + orig[line_s..from].trim_end().len()
        } else if name_s == 0
            && name_ok
            && rest.starts_with(|c: char| c > '\u{2E80}' && !"。，、；：）》”".contains(c))
        {
            line_s
        } else {
            continue;
        };
        out.push((from, e));
    }
    out
}

/// One line of the original: byte span without its line break, and its lengths in chars.
struct Line {
    start: usize,
    end: usize,
    /// Chars without leading and trailing whitespace (0 for a blank line).
    core: usize,
    /// Chars without trailing whitespace, the indent counted (the visual width of the line).
    vis: usize,
    /// Visual width in full-width cells: the indent counted, half-width characters (ASCII
    /// digits and letters, spaces) as half a cell, rounded up.
    cells: usize,
}

fn lines(orig: &str) -> Vec<Line> {
    let bytes = orig.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    while start <= bytes.len() {
        let nl = memchr::memchr2(b'\n', b'\r', &bytes[start..]).map(|p| p + start);
        let (end, next) = match nl {
            Some(p) if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') => (p, p + 2),
            Some(p) => (p, p + 1),
            None => (bytes.len(), bytes.len() + 1),
        };
        let vis_s = orig[start..end].trim_end();
        let core_s = vis_s.trim_start();
        // One pass over the line; the indent is short, so `core` subtracts its chars.
        let (vis, ascii) = crate::text::count_chars_ascii(vis_s.as_bytes());
        let indent = &vis_s.as_bytes()[..vis_s.len() - core_s.len()];
        let core = vis - crate::text::count_chars(indent);
        // ASCII bytes are one char each and half a cell; every other char is a full cell.
        let cells = vis - ascii + ascii.div_ceil(2);
        out.push(Line {
            start,
            end,
            core,
            vis,
            cells,
        });
        start = next;
    }
    out
}

/// Page-number lines of PDF exports: `- 3 -`, `—3—`, `第3页`, `第 3 页 共 10 页`, `3/10`.
fn is_page_number(s: &str) -> bool {
    if s.len() > 48 {
        return false;
    }
    // Every form opens with a digit, a dash or `第`: most lines are rejected here, before the
    // folded copy is built.
    let first = s.chars().filter_map(fold_char).find(|c| !c.is_whitespace());
    if !first
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '—' | '–' | '－' | '·' | '第'))
    {
        return false;
    }
    let t: String = s
        .chars()
        .filter_map(fold_char)
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() || t.chars().count() > 12 {
        return false;
    }
    let core = t.trim_matches(|c| matches!(c, '-' | '—' | '–' | '－' | '·'));
    let digits = |x: &str| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit());
    if core.len() < t.len() && digits(core) {
        return true;
    }
    if let Some(rest) = t.strip_prefix('第') {
        let body = rest.split("共").next().unwrap_or("");
        return body.ends_with('页') && digits(&body[..body.len() - '页'.len_utf8()]);
    }
    matches!(t.split_once('/'), Some((a, b)) if digits(a) && digits(b))
}

/// Does the line open with a heading marker? Then it never continues the previous line.
/// `1.`/`12、` count only when no digit follows the dot (`0.69%`, `５．９%` are the tail of a
/// figure split by the wrap, not a marker) and the number is 1–99.
fn starts_marker(s: &str) -> bool {
    let t = s.trim_start();
    let mut it = t.chars().map(|c| fold_char(c).unwrap_or(c));
    let first = it.next().unwrap_or(' ');
    let second = it.next().unwrap_or(' ');
    const CN: &str = "一二三四五六七八九十";
    if CN.contains(first) {
        // `一、` `十一、` `二是`; also the wrong form `一.`.
        let mut rest = std::iter::once(second)
            .chain(it)
            .skip_while(|c| CN.contains(*c));
        return matches!(rest.next(), Some('、' | '是' | '.'));
    }
    if matches!(first, '(' | '【') {
        return CN.contains(second) || second.is_ascii_digit();
    }
    if first == '第' {
        return CN.contains(second);
    }
    if !first.is_ascii_digit() {
        return false;
    }
    let mut digits = String::from(first);
    let mut rest = std::iter::once(second).chain(it);
    let close = loop {
        match rest.next() {
            Some(c) if c.is_ascii_digit() => digits.push(c),
            c => break c,
        }
    };
    let after = rest.next();
    digits.len() <= 2
        && digits.parse::<u32>().is_ok_and(|v| v > 0)
        && match close {
            Some('.') => !after.is_some_and(|c| c.is_ascii_digit()),
            Some('、') => true,
            _ => false,
        }
}

/// Does the line open with punctuation that never starts a paragraph (a wrapped line's tail
/// pushed past the margin: `，与经济社会…`, a lone `。`, `%`)?
fn starts_continuation(s: &str) -> bool {
    s.trim_start()
        .chars()
        .next()
        .map(|c| fold_char(c).unwrap_or(c))
        .is_some_and(|c| "，。、；：！？）》」”’%,.;:!?)".contains(c))
}

/// The most common length among `long` lines, each counted under its lengths with and without
/// the indent (the longest of equally common ones); 0 for none. Sorted rather than hashed: a
/// report has a few hundred lines, and hashing each showed in the extraction.
fn most_common_width(long: &[&Line]) -> usize {
    let mut lens: Vec<usize> = long
        .iter()
        .flat_map(|l| [Some(l.core), (l.vis != l.core).then_some(l.vis)])
        .flatten()
        .collect();
    lens.sort_unstable();
    lens.chunk_by(|a, b| a == b)
        .map(|run| (run.len(), run[0]))
        .max()
        .map_or(0, |(_, w)| w)
}

/// Line breaks to delete: page-number lines always; in hard-wrapped text, the break after every
/// full line that does not end a sentence (skipping blank and page-number lines between pages).
///
/// A line is full when its length reaches the wrap width. PDF exports indent a paragraph's first
/// line (U+2002, U+3000, spaces) either inside the width or on top of it, and set half-width
/// digits narrower than ideographs, so a line is measured three ways: without the indent, with
/// it, and in cells. The width is the most common length among long lines, counting each line
/// under both its lengths with and without the indent.
fn line_deletions(orig: &str) -> (Vec<(usize, usize)>, bool) {
    let ls = lines(orig);
    let mut out = Vec::new();
    let page: Vec<bool> = ls
        .iter()
        .map(|l| is_page_number(&orig[l.start..l.end]))
        .collect();
    for (l, _) in ls.iter().zip(&page).filter(|(_, p)| **p) {
        out.push((l.start, l.end));
    }
    let long: Vec<&Line> = ls.iter().filter(|l| l.core >= 16).collect();
    let width = most_common_width(&long);
    let fits = |n: usize| n + 2 >= width && n <= width + 1;
    let full = |l: &Line| width > 0 && (fits(l.core) || fits(l.vis) || fits(l.cells));
    let n_full = long.iter().filter(|l| full(l)).count();
    let hard_wrapped = n_full >= 5 && n_full * 2 >= long.len();
    if !hard_wrapped {
        return (out, false);
    }
    // The left margin: continuation lines start there; a line indented past it opens a
    // paragraph (even after a line that happens to fill the width, such as a long heading).
    let margin = long.iter().map(|l| l.vis - l.core).min().unwrap_or(0);
    for i in 0..ls.len() {
        let l = &ls[i];
        if page[i] || l.core == 0 {
            continue;
        }
        let line = orig[l.start..l.end].trim_end();
        if line.ends_with(['。', '！', '？', '：', ':']) {
            continue;
        }
        // Next line with text, past blank and page-number lines.
        let mut j = i + 1;
        while j < ls.len() && (page[j] || ls[j].core == 0) {
            j += 1;
        }
        if j >= ls.len() || (j > i + 1 && !page[i + 1..j].iter().any(|p| *p)) {
            continue; // a blank line with no page number between is a paragraph break
        }
        let next = &orig[ls[j].start..ls[j].end];
        // A line opening with closing punctuation continues the previous one, full or not.
        if !(full(l) || starts_continuation(next)) || starts_marker(next) {
            continue;
        }
        if ls[j].vis - ls[j].core >= margin + 2 && !starts_continuation(next) {
            continue; // an indented first line
        }
        let lead = next.len() - next.trim_start().len();
        out.push((l.start + line.len(), ls[j].start + lead));
    }
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converter_variants_fold_to_their_simplified_character() {
        let mut n = 0;
        for pairs in VARIANTS {
            let cs: Vec<char> = pairs.chars().collect();
            assert_eq!(cs.len() % 2, 0, "{pairs}");
            for p in cs.chunks_exact(2) {
                let (v, s) = (p[0], p[1]);
                assert!((T2S_FIRST..=T2S_LAST).contains(&(v as u32)), "{v}");
                assert_eq!((v.len_utf8(), s.len_utf8()), (3, 3), "{v}{s}");
                assert_eq!(fold_char(v), Some(s), "{v} folds to {s}");
                assert_eq!(fold_char(s), Some(s), "{s} is Simplified");
                n += 1;
            }
        }
        assert!(n > 200);
        assert_eq!(fold_str("羣衆參與峯會"), "群众参与峰会");
        assert_eq!(fold_str("答覆諮詢谘询藉助著力"), "答复咨询咨询借助着力");
    }

    fn roundtrip(orig: &str) {
        let n = normalize(orig);
        cursor_agrees(&n);
        // Every normalized char maps to an original char that folds to it.
        for (b, c) in n.text.char_indices() {
            let o = n.orig_start(b);
            let e = n.orig_end(b + c.len_utf8());
            let oc = orig[o..e].chars().next().expect("mapped to a char");
            assert_eq!(orig[o..e].chars().count(), 1, "{orig:?} at {b}");
            let want = if oc == '\r' {
                "\n".to_string()
            } else {
                fold_str(&oc.to_string())
            };
            assert_eq!(want, c.to_string(), "{orig:?} at {b}");
        }
    }

    /// The forward cursor gives the binary searches' results at every character boundary.
    fn cursor_agrees(n: &Normalized) {
        let bounds: Vec<usize> = (0..=n.text.len())
            .filter(|&b| n.text.is_char_boundary(b))
            .collect();
        let mut cur = n.cursor(0);
        for &b in &bounds {
            assert_eq!(cur.orig_end(b), n.orig_end(b), "{:?} end {b}", n.text);
            assert_eq!(cur.orig_start(b), n.orig_start(b), "{:?} start {b}", n.text);
        }
        for &from in &bounds {
            let mut cur = n.cursor(from);
            assert_eq!(cur.orig_start(from), n.orig_start(from));
        }
    }

    proptest::proptest! {
        #[test]
        fn cursor_matches_binary_search(s in "[一（）()1９.．、。，,\u{3000}\u{200B}\u{FEFF}\r\n議a wè]{0,200}") {
            cursor_agrees(&normalize(&s));
        }
    }

    #[test]
    fn mirror_pinyin_and_sharing_site_marks_are_debris() {
        for (orig, want) in [
            ("加強黨對法治政府建設(shè)的領(lǐng)導(dǎo)", "加强党对法治政府建设的领导"),
            ("持續(xù)推進(jìn)簡政放權(quán)", "持续推进简政放权"),
            // not pinyin: a letter, a word, no tone, not after an ideograph
            ("附件(a)和(b)", "附件(a)和(b)"),
            ("平台(app)上线", "平台(app)上线"),
            ("x(shè)", "x(shè)"),
            (
                "一、主要举措和成效 公文汇 www.gongwenhui.com\n（一）坚持党的领导",
                "一、主要举措和成效\n(一)坚持党的领导",
            ),
            (
                "秘书之家—全网资源每日更新www.mishuzj.com湖北省人民政府关于2023年度法治政府建设情况的报告",
                "湖北省人民政府关于2023年度法治政府建设情况的报告",
            ),
            ("公文汇 www.gongwenhui.com\n正文", "\n正文"),
            // cited in the body, or a government site: kept
            ("详见www.example.com。", "详见www.example.com。"),
            ("登录中国政府网 www.gov.cn\n", "登录中国政府网 www.gov.cn\n"),
            ("一、工作情况见www.example.com\n", "一、工作情况见\n"),
        ] {
            assert_eq!(normalize(orig).text, want, "{orig}");
            roundtrip(orig);
        }
    }

    #[test]
    fn folds_and_maps_back() {
        for s in [
            "化解率达９９．９％，受理行政复议案件32件",
            "a\r\nb\rc\u{200B}d\u{FEFF}e\u{3000}f",
            "[bookmark: OLE_LINK1]（一）行政復議",
            "扫一扫在手机打开当前页\n2021年12月25日",
            "",
            "\u{200B}",
        ] {
            roundtrip(s);
        }
    }

    #[test]
    fn page_numbers() {
        for (s, want) in [
            ("- 3 -", true),
            ("—12—", true),
            ("第 3 页 共 10 页", true),
            ("3/10", true),
            ("2021年", false),
            ("一、", false),
            ("3", false),
        ] {
            assert_eq!(is_page_number(s), want, "{s}");
        }
    }

    #[test]
    fn rejoins_hard_wrapped_paragraphs() {
        let para = "二〇二二年我镇共排查发现矛盾纠纷五百四十六起，调处化解五百四十五起，化解率达99.9%。全镇没有发生群体性事件，社会大局保持和谐稳定。";
        let mut src = String::from("一、主要举措和成效\n");
        for _ in 0..4 {
            let chars: Vec<char> = para.chars().collect();
            for chunk in chars.chunks(20) {
                src.extend(chunk);
                src.push('\n');
            }
        }
        src.push_str("\n- 1 -\n\n二、存在的不足\n");
        let n = normalize(&src);
        assert!(n.hard_wrapped);
        assert!(n.text.contains("化解率达99.9%"), "{}", n.text);
        assert!(n.text.contains("\n二、存在的不足"));
        assert!(!n.text.contains("- 1 -"));
        roundtrip(&src);
    }

    #[test]
    fn short_lines_are_not_joined() {
        let src = "中共沙市镇委员会\n沙市镇人民政府\n关于2022年法治政府建设情况的报告\n";
        assert_eq!(normalize(src).text, src);
    }
    /// Wrap `paras` at `width` chars the way PDF exports do: the first line of each paragraph
    /// indented by `indent`, inside the width (`inside`) or on top of it.
    fn wrap(paras: &[&str], width: usize, indent: &str, inside: bool) -> String {
        let mut out = String::new();
        for p in paras {
            let cs: Vec<char> = p.chars().collect();
            let first = if inside {
                width - indent.chars().count()
            } else {
                width
            };
            out.push_str(indent);
            let mut k = first.min(cs.len());
            out.extend(&cs[..k]);
            out.push('\n');
            while k < cs.len() {
                let e = (k + width).min(cs.len());
                out.extend(&cs[k..e]);
                out.push('\n');
                k = e;
            }
        }
        out
    }

    #[test]
    fn rejoins_indented_paragraphs() {
        let paras = [
            "全镇没有发生群体性事件，社会大局保持和谐稳定，人民群众安全感满意度持续提升，法治建设各项工作有序推进，取得明显成效。",
            "营商环境持续优化，深入推进政务服务标准化规范化便利化，全年办理行政许可事项二百余件，涉及金额９０１．４８万元，群众满意度进一步提升。",
            "二〇二二年我镇共排查发现矛盾纠纷五百四十六起，调处化解五百四十五起，化解率达99.9%，开展执法检查596次，同比上升10.69%。",
            "坚持把依法行政贯穿于政府工作的各个环节，认真执行人民法院生效裁判，及时回复司法建议，与经济社会发展同部署、同推进、同督促、同考核。",
            "切实增强干部职工运用法治思维和法治方式推动发展、化解矛盾的能力，全年组织领导班子学法十五次，开展执法培训二百三十余人次，成效明显。",
        ];
        // (indent, indent inside the width, width): figures split across the break must rejoin.
        let cases: &[(&str, bool, usize)] = &[
            ("\u{2002}\u{2002}", true, 36),
            ("\u{2002}\u{2002}", false, 36),
            ("\u{3000}\u{3000}", true, 30),
            ("\u{3000}\u{3000}", false, 33),
            ("    ", false, 36),
            ("", true, 25),
        ];
        for &(indent, inside, width) in cases {
            let src = wrap(&paras, width, indent, inside);
            let n = normalize(&src);
            assert!(n.hard_wrapped, "{indent:?} {inside} {width}");
            for want in [
                "涉及金额901.48万元",
                "同比上升10.69%",
                "99.9%",
                "与经济社会",
            ] {
                assert!(
                    n.text.contains(want),
                    "{want} {indent:?} {inside} {width}: {}",
                    n.text
                );
            }
            assert_eq!(n.text.matches('\n').count(), paras.len(), "{}", n.text);
            roundtrip(&src);
        }
    }

    #[test]
    fn wrapped_tails_and_markers() {
        // (next line, opens with a marker, opens with closing punctuation)
        let cases: &[(&str, bool, bool)] = &[
            ("一、主要举措", true, false),
            ("十一、其他", true, false),
            ("二是加强学习", true, false),
            ("（三）健全制度", true, false),
            ("1.公布清单", true, false),
            ("１２、公布清单", true, false),
            ("\u{2002}\u{2002}2．做好解读", true, false),
            ("0.69%。", false, false),
            ("5.9%，受理", false, false),
            ("０１．４８万元", false, false),
            ("100.项目", false, false),
            ("三十多名干部", false, false),
            ("2021年我镇", false, false),
            ("。", false, true),
            ("，与经济社会发展", false, true),
            ("%。切实提升", false, true),
            ("、化解矛盾", false, true),
        ];
        for &(s, marker, cont) in cases {
            assert_eq!(starts_marker(s), marker, "{s}");
            assert_eq!(starts_continuation(s), cont, "{s}");
        }
    }

    #[test]
    fn indented_line_after_a_full_heading_is_a_new_paragraph() {
        let paras = [
            "全镇没有发生群体性事件，社会大局保持和谐稳定，人民群众安全感满意度持续提升，法治建设各项工作有序推进，取得明显成效。",
            "营商环境持续优化，深入推进政务服务标准化规范化便利化，全年办理行政许可事项二百余件，群众满意度进一步提升。",
            "三、街道党工委办事处主要负责同志履行推进法治建设第一责任人职责情况",
            "党政主要负责人切实履行推进法治建设第一责任人职责，对重大问题亲自过问、重点环节亲自协调，主要负责人讲授专题党课１次。",
            "坚持把依法行政贯穿于政府工作的各个环节，认真执行人民法院生效裁判，及时回复司法建议，与经济社会发展同部署。",
        ];
        for indent in ["\u{2002}\u{2002}", "\u{3000}\u{3000}", "    "] {
            let src = wrap(&paras, 36, indent, true);
            let n = normalize(&src);
            assert!(n.hard_wrapped);
            assert!(
                n.text.contains("第一责任人职责情况\n"),
                "{indent:?}: {}",
                n.text
            );
            assert_eq!(n.text.matches('\n').count(), paras.len(), "{}", n.text);
        }
    }

    #[test]
    fn punctuation_line_joins_a_short_line() {
        // A line pushed one char short by kinsoku, then its `。` on a line of its own.
        let para = "全镇没有发生群体性事件，社会大局保持和谐稳定，人民群众安全感满意度持续提升。";
        let mut src = String::new();
        for _ in 0..6 {
            let cs: Vec<char> = para.chars().collect();
            for c in cs.chunks(18) {
                src.extend(c);
                src.push('\n');
            }
        }
        src.push_str("规范依申请公开办理，按时答复率100%\n。\n");
        let n = normalize(&src);
        assert!(n.hard_wrapped);
        assert!(n.text.contains("按时答复率100%。"), "{}", n.text);
    }
}
