"""Pipeline tests: index a copy of seeds/, search, count, filter, update incrementally."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
import tantivy

from lawgov_index import Index, _core
from lawgov_index.errors import IndexLockedError, IndexVersionError, NoIndexError, QueryError
from lawgov_index.index import META_FILE, Progress
from lawgov_index.query import fold_lower, parse

QUERIES = ["化解率", "出庭应诉", "行政复议", "法治政府建设", "率", "诉", "复议", "纠错率"]


def _hits(ix: Index, q: str, **kw: object) -> set[tuple[str, int]]:
    res = ix.search(q, limit=10_000, **kw)  # type: ignore[arg-type]
    got = {(h.file, h.section.line) for h in res.hits}
    assert res.total == len(res.hits) == len(got)
    return got


def _scan(sections: list[tuple[str, int, str, object]], q: str, keep=None) -> set[tuple[str, int]]:
    needle = fold_lower(q)
    return {
        (f, line)
        for f, line, text, rep in sections
        if needle in fold_lower(text) and (keep is None or keep(rep))
    }


@pytest.mark.parametrize("q", QUERIES)
def test_search_returns_exactly_the_sections_containing_the_string(index, sections, q):
    expected = _scan(sections, q)
    assert expected, q
    assert _hits(index, q) == expected


def test_literal_apart_is_not_returned(index, corpus):
    apart = str((corpus / "x_apart.txt").absolute())
    assert apart not in {f for f, _ in _hits(index, "化解率")}
    # bigrams 工作 and 作风 sit on both sides of a comma: no phrase 工作风
    assert _hits(index, "工作风") == set()
    assert apart in {f for f, _ in _hits(index, "作风")}


def test_indexed_phrases_find_exactly_what_their_bigram_phrases_find(index, sections):
    """Metric names are looked up as single terms; for each one that the corpus holds, the hits
    are the sections containing it, as with any other phrase."""
    assert "化解率" in index._phrase_set
    assert "行政复议" in index._phrase_set  # a lexicon domain, a topic researchers look up
    term = tantivy.Query.term_query(index._schema, "body", "化解率")
    assert repr(index._literal_query(parse("化解率").positives[0])) == repr(term)
    found = 0
    for phrase in sorted(index._phrase_set):
        expected = _scan(sections, phrase)
        found += bool(expected)
        assert _hits(index, phrase) == expected, phrase
        assert _hits(index, f"法治 -{phrase}") == _scan(sections, "法治") - expected, phrase
    assert found >= 20  # the seeds hold many of the lexicon's names


@pytest.mark.parametrize("q", ["化解率", "纠错率", "法治", "工作", "12348"])
def test_single_terms_read_natively_give_what_tantivy_py_gives(index, q):
    """A one-term query without filters is answered by the native reader (top hits without
    visiting every match); total, order, scores and hits equal tantivy-py's, page by page."""
    assert index._single_term(parse(q)) is not None
    for offset in (0, 3):
        index._terms = None
        native = index.search(q, limit=7, offset=offset)
        assert index._term_searcher() is not None
        index._terms = False  # tantivy-py only
        plain = index.search(q, limit=7, offset=offset)
        index._terms = None
        assert native.total == plain.total
        assert [(h.file, h.section.line, h.snippet) for h in native.hits] == [
            (h.file, h.section.line, h.snippet) for h in plain.hits
        ]
        assert [h.score for h in native.hits] == pytest.approx([h.score for h in plain.hits])


def test_found_inside_compound(index, corpus):
    compound = str((corpus / "x_compound.txt").absolute())
    assert compound in {f for f, _ in _hits(index, "化解率")}
    assert compound in {f for f, _ in _hits(index, "纷化")}


def test_traditional_copy_found_by_simplified_query(index, corpus):
    trad = str((corpus / "t002_traditional.txt").absolute())
    res = index.search("行政复议", limit=1000)
    hits = [h for h in res.hits if h.file == trad]
    assert hits
    h = hits[0]
    assert h.highlights
    s, e = h.highlights[0]
    assert h.snippet[s:e] == "行政復議"  # the snippet shows the original text


