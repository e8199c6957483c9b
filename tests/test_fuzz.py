"""Fuzz smoke (runs in CI): random bytes and mutated real reports never crash extraction,
and what comes back still points into the decoded original text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_core import assert_offsets_point_into_original

import lawgov_index as li

SEEDS = [p.read_bytes() for p in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))]
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    r = li.extract(data, file="fuzz.bin")
    assert r.bytes == len(data)
    r.to_dict()


@FAST
@given(st.data())
def test_mutated_reports(data: st.DataObject) -> None:
    b = bytearray(SEEDS[data.draw(st.integers(0, len(SEEDS) - 1))])
    for _ in range(data.draw(st.integers(1, 20))):
        op = data.draw(st.sampled_from(["flip", "cut", "dup", "nul"]))
        i = data.draw(st.integers(0, len(b) - 1))
        if op == "flip":
            b[i] = data.draw(st.integers(0, 255))
        elif op == "cut":
            del b[i : i + data.draw(st.integers(1, 300))]
        elif op == "dup":
            b[i:i] = b[i : i + data.draw(st.integers(1, 300))]
        else:
            b[i:i] = b"\x00"
        if not b:
            break
    r = li.extract(bytes(b), file="mutated.txt")
    d = r.to_dict()
    if r.encoding.startswith("utf-8"):
        text = bytes(b).decode("utf-8-sig" if r.encoding == "utf-8-sig" else "utf-8", "replace")
        assert_offsets_point_into_original(text, d)
