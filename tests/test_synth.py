"""The synthetic report generator: determinism, self-consistency, and the extractor truth check."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import lawgov_index as li
from lawgov_index import _core, synth

LEXICON = Path(synth.__file__).parent / "data" / "metric_lexicon.tsv"
CN_COUNT = re.compile(r"[一二三四五六七八九十百千万两][件起次人名个项份册条张种支处家场]")


def _lexicon() -> dict[str, tuple[str, set[str]]]:
    rows: dict[str, tuple[str, set[str]]] = {}
    for line in LEXICON.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            name, _syn, kind, unit, _dom = line.split("\t")
            rows[name] = (kind, set(unit.split("|")))
    return rows


def _norm(s: str) -> str:
    """Spaces out, width and script folded (the truth is Simplified, some reports Traditional)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _core.fold(s)))


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a = synth.generate(40, tmp_path / "a", seed=7)
    b = synth.generate(40, tmp_path / "b", seed=7)
    c = synth.generate(40, tmp_path / "c", seed=8)
    assert a.n == b.n == 40
    assert (a.truth.read_bytes()) == (b.truth.read_bytes())
    assert a.truth.read_bytes() != c.truth.read_bytes()
    for t in synth.read_truth(a.out):
        assert (a.out / t["file"]).read_bytes() == (b.out / t["file"]).read_bytes()


def test_report_alone_equals_report_in_batch(tmp_path: Path) -> None:
    s = synth.generate(60, tmp_path, seed=3)
    truth = list(synth.read_truth(s.out))
    for i in (0, 17, 59):
        alone = synth.make_report(i, seed=3)
        assert alone.data == (tmp_path / alone.file).read_bytes()
        assert json.loads(json.dumps(alone.truth, ensure_ascii=False)) == truth[i]
    # a late index needs nothing before it
    assert synth.make_report(123_456, seed=3).data == synth.make_report(123_456, seed=3).data


def test_files_go_in_subfolders_of_at_most_1000() -> None:
    assert synth.make_report(999).file == "0000/0000999.txt"
    assert synth.make_report(1000).file == "0001/0001000.txt"
    assert synth.FILES_PER_DIR == 1000


def test_filler_has_no_numbers() -> None:
    pools = [
        synth.FILLER_GENERIC,
        synth.SHORT_ITEMS,
        synth.SHORT_FILLER,
        synth.NEXT_ITEMS,
        synth.NEXT_FILLER,
        synth.FIRST_FILLER,
        *synth.FILLER.values(),
        *synth.ITEMS.values(),
        *(words for words, _ in synth.ACH_SECTIONS),
    ]
    for pool in pools:
        for s in pool:
            assert not re.search(r"[0-9０-９]", s), s
            assert not CN_COUNT.search(s), s
            assert "。" not in s, s
    for place in synth.PLACES:
        for name in [place[0], place[1] or "", place[2], *place[3], *place[4]]:
            assert not CN_COUNT.search(name), name


def test_clause_names_and_units_are_in_the_lexicon() -> None:
    lex = _lexicon()
    for clauses in synth.CLAUSES.values():
        for t in clauses:
            for m in synth._SLOT.finditer(t):
                for name in m.group(1).split("+"):
                    assert name in lex, name
                    assert m.group(2) in lex[name][1], (name, m.group(2))


