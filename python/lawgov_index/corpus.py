"""Finding report files: walk folders lazily, detect symlink loops, name what is skipped."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

__all__ = ["REPORT_SUFFIXES", "UNREAD_SUFFIXES", "is_report_file", "walk"]

# Plain-text exports, saved web pages and Word documents; anything else in a crawled folder is
# skipped by name.
REPORT_SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".md", ".docx", ""})
# Formats reports are published in whose text is not read: a walk counts them (`on_unread`) so
# a folder of PDFs does not look empty without a word.
UNREAD_SUFFIXES = frozenset({".pdf", ".doc", ".wps", ".rtf", ".ofd"})


# A pipe or device may block forever or never end (`/dev/zero`), so only regular files are read.
NOT_REGULAR = "not a regular file (a pipe, device or socket)"


def _is_regular(entry: os.DirEntry[str]) -> bool:
    try:
        return stat.S_ISREG(entry.stat().st_mode)
    except OSError:
        return True  # dangling or unreadable: the read names the reason


def is_report_file(path: Path) -> bool:
    """Whether a walk of the folder holding `path` yields it (by name)."""
    return path.suffix.lower() in REPORT_SUFFIXES and not path.name.startswith(".")


def walk(
    paths: Iterable[str | os.PathLike[str]],
    *,
    on_skip: Callable[[Path, str], None] | None = None,
    on_unread: Callable[[Path], None] | None = None,
) -> Iterator[Path]:
    """Yield report files under `paths` in a stable (sorted) order.

    Files named directly are always yielded; inside folders only known report suffixes are,
    and files of a format that is not read (`UNREAD_SUFFIXES`) are passed to `on_unread`.
    Symlinked folders are followed once: a link back to a folder already being walked is a loop
    and is reported through `on_skip` instead of being followed.
    """
    for p in paths:
        path = Path(p)
        if path.is_dir():
            yield from _walk_dir(path, on_skip, on_unread, set())
        elif path.is_file():
            yield path
        elif on_skip is not None:
            on_skip(path, NOT_REGULAR if path.exists() else "not found")


def _walk_dir(
    root: Path,
    on_skip: Callable[[Path, str], None] | None,
    on_unread: Callable[[Path], None] | None,
    active: set[tuple[int, int]],
) -> Iterator[Path]:
    try:
        st = root.stat()
    except OSError as e:
        if on_skip is not None:
            on_skip(root, f"unreadable: {e.strerror or e}")
        return
    key = (st.st_dev, st.st_ino)
    if key in active:
        if on_skip is not None:
            on_skip(root, "symlink loop")
        return
    active.add(key)
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as e:
        if on_skip is not None:
            on_skip(root, f"unreadable: {e.strerror or e}")
        active.discard(key)
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk_dir(path, on_skip, on_unread, active)
        elif is_report_file(path):
            if _is_regular(entry):
                yield path
            elif on_skip is not None:
                on_skip(path, NOT_REGULAR)
        elif on_unread is not None and path.suffix.lower() in UNREAD_SUFFIXES:
            on_unread(path)
    active.discard(key)
