//! The documents of the search index, written natively with the `tantivy` crate into the index
//! that tantivy-py reads (the layout is described in `index.py`; both must agree).
//!
//! Why: through tantivy-py each section document cost ~30 µs of Python under the GIL (building
//! it, then tantivy-py converting it field by field), which held the whole build to one core
//! while tantivy's own indexing threads idled. Here a batch of files is read, extracted and
//! turned into documents on all cores, and the documents reach tantivy's indexing threads
//! without a Python object in between.

use crate::batch;
use crate::meta::Region;
use crate::metrics::Lexicon;
use crate::normalize::fold_char;
use crate::report::Report;
use crate::tokens::Phrases;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::RwLock;
use tantivy::schema::{Facet, Field, Schema};
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// The fields of the index schema (`index._schema`).
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    kind: Field,
    file: Field,
    hash: Field,
    body: Field,
    text: Field,
    data: Field,
    year: Field,
    level: Field,
    part: Field,
    place: Field,
    region: Field,
}

impl Fields {
    pub fn of(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name| schema.get_field(name);
        Ok(Fields {
            kind: f("kind")?,
            file: f("file")?,
            hash: f("hash")?,
            body: f("body")?,
            text: f("text")?,
            data: f("data")?,
            year: f("year")?,
            level: f("level")?,
            part: f("part")?,
            place: f("place")?,
            region: f("region")?,
        })
    }
}

/// Can GB 2312, the Simplified character set, write `c`?
fn in_gb2312(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(c.encode_utf8(&mut buf));
    // GBK is GB 2312 plus characters with a first byte below 0xA1 or a second byte below 0xA1
    // (and user-defined rows from 0xF8).
    !unmappable && matches!(&*bytes, [0xA1..=0xF7, 0xA1..=0xFE])
}

/// A place name in Simplified script: only characters that Simplified text never uses (outside
/// GB 2312) are folded (`重慶市` → `重庆市`), so `乾元镇` and `乾县`, whose `乾` the character fold
/// would turn into `干`, keep their names.
///
/// # Examples
/// ```
/// use _core::write::fold_place;
/// assert_eq!(fold_place("重慶市"), "重庆市");
/// assert_eq!(fold_place("乾元镇"), "乾元镇");
/// ```
pub fn fold_place(name: &str) -> String {
    name.chars()
        .map(|c| {
            if in_gb2312(c) {
                c
            } else {
                fold_char(c).unwrap_or(c)
            }
        })
        .collect()
}

/// A report's region with its names trimmed and folded with [`fold_place`], as the index holds
/// it (`query.Place` is the same).
pub fn folded_region(r: &Region) -> Region {
    let f = |n: &Option<String>| {
        n.as_deref()
            .map(|s| fold_place(s.trim()))
            .filter(|s| !s.is_empty())
    };
    Region {
        province: f(&r.province),
        city: f(&r.city),
        county: f(&r.county),
        township: f(&r.township),
    }
}

/// Present names of a region from the top down.
fn names(r: &Region) -> impl Iterator<Item = &str> {
    [&r.province, &r.city, &r.county, &r.township]
        .into_iter()
        .flatten()
        .map(String::as_str)
}

/// The report metadata every section's stored data starts with.
#[derive(Serialize)]
struct Head<'a> {
    title: &'a Option<String>,
    report_year: Option<i32>,
    region: &'a Region,
    admin_level: &'a Option<String>,
    fingerprint: &'a Option<String>,
}

/// What every document of a report carries: the filter fields, and the JSON head of its
/// sections' stored data (the report metadata, an unclosed object).
pub struct Common {
    base: TantivyDocument,
    head: String,
}