def test_traditional_region_groups_and_filters_with_simplified(index, corpus):
    trad = str((corpus / "t002_traditional.txt").absolute())
    rep = index.report(trad)
    assert rep is not None
    assert rep["region"]["province"] == "重慶市"  # extraction keeps the text
    for region in ("重庆市", "重慶市/北碚區", "北碚区"):
        files = {h.file for h in index.search("法治", region=region, limit=1000).hits}
        assert trad in files, region
    hit = next(h for h in index.search("行政复议", limit=1000).hits if h.file == trad)
    assert hit.region.path == "重庆市/北碚区"
    assert "重慶市" not in index.stats().by_province
    by = {dict(r.group)["county"]: r.reports for r in index.count(["法治"], by=["county"]).rows}
    assert "北碚區" not in by
    assert by["北碚区"] == 2


def test_snippet_highlights_are_code_point_offsets(index):
    for h in index.search("化解率 OR 出庭应诉", limit=20).hits:
        assert h.highlights
        for s, e in h.highlights:
            assert fold_lower(h.snippet[s:e]) in ("化解率", "出庭应诉")


def test_and_or_not(index, sections):
    a, b = _scan(sections, "化解率"), _scan(sections, "出庭应诉")
    assert _hits(index, "化解率 出庭应诉") == a & b
    assert _hits(index, "化解率 OR 出庭应诉") == a | b
    assert _hits(index, "化解率 -出庭应诉") == a - b
    assert _hits(index, '"化解率"') == a


def test_mixed_ascii_and_lone_edge_character(index, sections):
    # "件" is a lone Han character at the edge of the literal while the text has 件次 or 件，;
    # digits match whole numbers, so 3件 is not found inside 13件.
    pattern = re.compile(r"(?<![0-9a-z])3件")
    expected = {(f, ln) for f, ln, text, _ in sections if pattern.search(fold_lower(text))}
    assert expected
    assert _hits(index, "3件") == expected


def test_count_agrees_with_substring_count(index, corpus):
    queries = ["化解率", "行政复议", "率", "法治"]
    table = index.count(queries)
    texts = [fold_lower(p.read_text(encoding="utf-8")) for p in sorted(corpus.iterdir())]
    for row in table.rows:
        needle = fold_lower(row.query)
        assert row.occurrences == sum(t.count(needle) for t in texts), row
        assert row.reports == sum(needle in t for t in texts), row


def test_count_by_year_and_part(index, sections):
    table = index.count(["行政复议"], by=["year"])
    total = index.count(["行政复议"]).rows[0]
    assert sum(r.reports for r in table.rows) == total.reports
    assert sum(r.occurrences for r in table.rows) == total.occurrences
    by_part = index.count(["行政复议"], by=["part"])
    assert sum(r.occurrences for r in by_part.rows) == total.occurrences
    with pytest.raises(QueryError, match="unknown --by"):
        index.count(["行政复议"], by=["colour"])


def test_metric_summaries_by_group(index):
    # per (year, kind, unit): the statistics of exactly the rows of that group, so the
    # change 同比上升18.51% of seed 002 is not pooled with the rates
    import numpy as np

    mt = index.metrics("出庭应诉率")
    groups = mt.summary_by(["year"])
    assert sum(g["count"] for g in groups) == len(mt)
    for g in groups:
        idx = [
            i
            for i in range(len(mt))
            if (mt.groups[i]["year"], mt.kind[i], mt.unit[i]) == (g["year"], g["kind"], g["unit"])
        ]
        assert g["count"] == len(idx)
        assert g["median"] == float(np.median(mt.value[idx]))
    changes = [g for g in groups if g["kind"] == "ratio_change"]
    assert changes
    assert all(g["max"] < 100 for g in changes)
    with pytest.raises(QueryError, match="unknown --by"):
        mt.summary_by(["colour"])


def test_count_share_gives_each_groups_size(index, corpus):
    # Every year of the corpus has a row, those with no matching report too (0 of n), and `of`
    # is the year's number of reports as `stats` counts them.
    by_year = index.stats().by_year
    table = index.count(["化解率", "行政复议"], by=["year"], share=True)
    for q in ("化解率", "行政复议"):
        rows = {str(dict(r.group)["year"]): r for r in table.rows if r.query == q}
        assert {y: r.of for y, r in rows.items()} == by_year
        for r in rows.values():
            assert 0 <= r.reports <= r.of
            assert r.to_dict()["share"] == round(r.reports / r.of, 4)
    assert any(r.reports == 0 for r in table.rows if r.query == "化解率")
    # the totals agree with the count without groups, and occurrences are normalized by the
    # characters of the reports' text
    plain = index.count(["化解率"]).rows[0]
    total = index.count(["化解率"], share=True).rows[0]
    assert (total.reports, total.of) == (plain.reports, len(list(corpus.iterdir())))
    chars = sum(len(p.read_bytes().decode("utf-8-sig")) for p in corpus.iterdir())
    assert total.chars == chars
    assert total.to_dict()["per_10k_chars"] == round(plain.occurrences * 10_000 / chars, 3)
    # with unique, the Traditional mirror of seed 002 leaves the denominator too
    assert index.count(["化解率"], share=True, unique=True).rows[0].of == total.of - 1
    with pytest.raises(QueryError, match="--share"):
        index.count(["化解率"], by=["part"], share=True)


