"""The lawgov-index search index: a Tantivy index of report sections, built incrementally.

Layout (see `/work/shared/notes/tantivy-chinese.md`): every report becomes one *report* document
(whole text, metadata, outline, metrics, content hash) and one *section* document per section
(heading path, part, text, the section's metrics, and the report's metadata). The searchable field
`body` holds `query.terms(text)`, positioned CJK bigrams from the native core, indexed with
tantivy's built-in `whitespace` tokenizer, so no tokenizer has to be registered to open the index.
The original text is stored unindexed; snippets and counts are computed from it.

Location: `Index.open()` / the CLI use `default_index_path()`: `$LAWGOV_INDEX` if set, else
`./.lawgov-index`. A JSON file `lawgov-index.json` next to the tantivy files records the format
version; it is written atomically (`os.replace`) and an index without it, or from another
version, is refused with `IndexVersionError`.

Incremental updates: the blake2b hash of each file's bytes is stored in its report document.
`add` skips files whose hash is unchanged, replaces changed ones (delete by file term and add in
the same commit) and, with `prune`, drops files that disappeared. It commits every
`commit_files` files or `commit_bytes` bytes, so a killed run keeps what was committed and a
re-run resumes without duplicates.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from lawgov_index import _core
from lawgov_index.corpus import walk
from lawgov_index.errors import (
    IndexingError,
    IndexLockedError,
    IndexVersionError,
    NoIndexError,
    QueryError,
)
from lawgov_index.query import (
    CountRow,
    CountTable,
    Hit,
    Literal,
    MetricTable,
    ParsedQuery,
    Place,
    SearchResult,
    SectionRef,
    Stats,
    find_spans,
    fold_lower,
    has_han,
    parse,
    resolve_metric_names,
    snippet,
    terms,
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

FORMAT_VERSION = 2
META_FILE = "lawgov-index.json"
ENV_VAR = "LAWGOV_INDEX"
DEFAULT_DIR = ".lawgov-index"
BATCH_FILES = 64
RELOAD_SECONDS = 0.5
GROUP_KEYS = ("year", "province", "city", "county", "region", "level", "part")

YearFilter = int | tuple[int, int] | None


def default_index_path() -> Path:
    """`$LAWGOV_INDEX` if set, else `./.lawgov-index`."""
    env = os.environ.get(ENV_VAR)
    return Path(env) if env else Path(DEFAULT_DIR)


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A per-file problem met while indexing: the file and what happened."""

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
    """What `Index.add` did."""

    indexed: int
    unchanged: int
    degraded: int
    skipped: int
    pruned: int
    bytes_indexed: int
    seconds: float
    problems: tuple[FileProblem, ...] = field(default_factory=tuple)

    def line(self) -> str:
        """One-line summary."""
        return (
            f"indexed {self.indexed}, unchanged {self.unchanged}, degraded {self.degraded}, "
            f"skipped {self.skipped}, pruned {self.pruned} files "
            f"({self.bytes_indexed / 1e6:.1f} MB in {self.seconds:.1f} s)"
        )


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    raw = {"tokenizer_name": "raw", "index_option": "basic"}
    sb.add_text_field("kind", **raw)
    sb.add_text_field("file", stored=True, **raw)
    sb.add_text_field("hash", stored=True, **raw)
    sb.add_text_field("body", stored=False, tokenizer_name="whitespace")
    sb.add_bytes_field("text", stored=True)
    sb.add_bytes_field("data", stored=True)
    sb.add_bytes_field("metrics", stored=True)
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_text_field("level", **raw)
    sb.add_text_field("part", **raw)
    sb.add_text_field("place", **raw)
    sb.add_facet_field("region")
    return sb.build()


