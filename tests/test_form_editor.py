"""财政局's clerk fills in 附件1 as one sheet: five rows typed from the keyboard, found in the store
and in the exported .docx, one of them undone; the section rows are headings nobody can type into."""
from __future__ import annotations

from datetime import date

import docx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gkdesk.exporters.output import write_form
from gkdesk.importers import import_file
from gkdesk.store.forms import completion_form
from gkdesk.ui.edits import ImportNotice, SetOwnUnit
from tests.fixtures.seed_docs import seed_dir

TODAY = date(2020, 9, 1)
UNIT = "财政局"


@pytest.fixture
def window(window, qtbot):
    """The shared desk with seed 000 imported and 本单位 set through the operations the dialogs run."""
    w = window
    w.edit_unit = lambda: True  # 本单位 is set below through the same operation the dialog runs
    assert w.ops.run(ImportNotice(import_file(next(seed_dir().glob("000_*.txt")))))
    assert w.ops.run(SetOwnUnit(UNIT, {"departments": True}))
    w.ops.who = UNIT
    qtbot.waitUntil(lambda: w.notice_id is not None and w.unit == UNIT)
    return w


def commit(widget, text: str) -> None:
    """What a Chinese input method sends when the clerk picks the words (no key presses)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def editor(view):
    """The cell editor the view opened (what has the keyboard focus in a real session)."""
    widget = view.indexWidget(view.currentIndex())
    assert widget is not None, "no editor open"
    return widget


MENU_TEXT = "填写任务分工落实情况表（附件1）…"


def open_sheet(window, qtbot):
    """The sheet as the clerk opens it: 文件 → 填写任务分工落实情况表（附件1）… (Ctrl+Shift+E); on a desk
    without the sheet this fails for want of the menu item, not by an import error."""
    actions = [a for a in window.findChildren(QAction) if a.text() == MENU_TEXT]
    assert actions, f"no menu item {MENU_TEXT}"
    assert actions[0].shortcut() == QKeySequence("Ctrl+Shift+E")
    actions[0].trigger()
    from gkdesk.ui.form_editor import FormEditor

    dlg = next(d for d in window.findChildren(FormEditor))
    qtbot.addWidget(dlg)
    qtbot.waitExposed(dlg)
    return dlg


def test_five_rows_typed_from_the_keyboard(qtbot, window, tmp_path):
    dlg = open_sheet(window, qtbot)
    model, view = dlg.model, dlg.view
    rows = model.task_rows()
    # The sheet holds exactly the rows of the exported form, in its order.
    form = completion_form(window.store, window.notice_id, UNIT)
    assert [model.task_id(r) for r in rows] == [r.task_id for r in form.rows]
    assert len(rows) == len(window.store.notices.tasks_for_unit(window.notice_id, UNIT)) > 5
    headings = [r for r in range(model.rowCount()) if model.task_id(r) is None]
    assert headings and model.index(headings[0], 0).data() == form.rows[0].section
    assert view.columnSpan(headings[0], 0) == model.columnCount()
    for c in range(model.columnCount()):
        assert not model.flags(model.index(headings[0], c)) & Qt.ItemFlag.ItemIsEditable
    # The notice's own columns are read-only.
    assert not model.flags(model.index(rows[0], 0)) & Qt.ItemFlag.ItemIsEditable

    typed = [f"第{i + 1}项已在政府网站公开，发布解读{i + 2}篇。" for i in range(5)]
    view.setCurrentIndex(model.index(rows[0], model.column_of("text")))
    view.setFocus()
    for i, text in enumerate(typed):
        assert view.currentIndex().row() == rows[i]
        assert view.currentIndex().column() == model.column_of("text")
        if i == 0:
            # Chinese arrives from the input method: its first commit opens the editor on the cell.
            assert view.indexWidget(view.currentIndex()) is None
            commit(view, text[:3])
        else:
            commit(editor(view), text[:3])  # Enter on the row above opened this cell's editor
        commit(editor(view), text[3:-1])
        QTest.keyClick(editor(view), Qt.Key.Key_Backspace)
        commit(editor(view), text[-2:])
        QTest.keyClick(editor(view), Qt.Key.Key_Tab)  # saves and opens the next cell's editor
        # 状态: a drop-down; Down twice from 未开始 is 已完成.
        assert view.currentIndex().column() == model.column_of("status")
        box = editor(view)
        assert box.currentText() == "未开始"
        QTest.keyClick(box, Qt.Key.Key_Down)
        QTest.keyClick(box, Qt.Key.Key_Down)
        QTest.keyClick(box, Qt.Key.Key_Tab)
        assert view.currentIndex().column() == model.column_of("completed_on")
        QTest.keyClicks(editor(view), f"2020-11-{20 + i}")
        QTest.keyClick(editor(view), Qt.Key.Key_Tab)
        assert view.currentIndex().column() == model.column_of("links")
        QTest.keyClicks(editor(view), f"http://www.example.gov.cn/zwgk/{i + 1}.html")
        QTest.keyClick(editor(view), Qt.Key.Key_Return)  # Enter saves and moves on

    store = window.store
    for i, text in enumerate(typed):
        comp = store.completions.get_completion(model.task_id(rows[i]), UNIT)
        assert (comp.text, comp.status, comp.completed_on) == (text, "已完成", date(2020, 11, 20 + i))
        assert comp.links == [f"http://www.example.gov.cn/zwgk/{i + 1}.html"]
    # Enter on the last cell of a row went on to the next task's 完成情况, skipping the heading.
    assert view.currentIndex().row() == rows[5]
    assert view.currentIndex().column() == model.column_of("text")

    # The exported .docx carries them in the 完成情况 cells.
    out = write_form(completion_form(store, window.notice_id, UNIT, TODAY), tmp_path / "附件1.docx").path
    cells = "\n".join(c.text for t in docx.Document(str(out)).tables for row in t.rows for c in row.cells)
    for i, text in enumerate(typed):
        assert text in cells
        assert f"http://www.example.gov.cn/zwgk/{i + 1}.html" in cells
    assert "状态：已完成；完成日期：2020年11月24日" in cells

    # Undo (the desk's own stack) takes back the last edit: the fifth row's link.
    window.undo_action.trigger()
    assert store.completions.get_completion(model.task_id(rows[4]), UNIT).links == []
    assert model.index(rows[4], model.column_of("links")).data() == ""
    window.undo_action.trigger()
    assert store.completions.get_completion(model.task_id(rows[4]), UNIT).completed_on is None
    assert store.completions.get_completion(model.task_id(rows[4]), UNIT).text == typed[4]


def test_a_date_that_is_no_date_is_refused_and_said(qtbot, window):
    dlg = open_sheet(window, qtbot)
    model = dlg.model
    row = model.task_rows()[0]
    assert not model.setData(model.index(row, model.column_of("completed_on")), "下月底")
    assert "不是日期" in model.problem
    assert window.store.completions.get_completion(model.task_id(row), UNIT) is None


def test_menu_opens_the_sheet_and_ctrl_p_previews_what_it_shows(qtbot, window, monkeypatch):
    dlg = open_sheet(window, qtbot)
    row = dlg.model.task_rows()[1]
    index = dlg.model.index(row, dlg.model.column_of("text"))
    assert dlg.model.setData(index, "已在部门网站公开预算说明。")
    # The per-task pane and the sheet show one store: an edit made elsewhere is in the sheet at once.
    window.ops.set_field(dlg.model.task_id(row), UNIT, "status", "推进中")
    assert dlg.model.index(row, dlg.model.column_of("status")).data() == "推进中"
    previewed = []
    import gkdesk.printing.pdf as pdf

    monkeypatch.setattr(pdf, "print_with_preview", lambda form, parent: previewed.append(form))
    QTest.keyClick(dlg, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert len(previewed) == 1 and previewed[0].unit == UNIT
    cell = next(r.completion for r in previewed[0].rows if r.task_id == dlg.model.task_id(row))
    assert cell.startswith("已在部门网站公开预算说明。") and "状态：推进中" in cell
    # Ctrl+Z in the sheet is the desk's undo: it takes back the status set last.
    QTest.keyClick(dlg.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.completions.get_completion(dlg.model.task_id(row), UNIT).status == "未开始"
    assert dlg.model.index(row, dlg.model.column_of("status")).data() == "未开始"


def test_a_long_completion_wraps_and_its_row_grows(qtbot, window):
    """The 完成情况 a clerk writes runs over several lines in its cell, as on the printed form."""
    dlg = open_sheet(window, qtbot)
    model, view = dlg.model, dlg.view
    row = model.task_rows()[2]
    col = model.column_of("text")
    before = view.rowHeight(row)
    long = "已在区政府门户网站“政策解读”栏目发布稳就业、稳金融政策解读3篇，同步推送政务新媒体。" * 4
    view.setCurrentIndex(model.index(row, col))
    view.setFocus()
    commit(view, long)
    QTest.keyClick(editor(view), Qt.Key.Key_Tab)
    assert window.store.completions.get_completion(model.task_id(row), UNIT).text == long
    line = view.fontMetrics().lineSpacing()
    assert view.rowHeight(row) >= before + 2 * line, (before, view.rowHeight(row))
    assert view.wordWrap()
