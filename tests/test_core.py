"""The binding layer: types, JSON form, code-point offsets into the original text, encodings,
bad input, errors and threads."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lawgov_index as li
from lawgov_index import _core

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
GOLD_FIELDS = {
    "schema_version", "file", "line_count", "title", "title_lines", "issuers", "issuer_lines",
    "joint_party_government", "report_year", "issue_date", "date_line", "published",
    "published_line", "addressee", "addressee_line", "doc_number", "doc_number_line", "signer",
    "region", "admin_level", "required_parts",
}  # fmt: skip


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def assert_offsets_point_into_original(text: str, d: dict) -> None:
    """Every quoted span equals the original text at its (line, col)."""
    lines = _lines(text)
    for h in d["headings"]:
        line = lines[h["line"] - 1]
        assert line[h["col"] : h["col"] + len(h["marker"])] == h["marker"], h
    for m in d["metrics"]:
        line = lines[m["line"] - 1]
        if not {"\n", "\r"} & set(m["surface"]):
            assert line[m["col"] : m["col"] + len(m["surface"])] == m["surface"], m
            q = line[m["quantity_col"] : m["quantity_col"] + len(m["quantity"])]
            assert q == m["quantity"], m


def test_report_fields_and_json_form() -> None:
    r = li.extract(SEEDS[1].read_bytes(), file=SEEDS[1].name)
    assert isinstance(r, li.Report)
    d = r.to_dict()
    assert set(d) >= GOLD_FIELDS
    assert {"encoding", "warnings", "headings", "metrics", "enumerations"} <= set(d)
    assert d == json.loads(r.to_json())
    assert (r.encoding, r.file) == ("utf-8", SEEDS[1].name)
    assert all(isinstance(h, li.Heading) for h in r.headings)
    assert all(isinstance(m, li.Metric) for m in r.metrics)
    assert all(isinstance(m.value, float) for m in r.metrics)
    assert all([r.headings, r.metrics, r.sections])
    assert isinstance(r.region, li.Region)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_offsets_are_code_points_into_the_original(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    assert_offsets_point_into_original(text, li.extract(text).to_dict())


NOISE = ["\u3000", "\u200b", "\r\n", "\u00a0", "１２", "％", "，", "[bookmark: X]", "ａ"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_offsets_survive_noise(data: st.DataObject) -> None:
    """Property: wherever width forms, odd spaces, zero-width characters and CRLF are sprinkled
    into a real report, some of its lines letter-spaced, every span still equals the original
    text at its line/col."""
    base = SEEDS[data.draw(st.integers(0, len(SEEDS) - 1))].read_text(encoding="utf-8")
    spaced = set(data.draw(st.lists(st.integers(0, base.count("\n")), max_size=20)))
    base = "\n".join(" ".join(ln) if i in spaced else ln for i, ln in enumerate(base.split("\n")))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(base)), max_size=30)))
    parts, prev = [], 0
    for c in cuts:
        parts += [base[prev:c], data.draw(st.sampled_from(NOISE))]
        prev = c
    text = "".join([*parts, base[prev:]])
    assert_offsets_point_into_original(text, li.extract(text.encode("utf-8")).to_dict())


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_letter_spaced_text_reads_as_the_report(seed: Path) -> None:
    """A PDF export with letter spacing (`化 解 率 达 9 8 . 6 %`): the same figures, headings
    and dates, at their places in the spaced text."""
    text = seed.read_text(encoding="utf-8")
    # Word's bookmark debris is not letter-spaced in a PDF: those lines stay as they are
    spaced = "\n".join(ln if "[bookmark:" in ln else " ".join(ln) for ln in text.split("\n"))
    a, b = li.extract(text), li.extract(spaced)
    assert sorted((m.line, m.value, m.unit, m.name) for m in b.metrics) == sorted(
        (m.line, m.value, m.unit, m.name) for m in a.metrics
    )
    assert [(h.line, h.level) for h in b.headings] == [(h.line, h.level) for h in a.headings]
    assert (b.report_year, b.issue_date) == (a.report_year, a.issue_date)
    lines = spaced.split("\n")
    for m in b.metrics:
        assert lines[m.line - 1][m.col :].startswith(m.surface)
        assert " " in m.surface or len(m.surface) == 1


def test_cjk_columns_are_not_bytes() -> None:
    text = "标题\n（一）强化领导。受理行政复议案件32件，化解率达99.9%。\n"
    r = li.extract(text.encode("gb18030"))
    assert r.encoding == "gb18030"
    assert_offsets_point_into_original(text, r.to_dict())
    assert any(m.unit == "%" and m.value == pytest.approx(99.9) for m in r.metrics)


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 64, "binary"),
        ("法治政府\x00建设".encode() * 100, "binary"),
        ("法治政府建设".encode() + b"\xff\xfe\xfd" * 3 + "年度报告".encode(), "U+FFFD"),
    ],
    ids=["empty", "binary", "nul", "undecodable"],
)
def test_bad_input_warns_and_never_raises(data: bytes, warning: str) -> None:
    r = li.extract(data, file="bad.txt")
    assert any(warning in w for w in r.warnings), r.warnings


def test_huge_file_and_huge_line(tmp_path: Path) -> None:
    seed = SEEDS[2].read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_bytes((seed * (50_000_000 // len(seed.encode()) + 1)).encode())
    one_line = tmp_path / "line.txt"
    one_line.write_bytes(seed.replace("\n", "").encode() * 50)  # ≈1 MB on one line
    got = list(li.extract_files([big, one_line]))
    assert got[0].bytes >= 50_000_000
    assert len(got[0].metrics) > 1000
    assert got[1].line_count == 1
    assert got[1].metrics
    assert_offsets_point_into_original(one_line.read_text(encoding="utf-8"), got[1].to_dict())


def test_extract_files_order_errors_and_threads(tmp_path: Path) -> None:
    names = [str(p) for p in SEEDS] * 30
    got = [r.file for r in li.extract_files(names, threads=2)]
    assert got == names
    with pytest.raises(FileNotFoundError, match=r"missing\.txt"):
        list(li.extract_files([SEEDS[0], tmp_path / "missing.txt"]))
    assert len(list(li.extract_files([tmp_path / "missing.txt", SEEDS[0]], errors="skip"))) == 1


def test_calls_from_python_threads_agree() -> None:
    data = [p.read_bytes() for p in SEEDS]
    want = [li.extract(d).to_json() for d in data]
    out: dict[int, list[str]] = {}

    def work(i: int) -> None:
        out[i] = [li.extract(d).to_json() for d in data]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(v == want for v in out.values())


def test_lexicon_extension_and_errors(tmp_path: Path) -> None:
    extra = tmp_path / "lex.tsv"
    extra.write_text(
        "canonical_name\tsynonyms\tkind\tunit\tdomain\n测试指标数\t测试指标\tcount\t件\t测试\n",
        encoding="utf-8",
    )
    lex = li.load_lexicon(extra)
    r = li.extract("（一）工作。办理测试指标47件。".encode(), lexicon=lex)
    assert [(m.name, m.value) for m in r.metrics if m.value == 47] == [("测试指标数", 47.0)]
    bad = tmp_path / "bad.tsv"
    bad.write_text("canonical_name\tsynonyms\n只有两列\n", encoding="utf-8")
    with pytest.raises(li.LexiconError, match=r"bad\.tsv"):
        li.load_lexicon(bad)


def test_tokens_fold_traditional_and_width() -> None:
    assert _core.tokens("行政復議") == _core.tokens("行政复议") == ["行政", "政复", "复议"]
    assert _core.fold("１２３％，行政復議") == "123%,行政复议"
    assert len(_core.fold("行政復議")) == len("行政復議")


def test_binary_flag_and_stray_nul() -> None:
    seed = SEEDS[1].read_bytes()
    stray = li.extract(seed[:200] + b"\x00" + seed[200:])
    assert not stray.binary
    assert any("NUL" in w for w in stray.warnings)
    assert len(stray.metrics) == len(li.extract(seed).metrics)
    assert li.extract(bytes(range(256)) * 64).binary
    bad = li.extract("法治政府建设".encode() * 20 + b"\xff" * 3)
    assert (bad.replacements, bad.binary) == (3, False)


def test_lexicon_resolves_synonyms() -> None:
    lex = _core.Lexicon.shipped()
    assert "矛盾纠纷化解率" in lex.resolve("化解率")
    assert lex.resolve("行政复议案件数") == ["行政复议案件数"]
    assert lex.resolve("不存在的指标") == []


# a breadcrumb ending in a column named like a title, as many sites have
SITE_HEADER = "首页 > 政务公开 > 法治政府建设年度报告  【字体：大 中 小】  【打印本页】"
SITE_FOOTER = "网站标识码：5001090001  渝ICP备05003300号-1  版权所有 联系我们"


def test_flattened_reports_keep_their_outline() -> None:
    """A report flattened onto one line, its paragraphs joined by a paragraph space, by one
    space (a scraper's `get_text(" ")`) or by nothing at all, with or without a site's header
    and footer, has the outline, figures and title of the report with its line breaks."""
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        orig = li.extract(text)
        base = [(h.level, h.text) for h in orig.headings]
        figures = sorted((m.value, m.unit) for m in orig.metrics)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        for sep in ("\u3000\u3000", " ", ""):
            for frame in (False, True):
                flat = sep.join(lines)
                if frame:
                    flat = f"{SITE_HEADER} {flat} {SITE_FOOTER}"
                r = li.extract(flat)
                where = (seed.name, sep, frame)
                assert [(h.level, h.text) for h in r.headings] == base, where
                assert sorted((m.value, m.unit) for m in r.metrics) == figures, where
                assert r.title == orig.title, where


def test_gbk_mojibake_is_repaired() -> None:
    """A report once read as GBK and saved again as UTF-8 (`法治` → `娉曟不`) is repaired, as bytes
    or as a string: the same outline and most figures, positions into the repaired text, and a
    warning."""
    heads = metrics = heads_total = metrics_total = 0
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        broken = text.encode("utf-8").decode("gbk", errors="replace")
        r, base = li.extract(broken.encode("utf-8")), li.extract(text)
        assert any("mojibake" in w for w in r.warnings), seed.name
        # the same repair when the damaged text comes as a string
        as_str = li.extract(broken)
        assert [(h.line, h.col, h.text) for h in as_str.headings] == [
            (h.line, h.col, h.text) for h in r.headings
        ]
        assert r.line_count == base.line_count
        got = {(h.line, h.col, h.level) for h in r.headings}
        heads += len(got & {(h.line, h.col, h.level) for h in base.headings})
        heads_total += len(base.headings)
        got_m = {(m.line, m.value, m.unit) for m in r.metrics}
        metrics += len(got_m & {(m.line, m.value, m.unit) for m in base.metrics})
        metrics_total += len(base.metrics)
        assert not any("mojibake" in w for w in base.warnings)
    # Python's decoder drops one byte of every pair it cannot read: 1 character in 10 is cut,
    # (without the repair, only the ASCII-numbered headings and figures with ASCII units are left)
    assert heads / heads_total >= 0.7, (heads, heads_total)
    assert metrics / metrics_total >= 0.65, (metrics, metrics_total)


TRUNCATED = "truncated copy"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_a_copy_cut_off_mid_report_is_flagged(seed: Path) -> None:
    """Cut anywhere inside its body, a report says so; whole, flattened or in Traditional
    script, it does not (each ends with a signature and a date)."""
    text = seed.read_text(encoding="utf-8")
    whole = li.extract(text)
    assert not any(TRUNCATED in w for w in whole.warnings)
    assert not any(TRUNCATED in w for w in li.extract(text.replace("\n", " ")).warnings)
    body = [h.line for h in whole.headings]
    lines = text.split("\n")
    paragraphs = [j for j in range(body[0], len(lines)) if len(lines[j].strip()) >= 30]
    for j in (paragraphs[len(paragraphs) // 2], paragraphs[-1]):
        head = "\n".join([*lines[:j], lines[j][: len(lines[j]) * 2 // 5]])
        cut = li.extract(head)
        assert any(TRUNCATED in w for w in cut.warnings), (seed.name, j)
        # What was read before the cut is still read (line numbers are 1-based; a run-in
        # heading on the cut line keeps its marker).
        assert [h.line for h in cut.headings] == [h for h in body if h <= j + 1]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_copies_of_a_report_share_its_fingerprint(seed: Path) -> None:
    """Another encoding, line ending, digit width, hard wraps, a flattened page or the
    Traditional mirror: the same fingerprint; another report or a truncated copy: another."""
    from test_accuracy import VARIANTS

    from lawgov_index.synth import to_traditional

    text = seed.read_text(encoding="utf-8")
    fp = li.extract(text).fingerprint
    assert fp is not None
    assert len(fp) == 16
    copies = [f(text) for f in VARIANTS.values()]
    copies += [text.replace("\n", ""), to_traditional(text)]
    assert {li.extract(c).fingerprint for c in copies} == {fp}
    others = {li.extract(p.read_bytes()).fingerprint for p in SEEDS if p != seed}
    assert fp not in others
    assert len(others) == len(SEEDS) - 1
    assert li.extract(text[: len(text) * 2 // 3]).fingerprint != fp
    assert li.extract("一、主要举措\n共受理案件3件。").fingerprint is None


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_converter_made_mirrors_read_as_their_original(config: str) -> None:
    """A Traditional mirror made by OpenCC (which writes 答覆, 諮詢, 羣衆 and 峯 in context or as
    its standard forms) folds back to the Simplified original character for character: the same
    fingerprint, figures and outline, and every Simplified substring is found in it."""
    import opencc

    cc = opencc.OpenCC(config)
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8")
        mirror = cc.convert(text)
        assert len(mirror) == len(text)
        assert _core.fold(mirror) == _core.fold(text), seed.name
        a, b = li.extract(text), li.extract(mirror)
        assert b.fingerprint == a.fingerprint, seed.name
        assert [(h.level, h.line, h.col) for h in b.headings] == [
            (h.level, h.line, h.col) for h in a.headings
        ]
        assert [(m.value, m.unit, m.name) for m in b.metrics] == [
            (m.value, m.unit, m.name) for m in a.metrics
        ]
