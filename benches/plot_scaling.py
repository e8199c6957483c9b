"""Plot benches/results/scaling.jsonl: throughput and search latency against corpus size.

python benches/plot_scaling.py   # needs matplotlib (pip install '.[dev]')
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    rows = [json.loads(x) for x in (RESULTS / "scaling.jsonl").read_text().splitlines() if x]
    rows = sorted({r["n"]: r for r in rows}.values(), key=lambda r: r["n"])
    n = [r["n"] for r in rows]
    fig, (a, b) = plt.subplots(1, 2, figsize=(11, 4))
    a.plot(n, [r["index_mb_s"] for r in rows], "o-", label="index build (extract + write)")
    if any(r["extract_all_mb_s"] for r in rows):
        pts = [(r["n"], r["extract_all_mb_s"]) for r in rows if r["extract_all_mb_s"]]
        a.plot(*zip(*pts, strict=True), "s-", label="extraction, all cores")
    a.set(xscale="log", xlabel="reports", ylabel="MB/s", title="Throughput")
    a.legend()
    # Labels stay ASCII: CJK fonts are not guaranteed on the machine that draws the chart.
    for q, name in (("化解率", "one phrase"), ("化解率 出庭应诉", "two phrases")):
        for filtered in (False, True):
            key = (q, filtered)
            ys = [
                next(x["p50_ms"] for x in r["latency"] if (x["query"], x["filtered"]) == key)
                for r in rows
            ]
            b.plot(n, ys, "o-", label=f"p50 {name}" + (" + filter" if filtered else ""))
    b.set(xscale="log", xlabel="reports", ylabel="ms", title="Search latency (p50)")
    b.set(yscale="log")
    b.legend()
    fig.tight_layout()
    fig.savefig(RESULTS / "scaling.png", dpi=110)


if __name__ == "__main__":
    main()