def _decode(data: bytes, encoding: str) -> str:
    enc = encoding.lower()
    if enc in ("utf-8", "utf8"):
        enc = "utf-8-sig"
    try:
        text = data.decode(enc, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    return text.removeprefix("\ufeff")


def _metric_dict(m: Any, part: str) -> dict[str, Any]:
    return {
        "name": m.name,
        "kind": m.kind,
        "surface": m.surface,
        "value_text": m.value_text,
        "value": m.value,
        "unit": m.unit,
        "qualifier": m.qualifier,
        "sentence": m.sentence,
        "line": m.line,
        "col": m.col,
        "optional": m.optional,
        "in_lexicon": m.in_lexicon,
        "domain": m.domain,
        "part": part,
    }


class Index:
    """A lawgov-index search index in a folder.

    Use `Index.open(path)` for an existing index, `Index.create(path)` for a new one (or
    `Index.open_or_create`). Searching works while another process writes.
    """

    def __init__(self, path: Path, tindex: tantivy.Index) -> None:
        self.path = path
        self._ix = tindex
        self._schema = tindex.schema
        self._reloaded = float("-inf")

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
        meta = {
            "format": "lawgov-index",
            "version": FORMAT_VERSION,
            "tantivy": tantivy.__version__,
            "created": time.time(),
        }
        tmp = p / (META_FILE + ".tmp")
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        tmp.replace(p / META_FILE)
        return cls(p, tix)

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> Index:
        """Open the index at `path` (default `default_index_path()`).

        Raises:
            NoIndexError: there is no index at `path` (build one with `lawgov-index index PATH`).
            IndexVersionError: the index is from another format version or is corrupted.
        """
        p = Path(path) if path is not None else default_index_path()
        meta_path = p / META_FILE
        if not meta_path.exists():
            if p.is_dir() and (p / "meta.json").exists():
                raise IndexVersionError(
                    f"{p} is not a lawgov-index index (no {META_FILE}); rebuild with "
                    f"`lawgov-index index PATH --index {p}` after removing it"
                )
            raise NoIndexError(
                f"no index at {p}; build one with `lawgov-index index PATH` "
                f"(or set ${ENV_VAR} / pass --index)"
            )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            version = meta["version"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise IndexVersionError(
                f"index {p} is corrupted ({META_FILE}: {e}); rebuild with "
                f"`lawgov-index index PATH --index {p}` after removing it"
            ) from None
        if version != FORMAT_VERSION:
            raise IndexVersionError(
                f"index {p} has format version {version}, this lawgov-index reads version "
                f"{FORMAT_VERSION}; rebuild with `lawgov-index index PATH --index {p}` after "
                "removing it"
            )
        try:
            tix = tantivy.Index.open(str(p))
        except (ValueError, OSError) as e:
            raise IndexVersionError(
                f"index {p} is corrupted ({e}); rebuild with `lawgov-index index PATH --index {p}` "
                "after removing it"
            ) from None
        return cls(p, tix)

    @classmethod
    def open_or_create(cls, path: str | os.PathLike[str] | None = None) -> Index:
        """Open the index at `path`, creating it when the folder is missing or empty."""
        p = Path(path) if path is not None else default_index_path()
        if not (p / META_FILE).exists() and (not p.exists() or not any(p.iterdir())):
            return cls.create(p)
        return cls.open(p)

    # -- writing ---------------------------------------------------------------------------------

    def _writer(self, threads: int | None) -> tantivy.IndexWriter:
        try:
            return self._ix.writer(heap_size=256_000_000, num_threads=threads or 0)
        except ValueError as e:
            if "lock" in str(e).lower():
                raise IndexLockedError(f"index is locked by another writer: {self.path}") from None
            raise IndexingError(f"cannot write index {self.path}: {e}") from None

    def indexed_files(self) -> dict[str, str]:
        """Map of indexed file → content hash."""
        self._ix.reload()
        s = self._ix.searcher()
        q = tantivy.Query.term_query(self._schema, "kind", "report")
        n = s.search(q, 1, count=True).count
        out: dict[str, str] = {}
        if n:
            for _, addr in s.search(q, n, count=False).hits:
                d = s.doc(addr)
                out[d.get_first("file")] = d.get_first("hash")
        return out

    def add(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        threads: int | None = None,
        prune: bool = False,
        lexicon: _core.Lexicon | None = None,
        progress: Callable[[Progress], None] | None = None,
        on_problem: Callable[[FileProblem], None] | None = None,
        commit_files: int = 2000,
        commit_bytes: int = 64_000_000,
        batch_files: int = BATCH_FILES,
    ) -> AddSummary:
        """Index the report files found under `paths` (folders are walked).

        Args:
            paths: files and folders.
            threads: extraction and writer threads (default all cores).
            prune: drop indexed files that no longer exist, or that lie under one of the given
                folders and were not found this time.
            lexicon: a lexicon from `load_lexicon`, or the shipped one.
            progress: called after each batch.
            on_problem: called for each per-file problem (the run goes on).
            commit_files: commit after this many files ...
            commit_bytes: ... or this many bytes, whichever comes first.
            batch_files: files per native extraction call.

        Raises:
            IndexLockedError: another writer holds the index.
            IndexingError: tantivy failed to write.
        """
        t0 = time.perf_counter()
        problems: list[FileProblem] = []

        def problem(file: str, msg: str, skipped: bool) -> None:
            fp = FileProblem(file, msg, skipped)
            problems.append(fp)
            if on_problem is not None:
                on_problem(fp)

        roots = [Path(p).absolute() for p in paths]
        files = [
            f.absolute()
            for f in walk(roots, on_skip=lambda p, why: problem(str(p), f"skipped: {why}", True))
        ]
        sizes = []
        for f in files:
            try:
                sizes.append(f.stat().st_size)
            except OSError:
                sizes.append(0)
        total_bytes = sum(sizes)
        existing = self.indexed_files()
        writer = self._writer(threads)
        n_indexed = n_unchanged = n_degraded = n_skipped = n_pruned = 0
        done_files = done_bytes = bytes_indexed = 0
        since_files = since_bytes = 0
        seen: set[str] = set()
        try:
            for start in range(0, len(files), batch_files):
                batch = files[start : start + batch_files]
                todo: list[tuple[str, str, bytes]] = []
                for f in batch:
                    key = str(f)
                    seen.add(key)
                    try:
                        data = f.read_bytes()
                    except OSError as e:
                        n_skipped += 1
                        problem(key, f"skipped: unreadable ({e.strerror or e})", True)
                        continue
                    h = hashlib.blake2b(data, digest_size=16).hexdigest()
                    if existing.get(key) == h:
                        n_unchanged += 1
                    else:
                        todo.append((key, h, data))
                results = (
                    _core.extract_paths([t[0] for t in todo], threads=threads or 0, lexicon=lexicon)
                    if todo
                    else []
                )
                for (key, h, data), rep in zip(todo, results, strict=True):
                    if key in existing:
                        writer.delete_documents_by_term("file", key)
                    if isinstance(rep, BaseException):
                        n_skipped += 1
                        problem(key, f"skipped: {rep}", True)
                        continue
                    why = _skip_reason(rep.warnings)
                    if why:
                        n_skipped += 1
                        problem(key, f"skipped: {why}", True)
                        continue
                    if any("replac" in w or "U+FFFD" in w for w in rep.warnings):
                        n_degraded += 1
                        problem(key, "decoded with replacements", False)
                    for doc in _documents(rep, key, h, _decode(data, rep.encoding)):
                        writer.add_document(doc)
                    n_indexed += 1
                    bytes_indexed += len(data)
                    since_files += 1
                    since_bytes += len(data)
                done_files += len(batch)
                done_bytes += sum(sizes[start : start + batch_files])
                if since_files >= commit_files or since_bytes >= commit_bytes:
                    writer.commit()
                    since_files = since_bytes = 0
                if progress is not None:
                    progress(Progress(done_files, len(files), done_bytes, total_bytes))
            if prune:
                for key in existing:
                    if key in seen:
                        continue
                    kp = Path(key)
                    gone = not kp.exists()
                    under = any(kp == r or r in kp.parents for r in roots if r.is_dir())
                    if gone or under:
                        writer.delete_documents_by_term("file", key)
                        n_pruned += 1
            writer.commit()
            writer.wait_merging_threads()
        except ValueError as e:
            _abandon(writer)
            raise IndexingError(f"writing index {self.path} failed: {e}") from None
        except BaseException:
            # Interrupted: drop what was not committed and release the writer lock now, not when
            # the traceback (which holds this frame) is collected.
            _abandon(writer)
            raise
        self._ix.reload()
        self._reloaded = time.monotonic()
        return AddSummary(
            n_indexed,
            n_unchanged,
            n_degraded,
            n_skipped,
            n_pruned,
            bytes_indexed,
            time.perf_counter() - t0,
            tuple(problems),
        )

    # -- reading ---------------------------------------------------------------------------------

    def _searcher(self) -> tantivy.Searcher:
        # Pick up commits of other writers at most every RELOAD_SECONDS (our own `add` reloads).
        now = time.monotonic()
        if now - self._reloaded > RELOAD_SECONDS:
            self._ix.reload()
            self._reloaded = now
        return self._ix.searcher()

    def _literal_query(self, lit: Literal) -> tantivy.Query:
        s = self._schema
        toks = lit.tokens
        if len(toks) == 1:
            t = toks[0]
            if len(t) == 1 and has_han(t):
                return tantivy.Query.regex_query(s, "body", f"{t}.?|.{t}")
            return tantivy.Query.term_query(s, "body", t)
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

    def _filters(
        self,
        kind: str,
        year: YearFilter,
        region: str | None,
        level: str | None,
        part: str | None,
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        s = self._schema
        must = tantivy.Occur.Must
        out = [(must, tantivy.Query.term_query(s, "kind", kind))]
        if year is not None:
            lo, hi = (year, year) if isinstance(year, int) else year
            out.append(
                (must, tantivy.Query.range_query(s, "year", tantivy.FieldType.Integer, lo, hi))
            )
        if region:
            r = region.strip().strip("/")
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
        kind: str,
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
    ) -> tantivy.Query:
        occ = tantivy.Occur
        clauses = self._filters(kind, year, region, level, part)
        if pq is not None:
            for clause in pq.clauses:
                qs = [self._literal_query(lit) for lit in clause]
                q = (
                    qs[0]
                    if len(qs) == 1
                    else tantivy.Query.boolean_query([(occ.Should, x) for x in qs])
                )
                clauses.append((occ.Must, q))
            for lit in pq.excluded:
                clauses.append((occ.MustNot, self._literal_query(lit)))
        return tantivy.Query.boolean_query(clauses)

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
    ) -> SearchResult:
        """Sections matching `query` (grammar in `lawgov_index.query`), best BM25 score first.

        Args:
            query: the query string.
            year: a report year or an inclusive (first, last) range.
            region: a region name at any level (`重庆市`, `云阳县`), or a path `重庆市/云阳县`.
            level: admin level (`province`, `city`, `county`, `township`, `street`, `department`).
            part: report part (`achievements`, `shortcomings`, `first_responsible`, `next_year`,
                `other`).
            limit: hits to return.
            offset: hits to skip.

        Raises:
            QueryError: the query is malformed (the message names it).
        """
        pq = parse(query)
        q = self._query(pq, "section", year, region, level, part)
        s = self._searcher()
        try:
            res = s.search(q, max(limit, 1), count=True, offset=offset)
        except ValueError as e:
            raise QueryError(f"cannot run query {query!r}: {e}") from e
        hits = []
        for score, addr in res.hits[:limit]:
            d = s.doc(addr)
            text = d.get_first("text").decode("utf-8")
            data = json.loads(d.get_first("data"))
            spans = find_spans(fold_lower(text), pq.positives)
            snip, hl = snippet(text, spans)
            hits.append(
                Hit(
                    file=d.get_first("file"),
                    title=data.get("title"),
                    report_year=data.get("report_year"),
                    region=Place(**data["region"]),
                    admin_level=data.get("admin_level"),
                    section=SectionRef(tuple(data["path"]), data["part"], data["line"]),
                    snippet=snip,
                    highlights=tuple(hl),
                    score=float(score),
                    metrics_json=(d.get_first("metrics") or b"[]").decode("utf-8"),
                )
            )
        return SearchResult(query, res.count, tuple(hits))

    def _all(self, s: tantivy.Searcher, q: tantivy.Query) -> list[Any]:
        n = s.search(q, 1, count=True).count
        if not n:
            return []
        return [addr for _, addr in s.search(q, n, count=False).hits]

    def count(
        self,
        queries: Sequence[str],
        *,
        by: Sequence[str] = (),
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
    ) -> CountTable:
        """For each query, the reports containing it and its occurrences, grouped by `by`.

        Occurrences of the query's positive literals are counted exactly in the stored original
        text (folded), so they agree with a substring count over the files. Group keys: `year`,
        `level`, `province`, `city`, `county`, `region` (path down to county level), `part`.
        With `part` (as a key or a filter) documents are sections, else whole reports (a report
        matches when the whole report satisfies the query).

        Raises:
            QueryError: a query is malformed, or a group key is unknown.
        """
        bad = [b for b in by if b not in GROUP_KEYS]
        if bad:
            raise QueryError(f"unknown --by key(s) {', '.join(bad)}; use {', '.join(GROUP_KEYS)}")
        parsed = [parse(q) for q in queries]
        kind = "section" if ("part" in by or part) else "report"
        s = self._searcher()
        rows: list[CountRow] = []
        for pq in parsed:
            reports: dict[tuple[Any, ...], set[str]] = defaultdict(set)
            occ: Counter[tuple[Any, ...]] = Counter()
            for addr in self._all(s, self._query(pq, kind, year, region, level, part)):
                d = s.doc(addr)
                data = json.loads(d.get_first("data"))
                folded = fold_lower(d.get_first("text").decode("utf-8"))
                n = sum(len(lit.pattern.findall(folded)) for lit in pq.positives)
                key = tuple(_group_value(data, b) for b in by)
                reports[key].add(d.get_first("file"))
                occ[key] += n
            if not by:
                reports.setdefault((), set())
            for key in sorted(reports, key=lambda k: tuple((v is None, str(v)) for v in k)):
                rows.append(
                    CountRow(pq.text, tuple(zip(by, key, strict=True)), len(reports[key]), occ[key])
                )
        return CountTable(tuple(by), tuple(rows))

    def _reports(
        self, year: YearFilter = None, region: str | None = None, level: str | None = None
    ) -> list[tuple[str, dict[str, Any]]]:
        s = self._searcher()
        out = []
        for addr in self._all(s, self._query(None, "report", year, region, level)):
            d = s.doc(addr)
            out.append((d.get_first("file"), json.loads(d.get_first("data"))))
        out.sort(key=lambda t: t[0])
        return out

    def metrics(
        self,
        name: str,
        *,
        year: YearFilter = None,
        region: str | None = None,
        level: str | None = None,
        part: str | None = None,
    ) -> MetricTable:
        """Every occurrence of the metric(s) `name` resolves to (through lexicon synonyms).

        Returns a `MetricTable` with numpy columns `value` (float64) and `report_year` (int64).
        """
        import numpy as np

        names = resolve_metric_names(name)
        wanted = {fold_lower(n) for n in names}
        key = fold_lower(name.strip())
        cols: dict[str, list[Any]] = defaultdict(list)
        for file, data in self._reports(year, region, level):
            for m in data.get("metrics", ()):
                mn = fold_lower(m["name"])
                if mn not in wanted and key not in mn:
                    continue
                if part and m.get("part") != part:
                    continue
                cols["name"].append(m["name"])
                cols["file"].append(file)
                cols["title"].append(data.get("title"))
                cols["region"].append(Place(**data["region"]).path)
                cols["year"].append(data.get("report_year") or -1)
                cols["value"].append(m["value"])
                cols["unit"].append(m["unit"])
                cols["qualifier"].append(m.get("qualifier"))
                cols["sentence"].append(m["sentence"])
                cols["line"].append(m["line"])
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
        )

    def stats(self) -> Stats:
        """Numbers of reports, sections and metrics, by year, admin level and province."""
        s = self._searcher()
        sections = s.search(
            tantivy.Query.term_query(self._schema, "kind", "section"), 1, count=True
        ).count
        reports = self._reports()
        by_year: Counter[str] = Counter()
        by_level: Counter[str] = Counter()
        by_province: Counter[str] = Counter()
        n_metrics = 0
        for _, data in reports:
            by_year[str(data.get("report_year") or "unknown")] += 1
            by_level[data.get("admin_level") or "unknown"] += 1
            by_province[data["region"].get("province") or "unknown"] += 1
            n_metrics += len(data.get("metrics", ()))
        return Stats(
            len(reports),
            sections,
            n_metrics,
            dict(sorted(by_year.items())),
            dict(sorted(by_level.items())),
            dict(sorted(by_province.items())),
        )

    def report(self, file: str | os.PathLike[str]) -> dict[str, Any] | None:
        """Stored metadata, outline and metrics of an indexed file (None when not indexed)."""
        key = str(Path(file).absolute())
        s = self._searcher()
        q = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(self._schema, "kind", "report")),
                (tantivy.Occur.Must, tantivy.Query.term_query(self._schema, "file", key)),
            ]
        )
        res = s.search(q, 1)
        if not res.hits:
            return None
        d = s.doc(res.hits[0][1])
        return {"file": key, **json.loads(d.get_first("data"))}


