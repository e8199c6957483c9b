"""Query language, matching, snippets and result records of lawgov-index.

Grammar (a small hand-written parser, so every error can name the query)::

    query   := clause (WS clause)*           clauses are ANDed
    clause  := unit (WS "OR" WS unit)*       alternatives
    unit    := ["-"] (WORD | '"' PHRASE '"')  "-" excludes (only outside an OR group)

A WORD or PHRASE is a *literal*. Literals are matched as substrings of the section text after the
1:1 fold of `_core.fold` (width, compatibility forms, Traditional → Simplified) and lowercasing, so
`行政复议` finds `行政復議`. Runs of Han characters match anywhere, also inside compounds
(`化解率` in `矛盾纠纷化解率`); runs of ASCII letters and digits match whole words (`100` does not
match inside `1000`); punctuation and spaces inside a literal match any run of separators.

The index side of this is :func:`terms`: the native `_core.token_string` (positioned CJK bigrams,
lowercased words) with a break term between separated runs, so a phrase of bigrams can never bridge
punctuation (`工作，作风` does not contain `工作风`). Queries go through the same function.
Metric names of three or more Han characters (the shipped lexicon's, fixed when an index is
created) are also indexed as single terms, one per occurrence in a Han run; a literal that is one
of them is looked up as that term, which selects the same sections as its bigram phrase.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Any

from lawgov_index import _core
from lawgov_index.errors import IndexCorruptedError, QueryError

__all__ = [
    "BREAK",
    "CountRow",
    "CountTable",
    "Hit",
    "Literal",
    "MetricTable",
    "ParsedQuery",
    "Place",
    "SearchResult",
    "SectionRef",
    "Stats",
    "find_spans",
    "fold_lower",
    "parse",
    "resolve_metric_names",
    "snippet",
    "terms",
]

# The native tokenizer's term for a separator run between two token runs (`tokens.rs`).
BREAK = "|"
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_SEP = re.compile(r"[\W_]+")
_SEP_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_HAN_CHAR = re.compile(f"[{_HAN}]")
# A word character that is not Han: the inside of an ASCII-like word.
_WORDCH = f"[^\\W_{_HAN}]"
LEXICON_TSV = Path(__file__).parent / "data" / "metric_lexicon.tsv"


def terms(text: str) -> str:
    """Index terms of `text` as a space-joined string for tantivy's `whitespace` tokenizer.

    The same function serves documents and queries. Separator runs become the term `BREAK`, so
    positions of bigrams on both sides of punctuation are not adjacent.
    """
    return _core.token_string(text)


def fold_lower(text: str) -> str:
    """`_core.fold` then lowercase, keeping one code point for one (offsets stay valid)."""
    f = _core.fold(text)
    low = f.lower()
    if len(low) == len(f):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in f)


@dataclass(frozen=True, slots=True)
class Literal:
    """One literal of a query: its text as typed, and whether it excludes."""

    text: str
    negative: bool = False

    @property
    def tokens(self) -> list[str]:
        """Index terms of the literal (edge separators dropped)."""
        return terms(_SEP_EDGES.sub("", self.text)).split()

    @property
    def pattern(self) -> re.Pattern[str]:
        """Regex over `fold_lower` text that finds this literal (see the module docs)."""
        return _pattern(self.text)


@cache
def _pattern(text: str) -> re.Pattern[str]:
    core = _SEP_EDGES.sub("", fold_lower(text))
    parts = [re.escape(p) for p in _SEP.split(core)]
    body = r"[\W_]+".join(parts)
    if re.match(_WORDCH, core):
        body = f"(?<!{_WORDCH})" + body
    if re.search(f"{_WORDCH}$", core):
        body += f"(?!{_WORDCH})"
    return re.compile(body)


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed query: AND of clauses, each an OR of positive literals, plus excluded literals."""

    text: str
    clauses: tuple[tuple[Literal, ...], ...]
    excluded: tuple[Literal, ...]

    @property
    def positives(self) -> list[Literal]:
        """Every positive literal, in query order."""
        return [lit for clause in self.clauses for lit in clause]

    def matches(self, folded: str) -> bool:
        """Whether `fold_lower` text satisfies the query."""
        return all(any(lit.pattern.search(folded) for lit in c) for c in self.clauses) and not any(
            lit.pattern.search(folded) for lit in self.excluded
        )


