"""The desk's write path: the four failures of issue 10, each told as the clerk met it.

(a) adding a 佐证材料 whose file vanished left a completion row and an audit entry behind;
(b) a save or redo that failed left an undo entry for a save that never happened;
(c) after a revised import removed a task, 撤销 was still offered and failed;
(d) an unexpected error in a slot was lost (or killed the app) instead of saying 程序出错.
"""
from __future__ import annotations

import logging
import sys
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.ui.import_wizard import PAGE_CHANGES, PAGE_RESULT, ImportWizard
from tests.fixtures.seed_docs import seed_dir
from tests.fixtures.seed_revisions import revised_without_task_10

SEED_000 = next(seed_dir().glob("000_*.txt"))
TODAY = date(2020, 9, 1)
UNIT = "财政局"


@pytest.fixture
def warnings_shown(monkeypatch):
    """Every QMessageBox.warning the desk shows, as (title, text)."""
    shown: list[tuple[str, str]] = []

    def warning(parent, title, text, *a, **k):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


@pytest.fixture
def store(store):
    """Seed 000 and 本单位 in the store before the desk (the shared `window` fixture) opens on it."""
    store.notices.save_import(import_file(SEED_000), who="测试")
    store.settings.own_unit = UNIT
    return store


def task_id(store: Store, number: str) -> int:
    return int(store.db.scalar("SELECT id FROM tasks WHERE number = ?", (number,)))


def completion_audit(store: Store) -> list:
    return store.audit.entries("completion")


def test_evidence_whose_file_vanished_leaves_nothing_behind(window, warnings_shown, tmp_path):
    task10 = task_id(window.store, "10")
    window.show_task(task10)
    gone = tmp_path / "截图.png"  # chosen in the file dialog, then moved away before it was read
    window.detail.editor._add_files([str(gone)])

    assert window.store.completions.get_completion(task10, UNIT) is None
    assert completion_audit(window.store) == []
    assert window.ops.undo_stack.count() == 0
    assert warnings_shown and "截图.png" in warnings_shown[-1][1] and "找不到文件" in warnings_shown[-1][1]


def _delete_task_elsewhere(store: Store, number: str) -> None:
    """Another window or the command line removes a task while this desk still shows it."""
    other = Store.open(store.directory)
    try:
        with other.db.transaction():
            other.db.execute("DELETE FROM tasks WHERE number = ?", (number,))
    finally:
        other.close()


def test_failed_save_leaves_no_undo_entry(window, warnings_shown):
    task10 = task_id(window.store, "10")
    window.show_task(task10)
    _delete_task_elsewhere(window.store, "10")
    window.detail.editor.status.setCurrentText("推进中")

    assert window.ops.undo_stack.count() == 0
    assert not window.undo_action.isEnabled()
    assert any("找不到编号为" in text for _t, text in warnings_shown)


def test_failed_redo_does_not_count_as_done(window, warnings_shown):
    task10 = task_id(window.store, "10")
    window.show_task(task10)
    window.detail.editor.status.setCurrentText("推进中")
    window.undo_action.trigger()
    assert window.store.completions.get_completion(task10, UNIT).status == "未开始"
    _delete_task_elsewhere(window.store, "10")

    window.redo_action.trigger()

    assert any("找不到编号为" in text for _t, text in warnings_shown)
    # The save did not happen again, so there is nothing to undo.
    assert window.ops.undo_stack.index() == 0
    assert not window.undo_action.isEnabled()


def test_undo_is_withdrawn_after_a_revision_removed_the_task(qtbot, window, warnings_shown):
    task10 = task_id(window.store, "10")
    window.show_task(task10)
    window.detail.editor.status.setCurrentText("推进中")
    assert window.undo_action.isEnabled()

    revised = revised_without_task_10()  # a corrected file, not the same one again
    wiz = ImportWizard(window.store, window, read=lambda progress: revised, source_label="修订版")
    qtbot.addWidget(wiz)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == PAGE_RESULT, timeout=15_000)
    wiz.confirm_button.click()
    assert wiz.stack.currentIndex() == PAGE_CHANGES
    with qtbot.waitSignal(wiz.imported, timeout=15_000):
        wiz.confirm_button.click()

    assert window.store.db.scalar("SELECT count(*) FROM tasks WHERE id = ?", (task10,)) == 0
    assert not window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert warnings_shown == []


@pytest.mark.qt_no_exception_capture
def test_unexpected_error_in_a_slot_says_program_error(qtbot, data_home, monkeypatch):
    from gkdesk.ui import crash

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    handler = crash.install(data_home)
    try:
        def broken_slot() -> None:
            raise ZeroDivisionError("按钮处理出错")

        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(crash.open_dialogs()), timeout=5_000)
        dlg = crash.open_dialogs()[-1]
        qtbot.addWidget(dlg)
        assert dlg.windowTitle() == "程序出错"
        assert "已保存的数据不受影响" in dlg.message.text()
        details = dlg.details.toPlainText()
        assert "ZeroDivisionError: 按钮处理出错" in details and "broken_slot" in details
        dlg.copy_button.click()
        assert QApplication.clipboard().text() == details
        handler.flush()
        log = (data_home / crash.LOG_NAME).read_text(encoding="utf-8")
        assert "ZeroDivisionError: 按钮处理出错" in log
        dlg.close()
        # The app is still running: the next event is handled as usual.
        fired = []
        QTimer.singleShot(0, lambda: fired.append(1))
        qtbot.waitUntil(lambda: fired == [1], timeout=2_000)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_a_bug_inside_an_operation_rolls_it_back_and_says_program_error(window, warnings_shown):
    from gkdesk.ui import crash
    from gkdesk.ui.changes import of_task
    from gkdesk.ui.edits import Operation

    task10 = task_id(window.store, "10")

    class Broken(Operation):
        label = "修改状态"

        def apply(self, store):
            store.completions.set_completion(task10, UNIT, status="推进中", who=self.who)
            raise KeyError("programming error after the first write")
            return of_task(task10)

    seen = []
    window.ops.changed.connect(seen.append)
    assert window.ops.run(Broken()) is False
    assert window.store.completions.get_completion(task10, UNIT) is None
    assert completion_audit(window.store) == []
    assert window.ops.undo_stack.count() == 0 and seen == []
    dialogs = crash.open_dialogs()
    assert dialogs and "KeyError" in dialogs[-1].details.toPlainText()
    for d in dialogs:
        d.close()
