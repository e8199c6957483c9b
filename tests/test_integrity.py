"""`integrity.check` / `lawgov-index check`: every live index file is verified against the CRC32
in its tantivy footer, so a flipped byte anywhere, a truncated or a missing file is named."""

from __future__ import annotations

import json
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from conftest import cli_output, make_corpus
from typer.testing import CliRunner

from lawgov_index import integrity
from lawgov_index.cli import app
from lawgov_index.errors import NoIndexError
from lawgov_index.index import META_FILE, Index

runner = CliRunner()
KINDS = [*integrity.COMPONENTS, "del"]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the test corpus with several segments and a deletes file (do not modify)."""
    root = tmp_path_factory.mktemp("integrity")
    docs = make_corpus(root / "docs")
    ix = Index.create(root / "ix")
    assert ix.add([docs]).skipped == 0
    changed = sorted(docs.glob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n一、其他\n补充一段。\n")
    assert ix.add([docs]).indexed == 1  # replaced: the old documents are deleted
    assert list(ix.path.glob("*.del")), "the fixture must have a deletes file"
    return ix.path


@pytest.fixture
def ix(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of `pristine` that a test may damage."""
    return Path(shutil.copytree(pristine, tmp_path / "ix"))


def _live_files(ix: Path, kind: str) -> list[Path]:
    files = sorted(ix.glob(f"*.{kind}"))
    assert files, kind
    return files


def _body_len(path: Path) -> int:
    """Length of the content before tantivy's footer."""
    data = path.read_bytes()
    footer_len, magic = struct.unpack("<II", data[-8:])
    assert magic == integrity.FOOTER_MAGIC
    return len(data) - 8 - footer_len


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _check(ix: Path, *extra: str):
    return runner.invoke(app, ["check", "--index", str(ix), *extra])


# -- the format, on a real index ---------------------------------------------------------------


def test_footer_crc_is_zlib_crc32_of_the_body(pristine):
    """The format the checker relies on, checked independently on every file of a real index."""
    files = [f for f in pristine.iterdir() if f.suffix.lstrip(".") in KINDS]
    assert {f.suffix.lstrip(".") for f in files} == set(KINDS)
    for f in files:
        data = f.read_bytes()
        footer_len, magic = struct.unpack("<II", data[-8:])
        assert magic == 1337
        footer = json.loads(data[-8 - footer_len : -8])
        assert footer["crc"] == zlib.crc32(data[: -8 - footer_len]), f.name
        assert isinstance(footer["version"]["index_format_version"], int)


# -- a clean index -----------------------------------------------------------------------------


def test_clean_index_verifies_ok(pristine):
    res = integrity.check(pristine)
    assert res.ok
    assert res.problems == [] == integrity.verify(pristine)
    meta = json.loads((pristine / "meta.json").read_text(encoding="utf-8"))
    segments = meta["segments"]
    assert res.segments == len(segments) >= 2
    n_del = sum(1 for s in segments if s["deletes"])
    assert n_del >= 1
    assert res.files == len(segments) * len(integrity.COMPONENTS) + n_del
    on_disk = [f for f in pristine.iterdir() if f.suffix.lstrip(".") in KINDS]
    assert res.bytes_read == sum(f.stat().st_size for f in on_disk)


def test_cli_clean_index_exit_0(pristine):
    res = integrity.check(pristine)
    r = _check(pristine)
    assert r.exit_code == 0, cli_output(r)
    mb = f"{res.bytes_read / 1e6:.1f}"
    assert r.stdout.strip() == (
        f"index {pristine}: {res.segments} segments, {res.files} files, {mb} MB verified, ok"
    )


def test_cli_json_clean(pristine):
    r = _check(pristine, "--json")
    assert r.exit_code == 0, cli_output(r)
    out = json.loads(r.stdout)
    assert out["ok"] is True
    assert out["problems"] == []
    assert out["files"] == integrity.check(pristine).files