def _meta(rep: object) -> dict[str, object]:
    r = rep.region  # type: ignore[attr-defined]
    return {
        "year": rep.report_year,  # type: ignore[attr-defined]
        "level": rep.admin_level,  # type: ignore[attr-defined]
        # names are compared in Simplified script: a Traditional mirror is in the same region
        "names": {fold_lower(n) for n in (r.province, r.city, r.county, r.township) if n},
    }


def test_year_filter(index, sections):
    years = {_meta(rep)["year"] for *_, rep in sections} - {None}
    assert years, "extraction gives no report years"
    for y in years:
        assert _hits(index, "法治", year=y) == _scan(
            sections, "法治", lambda r, y=y: r.report_year == y
        )
    lo, hi = min(years), max(years)
    assert _hits(index, "法治", year=(lo, hi)) == _scan(
        sections, "法治", lambda r: r.report_year is not None and lo <= r.report_year <= hi
    )


def test_region_filter_matches_any_level(index, sections):
    names = set().union(*(_meta(rep)["names"] for *_, rep in sections))
    assert names
    for name in names:
        expected = _scan(sections, "法治", lambda r, n=name: n in _meta(r)["names"])
        assert _hits(index, "法治", region=name) == expected, name


def test_level_and_part_filters(index, sections):
    levels = {rep.admin_level for *_, rep in sections} - {None}
    for lv in levels:
        assert _hits(index, "法治", level=lv) == _scan(
            sections, "法治", lambda r, lv=lv: r.admin_level == lv
        )
    part_of = {}
    for f, _line, _, rep in sections:
        for s in rep.sections:
            part_of[(f, s.line)] = s.part
    hits = _hits(index, "法治", part="shortcomings")
    assert hits
    assert all(part_of[h] == "shortcomings" for h in hits)
    assert hits == {k for k in _scan(sections, "法治") if part_of.get(k) == "shortcomings"}


def test_hit_metadata_and_metrics(index):
    res = index.search("化解率", year=2022, limit=5)
    assert res.hits
    h = res.hits[0]
    assert h.report_year == 2022
    assert h.title
    assert h.section.path
    assert any(m["name"] == "矛盾纠纷化解率" for hit in res.hits for m in hit.metrics)


def test_metrics_columns(index):
    import numpy as np

    mt = index.metrics("化解率")
    assert "矛盾纠纷化解率" in mt.names
    assert mt.value.dtype == np.float64
    assert mt.report_year.dtype == np.int64
    assert len(mt.value) == len(mt.file) == len(mt.sentence) >= 2
    assert 99.9 in mt.value.tolist()
    # seed 001 reports 99.9 % for 545 of 546 disputes: the row says so, the others carry no note
    notes = {v: n for v, n in zip(mt.value.tolist(), mt.note, strict=True) if n}
    assert notes == {99.9: "reported; 545/546 = 99.82%"}
    s = mt.summary()
    assert s["count"] == len(mt)
    assert s["min"] <= s["median"] <= s["max"]


def test_metric_ranges_keep_both_ends(tmp_path):
    d = tmp_path / "r"
    d.mkdir()
    (d / "a.txt").write_text(
        "某镇人民政府关于2023年法治政府建设情况的报告\n一、主要工作\n"
        "审批时限压缩至3至5个工作日，办理时限为2个工作日。\n",
        encoding="utf-8",
    )
    ix = Index.create(tmp_path / "ix")
    ix.add([d])
    mt = ix.metrics("审批办结时限")
    rows = sorted((r["value"], r["value_max"]) for r in mt.rows())
    assert rows == [(2.0, None), (3.0, 5.0)]
    assert mt.summary()["max"] == 3.0  # statistics use the lower end


