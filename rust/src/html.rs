//! Web pages saved as text: the edits that turn HTML markup into the report's text.
//!
//! Crawled corpora hold many reports as the HTML of the publishing site (`.htm`, or saved as
//! `.txt`). Rather than a separate HTML-to-text pass with its own offset map, markup becomes
//! more input to the normalizer's deletion machinery: tags, comments, scripts and styles are
//! deleted, and a block-level tag (`<p>`, `<br>`, `<div>`, `<tr>`, …) or a character reference
//! (`&gt;`, `&#20013;`) keeps its last byte (`>` or `;`) and has it replaced by one character
//! (a line break, a space, or the referenced character). Nothing is inserted, so every offset
//! still maps back to the original page.

use memchr::{memchr, memchr2_iter};

/// Deletions and one-character substitutions, both sorted by position. A substitution never
/// falls inside a deletion of the same edit list.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Edits {
    /// Byte ranges of the original to delete.
    pub deletions: Vec<(usize, usize)>,
    /// `(byte, char)`: the single-byte character at `byte` (`>` or `;`) reads as `char`.
    pub subs: Vec<(usize, char)>,
}

/// Whether `s` is an HTML page (or a fragment of one): it opens with markup, or it closes
/// paragraphs, divisions or cells, which no plain-text report does.
///
/// # Examples
/// ```
/// assert!(_core::html::is_markup("<!DOCTYPE html><html><body>报告</body></html>"));
/// assert!(_core::html::is_markup("报告\n<p>一、主要举措</p>\n<p>正文</p>"));
/// assert!(!_core::html::is_markup("一、主要举措\n化解率达99%（<5%为低）。"));
/// ```
pub fn is_markup(s: &str) -> bool {
    let head = s.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let start = &head.as_bytes()[..head.len().min(64)];
    if starts_with_ci(start, b"<!doctype html") || starts_with_ci(start, b"<html") {
        return true;
    }
    let mut closings = 0;
    for i in memchr::memmem::find_iter(s.as_bytes(), b"</") {
        let name = &s.as_bytes()[i + 2..s.len().min(i + 8)];
        if [&b"p>"[..], b"div>", b"td>", b"span>", b"li>", b"tr>"]
            .iter()
            .any(|t| starts_with_ci(name, t))
        {
            closings += 1;
            if closings >= 2 {
                return true;
            }
        }
    }
    false
}

/// The edits that reduce the markup of `s` to text (see the module note).
///
/// # Examples
/// ```
/// let s = "<p>化解率&gt;99%</p><script>x=1</script>";
/// let e = _core::html::edits(s);
/// assert_eq!(e.deletions, vec![(0, 3), (12, 15), (19, 22), (23, 43)]);
/// assert_eq!(e.subs, vec![(15, '>'), (22, '\n')]);
/// ```
pub fn edits(s: &str) -> Edits {
    let b = s.as_bytes();
    let mut out = Edits::default();
    // Everything before `done` is already covered by an edit.
    let mut done = 0;
    // Whether the text so far ends a line: an opening block tag there adds no blank line.
    let mut at_break = true;
    for i in memchr2_iter(b'<', b'&', b) {
        if i < done {
            continue;
        }
        let edit = if b[i] == b'<' {
            tag(b, i)
        } else {
            reference(s, i)
        };
        let Some((end, what)) = edit else { continue };
        let run = &b[done..i];
        if run.iter().all(u8::is_ascii_whitespace) {
            // Source layout between tags (indentation, line breaks) is not text.
            if run.contains(&b'\n') || run.contains(&b'\r') {
                out.deletions.push((done, i));
            }
        } else {
            at_break = false;
        }
        let sub = match what {
            Reads::Nothing => None,
            Reads::Break => Some('\n'),
            Reads::Open if at_break => None,
            Reads::Open => Some('\n'),
            Reads::Char(c) => Some(c),
        };
        match sub {
            Some(c) => {
                if end - 1 > i {
                    out.deletions.push((i, end - 1));
                }
                out.subs.push((end - 1, c));
                if c == '\n' {
                    at_break = true;
                } else if !c.is_whitespace() {
                    at_break = false;
                }
            }
            None => out.deletions.push((i, end)),
        }
        done = end;
    }
    out
}

/// What a tag or character reference reads as.
enum Reads {
    Nothing,
    /// A line break (`<br>`, a closing block tag).
    Break,
    /// A line break unless the text already ends one (an opening block tag).
    Open,
    Char(char),
}

/// Tags whose content is not text: deleted with everything up to their closing tag.
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"head",
    b"noscript",
    b"template",
    b"svg",
    b"iframe",
    b"select",
    b"textarea",
];

/// Tags that end a line of text.
const BLOCKS: &[&[u8]] = &[
    b"p",
    b"br",
    b"div",
    b"li",
    b"tr",
    b"table",
    b"ul",
    b"ol",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"hr",
    b"title",
    b"section",
    b"article",
    b"header",
    b"footer",
    b"nav",
    b"blockquote",
    b"pre",
    b"dd",
    b"dt",
    b"dl",
    b"form",
    b"center",
    b"body",
    b"html",
];

/// Longest tag (attributes included) taken as markup; a longer `<…` is text.
const MAX_TAG: usize = 4096;

