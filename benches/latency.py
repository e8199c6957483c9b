"""Search latency of `Index.search` on an existing index (no rebuild), p50/p99 over rounds:

    python benches/latency.py INDEX_DIR [QUERY ...] [--rounds 200]

Prints one JSON line per query: hits, p50 and p99 in ms, and which path answered (the native
single-term reader or tantivy-py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from lawgov_index import Index
from lawgov_index.query import parse


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("queries", nargs="*", default=["化解率", "行政复议", "化解率 出庭应诉", "率"])
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    ix = Index.open(args.index)
    for q in args.queries:
        native = ix._single_term(parse(q)) is not None and ix._term_searcher() is not None
        times, total = [], 0
        for _ in range(args.rounds):
            t = time.perf_counter()
            total = ix.search(q, limit=10).total
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, round(0.99 * (len(times) - 1)))]
        row = {"query": q, "hits": total, "p50_ms": round(statistics.median(times), 3)}
        row |= {"p99_ms": round(p99, 3), "path": "native" if native else "tantivy-py"}
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
