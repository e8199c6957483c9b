"""Query language, literal matching, snippets and metric-name resolution."""

from __future__ import annotations

import pytest

from lawgov_index import _core
from lawgov_index.errors import QueryError
from lawgov_index.query import (
    BREAK,
    FigureChange,
    Hit,
    Literal,
    figure_changes,
    find_spans,
    fold_lower,
    fold_place,
    parse,
    resolve_metric_names,
    snippet,
    terms,
)

PARSES = [
    # (query, clauses as texts, excluded)
    ("化解率", [["化解率"]], []),
    ("化解率 出庭应诉", [["化解率"], ["出庭应诉"]], []),
    ("化解率 OR 调解率 出庭", [["化解率", "调解率"], ["出庭"]], []),
    ('"出庭 应诉" -败诉', [["出庭 应诉"]], ["败诉"]),
    ("-败诉 化解率", [["化解率"]], ["败诉"]),
    ("ISO9001认证 AND 率", [["ISO9001认证"], ["率"]], []),
    ('行政复议"案件"', [["行政复议"], ["案件"]], []),
]


@pytest.mark.parametrize(("q", "clauses", "excluded"), PARSES)
def test_parse(q, clauses, excluded):
    pq = parse(q)
    assert [[lit.text for lit in c] for c in pq.clauses] == clauses
    assert [lit.text for lit in pq.excluded] == excluded


MALFORMED = [
    ("", "empty query"),
    ("   ", "empty query"),
    ('"化解率', "unbalanced quote"),
    ("OR", "OR without a term"),
    ("化解率 OR", "OR without a term on its right"),
    ("OR 化解率", "OR without a term on its left"),
    ("化解率 OR OR 率", "OR without a term"),
    ("-化解率", "only excluded terms"),
    ("-化解率 -率", "only excluded terms"),
    ("AND", "no term to search for"),
    ("化解率 OR -率", "cannot be an OR alternative"),
    ("，。", "no searchable characters"),
    ('""', "no searchable characters"),
]


@pytest.mark.parametrize(("q", "msg"), MALFORMED)
def test_malformed_query_names_the_query(q, msg):
    with pytest.raises(QueryError, match=msg) as ei:
        parse(q)
    assert repr(q) in str(ei.value)


def test_terms_breaks_at_separators():
    assert terms("化解，解率") == f"化解 {BREAK} 解率"
    assert terms("化解率达100%。") == "化解 解率 率达 100"
    assert terms("行政復議") == terms("行政复议") == _core.token_string("行政复议")


def test_literal_pattern_semantics():
    def found(lit: str, text: str) -> list[str]:
        folded = fold_lower(text)
        return [folded[s:e] for s, e in find_spans(folded, [Literal(lit)])]

    assert found("化解率", "矛盾纠纷化解率达100%") == ["化解率"]
    assert found("化解率", "化解矛盾，效率") == []
    assert found("100", "达100%，1000件") == ["100"]
    assert found("abc", "ABC abcd xabc 率abc") == ["abc", "abc"]
    assert found("出庭 应诉", "出庭、应诉；出庭应诉") == ["出庭、应诉"]
    assert found("行政复议", "行政復議") == ["行政复议"]


def test_snippet_window_and_offsets():
    text = "前言" * 100 + "\n化解率达100%。" + "中间" * 10 + "出庭应诉率" + "后记" * 100
    lits = parse("化解率 出庭应诉").positives
    spans = find_spans(fold_lower(text), lits)
    snip, hl = snippet(text, spans, width=60)
    assert snip.startswith("…")
    assert snip.endswith("…")
    assert [snip[s:e] for s, e in hl] == ["化解率", "出庭应诉"]
    assert "\n" not in snip
    short, hl2 = snippet("化解率", [(0, 3)])
    assert (short, hl2) == ("化解率", [(0, 3)])


def test_fold_lower_keeps_length():
    s = "İ行政復議ＡＢＣ"
    assert len(fold_lower(s)) == len(s)


def test_place_names_fold_only_characters_simplified_text_never_uses():
    assert fold_place("重慶市北碚區") == "重庆市北碚区"
    # 乾 is also a Simplified character: the character fold's 乾 → 干 must not rename places
    assert _core.fold("乾元镇") == "干元镇"
    assert fold_place("乾元镇") == "乾元镇"
    assert fold_place("乾縣") == "乾县"
    assert fold_place("") == ""


def test_place_fold_keeps_exactly_the_gb2312_characters():
    """The native fold keeps what Python's `gb2312` codec can write and folds the rest."""

    def reference(c: str) -> str:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            return _core.fold(c)
        return c

    chars = [
        chr(u)
        for r in (range(0x20, 0x250), range(0x2000, 0xA000), range(0xF900, 0x10000))
        for u in r
    ]
    chars = [c for c in chars if not 0xD800 <= ord(c) < 0xE000]
    assert [fold_place(c) for c in chars] == [reference(c) for c in chars]


def test_resolve_metric_names():
    assert resolve_metric_names("矛盾纠纷化解率") == ["矛盾纠纷化解率"]
    assert "矛盾纠纷化解率" in resolve_metric_names("化解率")
    assert "行政复议纠错率" in resolve_metric_names("纠错率")
    assert resolve_metric_names("不存在的指标") == ["不存在的指标"]


def test_results_are_frozen(index):
    res = index.search("化解率")
    assert isinstance(res.hits[0], Hit)
    with pytest.raises(AttributeError):
        res.hits[0].score = 0.0  # type: ignore[misc]
    d = res.to_dict()
    assert set(d) == {"query", "total", "hits"}
    assert set(d["hits"][0]) == {
        "file",
        "title",
        "report_year",
        "region",
        "admin_level",
        "section",
        "snippet",
        "highlights",
        "score",
        "metrics",
    }


def test_search_raises_query_error(index):
    with pytest.raises(QueryError, match="'化解率 OR'"):
        index.search("化解率 OR")


def test_one_and_two_character_queries(index, sections):
    for q in ("率", "诉", "复议", "政府"):
        needle = fold_lower(q)
        expected = {(f, ln) for f, ln, t, _ in sections if needle in fold_lower(t)}
        res = index.search(q, limit=10_000)
        assert {(h.file, h.section.line) for h in res.hits} == expected
        assert res.total == len(expected)


def test_offset_and_limit_page_through(index):
    full = index.search("法治", limit=1000).hits
    page = index.search("法治", limit=5, offset=5).hits
    assert [h.file for h in page] == [h.file for h in full[5:10]]


def test_figure_changes_pair_changed_values_and_keep_the_rest():
    def m(name: str, value: float, unit: str = "件") -> dict:
        return {"name": name, "value": value, "unit": unit}

    first = [m("受理数", 32), m("化解率", 99.9, "%"), m("培训", 3, "次"), m("受理数", 32)]
    other = [m("受理数", 32), m("化解率", 98.5, "%"), m("受理数", 32), m("新增", 5)]
    assert figure_changes(first, other) == (
        FigureChange("化解率", "%", 99.9, 98.5),
        FigureChange("培训", "次", 3, None),
        FigureChange("新增", "件", None, 5),
    )
    assert figure_changes(first, first) == ()
