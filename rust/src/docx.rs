//! Word documents (`.docx`, a zip of XML parts) to text, as a reader sees them: one line per
//! paragraph; Word's automatic list numbers written out, since a heading that Word numbers
//! carries no `一、` in its text and the outline would be lost without it; the cells of a table
//! row on one line, separated by tabs, so a figure stays beside its name; deleted revisions,
//! field codes and the fallback copies of text boxes left out.
//!
//! The text is what every offset of the report then points into (its "original").

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Largest part read, uncompressed: a report's text is a few MB; much more is a zip bomb.
const MAX_PART: u64 = 256 << 20;

/// Whether `bytes` start like a zip archive (a `.docx` is one).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// The text of the Word document in `bytes`, or why it cannot be read.
///
/// # Examples
/// ```
/// let err = _core::docx::text(b"PK\x03\x04 not really").unwrap_err();
/// assert!(err.contains("zip"));
/// ```
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip archive ({e})"))?;
    let doc = part(&mut zip, "word/document.xml")?
        .ok_or("a zip archive without word/document.xml, so not a Word document")?;
    let lists = match part(&mut zip, "word/numbering.xml")? {
        Some(x) => Lists::parse(&x)?,
        None => Lists::default(),
    };
    let styles = match part(&mut zip, "word/styles.xml")? {
        Some(x) => style_numbers(&x)?,
        None => HashMap::new(),
    };
    body(&doc, lists, &styles)
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, String> {
    let f = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("{name}: {e}")),
    };
    let mut s = String::new();
    f.take(MAX_PART)
        .read_to_string(&mut s)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(Some(s))
}

/// The value of the attribute whose local name is `name` (`w:val` → `val`).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.as_ref();
        (key.rsplit(':').next() == Some(name)).then(|| a.value.into_owned())
    })
}

fn xml_error(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: malformed XML ({e})")
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// What follows the number: `tab` (Word's default), `space` or `nothing`.
    suffix: String,
}

/// The list definitions of `numbering.xml` and the counters of the paragraphs seen so far.
#[derive(Debug, Default)]
struct Lists {
    /// Levels of each abstract list by `w:abstractNumId`.
    abstracts: HashMap<String, Vec<Level>>,
    /// `w:numId` → `w:abstractNumId`.
    nums: HashMap<String, String>,
    /// Current number of each level of each list (`w:numId`); 0 = not started.
    counters: HashMap<String, [u32; 9]>,
}

impl Lists {
    fn parse(xml: &str) -> Result<Lists, String> {
        let mut lists = Lists::default();
        let mut r = Reader::from_str(xml);
        // the abstract list and level being read; levels inside `w:num` are overrides, skipped
        let (mut abs, mut num, mut lvl): (Option<String>, Option<String>, Option<usize>) =
            (None, None, None);
        loop {
            match r
                .read_event()
                .map_err(|e| xml_error("word/numbering.xml", e))?
            {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    "abstractNum" => {
                        abs = attr(&e, "abstractNumId");
                        if let Some(a) = &abs {
                            lists.abstracts.insert(a.clone(), vec![Level::default(); 9]);
                        }
                    }
                    "num" => num = attr(&e, "numId"),
                    "abstractNumId" if num.is_some() => {
                        if let (Some(n), Some(a)) = (num.clone(), attr(&e, "val")) {
                            lists.nums.insert(n, a);
                        }
                    }
                    "lvl" if num.is_none() => {
                        lvl = attr(&e, "ilvl")
                            .and_then(|v| v.parse().ok())
                            .filter(|&l: &usize| l < 9);
                        if let Some(l) = level(&mut lists, &abs, lvl) {
                            l.start = 1;
                            l.suffix = "tab".into();
                        }
                    }
                    name @ ("start" | "numFmt" | "lvlText" | "suff") => {
                        let (Some(l), Some(v)) = (level(&mut lists, &abs, lvl), attr(&e, "val"))
                        else {
                            continue;
                        };
                        match name {
                            "start" => l.start = v.parse().unwrap_or(1),
                            "numFmt" => l.format = v,
                            "lvlText" => l.text = v,
                            _ => l.suffix = v,
                        }
                    }
                    _ => {}
                },
                Event::End(e) => match e.local_name().as_ref() {
                    "abstractNum" => abs = None,
                    "num" => num = None,
                    "lvl" => lvl = None,
                    _ => {}
                },
                Event::Eof => return Ok(lists),
                _ => {}
            }
        }
    }

    /// The label of the next paragraph of list `num` at level `ilvl` (`一、`, `（二）`, `3.`),
    /// followed by what Word puts after it; empty for bullets and unknown lists.
    fn next(&mut self, num: &str, ilvl: usize) -> String {
        let Some(levels) = self.nums.get(num).and_then(|a| self.abstracts.get(a)) else {
            return String::new();
        };
        let ilvl = ilvl.min(8);
        let counters = self.counters.entry(num.to_string()).or_insert([0; 9]);
        counters[ilvl] = match counters[ilvl] {
            0 => levels[ilvl].start,
            n => n.saturating_add(1),
        };
        // a higher level restarts the levels below it
        counters[ilvl + 1..].iter_mut().for_each(|c| *c = 0);
        let level = &levels[ilvl];
        if level.format == "bullet" {
            return String::new();
        }
        let mut label = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => {
                    chars.next();
                    let k = k as usize - 1;
                    let n = match counters[k] {
                        0 => levels[k].start,
                        n => n,
                    };
                    label.push_str(&format_number(n, &levels[k].format));
                }
                _ => label.push(c),
            }
        }
        let spaced = !label.ends_with(['、', '．', '.', '）', ')', '：', ':', '，']);
        if spaced && !label.is_empty() && level.suffix != "nothing" {
            label.push(' ');
        }
        label
    }
}

