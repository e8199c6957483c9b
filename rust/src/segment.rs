//! Heading segmentation: structural markers to a section tree.
//!
//! Levels are marker ranks (0 = `第X部分`, 1 = `一、`, 2 = `（一）`, 3 = `1.`, 4 = `（1）`); depth
//! comes from the stack rule (pop while the top rank is ≥ the new rank, then push), which
//! tolerates skipped levels and restarted numbering. `一是/二是` are enumerations, not headings.
//! Works on the normalized text; every position is mapped back through [`Text::pos`].

use crate::text::Text;
use serde::Serialize;

/// A heading of levels 0–4.
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, get_all, module = "lawgov_index._core"))]
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// Marker rank: 0 = 第X部分, 1 = 一、, 2 = （一）, 3 = 1., 4 = （1）.
    pub level: u8,
    /// Depth in the section tree (stack rule).
    pub depth: u8,
    /// The marker exactly as printed.
    pub marker: String,
    /// Heading text: after the marker up to the first `。` (original characters).
    pub text: String,
    /// Line of the marker.
    pub line: u32,
    /// Column of the marker.
    pub col: u32,
    /// Body text follows the heading's `。` on the same line.
    pub run_in: bool,
    /// Debris before the marker on its line (`[bookmark: …]`).
    pub prefix_debris: Option<String>,
    /// Required part this heading opens, if any.
    pub part: Option<String>,
    /// Byte offset of the marker in the normalized text.
    #[serde(skip)]
    pub norm_start: usize,
}

/// An inline `一是/二是…` list item.
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, get_all, module = "lawgov_index._core"))]
#[derive(Debug, Clone, Serialize)]
pub struct Enumeration {
    /// The enumerator as printed (`一是`).
    pub marker: String,
    /// Item text up to the first `。`/`；`, or the next enumerator after a comma.
    pub text: String,
    /// Line of the enumerator.
    pub line: u32,
    /// Column of the enumerator.
    pub col: u32,
    /// The enumerator opens its line.
    pub line_start: bool,
}

/// A span of the report under one heading (up to the next heading of any level).
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, get_all, module = "lawgov_index._core"))]
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Index into `headings`, `None` for the text before the first heading.
    pub heading: Option<usize>,
    /// Texts of the headings from the top down to this one.
    pub path: Vec<String>,
    /// Required part of the nearest heading that has one (`other` when none).
    pub part: String,
    /// Line where the section starts.
    pub line: u32,
    /// Original text of the section.
    pub text: String,
    /// Normalized byte span.
    #[serde(skip)]
    pub norm_span: (usize, usize),
}

/// Lines of the required parts (a heading, or the body line that carries the part).
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, get_all, module = "lawgov_index._core"))]
#[derive(Debug, Clone, Default, Serialize)]
pub struct RequiredParts {
    pub achievements: Option<u32>,
    pub shortcomings: Option<u32>,
    pub first_responsible: Option<u32>,
    pub next_year: Option<u32>,
}

/// Output of segmentation.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    pub headings: Vec<Heading>,
    pub enumerations: Vec<Enumeration>,
    pub sections: Vec<Section>,
    pub required_parts: RequiredParts,
}

/// Segment a document.
pub fn segment(_text: &Text) -> Segmented {
    Segmented::default()
}
