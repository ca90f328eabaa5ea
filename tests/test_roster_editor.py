"""附件2 人员名单 editor, driven through its widgets (offscreen)."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget

from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.ui.roster_editor import ERROR_BG, WARNING_BG, RosterEditor

LEADER = "政府信息公开工作负责人"
WEB_LEADER = "政府网站和政务新媒体管理工作负责人"
STAFF = "政府信息公开工作人员"
TODAY = date(2020, 8, 13)


class FakeWindow(QWidget):
    """What export_actions needs of the main window: store, notice_id, unit, today."""

    def __init__(self, store, notice_id, unit):
        super().__init__()
        self.store, self.notice_id, self.unit, self.today = store, notice_id, unit, TODAY


@pytest.fixture(autouse=True)
def no_modal_question(monkeypatch):
    """Closing a dialog with unsaved edits asks; a test that ends early must not block on it."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


@pytest.fixture
def store(store, import_seed):
    store.nid = import_seed("000")  # type: ignore[attr-defined]
    return store


@pytest.fixture
def window(qtbot, store):
    w = FakeWindow(store, store.nid, "财政局")
    qtbot.addWidget(w)
    return w


def open_editor(qtbot, store, window) -> RosterEditor:
    ed = RosterEditor(store, store.nid, "财政局", window, today=TODAY)
    qtbot.addWidget(ed)
    return ed


def col(ed: RosterEditor, name: str) -> int:
    return 1 + ed.columns.index(name)


def set_cell(ed: RosterEditor, category: str, index: int, column: str, text: str) -> None:
    ed.table.item(ed.row_of(category, index), col(ed, column)).setText(text)


def cell(ed: RosterEditor, category: str, index: int, column: str):
    return ed.table.item(ed.row_of(category, index), col(ed, column))


def select(ed: RosterEditor, category: str, index: int, column: str = "姓名") -> None:
    ed.table.setCurrentCell(ed.row_of(category, index), col(ed, column))


