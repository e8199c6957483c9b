"""Extraction throughput: the native core on one thread and on all cores, against a plain-Python
pipeline (unicodedata NFKC + re + pyahocorasick) doing the same stages on the same bytes.

Run: pytest benches/test_extract.py --benchmark-json=.benchmarks/extract.json
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import ahocorasick
import pytest

import lawgov_index as li
from lawgov_index import _core

ROOT = Path(__file__).parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
TARGET_BYTES = 8_000_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The seeds replicated to ~8 MB on disk, each copy made distinct (numbers varied)."""
    out = tmp_path_factory.mktemp("corpus")
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    paths, size, i = [], 0, 0
    while size < TARGET_BYTES:
        t = re.sub(r"\d+", lambda m, i=i: str(int(m.group()) + i % 7), texts[i % len(texts)])
        p = out / f"{i:05d}.txt"
        p.write_bytes(t.encode())
        paths.append(p)
        size += p.stat().st_size
        i += 1
    return paths


def _mb(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


def _record(benchmark, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    if not benchmark.disabled:
        benchmark.extra_info["MB/s"] = round(_mb(paths) / benchmark.stats.stats.mean, 1)
        benchmark.extra_info["reports/s"] = round(len(paths) / benchmark.stats.stats.mean)


def _native(paths: list[Path], threads: int) -> int:
    return sum(len(r.metrics) for r in li.extract_files(paths, threads=threads))


@pytest.mark.benchmark(group="extract")
def test_native_one_thread(benchmark, corpus: list[Path]) -> None:  # type: ignore[no-untyped-def]
    n = benchmark(_native, corpus, 1)
    assert n > 10 * len(corpus)
    _record(benchmark, corpus)


@pytest.mark.benchmark(group="extract")
def test_native_all_threads(benchmark, corpus: list[Path]) -> None:  # type: ignore[no-untyped-def]
    n = benchmark(_native, corpus, os.cpu_count() or 1)
    assert n > 10 * len(corpus)
    _record(benchmark, corpus)


# --- the plain-Python baseline: the same stages, written the obvious way -------------------------

HEADING = re.compile(
    r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)"
    r"|\d+[.、](?!\d)|\(\d+\))",
    re.M,
)
FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|件次|人次|个工作日|万元|件|起|人|次|个|项|份|名|家|元)")


def _automaton() -> ahocorasick.Automaton:
    a = ahocorasick.Automaton()
    lex = (ROOT / "python/lawgov_index/data/metric_lexicon.tsv").read_text(encoding="utf-8")
    for row in lex.splitlines()[1:]:
        cols = row.split("\t")
        for syn in [cols[0], *cols[1].split("|")]:
            a.add_word(syn, cols[0])
    a.make_automaton()
    return a


def _plain_python(paths: list[Path], auto: ahocorasick.Automaton) -> int:
    found = 0
    for p in paths:
        raw = p.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
        norm = unicodedata.normalize("NFKC", text)
        headings = HEADING.findall(norm)
        names = [(end, name) for end, name in auto.iter(norm)]
        figures = list(FIGURE.finditer(norm))
        found += len(figures) + len(headings) * 0 + len(names) * 0
    return found


@pytest.mark.benchmark(group="extract")
def test_plain_python_baseline(benchmark, corpus: list[Path]) -> None:  # type: ignore[no-untyped-def]
    auto = _automaton()
    n = benchmark(_plain_python, corpus, auto)
    assert n > 10 * len(corpus)
    _record(benchmark, corpus)


@pytest.mark.benchmark(group="normalize")
def test_native_fold_only(benchmark, corpus: list[Path]) -> None:  # type: ignore[no-untyped-def]
    texts = [p.read_text(encoding="utf-8") for p in corpus[:200]]
    out = benchmark(lambda: sum(len(_core.fold(t)) for t in texts))
    assert out == sum(len(t) for t in texts)