impl Common {
    pub fn of(f: &Fields, rep: &Report, key: &str) -> Common {
        let place = folded_region(&rep.meta.region);
        let mut base = TantivyDocument::default();
        base.add_text(f.file, key);
        if let Some(y) = rep.meta.report_year {
            base.add_i64(f.year, i64::from(y));
        }
        if let Some(level) = rep.meta.admin_level.as_deref().filter(|l| !l.is_empty()) {
            base.add_text(f.level, level);
        }
        let names: Vec<&str> = names(&place).collect();
        for name in &names {
            base.add_text(f.place, name);
        }
        if !names.is_empty() {
            base.add_facet(f.region, Facet::from_path(names));
        }
        let mut head = serde_json::to_string(&Head {
            title: &rep.meta.title,
            report_year: rep.meta.report_year,
            region: &place,
            admin_level: &rep.meta.admin_level,
            fingerprint: &rep.fingerprint,
        })
        .expect("plain data serializes");
        head.pop();
        Common { base, head }
    }

    /// A report (or part) document: `data` is its stored JSON.
    pub fn record(&self, f: &Fields, kind: &str, hash: &str, data: &str) -> TantivyDocument {
        let mut doc = self.base.clone();
        doc.add_text(f.kind, kind);
        doc.add_text(f.hash, hash);
        doc.add_bytes(f.data, data.as_bytes());
        doc
    }

    /// A section document: its text stored, its search terms (bigrams, a break, its phrase
    /// terms) in `body`, its place in the report in the stored data.
    pub fn section(&self, f: &Fields, phrases: &Phrases, s: SectionRef<'_>) -> TantivyDocument {
        let mut doc = self.base.clone();
        doc.add_text(f.kind, "section");
        doc.add_text(f.part, s.part);
        // letter-spaced lines of PDF exports are stored and searched without their spacing
        let text = crate::normalize::without_letter_spacing(s.text);
        doc.add_text(f.body, phrases.token_string(&text));
        doc.add_bytes(f.text, text.as_bytes());
        let data = format!(
            "{},\"path\":{},\"part\":{},\"line\":{}}}",
            self.head,
            json(&s.path),
            json(&s.part),
            s.line
        );
        doc.add_bytes(f.data, data.as_bytes());
        doc
    }
}

fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("plain data serializes")
}

/// One section as documents are made from it.
#[derive(Debug, Clone, Copy)]
pub struct SectionRef<'a> {
    pub path: &'a [String],
    pub part: &'a str,
    pub line: u32,
    pub text: &'a str,
}

/// The sections of a report (one empty section when it has none, so every report is found by
/// its filters).
fn sections(rep: &Report) -> Vec<SectionRef<'_>> {
    let mut out: Vec<SectionRef<'_>> = rep
        .sections
        .iter()
        .map(|s| SectionRef {
            path: &s.path,
            part: if s.part.is_empty() { "other" } else { &s.part },
            line: s.line,
            text: &s.text,
        })
        .collect();
    if out.is_empty() {
        out.push(SectionRef {
            path: &[],
            part: "other",
            line: 1,
            text: "",
        });
    }
    out
}

/// The report document and one document per section. The report's stored data is its JSON
/// form with the content hash and the part of each section (`[[line, part], ...]`).
pub fn documents(
    f: &Fields,
    phrases: &Phrases,
    rep: &Report,
    key: &str,
    hash: &str,
) -> Vec<TantivyDocument> {
    let common = Common::of(f, rep, key);
    let secs = sections(rep);
    let parts: Vec<(u32, &str)> = secs.iter().map(|s| (s.line, s.part)).collect();
    let mut data = rep.to_json();
    data.pop();
    data.push_str(&format!(
        ",\"hash\":{},\"sections\":{}}}",
        json(hash),
        json(&parts)
    ));
    let mut docs = Vec::with_capacity(secs.len() + 1);
    docs.push(common.record(f, "report", hash, &data));
    docs.extend(secs.into_iter().map(|s| common.section(f, phrases, s)));
    docs
}

/// Why a report is not indexed (`None`: it is).
pub fn skip_reason(rep: &Report) -> Option<&'static str> {
    if rep.bytes == 0 {
        Some("empty")
    } else if let Some(why) = crate::decode::unread_reason(&rep.encoding) {
        Some(why)
    } else if rep.binary {
        Some("binary (not a report)")
    } else {
        None
    }
}

