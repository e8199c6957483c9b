"""Index build and search latency of lawgov-index (tantivy, positioned bigrams) against SQLite
FTS5 with the trigram tokenizer (Python sqlite3) on the same section texts.

The FTS5 baseline indexes the sections lawgov-index extracted (extraction is not timed for it),
with year and region columns for the filtered queries. lawgov-index is measured twice so the
comparison stays honest: `test_build_lawgov_index` end to end (walking, hashing, native
extraction, tokenizing, writing, commit) and `test_build_lawgov_index_only` from extracted
reports (documents built, written, committed; extraction not timed, like FTS5).

Search: FTS5 returns the total count and the top 10 by BM25 with `snippet()`. lawgov-index's
`search` returns the total and the ranked top 10 as lazy hits (stored documents are fetched and
snippets cut on first access); `search_render` also touches every hit's snippet, which is the
like-for-like figure against FTS5. Every search test records p50/p99 in microseconds in
`extra_info` (from the benchmark's own timings).

Run: pytest benches/test_index.py --benchmark-json=.benchmarks/index.json
Smoke: pytest benches --benchmark-disable
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
from pathlib import Path

import pytest

from lawgov_index import _core
from lawgov_index.index import Index

QUERIES = {
    "one_phrase": ("化解率", '"化解率"'),
    "two_phrases": ("化解率 出庭应诉", '"化解率" AND "出庭应诉"'),
}
FILTER = {"year": (2019, 2022), "region": "云阳县"}


def _mb(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def _sections(paths: list[Path]) -> list[tuple[str, int | None, str, str]]:
    rows = []
    for r in _core.extract_paths([str(p) for p in paths]):
        assert not isinstance(r, BaseException)
        place = "/".join(
            x for x in (r.region.province, r.region.city, r.region.county, r.region.township) if x
        )
        for s in r.sections:
            rows.append((r.file, r.report_year, place, s.text))
    return rows


def _fts5(db: str, rows: list[tuple[str, int | None, str, str]]) -> sqlite3.Connection:
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE s USING fts5(text, file UNINDEXED, year UNINDEXED, "
        "region UNINDEXED, tokenize='trigram')"
    )
    con.executemany(
        "INSERT INTO s(text, file, year, region) VALUES (?, ?, ?, ?)",
        [(t, f, y, r) for f, y, r, t in rows],
    )
    con.commit()
    return con


def _fts5_search(con: sqlite3.Connection, match: str, filtered: bool) -> tuple[int, list[str]]:
    where, args = "s MATCH ?", [match]
    if filtered:
        # instr, not LIKE: with the trigram tokenizer LIKE becomes a full-text query on the column
        where += " AND year BETWEEN ? AND ? AND instr(region, ?) > 0"
        args += [*FILTER["year"], FILTER["region"]]
    n = con.execute(f"SELECT count(*) FROM s WHERE {where}", args).fetchone()[0]
    top = con.execute(
        f"SELECT file, snippet(s, 0, '[', ']', '…', 20) FROM s WHERE {where} ORDER BY rank "
        "LIMIT 10",
        args,
    ).fetchall()
    return n, [t[0] for t in top]


def _record(benchmark, nbytes_mb: float, reports: int) -> None:  # type: ignore[no-untyped-def]
    if not benchmark.disabled:
        best = benchmark.stats.stats.median
        benchmark.extra_info["MB/s"] = round(nbytes_mb / best, 2)
        benchmark.extra_info["reports/s"] = round(reports / best)


def _latency(benchmark) -> None:  # type: ignore[no-untyped-def]
    """p50 and p99 in microseconds, from the benchmark's own per-round timings."""
    if benchmark.disabled:
        return
    data = sorted(benchmark.stats.stats.data)
    benchmark.extra_info["p50_us"] = round(statistics.median(data) * 1e6, 1)
    benchmark.extra_info["p99_us"] = round(data[min(len(data) - 1, int(0.99 * len(data)))] * 1e6, 1)