/// The level being read of the abstract list being read.
fn level<'a>(ls: &'a mut Lists, abs: &Option<String>, lvl: Option<usize>) -> Option<&'a mut Level> {
    ls.abstracts.get_mut(abs.as_ref()?)?.get_mut(lvl?)
}

/// A list number in one of Word's formats (`w:numFmt`).
fn format_number(n: u32, format: &str) -> String {
    const CN: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    let letter = |base: u8| {
        let (k, r) = ((n.max(1) - 1) / 26, (n.max(1) - 1) % 26);
        std::iter::repeat_n((base + r as u8) as char, k as usize + 1).collect()
    };
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "chineseLegalSimplified"
            if (1..100).contains(&n) =>
        {
            let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
            let mut s = String::new();
            if tens > 1 {
                s.push(CN[tens]);
            }
            if tens > 0 {
                s.push('十');
            }
            if ones > 0 {
                s.push(CN[ones]);
            }
            s
        }
        "ideographTraditional" if (1..=10).contains(&n) => STEMS[n as usize - 1].to_string(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x245F + n).map_or_else(|| n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" => format!("{n:02}"),
        // (a start value out of all proportion is printed as a number, not as pages of letters)
        "lowerLetter" if n <= 26 * 20 => letter(b'a'),
        "upperLetter" if n <= 26 * 20 => letter(b'A'),
        "lowerRoman" if n < 4000 => roman(n).to_lowercase(),
        "upperRoman" if n < 4000 => roman(n),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in R {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The list numbering of paragraph styles (`styleId` → (`numId`, level)): headings are often
/// numbered through their style rather than paragraph by paragraph.
fn style_numbers(xml: &str) -> Result<HashMap<String, (String, usize)>, String> {
    let mut out = HashMap::new();
    let mut r = Reader::from_str(xml);
    let (mut style, mut num, mut ilvl) = (None::<String>, None::<String>, 0usize);
    loop {
        match r
            .read_event()
            .map_err(|e| xml_error("word/styles.xml", e))?
        {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "style" => (style, num, ilvl) = (attr(&e, "styleId"), None, 0),
                "numId" => num = attr(&e, "val"),
                "ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let (Some(s), Some(n)) = (style.take(), num.take()) {
                    out.insert(s, (n, ilvl));
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A paragraph being read.
#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    num: Option<String>,
    ilvl: Option<usize>,
}

/// The text of `word/document.xml`.
fn body(
    xml: &str,
    mut lists: Lists,
    styles: &HashMap<String, (String, usize)>,
) -> Result<String, String> {
    let mut out = String::with_capacity(xml.len() / 4);
    let mut r = Reader::from_str(xml);
    // paragraphs nest (a text box inside a run); rows of tables too
    let mut paras: Vec<Para> = Vec::new();
    let mut rows: Vec<String> = Vec::new();
    let mut in_text = false;
    // the element whose content is being left out, and how deep it nests in itself
    let mut skip: Option<(String, usize)> = None;
    loop {
        let ev = r
            .read_event()
            .map_err(|e| xml_error("word/document.xml", e))?;
        if let Some((name, depth)) = &mut skip {
            match &ev {
                Event::Start(e) if e.local_name().as_ref() == name.as_str() => *depth += 1,
                Event::End(e) if e.local_name().as_ref() == name.as_str() => {
                    *depth -= 1;
                    if *depth == 0 {
                        skip = None;
                    }
                }
                Event::Eof => return Ok(out),
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                "p" => paras.push(Para::default()),
                "t" => in_text = true,
                "tr" => rows.push(String::new()),
                // a text box's second copy for old readers, the old place of moved text and
                // deleted text (tracked changes) are not what the document says
                name @ ("Fallback" | "moveFrom" | "del") => skip = Some((name.to_string(), 1)),
                name => para_property(&mut paras, name, &e),
            },
            Event::Empty(e) => {
                let name = e.local_name();
                match (name.as_ref(), paras.last_mut()) {
                    ("p", _) => {
                        end_paragraph(Para::default(), &mut lists, styles, &mut rows, &mut out)
                    }
                    ("tab", Some(p)) => p.text.push('\t'),
                    ("br" | "cr", Some(p)) => p.text.push('\n'),
                    ("noBreakHyphen", Some(p)) => p.text.push('-'),
                    (name, _) => para_property(&mut paras, name, &e),
                }
            }
            Event::Text(t) if in_text => {
                if let Some(p) = paras.last_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(g) if in_text => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*g {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(c), Some(p)) = (c, paras.last_mut()) {
                    p.text.push(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => {
                    if let Some(p) = paras.pop() {
                        end_paragraph(p, &mut lists, styles, &mut rows, &mut out);
                    }
                }
                "tc" => {
                    if let Some(row) = rows.last_mut() {
                        row.push('\t');
                    }
                }
                "tr" => {
                    if let Some(row) = rows.pop() {
                        let row = row.trim_end_matches(['\t', ' ']);
                        if !row.is_empty() {
                            out.push_str(row);
                            out.push('\n');
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Paragraph properties that number it: `w:pStyle`, and `w:numId` / `w:ilvl` of `w:numPr`.
fn para_property(paras: &mut [Para], name: &str, e: &BytesStart<'_>) {
    let Some(p) = paras.last_mut() else { return };
    match name {
        "pStyle" => p.style = attr(e, "val"),
        "numId" => p.num = attr(e, "val"),
        "ilvl" => p.ilvl = attr(e, "val").and_then(|v| v.parse().ok()),
        _ => {}
    }
}

fn end_paragraph(
    p: Para,
    lists: &mut Lists,
    styles: &HashMap<String, (String, usize)>,
    rows: &mut [String],
    out: &mut String,
) {
    let by_style = p.style.as_ref().and_then(|s| styles.get(s));
    let num = p.num.as_deref().or(by_style.map(|(n, _)| n.as_str()));
    let ilvl = p.ilvl.or(by_style.map(|&(_, l)| l)).unwrap_or(0);
    // numId 0 takes away the numbering a style would give
    let label = match num {
        Some(n) if n != "0" => lists.next(n, ilvl),
        _ => String::new(),
    };
    match rows.last_mut() {
        // a cell's paragraphs share its row's line
        Some(row) => {
            if !row.is_empty() && !row.ends_with('\t') {
                row.push(' ');
            }
            row.push_str(&label);
            row.push_str(&p.text.replace('\n', " "));
        }
        None => {
            out.push_str(&label);
            out.push_str(&p.text);
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A .docx made of the given parts.
    pub fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, body) in parts {
            z.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("zip entry");
            z.write_all(body.as_bytes()).expect("zip write");
        }
        z.finish().expect("zip finish");
        buf.into_inner()
    }

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn doc(body: &str) -> String {
        format!(r#"<?xml version="1.0"?><w:document {NS}><w:body>{body}</w:body></w:document>"#)
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn numbered(num: u32, ilvl: u32, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/>
        <w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn paragraphs_become_lines_with_word_numbers_written_out() {
        let body = [
            p("某镇2023年法治政府建设年度报告"),
            numbered(1, 0, "主要工作"),
            numbered(1, 1, "强化组织领导"),
            numbered(1, 2, "健全制度"),
            numbered(1, 2, "压实责任"),
            numbered(1, 1, "规范执法"),
            numbered(1, 2, "化解率达99.9%&amp;以上"),
            numbered(1, 0, "存在的不足"),
            numbered(2, 0, "一个要点"),
            "<w:p/>".to_string(),
        ]
        .concat();
        let bytes = docx(&[
            ("word/document.xml", &doc(&body)),
            ("word/numbering.xml", NUMBERING),
        ]);
        assert_eq!(
            text(&bytes).expect("readable"),
            "某镇2023年法治政府建设年度报告\n一、主要工作\n（一）强化组织领导\n1.健全制度\n\
             2.压实责任\n（二）规范执法\n1.化解率达99.9%&以上\n二、存在的不足\n一个要点\n\n"
        );
    }

    #[test]
    fn styles_number_headings_and_tables_keep_rows_on_a_line() {
        let styles = r#"<w:styles xmlns:w="x"><w:style w:type="paragraph" w:styleId="H1">
            <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;
        let body = format!(
            r#"<w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>主要成效</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>
            <w:p><w:moveFrom><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:del><w:r><w:t>删去</w:t></w:r></w:del><w:r><w:delText>删去</w:delText><w:instrText>PAGE</w:instrText><w:t xml:space="preserve">全年</w:t><w:tab/><w:t>受理32件</w:t></w:r></w:p>
            <w:p><w:r><mc:AlternateContent xmlns:mc="m"><mc:Choice><w:p><w:r><w:t>框内</w:t></w:r></w:p></mc:Choice><mc:Fallback><w:p><w:r><w:t>框内</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent><w:t>正文</w:t></w:r></w:p>"#,
            p("行政复议案件"),
            p("32件"),
            p("化解率"),
            p("（调解）"),
            p("98.6%"),
        );
        let bytes = docx(&[
            ("word/document.xml", &doc(&body)),
            ("word/numbering.xml", NUMBERING),
            ("word/styles.xml", styles),
        ]);
        assert_eq!(
            text(&bytes).expect("readable"),
            "一、主要成效\n行政复议案件\t32件\n化解率 （调解）\t98.6%\n全年\t受理32件\n框内\n正文\n"
        );
    }

    #[test]
    fn number_formats() {
        let f = format_number;
        assert_eq!(
            [
                f(1, "chineseCounting"),
                f(10, "chineseCounting"),
                f(12, "chineseCounting")
            ],
            ["一", "十", "十二"]
        );
        assert_eq!(f(21, "chineseCountingThousand"), "二十一");
        assert_eq!(f(3, "ideographTraditional"), "丙");
        assert_eq!(f(2, "decimalEnclosedCircle"), "②");
        assert_eq!(f(12, "decimalFullWidth"), "１２");
        assert_eq!([f(4, "upperRoman"), f(28, "lowerLetter")], ["IV", "bb"]);
        assert_eq!(f(7, "decimal"), "7");
        assert_eq!(
            [f(u32::MAX, "upperLetter"), f(90_000, "upperRoman")],
            ["4294967295", "90000"]
        );
    }

    #[test]
    fn what_is_not_a_word_document_says_why() {
        let zip_without_doc = docx(&[("content.xml", "<x/>")]);
        assert!(text(&zip_without_doc)
            .unwrap_err()
            .contains("word/document.xml"));
        let broken = docx(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
        assert!(text(&broken).unwrap_err().contains("malformed"));
        assert!(text(b"PK\x03\x04\x00\x00").unwrap_err().contains("zip"));
    }
}