def test_editor_edits_checks_reorders_saves_and_reloads(qtbot, store, window):
    ed = open_editor(qtbot, store, window)
    # the 5 categories of seed 000, each as one blank row, 类别 column first
    assert ed.categories == DEFAULT_ROSTER.categories
    labels = [ed.table.item(r, 0).text() for r in range(ed.table.rowCount())]
    assert labels == DEFAULT_ROSTER.categories
    headers = [ed.table.horizontalHeaderItem(c).text() for c in range(ed.table.columnCount())]
    assert headers == ["类别", "姓名", "职务", "联系电话", "备注"]
    assert ed.unit_edit.text() == "财政局"
    assert ed.date_edit.date() == QDate(2020, 8, 13)
    assert ed.date_edit.calendarPopup()
    # both 负责人 categories are empty: warnings, export still allowed
    assert "2 个提醒" in ed.summary_label.text()
    assert ed.export_btn.isEnabled() and ed.print_btn.isEnabled()
    assert ed.table.item(ed.row_of(LEADER, 0), 0).background().color() == WARNING_BG

    # two persons under 政府信息公开工作负责人
    select(ed, LEADER, 0)
    qtbot.mouseClick(ed.add_btn, Qt.MouseButton.LeftButton)  # the blank row is used
    assert len(ed.rows[LEADER]) == 1
    set_cell(ed, LEADER, 0, "姓名", "王五")
    set_cell(ed, LEADER, 0, "职务", "副局长")
    set_cell(ed, LEADER, 0, "联系电话", "023-85276112")
    qtbot.mouseClick(ed.add_btn, Qt.MouseButton.LeftButton)
    assert len(ed.rows[LEADER]) == 2
    assert ed.current() == (LEADER, 1)
    set_cell(ed, LEADER, 1, "姓名", "赵六")
    set_cell(ed, LEADER, 1, "职务", "办公室主任")
    # the 类别 cell now spans both persons, as on the paper form
    assert ed.table.rowSpan(ed.row_of(LEADER, 0), 0) == 2
    assert [ed.table.item(r, 0).text() for r in range(3)] == [LEADER, "", WEB_LEADER]

    # an invalid phone: red cell with the reason, export and print disabled
    set_cell(ed, LEADER, 1, "联系电话", "1398300123")
    bad = cell(ed, LEADER, 1, "联系电话")
    assert bad.background().color() == ERROR_BG
    assert "11位" in bad.toolTip()
    assert "1 个错误" in ed.summary_label.text()
    assert "联系电话" in ed.problems_label.text()
    assert not ed.export_btn.isEnabled() and not ed.print_btn.isEnabled()
    assert "错误" in ed.export_btn.toolTip() and ed.blocked_label.text()
    # fixed: enabled again
    set_cell(ed, LEADER, 1, "联系电话", "139-8300-1234")
    assert bad.background().style() == Qt.BrushStyle.NoBrush
    assert bad.toolTip() == ""
    assert ed.export_btn.isEnabled() and ed.print_btn.isEnabled()
    assert ed.blocked_label.text() == ""

    # 上移: 赵六 first
    select(ed, LEADER, 1)
    assert ed.up_btn.isEnabled() and not ed.down_btn.isEnabled()
    qtbot.mouseClick(ed.up_btn, Qt.MouseButton.LeftButton)
    assert [p["姓名"] for p in ed.rows[LEADER]] == ["赵六", "王五"]
    assert cell(ed, LEADER, 0, "姓名").text() == "赵六"
    assert ed.current() == (LEADER, 0)

    # a staff member, a date, save
    select(ed, STAFF, 0)
    qtbot.mouseClick(ed.add_btn, Qt.MouseButton.LeftButton)
    set_cell(ed, STAFF, 0, "姓名", "张三")
    set_cell(ed, STAFF, 0, "联系电话", "85276112转801")
    ed.date_edit.setDate(QDate(2020, 8, 20))
    assert ed.status_label.text() == "未保存"
    qtbot.mouseClick(ed.save_btn, Qt.MouseButton.LeftButton)
    assert ed.status_label.text() == "已保存"
    ed.close()

    saved = store.rosters.load_roster(store.nid, "财政局")
    assert saved.filled_on == date(2020, 8, 20)
    assert [p["姓名"] for p in saved.entries[LEADER]] == ["赵六", "王五"]
    assert set(saved.entries) == {LEADER, STAFF}  # blank rows are not stored

    again = open_editor(qtbot, store, window)
    assert [cell(again, LEADER, i, "姓名").text() for i in range(2)] == ["赵六", "王五"]
    assert cell(again, LEADER, 0, "联系电话").text() == "139-8300-1234"
    assert cell(again, LEADER, 1, "职务").text() == "副局长"
    assert cell(again, STAFF, 0, "联系电话").text() == "85276112转801"
    assert again.date_edit.date() == QDate(2020, 8, 20)
    assert len(again.rows[WEB_LEADER]) == 1  # still shown as one blank row

    # remove and 下移 on the reloaded roster
    select(again, LEADER, 0)
    qtbot.mouseClick(again.down_btn, Qt.MouseButton.LeftButton)
    assert [p["姓名"] for p in again.rows[LEADER]] == ["王五", "赵六"]
    qtbot.mouseClick(again.remove_btn, Qt.MouseButton.LeftButton)
    assert [p["姓名"] for p in again.rows[LEADER]] == ["王五"]
    assert again.table.rowSpan(again.row_of(LEADER, 0), 0) == 1


def test_same_person_twice_and_empty_leader_are_warnings(qtbot, store, window):
    store.rosters.save_roster(store.nid, "财政局", {
        LEADER: [{"姓名": "王五", "职务": "副局长", "联系电话": "023-85276112", "备注": ""}],
    })
    ed = open_editor(qtbot, store, window)
    # 网站 负责人 left empty
    assert "1 个提醒" in ed.summary_label.text()
    assert f"“{WEB_LEADER}”至少需要填写一人" in ed.problems_label.text()
    label = ed.table.item(ed.row_of(WEB_LEADER, 0), 0)
    assert label.background().color() == WARNING_BG and "至少需要填写一人" in label.toolTip()

    # the same 王五 again under 政府信息公开工作人员
    select(ed, STAFF, 0)
    ed.add_person()
    set_cell(ed, STAFF, 0, "姓名", "王五")
    set_cell(ed, STAFF, 0, "联系电话", "02385276112")
    dup = cell(ed, STAFF, 0, "姓名")
    assert dup.background().color() == WARNING_BG and "重复" in dup.toolTip()
    assert "2 个提醒" in ed.summary_label.text()
    assert "重复" in ed.problems_label.text()
    assert ed.export_btn.isEnabled()  # warnings do not block

    # filling the 网站 负责人 leaves only the duplicate
    set_cell(ed, WEB_LEADER, 0, "姓名", "赵六")
    assert "1 个提醒" in ed.summary_label.text()
    label = ed.table.item(ed.row_of(WEB_LEADER, 0), 0)
    assert label.background().style() == Qt.BrushStyle.NoBrush and label.toolTip() == ""