/// Why an indexed report is degraded (`None`: it is not).
pub fn degraded(replacements: usize, encoding: &str) -> Option<String> {
    (replacements > 0).then(|| format!("decoded with replacements ({replacements} as {encoding})"))
}

/// What an index stores for a file: its content hash and the tag of the extraction that made
/// its documents (`Lexicon::tag`); a file is unchanged only when both are.
pub fn stored_hash(content: &str, lex: &Lexicon) -> String {
    format!("{content}:{}", lex.tag())
}

/// The content hash of a file: blake2b with a 16-byte digest, in hex (Python's
/// `hashlib.blake2b(data, digest_size=16).hexdigest()`).
///
/// # Examples
/// ```
/// assert_eq!(_core::write::content_hash(b""), "cae66941d9efbd404e4d88758ea67670");
/// ```
pub fn content_hash(bytes: &[u8]) -> String {
    use blake2::digest::consts::U16;
    use blake2::{Blake2b, Digest};
    Blake2b::<U16>::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `unreadable (reason)`, with the operating system's words only (no `(os error N)`).
fn unreadable(e: &std::io::Error) -> String {
    let msg = e.to_string();
    let reason = match msg.rfind(" (os error ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    format!("unreadable ({reason})")
}

/// What became of one file given to [`Writer::add_files`]; `size` is its length in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Its content hash is the indexed version's: nothing was done.
    Unchanged {
        size: u64,
    },
    Indexed {
        size: u64,
        degraded: Option<String>,
    },
    Skipped {
        size: u64,
        why: String,
    },
    /// Larger than the limit given: not read, left to the caller (to index in pieces).
    Huge {
        size: u64,
    },
}

/// One file of a batch, made ready on a worker thread.
struct Made {
    outcome: Outcome,
    /// An indexed version must be deleted first.
    replaces: bool,
    docs: Vec<TantivyDocument>,
}

/// A tantivy index writer over the index in a folder, shared by the threads of a batch.
pub struct Writer {
    // `add_document` and `delete_term` take `&self`; commit and rollback need the writer
    // alone. `None` once finished.
    writer: RwLock<Option<IndexWriter>>,
    fields: Fields,
    phrases: Phrases,
}

/// Errors of the writer: the lock is held by another writer, or tantivy failed.
#[derive(Debug)]
pub enum WriteError {
    Locked,
    Closed,
    Tantivy(tantivy::TantivyError),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Locked => write!(f, "another writer holds the lock"),
            WriteError::Closed => write!(f, "the writer is closed"),
            WriteError::Tantivy(e) => write!(f, "{e}"),
        }
    }
}

impl From<tantivy::TantivyError> for WriteError {
    fn from(e: tantivy::TantivyError) -> Self {
        match e {
            tantivy::TantivyError::LockFailure(..) => WriteError::Locked,
            e => WriteError::Tantivy(e),
        }
    }
}

type WResult<T> = Result<T, WriteError>;

impl Writer {
    /// Take the writer lock of the index in `path`: `threads` indexing threads sharing
    /// `heap_bytes`; section bodies get the terms of `phrases`.
    pub fn open(path: &str, heap_bytes: usize, threads: usize, phrases: Phrases) -> WResult<Self> {
        let index = Index::open_in_dir(path)?;
        let fields = Fields::of(&index.schema())?;
        let writer = index.writer_with_num_threads(threads.max(1), heap_bytes)?;
        Ok(Writer {
            writer: RwLock::new(Some(writer)),
            fields,
            phrases,
        })
    }

    fn shared<T>(&self, f: impl FnOnce(&IndexWriter) -> WResult<T>) -> WResult<T> {
        let guard = self.writer.read().unwrap_or_else(|e| e.into_inner());
        f(guard.as_ref().ok_or(WriteError::Closed)?)
    }

    fn alone<T>(&self, f: impl FnOnce(&mut IndexWriter) -> WResult<T>) -> WResult<T> {
        let mut guard = self.writer.write().unwrap_or_else(|e| e.into_inner());
        f(guard.as_mut().ok_or(WriteError::Closed)?)
    }

