"""Query parser fuzz: any string gives results or a QueryError, never another exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lawgov_index.errors import QueryError

PIECES = st.sampled_from(
    [
        '"',
        "OR",
        "AND",
        "-",
        " ",
        "  ",
        "\t",
        "化解率",
        "出庭应诉",
        "率",
        "复议",
        "法治",
        "行政復議",
        "100",
        "3件",
        "ABC",
        "x",
        "，",
        "。",
        "（",
        "）",
        "、",
        "%",
        "*",
        "?",
        ".",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "^",
        "$",
        "|",
        ":",
        "/",
        "+",
        "~",
        "!",
        "'",
        "\u3000",
        "\ufeff",
        "\U00020000",
        "𠀀",
        "🙂",
        "é",
        "Ⅻ",
        "①",
        "０",
        "\x00",
        "\n",
    ]
)
QUERY = st.one_of(
    st.lists(PIECES, max_size=8).map("".join),
    st.text(max_size=20),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=QUERY)
def test_search_gives_results_or_query_error(index, q: str) -> None:
    try:
        res = index.search(q, limit=3)
    except QueryError:
        return
    assert res.total >= len(res.hits)
    for h in res.hits:
        assert isinstance(h.snippet, str)
        assert all(0 <= s <= e <= len(h.snippet) for s, e in h.highlights)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=QUERY)
def test_count_gives_rows_or_query_error(index, q: str) -> None:
    try:
        table = index.count([q])
    except QueryError:
        return
    assert all(r.reports >= 0 and r.occurrences >= 0 for r in table.rows)
