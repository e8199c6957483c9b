"""A file larger than `huge_bytes` is indexed in pieces: same answers as one report, at the
file's own lines, in every encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from lawgov_index import Index, _core, extract
from lawgov_index.index import FileProblem

# Small enough that the seed dump (about 190 KB as UTF-8) is huge and cut into ~9 pieces.
HUGE = {"huge_bytes": 64 << 10, "piece_chars": 8 << 10}
MARKER = "独一无二的标记词语"


def dump_text(seeds_dir: Path, marker: str = MARKER) -> str:
    """The seed reports three times over, then a heading with `marker`, then seed 000 again."""
    seeds = [f.read_text(encoding="utf-8") for f in sorted(seeds_dir.glob("*.txt"))]
    return "\n".join(seeds * 3) + f"\n十、{marker}\n正文。\n" + seeds[0]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


def metric_rows(metrics: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return sorted((m["line"], m["name"], m["value"], m["unit"]) for m in metrics)


def build(path: Path, files: list[Path], problems: list[FileProblem] | None = None) -> Index:
    ix = Index.create(path)
    ix.add(files, on_problem=None if problems is None else problems.append, **HUGE)
    return ix


def build_seeing_pieces(path: Path, files: list[Path]) -> tuple[Index, dict[str, list[str]]]:
    """`build`, and the pieces of text each file was extracted in."""
    pieces: dict[str, list[str]] = {str(f.absolute()): [] for f in files}
    native = _core.extract_str

    def extract_str(text: str, **kw: object) -> object:
        pieces[str(kw["file"])].append(text)
        return native(text, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_core, "extract_str", extract_str)
        ix = build(path, files)
    for got in pieces.values():
        assert len(got) >= 5
        assert all(len(p) <= HUGE["piece_chars"] and p.endswith("\n") for p in got[:-1])
    return ix, pieces


@pytest.fixture(scope="module")
def huge(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Index, Path, str]:
    """(index, file, its text) of the seed dump indexed in pieces."""
    text = dump_text(seeds_dir)
    f = tmp_path_factory.mktemp("huge") / "dump.txt"
    f.write_text(text, encoding="utf-8")
    ix, pieces = build_seeing_pieces(tmp_path_factory.mktemp("ix") / "index", [f])
    got = pieces[str(f.absolute())]
    # Pieces overlap where one gives its last top-level section to the next.
    assert text.startswith(got[0])
    assert text.endswith(got[-1])
    assert all(p in text for p in got)
    return ix, f.absolute(), text


def test_one_report_document_with_the_files_numbers(huge):
    ix, f, text = huge
    assert ix.stats().reports == 1
    assert list(ix.indexed_files()) == [str(f)]
    data = ix.report(f)
    assert data is not None
    assert data["line_count"] == text.count("\n") + 1
    assert data["chars"] == len(text)  # the pieces' own text, not what they overlap
    assert data["bytes"] == f.stat().st_size
    assert data["encoding"] == "utf-8"
    assert data["title"] == extract(text).title


def test_marker_found_at_its_line_in_the_file(huge):
    ix, f, text = huge
    line = line_of(text, MARKER)
    assert line > text.count("\n") * 3 // 4  # in one of the last pieces
    hits = ix.search(MARKER).hits
    assert [(h.file, h.section.line) for h in hits] == [(str(f), line)]
    assert hits[0].section.path[-1] == MARKER


def test_sections_start_at_the_files_lines(huge):
    ix, _, text = huge
    hits = ix.search("法治政府", limit=10_000).hits
    starts = {h.section.line for h in hits}
    assert len(starts) == len(hits) > 50
    whole = extract(text).sections
    # Sections start where the whole file's do, but for the cuts between pieces, where a
    # section goes on with the heading path and part of the one it was cut from.
    assert len(starts - {s.line for s in whole}) < len(text) // HUGE["piece_chars"]
    for h in hits:
        owner = [s for s in whole if s.line <= h.section.line][-1]
        assert (h.section.path, h.section.part) == (tuple(owner.path), owner.part or "other")


def test_metrics_of_every_piece(huge):
    ix, _, text = huge
    data = ix.report(huge[1])
    assert data is not None
    whole = extract(text).to_dict()
    # Pieces start at top-level headings, so they find what the whole file's extraction finds.
    got = metric_rows(data["metrics"])
    assert got == metric_rows(whole["metrics"])
    outline = [(h["line"], h["depth"], h["text"]) for h in data["headings"]]
    assert outline == [(h["line"], h["depth"], h["text"]) for h in whole["headings"]]
    marker = line_of(text, MARKER)
    assert ix.stats().metrics == len(got)
    last = next(r for r in got if r[0] > marker)
    table = ix.metrics(str(last[1]))
    assert last[0] in table.line


def test_count_sees_the_whole_file(huge):
    ix, _, text = huge
    (row,) = ix.count(["法治政府"]).rows
    assert (row.reports, row.occurrences) == (1, text.count("法治政府"))


def test_rerun_is_unchanged(huge):
    ix, f, _ = huge
    s = ix.add([f], **HUGE)
    assert (s.indexed, s.unchanged) == (0, 1)


def test_modified_file_replaces_every_piece(tmp_path, seeds_dir):
    f = tmp_path / "dump.txt"
    f.write_text(dump_text(seeds_dir), encoding="utf-8")
    ix = build(tmp_path / "ix", [f])
    before = ix.search("法治政府", limit=10_000).total
    new = dump_text(seeds_dir, "另一个标记词语")
    f.write_text(new, encoding="utf-8")
    s = ix.add([f], **HUGE)
    assert s.indexed == 1
    assert ix.search(MARKER).total == 0
    assert [h.section.line for h in ix.search("另一个标记词语").hits] == [line_of(new, "另一个")]
    assert ix.search("法治政府", limit=10_000).total == before
    assert ix.stats() == build(tmp_path / "fresh", [f]).stats()


def test_every_encoding_gives_the_same_sections(tmp_path, seeds_dir):
    text = dump_text(seeds_dir)
    files = []
    for enc in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        files.append(tmp_path / f"dump-{enc}.txt")
        files[-1].write_text(text, encoding=enc)
    ix, pieces = build_seeing_pieces(tmp_path / "ix", files)
    assert all(p == pieces[str(files[0])] for p in pieces.values())  # no BOM, same cuts
    assert ix.stats().reports == len(files)
    by_file: dict[str, set[tuple[object, ...]]] = {str(f): set() for f in files}
    for q in ("法治政府", "行政复议", MARKER):
        for h in ix.search(q, limit=10_000).hits:
            by_file[h.file].add((q, h.section.line, h.section.path, h.section.part))
    first = by_file[str(files[0])]
    assert first
    assert all(v == first for v in by_file.values())
    reports = [ix.report(f) for f in files]
    assert [r["encoding"] for r in reports] == ["utf-8", "utf-8-sig", "gb18030", "utf-16le"]
    assert all(metric_rows(r["metrics"]) == metric_rows(reports[0]["metrics"]) for r in reports)


def test_problems_are_reported(tmp_path, seeds_dir):
    text = dump_text(seeds_dir)
    bad = tmp_path / "bad.txt"
    raw = text.encode("utf-8")
    cut = len(raw) // 2
    cut = raw.index(b"\n", cut)
    bad.write_bytes(raw[:cut] + b"\xff\xfe" + raw[cut:])
    literal = tmp_path / "literal.txt"
    literal.write_text(text + "\ufffd\n", encoding="utf-8")
    binary = tmp_path / "binary.bin.txt"
    binary.write_bytes(bytes(range(256)) * 1024)
    problems: list[FileProblem] = []
    ix = build(tmp_path / "ix", [bad, literal, binary], problems)
    assert {(Path(p.file).name, p.skipped) for p in problems} == {
        ("bad.txt", False),
        ("binary.bin.txt", True),
    }
    (degraded,) = [p for p in problems if not p.skipped]
    assert "2 as utf-8" in degraded.message
    assert ix.stats().reports == 2
    assert ix.report(bad)["replacements"] == 2
    assert line_of(text, MARKER) == next(h.section.line for h in ix.search(MARKER).hits)