def test_phone_without_name_blocks_export_and_draft_is_still_saved(qtbot, store, window):
    ed = open_editor(qtbot, store, window)
    set_cell(ed, STAFF, 0, "联系电话", "13812345678")
    assert cell(ed, STAFF, 0, "姓名").background().color() == ERROR_BG
    assert not ed.export_btn.isEnabled()
    ed.save()  # 保存 always keeps the draft
    assert store.rosters.load_roster(store.nid, "财政局").entries[STAFF][0]["联系电话"] == "13812345678"


def test_validation_while_typing_in_the_cell_editor(qtbot, store, window):
    ed = open_editor(qtbot, store, window)
    ed.show()
    set_cell(ed, LEADER, 0, "姓名", "王五")
    select(ed, LEADER, 0, "联系电话")
    ed.table.editItem(cell(ed, LEADER, 0, "联系电话"))
    editor = ed.table.focusWidget()
    qtbot.keyClicks(editor, "138123")
    assert not ed.export_btn.isEnabled()  # checked before the cell is committed
    assert "11位" in editor.toolTip()
    qtbot.keyClicks(editor, "45678")
    assert ed.export_btn.isEnabled()
    assert editor.toolTip() == ""
    assert "错误" not in ed.summary_label.text()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # cancelled: the model follows the cell again
    assert ed.rows[LEADER][0]["联系电话"] == ""
    assert ed.export_btn.isEnabled()

    # typed and committed with Enter: the cell itself turns red with the reason
    ed.table.editItem(cell(ed, LEADER, 0, "联系电话"))
    editor = ed.table.focusWidget()
    qtbot.keyClicks(editor, "023-852")
    assert editor.styleSheet()  # the open editor is coloured while typing
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits on the next event loop turn
    phone = cell(ed, LEADER, 0, "联系电话")
    qtbot.waitUntil(lambda: phone.text() == "023-852")
    assert ed.rows[LEADER][0]["联系电话"] == "023-852"
    assert phone.background().color() == ERROR_BG and "应为8位" in phone.toolTip()
    assert not ed.export_btn.isEnabled()


def test_template_extra_column_and_no_window(qtbot, store):
    from gkdesk.domain.model import RosterTemplate

    store.rosters.save_template(store.nid, RosterTemplate(
        "政务公开工作人员名单", ["政务公开工作负责人", "联络员"], ["姓名", "职务", "联系电话", "邮箱", "备注"], "附件2"))
    ed = RosterEditor(store, store.nid, "财政局", today=TODAY)
    qtbot.addWidget(ed)
    assert ed.categories == ["政务公开工作负责人", "联络员"]
    assert ed.table.horizontalHeaderItem(4).text() == "邮箱"
    set_cell(ed, "联络员", 0, "姓名", "钱七")
    set_cell(ed, "联络员", 0, "邮箱", "qianqi@example.cn")
    assert not ed.export_btn.isEnabled()  # without the main window there is nothing to export from
    ed.save()
    assert store.rosters.load_roster(store.nid, "财政局").entries["联络员"][0]["邮箱"] == "qianqi@example.cn"


def test_first_input_method_commit_opens_the_cell_editor(qtbot, store, window):
    """An IME commit arriving with no editor open was dropped by QAbstractItemView."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    ed = open_editor(qtbot, store, window)
    select(ed, LEADER, 0, "姓名")
    ev = QInputMethodEvent("", [])
    ev.setCommitString("政务公开")
    QApplication.sendEvent(ed.table, ev)
    editor = ed.table.indexWidget(ed.table.currentIndex())
    assert editor is not None, "the commit must open the cell editor"
    ed.table.commitData(editor)
    assert cell(ed, LEADER, 0, "姓名").text() == "政务公开"


def test_the_number_the_issue_saw_accepted_is_refused_in_the_editor(qtbot, store, window):
    """023-8527611: seven digits after 023, where Chongqing numbers have eight (issue 11)."""
    ed = open_editor(qtbot, store, window)
    set_cell(ed, LEADER, 0, "姓名", "王五")
    set_cell(ed, LEADER, 0, "联系电话", "023-8527611")
    phone = cell(ed, LEADER, 0, "联系电话")
    assert phone.background().color() == ERROR_BG and "应为8位" in phone.toolTip()
    assert not ed.export_btn.isEnabled()
    set_cell(ed, LEADER, 0, "联系电话", "023-85276112")
    assert cell(ed, LEADER, 0, "联系电话").toolTip() == "" and ed.export_btn.isEnabled()
