"""Exception tree of lawgov-index. Every message names the file, the query or the index."""

from __future__ import annotations

from lawgov_index._core import ExtractionError, LawgovError, LexiconError

__all__ = [
    "ExtractionError",
    "IndexingError",
    "IndexLockedError",
    "IndexVersionError",
    "LawgovError",
    "LexiconError",
    "NoIndexError",
    "QueryError",
]


class QueryError(LawgovError, ValueError):
    """A search query could not be parsed."""


class IndexingError(LawgovError):
    """Building or updating an index failed."""


class NoIndexError(LawgovError):
    """No index exists at the given location."""


class IndexLockedError(IndexingError):
    """Another writer holds the index lock."""


class IndexVersionError(LawgovError):
    """The index was written by an incompatible version or is corrupted."""
