"""First-run welcome dialog, driven as a clerk drives it — offscreen."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from gkdesk.ui.welcome import (
    PAGE_DATA,
    PAGE_START,
    PAGE_UNIT,
    WelcomeDialog,
    sample_notice,
    should_welcome,
)


def open_dialog(qtbot, store) -> WelcomeDialog:
    dlg = WelcomeDialog(store)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_sample_is_bundled():
    sample = sample_notice()
    assert sample is not None and sample.suffix == ".docx" and "示例" in sample.name


def test_open_sample_then_unit_then_finish(qtbot, store, tmp_path):
    assert should_welcome(store)
    dlg = open_dialog(qtbot, store)
    assert dlg.current_page() == PAGE_START
    qtbot.mouseClick(dlg.sample_button, Qt.MouseButton.LeftButton)

    # the sample notice is stored, with all 56 tasks
    assert dlg.imported_notice_id is not None and dlg.chosen_path is None
    notices = store.notices.list_notices()
    assert len(notices) == 1
    result = store.notices.load_result(dlg.imported_notice_id)
    assert len(list(result.tasks())) == 56
    assert not should_welcome(store)  # a notice exists now

    # 本单位: the combo offers the notice's concrete units
    assert dlg.current_page() == PAGE_UNIT
    items = [dlg.unit_combo.itemText(i) for i in range(dlg.unit_combo.count())]
    assert "财政局" in items and "管委会办公室" in items
    assert "各镇街" not in items  # group words are not units
    dlg.unit_combo.setCurrentIndex(items.index("财政局"))
    qtbot.mouseClick(dlg.next_button, Qt.MouseButton.LeftButton)
    assert store.settings.own_unit == "财政局"

    # where the data lives
    assert dlg.current_page() == PAGE_DATA
    assert str(store.directory) in dlg.folder_label.text()
    assert dlg.next_button.text() == "开始使用"
    shot = Path(os.environ.get("GKDESK_WELCOME_SHOT", str(tmp_path / "welcome.png")))
    assert dlg.grab().save(str(shot))

    assert store.settings.get("welcomed") is None
    qtbot.mouseClick(dlg.next_button, Qt.MouseButton.LeftButton)
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert store.settings.get("welcomed") is True


def test_choose_file_returns_path_for_the_wizard(qtbot, store, monkeypatch):
    dlg = open_dialog(qtbot, store)
    monkeypatch.setattr(dlg, "_ask_path", lambda: "/tmp/通知.docx")
    qtbot.mouseClick(dlg.import_button, Qt.MouseButton.LeftButton)
    assert dlg.chosen_path == "/tmp/通知.docx"
    assert dlg.imported_notice_id is None
    assert store.notices.list_notices() == []  # the caller's import wizard imports it
    assert dlg.current_page() == PAGE_UNIT
    dlg.unit_combo.setEditText("区财政局")  # typed: no notice yet
    dlg.next()
    dlg.next()
    assert store.settings.own_unit == "区财政局"
    assert store.settings.get("welcomed") is True
    assert not should_welcome(store)


def test_cancelled_file_dialog_stays_on_first_page(qtbot, store, monkeypatch):
    dlg = open_dialog(qtbot, store)
    monkeypatch.setattr(dlg, "_ask_path", lambda: "")
    dlg.choose_file()
    assert dlg.chosen_path is None and dlg.current_page() == PAGE_START


def test_skip_without_notice_or_unit(qtbot, store):
    dlg = open_dialog(qtbot, store)
    dlg.next()
    assert dlg.current_page() == PAGE_UNIT
    dlg.back()
    assert dlg.current_page() == PAGE_START
    dlg.next()
    dlg.next()
    dlg.next()
    assert store.settings.own_unit == ""
    assert store.settings.get("welcomed") is True