# -- damage ------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_one_flipped_byte_is_named(ix, kind):
    target = _live_files(ix, kind)[0]
    _flip(target, _body_len(target) // 2)
    problems = integrity.verify(ix)
    assert [p.file for p in problems] == [target.name]
    assert "checksum mismatch" in problems[0].message
    r = _check(ix)
    assert r.exit_code == 1
    out = cli_output(r)
    assert str(ix / target.name) in out
    assert f"index {ix} is corrupted" in out
    assert f"rebuild it: remove the folder and run `lawgov-index index PATH --index {ix}`" in out
    assert "verified, ok" not in out
    assert "Traceback" not in out


@pytest.mark.parametrize("where", ["crc", "magic", "length"])
def test_damaged_footer_is_named(ix, where):
    target = _live_files(ix, "term")[0]
    size = target.stat().st_size
    body = _body_len(target)
    at = {"crc": size - 8 - 3, "magic": size - 2, "length": size - 7}[where]
    if where == "crc":
        data = target.read_bytes()
        assert data[at : at + 1].isdigit()  # inside the crc number of the JSON
        assert b'"crc":' in data[body:]
    _flip(target, at)
    problems = integrity.verify(ix)
    assert [p.file for p in problems] == [target.name]


def test_truncated_file_is_named(ix):
    target = _live_files(ix, "store")[0]
    target.write_bytes(target.read_bytes()[: target.stat().st_size // 2])
    problems = integrity.verify(ix)
    assert [p.file for p in problems] == [target.name]
    assert "footer" in problems[0].message


def test_file_cut_to_a_few_bytes_is_named(ix):
    target = _live_files(ix, "fast")[0]
    target.write_bytes(target.read_bytes()[:3])
    problems = integrity.verify(ix)
    assert [p.file for p in problems] == [target.name]
    assert "truncated" in problems[0].message


def test_missing_file_is_named(ix):
    target = _live_files(ix, "idx")[0]
    target.unlink()
    problems = integrity.verify(ix)
    assert [(p.file, p.message) for p in problems] == [(target.name, "missing")]
    r = _check(ix, "--json")
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["ok"] is False
    assert out["problems"] == [{"file": target.name, "message": "missing"}]


def test_several_problems_are_all_named(ix):
    a, b = _live_files(ix, "pos")[0], _live_files(ix, "fieldnorm")[-1]
    a.unlink()
    _flip(b, _body_len(b) // 3)
    assert {p.file for p in integrity.verify(ix)} == {a.name, b.name}


def test_files_not_in_meta_are_ignored(ix):
    """Leftovers of an interrupted write are not part of the index: not an error."""
    (ix / ("0" * 32 + ".store")).write_bytes(b"junk")
    assert integrity.verify(ix) == []


@pytest.mark.parametrize("damage", ["garbage", "missing", "bad_segment_id"])
def test_tantivy_meta_problems(ix, damage):
    meta = ix / "meta.json"
    if damage == "garbage":
        meta.write_text("{garbage", encoding="utf-8")
    elif damage == "missing":
        meta.unlink()
    else:
        m = json.loads(meta.read_text(encoding="utf-8"))
        m["segments"][0]["segment_id"] = "../etc/passwd"
        meta.write_text(json.dumps(m), encoding="utf-8")
    problems = integrity.verify(ix)
    assert [p.file for p in problems] == ["meta.json"]
    assert _check(ix).exit_code == 1


@pytest.mark.parametrize(
    ("damage", "message"),
    [("missing", "missing"), ("garbage", "unreadable"), ("version", "format version 2")],
)
def test_format_file_problems(ix, damage, message):
    f = ix / META_FILE
    if damage == "missing":
        f.unlink()
    elif damage == "garbage":
        f.write_text("{not json", encoding="utf-8")
    else:
        f.write_text(json.dumps(json.loads(f.read_text()) | {"version": 2}), encoding="utf-8")
    problems = integrity.verify(ix)
    assert [p.file for p in problems] == [META_FILE]
    assert message in problems[0].message


def test_no_index_exit_1(tmp_path):
    with pytest.raises(NoIndexError, match="no index at"):
        integrity.verify(tmp_path / "nothing")
    r = _check(tmp_path / "nothing")
    assert r.exit_code == 1
    assert "no index at" in cli_output(r)


# -- streaming ---------------------------------------------------------------------------------


def test_files_are_read_in_bounded_chunks(ix, monkeypatch):
    """No read is larger than CHUNK_SIZE, and a flip is still found across chunk boundaries."""
    chunk = 64
    monkeypatch.setattr(integrity, "CHUNK_SIZE", chunk)
    sizes: list[int] = []
    real_open = Path.open

    class Spy:
        def __init__(self, f) -> None:
            self._f = f

        def read(self, n: int = -1) -> bytes:
            sizes.append(n)
            return self._f.read(n)

        def __getattr__(self, name: str):
            return getattr(self._f, name)

        def __enter__(self) -> Spy:
            return self

        def __exit__(self, *exc: object) -> None:
            self._f.close()

    def spy_open(self: Path, *args, **kwargs):
        f = real_open(self, *args, **kwargs)
        return Spy(f) if self.suffix.lstrip(".") in KINDS else f  # segment files only

    monkeypatch.setattr(Path, "open", spy_open)
    assert integrity.verify(ix) == []
    biggest = max(f.stat().st_size for f in ix.iterdir())
    assert biggest > 100 * chunk
    assert sizes
    assert all(0 <= n <= max(chunk, integrity.FOOTER_MAX_LEN) for n in sizes)
    assert sizes.count(chunk) > biggest // chunk // 2  # the body went through in chunks

    target = max(ix.glob("*.store"), key=lambda f: f.stat().st_size)
    _flip(target, chunk * 37 + chunk - 1)  # last byte of a chunk
    assert [p.file for p in integrity.verify(ix)] == [target.name]


def test_a_commit_during_the_check_is_not_reported(ix, monkeypatch):
    """A writer that commits mid-check (and removes merged segments) causes no false alarm."""
    meta_path = ix / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    gone = meta["segments"][-1]["segment_id"].replace("-", "")
    for f in ix.glob(f"{gone}.*"):
        f.unlink()
    real = integrity._check_file

    def commit_then_check(path: Path):
        if path.name.startswith(gone):  # the writer's new meta.json no longer lists it
            m = json.loads(meta_path.read_text(encoding="utf-8"))
            m["segments"] = [s for s in m["segments"] if s["segment_id"].replace("-", "") != gone]
            meta_path.write_text(json.dumps(m), encoding="utf-8")
        return real(path)

    monkeypatch.setattr(integrity, "_check_file", commit_then_check)
    res = integrity.check(ix)
    assert res.ok, res.problems
    assert res.segments == len(meta["segments"]) - 1
    # without the commit, the same missing files are reported
    monkeypatch.setattr(integrity, "_check_file", real)
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    assert {p.file.split(".")[0] for p in integrity.verify(ix)} == {gone}
