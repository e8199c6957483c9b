//! Metrics: quantified facts (a number with a unit) and their names.
//!
//! The lexicon (canonical name, synonyms, kind, units, domain) is shipped as a TSV data file and
//! compiled into one Aho-Corasick automaton (`LeftmostLongest`, so `出庭应诉率` beats `应诉率`).
//! Finding a figure never depends on the lexicon: numbers with units are found first, and the
//! lexicon only names them; an unlisted figure is named from its context and marked as such.

use crate::error::Error;
use crate::segment::Heading;
use crate::text::Text;
use serde::Serialize;
use std::sync::{Arc, LazyLock};

/// One quantified fact. Field rules follow tests/gold/README.md.
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, get_all, module = "lawgov_index._core"))]
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

/// A metric lexicon: canonical names, synonyms, kinds and units.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {}

/// The lexicon shipped with the package.
pub const DEFAULT_TSV: &str = include_str!("../../python/lawgov_index/data/metric_lexicon.tsv");

static SHARED: LazyLock<Arc<Lexicon>> =
    LazyLock::new(|| Arc::new(Lexicon::parse(DEFAULT_TSV).expect("the shipped lexicon parses")));

impl Lexicon {
    /// Parse a lexicon TSV (header `canonical_name synonyms kind unit domain`).
    pub fn parse(_tsv: &str) -> Result<Lexicon, Error> {
        Ok(Lexicon {})
    }

    /// The shipped lexicon extended (and overridden by canonical name) with `extra` rows.
    pub fn default_with(extra: &str) -> Result<Lexicon, Error> {
        Lexicon::parse(&format!("{DEFAULT_TSV}\n{}", extra.split_once('\n').map_or("", |x| x.1)))
    }

    /// The shipped lexicon, compiled once per process.
    pub fn shared() -> Arc<Lexicon> {
        SHARED.clone()
    }
}

/// Extract the metrics of a document.
pub fn extract_metrics(_text: &Text, _headings: &[Heading], _lex: &Lexicon) -> Vec<Metric> {
    Vec::new()
}
