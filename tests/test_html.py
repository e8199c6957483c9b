"""Web pages saved as reports (`.htm`, or HTML saved as `.txt`): the markup is reduced to text
in the native normalizer, so a page reads like the report it carries, while every offset still
points into the page itself."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import lawgov_index as li

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
SAME = ("title", "report_year", "issue_date", "doc_number", "signer", "admin_level", "region")


def as_page(text: str, *, minified: bool = False) -> str:
    """The report as a government site would serve it: head, script and style, a breadcrumb,
    one `<p>` per line with inline spans and character references, a footer."""
    lines = text.split("\n")
    paras = []
    for k, line in enumerate(lines):
        esc = html.escape(line, quote=False).replace("\u3000", "&#12288;")
        if k % 3 == 1 and len(esc) > 6:
            esc = f'{esc[:3]}<span style="font-family:仿宋">{esc[3:]}</span>'
        paras.append(f'<p style="text-indent:2em">{esc}</p>')
    sep = "" if minified else "\n"
    return sep.join(
        [
            "<!DOCTYPE html>",
            '<html><head><meta charset="utf-8"><title>' + html.escape(lines[0]) + "</title>",
            "<style>p { line-height: 2; }</style>",
            '<script>var note = "<p>化解率达12%</p>";</script></head><body>',
            '<div class="crumb">首页&nbsp;&gt;&nbsp;政务公开&nbsp;&gt;&nbsp;法治政府</div>',
            '<div class="article">',
            *paras,
            '</div><!-- 页脚 --><div class="foot">主办单位：某某人民政府</div>',
            "</body></html>",
        ]
    )


def _metrics(d: dict) -> list[tuple]:
    return [(m["name"], m["value"], m["unit"], m["qualifier"]) for m in d["metrics"]]


@pytest.mark.parametrize("minified", [False, True], ids=["lines", "minified"])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_page_reads_like_the_report(seed: Path, minified: bool) -> None:
    text = seed.read_text(encoding="utf-8")
    plain = li.extract(text).to_dict()
    page_text = as_page(text, minified=minified)
    page = li.extract(page_text).to_dict()
    assert [h["text"] for h in page["headings"]] == [h["text"] for h in plain["headings"]]
    assert [h["level"] for h in page["headings"]] == [h["level"] for h in plain["headings"]]
    assert _metrics(page) == _metrics(plain)  # nothing from the script, nothing lost
    assert {k: page[k] for k in SAME} == {k: plain[k] for k in SAME}
    assert page["warnings"] == ["web page: its markup was left out", *plain["warnings"]]
    # Offsets are into the page: each heading marker and metric quantity is there.
    page_lines = page_text.split("\n")
    for h in page["headings"]:
        line = page_lines[h["line"] - 1]
        assert line[h["col"] : h["col"] + len(h["marker"])] == h["marker"], h
    for m in page["metrics"]:
        line = page_lines[m["line"] - 1]
        q = line[m["quantity_col"] : m["quantity_col"] + len(m["quantity"])]
        assert q == m["quantity"], m


@pytest.mark.parametrize("seed", SEEDS[:3], ids=lambda p: p.stem[:3])
def test_texts_shown_to_readers_carry_no_markup(seed: Path) -> None:
    r = li.extract(as_page(seed.read_text(encoding="utf-8")))
    assert r.sections
    assert r.metrics
    for m in r.metrics:
        assert "<" not in m.sentence, m.sentence
        assert m.surface in m.sentence
    for s in r.sections:
        assert "<" not in s.text.replace("<5", ""), s.text[:80]
        assert "&nbsp;" not in s.text
        assert "&gt;" not in s.text


def test_plain_text_with_angle_brackets_is_not_markup() -> None:
    text = "一、主要举措\n办结率达到98%以上，超期率<2%，a<b>c。\n二、存在的不足\n"
    r = li.extract(text)
    # (it ends with a heading and nothing under it, which reads as a truncated copy)
    assert not any("web page" in w for w in r.warnings), r.warnings
    assert [h.text for h in r.headings] == ["主要举措", "存在的不足"]
    assert "超期率<2%，a<b>c" in r.sections[0].text
