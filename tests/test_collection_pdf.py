"""The 填报表 as LibreOffice Calc prints it: landscape A4, the table and instructions, no hidden identity.

docs/screenshots/collection_fill_sheet.png is page 1 of the PDF this test makes (GKDESK_SHOTS=folder
keeps the PDF's page images there).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gkdesk import collection_ops as ops
from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.importers import import_file
from gkdesk.store import Store
from tests.fixtures.seed_docs import seed_dir

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="needs LibreOffice and poppler-utils")


def test_fill_sheet_prints_in_calc(tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-01")
    store = Store.open(tmp_path / "office")
    nid = store.notices.save_import(import_file(next(seed_dir().glob("001_*.txt")))).notice_id
    store.unit_list.load(parse_unit_list("几江街道\t镇街")[0])
    task = next(t.id for t in store.notices.load_result(nid).tasks() if t.text.startswith("切实做好政策性文件"))
    # What the office already holds shows in the sheet (a second round shows the first).
    store.completions.set_completion(task, "几江街道", status="推进中", text="已在街道公开栏公开政策解读2篇。")
    _, (sheet,) = ops.hand_out(store, nid, ["几江街道"], tmp_path / "sent", "区政务服务办")
    store.close()

    from gkdesk.importers.libreoffice import convert

    pdf = convert(sheet, "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.3" in info  # A4 landscape
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    assert "填报单位：几江街道" in flat and "汇总单位：区政务服务办" in flat and "报送时限：2022年9月30日前" in flat
    assert "已在街道公开栏公开政策解读2篇。" in flat and "推进中" in flat
    for header in ("贯彻举措", "牵头单位", "责任单位", "完成时限", "状态", "完成情况", "完成时间", "公开路径/链接", "备注"):
        assert header in flat
    # The title row repeats on every page; the hidden key column and identity sheet are not printed.
    assert flat.count("公开路径/链接") == pages + 1 and pages > 1  # + once in the instructions
    assert "gkdesk" not in text and "notice_key" not in text
    shots = os.environ.get("GKDESK_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(Path(shots) / "collection_fill_sheet")], check=True)
    shutil.rmtree(pdf.parent.parent, ignore_errors=True)