def test_truth_is_what_the_text_says() -> None:
    lex = _lexicon()
    layouts: Counter[str] = Counter()
    encodings: Counter[str] = Counter()
    variants: Counter[str] = Counter()
    for i in range(600):
        r = synth.make_report(i, seed=1)
        t = r.truth
        layouts[t["layout"]] += 1
        encodings[t["encoding"]] += 1
        variants[t["script"]] += 1
        text = r.data.decode(t["encoding"])
        if t["mojibake"]:
            # damaged on purpose (what Python's `gbk` codec made of the UTF-8): the extractor
            # must notice and repair it
            variants["mojibake"] += 1
            assert any("mojibake" in w for w in li.extract(r.data).warnings), t["file"]
            continue
        flat = _norm("".join(ln for ln in text.splitlines() if not re.fullmatch(r"- \d+ -", ln)))
        assert 2015 <= t["report_year"] <= 2024
        assert t["issue_date"] > f"{t['report_year']}-11-30"
        assert _norm(t["title"]) in flat or all(_norm(x) in flat for x in t["issuers"])
        levels = [lv for lv, _ in t["headings"]]
        assert levels.count(1) >= 4
        for lv, h in t["headings"]:
            assert lv in (1, 2, 3)
            assert _norm(h) in flat, (t["file"], h)
        for name, value, unit, qualifier in t["metrics"]:
            assert name in lex, name
            if qualifier and qualifier[0] in "同较":
                assert unit == "%"
            else:
                assert unit in lex[name][1], (name, unit)
            shown = f"{value:g}" if value != int(value) else str(int(value))
            tail = ("" if qualifier not in ("余", "多") else qualifier) + unit
            assert shown + tail in flat or (
                value == int(value) and synth.cn_count(int(value)) + tail in flat
            ), (t["file"], name, value, unit)
        if t["layout"] in ("lines", "web"):
            # years, dates and markers aside, every number in the text belongs to a metric
            numbers: list[str] = []
            for line in unicodedata.normalize("NFKC", _core.fold(text)).splitlines():
                if "签发人" in line:
                    continue
                line = re.sub(r"^\s*\d+[.、]", "", line.replace("[bookmark: OLE_LINK1]", ""))
                line = re.sub(r"\d{4}-\d\d-\d\d|\d{4}(?= ?年)|\d{1,2}(?= ?[月日])", "", line)
                numbers += re.findall(r"\d+(?:\.\d+)?", line)
            assert len(numbers) <= len(t["metrics"]), (t["file"], numbers)
        for k in ("province", "city", "county", "township"):
            if t["region"][k]:
                assert _norm(t["region"][k]) in flat
    assert 0.5 < layouts["lines"] / 600 < 0.7
    assert 0.05 < layouts["flat"] / 600 < 0.15
    assert 0.05 < layouts["wrapped"] / 600 < 0.15
    assert 0.14 < layouts["web"] / 600 < 0.26
    assert 0.09 < encodings["gb18030"] / 600 < 0.21
    assert 0.04 < variants["traditional"] / 600 < 0.13
    assert 0.01 < variants["mojibake"] / 600 < 0.06


def test_extraction_matches_truth(tmp_path: Path) -> None:
    """Extractor against 300 synthetic reports: heading and metric F1, name accuracy ≥ 0.98."""
    synth.generate(300, tmp_path, seed=0)
    score = synth.check(tmp_path)
    detail = json.dumps(
        {"summary": score.summary(), "misses": score.misses}, ensure_ascii=False, indent=1
    )
    assert score.reports == 300
    assert score.heading_f1 >= 0.98, detail
    assert score.metric_f1 >= 0.98, detail
    assert score.name_accuracy >= 0.98, detail


def test_chinese_counts() -> None:
    assert synth.cn_count(3500) == "三千五百"
    assert synth.cn_count(10200) == "一万零二百"
    assert synth.cn_count(2000) == "二千"
    assert synth.cn_count(12) == "十二"


@pytest.mark.parametrize("n", [0, 1])
def test_small_counts(tmp_path: Path, n: int) -> None:
    s = synth.generate(n, tmp_path, seed=0)
    assert len(list(synth.read_truth(tmp_path))) == n
    assert s.bytes == sum((tmp_path / t["file"]).stat().st_size for t in synth.read_truth(tmp_path))


def test_generation_streams_with_bounded_memory(tmp_path: Path) -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        synth.generate(2500, tmp_path, seed=5)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, peak
    assert len(list((tmp_path / "0002").iterdir())) == 500