def test_letter_spaced_copy_is_found_like_the_report(tmp_path):
    """A PDF export with letter spacing (`化 解 率`) is stored and searched without it."""
    seed = Path(__file__).parent.parent / "seeds" / "001_ffb0f4087fd0c98b.txt"
    text = seed.read_text(encoding="utf-8")
    spaced = "\n".join(" ".join(ln) for ln in text.split("\n"))
    counts = []
    for name, body in (("plain", text), ("spaced", spaced)):
        d = tmp_path / name
        d.mkdir()
        (d / "r.txt").write_text(body, encoding="utf-8")
        ix = Index.create(tmp_path / f"ix-{name}")
        ix.add([d])
        res = ix.search("化解率")
        assert res.total >= 1
        hit = res.hits[0]
        assert hit.highlights
        assert all(hit.snippet[a:b] == "化解率" for a, b in hit.highlights)
        row = ix.count(["化解率", "法治政府建设"]).rows
        counts.append([(r.reports, r.occurrences) for r in row])
    assert counts[0] == counts[1]


def test_stats(index, corpus):
    st = index.stats()
    n = len(list(corpus.iterdir()))
    assert st.reports == n
    assert st.sections >= n
    assert sum(st.by_year.values()) == n == sum(st.by_level.values())


# -- building --------------------------------------------------------------------------------


@pytest.fixture
def work(tmp_path: Path, seeds_dir: Path) -> Path:
    d = tmp_path / "docs"
    d.mkdir()
    for f in sorted(seeds_dir.glob("*.txt")):
        shutil.copyfile(f, d / f.name)
        (d / f.name).chmod(0o644)
    return d


def test_incremental_reindex(tmp_path, work):
    ix = Index.create(tmp_path / "ix")
    s1 = ix.add([work])
    assert (s1.indexed, s1.unchanged) == (5, 0)
    # The stored hash is blake2b-128 of the bytes (as huge files, hashed in Python, get it too)
    # tagged with the extraction that made the documents.
    tag = _core.Lexicon.shipped().tag
    assert ix.indexed_files() == {
        str(f.absolute()): hashlib.blake2b(f.read_bytes(), digest_size=16).hexdigest() + ":" + tag
        for f in work.iterdir()
    }
    s2 = ix.add([work])
    assert (s2.indexed, s2.unchanged) == (0, 5)
    sections_before = ix.stats().sections
    victim = sorted(work.iterdir())[0]
    victim.write_text(victim.read_text(encoding="utf-8") + "\n新增独特标记词一则。\n", "utf-8")
    s3 = ix.add([work])
    assert (s3.indexed, s3.unchanged) == (1, 4)
    assert ix.stats().reports == 5
    assert ix.stats().sections in (sections_before, sections_before + 1)
    assert ix.search("独特标记词").total == 1
    gone = sorted(work.iterdir())[1]
    gone.unlink()
    s4 = ix.add([work], prune=True)
    assert (s4.pruned, s4.unchanged) == (1, 4)
    assert ix.stats().reports == 4
    assert str(gone.absolute()) not in ix.indexed_files()


def test_another_extraction_extracts_unchanged_files_again(tmp_path, work):
    # An upgraded core or another lexicon names metrics differently: keeping the records of
    # unchanged files would mix two extractions in one index.
    ix = Index.create(tmp_path / "ix")
    assert ix.add([work]).indexed == 5
    lex = _core.Lexicon(
        "canonical_name\tsynonyms\tkind\tunit\tdomain\n测试指标数\t化解率\trate\t%\t测试\n",
        extend_default=False,
    )
    assert lex.tag != _core.Lexicon.shipped().tag
    s = ix.add([work], lexicon=lex)
    assert (s.indexed, s.unchanged) == (5, 0)
    assert ix.stats().reports == 5  # replaced, not added beside
    assert "测试指标数" in ix.metrics("测试指标数").names
    assert len(ix.metrics("测试指标数")) >= 2
    s = ix.add([work], lexicon=lex)
    assert (s.indexed, s.unchanged) == (0, 5)
    s = ix.add([work])
    assert (s.indexed, s.unchanged) == (5, 0)


