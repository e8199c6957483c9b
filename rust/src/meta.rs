//! Report metadata: title, issuers, years, dates, addressee, document number, signer, region
//! and administrative level, read from the frame of the document (title block, signature block,
//! web stamps). Field rules follow tests/gold/README.md.

use crate::segment::Segmented;
use crate::text::Text;
use serde::Serialize;

/// Region as the text itself names it.
#[cfg_attr(feature = "python", pyo3::pyclass(frozen, get_all, module = "lawgov_index._core"))]
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

/// Read the metadata of a document.
pub fn extract_meta(_text: &Text, _seg: &Segmented) -> Meta {
    Meta::default()
}
