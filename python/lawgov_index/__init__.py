"""lawgov-index: index, search and tabulate Chinese rule-of-law government annual reports."""

from __future__ import annotations

from lawgov_index._core import (
    Enumeration,
    Heading,
    Metric,
    Region,
    Report,
    RequiredParts,
    Section,
    __version__,
)
from lawgov_index.errors import (
    ExtractionError,
    IndexingError,
    LawgovError,
    LexiconError,
    QueryError,
)
from lawgov_index.extract import extract, extract_files, load_lexicon
from lawgov_index.index import Index

__all__ = [
    "Enumeration",
    "ExtractionError",
    "Heading",
    "Index",
    "IndexingError",
    "LawgovError",
    "LexiconError",
    "Metric",
    "QueryError",
    "Region",
    "Report",
    "RequiredParts",
    "Section",
    "__version__",
    "extract",
    "extract_files",
    "load_lexicon",
]