@pytest.fixture(scope="module")
def built(index_corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Index:
    ix = Index.create(tmp_path_factory.mktemp("bix") / "ix")
    s = ix.add([index_corpus[0].parent])
    assert s.indexed == len(index_corpus)
    return ix


@pytest.fixture(scope="module")
def rows(index_corpus: list[Path]) -> list[tuple[str, int | None, str, str]]:
    return _sections(index_corpus)


@pytest.fixture(scope="module")
def fts(rows, tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return _fts5(str(tmp_path_factory.mktemp("fts") / "fts.db"), rows)


@pytest.mark.benchmark(group="index-build")
def test_build_lawgov_index(benchmark, index_corpus: list[Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    counter = iter(range(1_000_000))

    def setup():  # type: ignore[no-untyped-def]
        d = tmp_path / f"ix{next(counter)}"
        shutil.rmtree(d, ignore_errors=True)
        return (Index.create(d),), {}

    def run(ix: Index) -> int:
        return ix.add([index_corpus[0].parent]).indexed

    n = benchmark.pedantic(run, setup=setup, rounds=5, iterations=1)
    assert n == len(index_corpus)
    _record(benchmark, _mb(index_corpus), len(index_corpus))


@pytest.mark.benchmark(group="index-build")
def test_build_lawgov_index_only(benchmark, index_corpus: list[Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Documents built from already extracted reports, written and committed (like FTS5)."""
    reps = _core.extract_paths([str(p) for p in index_corpus])
    counter = iter(range(1_000_000))

    def setup():  # type: ignore[no-untyped-def]
        d = tmp_path / f"ixo{next(counter)}"
        shutil.rmtree(d, ignore_errors=True)
        return (Index.create(d),), {}

    def run(ix: Index) -> int:
        w = ix._writer(None)
        w.add_reports(reps, ["0"] * len(reps))
        w.commit()
        w.finish()
        ix._reload()
        return len(ix.indexed_files())

    n = benchmark.pedantic(run, setup=setup, rounds=5, iterations=1)
    assert n == len(index_corpus)
    _record(benchmark, _mb(index_corpus), len(index_corpus))


@pytest.mark.benchmark(group="index-build")
def test_build_fts5_trigram(benchmark, index_corpus: list[Path], rows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    counter = iter(range(1_000_000))

    def run() -> int:
        con = _fts5(str(tmp_path / f"f{next(counter)}.db"), rows)
        n = con.execute("SELECT count(*) FROM s").fetchone()[0]
        con.close()
        return n

    n = benchmark.pedantic(run, rounds=5, iterations=1)
    assert n == len(rows)
    _record(benchmark, _mb(index_corpus), len(index_corpus))


@pytest.mark.parametrize("filtered", [False, True], ids=["nofilter", "filtered"])
@pytest.mark.parametrize("kind", list(QUERIES))
@pytest.mark.benchmark(group="search")
def test_search_lawgov_index(benchmark, built: Index, fts, kind: str, filtered: bool) -> None:  # type: ignore[no-untyped-def]
    q, match = QUERIES[kind]
    kw = FILTER if filtered else {}
    res = benchmark(lambda: built.search(q, limit=10, **kw))  # type: ignore[arg-type]
    expected, top = _fts5_search(fts, match, filtered)
    assert res.total == expected > 0
    assert len(res.hits) == len(top)
    assert all(h.highlights for h in res.hits)
    benchmark.extra_info["hits"] = res.total
    _latency(benchmark)


@pytest.mark.parametrize("filtered", [False, True], ids=["nofilter", "filtered"])
@pytest.mark.parametrize("kind", list(QUERIES))
@pytest.mark.benchmark(group="search")
def test_search_render_lawgov_index(benchmark, built: Index, kind: str, filtered: bool) -> None:  # type: ignore[no-untyped-def]
    """Search plus every hit's file, metadata and snippet: like for like with FTS5 snippet()."""
    q, _ = QUERIES[kind]
    kw = FILTER if filtered else {}

    def run() -> list[tuple[str, str]]:
        res = built.search(q, limit=10, **kw)  # type: ignore[arg-type]
        return [(h.file, h.snippet) for h in res.hits]

    out = benchmark(run)
    assert out
    assert all(snip for _, snip in out)
    _latency(benchmark)


@pytest.mark.parametrize("filtered", [False, True], ids=["nofilter", "filtered"])
@pytest.mark.parametrize("kind", list(QUERIES))
@pytest.mark.benchmark(group="search")
def test_search_fts5_trigram(benchmark, fts, kind: str, filtered: bool) -> None:  # type: ignore[no-untyped-def]
    _, match = QUERIES[kind]
    n, top = benchmark(_fts5_search, fts, match, filtered)
    assert n > 0
    assert len(top) == min(10, n)
    benchmark.extra_info["hits"] = n
    _latency(benchmark)
