"""Accuracy on the seed reports against the hand-checked gold files, and invariance: the same
report in other encodings, line endings, digit widths and layouts reads as the same report."""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring import load_gold, score, signature

import lawgov_index as li

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
FULLWIDTH = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789%"}


@pytest.fixture(scope="module")
def originals() -> dict[str, dict]:
    return {p.stem: li.extract(p.read_bytes(), file=p.name).to_dict() for p in SEEDS}


def test_seed_accuracy_against_gold(originals: dict[str, dict]) -> None:
    s = score(originals, load_gold())
    detail = "\n".join(s.misses)
    assert s.heading_f1 >= 0.99, detail
    assert s.metric_f1 >= 0.95, detail
    assert s.meta >= 0.95, detail


def _wrap(text: str, width: int = 36) -> str:
    """PDF-style export: every paragraph hard-wrapped, page-number lines every 40 lines."""
    lines: list[str] = []
    page = 1
    for para in text.split("\n"):
        if not para.strip():
            lines.append("")
            continue
        for i in range(0, len(para), width):
            lines.append(para[i : i + width])
            if len(lines) % 40 == 0:
                lines += ["", f"- {page} -", ""]
                page += 1
    return "\n".join(lines)


VARIANTS = {
    "gb18030": lambda t: t.encode("gb18030"),
    "utf16": lambda t: t.encode("utf-16"),
    "utf8bom": lambda t: b"\xef\xbb\xbf" + t.encode(),
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    "fwdigits": lambda t: t.translate(FULLWIDTH).encode(),
    "wrapped": lambda t: _wrap(t).encode(),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_variants_read_as_the_same_report(
    originals: dict[str, dict], seed: Path, variant: str
) -> None:
    data = VARIANTS[variant](seed.read_text(encoding="utf-8"))
    got = li.extract(data, file=seed.name).to_dict()
    assert signature(got) == signature(originals[seed.stem])
    if variant != "wrapped":  # same lines, so the same coordinates
        assert [(h["line"], h["col"]) for h in got["headings"]] == [
            (h["line"], h["col"]) for h in originals[seed.stem]["headings"]
        ]


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_mojibake_seeds_against_gold(codec: str) -> None:
    """The seeds once read as GBK and saved again as UTF-8 (`法治` → `娉曟不`) are repaired: every
    heading comes back (characters cut before ASCII are filled from the layout: `一、2022年`,
    `(二)`, dates); Python's `gbk` codec drops more bytes than a browser, so less metadata."""
    preds = {
        p.stem: li.extract(
            p.read_bytes().decode(codec, errors="replace").encode(), file=p.name
        ).to_dict()
        for p in SEEDS
    }
    s = score(preds, load_gold())
    detail = "\n".join(s.misses)
    assert s.heading_f1 >= 0.99, detail
    assert s.metric_f1 >= 0.9, detail
    assert s.meta >= (0.95 if codec == "gb18030" else 0.8), detail
