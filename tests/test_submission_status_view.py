"""The read-only 报送情况 window: who returned what, who is late, and the 催报 list to copy."""
from __future__ import annotations

import os
from pathlib import Path

from gkdesk import collection_ops as ops
from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.ui.submission_status import SubmissionStatusDialog
from tests.fixtures import wps_fill as wps
from tests.fixtures.seed_docs import seed_dir


def test_status_dialog_lists_units_and_copies_the_chase_list(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-10-05")
    store = Store.open(tmp_path / "office")
    nid = store.notices.save_import(import_file(next(seed_dir().glob("001_*.txt")))).notice_id
    store.unit_list.load(parse_unit_list("区财政局\n区司法局\n几江街道\n德感街道")[0])
    _, paths = ops.hand_out(store, nid, ["区财政局", "区司法局", "几江街道", "德感街道"], tmp_path / "sent", "区政务服务办")
    wb, ws, h = wps.open_sheet(paths[0])
    wps.type_into(ws, wps.task_rows(ws, h)[0], h, 状态="已完成", 完成情况="已公开。")
    wb.save(tmp_path / paths[0].name)
    ops.take_back_files(store, [tmp_path / paths[0].name, paths[2]])
    status = store.collection.status(store.collection.latest_round(nid).id)
    store.close()

    dlg = SubmissionStatusDialog(status)
    qtbot.addWidget(dlg)
    dlg.show()
    t = dlg.table
    rows = [[t.item(r, c).text() for c in (0, 1, 5, 6)] for r in range(t.rowCount())]
    assert rows[0][:3] == ["区财政局", "已报送", "1"] and rows[2][:3] == ["几江街道", "已报送", "0"]
    assert rows[1][:2] == ["区司法局", "未报送"] and rows[3][:2] == ["德感街道", "未报送"]
    assert "区司法局" in dlg.chase.toPlainText() and "还剩 87 天" in dlg.chase.toPlainText()
    dlg.copy_button.click()
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == status.chase_text()
    shots = os.environ.get("GKDESK_SHOTS")
    if shots:
        dlg.grab().save(str(Path(shots) / "collection_status.png"))
