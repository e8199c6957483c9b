"""Native core of lawgov-index (Rust). Public docs live in lawgov_index.extract and .index."""

from collections.abc import Sequence
from os import PathLike
from typing import final

__all__ = [
    "Enumeration",
    "ExtractionError",
    "Heading",
    "IndexLockedError",
    "IndexWriter",
    "IndexingError",
    "LawgovError",
    "Lexicon",
    "LexiconError",
    "Metric",
    "Phrases",
    "Region",
    "Report",
    "RequiredParts",
    "Section",
    "TermHits",
    "TermSearcher",
    "__version__",
    "degraded",
    "extract_bytes",
    "extract_paths",
    "extract_str",
    "fold",
    "fold_place",
    "similarity",
    "token_string",
    "tokens",
]

__version__: str

class LawgovError(Exception):
    """Base of all lawgov-index errors."""

class LexiconError(LawgovError):
    """A metric lexicon is malformed."""

class ExtractionError(LawgovError):
    """Extraction failed on a file."""

class IndexingError(LawgovError):
    """Building or updating an index failed."""

class IndexLockedError(IndexingError):
    """Another writer holds the index lock (the message names it when it can)."""

@final
class Lexicon:
    """A compiled metric lexicon (the shipped one extended with `tsv` rows by default)."""
    def __new__(cls, tsv: str, *, extend_default: bool = True) -> Lexicon: ...
    @staticmethod
    def shipped() -> Lexicon:
        """The shipped lexicon."""
    def resolve(self, query: str) -> list[str]:
        """Canonical metric names that `query` names (canonical, synonym, or contained in one)."""
    @property
    def tag(self) -> str:
        """Identity of the extraction this lexicon gives (core build and lexicon text)."""

@final
class Region:
    """Region as the text names it."""

    province: str | None
    city: str | None
    county: str | None
    township: str | None

@final
class RequiredParts:
    """Lines of the required report parts."""

    achievements: int | None
    shortcomings: int | None
    first_responsible: int | None
    next_year: int | None

@final
class Heading:
    """A heading: marker rank `level`, tree `depth`, original `marker` and `text`."""

    level: int
    depth: int
    marker: str
    text: str
    line: int
    col: int
    run_in: bool
    prefix_debris: str | None
    part: str | None
    norm_start: int

@final
class Enumeration:
    """An inline `一是/二是` list item."""

    marker: str
    text: str
    line: int
    col: int
    line_start: bool

@final
class Section:
    """The text under one heading, up to the next heading."""

    heading: int | None
    path: list[str]
    part: str
    line: int
    text: str
    norm_span: tuple[int, int]

@final
class Metric:
    """A quantified fact with its parsed figure and position in the original text."""

    name: str
    kind: str
    surface: str
    quantity: str
    value_text: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str | None
    sentence: str
    line: int
    col: int
    quantity_col: int
    heading_line: int | None
    optional: bool
    in_lexicon: bool
    domain: str | None
    note: str | None
    norm_start: int

@final
class Report:
    """Everything extracted from one report."""
    @property
    def file(self) -> str | None: ...
    @property
    def encoding(self) -> str: ...
    @property
    def warnings(self) -> list[str]: ...
    @property
    def line_count(self) -> int: ...
    @property
    def chars(self) -> int:
        """Characters of the decoded text."""
    @property
    def bytes(self) -> int: ...
    @property
    def replacements(self) -> int: ...
    @property
    def binary(self) -> bool: ...
    @property
    def title(self) -> str | None: ...
    @property
    def issuers(self) -> list[str]: ...
    @property
    def report_year(self) -> int | None: ...
    @property
    def issue_date(self) -> str | None: ...
    @property
    def published(self) -> str | None: ...
    @property
    def addressee(self) -> str | None: ...
    @property
    def doc_number(self) -> str | None: ...
    @property
    def signer(self) -> str | None: ...
    @property
    def region(self) -> Region: ...
    @property
    def admin_level(self) -> str | None: ...
    @property
    def joint_party_government(self) -> bool: ...
    @property
    def required_parts(self) -> RequiredParts: ...
    @property
    def headings(self) -> list[Heading]: ...
    @property
    def enumerations(self) -> list[Enumeration]: ...
    @property
    def metrics(self) -> list[Metric]: ...
    @property
    def sections(self) -> list[Section]: ...
    @property
    def fingerprint(self) -> str | None:
        """Fingerprint of the body, shared by copies of the same report in another encoding,
        layout, script or web page; None for a body too short to tell."""
    @property
    def sketch(self) -> str | None:
        """MinHash sketch of the body's clauses (64 minima as hex): versions of one report
        (figures changed, a sentence added) have sketches that mostly agree (`similarity`)."""
    @property
    def skip_reason(self) -> str | None:
        """Why the report is not indexed (empty, binary), or None."""
    def to_json(self) -> str:
        """The JSON form: gold-schema document fields plus file, encoding, warnings, lists."""
    def to_dict(self) -> dict[str, object]:
        """The JSON form as Python objects."""