    /// Delete every document of `file` (takes effect for documents added before this call).
    pub fn delete_file(&self, file: &str) -> WResult<()> {
        self.shared(|w| {
            w.delete_term(Term::from_field_text(self.fields.file, file));
            Ok(())
        })
    }

    fn add_all(&self, docs: Vec<Vec<TantivyDocument>>) -> WResult<()> {
        self.shared(|w| {
            for doc in docs.into_iter().flatten() {
                w.add_document(doc)?;
            }
            Ok(())
        })
    }

    /// Read, hash, extract and index `files` (path, hash of the indexed version if any) on
    /// `threads` workers (0 = all cores): each file is read once; one whose hash is that of
    /// its indexed version is left alone, one that changed replaces it (also when it is now
    /// skipped), one larger than `huge_bytes` is not read. The documents of each file follow
    /// those of the files before it.
    pub fn add_files(
        &self,
        files: &[(String, Option<String>)],
        threads: usize,
        lex: &Lexicon,
        huge_bytes: u64,
    ) -> WResult<Vec<Outcome>> {
        let made: Vec<Made> = batch::pool(threads).install(|| {
            files
                .par_iter()
                .map(|(path, known)| self.make(path, known.as_deref(), lex, huge_bytes))
                .collect()
        });
        self.shared(|w| {
            let mut outcomes = Vec::with_capacity(made.len());
            for (m, (path, _)) in made.into_iter().zip(files) {
                if m.replaces {
                    w.delete_term(Term::from_field_text(self.fields.file, path));
                }
                for doc in m.docs {
                    w.add_document(doc)?;
                }
                outcomes.push(m.outcome);
            }
            Ok(outcomes)
        })
    }

