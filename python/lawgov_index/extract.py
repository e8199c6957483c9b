"""Extraction API: bytes, text or files in, `Report` records out (the work runs in Rust)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lawgov_index import _core
from lawgov_index._core import Report

__all__ = ["extract", "extract_files", "load_lexicon"]

# Files per native call: enough work to amortise releasing the GIL, small enough that memory
# stays bounded by one batch however many paths are given.
BATCH_FILES = 64


def load_lexicon(path: str | os.PathLike[str] | None) -> _core.Lexicon | None:
    """Compile the shipped lexicon extended with the rows of the TSV file at `path`.

    Raises:
        LexiconError: the file is malformed (the message names the line).
        FileNotFoundError: the file does not exist.
    """
    if path is None:
        return None
    text = Path(path).read_text(encoding="utf-8")
    try:
        return _core.Lexicon(text)
    except _core.LexiconError as e:
        raise _core.LexiconError(f"{path}: {e}") from None


def extract(
    data: bytes | str, *, file: str | None = None, lexicon: _core.Lexicon | None = None
) -> Report:
    """Extract structure, figures and metadata from one report.

    Args:
        data: raw bytes (any supported encoding; detected) or decoded text.
        file: name recorded in the report.
        lexicon: a lexicon from `load_lexicon`, or the shipped one.
    """
    if isinstance(data, str):
        return _core.extract_str(data, file=file, lexicon=lexicon)
    return _core.extract_bytes(bytes(data), file=file, lexicon=lexicon)


def extract_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    threads: int | None = None,
    lexicon: _core.Lexicon | None = None,
    errors: str = "raise",
) -> Iterator[Report]:
    """Read and extract files on all cores (or `threads`), in input order.

    Reading and extraction run in Rust with the GIL released, one bounded batch at a time.

    Args:
        paths: files to read; any iterable, consumed lazily.
        threads: worker threads, default all cores.
        lexicon: a lexicon from `load_lexicon`, or the shipped one.
        errors: "raise" raises the first file's error (it names the file); "skip" drops it.
    """
    batch: list[str] = []
    for p in paths:
        batch.append(os.fspath(p))
        if len(batch) >= BATCH_FILES:
            yield from _run(batch, threads, lexicon, errors)
            batch = []
    if batch:
        yield from _run(batch, threads, lexicon, errors)


def _run(
    batch: list[str], threads: int | None, lexicon: _core.Lexicon | None, errors: str
) -> Iterator[Report]:
    for r in _core.extract_paths(batch, threads=threads or 0, lexicon=lexicon):
        if isinstance(r, BaseException):
            if errors == "raise":
                raise r
            continue
        yield r