def _abandon(writer: tantivy.IndexWriter) -> None:
    with contextlib.suppress(ValueError, RuntimeError):
        writer.rollback()
    with contextlib.suppress(ValueError, RuntimeError):
        writer.wait_merging_threads()


def _skip_reason(warnings: Sequence[str]) -> str | None:
    for w in warnings:
        lw = w.lower()
        if lw.startswith("empty") or "empty file" in lw:
            return "empty"
        if "binary" in lw:
            return "binary"
    return None


def _group_value(data: dict[str, Any], key: str) -> str | int | None:
    if key == "year":
        return data.get("report_year")
    if key == "level":
        return data.get("admin_level")
    if key == "part":
        return data.get("part")
    return Place(**data["region"]).group(key)


def report_data(rep: Any, key: str, h: str) -> dict[str, Any]:
    """Report-level metadata as stored (used for the report document and `show`)."""
    r = rep.region
    return {
        "file": key,
        "hash": h,
        "title": rep.title,
        "issuers": list(rep.issuers),
        "report_year": rep.report_year,
        "issue_date": rep.issue_date,
        "published": rep.published,
        "doc_number": rep.doc_number,
        "addressee": rep.addressee,
        "region": {
            "province": r.province,
            "city": r.city,
            "county": r.county,
            "township": r.township,
        },
        "admin_level": rep.admin_level,
        "encoding": rep.encoding,
        "bytes": rep.bytes,
        "warnings": list(rep.warnings),
        "headings": [
            {
                "depth": x.depth,
                "level": x.level,
                "marker": x.marker,
                "text": x.text,
                "line": x.line,
                "part": x.part,
            }
            for x in rep.headings
        ],
    }


