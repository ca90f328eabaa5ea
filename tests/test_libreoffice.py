"""The LibreOffice bridge: a clear message without it, a faithful round trip with it."""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from gkdesk.domain.model import NoticeImportError
from gkdesk.importers import libreoffice
from gkdesk.importers.safety import sniff

ROWS = [
    ("1．深入推进决策公开", "区政府办公室", "各镇街、区政府各部门", "2020年底前"),
    ("2．加强政策解读", "区司法局", "区政府各部门", "每月底前"),
    ("3．做好政务舆情回应", "区委网信办", "区人力社保局", "长期开展"),
]


def make_table_docx(path: Path) -> Path:
    import docx

    doc = docx.Document()
    doc.add_paragraph("附件1")
    table = doc.add_table(rows=1, cols=4)
    for c, word in enumerate(("贯彻举措", "牵头单位", "责任单位", "完成时限")):
        table.rows[0].cells[c].text = word
    for row in ROWS:
        cells = table.add_row().cells
        for c, text in enumerate(row):
            cells[c].text = text
    # LibreOffice's .docx → .doc drops a table that ends the document (PLATFORM-NOTES).
    doc.add_paragraph("")
    doc.save(path)
    return path


def test_missing_soffice_message(tmp_path, monkeypatch):
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    doc = tmp_path / "通知.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(NoticeImportError) as ei:
        libreoffice.convert(doc, "docx")
    assert str(ei.value) == (
        "无法直接读取 .doc 文件：本机未安装 LibreOffice。请在 Word/WPS 中将文件另存为 .docx 后再导入。"
    )
    wps = tmp_path / "通知.wps"
    wps.write_bytes(doc.read_bytes())
    with pytest.raises(NoticeImportError, match=r"\.wps 文件：本机未安装 LibreOffice.*\.docx"):
        libreoffice.convert(wps)
    for ext in ("xls", "et"):
        f = tmp_path / f"任务.{ext}"
        f.write_bytes(doc.read_bytes())
        with pytest.raises(NoticeImportError) as ei:
            libreoffice.convert(f)
        assert str(ei.value) == (
            f"无法直接读取 .{ext} 文件：本机未安装 LibreOffice。请在 Excel/WPS 中将文件另存为 .xlsx 后再导入。"
        )


def test_find_soffice_override(tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
    assert libreoffice.find_soffice() is None
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    monkeypatch.setenv("GKDESK_SOFFICE", str(fake))
    assert libreoffice.find_soffice() == str(fake)


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a fake soffice")


@posix_only
def test_failed_conversion_message(tmp_path, monkeypatch):
    """A 'soffice' that writes nothing gives the clear 'could not convert' message."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("GKDESK_SOFFICE", str(fake))
    doc = tmp_path / "a.doc"
    doc.write_bytes(b"x")
    with pytest.raises(NoticeImportError, match="LibreOffice 无法转换此 .doc 文件"):
        libreoffice.convert(doc)


@posix_only
def test_timeout_kills_soffice(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("GKDESK_SOFFICE", str(fake))
    doc = tmp_path / "a.xls"
    doc.write_bytes(b"x")
    with pytest.raises(NoticeImportError, match=r"超时（超过 1 秒）.*\.xlsx"):
        libreoffice.convert(doc, timeout=1)


def _soffice_or_skip() -> str:
    soffice = libreoffice.find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .doc round trip cannot run")
    return soffice


@pytest.mark.slow
@pytest.mark.libreoffice
def test_round_trip_doc_to_docx(tmp_path):
    soffice = _soffice_or_skip()
    src = make_table_docx(tmp_path / "任务分工.docx")

    # Make a real Word 97 .doc with LibreOffice itself, in a profile of its own.
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run(
            [soffice, f"-env:UserInstallation={Path(prof).as_uri()}", "--headless", "--norestore",
             "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(src)],
            check=True, capture_output=True, timeout=180,
        )
    doc = tmp_path / "任务分工.doc"
    assert doc.is_file()
    assert sniff(doc) == "doc"

    out = libreoffice.convert(doc, "docx", timeout=180)
    try:
        assert out.suffix == ".docx" and sniff(out) == "docx"
        import docx

        d = docx.Document(str(out))
        assert d.tables, "the table was lost in the round trip"
        got = [[c.text.strip() for c in r.cells] for r in d.tables[0].rows]
        assert got[0] == ["贯彻举措", "牵头单位", "责任单位", "完成时限"]
        assert [tuple(r) for r in got[1:]] == ROWS
    finally:
        shutil.rmtree(out.parent, ignore_errors=True)
