"""收集 on a unit's desk: 区财政局 receives the 填报表 the office handed out for seed 001 (收下上级下发的
填报表…), fills it on the desk, exports its return (导出本单位回执…), and the office takes that file back
with the unit's 完成情况 for that task. Undo of the receive forgets the sheet and the task list it made."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gkdesk import collection_ops as ops
from gkdesk.store import Store
from tests.fixtures import wps_fill as wps
from tests.fixtures.write_checks import Tally
from tests.fixtures.collecting_office import completions, load_office

pytestmark = pytest.mark.usefixtures("count_view_state", "driven")  # tests/fixtures/write_checks.py

UNIT, OFFICE = "区财政局", "区政务服务办"
TASK = "切实做好政策性文件公开征求意见"
DONE_TEXT = "已公开征求意见12件，均在区政府网站意见征集栏目发布。"


@pytest.fixture
def today():
    return date(2022, 9, 20)


@pytest.fixture
def office(tmp_path):
    """The collecting office's own store: seed 001, the district's unit list."""
    s = Store.open(tmp_path / "office")
    load_office(s, tmp_path)
    yield s
    s.close()


@pytest.fixture
def store(store):
    """The unit's store: 本单位 区财政局, no notice imported (the sheet becomes its task list)."""
    store.settings.own_unit = UNIT
    return store


def _menu_action(w, text):
    found = [a for a in w.collection_menu.actions() if a.text() == text]
    assert found, f"收集 menu has no {text!r}: {[a.text() for a in w.collection_menu.actions()]}"
    return found[0]


def _task_id(store, nid: int, words: str) -> int:
    return next(t.id for t in store.notices.load_result(nid).tasks() if words in t.text)


def test_unit_receives_its_sheet_fills_it_on_the_desk_and_exports_its_return(window, office, tmp_path, monkeypatch):
    w = window
    nid_office = office.notices.list_notices()[0].id
    _, (sheet,) = ops.hand_out(office, nid_office, [UNIT], tmp_path / "sent", OFFICE)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(sheet), "")))

    # 收下上级下发的填报表…: the sheet is kept and becomes 区财政局's task list, shown on the desk.
    t = Tally(w.ops)
    _menu_action(w, "收下上级下发的填报表…").trigger()
    # One write through the helper: one commit, one undo step, one broadcast, audited under its label.
    assert (t.commits, t.undo_steps, len(t.changes)) == (1, 1, 1)
    assert t.audit() and {op for _a, op in t.audit()} == {"收下填报表"}
    assert t.changes[0].notices and t.changes[0].collection
    (got,) = w.store.received.list_received()
    assert (got["unit"], got["collector"], got["file_name"]) == (UNIT, OFFICE, sheet.name)
    (summary,) = w.store.notices.list_notices()
    assert summary.doc_number == "江津府办发〔2022〕97号"
    assert w.notice_id == summary.id == got["notice_id"]
    assert _task_id(w.store, summary.id, TASK) in {t.task_id for t in w.store.notices.tasks_for_unit(summary.id, UNIT)}
    assert "已收下填报表" in w.statusBar().currentMessage()
    assert w.ops.undo_stack.undoText() == "收下填报表"

    # Undo: the sheet and the task list it made are gone.
    assert w.ops.undo()
    assert w.store.received.list_received() == [] and w.store.notices.list_notices() == []

    _menu_action(w, "收下上级下发的填报表…").trigger()
    (got,) = w.store.received.list_received()
    nid = got["notice_id"]
    task = _task_id(w.store, nid, TASK)
    # Filled on the desk, through the desk's write helper.
    assert w.ops.set_field(task, UNIT, "status", "已完成")
    assert w.ops.set_field(task, UNIT, "text", DONE_TEXT)

    # 导出本单位回执…: the save dialog offers a Chinese name with the unit; the file holds the text.
    asked = {}

    def save(_parent, caption, default, _filters):
        asked["caption"], asked["default"] = caption, default
        return str(tmp_path / "up" / "区财政局回执"), ""  # the clerk drops the .xlsx: it is added

    (tmp_path / "up").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    _menu_action(w, "导出本单位回执…").trigger()
    assert asked["caption"] == "导出本单位回执"
    assert asked["default"].endswith("江津区2022年政务公开任务分工_回执_区财政局.xlsx"), asked["default"]
    up = tmp_path / "up" / "区财政局回执.xlsx"
    assert w.statusBar().currentMessage() == f"已导出本单位回执：{up}"
    wb, ws, h = wps.open_sheet(up)
    r = wps.row_of(ws, h, TASK)
    cols = wps.headers(ws, h)
    assert ws.cell(r, cols["完成情况"]).value == DONE_TEXT
    assert ws.cell(r, cols["状态"]).value == "已完成"
    others = [ws.cell(x, cols["完成情况"]).value for x in wps.task_rows(ws, h) if x != r]
    assert others and not any(others)

    # The office takes the exported file back: its store holds 区财政局's 完成情况 for that task.
    (taken,) = ops.take_back_files(office, [up])
    assert taken.status == "taken" and taken.unit == UNIT and taken.filled == 1, taken.message
    assert completions(office, UNIT) == {TASK[:12]: {
        "status": "已完成", "text": DONE_TEXT, "completed_on": None, "links": [], "note": ""}}


def test_a_file_that_is_no_sheet_is_refused_in_chinese_and_nothing_is_kept(window, tmp_path, monkeypatch):
    w = window
    told = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, title, text, *a: told.append((title, text))))
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, title, text, *a: told.append((title, text))))

    # Nothing received yet: 导出本单位回执… says what to do first, and writes nothing.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: pytest.fail("asked for a file")))
    _menu_action(w, "导出本单位回执…").trigger()
    assert told == [("导出本单位回执", "还没有收下过上级下发的填报表。请先用“收集 → 收下上级下发的填报表…”收下。")]

    plain = tmp_path / "任务清单.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["序号", "任务", "责任单位"])
    wb.active.append([1, TASK, UNIT])
    wb.save(plain)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(plain), "")))
    told.clear()
    _menu_action(w, "收下上级下发的填报表…").trigger()
    assert len(told) == 1
    title, text = told[0]
    assert (title, text) == ("收下填报表失败", "“任务清单.xlsx”：这不是上级下发的填报表（表中没有填报表的标识），"
                                             "请选择上级发来的 .xlsx 原文件。")
    assert w.store.received.list_received() == [] and w.store.notices.list_notices() == []
    assert w.ops.undo_stack.count() == 0
