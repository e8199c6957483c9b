"""Shared fixtures: the seed corpus, a working copy with constructed reports, a built index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lawgov_index import _core
from lawgov_index.index import Index

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Simplified → Traditional for the characters of the seed used in the Traditional copy.
TRAD = {
    "复": "復",
    "议": "議",
    "诉": "訴",
    "应": "應",
    "纠": "糾",
    "纷": "紛",
    "动": "動",
    "务": "務",
    "设": "設",
    "开": "開",
    "县": "縣",
    "镇": "鎮",
    "执": "執",
    "规": "規",
    "范": "範",
    "审": "審",
    "查": "查",
    "讼": "訟",
    "厅": "廳",
    "庭": "庭",
    "实": "實",
    "关": "關",
    "于": "於",
    "发": "發",
    "经": "經",
    "济": "濟",
    "这": "這",
    "庆": "慶",
    "区": "區",
    "个": "個",
}

APART = (
    "关于2022年测试镇法治政府建设情况的报告\n\n一、主要举措和成效\n"
    "化解矛盾纠纷若干起，工作效率显著提高，纠错率下降。工作，作风持续转变。\n"
)
COMPOUND = (
    "关于2021年样例街道法治政府建设情况的报告\n\n一、主要举措和成效\n"
    "全年矛盾纠纷化解率达98.5%，行政复议案件3件。\n"
)


def cli_output(result) -> str:  # type: ignore[no-untyped-def]
    """stdout and stderr of a CliRunner result together, whichever click version runs."""
    try:
        err = result.stderr
    except ValueError:
        err = ""
    return result.output + ("" if err and err in result.output else err)


def to_traditional(text: str) -> str:
    """Rewrite `text` with the characters of `TRAD` in Traditional script."""
    return "".join(TRAD.get(c, c) for c in text)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The repository's seed reports (read-only)."""
    return SEEDS


def make_corpus(dest: Path) -> Path:
    """Seeds plus a Traditional copy of seed 002 and two constructed reports, in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copyfile(f, dest / f.name)
        (dest / f.name).chmod(0o644)
    src = (SEEDS / "002_d61b1cf0558df1ae.txt").read_text(encoding="utf-8")
    (dest / "t002_traditional.txt").write_text(to_traditional(src), encoding="utf-8")
    (dest / "x_apart.txt").write_text(APART, encoding="utf-8")
    (dest / "x_compound.txt").write_text(COMPOUND, encoding="utf-8")
    return dest


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only working corpus (see `make_corpus`)."""
    return make_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def index(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Index:
    """The corpus indexed once for the session (read-only use)."""
    ix = Index.create(tmp_path_factory.mktemp("ix") / "index")
    summary = ix.add([corpus])
    assert summary.skipped == 0
    return ix


@pytest.fixture(scope="session")
def sections(corpus: Path) -> list[tuple[str, int, str, object]]:
    """(file, line, text, report) of every section of the corpus, by direct extraction."""
    out: list[tuple[str, int, str, object]] = []
    files = sorted(str(p.absolute()) for p in corpus.iterdir())
    for rep in _core.extract_paths(files):
        assert not isinstance(rep, BaseException)
        secs = rep.sections
        if not secs:
            text = Path(rep.file).read_text(encoding="utf-8")
            out.append((rep.file, 1, text, rep))
        for s in secs:
            out.append((rep.file, s.line, s.text, rep))
    return out
