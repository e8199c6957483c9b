"""Reliability (issue 4): per-file problems, symlink loops, SIGKILL/SIGINT, the writer lock,
errors naming files, and version/corruption detection. Subprocess tests run the real CLI
(`python -m lawgov_index`) on small generated corpora and take a few seconds each."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lawgov_index import Index, _core
from lawgov_index.index import META_FILE

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lawgov_index", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def _popen(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "lawgov_index", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        # A run started in the background of a non-interactive shell inherits an ignored
        # SIGINT; the child must see Ctrl-C as a terminal user's program does.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _small_corpus(dest: Path, n: int) -> Path:
    """`n` small distinct reports: a seed's first lines plus a unique marker word."""
    dest.mkdir(parents=True, exist_ok=True)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    for i in range(n):
        lines = texts[i % len(texts)].split("\n")[:40]
        body = "\n".join(lines) + f"\n\n一、其他\n标记{i:04d}号，化解率达到99%。\n"
        (dest / f"r{i:04d}.txt").write_text(body, encoding="utf-8")
    return dest


def _expected_sections(corpus: Path) -> dict[str, int]:
    files = sorted(str(p.absolute()) for p in corpus.iterdir())
    return {
        r.file: max(len(r.sections), 1)
        for r in _core.extract_paths(files)
        if not isinstance(r, BaseException)
    }


def _assert_consistent(ix_dir: Path, expected: dict[str, int]) -> int:
    """The index opens, answers a query, and holds each committed file exactly once."""
    ix = Index.open(ix_dir)
    files = ix.indexed_files()
    st = ix.stats()
    assert st.reports == len(files)  # no duplicate report documents
    assert set(files) <= set(expected)
    assert st.sections == sum(expected[f] for f in files)  # no duplicate or partial sections
    if files:
        assert ix.search("化解率").total >= 1
    return len(files)


# -- per-file problems -------------------------------------------------------------------------


