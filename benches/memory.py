"""Memory of `lawgov-index index` as the corpus grows: run it on each corpus in a fresh process
and sample `/proc/PID/status` (Linux) every 50 ms, so the peak is split into anonymous memory
(what the process allocates: Python objects, extraction batches, tantivy's writer heap) and
file-backed pages (index files tantivy maps while merging; page cache, reclaimable).

    python benches/memory.py CORPUS... [--threads N]   # one JSON line per corpus
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIELDS = ("VmHWM", "RssAnon", "RssFile")


def _sample(pid: int) -> dict[str, int]:
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in FIELDS:
                out[key] = int(value.split()[0]) // 1024  # kB -> MB
    except (OSError, ValueError):
        pass
    return out


def measure(corpus: Path, threads: int | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="lawgov-mem-") as tmp:
        cmd = ["lawgov-index", "index", str(corpus), "--index", str(Path(tmp) / "ix")]
        if threads:
            cmd += ["--threads", str(threads)]
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak = dict.fromkeys(FIELDS, 0)
        while proc.poll() is None:
            for key, mb in _sample(proc.pid).items():
                peak[key] = max(peak[key], mb)
            time.sleep(0.05)
        err = proc.stderr.read() if proc.stderr else ""
        if proc.returncode not in (0, 3):
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
        files = sum(1 for p in corpus.rglob("*.txt"))
        return {
            "corpus": corpus.name,
            "files": files,
            "seconds": round(time.perf_counter() - t, 1),
            "peak_anon_mb": peak["RssAnon"],
            "peak_file_mb": peak["RssFile"],
            "peak_rss_mb": peak["VmHWM"],
            "summary": err.strip().splitlines()[-1] if err.strip() else "",
        }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", type=Path, nargs="+")
    ap.add_argument("--threads", type=int)
    args = ap.parse_args()
    for corpus in args.corpora:
        print(json.dumps(measure(corpus, args.threads), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    sys.exit(main())
