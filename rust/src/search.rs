//! Top hits of one term, read with the `tantivy` crate from the index that tantivy-py writes.
//!
//! Why: tantivy-py runs every search through a `MultiCollector`, which scores every match, so
//! even a single term is ranked by visiting all its postings (2–3 ms for 133 k hits at a
//! million reports). `TopDocs` alone prunes with block-max WAND, and a term query counts from
//! its document frequency when nothing is deleted, so the same answer takes a fraction of a
//! millisecond. Only single-term queries without filters come here (`Index.search` decides);
//! the scores are tantivy's BM25, the same as through tantivy-py.

use tantivy::collector::TopDocs;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

pub struct TermSearcher {
    reader: IndexReader,
    fields: [Field; 4],
}

/// The answer to one term: the number of matching documents and the best ones, with the
/// snapshot of the index they were found in, so their stored fields are read from the same
/// segments however the index changes meanwhile.
pub struct TermHits {
    pub count: usize,
    pub hits: Vec<(f32, DocAddress)>,
    searcher: Searcher,
    fields: [Field; 4],
}

impl TermSearcher {
    /// Open the index in `path` (reloaded only when asked).
    pub fn open(path: &str) -> tantivy::Result<TermSearcher> {
        let index = Index::open_in_dir(path)?;
        let schema = index.schema();
        let field = |name| schema.get_field(name);
        let fields = [
            field("body")?,
            field("file")?,
            field("text")?,
            field("data")?,
        ];
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(TermSearcher { reader, fields })
    }

    /// See the latest commit.
    pub fn reload(&self) -> tantivy::Result<()> {
        self.reader.reload()
    }

    /// Documents whose `body` holds `term`: their number and the `limit` best after `offset`.
    pub fn top(&self, term: &str, limit: usize, offset: usize) -> tantivy::Result<TermHits> {
        let searcher = self.reader.searcher();
        let body = self.fields[0];
        let q = TermQuery::new(
            Term::from_field_text(body, term),
            IndexRecordOption::WithFreqs,
        );
        let count = q.count(&searcher)?;
        let top = TopDocs::with_limit(limit.max(1))
            .and_offset(offset)
            .order_by_score();
        let mut hits = searcher.search(&q, &top)?;
        hits.truncate(limit);
        Ok(TermHits {
            count,
            hits,
            searcher,
            fields: self.fields,
        })
    }
}

impl TermHits {
    /// Stored `file`, `text` and `data` of hit `i`.
    pub fn doc(&self, i: usize) -> tantivy::Result<(String, Vec<u8>, Vec<u8>)> {
        let [_, file, text, data] = self.fields;
        let doc: TantivyDocument = self.searcher.doc(self.hits[i].1)?;
        let first = |f| doc.get_first(f);
        Ok((
            first(file)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string(),
            first(text)
                .and_then(|v| v.as_bytes())
                .unwrap_or(&[])
                .to_vec(),
            first(data)
                .and_then(|v| v.as_bytes())
                .unwrap_or(&[])
                .to_vec(),
        ))
    }
}