def test_per_file_problems_are_named_and_the_rest_is_indexed(tmp_path):
    docs = _small_corpus(tmp_path / "docs", 6)
    (docs / "empty.txt").write_bytes(b"")
    (docs / "blob.txt").write_bytes(bytes(range(256)) * 40)
    good = (docs / "r0000.txt").read_bytes()
    (docs / "bad_utf8.txt").write_bytes(b"\xef\xbb\xbf" + good + b"\xff\xfe\xfd" + good)
    (docs / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    r = _cli("index", str(docs), "--index", str(tmp_path / "ix"))
    assert r.returncode == 3, r.stderr
    err = r.stderr
    assert "empty.txt: skipped: empty" in err
    assert "blob.txt: skipped: binary (not a report)" in err
    assert "dangling.txt: skipped: unreadable (No such file or directory)" in err
    assert "bad_utf8.txt: degraded: decoded with replacements" in err
    assert "indexed 7, unchanged 0, degraded 1, skipped 3" in err
    assert "Traceback" not in err
    ix = Index.open(tmp_path / "ix")
    assert ix.stats().reports == 7
    assert ix.search("标记0005号").total == 1


def test_unreadable_file_is_skipped_with_the_os_reason(tmp_path):
    # Permissions do not stop root (CI runs as root), so use a file whose read fails for
    # everyone: /proc/self/mem cannot be read at offset 0 (EIO).
    docs = _small_corpus(tmp_path / "docs", 2)
    (docs / "mem.txt").symlink_to("/proc/self/mem")
    r = _cli("index", str(docs), "--index", str(tmp_path / "ix"))
    assert r.returncode == 3, r.stderr
    assert "mem.txt: skipped: unreadable (" in r.stderr
    assert "indexed 2, unchanged 0, degraded 0, skipped 1" in r.stderr


def test_clean_run_exits_0(tmp_path):
    docs = _small_corpus(tmp_path / "docs", 3)
    r = _cli("index", str(docs), "--index", str(tmp_path / "ix"))
    assert r.returncode == 0, r.stderr
    assert "indexed 3, unchanged 0, degraded 0, skipped 0" in r.stderr


def test_symlink_loop_is_reported_not_followed(tmp_path):
    docs = _small_corpus(tmp_path / "docs", 3)
    (docs / "sub").mkdir()
    (docs / "sub" / "loop").symlink_to(docs, target_is_directory=True)
    r = _cli("index", str(docs), "--index", str(tmp_path / "ix"), timeout=60)
    assert r.returncode == 3, r.stderr
    assert "loop: skipped: symlink loop" in r.stderr
    assert Index.open(tmp_path / "ix").stats().reports == 3


def test_file_error_from_the_core_names_the_file(tmp_path, monkeypatch):
    missing = str(tmp_path / "gone.txt")
    (err,) = _core.extract_paths([missing])
    assert isinstance(err, (OSError, _core.ExtractionError))
    assert missing in str(err)
    # A file that disappears between the walk and the native read is skipped, named, and the
    # run goes on.
    docs = _small_corpus(tmp_path / "docs", 3)
    import lawgov_index.index as index_mod

    real = index_mod.Index._hashes

    def vanish(ix: Index, s: object, keys: list[str]) -> dict[str, str]:
        Path(next(k for k in keys if k.endswith("r0001.txt"))).unlink()
        return real(ix, s, keys)

    monkeypatch.setattr(index_mod.Index, "_hashes", vanish)
    seen = []
    s = Index.create(tmp_path / "ix").add([docs], on_problem=seen.append)
    assert (s.indexed, s.skipped) == (2, 1)
    assert seen[0].file.endswith("r0001.txt")
    assert seen[0].message == "skipped: unreadable (No such file or directory)"


def test_batches_are_bounded(tmp_path, monkeypatch):
    docs = _small_corpus(tmp_path / "docs", 40)
    import lawgov_index.index as index_mod

    sizes: list[int] = []
    real = index_mod.Index._writer

    class Spy:
        """The native writer, recording how many files each call gets."""

        def __init__(self, w: _core.IndexWriter) -> None:
            self.w = w

        def add_files(self, files, **kw):  # type: ignore[no-untyped-def]
            sizes.append(len(files))
            return self.w.add_files(files, **kw)

        def __getattr__(self, name: str) -> object:
            return getattr(self.w, name)

    monkeypatch.setattr(index_mod.Index, "_writer", lambda ix, t: Spy(real(ix, t)))
    s = Index.create(tmp_path / "ix").add([docs], batch_files=8)
    assert s.indexed == 40
    assert sum(sizes) == 40
    assert max(sizes) <= 8


# -- crashes and interruptions -----------------------------------------------------------------


def test_sigkill_at_random_moments_then_resume(tmp_path):
    docs = _small_corpus(tmp_path / "docs", 300)
    expected = _expected_sections(docs)
    ix_dir = tmp_path / "ix"
    env = {"LAWGOV_COMMIT_EVERY": "7"}
    rng = random.Random(4)
    committed = []
    for _ in range(3):
        p = _popen("index", str(docs), "--index", str(ix_dir), env=env)
        time.sleep(rng.uniform(0.3, 1.5))
        p.send_signal(signal.SIGKILL)
        p.communicate()
        if (ix_dir / META_FILE).exists():
            committed.append(_assert_consistent(ix_dir, expected))
    r = _cli("index", str(docs), "--index", str(ix_dir), env=env)
    assert r.returncode == 0, r.stderr
    assert _assert_consistent(ix_dir, expected) == 300
    ix = Index.open(ix_dir)
    assert ix.search("标记0123号").total == 1
    assert ix.count(["化解率"]).rows[0].reports == 300


def test_sigint_commits_and_says_how_to_resume(tmp_path):
    docs = _small_corpus(tmp_path / "docs", 300)
    expected = _expected_sections(docs)
    ix_dir = tmp_path / "ix"
    env = {"LAWGOV_COMMIT_EVERY": "1"}
    p = _popen("index", str(docs), "--index", str(ix_dir), env=env)
    deadline = time.monotonic() + 60
    # wait until indexing has started (a first commit exists), then press Ctrl-C
    while time.monotonic() < deadline:
        meta = ix_dir / "meta.json"
        if meta.exists() and '"segments": []' not in meta.read_text(errors="replace"):
            break
        time.sleep(0.02)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    # One commit per file keeps 300 files busy for well over the time the signal takes.
    assert p.returncode == 130, err
    assert "interrupted:" in err
    assert "run the same command again to resume" in err
    assert "Traceback" not in err
    n = _assert_consistent(ix_dir, expected)
    assert 0 < n < 300
    r = _cli("index", str(docs), "--index", str(ix_dir))
    assert r.returncode == 0, r.stderr
    assert f"indexed {300 - n}, unchanged {n}" in r.stderr
    assert _assert_consistent(ix_dir, expected) == 300


# -- the writer lock ---------------------------------------------------------------------------

HOLDER = """
import sys, time
from lawgov_index.index import Index
ix = Index.open(sys.argv[1])
w = ix._writer(None)
print("ready", flush=True)
time.sleep(60)
"""


def test_second_writer_gets_lock_error_and_searches_keep_working(tmp_path):
    docs = _small_corpus(tmp_path / "docs", 5)
    ix_dir = tmp_path / "ix"
    assert _cli("index", str(docs), "--index", str(ix_dir)).returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(ix_dir)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        r = _cli("index", str(docs), "--index", str(ix_dir))
        assert r.returncode == 1
        assert f"is locked by another writer (process {holder.pid}" in r.stderr
        assert "Traceback" not in r.stderr
        r = _cli("search", "标记0003号", "--index", str(ix_dir), "--json")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["total"] == 1
    finally:
        holder.kill()
        holder.communicate()
    # the lock dies with its holder
    assert _cli("index", str(docs), "--index", str(ix_dir)).returncode == 0


# -- other versions and corruption -------------------------------------------------------------


@pytest.fixture
def small_index(tmp_path: Path) -> Path:
    docs = _small_corpus(tmp_path / "docs", 5)
    ix_dir = tmp_path / "ix"
    Index.create(ix_dir).add([docs])
    return ix_dir


def _garble(path: Path) -> None:
    b = bytearray(path.read_bytes())
    for i in range(len(b) // 4, len(b) * 3 // 4, 7):
        b[i] ^= 0x5A
    path.write_bytes(bytes(b))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("other_version", "written by another version"),
        ("old_layout", "written by an old version"),
        ("bad_meta", "is corrupted"),
        ("tantivy_meta", "is corrupted"),
        ("truncate_store", "is corrupted"),
        ("truncate_term", "is corrupted"),
        ("missing_segment_file", "is corrupted"),
        ("garble_store", "is corrupted"),
    ],
)
def test_other_version_or_corruption_says_rebuild(small_index, damage, message):
    ix = small_index
    if damage == "other_version":
        meta = json.loads((ix / META_FILE).read_text())
        (ix / META_FILE).write_text(json.dumps(meta | {"version": 2}))
    elif damage == "old_layout":
        (ix / META_FILE).unlink()
    elif damage == "bad_meta":
        (ix / META_FILE).write_text("{not json")
    elif damage == "tantivy_meta":
        (ix / "meta.json").write_text("{garbage")
    elif damage == "missing_segment_file":
        next(ix.glob("*.idx")).unlink()
    else:
        op, ext = damage.split("_")
        for f in ix.glob(f"*.{ext}"):
            (_truncate if op == "truncate" else _garble)(f)
    for cmd in (["search", "化解率"], ["count", "化解率"], ["stats"]):
        r = _cli(*cmd, "--index", str(ix))
        assert r.returncode == 1, (cmd, r.stdout, r.stderr)
        assert message in r.stderr
        assert "rebuild it: remove the folder and run `lawgov-index index PATH" in r.stderr
        assert "Traceback" not in r.stderr


