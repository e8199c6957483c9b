"""Exception tree of lawgov-index. Every message names the file, the query or the index."""

from __future__ import annotations

from typing import Any

from lawgov_index._core import (
    ExtractionError,
    IndexingError,
    IndexLockedError,
    LawgovError,
    LexiconError,
)

__all__ = [
    "ExtractionError",
    "IndexCorruptedError",
    "IndexInterrupted",
    "IndexLockedError",
    "IndexVersionError",
    "IndexingError",
    "LawgovError",
    "LexiconError",
    "NoIndexError",
    "QueryError",
]


class QueryError(LawgovError, ValueError):
    """A search query could not be parsed."""


class NoIndexError(LawgovError):
    """No index exists at the given location."""


class IndexVersionError(LawgovError):
    """The index was written by an incompatible version or is corrupted: rebuild it."""


class IndexCorruptedError(IndexVersionError):
    """The index files are damaged (truncated, garbled or missing): rebuild it."""


class IndexInterrupted(KeyboardInterrupt):
    """`Index.add` was interrupted (Ctrl-C); what was done is committed.

    `summary` is the `AddSummary` of the files handled before the interruption; running the same
    `add` again resumes (committed files are unchanged and skipped).
    """

    def __init__(self, summary: Any) -> None:
        super().__init__("interrupted")
        self.summary = summary
