"""CLI tests with typer's CliRunner: exit codes, messages, output shapes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import cli_output
from typer.testing import CliRunner

from lawgov_index.cli import app

runner = CliRunner()
SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import make_corpus

    root = tmp_path_factory.mktemp("cli")
    docs = make_corpus(root / "docs")
    ix = root / "ix"
    r = runner.invoke(app, ["index", str(docs), "--index", str(ix)])
    assert r.exit_code == 0, cli_output(r)
    assert "indexed 8, unchanged 0, degraded 0, skipped 0" in cli_output(r)
    return ix


def test_index_then_search_with_default_location(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.delenv("LAWGOV_INDEX", raising=False)
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "seeds"
    shutil.copytree(seeds_dir, docs)
    r = runner.invoke(app, ["index", "seeds"])
    assert r.exit_code == 0, cli_output(r)
    assert (tmp_path / ".lawgov-index").is_dir()
    r = runner.invoke(app, ["search", "化解率"])
    assert r.exit_code == 0, cli_output(r)
    assert "2 section(s) match '化解率'" in r.output
    r = runner.invoke(app, ["index", "seeds"])
    assert "indexed 0, unchanged 5" in cli_output(r)


def test_env_var_location(tmp_path, seeds_dir, monkeypatch):
    monkeypatch.setenv("LAWGOV_INDEX", str(tmp_path / "envix"))
    r = runner.invoke(app, ["index", str(seeds_dir)])
    assert r.exit_code == 0, cli_output(r)
    assert (tmp_path / "envix").is_dir()
    r = runner.invoke(app, ["search", "出庭应诉", "--json"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["total"] > 0


def test_search_json_shape(built):
    r = runner.invoke(app, ["search", "化解率", "--index", str(built), "--json", "--limit", "3"])
    assert r.exit_code == 0, cli_output(r)
    d = json.loads(r.stdout)
    assert d["query"] == "化解率"
    assert d["total"] >= 2
    assert 1 <= len(d["hits"]) <= 3
    h = d["hits"][0]
    assert set(h) == {
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
    assert set(h["section"]) == {"path", "part", "line"}
    for s, e in h["highlights"]:
        assert h["snippet"][s:e] == "化解率"


def test_search_unique_names_the_copies(built):
    args = ["search", "行政复议", "--index", str(built), "--limit", "50"]
    plain = runner.invoke(app, [*args, "--json"])
    unique = runner.invoke(app, [*args, "--json", "--unique"])
    assert plain.exit_code == unique.exit_code == 0, cli_output(unique)
    p, u = json.loads(plain.stdout), json.loads(unique.stdout)
    mirrored = [h for h in u["hits"] if h["copies"]]
    assert mirrored
    assert all(Path(c).name == "t002_traditional.txt" for h in mirrored for c in h["copies"])
    assert u["total"] == p["total"] - len(mirrored)
    shown = runner.invoke(app, [*args, "--unique"])
    assert "also in 1 copy: " in shown.stdout


def test_search_filters(built):
    r = runner.invoke(
        app,
        [
            "search",
            "法治",
            "--index",
            str(built),
            "--json",
            "--year",
            "2020..2021",
            "--limit",
            "500",
        ],
    )
    assert r.exit_code == 0, cli_output(r)
    hits = json.loads(r.stdout)["hits"]
    assert hits
    assert all(2020 <= h["report_year"] <= 2021 for h in hits)
    r = runner.invoke(
        app,
        [
            "search",
            "法治",
            "--index",
            str(built),
            "--json",
            "--part",
            "shortcomings",
            "--level",
            "township",
        ],
    )
    hits = json.loads(r.stdout)["hits"]
    assert hits
    assert all(h["section"]["part"] == "shortcomings" for h in hits)
    assert all(h["admin_level"] == "township" for h in hits)
    r = runner.invoke(app, ["search", "法治", "--index", str(built), "--year", "20x"])
    assert r.exit_code == 2
    assert "--year" in cli_output(r)


@pytest.mark.parametrize("q", ['"化解率', "OR", "-化解率", "化解率 OR"])
def test_malformed_query_exit_2(built, q):
    # `--` ends options, so a query may start with "-"
    r = runner.invoke(app, ["search", "--index", str(built), "--", q])
    assert r.exit_code == 2, cli_output(r)
    assert repr(q) in cli_output(r)


def test_query_opening_with_an_excluded_term_needs_no_separator(built):
    plain = runner.invoke(app, ["search", "行政复议", "--index", str(built), "--json"])
    r = runner.invoke(app, ["search", "-案件 行政复议", "--index", str(built), "--json"])
    assert r.exit_code == plain.exit_code == 0, cli_output(r)
    assert 0 < json.loads(r.stdout)["total"] < json.loads(plain.stdout)["total"]
    r = runner.invoke(app, ["count", "-案件 行政复议", "--index", str(built), "--json"])
    assert r.exit_code == 0, cli_output(r)
    # a mistyped option is still an error, not a query
    r = runner.invoke(app, ["search", "行政复议", "--index", str(built), "--limt", "3"])
    assert r.exit_code == 2


def test_search_reports_one_row_per_report(built):
    args = ["search", "化解率 行政复议", "--index", str(built), "--reports"]
    r = runner.invoke(app, [*args, "--json"])
    assert r.exit_code == 0, cli_output(r)
    d = json.loads(r.stdout)
    files = [x["file"] for x in d["reports"]]
    assert d["total"] == len(files) == len(set(files)) > 0
    shown = runner.invoke(app, args)
    assert f"{d['total']} report(s) match" in shown.stdout


def test_no_index_exit_1(tmp_path):
    r = runner.invoke(app, ["search", "化解率", "--index", str(tmp_path / "none")])
    assert r.exit_code == 1
    assert "lawgov-index index PATH" in cli_output(r)
    for cmd in (["count", "率"], ["metrics", "化解率"], ["stats"]):
        r = runner.invoke(app, [*cmd, "--index", str(tmp_path / "none")])
        assert r.exit_code == 1
        assert "no index" in cli_output(r)


def test_index_skipped_files_exit_3(tmp_path, seeds_dir):
    docs = tmp_path / "d"
    shutil.copytree(seeds_dir, docs)
    (docs / "empty.txt").write_bytes(b"")
    r = runner.invoke(app, ["index", str(docs), "--index", str(tmp_path / "ix")])
    assert r.exit_code == 3, cli_output(r)
    assert "empty.txt: skipped: empty" in cli_output(r)
    assert "skipped 1" in cli_output(r)


def test_count_csv_and_json(built):
    r = runner.invoke(app, ["count", "化解率", "率", "--index", str(built), "--csv"])
    assert r.exit_code == 0, cli_output(r)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["query"] for row in rows] == ["化解率", "率"]
    assert int(rows[0]["reports"]) >= 2
    r = runner.invoke(
        app, ["count", "行政复议", "--by", "year,level", "--index", str(built), "--json"]
    )
    rows = json.loads(r.stdout)
    assert rows
    assert set(rows[0]) == {"query", "year", "level", "reports", "occurrences"}
    r = runner.invoke(app, ["count", "率", "--by", "colour", "--index", str(built)])
    assert r.exit_code == 2
    r = runner.invoke(app, ["count", "化解率", "--index", str(built), "--csv", "--share"])
    assert r.exit_code == 0, cli_output(r)
    (row,) = csv.DictReader(io.StringIO(r.stdout))
    assert int(row["reports"]) <= int(row["of"]) == 8
    assert float(row["share"]) == round(int(row["reports"]) / 8, 4)


def test_duplicates_and_unique_counts(built):
    """The Traditional mirror of seed 002 is listed as its copy and counted once."""
    r = runner.invoke(app, ["duplicates", "--index", str(built), "--json"])
    assert r.exit_code == 0, cli_output(r)
    groups = json.loads(r.stdout)
    assert [[Path(f).name for f in g] for g in groups] == [
        ["002_d61b1cf0558df1ae.txt", "t002_traditional.txt"]
    ]
    r = runner.invoke(app, ["duplicates", "--index", str(built)])
    assert "1 report(s) with copies, 1 extra copies" in r.stdout
    counts = {}
    for flag in ([], ["--unique"]):
        r = runner.invoke(app, ["count", "行政复议", "--index", str(built), "--json", *flag])
        assert r.exit_code == 0, cli_output(r)
        counts[bool(flag)] = json.loads(r.stdout)[0]["reports"]
    assert counts[True] == counts[False] - 1
    r = runner.invoke(app, ["metrics", "出庭应诉率", "--index", str(built), "--csv", "--unique"])
    assert r.exit_code == 0, cli_output(r)
    files = {row["file"] for row in csv.DictReader(io.StringIO(r.stdout))}
    assert files
    assert not any("t002" in f for f in files)


def test_metrics_json_and_table(built):
    r = runner.invoke(app, ["metrics", "化解率", "--index", str(built), "--json"])
    assert r.exit_code == 0, cli_output(r)
    d = json.loads(r.stdout)
    assert "矛盾纠纷化解率" in d["names"]
    assert d["summary"]["count"] == len(d["rows"]) >= 2
    assert {
        "file",
        "title",
        "report_year",
        "region",
        "value",
        "unit",
        "qualifier",
        "sentence",
        "note",
    } <= set(d["rows"][0])
    r = runner.invoke(app, ["metrics", "化解率", "--index", str(built)])
    assert r.exit_code == 0
    assert "median" in r.output
    assert "99.9 ≠" in r.output
    assert "(pools" not in r.output  # all 化解率 rows are rates in %
    assert "化解率 reported; 545/546 = 99.82%" in r.output
    r = runner.invoke(app, ["metrics", "出庭应诉率", "--index", str(built)])
    assert "(pools rate %, ratio_change %" in r.output
    r = runner.invoke(app, ["metrics", "化解率", "--index", str(built), "--by", "year", "--json"])
    assert r.exit_code == 0, cli_output(r)
    g = json.loads(r.stdout)
    assert g["by"] == ["year"]
    assert sum(x["count"] for x in g["groups"]) == len(d["rows"])
    assert {"year", "kind", "unit", "median", "mean"} <= set(g["groups"][0])


def test_stats_json(built):
    r = runner.invoke(app, ["stats", "--index", str(built), "--json"])
    assert r.exit_code == 0, cli_output(r)
    d = json.loads(r.stdout)
    assert d["reports"] == 8
    assert d["sections"] >= 8
    assert d["metrics"] >= 1
    assert {"by_year", "by_level", "by_province"} <= set(d)


def test_show_indexed_and_unindexed(built, seeds_dir, tmp_path):
    docs = built.parent / "docs"
    f = docs / "003_1647e5788606719b.txt"
    r = runner.invoke(app, ["show", str(f), "--index", str(built)])
    assert r.exit_code == 0, cli_output(r)
    assert "青龙街道" in r.output
    assert "矛盾纠纷化解率" in r.output
    r = runner.invoke(
        app,
        ["show", str(seeds_dir / "001_ffb0f4087fd0c98b.txt"), "--index", str(tmp_path / "none")],
    )
    assert r.exit_code == 0, cli_output(r)
    assert "矛盾纠纷化解率 = 99.9%  ≠ reported; 545/546 = 99.82%" in r.output
    r = runner.invoke(app, ["show", str(tmp_path / "missing.txt"), "--index", str(built)])
    assert r.exit_code == 1


def test_versions_of_a_report_and_the_figures_that_differ(tmp_path):
    """A report re-published with two figures changed and a sentence added is a version of it
    (not a copy), with exactly those figures listed; other reports and copies are not."""
    import lawgov_index as li

    docs = tmp_path / "docs"
    docs.mkdir()
    for p in SEEDS:
        shutil.copy(p, docs / p.name)
    text = (docs / "001_ffb0f4087fd0c98b.txt").read_text(encoding="utf-8")
    edited = (
        text.replace("化解率达99.9%", "化解率达98.5%")
        .replace("546起", "560起")
        .replace("。", "。全年新增村（社区）法律顾问三名。", 1)
    )
    (docs / "001_republished.txt").write_text(edited, encoding="utf-8")
    (docs / "mirror_001_gbk.txt").write_bytes(text.encode("gb18030"))
    ix = tmp_path / "ix"
    assert runner.invoke(app, ["index", str(docs), "--index", str(ix)]).exit_code == 0
    r = runner.invoke(app, ["duplicates", "--near", "--index", str(ix), "--json"])
    assert r.exit_code == 0, cli_output(r)
    [group] = json.loads(r.stdout)
    assert Path(group["first"]).name == "001_ffb0f4087fd0c98b.txt"
    [version] = group["versions"]
    assert Path(version["file"]).name == "001_republished.txt"
    assert 0.9 <= version["similarity"] < 1
    names = {(m.value, m.unit): m.name for m in li.extract(text).metrics}
    assert version["changes"] == [
        {"name": names[(546.0, "起")], "unit": "起", "first": 546.0, "other": 560.0},
        {"name": names[(99.9, "%")], "unit": "%", "first": 99.9, "other": 98.5},
    ]
    r = runner.invoke(app, ["duplicates", "--near", "--index", str(ix)])
    assert f"{names[(99.9, '%')]}  99.9% → 98.5%" in r.stdout
    assert "1 report(s) with other versions" in r.stdout
    r = runner.invoke(app, ["duplicates", "--near", "--similarity", "0.99", "--index", str(ix)])
    assert "0 report(s) with other versions" in r.stdout


def test_documents_in_formats_that_are_not_read_are_named(tmp_path):
    """PDF and old Word files in a folder are counted in the summary; one misnamed as text is
    recognised by its first bytes and skipped with a reason saying how to convert it."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEEDS[0], docs / SEEDS[0].name)
    (docs / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (docs / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    (docs / "scan.txt").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    r = runner.invoke(app, ["index", str(docs), "--index", str(tmp_path / "ix")])
    out = cli_output(r)
    assert r.exit_code == 3, out
    assert "indexed 1, unchanged 0, degraded 0, skipped 1" in out
    assert "scan.txt: skipped: a PDF file: its text is not read (convert it first" in out
    assert "not read: 1 .doc, 1 .pdf files (convert them to text or .docx first)" in out
    r = runner.invoke(app, ["extract", str(docs), "--json"])
    assert "not read: 1 .doc, 1 .pdf files" in cli_output(r)
    assert [json.loads(line)["encoding"] for line in r.stdout.splitlines()] == ["utf-8", "pdf"]