def _lex(q: str) -> Iterator[tuple[str, str, bool]]:
    """Yield (kind, text, negative) with kind "word", "phrase" or "or"."""
    i, n = 0, len(q)
    while i < n:
        c = q[i]
        if c.isspace():
            i += 1
            continue
        neg = False
        if c == "-" and i + 1 < n and not q[i + 1].isspace():
            neg, i = True, i + 1
            c = q[i]
        if c == '"':
            j = q.find('"', i + 1)
            if j < 0:
                raise QueryError(f"unbalanced quote in query {q!r}")
            yield "phrase", q[i + 1 : j], neg
            i = j + 1
            continue
        j = i
        while j < n and not q[j].isspace() and q[j] != '"':
            j += 1
        word = q[i:j]
        i = j
        if word == "OR" and not neg:
            yield "or", word, False
        elif word == "AND" and not neg:
            continue
        else:
            yield "word", word, neg


def parse(q: str) -> ParsedQuery:
    """Parse a query string (grammar in the module docs).

    Raises:
        QueryError: empty query, unbalanced quote, a lone or dangling OR, an excluded term inside
            an OR group, a literal with nothing searchable, or only excluded terms. The message
            names the query.
    """
    if not q or not q.strip():
        raise QueryError(f"empty query {q!r}")
    clauses: list[list[Literal]] = []
    excluded: list[Literal] = []
    pending_or = False
    last_negative = False
    for kind, text, neg in _lex(q):
        if kind == "or":
            if pending_or or not (clauses or excluded) or last_negative:
                raise QueryError(f"OR without a term on its left in query {q!r}")
            pending_or = True
            continue
        lit = Literal(text, neg)
        if not lit.tokens:
            raise QueryError(f"{text!r} has no searchable characters in query {q!r}")
        if neg:
            if pending_or:
                raise QueryError(f"an excluded term cannot be an OR alternative in query {q!r}")
            excluded.append(lit)
        elif pending_or:
            if not clauses:
                raise QueryError(f"OR without a term on its left in query {q!r}")
            clauses[-1].append(lit)
        else:
            clauses.append([lit])
        pending_or = False
        last_negative = neg
    if pending_or:
        raise QueryError(f"OR without a term on its right in query {q!r}")
    if not clauses and not excluded:
        raise QueryError(f"query {q!r} has no term to search for")
    if not clauses:
        raise QueryError(f"query {q!r} has only excluded terms; add a term to search for")
    return ParsedQuery(q, tuple(tuple(c) for c in clauses), tuple(excluded))