/// The tag, comment or declaration at `i` (a `<`): its end, and what it reads as.
fn tag(b: &[u8], i: usize) -> Option<(usize, Reads)> {
    let rest = &b[i + 1..];
    if rest.starts_with(b"!--") {
        let e = memchr::memmem::find(&rest[3..], b"-->")?;
        return Some((i + 1 + 3 + e + 3, Reads::Nothing));
    }
    let close = rest.first() == Some(&b'/');
    let name_at = usize::from(close);
    let first = *rest.get(name_at)?;
    if !(first.is_ascii_alphabetic() || (!close && (first == b'!' || first == b'?'))) {
        return None;
    }
    let end = tag_end(b, i)?;
    let name: Vec<u8> = rest[name_at..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b':' || **c == b'-')
        .map(u8::to_ascii_lowercase)
        .collect();
    if !close && SKIPPED.contains(&name.as_slice()) {
        // Up to and including the closing tag; unclosed (a truncated page), just the tag.
        let closing = [b"</".as_slice(), &name].concat();
        let mut from = end;
        while let Some(k) = find_ci(&b[from..], &closing) {
            let at = from + k;
            let after = b.get(at + closing.len()).copied();
            if matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')) {
                let e = tag_end(b, at).unwrap_or(at + closing.len());
                return Some((e, Reads::Open));
            }
            from = at + closing.len();
        }
        return Some((end, Reads::Nothing));
    }
    let what = match name.as_slice() {
        b"br" => Reads::Break,
        n if BLOCKS.contains(&n) && close => Reads::Break,
        n if BLOCKS.contains(&n) => Reads::Open,
        b"td" | b"th" if !close => Reads::Char(' '),
        _ => Reads::Nothing,
    };
    Some((end, what))
}

/// Just past the `>` closing the tag that opens at `i`, skipping quoted attribute values.
fn tag_end(b: &[u8], i: usize) -> Option<usize> {
    let mut quote = None;
    for (k, &c) in b[i + 1..b.len().min(i + MAX_TAG)].iter().enumerate() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(c),
            (None, b'>') => return Some(i + 1 + k + 1),
            (None, b'<') => return None,
            _ => {}
        }
    }
    None
}

/// The character reference at `i` (a `&`): its end, and the character it stands for.
fn reference(s: &str, i: usize) -> Option<(usize, Reads)> {
    let b = s.as_bytes();
    let semi = i + memchr(b';', &b[i..b.len().min(i + 12)])?;
    let body = &s[i + 1..semi];
    let c = if let Some(num) = body.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(v).filter(|c| !c.is_control() || *c == '\n' || *c == '\t')?
    } else {
        match body {
            "nbsp" | "ensp" | "emsp" | "thinsp" => ' ',
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "ldquo" => '“',
            "rdquo" => '”',
            "lsquo" => '‘',
            "rsquo" => '’',
            "mdash" => '—',
            "ndash" => '–',
            "hellip" => '…',
            "middot" => '·',
            "times" => '×',
            "yen" => '¥',
            "deg" => '°',
            "permil" => '‰',
            _ => return None,
        }
    };
    Some((semi + 1, Reads::Char(c)))
}

fn starts_with_ci(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Apply the edits the way the normalizer does (without its folding).
    fn apply(s: &str) -> String {
        let e = edits(s);
        let mut out = String::new();
        let (mut d, mut u) = (e.deletions.iter().peekable(), e.subs.iter().peekable());
        let mut i = 0;
        while i < s.len() {
            if let Some(&&(a, z)) = d.peek() {
                if a == i {
                    i = z;
                    d.next();
                    continue;
                }
            }
            if let Some(&&(p, c)) = u.peek() {
                if p == i {
                    out.push(c);
                    i += 1;
                    u.next();
                    continue;
                }
            }
            let c = s[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
        out
    }

    #[test]
    fn page_becomes_lines_of_text() {
        let page = "<!DOCTYPE html><html><head><title>报告_某区政府</title>\
            <script>var a='<p>化解率达50%</p>';</script><style>p{}</style></head>\
            <body><div class=\"nav\">首页&nbsp;&gt;&nbsp;政务公开</div>\
            <p style=\"text-indent:2em\">一、主要举措</p><p>化解率达<span>99.9%</span>。</p>\
            <table><tr><td>件数</td><td>32件</td></tr></table><!-- 注释 --></body></html>";
        let t = apply(page);
        let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "首页 > 政务公开",
                "一、主要举措",
                "化解率达99.9%。",
                "件数 32件"
            ]
        );
    }

    #[test]
    fn one_line_per_paragraph_and_blank_paragraphs_kept() {
        let page = "<div>\n  <p>甲</p>\n  <p></p>\n  <p>乙<br>丙</p><p>丁</p>\n</div>";
        assert_eq!(apply(page), "甲\n\n乙\n丙\n丁\n\n");
        assert_eq!(
            apply(&page.replace("\n  ", "").replace('\n', "")),
            apply(page)
        );
    }

    #[test]
    fn references_numeric_and_named() {
        assert_eq!(
            apply("a&#20013;b&#x6587;c&amp;d&unknown;e"),
            "a中b文c&d&unknown;e"
        );
        assert_eq!(apply("&#0;&#xD800;"), "&#0;&#xD800;");
    }

    #[test]
    fn text_that_only_looks_like_markup_stays() {
        assert_eq!(apply("比例<5%，a < b > c"), "比例<5%，a < b > c");
        assert_eq!(apply("<这不是标签>"), "<这不是标签>");
        assert_eq!(apply("<p title='a>b'>x"), "x");
    }

    #[test]
    fn truncated_page() {
        assert_eq!(apply("<p>正文<script>var x"), "正文var x");
        assert_eq!(apply("<p>正文<!-- 未完"), "正文<!-- 未完");
        assert_eq!(apply("<p>正文<span class="), "正文<span class=");
    }

    #[test]
    fn edits_are_sorted_and_disjoint() {
        let e = edits("<div><p>a&gt;b<br/>c</p></div>&#x4e2d;");
        assert!(e.deletions.windows(2).all(|w| w[0].1 <= w[1].0));
        for (p, _) in &e.subs {
            assert!(e.deletions.iter().all(|(a, z)| p < a || p >= z));
        }
    }
}