def test_overlapping_paths_index_each_file_once(tmp_path, work):
    ix = Index.create(tmp_path / "ix")
    one = sorted(work.iterdir())[0]
    seen: list[Progress] = []
    s = ix.add([work, one, work / ".", one], progress=seen.append)
    assert (s.indexed, s.unchanged) == (5, 0)
    assert ix.stats().reports == 5
    total = sum(f.stat().st_size for f in work.iterdir())
    assert (seen[-1].files_done, seen[-1].files_total) == (5, 5)
    assert seen[-1].bytes_done == seen[-1].bytes_total == total


def test_prune_drops_files_that_are_no_longer_reports(tmp_path, work):
    ix = Index.create(tmp_path / "ix")
    ix.add([work])
    renamed = sorted(work.iterdir())[2]
    renamed.rename(renamed.with_suffix(".bak"))
    s = ix.add([work], prune=True)
    assert (s.pruned, s.unchanged, s.indexed) == (1, 4, 0)
    assert str(renamed) not in ix.indexed_files()
    assert len(ix.indexed_files()) == 4


def test_interrupted_run_resumes_without_duplicates(tmp_path, work):
    ix = Index.create(tmp_path / "ix")

    def boom(p: Progress) -> None:
        if p.files_done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ix.add([work], commit_files=1, batch_files=1, progress=boom)
    assert len(ix.indexed_files()) == 2
    s = ix.add([work])
    assert (s.indexed, s.unchanged) == (3, 2)
    assert ix.stats().reports == 5
    direct = sum(
        len(r.sections) or 1 for r in _core.extract_paths(sorted(map(str, work.iterdir())))
    )
    assert ix.stats().sections == direct


def test_skipped_and_degraded_files(tmp_path, work):
    (work / "empty.txt").write_bytes(b"")
    (work / "blob.txt").write_bytes(bytes(range(256)) * 40)
    seen = []
    ix = Index.create(tmp_path / "ix")
    s = ix.add([work], on_problem=seen.append)
    assert s.indexed == 5
    assert s.skipped == 2
    msgs = {Path(p.file).name: p.message for p in seen}
    assert msgs["empty.txt"] == "skipped: empty"
    assert msgs["blob.txt"] == "skipped: binary (not a report)"


def test_writer_lock_is_reported(tmp_path, work):
    ix = Index.create(tmp_path / "ix")
    held = tantivy.Index.open(str(tmp_path / "ix")).writer()
    with pytest.raises(IndexLockedError, match="is locked by another writer"):
        ix.add([work])
    held.rollback()
    del held


def test_search_while_writer_holds_lock(tmp_path, work):
    ix = Index.create(tmp_path / "ix")
    ix.add([work])
    held = tantivy.Index.open(str(tmp_path / "ix")).writer()
    assert Index.open(tmp_path / "ix").search("化解率").total >= 1
    del held


def test_no_index_version_and_corruption(tmp_path, work):
    with pytest.raises(NoIndexError, match="lawgov-index index PATH"):
        Index.open(tmp_path / "missing")
    ix_dir = tmp_path / "ix"
    Index.create(ix_dir).add([work])
    meta = json.loads((ix_dir / META_FILE).read_text())
    (ix_dir / META_FILE).write_text(json.dumps(meta | {"version": 999}))
    with pytest.raises(IndexVersionError, match=r"another version.*rebuild it"):
        Index.open(ix_dir)
    (ix_dir / META_FILE).write_text("{not json")
    with pytest.raises(IndexVersionError, match="corrupted"):
        Index.open(ix_dir)
    (ix_dir / META_FILE).write_text(json.dumps(meta))
    (ix_dir / "meta.json").write_text("garbage")
    with pytest.raises(IndexVersionError, match="corrupted"):
        Index.open(ix_dir)


def test_copies_of_one_report_are_found_and_counted_once(index, corpus):
    """The corpus holds seed 002 and its Traditional mirror: one group of copies; with
    `unique` counts and metric rows are those of the files without the mirror."""
    groups = index.duplicates()
    assert [[Path(f).name for f in g] for g in groups] == [
        ["002_d61b1cf0558df1ae.txt", "t002_traditional.txt"]
    ]
    files = sorted(corpus.iterdir())
    texts = [fold_lower(p.read_text(encoding="utf-8")) for p in files if str(p) != groups[0][1]]
    assert len(texts) == len(files) - 1
    for row in index.count(["化解率", "行政复议", "法治"], unique=True).rows:
        needle = fold_lower(row.query)
        assert row.occurrences == sum(t.count(needle) for t in texts), row
        assert row.reports == sum(needle in t for t in texts), row
    every = index.metrics("出庭应诉率")
    once = index.metrics("出庭应诉率", unique=True)
    assert groups[0][1] in every.file
    assert groups[0][1] not in once.file
    assert once.file == [f for f in every.file if f != groups[0][1]]


