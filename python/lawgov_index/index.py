"""The lawgov-index search index: a Tantivy index of report sections, built incrementally.

Layout (format 4: positioned CJK bigrams from the native tokenizer, Lucene CJKBigram style). The
documents are made and written by the native core (`_core.IndexWriter`, the `tantivy` crate at
tantivy-py's version, `rust/src/write.rs`); this module plans, reads and searches:

* one *section* document per section: heading path, part, the section's text (stored once, here
  and nowhere else), the section's metrics, the report's metadata, and the searchable field
  `body` = `query.terms(text)` (positioned CJK bigrams from the native core, indexed with
  tantivy's built-in `whitespace` tokenizer, so no tokenizer is registered to open the index),
  followed by a break and the section's *phrase terms*: each occurrence of a metric name of
  three or more Han characters as one term (the names are fixed at creation, in the JSON file
  below), so a query for one reads one posting list (`_literal_query`); regions are folded to
  Simplified script;
* one *report* document per file: content hash, the filter fields, and the report's metadata,
  outline and metrics as the native `Report.to_json()` (plus `hash` and the section parts). It
  has no text and no `body`: report-level questions (`count`) are answered from the sections;
* a file larger than `HUGE_BYTES` is extracted in pieces (see `_add_huge`): its section lines
  are the file's, the report document has the first piece's metadata, outline and metrics, and
  one *part* document per later piece (same filter fields, `file` and `hash`) holds that piece's
  outline and metrics, which the readers merge into the report's (`merged`).

Location: `Index.open()` / the CLI use `default_index_path()`: `$LAWGOV_INDEX` if set, else
`./.lawgov-index`. A JSON file `lawgov-index.json` next to the tantivy files records the format
version; it is written atomically (`os.replace`) and an index without it, or from another
version, is refused with `IndexVersionError`; damaged tantivy files raise `IndexCorruptedError`.
Both messages say to rebuild.

Incremental updates and crashes: the blake2b hash of each file's bytes is stored in its report
document, tagged with the extraction that made its documents (`_core.Lexicon.tag`: the core's
sources and the lexicon), so after an upgrade or with another `--lexicon` every file is extracted
again rather than kept stale. `add` skips files whose tagged hash is unchanged, replaces changed
ones (delete by file term and add in the same commit) and, with `prune`, drops files that
disappeared. All documents of a file go into the same commit, and commits are atomic, so a run
killed at any moment (SIGKILL, power loss) leaves the last commit intact and a re-run resumes
without duplicates. Ctrl-C (SIGINT) is deferred to the next batch boundary: what was added is
committed, then `IndexInterrupted` is raised.

Memory bound: nothing is kept per file. Folders are walked lazily (the progress bar's totals
come from a separate counting pass), the indexed hashes of a batch are looked up in the index
when the batch is planned, and files are read, extracted and indexed `batch_files` (64) at a
time, so one batch of extracted reports and its documents is alive; the native core reads each
file once (hashed, then extracted only if it changed); a huge file is hashed in 1 MB chunks,
then read, extracted and indexed a piece at a time (with no commit inside it). Tantivy buffers
at most `WRITER_HEAP` (256 MB) before flushing a segment, and a commit happens every `commit_files`
files or `commit_bytes` bytes (defaults 2000 / 64 MB; `$LAWGOV_COMMIT_EVERY` sets the file
count). Peak anonymous memory is therefore about WRITER_HEAP + a few times the largest batch,
plus tantivy's merge working set (doc-id maps, ≈ 20 bytes per document of the largest merge,
which its merge policy caps: no segment of 10 M documents or more is merged again), whatever
the corpus size (`benches/memory.py` and `lawgov-index bench` measure it; figures in
BENCHMARKS.md). Only `prune` holds a list: the addresses of the indexed reports, while it
checks them.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import itertools
import json
import os
import re
import signal
import socket
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import tantivy

from lawgov_index import _core, pieces
from lawgov_index.corpus import is_report_file, walk
from lawgov_index.errors import (
    IndexCorruptedError,
    IndexingError,
    IndexInterrupted,
    IndexLockedError,
    IndexVersionError,
    LawgovError,
    NoIndexError,
    QueryError,
)
from lawgov_index.pieces import Section
from lawgov_index.query import (
    CountRow,
    CountTable,
    Hit,
    Literal,
    MetricTable,
    ParsedQuery,
    Place,
    ReportHit,
    ReportResult,
    SearchResult,
    Stats,
    Version,
    VersionGroup,
    check_group_keys,
    figure_changes,
    fold_lower,
    fold_place,
    has_han,
    lexicon_phrases,
    parse,
    resolve_metric_names,
)

__all__ = [
    "FORMAT_VERSION",
    "AddSummary",
    "FileProblem",
    "Index",
    "Progress",
    "YearFilter",
    "default_index_path",
]

FORMAT_VERSION = 4
META_FILE = "lawgov-index.json"
WRITER_FILE = "lawgov-writer.json"
ENV_VAR = "LAWGOV_INDEX"
COMMIT_ENV = "LAWGOV_COMMIT_EVERY"
DEFAULT_DIR = ".lawgov-index"
BATCH_FILES = 64
KEEP_PROBLEMS = 1000  # in `AddSummary.problems`; `on_problem` sees every one
WRITER_HEAP = 256_000_000
RELOAD_SECONDS = 0.5
# Files larger than HUGE_BYTES (a dump of many reports, say) are decoded as a stream and indexed in
# pieces of at most PIECE_CHARS cut at line breaks: memory is bounded by a piece, not the file.
HUGE_BYTES = 32 << 20
PIECE_CHARS = 2 << 20  # about 4 MB as a str of Chinese text, 6 MB as UTF-8
PROBE_BYTES = 64 << 10  # the head of a huge file that the native core detects the encoding from
# The report and part documents of a file (a part holds the outline and metrics of a later piece).
RECORDS = ("report", "part")
# Locality-sensitive hashing of report sketches (`Index.versions`): a band is 4 bins of 8 hex
# digits; two reports sharing 80 % of their clauses share a band with probability 0.985 (16
# bands), at 50 % with 0.40, and each candidate pair is then compared on all 64 bins. A band
# shared by more reports than the cap (boilerplate) only pairs its first ones.
_BAND = 32
_BUCKET_CAP = 200
# Bytes of a file name that are not UTF-8 come back from the OS as lone surrogates.
_UNDECODED = re.compile("[\ud800-\udfff]")
BAD_NAME = (
    "file name is not UTF-8 (rename it, e.g. `convmv -f gbk -t utf-8 --notest FILE` for a name "
    "from a Chinese Windows archive)"
)
REBUILD = "rebuild it: remove the folder and run `lawgov-index index PATH --index {p}`"

YearFilter = int | tuple[int, int] | None


def default_index_path() -> Path:
    """`$LAWGOV_INDEX` if set, else `./.lawgov-index`."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path(DEFAULT_DIR)


