"""Offline integrity check of an index: every byte of every live file, against its checksum.

Opening an index only reads what a query touches, so a flipped byte in the middle of a segment
file goes unnoticed and may change answers. `check` reads the whole index once and reports
what is wrong, file by file:

* `lawgov-index.json` (this package's format file) must parse and name this format version;
* tantivy's `meta.json` must parse and list the live segments;
* each live segment must have its six component files `<segment id>.{idx,pos,term,store,fast,
  fieldnorm}`, plus `<segment id>.<opstamp>.del` when `meta.json` records deletes;
* each of those files must end with a valid tantivy footer whose CRC32 matches the content.

Tantivy's footer (`src/directory/footer.rs`; this layout since tantivy 0.15, checked against
tantivy 0.27, the version tantivy-py 0.27 bundles) is appended to every segment file:

    <body> <footer JSON> <u32 LE: length of the JSON> <u32 LE: magic 1337>

where the JSON is `{"version": {"major", "minor", "patch", "index_format_version"}, "crc": N}`
and `N` is the CRC-32 (IEEE, as `zlib.crc32`) of `<body>`. Files are read in `CHUNK_SIZE`
chunks, so memory stays flat whatever the index size. `meta.json` itself has no footer.

The check only reads: it takes no lock and may run beside searches. If a writer commits (and
removes merged segments) while it runs, the pass is repeated on the new `meta.json`.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from lawgov_index.errors import NoIndexError
from lawgov_index.index import ENV_VAR, FORMAT_VERSION, META_FILE

__all__ = [
    "CHUNK_SIZE",
    "COMPONENTS",
    "CheckResult",
    "Problem",
    "check",
    "verify",
]

CHUNK_SIZE = 1 << 20
"""Bytes read at a time when checksumming a file."""

COMPONENTS = ("idx", "pos", "term", "store", "fast", "fieldnorm")
"""Extensions of the files tantivy writes for every segment (deletes come on top)."""

TANTIVY_META = "meta.json"
FOOTER_MAGIC = 1337
FOOTER_MAX_LEN = 50_000
_TRAILER = struct.Struct("<II")  # footer JSON length, magic number
_UUID = re.compile(r"[0-9a-f]{32}")
_RETRIES = 3


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the index: the file (relative to the index folder) and what."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "message": self.message}


@dataclass
class CheckResult:
    """Outcome of `check`: what was read and what is wrong (`ok` when nothing)."""

    path: Path
    segments: int = 0
    files: int = 0
    bytes_read: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": str(self.path),
            "ok": self.ok,
            "segments": self.segments,
            "files": self.files,
            "bytes": self.bytes_read,
            "problems": [p.to_dict() for p in self.problems],
        }


def verify(path: str | Path) -> list[Problem]:
    """Problems found in the index at `path` (empty when every file checks out).

    Raises:
        NoIndexError: `path` holds no index at all.
    """
    return check(path).problems


def check(path: str | Path) -> CheckResult:
    """Verify the index at `path` file by file; see the module docstring for what is checked.

    Raises:
        NoIndexError: `path` holds no index at all (neither `meta.json` nor `lawgov-index.json`).
    """
    p = Path(path)
    if not (p / TANTIVY_META).exists() and not (p / META_FILE).exists():
        raise NoIndexError(
            f"no index at {p}; build one with `lawgov-index index PATH` "
            f"(or set ${ENV_VAR} / pass --index)"
        )
    res, meta = _check_once(p)
    for _ in range(_RETRIES):
        if res.ok or _read_bytes(p / TANTIVY_META) == meta:
            break
        res, meta = _check_once(p)  # a writer committed meanwhile: check the new set of files
    return res


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _check_once(p: Path) -> tuple[CheckResult, bytes | None]:
    """One pass over the files `meta.json` lists; also returns the `meta.json` it read."""
    res = CheckResult(p)
    res.problems.extend(_check_format_file(p / META_FILE))
    meta_bytes = _read_bytes(p / TANTIVY_META)
    files, meta_problems = _segment_files(meta_bytes)
    res.problems.extend(meta_problems)
    res.segments = len({f.split(".", 1)[0] for f in files})
    for name in files:
        res.files += 1
        size, problem = _check_file(p / name)
        res.bytes_read += size
        if problem is not None:
            res.problems.append(Problem(name, problem))
    return res, meta_bytes


def _check_format_file(path: Path) -> Iterator[Problem]:
    """This package's format file: present, JSON, this format version."""
    name = path.name
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        yield Problem(name, "missing (not a lawgov-index index, or written by an old version)")
        return
    except (OSError, ValueError) as e:
        yield Problem(name, f"unreadable ({e})")
        return
    if not isinstance(meta, dict) or meta.get("format") != "lawgov-index":
        yield Problem(name, "not a lawgov-index format file")
    elif meta.get("version") != FORMAT_VERSION:
        yield Problem(
            name,
            f"format version {meta.get('version')!r}; this lawgov-index reads version "
            f"{FORMAT_VERSION}",
        )