    fn make(&self, path: &str, known: Option<&str>, lex: &Lexicon, huge_bytes: u64) -> Made {
        let done = |outcome| Made {
            outcome,
            replaces: false,
            docs: Vec::new(),
        };
        let size = match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) => {
                return done(Outcome::Skipped {
                    size: 0,
                    why: unreadable(&e),
                })
            }
        };
        // a Word document is read whole: its text is a small part of its bytes (images)
        if size > huge_bytes && !batch::starts_like_zip(path.as_ref()) {
            return done(Outcome::Huge { size });
        }
        let bytes = match batch::read_file(path.as_ref()) {
            Ok(b) => b,
            Err(e) => {
                return done(Outcome::Skipped {
                    size,
                    why: unreadable(&e),
                })
            }
        };
        let size = bytes.len() as u64;
        let hash = stored_hash(&content_hash(&bytes), lex);
        if known == Some(hash.as_str()) {
            return done(Outcome::Unchanged { size });
        }
        let rep = batch::guarded(path, || crate::report::extract(&bytes, Some(path), lex));
        drop(bytes);
        let (outcome, docs) = match rep {
            Err(e) => (
                Outcome::Skipped {
                    size,
                    why: e.to_string(),
                },
                Vec::new(),
            ),
            Ok(rep) => match skip_reason(&rep) {
                Some(why) => (
                    Outcome::Skipped {
                        size,
                        why: why.to_string(),
                    },
                    Vec::new(),
                ),
                None => (
                    Outcome::Indexed {
                        size,
                        degraded: degraded(rep.replacements, &rep.encoding),
                    },
                    documents(&self.fields, &self.phrases, &rep, path, &hash),
                ),
            },
        };
        Made {
            outcome,
            replaces: known.is_some(),
            docs,
        }
    }

    /// Index reports extracted beforehand: `(report, file, content hash)`.
    pub fn add_reports(&self, reps: &[(&Report, &str, &str)], threads: usize) -> WResult<()> {
        let f = &self.fields;
        let docs = batch::pool(threads).install(|| {
            reps.par_iter()
                .map(|(rep, key, hash)| documents(f, &self.phrases, rep, key, hash))
                .collect()
        });
        self.add_all(docs)
    }

    /// Add one report (or part) document with the filter fields of `rep`.
    pub fn add_record(
        &self,
        rep: &Report,
        key: &str,
        kind: &str,
        hash: &str,
        data: &str,
    ) -> WResult<()> {
        let doc = Common::of(&self.fields, rep, key).record(&self.fields, kind, hash, data);
        self.add_all(vec![vec![doc]])
    }

    /// Add section documents with the filter fields and metadata of `rep`.
    pub fn add_sections(&self, rep: &Report, key: &str, secs: &[SectionRef<'_>]) -> WResult<()> {
        let common = Common::of(&self.fields, rep, key);
        let docs = secs
            .iter()
            .map(|s| common.section(&self.fields, &self.phrases, *s))
            .collect();
        self.add_all(vec![docs])
    }

    /// Make everything added so far durable and visible, atomically.
    pub fn commit(&self) -> WResult<u64> {
        self.alone(|w| Ok(w.commit()?))
    }

    /// Drop everything added since the last commit.
    pub fn rollback(&self) -> WResult<u64> {
        self.alone(|w| Ok(w.rollback()?))
    }

    /// Wait for the merges in progress and release the lock; the writer is closed after.
    pub fn finish(&self) -> WResult<()> {
        let w = self
            .writer
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        match w {
            Some(w) => Ok(w.wait_merging_threads()?),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_fold_only_what_simplified_text_never_uses() {
        assert_eq!(fold_place("臺灣省"), "台湾省");
        assert_eq!(fold_place("乾县"), "乾县");
        assert_eq!(fold_place("重庆市ＡＢ１"), "重庆市ＡＢ１");
        let p = folded_region(&Region {
            province: Some(" 重慶市 ".into()),
            city: None,
            county: Some("雲陽縣".into()),
            township: Some(" ".into()),
        });
        assert_eq!(names(&p).collect::<Vec<_>>(), ["重庆市", "云阳县"]);
    }

    #[test]
    fn documents_of_a_report_share_its_fields() {
        let lex = Lexicon::default();
        let text = "雲陽縣人民政府關於2022年法治政府建設情況的報告\n一、主要举措\n矛盾纠纷化解率达98%。\n二、存在的不足\n短板。\n";
        let rep = crate::report::extract(text.as_bytes(), Some("a.txt"), &lex);
        let mut sb = Schema::builder();
        for name in ["kind", "file", "hash", "level", "part", "place"] {
            sb.add_text_field(name, tantivy::schema::STRING | tantivy::schema::STORED);
        }
        sb.add_text_field("body", tantivy::schema::TEXT);
        sb.add_bytes_field("text", tantivy::schema::STORED);
        sb.add_bytes_field("data", tantivy::schema::STORED);
        sb.add_i64_field("year", tantivy::schema::INDEXED);
        sb.add_facet_field("region", tantivy::schema::FacetOptions::default());
        let f = Fields::of(&sb.build()).unwrap();
        let docs = documents(&f, &Phrases::new(["化解率"]), &rep, "a.txt", "h");
        assert_eq!(docs.len(), 1 + rep.sections.len());
        let data = |d: &TantivyDocument| {
            use tantivy::schema::Value;
            let b = d.get_first(f.data).and_then(|v| v.as_bytes()).unwrap();
            serde_json::from_slice::<serde_json::Value>(b).unwrap()
        };
        let report = data(&docs[0]);
        assert_eq!(report["hash"], "h");
        assert_eq!(
            report["sections"].as_array().unwrap().len(),
            rep.sections.len()
        );
        let first = data(&docs[1]);
        assert_eq!(first["report_year"], 2022);
        assert_eq!(first["region"]["county"], "云阳县");
        assert!(first["line"].as_u64().is_some());
        // Heading paths are stored as JSON whatever characters they hold.
        let path = [
            "a\"b".to_string(),
            "c\\d".into(),
            "e\nf\t".into(),
            "\u{7f}\u{2028}".into(),
        ];
        let s = SectionRef {
            path: &path,
            part: "other",
            line: 3,
            text: "x",
        };
        let doc = Common::of(&f, &rep, "a.txt").section(&f, &Phrases::default(), s);
        assert_eq!(data(&doc)["path"], serde_json::json!(path));
    }
}