def _commit_every_default() -> int:
    try:
        return max(1, int(os.environ.get(COMMIT_ENV, "2000")))
    except ValueError:
        return 2000


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A per-file problem met while indexing: the file, what happened, whether it was skipped.

    `skipped` False means the file was indexed in a degraded form (e.g. decoded with
    replacement characters).
    """

    file: str
    message: str
    skipped: bool


@dataclass(frozen=True, slots=True)
class Progress:
    """Progress of `Index.add`: files and bytes done out of the totals found by the walk."""

    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int


@dataclass(frozen=True, slots=True)
class AddSummary:
    """What `Index.add` did (`interrupted`: stopped by Ctrl-C after committing this much)."""

    indexed: int
    unchanged: int
    degraded: int
    skipped: int
    pruned: int
    bytes_indexed: int
    seconds: float
    problems: tuple[FileProblem, ...] = field(default_factory=tuple)
    interrupted: bool = False
    unread: dict[str, int] = field(default_factory=dict)
    """Files of formats that are not read (PDF, .doc, …) met in the folders, by suffix."""

    def line(self) -> str:
        """One-line summary."""
        return (
            f"indexed {self.indexed}, unchanged {self.unchanged}, degraded {self.degraded}, "
            f"skipped {self.skipped}, pruned {self.pruned} files "
            f"({self.bytes_indexed / 1e6:.1f} MB in {self.seconds:.1f} s)"
        )


def unread_note(unread: dict[str, int]) -> str:
    """`not read: 12 .pdf, 3 .doc (...)`, or "" when every file met was of a read format."""
    if not unread:
        return ""
    found = ", ".join(f"{n} {suffix}" for suffix, n in sorted(unread.items()))
    return f"not read: {found} files (convert them to text or .docx first)"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    raw = {"tokenizer_name": "raw", "index_option": "basic"}
    sb.add_text_field("kind", **raw)
    sb.add_text_field("file", stored=True, **raw)
    sb.add_text_field("hash", stored=True, **raw)
    sb.add_text_field("body", stored=False, tokenizer_name="whitespace")
    sb.add_bytes_field("text", stored=True)
    sb.add_bytes_field("data", stored=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_text_field("level", **raw)
    sb.add_text_field("part", **raw)
    sb.add_text_field("place", **raw)
    sb.add_facet_field("region")
    return sb.build()


def _hash_file(path: Path) -> tuple[str, int]:
    """blake2b-128 of the file's bytes and their count, read in 1 MB chunks (not kept)."""
    h = hashlib.blake2b(digest_size=16)
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def _distinct_roots(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Absolute roots without repeats, and without those inside another folder root, so no file
    is walked twice in one run."""
    roots = list(dict.fromkeys(Path(p).absolute() for p in paths))
    dirs = [r for r in roots if r.is_dir()]
    return [
        r
        for r in roots
        if not ((r.is_dir() or is_report_file(r)) and any(d in r.parents for d in dirs))
    ]


def _survey(roots: Sequence[Path]) -> tuple[int, int]:
    """Files and bytes under `roots`, for the progress bar (a counting pass; nothing is kept)."""
    files = size = 0
    for f in walk(roots):
        files += 1
        with contextlib.suppress(OSError):
            size += f.stat().st_size
    return files, size


def _batched(items: Iterator[Path], n: int) -> Iterator[list[Path]]:
    while batch := list(itertools.islice(items, n)):
        yield batch


def _is_panic(e: BaseException) -> bool:
    return type(e).__name__ == "PanicException"


class _Deferred:
    """Defers SIGINT while documents are added: the first Ctrl-C sets `hit`, the second raises.

    Only installed in the main thread and when SIGINT has Python's default handler.
    """

    def __init__(self) -> None:
        self.hit = False
        self._old: Any = None

    def __enter__(self) -> _Deferred:
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            self._old = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self.hit:
            raise KeyboardInterrupt
        self.hit = True

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)


class Index:
    """A lawgov-index search index in a folder.

    Use `Index.open(path)` for an existing index, `Index.create(path)` for a new one (or
    `Index.open_or_create`). Searching works while another process writes.
    """

    def __init__(self, path: Path, tindex: tantivy.Index, phrases: Sequence[str]) -> None:
        self.path = path
        self._ix = tindex
        self._schema = tindex.schema
        # The phrases this index holds as single terms (fixed when it was created, so a newer
        # lexicon never makes a query look for terms the documents lack).
        self._phrases = _core.Phrases(list(phrases))
        self._phrase_set = frozenset(self._phrases.phrases)
        self._reloaded = float("-inf")
        self._cached: tantivy.Searcher | None = None
        # Single-term searches go to the native reader (top hits without visiting every match);
        # None until first needed, False when it cannot read this index (then tantivy-py answers).
        self._terms: _core.TermSearcher | bool | None = None

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | os.PathLike[str] | None = None) -> Index:
        """Create an empty index at `path` (default `default_index_path()`).

        Raises:
            IndexingError: `path` already holds an index or other files.
        """
        p = Path(path) if path is not None else default_index_path()
        if p.exists() and any(p.iterdir()):
            raise IndexingError(f"cannot create an index in {p}: the folder is not empty")
        p.mkdir(parents=True, exist_ok=True)
        tix = tantivy.Index(_schema(), path=str(p))
        phrases = _core.Phrases(lexicon_phrases()).phrases
        meta = {
            "format": "lawgov-index",
            "version": FORMAT_VERSION,
            "tantivy": tantivy.__version__,
            "created": time.time(),
            "phrases": phrases,
        }
        tmp = p / (META_FILE + ".tmp")
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        tmp.replace(p / META_FILE)
        return cls(p, tix, phrases)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Index:
        """Open the index at `path` (default `default_index_path()`).

        Raises:
            NoIndexError: there is no index at `path` (build one with `lawgov-index index PATH`).
            IndexVersionError: the index is from another format version.
            IndexCorruptedError: the index files are damaged.
        """
        p = Path(path) if path is not None else default_index_path()
        rebuild = REBUILD.format(p=p)
        meta_path = p / META_FILE
        if not meta_path.exists():
            if p.is_dir() and (p / "meta.json").exists():
                raise IndexVersionError(
                    f"{p} is not a lawgov-index index or was written by an old version "
                    f"(no {META_FILE}); {rebuild}"
                )
            raise NoIndexError(
                f"no index at {p}; build one with `lawgov-index index PATH` "
                f"(or set ${ENV_VAR} / pass --index)"
            )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            version = meta["version"]
            phrases = [str(x) for x in meta.get("phrases", [])]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise IndexCorruptedError(
                f"index {p} is corrupted ({META_FILE}: {e}); {rebuild}"
            ) from None
        if version != FORMAT_VERSION:
            raise IndexVersionError(
                f"index {p} has format version {version} (written by another version of "
                f"lawgov-index); this lawgov-index reads version {FORMAT_VERSION}; {rebuild}"
            )
        try:
            tix = tantivy.Index.open(str(p))
            ix = cls(p, tix, phrases)
            ix._check()
        except (ValueError, OSError, KeyError, TypeError) as e:
            raise IndexCorruptedError(f"index {p} is corrupted ({e}); {rebuild}") from None
        except BaseException as e:
            if _is_panic(e):
                raise IndexCorruptedError(f"index {p} is corrupted ({e}); {rebuild}") from None
            raise
        return ix

    def _check(self) -> None:
        """Cheap consistency check at open: a searcher over every segment answers a query.

        Opening the segment files checks their footers, so truncated or missing files fail here.
        """
        s = self._ix.searcher()
        s.search(tantivy.Query.term_query(self._schema, "kind", "report"), 1, count=True)

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str] | None = None) -> Index:
        """Open the index at `path`, creating it when the folder is missing or empty."""
        p = Path(path) if path is not None else default_index_path()
        if not (p / META_FILE).exists() and (not p.exists() or not any(p.iterdir())):
            return cls.create(p)
        return cls.open(p)

    def _corrupted(self, e: BaseException) -> IndexCorruptedError:
        return IndexCorruptedError(
            f"index {self.path} is corrupted ({e}); {REBUILD.format(p=self.path)}"
        )

    # -- writing ---------------------------------------------------------------------------------

    def _writer(self, threads: int | None) -> _core.IndexWriter:
        try:
            # Half the cores write: extraction runs on all of them alongside, and on two cores
            # one writing thread is faster than two (less contention).
            cores = threads or os.cpu_count() or 1
            w = _core.IndexWriter(
                str(self.path),
                heap_bytes=WRITER_HEAP,
                threads=max(1, cores // 2),
                phrases=self._phrases,
            )
        except IndexLockedError:
            raise IndexLockedError(
                f"index {self.path} is locked by {self._holder()}; wait for it to finish "
                "or stop it, then run again"
            ) from None
        with contextlib.suppress(OSError):
            info = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            }
            tmp = self.path / (WRITER_FILE + ".tmp")
            tmp.write_text(json.dumps(info), encoding="utf-8")
            tmp.replace(self.path / WRITER_FILE)
        return w

    def _holder(self) -> str:
        """Who holds the writer lock, as recorded by the last writer that took it."""
        try:
            info = json.loads((self.path / WRITER_FILE).read_text(encoding="utf-8"))
            return (
                f"another writer (process {info['pid']} on {info['host']}, "
                f"started {info['started']})"
            )
        except (OSError, ValueError, KeyError, TypeError):
            return "another writer"

    def indexed_files(self) -> dict[str, str]:
        """Map of indexed file → content hash."""
        self._ix.reload()
        self._cached = None
        s = self._ix.searcher()
        out: dict[str, str] = {}
        for addr in self._all(s, tantivy.Query.term_query(self._schema, "kind", "report")):
            d = s.doc(addr)
            out[d.get_first("file")] = d.get_first("hash")
        return out

    def _hashes(self, s: tantivy.Searcher, keys: Sequence[str]) -> dict[str, str]:
        """file → content hash of those of `keys` that `s` has indexed."""
        if not keys or s.num_docs == 0:
            return {}
        q = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(self._schema, "kind", "report")),
                (tantivy.Occur.Must, tantivy.Query.term_set_query(self._schema, "file", keys)),
            ]
        )
        out = {}
        for _, addr in s.search(q, len(keys), count=False).hits:
            d = s.doc(addr)
            out[d.get_first("file")] = d.get_first("hash")
        return out

    def _prune(self, s: tantivy.Searcher, roots: Sequence[Path], writer: _core.IndexWriter) -> int:
        """Delete the files indexed in `s` that no longer exist, or that lie under one of the
        folder `roots` but are not report files any more; the number deleted.

        Every existing report file under a folder root was walked in this run, so this needs no
        record of the files seen (only the addresses of the indexed reports, while it runs)."""
        dirs = [r for r in roots if r.is_dir()]
        n = 0
        for addr in self._all(s, tantivy.Query.term_query(self._schema, "kind", "report")):
            key = s.doc(addr).get_first("file")
            kp = Path(key)
            under = any(d in kp.parents for d in dirs)
            if not kp.is_file() or (under and not is_report_file(kp)):
                writer.delete_file(key)
                n += 1
        return n

    def add(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        threads: int | None = None,
        prune: bool = False,
        lexicon: _core.Lexicon | None = None,
        progress: Callable[[Progress], None] | None = None,
        on_problem: Callable[[FileProblem], None] | None = None,
        commit_files: int | None = None,
        commit_bytes: int = 64_000_000,
        batch_files: int = BATCH_FILES,
        huge_bytes: int = HUGE_BYTES,
        piece_chars: int = PIECE_CHARS,
    ) -> AddSummary:
        """Index the report files found under `paths` (folders are walked).

        Per-file problems never stop the run: unreadable, empty and binary files are skipped,
        files decoded with replacement characters are indexed as *degraded*, and each is
        reported through `on_problem` and in the summary.

        Args:
            paths: files and folders.
            threads: extraction and writer threads (default all cores).
            prune: drop indexed files that no longer exist, or that lie under one of the given
                folders and were not found this time.
            lexicon: a lexicon from `load_lexicon`, or the shipped one.
            progress: called after each batch.
            on_problem: called for each per-file problem (the run goes on).
            commit_files: commit after this many files (default `$LAWGOV_COMMIT_EVERY` or
                2000) ...
            commit_bytes: ... or this many bytes, whichever comes first.
            batch_files: files per native extraction call.
            huge_bytes: files larger than this are indexed in pieces of at most `piece_chars`
                characters (cut at line breaks), so memory is bounded by a piece.
            piece_chars: see `huge_bytes`.

        Raises:
            IndexLockedError: another writer holds the index.
            IndexingError: tantivy failed to write.
            IndexInterrupted: Ctrl-C; what was done is committed (`.summary` says how much).
        """
        t0 = time.perf_counter()
        if commit_files is None:
            commit_files = _commit_every_default()
        problems: list[FileProblem] = []
        counts = Counter[str]()

        def problem(file: str, msg: str, skipped: bool) -> None:
            fp = FileProblem(file, msg, skipped)
            if len(problems) < KEEP_PROBLEMS:
                problems.append(fp)
            counts["skipped" if skipped else "degraded"] += 1
            if on_problem is not None:
                on_problem(fp)

        roots = _distinct_roots(paths)
        files_total = bytes_total = 0
        if progress is not None:
            files_total, bytes_total = _survey(roots)
        unread = Counter[str]()
        found = walk(
            roots,
            on_skip=lambda p, why: problem(str(p), f"skipped: {why}", True),
            on_unread=lambda p: unread.update([p.suffix.lower()]),
        )
        # Commits fall between batches, so a batch is never larger than the commit interval.
        batches = _batched((f.absolute() for f in found), max(1, min(batch_files, commit_files)))
        # The committed state before this run: which files are indexed, with which hash. Looked
        # up a batch at a time, so memory does not grow with the number of indexed files.
        self._ix.reload()
        before = self._ix.searcher()
        writer = self._writer(threads)
        done_files = done_bytes = 0
        since_files = since_bytes = 0

        def summary(interrupted: bool = False) -> AddSummary:
            return AddSummary(
                counts["indexed"],
                counts["unchanged"],
                counts["degraded"],
                counts["skipped"],
                counts["pruned"],
                counts["bytes"],
                time.perf_counter() - t0,
                tuple(problems),
                interrupted,
                dict(unread),
            )

        def index(batch: list[Path]) -> tuple[int, int]:
            """Index one batch; (bytes of the files written or skipped, bytes seen).

            The native core reads each file once and hashes it, leaves it alone when the hash is
            the indexed version's, and extracts and writes the rest on all cores with the GIL
            released; huge files come back unread and go a piece at a time after them."""
            keys = []
            for f in batch:
                key = str(f)
                if _UNDECODED.search(key):
                    # the index stores names as text; Windows archives often carry GBK names
                    shown = os.fsencode(f).decode("utf-8", "backslashreplace")
                    problem(shown, f"skipped: {BAD_NAME}", True)
                else:
                    keys.append(key)
            known = self._hashes(before, keys)
            files = [(key, known.get(key)) for key in keys]
            outcomes = writer.add_files(
                files, threads=threads or 0, lexicon=lexicon, huge_bytes=huge_bytes
            )
            handed = n_bytes = 0
            for key, (status, size, message) in zip(keys, outcomes, strict=True):
                n_bytes += size
                why, degraded = (message, None) if status == "skipped" else (None, message)
                if status == "huge":
                    done = self._huge(key, known.get(key), writer, lexicon, piece_chars)
                    if done is None:
                        status = "unchanged"
                    else:
                        why, degraded = done
                if status == "unchanged":
                    counts["unchanged"] += 1
                    continue
                handed += size
                if why:
                    problem(key, f"skipped: {why}", True)
                    continue
                if degraded:
                    problem(key, f"degraded: {degraded}", False)
                counts["indexed"] += 1
                counts["bytes"] += size
            return handed, n_bytes

        deferred = _Deferred()
        try:
            with deferred:
                # A batch's documents are only queued for tantivy's indexing threads, which go
                # on writing them while the next batch is hashed and extracted. Commits fall
                # between batches, so a file's documents are always committed together.
                for batch in batches:
                    handed, n_bytes = index(batch)
                    since_files += len(batch)
                    since_bytes += handed
                    if since_files >= commit_files or since_bytes >= commit_bytes:
                        writer.commit()
                        since_files = since_bytes = 0
                    done_files += len(batch)
                    done_bytes += n_bytes
                    if progress is not None:
                        progress(
                            Progress(
                                done_files,
                                max(files_total, done_files),
                                done_bytes,
                                max(bytes_total, done_bytes),
                            )
                        )
                    if deferred.hit:
                        break
                if prune and not deferred.hit:
                    counts["pruned"] += self._prune(before, roots, writer)
                writer.commit()
            writer.finish()
        except KeyboardInterrupt:
            if deferred.hit:
                # A second Ctrl-C, possibly in the middle of a batch: drop the uncommitted rest.
                _abandon(writer)
                raise
            # Raised by a callback, between batches: every file whose documents were added is
            # complete, so committing keeps a consistent index.
            with contextlib.suppress(LawgovError):
                writer.commit()
            _abandon(writer)
            self._reload()
            raise IndexInterrupted(summary(True)) from None
        except BaseException:
            # Anything else: drop what was not committed and release the writer lock now, not
            # when the traceback (which holds this frame) is collected.
            _abandon(writer)
            raise
        self._reload()
        if deferred.hit:
            raise IndexInterrupted(summary(True))
        return summary()

    def _huge(
        self,
        key: str,
        known: str | None,
        writer: _core.IndexWriter,
        lexicon: _core.Lexicon | None,
        piece_chars: int,
    ) -> tuple[str | None, str | None] | None:
        """Index a huge file: (reason skipped, reason degraded); None when it is unchanged."""
        try:
            h, size = _hash_file(Path(key))
        except OSError as e:
            return f"unreadable ({e.strerror or e})", None
        # as the native writer stores it: tagged with the extraction (see `_core.Lexicon.tag`)
        h = f"{h}:{(lexicon or _core.Lexicon.shipped()).tag}"
        if h == known:
            return None
        if known is not None:
            writer.delete_file(key)
        return _add_huge(key, h, size, writer, lexicon, piece_chars)

    def _reload(self) -> None:
        with contextlib.suppress(ValueError):
            self._ix.reload()
        self._cached = None
        self._reloaded = time.monotonic()

    # -- reading ---------------------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher:
        # Pick up commits of other writers at most every RELOAD_SECONDS (our own `add` reloads).
        now = time.monotonic()
        if self._cached is None or now - self._reloaded > RELOAD_SECONDS:
            try:
                self._ix.reload()
                self._cached = self._ix.searcher()
            except ValueError as e:
                raise self._corrupted(e) from None
            self._reloaded = now
            if isinstance(self._terms, _core.TermSearcher):
                try:
                    self._terms.reload()
                except OSError:
                    self._terms = False
        return self._cached

    def _term_searcher(self) -> _core.TermSearcher | None:
        if self._terms is None:
            try:
                self._terms = _core.TermSearcher(str(self.path))
            except OSError:
                self._terms = False
        return self._terms or None

    def _term_of(self, lit: Literal) -> str | None:
        """The one body term `lit` is: an indexed metric name (the same sections as the phrase
        of its bigrams, from one posting list), a bigram or a word; a lone Han character is
        not (it matches inside bigrams)."""
        toks = lit.tokens
        phrase = _han_run(toks)
        if phrase in self._phrase_set:
            return phrase
        if len(toks) == 1 and not (len(toks[0]) == 1 and has_han(toks[0])):
            return toks[0]
        return None

    def _single_term(self, pq: ParsedQuery) -> str | None:
        """The one body term `pq` is, when it is a single literal that is one term."""
        if pq.excluded or len(pq.clauses) != 1 or len(pq.clauses[0]) != 1:
            return None
        return self._term_of(pq.clauses[0][0])

    def _literal_query(self, lit: Literal) -> tantivy.Query:
        s = self._schema
        toks = lit.tokens
        term = self._term_of(lit)
        try:
            if term is not None:
                return tantivy.Query.term_query(s, "body", term)
            if len(toks) == 1:  # a lone Han character: the bigrams it starts or ends
                t = toks[0]
                return tantivy.Query.regex_query(s, "body", f"{t}.?|.{t}")
            words = list(toks)
            loose = False
            if len(words[0]) == 1 and has_han(words[0]):
                words[0] = f".?{words[0]}"
                loose = True
            if len(words[-1]) == 1 and has_han(words[-1]):
                words[-1] = f"{words[-1]}.?"
                loose = True
            if loose:
                return tantivy.Query.regex_phrase_query(s, "body", words)
            return tantivy.Query.phrase_query(s, "body", words)
        except ValueError as e:
            raise QueryError(f"cannot search for {lit.text!r}: {e}") from None

    def _filters(
        self,
        kind: str | tuple[str, ...],
        year: YearFilter,
        region: str | None,
        level: str | None,
        part: str | None,
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        s = self._schema
        must = tantivy.Occur.Must
        if isinstance(kind, tuple):
            out = [(must, tantivy.Query.term_set_query(s, "kind", list(kind)))]
        else:
            out = [(must, tantivy.Query.term_query(s, "kind", kind))]
        if year is not None:
            lo, hi = (year, year) if isinstance(year, int) else year
            out.append(
                (must, tantivy.Query.range_query(s, "year", tantivy.FieldType.Integer, lo, hi))
            )
        if region:
            r = fold_place(region.strip().strip("/"))
            if "/" in r:
                q = tantivy.Query.term_query(s, "region", tantivy.Facet.from_string("/" + r))
            else:
                q = tantivy.Query.term_query(s, "place", r)
            out.append((must, q))
        if level:
            out.append((must, tantivy.Query.term_query(s, "level", level)))
        if part:
            out.append((must, tantivy.Query.term_query(s, "part", part)))
        return out

    def _query(
        self,
        pq: ParsedQuery | None,
        kind: str | tuple[str, ...],
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
    ) -> tantivy.Query:
        occ = tantivy.Occur
        clauses = self._filters(kind, year, region, level, part)
        if pq is not None and pq.clauses and kind == "section":
            # Only sections have a body: a text clause selects sections by itself, and one
            # clause less to intersect is a third of the time of a frequent phrase.
            del clauses[0]
        if pq is not None:
            for clause in pq.clauses:
                clauses.append((occ.Must, self._any(clause)))
            for lit in pq.excluded:
                clauses.append((occ.MustNot, self._literal_query(lit)))
        if len(clauses) == 1 and clauses[0][0] == occ.Must:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    def _any(self, lits: Sequence[Literal]) -> tantivy.Query:
        qs = [self._literal_query(lit) for lit in lits]
        if len(qs) == 1:
            return qs[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, x) for x in qs])

    def _run(
        self, s: tantivy.Searcher, q: tantivy.Query, limit: int, offset: int = 0, count: bool = True
    ) -> tantivy.SearchResult:
        try:
            return s.search(q, limit, count=count, offset=offset)
        except ValueError as e:
            raise self._corrupted(e) from None
        except BaseException as e:
            if _is_panic(e):
                raise self._corrupted(e) from None
            raise

    def _doc(self, s: tantivy.Searcher, addr: Any) -> tantivy.Document:
        try:
            return s.doc(addr)
        except ValueError as e:
            raise self._corrupted(e) from None
        except BaseException as e:
            if _is_panic(e):
                raise self._corrupted(e) from None
            raise

    def search(
        self,
        query: str,
        *,
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
        limit: int = 10,
        offset: int = 0,
        unique: bool = False,
    ) -> SearchResult:
        """Sections matching `query` (grammar in `lawgov_index.query`), best BM25 score first.

        Only the `limit` hits returned are fetched from the store; their snippets are cut from
        the stored text around the exact matches. With `unique`, a section found in several
        copies of one report (same `fingerprint`, same heading path) is one hit, shown from the
        copy whose file name sorts first (as `count --unique` counts it), ranked by its best
        copy, with the other files in `Hit.copies`; `total` counts such sections once. That reads
        every matching section's stored data, so it costs time in proportion to the matches.

        Args:
            query: the query string.
            year: a report year or an inclusive (first, last) range.
            region: a region name at any level (`重庆市`, `云阳县`), or a path `重庆市/云阳县`.
            level: admin level (`province`, `city`, `county`, `township`, `street`, `department`).
            part: report part (`achievements`, `shortcomings`, `first_responsible`, `next_year`,
                `other`).
            limit: hits to return.
            offset: hits to skip.
            unique: copies of one report give their sections once.

        Raises:
            QueryError: the query is malformed (the message names it).
            IndexCorruptedError: the index files are damaged.
        """
        pq = parse(query)
        s = self._searcher()
        positives = pq.positives
        if unique:
            q = self._query(pq, "section", year, region, level, part)
            return self._unique_hits(query, s, q, positives, limit, offset)
        term = self._single_term(pq)
        native = self._term_searcher() if term and not (year or region or level or part) else None
        if native is not None:
            try:
                found = native.top(term, limit, offset)
            except OSError as e:
                raise self._corrupted(e) from None
            hits = tuple(
                Hit(score, partial(self._fetch_native, found, i), positives, self._section_metrics)
                for i, score in enumerate(found.scores)
            )
            return SearchResult(query, found.count, hits)
        q = self._query(pq, "section", year, region, level, part)
        res = self._run(s, q, max(limit, 1), offset)
        hits = tuple(
            Hit(float(score), partial(self._fetch_hit, s, addr), positives, self._section_metrics)
            for score, addr in res.hits[:limit]
        )
        return SearchResult(query, res.count, hits)

    def _unique_hits(
        self,
        query: str,
        s: tantivy.Searcher,
        q: tantivy.Query,
        positives: Sequence[Literal],
        limit: int,
        offset: int,
    ) -> SearchResult:
        """`search(unique=True)`: ranked hits grouped by (fingerprint, heading path)."""
        groups: dict[tuple[str, ...], tuple[float, list[tuple[str, Any]]]] = {}
        for score, addr, file, data in self._matching_sections(s, q):
            fp = data.get("fingerprint")
            # heading texts folded: a Traditional mirror's path reads as the Simplified one's
            key = (fp, *map(fold_lower, data["path"])) if fp else (file, str(data["line"]))
            groups.setdefault(key, (score, []))[1].append((file, addr))
        hits = []
        for score, members in list(groups.values())[offset : offset + limit]:
            members.sort(key=lambda m: m[0])
            addr = members[0][1]
            copies = tuple(f for f, _ in members[1:])
            fetch = partial(self._fetch_hit, s, addr)
            hits.append(Hit(score, fetch, positives, self._section_metrics, copies))
        return SearchResult(query, len(groups), tuple(hits))

    def search_reports(
        self,
        query: str,
        *,
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
        limit: int = 10,
        offset: int = 0,
        unique: bool = False,
    ) -> ReportResult:
        """Reports matching `query`, one row each, best first: the query's terms are ANDed over
        the whole report (`化解率 出庭应诉率` finds a report that states them in different
        sections), an excluded term drops every report containing it; filters as in `search`
        (`part` restricts where the terms are looked for). A report's score is the sum, over
        the query's clauses, of its best section's BM25 score. With `unique`, copies of one
        report (same `fingerprint`) are one row, the file whose name sorts first. Reads every
        matching section's stored data, so it costs time in proportion to the matches.

        Raises:
            QueryError: the query is malformed (the message names it).
            IndexCorruptedError: the index files are damaged.
        """
        pq = parse(query)
        s = self._searcher()
        filters = (year, region, level, part)
        rows: dict[str, _ReportRow] | None = None
        for clause in pq.clauses:
            found: dict[str, _ReportRow] = {}
            q = self._query(ParsedQuery(query, (clause,), ()), "section", *filters)
            for score, addr, file, data in self._matching_sections(s, q):
                found.setdefault(file, _ReportRow(score, score, addr, data)).add(addr)
            # a report stays when every clause matches one of its sections
            rows = (
                found
                if rows is None
                else {f: r.join(found[f]) for f, r in rows.items() if f in found}
            )
        rows = rows or {}
        for lit in pq.excluded:
            positive = ParsedQuery(query, ((Literal(lit.text, False),),), ())
            q = self._query(positive, "section", *filters)
            for _, _, file, _ in self._matching_sections(s, q):
                rows.pop(file, None)
        copies: dict[str, tuple[str, ...]] = {}
        if unique:
            copies = _copies({f: r.data.get("fingerprint") for f, r in rows.items()}, rows)
            rows = {f: r for f, r in rows.items() if f in copies}
        ranked = sorted(rows.items(), key=lambda fr: (-fr[1].score, fr[0]))
        out = []
        for file, r in ranked[offset : offset + limit]:
            best = Hit(
                r.best,
                partial(self._fetch_hit, s, r.addr),
                pq.positives,
                self._section_metrics,
                copies.get(file, ()) if unique else None,
            )
            out.append(
                ReportHit(
                    file=file,
                    title=r.data.get("title"),
                    report_year=r.data.get("report_year"),
                    region=Place.of(r.data["region"]),
                    admin_level=r.data.get("admin_level"),
                    score=r.score,
                    sections=len(r.sections),
                    best=best,
                )
            )
        return ReportResult(query, len(ranked), tuple(out))

    def _matching_sections(
        self, s: tantivy.Searcher, q: tantivy.Query
    ) -> Iterator[tuple[float, Any, str, dict[str, Any]]]:
        """(score, address, file, stored data) of every section matching `q`, best first."""
        n = self._run(s, q, 1).count
        if not n:
            return
        for score, addr in self._run(s, q, n, count=False).hits:
            d = self._doc(s, addr)
            try:
                data = json.loads(d.get_first("data"))
            except (ValueError, TypeError) as e:
                raise self._corrupted(e) from None
            yield float(score), addr, d.get_first("file"), data

    def _fetch_native(self, found: _core.TermHits, i: int) -> tuple[str, bytes, bytes]:
        try:
            return found.doc(i)
        except OSError as e:
            raise self._corrupted(e) from None

    def _fetch_hit(self, s: tantivy.Searcher, addr: Any) -> tuple[str, bytes, bytes]:
        d = self._doc(s, addr)
        return d.get_first("file"), d.get_first("text"), d.get_first("data")

    def _all(self, s: tantivy.Searcher, q: tantivy.Query) -> list[Any]:
        n = self._run(s, q, 1).count
        if not n:
            return []
        return [addr for _, addr in self._run(s, q, n, count=False).hits]

    def _sections(self, s: tantivy.Searcher, q: tantivy.Query) -> Iterator[tuple[str, Any, str]]:
        """(file, data, folded text) of every section matching `q`."""
        for addr in self._all(s, q):
            d = self._doc(s, addr)
            yield (
                d.get_first("file"),
                json.loads(d.get_first("data")),
                fold_lower(d.get_first("text").decode("utf-8")),
            )

    def count(
        self,
        queries: Sequence[str],
        *,
        by: Sequence[str] = (),
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
        unique: bool = False,
        share: bool = False,
    ) -> CountTable:
        """For each query, the reports containing it and its occurrences, grouped by `by`.

        Occurrences of the query's positive literals are counted exactly in the stored section
        texts (folded), so they agree with a substring count over the files. Group keys: `year`,
        `level`, `province`, `city`, `county`, `region` (path down to county level), `part`.
        With `part` (as a key or a filter) a section must satisfy the query by itself; else a
        report matches when the whole report does (its literals may sit in different sections).
        With `unique`, copies of one report (same `fingerprint`: another encoding, layout,
        script or web page) count once, as the copy whose file name sorts first. With `share`,
        each row also gives `of`, the number of reports in its group whether they match or not,
        so groups of different sizes compare (this reads every report's record once).

        Raises:
            QueryError: a query is malformed, a group key is unknown, or `share` is asked with
                `part` (a report has several parts, so a part has no count of reports).
        """
        check_group_keys(by)
        if share and ("part" in by or part):
            raise QueryError("--share counts reports, which have several parts: drop part")
        parsed = [parse(q) for q in queries]
        by_section = "part" in by or bool(part)
        s = self._searcher()
        rows: list[CountRow] = []
        for pq in parsed:
            # file → group key → occurrences, and each matching file's fingerprint
            matched: dict[str, Counter[tuple[Any, ...]]] = defaultdict(Counter)
            fingerprint: dict[str, str | None] = {}
            pos = pq.positives
            if by_section:
                q = self._query(pq, "section", year, region, level, part)
                for file, data, folded in self._sections(s, q):
                    key = tuple(_group_value(data, b) for b in by)
                    matched[file][key] += sum(len(lit.pattern.findall(folded)) for lit in pos)
                    fingerprint[file] = data.get("fingerprint")
            else:
                q = self._query(None, "section", year, region, level)
                q = tantivy.Query.boolean_query(
                    [(tantivy.Occur.Must, q), (tantivy.Occur.Must, self._any(pos))]
                )
                found: dict[str, set[int]] = defaultdict(set)
                n_occ: Counter[str] = Counter()
                key_of: dict[str, tuple[Any, ...]] = {}
                for file, data, folded in self._sections(s, q):
                    for i, lit in enumerate(pos):
                        n = len(lit.pattern.findall(folded))
                        if n:
                            found[file].add(i)
                            n_occ[file] += n
                    key_of.setdefault(file, tuple(_group_value(data, b) for b in by))
                    fingerprint[file] = data.get("fingerprint")
                excluded: set[str] = set()
                if pq.excluded:
                    xq = tantivy.Query.boolean_query(
                        [
                            (tantivy.Occur.Must, self._query(None, "section", year, region, level)),
                            (tantivy.Occur.Must, self._any(pq.excluded)),
                        ]
                    )
                    excluded = {
                        f
                        for f, _, folded in self._sections(s, xq)
                        if any(x.pattern.search(folded) for x in pq.excluded)
                    }
                index_of = {id(lit): i for i, lit in enumerate(pos)}
                for file, got in found.items():
                    if file in excluded:
                        continue
                    if all(any(index_of[id(lit)] in got for lit in c) for c in pq.clauses):
                        matched[file][key_of[file]] += n_occ[file]
            kept = _first_copies(fingerprint, matched) if unique else matched.keys()
            reports: dict[tuple[Any, ...], set[str]] = defaultdict(set)
            occ: Counter[tuple[Any, ...]] = Counter()
            for file in kept:
                for key, n in matched[file].items():
                    reports[key].add(file)
                    occ[key] += n
            if not by:
                reports.setdefault((), set())
            for key in sorted(reports, key=lambda k: tuple((v is None, str(v)) for v in k)):
                rows.append(
                    CountRow(pq.text, tuple(zip(by, key, strict=True)), len(reports[key]), occ[key])
                )
        if share:
            # every group of the corpus, those no report of which matches included (0 of n)
            sizes = self._group_sizes(by, year, region, level, unique)
            order = sorted(sizes, key=lambda k: tuple((v is None, str(v)) for v in k))
            found = {(r.query, tuple(v for _, v in r.group)): r for r in rows}
            rows = [
                replace(
                    found.get((pq.text, key))
                    or CountRow(pq.text, tuple(zip(by, key, strict=True)), 0, 0),
                    of=sizes[key][0],
                    chars=sizes[key][1],
                )
                for pq in parsed
                for key in order
            ]
        return CountTable(tuple(by), tuple(rows))

    def _group_sizes(
        self,
        by: Sequence[str],
        year: YearFilter,
        region: str | None,
        level: str | None,
        unique: bool,
    ) -> dict[tuple[Any, ...], tuple[int, int]]:
        """(reports, characters of their text) per group of `by` among the reports the filters
        keep (copies once with `unique`)."""
        key_of: dict[str, tuple[Any, ...]] = {}
        chars: dict[str, int] = {}
        fingerprint: dict[str, str | None] = {}
        for file, data in self._reports(year, region, level):
            key_of[file] = tuple(_group_value(data, b) for b in by)
            chars[file] = data.get("chars", 0)
            fingerprint[file] = data.get("fingerprint")
        kept = _first_copies(fingerprint, key_of) if unique else key_of.keys()
        sizes: dict[tuple[Any, ...], tuple[int, int]] = {}
        for f in kept:
            n, c = sizes.get(key_of[f], (0, 0))
            sizes[key_of[f]] = (n + 1, c + chars[f])
        return sizes

    def _reports(
        self, year: YearFilter = None, region: str | None = None, level: str | None = None
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        """(file, report data) of every indexed report the filters keep, a stored document at a
        time, so memory does not grow with the index (only the addresses of the matches are
        listed); the parts of huge files, which are few, are merged into their reports."""
        s = self._searcher()
        parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for addr in self._all(s, self._query(None, "part", year, region, level)):
            d = self._doc(s, addr)
            parts[d.get_first("file")].append(json.loads(d.get_first("data")))
        for addr in self._all(s, self._query(None, "report", year, region, level)):
            d = self._doc(s, addr)
            file = d.get_first("file")
            yield file, pieces.merged(json.loads(d.get_first("data")), parts.pop(file, ()))

    def _records(self, s: tantivy.Searcher, q: tantivy.Query) -> dict[str, dict[str, Any]]:
        """file → report data (with the parts of a huge file merged in) of the records `q`
        matches."""
        reports: dict[str, dict[str, Any]] = {}
        parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for addr in self._all(s, q):
            d = self._doc(s, addr)
            data = json.loads(d.get_first("data"))
            if "first_line" in data:
                parts[d.get_first("file")].append(data)
            else:
                reports[d.get_first("file")] = data
        return {f: pieces.merged(data, parts.get(f, ())) for f, data in reports.items()}

    def metrics(
        self,
        name: str,
        *,
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
        unique: bool = False,
    ) -> MetricTable:
        """Every occurrence of the metric(s) `name` resolves to (through lexicon synonyms).

        Returns a `MetricTable` with numpy columns `value` (float64) and `report_year` (int64).
        With `unique`, copies of one report (see `duplicates`) give their rows once, from the
        copy whose file name sorts first.
        """
        import numpy as np

        names = resolve_metric_names(name)
        wanted = {fold_lower(n) for n in names}
        key = fold_lower(name.strip())
        rows = []
        fingerprint: dict[str, str | None] = {}
        for file, data in self._reports(year, region, level):
            fingerprint[file] = data.get("fingerprint")
            found = [
                m
                for m in data.get("metrics", ())
                if fold_lower(m["name"]) in wanted or key in fold_lower(m["name"])
            ]
            if not found:
                continue
            # what every metric of the report shares, taken once
            place = Place.of(data["region"]).path
            shared = {k: _group_value(data, k) for k in ("year", "level", *PLACE_KEYS)}
            part_of = _part_finder(data)
            for m in found:
                m_part = part_of(m["line"])
                if part and m_part != part:
                    continue
                groups = {**shared, "part": m_part}
                rows.append(
                    (file, m["line"], m, data.get("title"), place, data.get("report_year"), groups)
                )
        if unique:
            kept = _first_copies(fingerprint, {r[0] for r in rows})
            rows = [r for r in rows if r[0] in kept]
        rows.sort(key=lambda r: (r[0], r[1]))  # by file and line, whatever the index order
        cols: dict[str, list[Any]] = defaultdict(list)
        for file, line, m, title, place, year_, groups in rows:
            cols["name"].append(m["name"])
            cols["file"].append(file)
            cols["title"].append(title)
            cols["region"].append(place)
            cols["year"].append(year_ or -1)
            cols["value"].append(m["value"])
            cols["value_max"].append(m.get("value_max"))
            cols["unit"].append(m["unit"])
            cols["qualifier"].append(m.get("qualifier"))
            cols["sentence"].append(m["sentence"])
            cols["line"].append(line)
            cols["note"].append(m.get("note"))
            cols["groups"].append(groups)
            cols["kind"].append(m["kind"])
        return MetricTable(
            query=name,
            names=tuple(names),
            value=np.asarray(cols["value"], dtype=np.float64),
            report_year=np.asarray(cols["year"], dtype=np.int64),
            name=cols["name"],
            file=cols["file"],
            title=cols["title"],
            region=cols["region"],
            unit=cols["unit"],
            qualifier=cols["qualifier"],
            sentence=cols["sentence"],
            line=cols["line"],
            note=cols["note"],
            groups=cols["groups"],
            kind=cols["kind"],
            value_max=cols["value_max"],
        )

    def duplicates(
        self, year: YearFilter = None, region: str | None = None, level: str | None = None
    ) -> list[list[str]]:
        """Groups of indexed files that are copies of one report: the same body (its Han
        characters and digits from the first heading to the last sentence end) in another
        encoding, layout, script or web page. Largest groups first, files sorted in each.
        Memory grows with the number of reports (one fingerprint and file name each)."""
        groups: dict[str, list[str]] = defaultdict(list)
        for file, data in self._reports(year, region, level):
            if fp := data.get("fingerprint"):
                groups[fp].append(file)
        found = [sorted(g) for g in groups.values() if len(g) > 1]
        return sorted(found, key=lambda g: (-len(g), g[0]))

    def versions(
        self,
        min_similarity: float = 0.8,
        *,
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
    ) -> list[VersionGroup]:
        """Groups of indexed reports whose bodies share most of their clauses (at least
        `min_similarity` of them, estimated from each report's sketch) without being copies:
        a report re-published with figures changed, or one government's text taken over by
        another. Each group names its first file (by name), and for every other version its
        similarity to the first and the figures that differ. Copies (same fingerprint) count
        once, as the file whose name sorts first; `duplicates` lists them.

        Candidates come from locality-sensitive hashing (16 bands of 4 sketch bins), so the
        work grows with the number of reports, not its square; memory holds one sketch and file
        name per report.
        """
        if not 0.0 < min_similarity <= 1.0:
            raise ValueError(f"min_similarity must be in (0, 1], not {min_similarity}")
        first_copy: dict[str, tuple[str, str]] = {}  # fingerprint → (file, sketch)
        for file, data in self._reports(year, region, level):
            fp, sketch = data.get("fingerprint"), data.get("sketch")
            if fp and sketch and (fp not in first_copy or file < first_copy[fp][0]):
                first_copy[fp] = (file, sketch)
        items = sorted(first_copy.values())
        buckets: dict[str, list[int]] = defaultdict(list)
        empty = "f" * _BAND
        for i, (_, sketch) in enumerate(items):
            for b in range(0, len(sketch), _BAND):
                if (band := sketch[b : b + _BAND]) != empty:
                    buckets[f"{b}:{band}"].append(i)
        root = list(range(len(items)))

        def find(i: int) -> int:
            while root[i] != i:
                root[i] = root[root[i]]
                i = root[i]
            return i

        tried: set[tuple[int, int]] = set()
        for members in buckets.values():
            for a, b in itertools.combinations(members[:_BUCKET_CAP], 2):
                if (a, b) in tried or find(a) == find(b):
                    continue
                tried.add((a, b))
                sim = _core.similarity(items[a][1], items[b][1])
                if sim is not None and sim >= min_similarity:
                    root[find(b)] = find(a)
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(items)):
            groups[find(i)].append(i)
        out = []
        for members in groups.values():
            if len(members) < 2:
                continue
            (first, first_sketch), *rest = (items[i] for i in members)
            first_metrics = (self._report_data(first) or {}).get("metrics", [])
            versions = []
            for file, sketch in rest:
                metrics = (self._report_data(file) or {}).get("metrics", [])
                sim = _core.similarity(first_sketch, sketch) or 0.0
                changes = figure_changes(first_metrics, metrics)
                versions.append(Version(file, round(sim, 3), changes))
            out.append(VersionGroup(first, tuple(versions)))
        return sorted(out, key=lambda g: (-len(g.versions), g.first))

    def stats(self) -> Stats:
        """Numbers of reports, sections and metrics, by year, admin level and province."""
        s = self._searcher()
        sections = self._run(s, tantivy.Query.term_query(self._schema, "kind", "section"), 1).count
        by_year: Counter[str] = Counter()
        by_level: Counter[str] = Counter()
        by_province: Counter[str] = Counter()
        n_reports = n_metrics = 0
        for _, data in self._reports():
            n_reports += 1
            by_year[str(data.get("report_year") or "unknown")] += 1
            by_level[data.get("admin_level") or "unknown"] += 1
            by_province[Place.of(data["region"]).province or "unknown"] += 1
            n_metrics += len(data.get("metrics", ()))
        return Stats(
            n_reports,
            sections,
            n_metrics,
            dict(sorted(by_year.items())),
            dict(sorted(by_level.items())),
            dict(sorted(by_province.items())),
        )

    def _section_metrics(self, file: str, line: int) -> list[dict[str, Any]]:
        """Metrics of the section of `file` starting at `line`, each with its `part`."""
        data = self._report_data(file)
        if data is None:
            return []
        secs = data.get("sections") or [[1, "other"]]
        lines = [sec[0] for sec in secs]
        out = []
        for m in data.get("metrics", ()):
            i = max(bisect.bisect_right(lines, m["line"]) - 1, 0)
            if lines[i] == line:
                out.append({**m, "part": secs[i][1]})
        return out

    def _report_data(self, key: str) -> dict[str, Any] | None:
        q = tantivy.Query.boolean_query(
            [
                (
                    tantivy.Occur.Must,
                    tantivy.Query.term_set_query(self._schema, "kind", list(RECORDS)),
                ),
                (tantivy.Occur.Must, tantivy.Query.term_query(self._schema, "file", key)),
            ]
        )
        return self._records(self._searcher(), q).get(key)

    def report(self, file: str | os.PathLike[str]) -> dict[str, Any] | None:
        """Stored metadata, outline and metrics of an indexed file (None when not indexed).

        The dict is the native `Report.to_json()` form plus `hash` and `sections`
        (`[line, part]` of each section).
        """
        key = str(Path(file).absolute())
        if _UNDECODED.search(key):
            return None  # never indexed (`add` skips names that are not UTF-8)
        data = self._report_data(key)
        return None if data is None else {"file": key, **data}


def _abandon(writer: _core.IndexWriter) -> None:
    with contextlib.suppress(LawgovError):
        writer.rollback()
    with contextlib.suppress(LawgovError):
        writer.finish()


def _skip_reason(rep: Any) -> str | None:
    """Why an extraction result is not indexed (its exception, empty, binary), or None."""
    return str(rep) if isinstance(rep, BaseException) else rep.skip_reason


def _part_finder(data: dict[str, Any]) -> Callable[[int], str]:
    """The report part of a line of the report `data` (its section starts listed once)."""
    secs = data.get("sections") or [[1, "other"]]
    starts = [s[0] for s in secs]

    def part(line: int) -> str:
        i = bisect.bisect_right(starts, line) - 1
        return str(secs[max(i, 0)][1])

    return part


@dataclass
class _ReportRow:
    """A report matching `search_reports`: its score (the sum of its clauses' best section
    scores), its best section (score, address, stored data) and its matching sections."""

    score: float
    best: float
    addr: Any
    data: dict[str, Any]
    sections: set[tuple[int, int]] = field(default_factory=set)

    def add(self, addr: Any) -> None:
        """A section matching the clause (they come best first: the first is `best`)."""
        self.sections.add((addr.segment_ord, addr.doc))

    def join(self, other: _ReportRow) -> _ReportRow:
        """This row with another clause's row of the same report."""
        self.score += other.score
        self.sections |= other.sections
        if other.best > self.best:
            self.best, self.addr, self.data = other.best, other.addr, other.data
        return self


def _first_copies(fingerprint: dict[str, str | None], files: Iterable[str]) -> set[str]:
    """`files` without later copies: of the files sharing a fingerprint, the one whose name
    sorts first (files without one, from indexes made before fingerprints, are all kept)."""
    return set(_copies(fingerprint, files))


def _copies(fingerprint: dict[str, str | None], files: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each of [`_first_copies`] → the other files sharing its fingerprint, in name order."""
    first: dict[str, str] = {}
    kept: dict[str, tuple[str, ...]] = {}
    for f in sorted(files):
        fp = fingerprint.get(f)
        if fp is None:
            kept[f] = ()
        elif fp not in first:
            first[fp] = f
            kept[f] = ()
        else:
            kept[first[fp]] += (f,)
    return kept


# The group keys that name a place (`Place.group`).
PLACE_KEYS = ("province", "city", "county", "region")


def _group_value(data: dict[str, Any], key: str) -> str | int | None:
    if key == "year":
        return data.get("report_year")
    if key == "level":
        return data.get("admin_level")
    if key == "part":
        return data.get("part")
    return Place.of(data["region"]).group(key)


def _han_run(toks: Sequence[str]) -> str | None:
    """The Han string whose bigrams `toks` are (`化解 解率` → `化解率`), if they are such."""
    if len(toks) < 2 or not all(len(t) == 2 and has_han(t) for t in toks):
        return None
    if any(a[1] != b[0] for a, b in itertools.pairwise(toks)):
        return None
    return toks[0] + "".join(t[1] for t in toks[1:])


def _prepare(rep: Any) -> list[Section]:
    """(path, part, line, text) of each section of an extraction result (one empty section
    when it has none, as the native writer does)."""
    out = [(s.path, s.part or "other", s.line, s.text) for s in rep.sections]
    return out or [([], "other", 1, "")]


def _add_huge(
    key: str,
    h: str,
    size: int,
    writer: _core.IndexWriter,
    lexicon: _core.Lexicon | None,
    piece_chars: int,
) -> tuple[str | None, str | None]:
    """Index a huge file a piece at a time; (reason it was skipped, reason it is degraded).

    Every piece adds its sections (at the file's lines); the first gives the metadata of all
    documents and the one report document (added last, with the file's size, encoding, line
    count and replacements), each later one a part document with its outline and metrics. A
    piece ends before its last top-level heading, which starts the next piece, so headings keep
    their paths and parts (a section cut inside goes on with the path of the one before).
    """
    try:
        with Path(key).open("rb") as fh:
            head = fh.read(PROBE_BYTES)
            probe = pieces.probe(head, lexicon)
            why = _skip_reason(probe)
            if why:
                return why, None
            fh.seek(0)
            pieces.reset_replacements()
            stream = pieces.Stream(fh, pieces.decoder(probe.encoding, head), piece_chars)
            first: dict[str, Any] = {}
            first_rep = None  # its metadata goes into every document of the file
            offset = chars = 0
            last = None
            while piece := stream.next():
                rep = _core.extract_str(piece, file=key, lexicon=lexicon)
                prepared = _prepare(rep)
                resume = None if stream.done else pieces.resume_line(rep, prepared)
                used = len(piece)
                if resume is not None:
                    used = pieces.line_start(piece, resume)
                    stream.give_back(piece[used:])
                    prepared = [s for s in prepared if s[2] < resume]
                chars += used
                del piece
                stop = resume or rep.line_count + 1
                data = pieces.shift_lines(pieces.trimmed(json.loads(rep.to_json()), stop), offset)
                sections = pieces.shifted(prepared, offset, last)
                data["hash"] = h
                data["sections"] = [[line, part] for _, part, line, _ in sections]
                if first_rep is None:
                    first_rep, first = rep, data
                else:
                    data["first_line"] = offset + 1
                    writer.add_record(
                        first_rep, key, "part", h, json.dumps(data, ensure_ascii=False)
                    )
                writer.add_sections(first_rep, key, sections)
                last = sections[-1]
                offset += (resume or rep.line_count) - 1
    except OSError as e:
        writer.delete_file(key)  # the pieces added before the failure
        return f"unreadable ({e.strerror or e})", None
    if first_rep is None:
        return "empty", None  # shrunk since it was hashed
    n = pieces.replacements()
    first.update(
        encoding=probe.encoding, bytes=size, replacements=n, line_count=offset + 1, chars=chars
    )
    writer.add_record(first_rep, key, "report", h, json.dumps(first, ensure_ascii=False))
    return None, _core.degraded(n, probe.encoding)
