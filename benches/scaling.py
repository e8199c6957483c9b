"""Scaling benchmark: `lawgov-index bench` on generated corpora of growing size, each size in its
own process (so peak RSS is per size), results appended to benches/results/scaling.jsonl.

    python benches/scaling.py 10000 100000 [--workdir /big/disk] [--no-extract]
    python benches/plot_scaling.py        # -> benches/results/scaling.png
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "scaling.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", type=int, nargs="+")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/lawgov-scaling"))
    ap.add_argument("--no-extract", action="store_true", help="skip the extraction-only passes")
    args = ap.parse_args()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        work = args.workdir / str(n)
        work.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        if not (work / "corpus" / "truth.jsonl").exists():
            subprocess.run(
                ["lawgov-index", "synth", str(n), "--out", str(work / "corpus")], check=True
            )
        gen = time.perf_counter() - t
        cmd = ["lawgov-index", "bench", str(work / "corpus"), "--json", "--rounds", "200"]
        cmd += ["--workdir", str(work)]
        if args.no_extract:
            cmd.append("--no-extract")
        t = time.perf_counter()
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        row.update(
            n=n,
            generate_s=round(gen, 1),
            wall_s=round(time.perf_counter() - t, 1),
            machine=f"{platform.machine()} {platform.processor() or ''}".strip(),
        )
        with RESULTS.open("a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(json.dumps(row, ensure_ascii=False), file=sys.stderr)


if __name__ == "__main__":
    main()
