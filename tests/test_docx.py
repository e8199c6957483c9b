"""Word documents (`.docx`): read as their paragraphs, one per line, with Word's automatic list
numbers written out, so a report saved from Word reads like its text export."""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import lawgov_index as li
from lawgov_index.index import FileProblem

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
SAME = ("title", "issuers", "report_year", "issue_date", "doc_number", "signer", "region")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CN = "一二三四五六七八九十"
LEVEL = '<w:lvl w:ilvl="{}"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>{}</w:lvl>'
NUMBERING = (
    f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7">'
    + LEVEL.format(0, '<w:lvlText w:val="%1、"/>')
    + LEVEL.format(1, '<w:lvlText w:val="（%2）"/>')
    + '</w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num></w:numbering>'
)
MARKERS = (re.compile(r"^([一二三四五六七八九十])、"), re.compile(r"^（([一二三四五六七八九十])）"))


def _runs(text: str) -> str:
    """A paragraph's text as Word stores it: cut into runs, with proofing marks between."""
    parts = [text[k : k + 7] for k in range(0, len(text), 7)] or [""]
    run = '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'
    return '<w:proofErr w:type="spellStart"/>'.join(run.format(escape(p)) for p in parts)


def as_docx(text: str) -> bytes:
    """The report as Word saves it: a paragraph per line, the headings 一、 and （一） numbered by
    Word (their markers are not in the text) wherever the printed numbers follow each other."""
    counters = [0, 0]
    paras = []
    for line in text.split("\n"):
        numbered = None
        for level, marker in enumerate(MARKERS):
            m = marker.match(line)
            if m and CN.index(m.group(1)) == counters[level]:
                counters[level] += 1
                counters[level + 1 :] = [0] * (1 - level)
                numbered = (level, line[m.end() :])
        if numbered:
            level, rest = numbered
            num = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'
            props = f"<w:pPr>{num}</w:pPr>"
            paras.append(f"<w:p>{props}{_runs(rest)}</w:p>")
        else:
            paras.append(f'<w:p><w:bookmarkStart w:id="0" w:name="_Toc"/>{_runs(line)}</w:p>')
    body = "".join(paras)
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document)
        z.writestr("word/numbering.xml", NUMBERING)
    return buf.getvalue()


def _metrics(d: dict) -> list[tuple]:
    return [(m["name"], m["value"], m["unit"], m["qualifier"], m["line"]) for m in d["metrics"]]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_word_document_reads_like_the_report(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    data = as_docx(text)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert "一、".encode() not in xml
    assert xml.count(b"<w:numPr>") >= 3  # the outline exists only as Word's numbering
    plain = li.extract(text).to_dict()
    doc = li.extract(data).to_dict()
    assert doc["encoding"] == "docx"
    heads = [(h["line"], h["level"], h["marker"], h["text"]) for h in plain["headings"]]
    assert [(h["line"], h["level"], h["marker"], h["text"]) for h in doc["headings"]] == heads
    assert _metrics(doc) == _metrics(plain)
    assert {k: doc[k] for k in SAME} == {k: plain[k] for k in SAME}


def test_word_documents_are_indexed_and_found(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    seed = SEEDS[1]
    (docs / "report.docx").write_bytes(as_docx(seed.read_text(encoding="utf-8")))
    (docs / "broken.docx").write_bytes(b"PK\x03\x04" + b"\x00\x17" * 300)
    problems: list[FileProblem] = []
    # far above `huge_bytes`, a Word document is still read whole (its text is what counts)
    summary = li.Index.create(tmp_path / "ix").add(
        [docs], on_problem=problems.append, huge_bytes=256
    )
    assert summary.indexed == 1
    assert [(Path(p.file).name, p.skipped) for p in problems] == [("broken.docx", True)]
    ix = li.Index.open(tmp_path / "ix")
    want = li.Index.create(tmp_path / "plain")
    want.add([seed])
    for q in ("化解率", "法治政府", "行政复议"):
        got, exp = ix.search(q, limit=50), want.search(q, limit=50)
        assert got.total == exp.total > 0, q
        assert [h.section.path for h in got.hits] == [h.section.path for h in exp.hits], q
        assert all(h.file.endswith("report.docx") for h in got.hits)


def test_damaged_word_documents_never_fail() -> None:
    rng = random.Random(7)
    data = as_docx(SEEDS[0].read_text(encoding="utf-8"))
    # a cut or a flipped byte either still reads or gives a warning naming what is wrong
    for k in range(60):
        b = bytearray(data)
        if k % 2:
            del b[rng.randrange(4, len(b)) :]
        else:
            for _ in range(rng.randrange(1, 8)):
                b[rng.randrange(4, len(b))] = rng.randrange(256)
        r = li.extract(bytes(b), file=f"damaged{k}.docx")
        assert r.encoding == "docx" or any("Word document" in w for w in r.warnings), k
