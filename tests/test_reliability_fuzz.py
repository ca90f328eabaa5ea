"""Mutated notices never crash, hang or half-import (issue 14): seed 000 as .docx and .xlsx and a
table notice as a web page, with bytes of their XML/HTML flipped, cut, repeated or deleted by
hypothesis. Every case ends in an ImportResult or in NoticeImportError with one Chinese sentence
— never another exception — within 10 s, and nothing reaches the store unless the clerk confirms
(import_file only reads; the test checks the store it was given stays empty)."""
from __future__ import annotations

import io
import signal
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gkdesk.domain.model import ImportResult, NoticeImportError
from gkdesk.importers import import_file
from tests.fixtures.hostile import assert_one_sentence
from tests.fixtures.seed_docs import build_docx, build_xlsx
from tests.fixtures.shapes import HEAD, TASK_FIRST, build_shape_html

pytestmark = pytest.mark.reliability
CASES = 100  # per format: 300 mutated notices in all, deterministic (derandomize)
_BUILT: dict[str, bytes] = {}


def _original(fmt: str, tmp: Path) -> bytes:
    if fmt not in _BUILT:
        path = tmp / f"原件.{fmt}"
        if fmt == "docx":
            build_docx("000", path)
        elif fmt == "xlsx":
            build_xlsx("000", path)
        else:
            path.write_text(build_shape_html(TASK_FIRST, HEAD), encoding="utf-8")
        _BUILT[fmt] = path.read_bytes()
    return _BUILT[fmt]


mutation = st.tuples(st.sampled_from(["flip", "cut", "repeat", "delete"]), st.floats(0, 1), st.integers(1, 400),
                     st.integers(0, 255))


def _mutate(data: bytes, m) -> bytes:
    kind, where, length, byte = m
    i = int(where * max(len(data) - 1, 0))
    if kind == "flip":
        return data[:i] + bytes([byte]) + data[i + 1:]
    if kind == "cut":
        return data[:i]
    if kind == "repeat":
        return data[:i] + data[i:i + length] * 50 + data[i:]
    return data[:i] + data[i + length:]


def _mutate_zip(data: bytes, member_pick: float, m) -> bytes:
    """Mutate one XML member inside the package (a byte flip of the zip itself is only a CRC error)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = [n for n in src.namelist() if n.endswith(".xml")]
    main = [n for n in names if n in ("word/document.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml")]
    # Most cases hit the part holding the table; the rest any other part (styles, rels, content types).
    target = main[int(member_pick / 0.6 * (len(main) - 1))] if member_pick < 0.6 else \
        names[int((member_pick - 0.6) / 0.4 * (len(names) - 1))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in src.namelist():
            z.writestr(n, _mutate(src.read(n), m) if n == target else src.read(n))
    return out.getvalue()


class _Hang(Exception):
    pass


def _alarm(_sig, _frame):
    raise _Hang()


def _import_within(path: Path, seconds: int = 10):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return import_file(path)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _check(path: Path, store, figures) -> None:
    outcome = "imported"
    try:
        result = _import_within(path)
    except NoticeImportError as exc:
        assert_one_sentence(exc)
        outcome = "refused"
    except _Hang:
        pytest.fail(f"{path.name}: no answer within 10 s")
    else:
        assert isinstance(result, ImportResult)
    assert store.db.scalar("SELECT count(*) FROM notices") == 0
    figures.record("fuzz", cases=1, **{outcome: 1})


FUZZ = settings(max_examples=CASES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@FUZZ
@given(member=st.floats(0, 1), m=mutation)
def test_mutated_docx(member, m, tmp_path_factory, store, reliability_figures):
    tmp = tmp_path_factory.mktemp("docx")
    path = tmp / "变异.docx"
    path.write_bytes(_mutate_zip(_original("docx", tmp), member, m))
    _check(path, store, reliability_figures)


@FUZZ
@given(member=st.floats(0, 1), m=mutation)
def test_mutated_xlsx(member, m, tmp_path_factory, store, reliability_figures):
    tmp = tmp_path_factory.mktemp("xlsx")
    path = tmp / "变异.xlsx"
    path.write_bytes(_mutate_zip(_original("xlsx", tmp), member, m))
    _check(path, store, reliability_figures)


@FUZZ
@given(m=mutation)
def test_mutated_html(m, tmp_path_factory, store, reliability_figures):
    tmp = tmp_path_factory.mktemp("html")
    path = tmp / "变异.html"
    path.write_bytes(_mutate(_original("html", tmp), m))
    _check(path, store, reliability_figures)