def test_file_name_that_is_not_utf8(tmp_path):
    """A GBK name from a Windows archive: extracted all the same; `index` skips it, naming it
    and saying how to rename it, and indexes the rest."""
    docs = _small_corpus(tmp_path / "docs", 2)
    name = Path(os.fsdecode(os.fsencode(docs) + "/报告".encode("gbk") + b".txt"))
    name.write_bytes((docs / "r0000.txt").read_bytes())
    (rep,) = _core.extract_paths([str(name)])
    assert isinstance(rep, _core.Report)
    assert rep.headings
    assert (rep.file or "").endswith("\ufffd.txt")
    r = _cli("index", str(docs), "--index", str(tmp_path / "ix"))
    assert r.returncode == 3, r.stderr
    assert "\\xb1\\xa8\\xb8\\xe6.txt: skipped: file name is not UTF-8 (rename it" in r.stderr
    assert "indexed 2, unchanged 0, degraded 0, skipped 1" in r.stderr
    assert "Traceback" not in r.stderr
    assert Index.open(tmp_path / "ix").report(name) is None


def test_pipes_and_devices_are_skipped_not_read(tmp_path):
    """A FIFO would block forever and /dev/zero never ends: neither is read."""
    docs = _small_corpus(tmp_path / "docs", 2)
    os.mkfifo(docs / "pipe.txt")
    (docs / "zero.txt").symlink_to("/dev/zero")
    (err,) = _core.extract_paths([str(docs / "pipe.txt")])
    assert isinstance(err, OSError)
    assert "not a regular file" in str(err)
    r = _cli("index", str(docs), "--index", str(tmp_path / "ix"), timeout=60)
    assert r.returncode == 3, r.stderr
    for name in ("pipe.txt", "zero.txt"):
        assert f"{name}: skipped: not a regular file (a pipe, device or socket)" in r.stderr
    assert "indexed 2, unchanged 0, degraded 0, skipped 2" in r.stderr