def test_unique_search_gives_a_section_of_copies_once(index, corpus):
    """The corpus holds seed 002 and its Traditional mirror: with `unique`, each of their
    sections is one hit, shown from the first file by name with the mirror in `copies`, and the
    total is what a search over the corpus without the mirror finds."""
    seed = str((corpus / "002_d61b1cf0558df1ae.txt").absolute())
    trad = str((corpus / "t002_traditional.txt").absolute())
    for q in ("行政复议", "依法行政", "法治政府建设"):
        every = index.search(q, limit=10_000)
        once = index.search(q, limit=10_000, unique=True)
        in_mirror = sum(h.file == trad for h in every.hits)
        assert in_mirror, q
        assert once.total == len(once.hits) == every.total - in_mirror, q
        assert trad not in {h.file for h in once.hits}
        for h in once.hits:
            assert h.copies == ((trad,) if h.file == seed else ()), (q, h)
        # pages of unique hits tile the whole list
        paged = [
            h.file
            for k in range(0, once.total, 3)
            for h in index.search(q, limit=3, offset=k, unique=True).hits
        ]
        assert paged == [h.file for h in once.hits]
    # the plain search's JSON keeps its shape; the unique one names the copies
    assert "copies" not in index.search("行政复议").hits[0].to_dict()
    d = index.search("行政复议", unique=True, limit=50).hits
    assert {tuple(h.to_dict()["copies"]) for h in d} == {(), (trad,)}


@pytest.mark.parametrize(
    "q",
    ["化解率", "化解率 行政复议", "法治 -化解率", "出庭应诉 OR 化解率", '"行政复议" 法治政府建设'],
)
def test_search_reports_gives_one_row_per_report_matching_anywhere(index, sections, q):
    """A report is listed when each clause of the query matches one of its sections (not
    necessarily the same one) and no section holds an excluded term; `sections` counts the
    sections holding a positive term; the best section is one of them."""
    pq = parse(q)
    by_file: dict[str, list[str]] = {}
    for f, _, text, _ in sections:
        by_file.setdefault(f, []).append(fold_lower(text))

    def has(texts: list[str], lit) -> bool:  # type: ignore[no-untyped-def]
        return any(lit.pattern.search(t) for t in texts)

    want = {
        f: sum(any(lit.pattern.search(t) for lit in pq.positives) for t in texts)
        for f, texts in by_file.items()
        if all(any(has(texts, lit) for lit in c) for c in pq.clauses)
        and not any(has(texts, lit) for lit in pq.excluded)
    }
    assert want, q
    res = index.search_reports(q, limit=1000)
    assert res.total == len(res.reports) == len(want)
    assert {r.file: r.sections for r in res.reports} == want
    assert [r.score for r in res.reports] == sorted((r.score for r in res.reports), reverse=True)
    for r in res.reports:
        assert r.best.file == r.file
        assert any(lit.pattern.search(fold_lower(r.best.snippet)) for lit in pq.positives)


def test_search_reports_filters_pages_and_copies(index, corpus):
    every = index.search_reports("行政复议", limit=1000)
    trad = str((corpus / "t002_traditional.txt").absolute())
    assert trad in {r.file for r in every.reports}
    once = index.search_reports("行政复议", limit=1000, unique=True)
    assert [r.file for r in once.reports] == [r.file for r in every.reports if r.file != trad]
    seed = str((corpus / "002_d61b1cf0558df1ae.txt").absolute())
    assert {r.file: r.best.copies for r in once.reports if r.best.copies} == {seed: (trad,)}
    paged = [
        r.file
        for k in range(0, every.total, 2)
        for r in index.search_reports("行政复议", limit=2, offset=k).reports
    ]
    assert paged == [r.file for r in every.reports]
    in_2022 = index.search_reports("法治", year=2022, limit=1000).reports
    assert in_2022
    assert all(r.report_year == 2022 for r in in_2022)
    d = index.search_reports("行政复议", limit=1).to_dict()
    assert set(d) == {"query", "total", "reports"}
    assert set(d["reports"][0]) == {
        "file",
        "title",
        "report_year",
        "region",
        "admin_level",
        "score",
        "sections",
        "best",
    }
