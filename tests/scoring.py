"""Scoring of extraction output against the gold annotations (rules of tests/gold/README.md):
headings by (line, col, level), core metrics one-to-one by (line, value, unit), metadata fields
where gold or prediction has a value. The same rules as the project's scorer tool."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

GOLD_DIR = Path(__file__).parent / "gold"
META = ["title", "report_year", "issue_date", "admin_level", "doc_number", "addressee"]
REGION = ["province", "city", "county", "township"]


def _unit(u: str | None) -> str:
    return (
        (u or "")
        .replace("％", "%")
        .replace("（", "")
        .replace("）", "")
        .replace("(", "")
        .replace(")", "")
        .strip()
    )


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


@dataclass
class Score:
    heading_f1: float
    metric_p: float
    metric_r: float
    metric_f1: float
    names: float
    meta: float
    misses: list[str]


def load_gold() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in GOLD_DIR.glob("*.json")}


def score(preds: dict[str, dict], gold: dict[str, dict]) -> Score:
    """Score predictions (stem -> to_dict() form) against gold (stem -> gold JSON)."""
    hg = hp = hh = 0
    core = pred = hit_core = hit_any = name_ok = 0
    meta_ok = meta_n = 0
    misses: list[str] = []
    for stem, g in gold.items():
        p = preds.get(stem, {})
        gh = {(h["line"], h["col"], h["level"]) for h in g["headings"]}
        ph = {(h["line"], h["col"], h["level"]) for h in p.get("headings", [])}
        hg, hp, hh = hg + len(gh), hp + len(ph), hh + len(gh & ph)
        misses += [f"{stem} heading missed {x}" for x in sorted(gh - ph)]
        misses += [f"{stem} heading extra {x}" for x in sorted(ph - gh)]
        gm = g["metrics"]
        used = [False] * len(gm)
        pm = p.get("metrics", [])
        for m in pm:
            for i, x in enumerate(gm):
                if (
                    not used[i]
                    and x["line"] == m["line"]
                    and abs(float(m["value"]) - float(x["value"])) <= 1e-6 * max(1, abs(x["value"]))
                    and _unit(m["unit"]) == _unit(x["unit"])
                ):
                    used[i] = True
                    hit_any += 1
                    hit_core += not x.get("optional")
                    name_ok += m["name"] == x["name"]
                    break
            else:
                misses.append(f"{stem} metric extra L{m['line']} {m['value']}{m['unit']}")
        misses += [
            f"{stem} metric missed L{x['line']} {x['surface']}"
            for i, x in enumerate(gm)
            if not used[i] and not x.get("optional")
        ]
        core += sum(1 for x in gm if not x.get("optional"))
        pred += len(pm)
        pairs = [(f, p.get(f), g.get(f)) for f in META]
        for f in REGION:
            got, want = (p.get("region") or {}).get(f), (g.get("region") or {}).get(f)
            inferred = (g.get("region_inferred") or {}).get(f)
            if want is None and inferred is not None and got in (None, inferred):
                continue
            pairs.append((f"region.{f}", got, want))
        pairs.append(("issuers", p.get("issuers") or None, g.get("issuers") or None))
        for f, got, want in pairs:
            if got in (None, "", []) and want in (None, "", []):
                continue
            meta_n += 1
            ok = str(got).strip() == str(want).strip()
            meta_ok += ok
            if not ok:
                misses.append(f"{stem} {f}: got {got!r} want {want!r}")
    hpr, hrc = (hh / hp if hp else 0.0), (hh / hg if hg else 0.0)
    mp, mr = (hit_any / pred if pred else 0.0), (hit_core / core if core else 0.0)
    return Score(
        heading_f1=_f1(hpr, hrc),
        metric_p=mp,
        metric_r=mr,
        metric_f1=_f1(mp, mr),
        names=name_ok / hit_any if hit_any else 0.0,
        meta=meta_ok / meta_n if meta_n else 0.0,
        misses=misses,
    )


def signature(d: dict) -> tuple[Counter, Counter, dict]:
    """What must not change between variants of one report: heading (level, text), metric
    (value, unit) multisets and the metadata fields."""
    hs = Counter((h["level"], h["text"].strip()) for h in d["headings"])
    ms = Counter((round(float(m["value"]), 6), _unit(m["unit"])) for m in d["metrics"])
    meta = {k: d.get(k) for k in META}
    return hs, ms, meta