def find_spans(folded: str, literals: Iterable[Literal]) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) code-point spans of all `literals` in `fold_lower` text."""
    spans = sorted(m.span() for lit in literals for m in lit.pattern.finditer(folded))
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = 120
) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around the densest group of `spans`, with highlights relative to it.

    Newlines become spaces (one for one). An ellipsis marks cut ends; highlight offsets count it.
    """
    if not spans:
        s = text[:width].replace("\n", " ")
        return (s + "…" if len(text) > width else s), []
    best, best_n, j = 0, 0, 0
    for i, (s, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] - s <= width:
            j += 1
        if j - i + 1 > best_n:
            best, best_n = i, j - i + 1
    first, last = spans[best], spans[best + best_n - 1]
    slack = max(0, width - (last[1] - first[0]))
    start = max(0, first[0] - slack // 3)
    end = min(len(text), max(last[1], start + width))
    start = max(0, min(start, end - width))
    pre = "…" if start > 0 else ""
    post = "…" if end < len(text) else ""
    out = pre + text[start:end].replace("\n", " ").replace("\r", " ") + post
    shift = len(pre) - start
    hl = [(s + shift, e + shift) for s, e in spans if s >= start and e <= end]
    return out, hl


# ---------------------------------------------------------------------------------------------
@cache
def in_charset(c: str, codec: str) -> bool:
    """Can `codec` (`gb2312`: the Simplified character set, `big5`: the Traditional) write `c`?"""
    try:
        c.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def fold_place(name: str) -> str:
    """A place name in Simplified script: only characters Simplified text never uses (outside
    GB 2312) are folded (`重慶市` → `重庆市`), so `乾元镇` and `乾县`, whose `乾` the character
    fold would turn into `干`, keep their names. The native core's function, which also folds
    the names it indexes."""
    return _core.fold_place(name)


# Result records


@dataclass(frozen=True, slots=True)
class Place:
    """Region of a report (any level may be missing), its names folded to Simplified script so
    a Traditional mirror groups and filters with its original (`重慶市` is `重庆市`)."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None

    @classmethod
    def of(cls, region: Any) -> Place:
        """The canonical place of a region record (an object with the four attributes, or the
        dict of the JSON form), names folded with `fold_place`."""
        get = region.get if isinstance(region, dict) else partial(getattr, region)
        names = [get(k) for k in ("province", "city", "county", "township")]
        return cls(*(fold_place(n.strip()) or None if n else None for n in names))

    @property
    def names(self) -> list[str]:
        """Present names from the top down."""
        return [n for n in (self.province, self.city, self.county, self.township) if n]

    @property
    def path(self) -> str:
        """Names joined by `/` (empty when unknown)."""
        return "/".join(self.names)

    def group(self, key: str) -> str | None:
        """The value grouped on for `--by` key `province`, `city`, `county` or `region`.

        `region` is the path down to county level (`重庆市/云阳县`); townships are not split.
        """
        if key == "region":
            return "/".join(n for n in (self.province, self.city, self.county) if n) or None
        return getattr(self, key)


@dataclass(frozen=True, slots=True)
class SectionRef:
    """Where a hit is: heading path from the top, report part, first line (1-based)."""

    path: tuple[str, ...]
    part: str
    line: int


def _corrupted(e: Exception) -> IndexCorruptedError:
    return IndexCorruptedError(
        f"a stored document of the index is corrupted ({e}); rebuild the index: "
        "remove its folder and run `lawgov-index index PATH`"
    )


class Hit:
    """One matching section with its report's metadata.

    A hit is lazy: the stored document is fetched on the first access to any field but `score`,
    and the snippet is cut on the first access to `snippet` or `highlights`. So a search that
    only needs the total and the ranking never touches the document store, and rendering costs
    are paid only for the hits shown.

    Fields: `file`, `title`, `report_year`, `region` (`Place`), `admin_level`, `section`
    (`SectionRef`), `snippet`, `highlights` (code-point offsets into `snippet`), `score`,
    `metrics` (read from the report's stored record on access).
    """

    __slots__ = (
        "_copies",
        "_data",
        "_fetch",
        "_file",
        "_literals",
        "_metrics",
        "_raw",
        "_score",
        "_snip",
        "_text",
    )

    def __init__(
        self,
        score: float,
        fetch: Callable[[], tuple[str, bytes, bytes]],
        literals: Sequence[Literal],
        metrics: Callable[[str, int], list[dict[str, Any]]] | None = None,
        copies: tuple[str, ...] | None = None,
    ) -> None:
        self._score = score
        self._copies = copies
        self._fetch: Callable[[], tuple[str, bytes, bytes]] | None = fetch
        self._literals = literals
        self._metrics = metrics
        self._file = ""
        self._text = b""
        self._raw = b""
        self._data: dict[str, Any] | None = None
        self._snip: tuple[str, tuple[tuple[int, int], ...]] | None = None

    def _stored(self) -> None:
        """Fetch the stored document (file, text, metadata JSON), once."""
        if self._fetch is not None:
            self._file, self._text, self._raw = self._fetch()
            self._fetch = None

    def _load(self) -> dict[str, Any]:
        """The section's metadata, parsed on first use (a snippet alone does not need it)."""
        if self._data is None:
            self._stored()
            try:
                self._data = json.loads(self._raw)
            except (ValueError, TypeError) as e:
                raise _corrupted(e) from None
        return self._data

    @property
    def score(self) -> float:
        """BM25 score (read-only, like every field)."""
        return self._score

    @property
    def file(self) -> str:
        """Path of the report file."""
        self._stored()
        return self._file

    @property
    def title(self) -> str | None:
        """Report title."""
        return self._load().get("title")

    @property
    def report_year(self) -> int | None:
        """Year the report is about."""
        return self._load().get("report_year")

    @property
    def region(self) -> Place:
        """Region the report names."""
        return Place.of(self._load()["region"])

    @property
    def admin_level(self) -> str | None:
        """Admin level of the issuer."""
        return self._load().get("admin_level")

    @property
    def section(self) -> SectionRef:
        """Heading path, part and first line of the section."""
        d = self._load()
        return SectionRef(tuple(d["path"]), d["part"], d["line"])

    def _snippet(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        if self._snip is None:
            self._stored()
            try:
                text = self._text.decode("utf-8")
            except UnicodeDecodeError as e:
                raise _corrupted(e) from None
            snip, hl = snippet(text, find_spans(fold_lower(text), self._literals))
            self._snip = (snip, tuple(hl))
        return self._snip

    @property
    def snippet(self) -> str:
        """A window of the section text around the densest group of matches."""
        return self._snippet()[0]

    @property
    def highlights(self) -> tuple[tuple[int, int], ...]:
        """[start, end) code-point offsets of the matches in `snippet`."""
        return self._snippet()[1]

    @property
    def copies(self) -> tuple[str, ...]:
        """Other files holding this section in a copy of the report (`search --unique`)."""
        return self._copies or ()

    @property
    def metrics(self) -> list[dict[str, Any]]:
        """Metrics found in the section (read from the report's stored record on access)."""
        if self._metrics is None:
            return []
        return self._metrics(self.file, self.section.line)

    def __repr__(self) -> str:
        return f"Hit(file={self.file!r}, line={self.section.line}, score={self.score:.3f})"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `search --json` (with `--unique`, also `copies`)."""
        d: dict[str, Any] = {
            "file": self.file,
            "title": self.title,
            "report_year": self.report_year,
            "region": asdict(self.region),
            "admin_level": self.admin_level,
            "section": {
                "path": list(self.section.path),
                "part": self.section.part,
                "line": self.section.line,
            },
            "snippet": self.snippet,
            "highlights": [list(h) for h in self.highlights],
            "score": self.score,
            "metrics": self.metrics,
        }
        if self._copies is not None:
            d["copies"] = list(self._copies)
        return d


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Total number of matching sections and the requested page of hits, best first."""

    query: str
    total: int
    hits: tuple[Hit, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `search --json`."""
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits]}


@dataclass(frozen=True, slots=True)
class ReportHit:
    """One report matching a query (`search --reports`): its metadata, how many of its sections
    hold a positive term, and its best-scoring such section (`best`, for a snippet)."""

    file: str
    title: str | None
    report_year: int | None
    region: Place
    admin_level: str | None
    score: float
    sections: int
    best: Hit

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `search --reports --json`."""
        best = self.best
        return {
            "file": self.file,
            "title": self.title,
            "report_year": self.report_year,
            "region": asdict(self.region),
            "admin_level": self.admin_level,
            "score": self.score,
            "sections": self.sections,
            "best": {
                "section": {
                    "path": list(best.section.path),
                    "part": best.section.part,
                    "line": best.section.line,
                },
                "snippet": best.snippet,
                "highlights": [list(h) for h in best.highlights],
            },
        }


@dataclass(frozen=True, slots=True)
class ReportResult:
    """Total number of matching reports and the requested page of them, best first."""

    query: str
    total: int
    reports: tuple[ReportHit, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `search --reports --json`."""
        return {
            "query": self.query,
            "total": self.total,
            "reports": [r.to_dict() for r in self.reports],
        }


# The keys `count --by` and `metrics --by` group on.
GROUP_KEYS = ("year", "province", "city", "county", "region", "level", "part")


def check_group_keys(by: Sequence[str]) -> None:
    """Raise `QueryError` naming the keys of `by` that are not group keys."""
    bad = [b for b in by if b not in GROUP_KEYS]
    if bad:
        raise QueryError(f"unknown --by key(s) {', '.join(bad)}; use {', '.join(GROUP_KEYS)}")


@dataclass(frozen=True, slots=True)
class CountRow:
    """Reports containing `query` and its occurrences, within one group."""

    query: str
    group: tuple[tuple[str, str | int | None], ...]
    reports: int
    occurrences: int
    # with `share`: the reports of the group (filters and `unique` applied), matching or not,
    # and the characters of their text
    of: int | None = None
    chars: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Flat dict: query, one key per group field, reports, occurrences (and with `share`,
        `of`, `share` = reports / of and `per_10k_chars`, occurrences per 10,000 characters of
        the group's reports)."""
        d = {
            "query": self.query,
            **dict(self.group),
            "reports": self.reports,
            "occurrences": self.occurrences,
        }
        if self.of is not None:
            d["of"] = self.of
            d["share"] = round(self.reports / self.of, 4) if self.of else None
            d["per_10k_chars"] = (
                round(self.occurrences * 10_000 / self.chars, 3) if self.chars else None
            )
        return d


@dataclass(frozen=True, slots=True)
class CountTable:
    """Rows of `Index.count`, sorted by query then group."""

    by: tuple[str, ...]
    rows: tuple[CountRow, ...]

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as flat dicts (for JSON, CSV or a DataFrame)."""
        return [r.to_dict() for r in self.rows]


@dataclass(frozen=True, slots=True)
class MetricTable:
    """Every occurrence of the metrics a name resolved to, as columns.

    `value` is float64 and `report_year` int64 (-1 when the year is unknown); the other columns
    are lists of the same length. A printed range (`3至5个工作日`) has its lower end in `value`
    and its upper end in `value_max` (None otherwise); statistics use `value`.
    """

    query: str
    names: tuple[str, ...]
    value: Any  # numpy.ndarray[float64]
    report_year: Any  # numpy.ndarray[int64]
    name: list[str] = field(default_factory=list)
    file: list[str] = field(default_factory=list)
    title: list[str | None] = field(default_factory=list)
    region: list[str] = field(default_factory=list)
    unit: list[str] = field(default_factory=list)
    qualifier: list[str | None] = field(default_factory=list)
    sentence: list[str] = field(default_factory=list)
    line: list[int] = field(default_factory=list)
    # `reported; 545/546 = 99.82%` when a rate disagrees with the counts its sentence gives
    note: list[str | None] = field(default_factory=list)
    # `rate`, `count`, … or `ratio_change` for a change of the metric (`同比上升18.51%`)
    kind: list[str] = field(default_factory=list)
    # each row's value of every `count --by` key (year, level, province, city, county, region,
    # part), for `summary_by`
    groups: list[dict[str, str | int | None]] = field(default_factory=list)
    value_max: list[float | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.file)

    def summary_by(self, by: Sequence[str]) -> list[dict[str, Any]]:
        """`summary()` per group of `by` keys, kind and unit (levels are not pooled with
        changes, nor values in different units), groups sorted by key: one dict each with the
        keys, `kind`, `unit` and the statistics."""
        import numpy as np

        check_group_keys(by)
        members: dict[tuple[Any, ...], list[int]] = {}
        for i in range(len(self)):
            key = (*(self.groups[i].get(b) for b in by), self.kind[i], self.unit[i])
            members.setdefault(key, []).append(i)
        out = []
        for key in sorted(members, key=lambda k: tuple((v is None, str(v)) for v in k)):
            part = MetricTable(self.query, self.names, self.value[np.asarray(members[key])], None)
            out.append({**dict(zip((*by, "kind", "unit"), key, strict=True)), **part.summary()})
        return out

    def summary(self) -> dict[str, float | int | None]:
        """count, min, q1, median, q3, max and mean of `value` (None when empty)."""
        import numpy as np

        v = self.value
        if len(v) == 0:
            return dict.fromkeys(("min", "q1", "median", "q3", "max", "mean"), None) | {"count": 0}
        q = np.quantile(v, [0.0, 0.25, 0.5, 0.75, 1.0])
        return {
            "count": len(v),
            "min": float(q[0]),
            "q1": float(q[1]),
            "median": float(q[2]),
            "q3": float(q[3]),
            "max": float(q[4]),
            "mean": float(np.mean(v)),
        }

    def rows(self) -> list[dict[str, Any]]:
        """One dict per occurrence."""
        return [
            {
                "name": self.name[i],
                "file": self.file[i],
                "title": self.title[i],
                "report_year": None if self.report_year[i] < 0 else int(self.report_year[i]),
                "region": self.region[i],
                "value": float(self.value[i]),
                "value_max": self.value_max[i] if self.value_max else None,
                "unit": self.unit[i],
                "qualifier": self.qualifier[i],
                "sentence": self.sentence[i],
                "line": self.line[i],
                "note": self.note[i],
                "kind": self.kind[i],
            }
            for i in range(len(self))
        ]


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts of an index, overall and by year, level and province."""

    reports: int
    sections: int
    metrics: int
    by_year: dict[str, int]
    by_level: dict[str, int]
    by_province: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `stats --json`."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A figure two versions of a report state differently: its name and unit, its value in
    the group's first version and in the other (None where one of them does not state it)."""

    name: str
    unit: str | None
    first: float | None
    other: float | None


@dataclass(frozen=True, slots=True)
class Version:
    """Another version of a report: its file, the estimated share of clauses it has in common
    with the group's first version, and the figures that differ."""

    file: str
    similarity: float
    changes: tuple[FigureChange, ...]


@dataclass(frozen=True, slots=True)
class VersionGroup:
    """Versions of one report (re-published with changes, or copied from one another)."""

    first: str
    versions: tuple[Version, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used by `duplicates --near --json`."""
        return asdict(self)


def figure_changes(
    first: Sequence[dict[str, Any]], other: Sequence[dict[str, Any]]
) -> tuple[FigureChange, ...]:
    """The figures (metrics of the report JSON) that differ between two versions, in the
    order of the first: a name whose value changed pairs its old and new value."""

    def key(m: dict[str, Any]) -> tuple[str, str | None, float | None]:
        return (m["name"], m["unit"], m["value"])

    gone = Counter(map(key, first)) - Counter(map(key, other))
    new = Counter(map(key, other)) - Counter(map(key, first))
    out: list[FigureChange] = []
    for m in first:
        k = key(m)
        if gone[k] <= 0:
            continue
        gone[k] -= 1
        to = next((n for n in new if n[:2] == k[:2] and new[n] > 0), None)
        if to is not None:
            new[to] -= 1
        out.append(FigureChange(k[0], k[1], k[2], None if to is None else to[2]))
    for m in other:
        k = key(m)
        if new[k] > 0:
            new[k] -= 1
            out.append(FigureChange(k[0], k[1], None, k[2]))
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Metric names


@cache
def _lexicon_rows(path: Path = LEXICON_TSV) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows: list[tuple[str, tuple[str, ...]]] = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            canon = (row.get("canonical_name") or "").strip()
            if canon:
                syn = tuple(s.strip() for s in (row.get("synonyms") or "").split("|") if s.strip())
                rows.append((canon, syn))
    return tuple(rows)


def lexicon_phrases(path: Path = LEXICON_TSV) -> list[str]:
    """The phrases an index holds as single terms: every name and synonym of the shipped
    lexicon, and its domains, the topics researchers look up (`行政复议`, `营商环境`,
    `公共法律服务`; `Phrases` keeps those of three or more Han characters)."""
    names = [p for canon, syn in _lexicon_rows(path) for p in (canon, *syn)]
    with path.open(encoding="utf-8", newline="") as f:
        domains = {(row.get("domain") or "").strip() for row in csv.DictReader(f, delimiter="\t")}
    return names + sorted(d for d in domains if d)


def resolve_metric_names(name: str, lexicon: Path | None = None) -> list[str]:
    """Canonical metric names that `name` stands for, through the shipped lexicon.

    `name` equal to a canonical name gives just that one; otherwise every canonical name that has
    `name` as a synonym, or whose canonical name or a synonym contains `name`. Comparison is on
    folded text, so Traditional or full-width input works. An unknown name resolves to itself.
    """
    key = fold_lower(name.strip())
    rows = _lexicon_rows(lexicon or LEXICON_TSV)
    for canon, _ in rows:
        if fold_lower(canon) == key:
            return [canon]
    found = [
        canon
        for canon, syns in rows
        if key in fold_lower(canon) or any(key in fold_lower(s) for s in syns)
    ]
    return found or [name.strip()]


def has_han(text: str) -> bool:
    """Whether `text` contains a Han character."""
    return _HAN_CHAR.search(text) is not None
