//! Native core of lawgov-index: turns the raw bytes of a Chinese rule-of-law government annual
//! report (法治政府建设年度报告) into a structured record — encoding, normalized text with an
//! offset map back to the original, heading tree, inline enumerations, metrics with parsed
//! figures, and metadata — and produces the search tokens of the index.
//!
//! Modules are pure (`&str`/`&[u8]` in, plain structs out). The Python bindings live in the
//! `_core` module at the bottom of this file and nowhere else (record structs only carry a
//! `cfg_attr` so they can be handed to Python as they are).

// An extraction makes many small strings (headings, names, sentences); mimalloc's per-thread
// heaps make that 6 % faster on one thread and 16 % on two (BENCHMARKS.md) than the system
// allocator. Only Rust's allocations use it; Python objects keep Python's allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod batch;
pub mod decode;
pub mod docx;
pub mod error;
pub mod html;
pub mod meta;
pub mod metrics;
pub mod mojibake;
pub mod normalize;
pub mod report;
#[cfg(feature = "index")]
pub mod search;
pub mod segment;
pub mod text;
pub mod tokens;
pub(crate) mod words;
#[cfg(feature = "index")]
pub mod write;

#[cfg(feature = "python")]
mod exceptions {
    use pyo3::create_exception;
    use pyo3::exceptions::PyException;
    create_exception!(
        lawgov_index._core,
        LawgovError,
        PyException,
        "Base of all lawgov-index errors."
    );
    create_exception!(
        lawgov_index._core,
        LexiconError,
        LawgovError,
        "A metric lexicon is malformed."
    );
    create_exception!(
        lawgov_index._core,
        ExtractionError,
        LawgovError,
        "Extraction failed on a file."
    );
    create_exception!(
        lawgov_index._core,
        IndexingError,
        LawgovError,
        "Building or updating an index failed."
    );
    create_exception!(
        lawgov_index._core,
        IndexLockedError,
        IndexingError,
        "Another writer holds the index lock (the message names it when it can)."
    );
}

#[cfg(feature = "python")]
#[pyo3::pymodule]
mod _core {
    use crate::error::Error;
    use crate::metrics::Lexicon;
    use pyo3::exceptions::{PyFileNotFoundError, PyOSError};
    use pyo3::prelude::*;
    use pyo3::pybacked::PyBackedBytes;
    use pyo3::types::PyBytes;
    use std::sync::Arc;

    #[pymodule_export]
    use crate::meta::Region;
    #[pymodule_export]
    use crate::metrics::Metric;
    #[pymodule_export]
    use crate::segment::{Enumeration, Heading, RequiredParts, Section};

    #[pymodule_export]
    use crate::exceptions::{
        ExtractionError, IndexLockedError, IndexingError, LawgovError, LexiconError,
    };

    fn to_pyerr(e: Error) -> PyErr {
        match e {
            Error::Io { ref source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                PyFileNotFoundError::new_err(e.to_string())
            }
            Error::Io { .. } => PyOSError::new_err(e.to_string()),
            Error::Lexicon(_) => LexiconError::new_err(e.to_string()),
            Error::Internal { .. } => ExtractionError::new_err(e.to_string()),
        }
    }

    /// A compiled metric lexicon, shared by all worker threads.
    #[pyclass(frozen, module = "lawgov_index._core", name = "Lexicon")]
    pub struct PyLexicon(Arc<Lexicon>);

    #[pymethods]
    impl PyLexicon {
        #[new]
        #[pyo3(signature = (tsv, *, extend_default = true))]
        fn new(tsv: &str, extend_default: bool) -> PyResult<Self> {
            let lex = if extend_default {
                Lexicon::default_with(tsv)
            } else {
                Lexicon::parse(tsv)
            };
            Ok(PyLexicon(Arc::new(lex.map_err(to_pyerr)?)))
        }

        /// The shipped lexicon.
        #[staticmethod]
        fn shipped() -> Self {
            PyLexicon(Lexicon::shared())
        }

        /// Canonical metric names that `query` names (canonical, synonym, or contained in one).
        fn resolve(&self, query: &str) -> Vec<String> {
            self.0.resolve(query)
        }