def _segment_files(meta_bytes: bytes | None) -> tuple[list[str], list[Problem]]:
    """The live segment files listed by tantivy's `meta.json`, or what is wrong with it."""
    if meta_bytes is None:
        return [], [Problem(TANTIVY_META, "missing or unreadable")]
    try:
        meta = json.loads(meta_bytes)
        segments = meta["segments"]
        if not isinstance(segments, list):
            raise TypeError("'segments' is not a list")
        files: list[str] = []
        for seg in segments:
            uuid = seg["segment_id"].replace("-", "")
            if not _UUID.fullmatch(uuid):
                raise ValueError(f"bad segment id {seg['segment_id']!r}")
            files.extend(f"{uuid}.{ext}" for ext in COMPONENTS)
            deletes = seg.get("deletes")
            if deletes is not None:
                opstamp = deletes["opstamp"]
                if not isinstance(opstamp, int) or isinstance(opstamp, bool):
                    raise TypeError(f"bad delete opstamp {opstamp!r}")
                files.append(f"{uuid}.{opstamp}.del")
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        return [], [Problem(TANTIVY_META, f"unreadable ({type(e).__name__}: {e})")]
    return files, []


def _check_file(path: Path) -> tuple[int, str | None]:
    """(bytes read, problem or None) for one segment file with a tantivy footer."""
    try:
        with path.open("rb") as f:
            return _check_stream(f)
    except FileNotFoundError:
        return 0, "missing"
    except OSError as e:
        return 0, f"unreadable ({e.strerror or e})"
    except ValueError as e:  # the file shrank while being read
        return 0, f"unreadable ({e})"


def _check_stream(f: BinaryIO) -> tuple[int, str | None]:
    size = f.seek(0, 2)
    if size < _TRAILER.size:
        return size, f"truncated: {size} bytes, too short for a tantivy footer"
    f.seek(size - _TRAILER.size)
    footer_len, magic = _TRAILER.unpack(_read_exact(f, _TRAILER.size))
    if magic != FOOTER_MAGIC:
        return size, (
            f"no tantivy footer at the end ({size} bytes; magic number {magic}, expected "
            f"{FOOTER_MAGIC}): truncated or overwritten"
        )
    body_len = size - _TRAILER.size - footer_len
    if footer_len > FOOTER_MAX_LEN or body_len < 0:
        return size, f"bad tantivy footer (footer length {footer_len} in a {size}-byte file)"
    f.seek(body_len)
    try:
        footer = json.loads(_read_exact(f, footer_len))
        expected = footer["crc"]
        if not isinstance(expected, int) or not 0 <= expected < 1 << 32:
            raise TypeError(f"bad crc {expected!r}")
        if not isinstance(footer["version"]["index_format_version"], int):
            raise TypeError("bad index_format_version")
    except (ValueError, KeyError, TypeError) as e:
        return size, f"bad tantivy footer ({type(e).__name__}: {e})"
    f.seek(0)
    crc = 0
    left = body_len
    while left:
        chunk = f.read(min(CHUNK_SIZE, left))
        if not chunk:
            return size, f"file shrank while being read ({body_len - left} of {body_len} bytes)"
        crc = zlib.crc32(chunk, crc)
        left -= len(chunk)
    if crc != expected:
        return size, (
            f"checksum mismatch: content CRC32 is {crc:08x}, the footer records {expected:08x} "
            "(the file changed after tantivy wrote it)"
        )
    return size, None


def _read_exact(f: BinaryIO, n: int) -> bytes:
    b = f.read(n)
    if len(b) != n:
        raise ValueError(f"short read ({len(b)} of {n} bytes)")
    return b
