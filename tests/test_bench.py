"""`lawgov-index bench`: measures every stage on real work and prints the table or JSON."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from lawgov_index.cli import app

runner = CliRunner()


def test_bench_json_on_a_small_synthetic_corpus() -> None:
    r = runner.invoke(app, ["bench", "--synth", "40", "--rounds", "3", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output.strip().splitlines()[-1])
    assert d["reports"] == 40
    assert d["corpus_mb"] > 0
    assert d["extract_1t_mb_s"] > 0
    assert d["extract_all_mb_s"] > 0
    assert d["index_reports_s"] > 0
    assert d["index_mb"] > 0
    assert d["peak_rss_mb"] >= d["index_peak_rss_mb"] > 0
    assert 0 < d["index_peak_anon_mb"] <= d["index_peak_rss_mb"]
    by_query = {(x["query"], x["filtered"]): x for x in d["latency"]}
    assert by_query[("化解率", False)]["hits"] > 0
    assert by_query[("化解率", False)]["hits"] == by_query[("化解率", True)]["hits"]
    assert all(x["p99_ms"] >= x["p50_ms"] > 0 for x in d["latency"])


def test_bench_table_and_usage_error(tmp_path) -> None:
    r = runner.invoke(app, ["bench", "seeds", "--rounds", "2"])
    assert r.exit_code == 0, r.output
    assert "extraction, 1 thread" in r.output
    assert "search '化解率'" in r.output
    r = runner.invoke(app, ["bench"])
    assert r.exit_code == 2
    assert "--synth" in r.output
