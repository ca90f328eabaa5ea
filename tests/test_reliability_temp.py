"""Issue 14 item 8: no copy of the clerk's files is left in the temporary folder.

LibreOffice conversions left the converted notice in gkdesk-lo-*/out/ after every successful
import; the copies made to open a 佐证材料 in the system viewer were never removed.
A fake soffice (a shell script) stands in for LibreOffice: it writes seed 000's .docx, fails, or
hangs until killed.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pytest

from gkdesk.domain.model import NoticeImportError
from gkdesk.importers import import_file
from gkdesk.ui import evidence_view
from tests.fixtures.seed_docs import build_docx

pytestmark = [pytest.mark.reliability,
              pytest.mark.skipif(sys.platform == "win32", reason="a shell script as soffice")]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # how a Word 97-2003 .doc begins


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    """The temporary folder gkdesk sees (tempfile.gettempdir())."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _fake_soffice(tmp_path, monkeypatch, body: str) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n" + body)
    fake.chmod(0o755)
    monkeypatch.setenv("GKDESK_SOFFICE", str(fake))
    from gkdesk.importers import libreoffice

    monkeypatch.setattr(libreoffice, "_profile_dir", None)  # made in this test's temp folder


def _left(temp: Path) -> list[str]:
    # The per-process LibreOffice profile is kept for the next conversion and removed at exit.
    return sorted(p.name for p in temp.iterdir() if not p.name.startswith("gkdesk-lo-profile-"))


def test_a_converted_notice_leaves_no_copy_after_a_successful_import(tmp_path, temp, monkeypatch):
    docx = build_docx("000", tmp_path / "seed.docx")
    # soffice … --outdir DIR input.doc: write DIR/input.docx
    _fake_soffice(tmp_path, monkeypatch, f'while [ "$1" != "--outdir" ]; do shift; done\ncp "{docx}" "$2/input.docx"\n')
    doc = tmp_path / "通知.doc"
    doc.write_bytes(_OLE)
    result = import_file(doc)
    assert result.source_format == "doc" and len(result.tasks()) == 56
    assert _left(temp) == []


@pytest.mark.parametrize("body,timeout,message", [
    ("exit 1\n", 30, "LibreOffice 无法转换此 .doc 文件"),
    ("sleep 30\n", 1, "超时（超过 1 秒）"),
])
def test_a_failed_or_timed_out_conversion_leaves_nothing(tmp_path, temp, monkeypatch, body, timeout, message):
    from gkdesk.importers import libreoffice

    _fake_soffice(tmp_path, monkeypatch, body)
    doc = tmp_path / "通知.doc"
    doc.write_bytes(_OLE)
    with pytest.raises(NoticeImportError, match=message):
        with libreoffice.converted(doc, timeout=timeout):
            pass
    assert _left(temp) == []


def test_an_import_that_fails_after_converting_removes_the_copy(tmp_path, temp, monkeypatch):
    # soffice "succeeds" but writes text that is no .docx: the import fails after the conversion.
    _fake_soffice(tmp_path, monkeypatch, 'while [ "$1" != "--outdir" ]; do shift; done\necho x > "$2/input.docx"\n')
    doc = tmp_path / "通知.doc"
    doc.write_bytes(_OLE)
    with pytest.raises(NoticeImportError):
        import_file(doc)
    assert _left(temp) == []


def test_evidence_copies_for_the_viewer_are_cleaned_up(tmp_path, temp, monkeypatch):
    monkeypatch.setattr(evidence_view, "_session", None)
    blob = tmp_path / "blob"
    blob.write_bytes(b"\xff\xd8jpeg")
    long_name = "区财政局关于惠企政策清单公开情况的说明" * 12 + ".jpg"  # 241 characters, 700+ bytes
    shown = evidence_view.view_copy(blob, "ab" * 32, long_name)
    assert shown.read_bytes() == b"\xff\xd8jpeg" and shown.suffix == ".jpg" and len(shown.name.encode()) <= 200
    # An earlier session's folder (the app crashed) and the old shared folder, both two days old.
    stale = [temp / "gkdesk-佐证材料-old1", temp / "gkdesk-佐证材料"]
    for folder in stale:
        (folder / "x").mkdir(parents=True)
        (folder / "x" / "会议纪要.docx").write_bytes(b"PK")
        old = time.time() - 2 * 86400
        import os

        os.utime(folder, (old, old))
    assert evidence_view.sweep_stale() == 2
    assert [p.exists() for p in stale] == [False, False] and shown.exists()  # this session's stays
    evidence_view.cleanup()  # the window closes / gkdesk exits
    assert _left(temp) == []