def extract_bytes(
    data: bytes, *, file: str | None = None, lexicon: Lexicon | None = None
) -> Report:
    """Extract one document from bytes (encoding detected), GIL released."""

def extract_str(text: str, *, file: str | None = None, lexicon: Lexicon | None = None) -> Report:
    """Extract one document from decoded text, GIL released."""

def extract_paths(
    paths: Sequence[str | PathLike[str]], *, threads: int = 0, lexicon: Lexicon | None = None
) -> list[Report | Exception]:
    """Read and extract files on `threads` workers (0 = all), in order; errors as values. A
    name that is not UTF-8 is read all the same (`Report.file` shows its bytes as U+FFFD)."""

@final
class Phrases:
    """Phrases indexed as single terms beside the bigrams (metric names of 3+ Han characters)."""
    def __new__(cls, phrases: Sequence[str]) -> Phrases: ...
    @property
    def phrases(self) -> list[str]:
        """The phrases kept (three or more Han characters), folded, sorted."""

@final
class TermSearcher:
    """Top hits of one body term, read with the tantivy crate from the index files."""
    def __new__(cls, path: str) -> TermSearcher: ...
    def reload(self) -> None:
        """See the latest commit."""
    def top(self, term: str, limit: int, offset: int) -> TermHits:
        """The documents whose body holds `term`, the `limit` best after `offset`."""

@final
class TermHits:
    """Count, scores and stored fields of the hits of `TermSearcher.top`."""
    @property
    def count(self) -> int:
        """Number of documents holding the term."""
    @property
    def scores(self) -> list[float]:
        """BM25 scores of the hits, best first."""
    def doc(self, i: int) -> tuple[str, bytes, bytes]:
        """Stored (file, text, data) of hit `i`."""

@final
class IndexWriter:
    """The writer of an index folder: documents made and written natively (tantivy crate)."""
    def __new__(cls, path: str, *, heap_bytes: int, threads: int, phrases: Phrases) -> IndexWriter:
        """Take the writer lock (IndexLockedError when another writer holds it)."""
    def delete_file(self, file: str) -> None:
        """Delete every document of `file`."""
    def add_files(
        self,
        files: Sequence[tuple[str, str | None]],
        *,
        threads: int = 0,
        lexicon: Lexicon | None = None,
        huge_bytes: int = ...,
    ) -> list[tuple[str, int, str | None]]:
        """Read, hash, extract and index (path, hash of the indexed version or None) pairs on
        `threads` workers (0 = all), GIL released; per file (status, size, message):
        ("indexed", size, reason degraded or None), ("unchanged", size, None),
        ("skipped", size, reason) or ("huge", size, None) for a file above `huge_bytes`, which
        is not read."""
    def add_reports(
        self, reports: Sequence[Report], hashes: Sequence[str], *, threads: int = 0
    ) -> None:
        """Index reports extracted beforehand, each with its file's content hash."""
    def add_record(self, report: Report, file: str, kind: str, hash: str, data: str) -> None:
        """Add a report or part document: the filter fields of `report`, `data` stored."""
    def add_sections(
        self, report: Report, file: str, sections: Sequence[tuple[Sequence[str], str, int, str]]
    ) -> None:
        """Add (path, part, line, text) section documents with the fields of `report`."""
    def commit(self) -> int:
        """Commit what was added, atomically."""
    def rollback(self) -> int:
        """Drop what was added since the last commit."""
    def finish(self) -> None:
        """Wait for merges and release the lock; the writer cannot be used after."""

def degraded(replacements: int, encoding: str) -> str | None:
    """Why a file decoded with `replacements` U+FFFD as `encoding` is degraded, or None."""

def similarity(a: str, b: str) -> float | None:
    """Estimated share of clauses two bodies have in common (Jaccard), from their sketches;
    None when either is not a sketch."""

def fold_place(name: str) -> str:
    """A place name in Simplified script (only characters outside GB 2312 folded)."""

def tokens(text: str) -> list[str]:
    """Search terms of `text` (CJK bigrams and lowercased words, folded)."""

def token_string(text: str) -> str:
    """Search terms joined by spaces, GIL released."""

def fold(text: str) -> str:
    """Fold one code point for one: width, compatibility forms, Traditional to Simplified."""