        /// Identity of the extraction this lexicon gives (core build and lexicon text).
        #[getter]
        fn tag(&self) -> &str {
            self.0.tag()
        }
    }

    fn lexicon(lex: Option<&Bound<'_, PyLexicon>>) -> Arc<Lexicon> {
        lex.map_or_else(Lexicon::shared, |l| l.get().0.clone())
    }

    /// One extracted report.
    #[pyclass(frozen, module = "lawgov_index._core")]
    pub struct Report(crate::report::Report);

    #[pymethods]
    impl Report {
        #[getter]
        fn file(&self) -> Option<String> {
            self.0.file.clone()
        }
        #[getter]
        fn encoding(&self) -> &str {
            &self.0.encoding
        }
        #[getter]
        fn warnings(&self) -> Vec<String> {
            self.0.warnings.clone()
        }
        #[getter]
        fn line_count(&self) -> u32 {
            self.0.line_count
        }
        #[getter]
        fn chars(&self) -> usize {
            self.0.chars
        }
        #[getter]
        fn bytes(&self) -> u64 {
            self.0.bytes
        }
        #[getter]
        fn replacements(&self) -> usize {
            self.0.replacements
        }
        #[getter]
        fn binary(&self) -> bool {
            self.0.binary
        }
        #[getter]
        fn title(&self) -> Option<String> {
            self.0.meta.title.clone()
        }
        #[getter]
        fn issuers(&self) -> Vec<String> {
            self.0.meta.issuers.clone()
        }
        #[getter]
        fn report_year(&self) -> Option<i32> {
            self.0.meta.report_year
        }
        #[getter]
        fn issue_date(&self) -> Option<String> {
            self.0.meta.issue_date.clone()
        }
        #[getter]
        fn published(&self) -> Option<String> {
            self.0.meta.published.clone()
        }
        #[getter]
        fn addressee(&self) -> Option<String> {
            self.0.meta.addressee.clone()
        }
        #[getter]
        fn doc_number(&self) -> Option<String> {
            self.0.meta.doc_number.clone()
        }
        #[getter]
        fn signer(&self) -> Option<String> {
            self.0.meta.signer.clone()
        }
        #[getter]
        fn region(&self) -> Region {
            self.0.meta.region.clone()
        }
        #[getter]
        fn admin_level(&self) -> Option<String> {
            self.0.meta.admin_level.clone()
        }
        #[getter]
        fn joint_party_government(&self) -> bool {
            self.0.meta.joint_party_government
        }
        #[getter]
        fn required_parts(&self) -> RequiredParts {
            self.0.required_parts.clone()
        }
        #[getter]
        fn headings(&self) -> Vec<Heading> {
            self.0.headings.clone()
        }
        #[getter]
        fn enumerations(&self) -> Vec<Enumeration> {
            self.0.enumerations.clone()
        }
        #[getter]
        fn metrics(&self) -> Vec<Metric> {
            self.0.metrics.clone()
        }
        #[getter]
        fn sections(&self) -> Vec<Section> {
            self.0.sections.clone()
        }
        #[getter]
        fn fingerprint(&self) -> Option<String> {
            self.0.fingerprint.clone()
        }
        #[getter]
        fn sketch(&self) -> Option<String> {
            self.0.sketch.clone()
        }
        /// Why the report is not indexed (empty, binary), or None.
        #[getter]
        fn skip_reason(&self) -> Option<&'static str> {
            crate::write::skip_reason(&self.0)
        }
        /// The JSON form (gold schema document fields plus file, encoding, warnings, lists).
        fn to_json(&self, py: Python<'_>) -> String {
            // Released so an indexing thread can serialize while another builds documents.
            py.detach(|| self.0.to_json())
        }
        /// The JSON form as Python objects.
        fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
            py.import("json")?
                .call_method1("loads", (self.0.to_json(),))
        }
        fn __repr__(&self) -> String {
            format!(
                "<Report {:?} {:?} headings={} metrics={}>",
                self.0.file.as_deref().unwrap_or(""),
                self.0.meta.title.as_deref().unwrap_or(""),
                self.0.headings.len(),
                self.0.metrics.len()
            )
        }
    }

    type Outcome = PyResult<Report>;

    fn wrap(results: Vec<Result<crate::report::Report, Error>>) -> Vec<Outcome> {
        results
            .into_iter()
            .map(|r| r.map(Report).map_err(to_pyerr))
            .collect()
    }

    /// Extract one document from bytes.
    #[pyfunction]
    #[pyo3(signature = (data, *, file = None, lexicon = None))]
    fn extract_bytes(
        py: Python<'_>,
        data: PyBackedBytes,
        file: Option<String>,
        lexicon: Option<&Bound<'_, PyLexicon>>,
    ) -> PyResult<Report> {
        let lex = self::lexicon(lexicon);
        let name = file.clone().unwrap_or_else(|| "<bytes>".to_string());
        py.detach(|| {
            crate::batch::guarded(&name, || {
                crate::report::extract(&data, file.as_deref(), &lex)
            })
        })
        .map(Report)
        .map_err(to_pyerr)
    }

    /// Extract one document from already decoded text.
    #[pyfunction]
    #[pyo3(signature = (text, *, file = None, lexicon = None))]
    fn extract_str(
        py: Python<'_>,
        text: String,
        file: Option<String>,
        lexicon: Option<&Bound<'_, PyLexicon>>,
    ) -> PyResult<Report> {
        let lex = self::lexicon(lexicon);
        let name = file.clone().unwrap_or_else(|| "<str>".to_string());
        py.detach(|| {
            crate::batch::guarded(&name, || {
                crate::report::extract_text(text, file.as_deref(), &lex)
            })
        })
        .map(Report)
        .map_err(to_pyerr)
    }

    /// Read and extract a batch of files on `threads` workers (0 = all cores), GIL released.
    /// Returns, in input order, a `Report` or the exception for that file.
    #[pyfunction]
    #[pyo3(signature = (paths, *, threads = 0, lexicon = None))]
    fn extract_paths(
        py: Python<'_>,
        paths: Vec<std::path::PathBuf>,
        threads: usize,
        lexicon: Option<&Bound<'_, PyLexicon>>,
    ) -> Vec<Py<PyAny>> {
        let lex = self::lexicon(lexicon);
        let results = py.detach(|| crate::batch::extract_paths(&paths, threads, &lex));
        wrap(results)
            .into_iter()
            .map(|r| match r {
                Ok(rep) => Py::new(py, rep)
                    .map(|o| o.into_any())
                    .unwrap_or_else(|e| e.into_value(py).into_any()),
                Err(e) => e.into_value(py).into_any(),
            })
            .collect()
    }

    /// Phrases indexed as single terms (see `tokens::Phrases`).
    #[pyclass(frozen, module = "lawgov_index._core", name = "Phrases")]
    pub struct PyPhrases(crate::tokens::Phrases);

    #[pymethods]
    impl PyPhrases {
        #[new]
        fn new(phrases: Vec<String>) -> Self {
            PyPhrases(crate::tokens::Phrases::new(phrases))
        }

        /// The phrases kept (three or more Han characters), folded, sorted.
        #[getter]
        fn phrases(&self) -> Vec<String> {
            self.0.list().to_vec()
        }
    }

    /// The top hits of one term, read natively from the index (see `search.rs`).
    #[pyclass(frozen, module = "lawgov_index._core", name = "TermSearcher")]
    pub struct PyTermSearcher(crate::search::TermSearcher);

    #[pymethods]
    impl PyTermSearcher {
        #[new]
        fn new(path: &str) -> PyResult<Self> {
            crate::search::TermSearcher::open(path)
                .map(PyTermSearcher)
                .map_err(|e| PyOSError::new_err(format!("cannot open the index in {path}: {e}")))
        }

        /// See the latest commit.
        fn reload(&self) -> PyResult<()> {
            self.0
                .reload()
                .map_err(|e| PyOSError::new_err(e.to_string()))
        }

        /// The documents whose body holds `term`, the `limit` best after `offset`, GIL
        /// released.
        fn top(
            &self,
            py: Python<'_>,
            term: &str,
            limit: usize,
            offset: usize,
        ) -> PyResult<PyTermHits> {
            py.detach(|| self.0.top(term, limit, offset))
                .map(PyTermHits)
                .map_err(|e| PyOSError::new_err(e.to_string()))
        }
    }

    /// The answer of `TermSearcher.top`: count, scores, and the stored fields of each hit.
    #[pyclass(frozen, module = "lawgov_index._core", name = "TermHits")]
    pub struct PyTermHits(crate::search::TermHits);

    #[pymethods]
    impl PyTermHits {
        /// Number of documents holding the term.
        #[getter]
        fn count(&self) -> usize {
            self.0.count
        }

        /// BM25 scores of the hits, best first.
        #[getter]
        fn scores(&self) -> Vec<f32> {
            self.0.hits.iter().map(|h| h.0).collect()
        }

        /// Stored (file, text, data) of hit `i`, read from the snapshot the hits came from.
        fn doc<'py>(
            &self,
            py: Python<'py>,
            i: usize,
        ) -> PyResult<(String, Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
            if i >= self.0.hits.len() {
                return Err(pyo3::exceptions::PyIndexError::new_err(i));
            }
            let (f, t, d) = py
                .detach(|| self.0.doc(i))
                .map_err(|e| PyOSError::new_err(e.to_string()))?;
            Ok((f, PyBytes::new(py, &t), PyBytes::new(py, &d)))
        }
    }

    /// The index writer of a folder, writing documents natively (see `write.rs`).
    #[pyclass(frozen, module = "lawgov_index._core", name = "IndexWriter")]
    pub struct PyIndexWriter {
        inner: crate::write::Writer,
        path: String,
    }

    /// (status, size, message) of one file given to `IndexWriter.add_files`.
    type FileOutcome = (&'static str, u64, Option<String>);

    /// The Python exception of a writer error on the index in `path`; `doing` says what failed.
    fn write_err(path: &str, doing: &str, e: crate::write::WriteError) -> PyErr {
        match e {
            crate::write::WriteError::Locked => {
                IndexLockedError::new_err(format!("index {path} is locked by another writer"))
            }
            e => IndexingError::new_err(format!("{doing} index {path} failed: {e}")),
        }
    }

    impl PyIndexWriter {
        fn err(&self, e: crate::write::WriteError) -> PyErr {
            write_err(&self.path, "writing", e)
        }
    }

    #[pymethods]
    impl PyIndexWriter {
        /// Take the writer lock of the index in `path` (IndexLockedError when it is held).
        #[new]
        #[pyo3(signature = (path, *, heap_bytes, threads, phrases))]
        fn new(
            path: String,
            heap_bytes: usize,
            threads: usize,
            phrases: &Bound<'_, PyPhrases>,
        ) -> PyResult<Self> {
            let phrases = phrases.get().0.clone();
            let inner = crate::write::Writer::open(&path, heap_bytes, threads, phrases)
                .map_err(|e| write_err(&path, "opening the writer of", e))?;
            Ok(PyIndexWriter { inner, path })
        }

        /// Delete every document of `file`.
        fn delete_file(&self, file: &str) -> PyResult<()> {
            self.inner.delete_file(file).map_err(|e| self.err(e))
        }

        /// Read, hash, extract and index `files` ((path, hash of the indexed version or None)
        /// pairs) on `threads` workers (0 = all cores), GIL released; per file (status, size,
        /// message): ("indexed", size, reason degraded or None), ("unchanged", size, None),
        /// ("skipped", size, reason) or ("huge", size, None) for a file above `huge_bytes`,
        /// which is not read.
        #[pyo3(signature = (files, *, threads = 0, lexicon = None, huge_bytes = u64::MAX))]
        fn add_files(
            &self,
            py: Python<'_>,
            files: Vec<(String, Option<String>)>,
            threads: usize,
            lexicon: Option<&Bound<'_, PyLexicon>>,
            huge_bytes: u64,
        ) -> PyResult<Vec<FileOutcome>> {
            use crate::write::Outcome;
            let lex = self::lexicon(lexicon);
            let outcomes = py
                .detach(|| self.inner.add_files(&files, threads, &lex, huge_bytes))
                .map_err(|e| self.err(e))?;
            Ok(outcomes
                .into_iter()
                .map(|o| match o {
                    Outcome::Indexed { size, degraded } => ("indexed", size, degraded),
                    Outcome::Unchanged { size } => ("unchanged", size, None),
                    Outcome::Skipped { size, why } => ("skipped", size, Some(why)),
                    Outcome::Huge { size } => ("huge", size, None),
                })
                .collect())
        }

        /// Index reports extracted beforehand, each with its file's content hash, GIL released.
        #[pyo3(signature = (reports, hashes, *, threads = 0))]
        fn add_reports(
            &self,
            py: Python<'_>,
            reports: Vec<Py<Report>>,
            hashes: Vec<String>,
            threads: usize,
        ) -> PyResult<()> {
            let items: Vec<(&crate::report::Report, &str, &str)> = reports
                .iter()
                .zip(&hashes)
                .map(|(r, h)| {
                    let r = &r.get().0;
                    (r, r.file.as_deref().unwrap_or(""), h.as_str())
                })
                .collect();
            py.detach(|| self.inner.add_reports(&items, threads))
                .map_err(|e| self.err(e))
        }

        /// Add a report (`kind` "report") or part document: the filter fields of `report`,
        /// `data` as its stored JSON.
        fn add_record(
            &self,
            report: &Bound<'_, Report>,
            file: &str,
            kind: &str,
            hash: &str,
            data: &str,
        ) -> PyResult<()> {
            self.inner
                .add_record(&report.get().0, file, kind, hash, data)
                .map_err(|e| self.err(e))
        }

        /// Add section documents ((path, part, line, text) each) with the filter fields and
        /// metadata of `report`, GIL released.
        fn add_sections(
            &self,
            py: Python<'_>,
            report: &Bound<'_, Report>,
            file: &str,
            sections: Vec<(Vec<String>, String, u32, String)>,
        ) -> PyResult<()> {
            let rep = &report.get().0;
            let refs: Vec<crate::write::SectionRef<'_>> = sections
                .iter()
                .map(|(path, part, line, text)| crate::write::SectionRef {
                    path,
                    part,
                    line: *line,
                    text,
                })
                .collect();
            py.detach(|| self.inner.add_sections(rep, file, &refs))
                .map_err(|e| self.err(e))
        }

        /// Commit what was added, atomically, GIL released.
        fn commit(&self, py: Python<'_>) -> PyResult<u64> {
            py.detach(|| self.inner.commit()).map_err(|e| self.err(e))
        }

        /// Drop what was added since the last commit.
        fn rollback(&self, py: Python<'_>) -> PyResult<u64> {
            py.detach(|| self.inner.rollback()).map_err(|e| self.err(e))
        }

        /// Wait for merges and release the lock; the writer cannot be used after.
        fn finish(&self, py: Python<'_>) -> PyResult<()> {
            py.detach(|| self.inner.finish()).map_err(|e| self.err(e))
        }
    }

    /// Why a file decoded with `replacements` U+FFFD as `encoding` is degraded, or None.
    #[pyfunction]
    fn degraded(replacements: usize, encoding: &str) -> Option<String> {
        crate::write::degraded(replacements, encoding)
    }

    /// Estimated share of clauses two report bodies have in common, from their sketches.
    #[pyfunction]
    fn similarity(a: &str, b: &str) -> Option<f64> {
        crate::report::similarity(a, b)
    }

    /// A place name in Simplified script (only characters outside GB 2312 folded).
    #[pyfunction]
    fn fold_place(name: &str) -> String {
        crate::write::fold_place(name)
    }

    /// Search terms of `text` (same function for documents and queries).
    #[pyfunction]
    fn tokens(text: &str) -> Vec<String> {
        crate::tokens::tokens(text)
    }

    /// Search terms of `text` joined by spaces, GIL released.
    #[pyfunction]
    fn token_string(py: Python<'_>, text: String) -> String {
        py.detach(|| crate::tokens::token_string(&text))
    }

    /// Fold `text` one code point for one (width, compatibility forms, Traditional → Simplified).
    #[pyfunction]
    fn fold(text: &str) -> String {
        crate::normalize::fold_str(text)
    }

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