def _documents(rep: Any, key: str, h: str, full_text: str) -> list[tantivy.Document]:
    meta = report_data(rep, key, h)
    place = Place(**meta["region"])
    sections = [(list(s.path), s.part or "other", s.line, s.text) for s in rep.sections]
    if not sections:
        sections = [([], "other", 1, full_text)]
    lines = [sec[2] for sec in sections]
    sec_metrics: list[list[dict[str, Any]]] = [[] for _ in sections]
    all_metrics = []
    for m in rep.metrics:
        i = 0
        for j, ln in enumerate(lines):
            if ln <= m.line:
                i = j
        md = _metric_dict(m, sections[i][1])
        sec_metrics[i].append(md)
        all_metrics.append(md)
    meta["metrics"] = all_metrics
    meta["sections"] = len(sections)

    def common(kind: str, text: str, data: dict[str, Any], part: str | None) -> tantivy.Document:
        d = tantivy.Document()
        d.add_text("kind", kind)
        d.add_text("file", key)
        d.add_text("body", terms(text))
        d.add_bytes("text", text.encode("utf-8"))
        d.add_bytes("data", json.dumps(data, ensure_ascii=False).encode("utf-8"))
        if rep.report_year is not None:
            d.add_integer("year", int(rep.report_year))
        if rep.admin_level:
            d.add_text("level", rep.admin_level)
        if part is not None:
            d.add_text("part", part)
        for n in place.names:
            d.add_text("place", n)
        if place.names:
            d.add_facet("region", tantivy.Facet.from_string("/" + place.path))
        return d

    report_doc = common("report", full_text, meta, None)
    report_doc.add_text("hash", h)
    docs = [report_doc]
    for (path, part, line, text), ms in zip(sections, sec_metrics, strict=True):
        data = {
            "title": meta["title"],
            "report_year": meta["report_year"],
            "region": meta["region"],
            "admin_level": meta["admin_level"],
            "path": path,
            "part": part,
            "line": line,
        }
        doc = common("section", text, data, part)
        # kept apart from `data` so a hit decodes its metrics only when they are asked for
        doc.add_bytes("metrics", json.dumps(ms, ensure_ascii=False).encode("utf-8"))
        docs.append(doc)
    return docs
