"""Issue 14 item 2: typing while another window or process holds the store (a long import).

Before: the save failed after the busy timeout, the error went only to the exception hook, nothing
was stored and an undo entry was left. Now: nothing on the undo stack until the save commits, the
clerk is told in Chinese and may press 重试, and the words typed are kept and saved by themselves
once the store is free — also after switching to another task.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest

from gkdesk.store import Store
from gkdesk.store.errors import MSG_BUSY
from gkdesk.ui.main_window import MainWindow
from gkdesk.ui.operations import MSG_KEPT, Operations
from tests.fixtures.small_store import small_notice, task_ids

pytestmark = pytest.mark.reliability
UNIT = "区财政局"
WORDS = "已在政府门户网站公开惠企政策清单，编制政策汇编一册。"


@pytest.fixture
def window(qtbot, data_home):
    seed = Store.open(data_home)
    seed.notices.save_import(small_notice())
    seed.settings.own_unit = UNIT
    seed.close()
    store = Store.open(data_home, timeout_ms=100)  # the desk's store, with a short busy timeout
    w = MainWindow(store, date(2022, 7, 1))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.ops._pending.clear()
    w.close()
    store.close()


@contextmanager
def other_writer(folder):
    """Another process's long import: a write transaction held open."""
    other = Store.open(folder)
    try:
        with other.db.transaction():
            other.settings.set("held_by", "导入通知")
            yield
    finally:
        other.close()


def asked(monkeypatch, answers):
    """Replace the 重试 box; each question is recorded, the answers are given in turn."""
    questions = []

    def ask_retry(self, title, text, parent, later):
        questions.append((title, text, later))
        return answers.pop(0) if answers else False

    monkeypatch.setattr(Operations, "ask_retry", ask_retry)
    return questions


def stored_text(store, task) -> str | None:
    comp = store.completions.get_completion(task, UNIT)
    return comp.text if comp else None


def test_words_typed_while_locked_are_kept_and_saved_when_the_store_is_free(qtbot, window, monkeypatch,
                                                                           reliability_figures):
    questions = asked(monkeypatch, [False])  # 稍后自动保存
    store, editor = window.store, window.detail.editor
    task = task_ids(store)[0]
    window.show_task(task)
    with other_writer(store.directory):
        editor.text.setPlainText(WORDS)
        editor.flush()
        assert stored_text(store, task) is None
        assert window.ops.undo_stack.count() == 0  # no undo entry for a save that did not happen
        assert questions == [("修改完成情况暂未保存", f"{MSG_BUSY}\n\n{MSG_KEPT}", True)]
        assert editor.unsaved.isVisible()
        # The clerk goes to another task and back: the words are still there.
        window.show_task(task_ids(store)[1])
        window.show_task(task)
        assert editor.text.toPlainText() == WORDS
        assert window.ops.retry_pending() is False  # still busy: kept, nothing lost
    qtbot.waitUntil(lambda: window.ops.pending_count == 0, timeout=8000)  # the quiet retry
    assert stored_text(store, task) == WORDS
    assert window.ops.undo_stack.count() == 1 and not editor.unsaved.isVisible()
    entry = store.audit.entries("completion")[-1]
    assert (entry.detail["op"], entry.detail["text"], entry.detail["unit"]) == ("修改完成情况", WORDS, UNIT)
    reliability_figures.record("typing_locked", saves=1)


def test_retry_pressed_once_the_other_window_is_done_saves_at_once(qtbot, window, monkeypatch, reliability_figures):
    store, editor = window.store, window.detail.editor
    task = task_ids(store)[0]
    window.show_task(task)
    holder = other_writer(store.directory)
    holder.__enter__()

    def ask_retry(self, title, text, parent, later):
        holder.__exit__(None, None, None)  # the import finished while the box was open
        return True

    monkeypatch.setattr(Operations, "ask_retry", ask_retry)
    editor.text.setPlainText(WORDS)
    editor.flush()
    assert stored_text(store, task) == WORDS
    assert window.ops.pending_count == 0 and window.ops.undo_stack.count() == 1
    reliability_figures.record("typing_locked", saves=1)


def test_a_later_edit_of_the_same_field_replaces_the_kept_one(qtbot, window, monkeypatch, reliability_figures):
    asked(monkeypatch, [False])
    store, editor = window.store, window.detail.editor
    task = task_ids(store)[0]
    window.show_task(task)
    with other_writer(store.directory):
        editor.text.setPlainText("已公开")
        editor.flush()
        editor.text.setPlainText(WORDS)
        editor.flush()
        assert window.ops.pending_count == 1
    assert window.ops.retry_pending() is True
    assert stored_text(store, task) == WORDS
    window.undo_action.trigger()  # one undo step brings back the empty text
    assert stored_text(store, task) == ""
    reliability_figures.record("typing_locked", saves=1)


def test_closing_with_a_kept_save_asks_and_can_still_save_it(qtbot, window, monkeypatch, reliability_figures):
    from PySide6.QtWidgets import QMessageBox

    asked(monkeypatch, [False])
    store, editor = window.store, window.detail.editor
    task = task_ids(store)[0]
    window.show_task(task)
    told = []
    with other_writer(store.directory):
        editor.text.setPlainText(WORDS)
        editor.flush()

        def exec_(box):
            told.append(box.text())
            # 取消: the window stays open.
            box.exec_result = [b for b in box.buttons() if b.text() == "取消"][0]
            return 0

        monkeypatch.setattr(QMessageBox, "exec", exec_)
        monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.exec_result)
        assert window.ops.settle_pending(window) is False
        assert "有 1 处修改尚未保存" in told[0]
    assert window.ops.settle_pending(window) is True  # the other writer is done: saved
    assert stored_text(store, task) == WORDS
    reliability_figures.record("typing_locked", saves=1)
