"""Huge files (dumps of many reports) read a piece at a time: streaming decode, pieces cut at
line breaks, and the line arithmetic that puts each piece's outline and metrics at the file's
lines. `Index.add` indexes such a file piece by piece so memory is bounded by a piece.
"""

from __future__ import annotations

import codecs
import itertools
import re
import threading
from collections.abc import Sequence
from typing import Any, BinaryIO

from lawgov_index import _core

__all__ = [
    "PART_LISTS",
    "REPLACE_ERRORS",
    "Stream",
    "codec",
    "decoder",
    "line_start",
    "merged",
    "probe",
    "replacements",
    "reset_replacements",
    "resume_line",
    "shift_lines",
    "shifted",
    "trimmed",
]

Section = tuple[list[str], str, int, str]
"""(heading path, part, line, text) of a section, as `index._prepare` gives them."""

# Python codecs for the native core's encoding names.
_CODECS = {
    "utf-8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "gb18030": "gb18030",
    "big5": "big5hkscs",  # encoding_rs's Big5 is the WHATWG one, with the HKSCS extensions
}
# Keys of a report's JSON that hold line numbers (ints, lists of ints, or a dict of them).
_LINE_KEYS = ("line", "line_start", "required_parts")
PART_LISTS = ("headings", "enumerations", "metrics", "sections")
REPLACE_ERRORS = "lawgov-index-replace"
_replaced = threading.local()


def _count_replacement(e: UnicodeError) -> tuple[str, int]:
    """errors="replace" that also counts, so literal U+FFFD in a file is not a decoding error."""
    assert isinstance(e, UnicodeDecodeError)
    _replaced.n += 1
    return "\ufffd", e.end


codecs.register_error(REPLACE_ERRORS, _count_replacement)


def probe(head: bytes, lexicon: _core.Lexicon | None) -> Any:
    """The native extraction of a huge file's head, for its encoding and binary verdict; a
    UTF-8 character cut at the end of the head must not turn it into a legacy guess."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data":
            head = head[: e.start]
    return _core.extract_bytes(head, lexicon=lexicon)


def codec(encoding: str, head: bytes) -> str:
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"  # reads and drops the byte-order mark
    return _CODECS.get(encoding, "utf-8")


def _cut(text: str, end: int) -> int:
    """Where a piece of `text` ends, at most at `end`: after its last line break, never between
    \\r and \\n (a line longer than a piece is cut anywhere; line numbers stay right since the
    next piece goes on with that line)."""
    i = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end - 1)) + 1
    return i or end - (text[end - 1] == "\r")


class Stream:
    """The decoded text of a file, handed out in pieces of at most `size` characters ending at
    line breaks. Where they are cut depends on the text only, so every encoding of a file gives
    the same pieces."""

    def __init__(self, fh: BinaryIO, decoder: codecs.IncrementalDecoder, size: int) -> None:
        self._fh = fh
        self._decoder = decoder
        self._size = size
        self._text = ""
        self._eof = False

    @property
    def done(self) -> bool:
        return self._eof and not self._text

    def next(self) -> str:
        """The next piece ("" at the end)."""
        while len(self._text) <= self._size and not self._eof:
            chunk = self._fh.read(self._size)
            self._eof = not chunk
            self._text += self._decoder.decode(chunk, final=self._eof)
        text = self._text
        cut = _cut(text, self._size) if len(text) > self._size else len(text)
        self._text = text[cut:]
        return text[:cut]

    def give_back(self, tail: str) -> None:
        """Put the end of the last piece back: the next piece starts with it."""
        self._text = tail + self._text


_BREAK = re.compile(r"\r\n?|\n")


def line_start(text: str, line: int) -> int:
    """Offset in `text` of its line `line` (1-based; breaks as the native core counts them)."""
    pos = 0
    for m in itertools.islice(_BREAK.finditer(text), line - 1):
        pos = m.end()
    return pos


def resume_line(rep: Any, sections: list[Section]) -> int | None:
    """The line the next piece should start at: the last top-level heading that starts a
    section in the second half of the piece, so pieces start with a whole heading path."""
    starts = {line for _, _, line, _ in sections}
    half = rep.line_count // 2
    lines = [h.line for h in rep.headings if h.depth == 1 and h.line > half and h.line in starts]
    return max(lines, default=None)


def trimmed(data: dict[str, Any], stop: int) -> dict[str, Any]:
    """A piece's report JSON without what lies at line `stop` or below (the next piece's)."""
    for k in ("headings", "enumerations", "metrics"):
        data[k] = [x for x in data.get(k, ()) if x["line"] < stop]
    required = data.get("required_parts") or {}
    data["required_parts"] = {k: v if v is None or v < stop else None for k, v in required.items()}
    return data


def shifted(
    sections: list[Section],
    offset: int,
    before: Section | None,
) -> list[Section]:
    """A piece's sections at the file's lines. A leading section without a heading goes on with
    `before` (the previous piece's last section), so it keeps that heading path and part."""
    out = [(path, part, line + offset, text) for path, part, line, text in sections]
    if before is not None and not out[0][0]:
        _, _, line, text = out[0]
        out[0] = (before[0], before[1], line, text)
    return out


def _plus(v: Any, offset: int) -> Any:
    if isinstance(v, int):
        return v + offset
    if isinstance(v, list):
        return [_plus(x, offset) for x in v]
    if isinstance(v, dict):
        return {k: _plus(x, offset) for k, x in v.items()}
    return v


def shift_lines(obj: Any, offset: int) -> Any:
    """A report's JSON with every line number moved down by `offset`."""
    if isinstance(obj, list):
        return [shift_lines(x, offset) for x in obj]
    if not isinstance(obj, dict):
        return obj
    return {
        k: _plus(v, offset)
        if k in _LINE_KEYS or k.endswith(("_line", "_lines"))
        else shift_lines(v, offset)
        for k, v in obj.items()
    }


def merged(report: dict[str, Any], parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A huge file's report data with the outline and metrics of its later pieces appended."""
    if not parts:
        return report
    out = {**report, **{k: list(report.get(k, ())) for k in PART_LISTS}}
    required = dict(report.get("required_parts") or {})
    for p in sorted(parts, key=lambda p: p["first_line"]):
        for k in PART_LISTS:
            out[k].extend(p.get(k, ()))
        for k, v in (p.get("required_parts") or {}).items():
            if required.get(k) is None:
                required[k] = v
    out["required_parts"] = required
    return out


def decoder(encoding: str, head: bytes) -> codecs.IncrementalDecoder:
    """An incremental decoder for a file whose native encoding name is `encoding` and whose
    first bytes are `head`; undecodable bytes become U+FFFD and are counted (`replacements`)."""
    return codecs.getincrementaldecoder(codec(encoding, head))(REPLACE_ERRORS)


def reset_replacements() -> None:
    """Start counting the replacements made by `REPLACE_ERRORS` decoders in this thread."""
    _replaced.n = 0


def replacements() -> int:
    """Replacements made by `REPLACE_ERRORS` decoders in this thread since the last reset."""
    return int(_replaced.n)
