"""Shared benchmark fixtures: the seeds replicated deterministically to a few MB on disk."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# Corpus size for the index benchmarks; override with LAWGOV_BENCH_MB.
TARGET_BYTES = int(float(os.environ.get("LAWGOV_BENCH_MB", "4")) * 1_000_000)


def _vary(text: str, i: int) -> str:
    """A distinct copy: numbers changed, report year moved, body paragraphs reordered."""
    rng = random.Random(i)
    year = 2018 + i % 6
    text = re.sub(r"20[12]\d年", f"{year}年", text)
    text = re.sub(
        r"(?<!20)\d{1,3}(?![\d年])", lambda m: str(int(m.group()) + rng.randrange(9)), text
    )
    lines = text.split("\n")
    head, body, tail = lines[:8], lines[8:-6], lines[-6:]
    paras = [ln for ln in body if ln and not re.match(r"[一二三四五六七八九十]+、|（", ln)]
    rng.shuffle(paras)
    it = iter(paras)
    body = [
        next(it) if (ln and not re.match(r"[一二三四五六七八九十]+、|（", ln)) else ln
        for ln in body
    ]
    return "\n".join([*head, *body, *tail])


@pytest.fixture(scope="session")
def index_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Seeds replicated to ~TARGET_BYTES as distinct files in a temporary folder."""
    out = tmp_path_factory.mktemp("index_corpus")
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    paths: list[Path] = []
    size = i = 0
    while size < TARGET_BYTES:
        p = out / f"{i:05d}.txt"
        p.write_text(_vary(texts[i % len(texts)], i), encoding="utf-8")
        paths.append(p)
        size += p.stat().st_size
        i += 1
    return paths
