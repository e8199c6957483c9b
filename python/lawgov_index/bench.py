"""`lawgov-index bench`: measure this machine on a corpus, stage by stage.

A researcher sizing a machine for a national corpus runs it on a sample of their own files (or a
synthetic corpus of any size) and reads: extraction MB/s on one thread and on all cores, index
build MB/s and reports/s, index size, search latency p50/p99 with and without filters, and peak
memory. Every figure is measured on real work whose output is checked (hits are counted).
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lawgov_index.corpus import walk
from lawgov_index.extract import extract_files
from lawgov_index.index import Index

__all__ = ["QUERIES", "BenchResult", "LatencyRow", "run"]

# One- and two-phrase queries, a one-character query, an exclusion; each also with filters.
QUERIES: tuple[str, ...] = ("化解率", "行政复议", "化解率 出庭应诉", "法治 -败诉", "率")


@dataclass(frozen=True, slots=True)
class LatencyRow:
    """Latency of one query over repeated runs, in milliseconds."""

    query: str
    filtered: bool
    hits: int
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True, slots=True)
class BenchResult:
    """What `run` measured."""

    reports: int
    corpus_mb: float
    threads: int
    extract_1t_mb_s: float
    extract_all_mb_s: float
    index_mb_s: float
    index_reports_s: float
    index_seconds: float
    index_mb: float
    latency: tuple[LatencyRow, ...]
    index_peak_rss_mb: float
    index_peak_anon_mb: float
    peak_rss_mb: float

    def to_dict(self) -> dict[str, Any]:
        """JSON form (`bench --json`)."""
        return asdict(self)


class _AnonPeak:
    """Peak anonymous memory (`RssAnon`: Python objects, extraction batches, tantivy's writer
    heap) while the block runs, sampled every 50 ms from /proc (0 where there is no /proc).
    Resident set size also counts index files tantivy maps (reclaimable page cache), which grow
    with the index; this is the part that has to stay bounded."""

    def __init__(self) -> None:
        self.mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        try:
            with Path("/proc/self/status").open(encoding="ascii") as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        self.mb = max(self.mb, int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            pass

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def __enter__(self) -> _AnonPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()


def _extract_rate(roots: Sequence[Path], threads: int, mb: float) -> float:
    t = time.perf_counter()
    n = sum(len(r.metrics) for r in extract_files(walk(roots), threads=threads, errors="skip"))
    dt = time.perf_counter() - t
    if n == 0 and mb:
        raise RuntimeError("extraction found no metrics at all: the corpus is not reports")
    return mb / dt if dt > 0 else 0.0


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def _latency(index: Index, query: str, filtered: bool, rounds: int) -> LatencyRow:
    kw: dict[str, Any] = {"year": (2000, 2100), "level": None} if filtered else {}
    times, total = [], 0
    for _ in range(rounds):
        t = time.perf_counter()
        total = index.search(query, limit=10, **kw).total
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
    return LatencyRow(query, filtered, total, statistics.median(times), p99)


def run(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    synth: int | None = None,
    threads: int | None = None,
    rounds: int = 50,
    workdir: Path | None = None,
    extract_passes: bool = True,
) -> BenchResult:
    """Measure every stage on `paths`, or on `synth` generated reports.

    Args:
        paths: report files or folders.
        synth: generate this many synthetic reports instead (deterministic, seed 0).
        threads: worker threads for the all-cores figures (default all cores).
        rounds: runs of each query for the latency percentiles.
        workdir: where the corpus (with `synth`) and the index go; a temporary folder by default,
            removed afterwards.
        extract_passes: also time extraction alone (1 thread, all cores); off for huge corpora,
            where the index build already extracts everything once.
    """
    own = workdir is None
    work = Path(tempfile.mkdtemp(prefix="lawgov-bench-")) if own else Path(workdir)
    try:
        if synth is not None:
            from lawgov_index.synth import generate

            generate(synth, work / "corpus")
            paths = [work / "corpus"]
        # The corpus is walked, never listed: at a million files a list of paths alone would
        # take more memory than indexing does.
        roots = [Path(p) for p in paths]
        n_files = n_bytes = 0
        for f in walk(roots):
            n_files += 1
            n_bytes += f.stat().st_size
        mb = n_bytes / 1e6
        n_threads = threads or os.cpu_count() or 1
        one = _extract_rate(roots, 1, mb) if extract_passes else 0.0
        many = _extract_rate(roots, n_threads, mb) if extract_passes else 0.0
        index_dir = work / "index"
        shutil.rmtree(index_dir, ignore_errors=True)
        index = Index.create(index_dir)
        with _AnonPeak() as anon:
            summary = index.add(roots, threads=n_threads)
        # Peak before searching: searches map index files, whose pages count in RSS too.
        index_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        index = Index.open(index_dir)
        latency = tuple(_latency(index, q, f, rounds) for q in QUERIES for f in (False, True))
        peak = max(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
        )
        secs = summary.seconds
        return BenchResult(
            reports=n_files,
            corpus_mb=round(mb, 2),
            threads=n_threads,
            extract_1t_mb_s=round(one, 1),
            extract_all_mb_s=round(many, 1),
            index_mb_s=round(summary.bytes_indexed / 1e6 / secs, 2) if secs else 0.0,
            index_reports_s=round(summary.indexed / secs, 1) if secs else 0.0,
            index_seconds=round(secs, 2),
            index_mb=round(_dir_mb(index_dir), 2),
            latency=latency,
            index_peak_rss_mb=round(index_peak / 1024, 1),
            index_peak_anon_mb=round(anon.mb, 1),
            peak_rss_mb=round(peak / 1024, 1),
        )
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
