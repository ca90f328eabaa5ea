"""The import wizard driven as a clerk drives it: read, check, fix, 确认导入 — offscreen."""
from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QMessageBox, QTreeWidgetItem

from gkdesk.domain.model import ImportCancelled
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.ui import paste_import
from gkdesk.ui.import_wizard import (
    COL_DEADLINE,
    COL_LEAD,
    PAGE_CHANGES,
    PAGE_RESULT,
    ImportWizard,
)
from tests.fixtures.seed_docs import seed_path

WAIT_MS = 15_000


def open_wizard(qtbot, store: Store, **kwargs) -> ImportWizard:
    wizard = ImportWizard(store, **kwargs)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def wait_for_result(qtbot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == PAGE_RESULT, timeout=WAIT_MS)


def items(wizard: ImportWizard) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []
    stack = [wizard.tree.topLevelItem(i) for i in reversed(range(wizard.tree.topLevelItemCount()))]
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(item.child(i) for i in reversed(range(item.childCount())))
    return out


def task_row(wizard: ImportWizard, source_ref: str) -> QTreeWidgetItem:
    return next(i for i in items(wizard) if getattr(i.node, "source_ref", None) == source_ref)


def test_seed_000_read_fixed_and_imported(qtbot, store, seeds_dir):
    store.settings.own_unit = "区政府信息公开中心"
    wizard = open_wizard(qtbot, store, path=seed_path("000"))
    wait_for_result(qtbot, wizard)

    summary = wizard.summary_text()
    assert "万盛经开办〔2020〕9号" in summary
    assert "6 个部分、23 个小项、56 项任务" in summary
    assert "2020年8月14日 18:00前" in summary and "有（全区政府信息公开工作人员名单" in summary
    section = wizard.tree.topLevelItem(0)
    assert section.text(0) == "一、围绕贯彻落实党的十九届四中全会精神加强用权公开"
    row42 = task_row(wizard, "表1第42行")
    assert "沿用上一行" in row42.toolTip(0) and not row42.icon(0).isNull()
    assert not wizard.other_warnings.isVisible()  # its only warning sits on its row

    # Fix a subsection title the way a clerk does: double-click opens an editor, type, Enter.
    sub = section.child(0)
    wizard.tree.editItem(sub, 0)
    editor = wizard.tree.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "（一）以权责清单为依托，加强权力配置信息公开。"
    editor.setText("（一）以权责清单为依托，加强权力配置信息公开（修订）。")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits on its next event-loop turn
    qtbot.waitUntil(lambda: wizard.tree.state() != QAbstractItemView.State.EditingState)
    assert sub.text(0) == "（一）以权责清单为依托，加强权力配置信息公开（修订）。"
    # The task's own text is not the clerk's to rewrite here: no editor opens.
    wizard.tree.editItem(sub.child(0), 1)
    assert wizard.tree.state() != QAbstractItemView.State.EditingState

    task = sub.child(0)
    wizard.apply_edit(task, COL_DEADLINE, "2020年9月底前")
    assert task.text(COL_DEADLINE) == "2020年9月底前 → 2020-09-30"
    wizard.apply_edit(task, COL_LEAD, "党工委政法办，管委会办公室")
    assert task.text(COL_LEAD) == "党工委政法办、管委会办公室"

    with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS) as signal:
        qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    assert signal.args == [wizard.notice_id]
    assert not wizard.isVisible()
    stored = store.notices.load_result(wizard.notice_id)
    assert stored.notice.doc_number == "万盛经开办〔2020〕9号"
    assert stored.sections[0].subsections[0].title == "（一）以权责清单为依托，加强权力配置信息公开（修订）。"
    first = stored.sections[0].subsections[0].tasks[0]
    assert (first.deadline.kind, first.deadline.due) == ("date", date(2020, 9, 30))
    assert first.lead == ["党工委政法办", "管委会办公室"]
    assert len(stored.tasks()) == 56
    entry = store.audit.entries("notice", wizard.notice_id)[0]
    assert (entry.action, entry.who) == ("import", "区政府信息公开中心")  # who = 本单位


def test_bad_file_ends_with_its_message_and_stores_nothing(qtbot, store, tmp_path):
    empty = tmp_path / "通知.docx"
    empty.write_bytes(b"")
    wizard = open_wizard(qtbot, store, path=empty)
    qtbot.waitUntil(lambda: wizard.error_box.isVisible(), timeout=WAIT_MS)
    assert "文件为空。" in wizard.error_label.text()
    assert "没有保存任何内容" in wizard.error_label.text()
    assert not wizard.confirm_button.isVisible()
    assert wizard.cancel_button.text() == "关闭"
    assert store.notices.list_notices() == []


def test_cancel_while_reading_stores_nothing(qtbot, store, seeds_dir):
    started, gate = threading.Event(), threading.Event()
    path = seed_path("000")

    def slow_read(progress):
        def hook(percent: int, what: str) -> bool:
            if not started.is_set():
                started.set()
                gate.wait(10)  # a slow disk: the clerk presses 取消 meanwhile
            return progress(percent, what)

        return import_file(path, hook)

    wizard = open_wizard(qtbot, store, read=slow_read, source_label=path.name)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    assert wizard.job.wait(10)
    assert isinstance(wizard.job.error, ImportCancelled)
    qtbot.wait(50)  # let any queued signal arrive: none may show a result
    assert not wizard.isVisible() and wizard.result is None
    assert store.notices.list_notices() == []


def revised_copy(seeds_dir: Path, tmp_path: Path) -> tuple[Path, Path, str]:
    """Seed 003 and a copy of it in which one task is reworded."""
    original = seed_path("003")
    raw = original.read_text(encoding="utf-8")
    text = import_file(original).tasks()[3].text
    head = text[:14]
    assert raw.count(head) == 1
    revised = tmp_path / "泗政办秘〔2020〕49号（修订）.txt"
    revised.write_text(raw.replace(head, head + "逐项", 1), encoding="utf-8")
    return original, revised, text


def test_reimport_of_a_revised_notice_shows_the_changes_first(qtbot, store, seeds_dir, tmp_path):
    original, revised, _ = revised_copy(seeds_dir, tmp_path)
    first = store.notices.save_import(import_file(original))
    kept_task = store.notices.load_result(first.notice_id).tasks()[0].id
    store.completions.set_completion(kept_task, "县财政局", status="已完成", text="已按要求公开。")
    reworded_task = store.notices.load_result(first.notice_id).tasks()[3].id
    store.completions.set_completion(reworded_task, "县司法局", status="推进中", text="正在梳理。")

    wizard = open_wizard(qtbot, store, path=revised)
    wait_for_result(qtbot, wizard)
    counts = "新增 0 项、删除 0 项、修改 1 项、保留 47 项（其完成情况保留）"
    assert "任务台中已有这份通知" in wizard.banner.text() and counts in wizard.banner.text()
    qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == PAGE_CHANGES
    assert wizard.changes_counts.text() == counts and wizard.back_button.isVisible()
    # The reworded task's completion goes with it: the clerk sees which one before confirming.
    assert "1 条完成情况将一并删除" in wizard.dropped_label.text()
    assert wizard.dropped.count() == 1 and "县司法局：推进中，正在梳理。" in wizard.dropped.item(0).text()
    assert store.notices.load_result(first.notice_id).tasks()[3].text == import_file(original).tasks()[3].text
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == PAGE_RESULT
    qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS):
        qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)

    assert wizard.notice_id == first.notice_id and wizard.outcome.status == "revised"
    assert "逐项" in store.notices.load_result(first.notice_id).tasks()[3].text
    assert store.completions.get_completion(kept_task, "县财政局").status == "已完成"


def test_same_file_again_with_a_fix_is_saved_as_a_revision(qtbot, store, seeds_dir):
    path = seed_path("003")
    first = store.notices.save_import(import_file(path))
    wizard = open_wizard(qtbot, store, path=path)
    wait_for_result(qtbot, wizard)
    assert "已经导入过" in wizard.banner.text()
    task = next(i for i in items(wizard) if getattr(i.node, "source_ref", "") == "表1第2行")
    wizard.apply_edit(task, COL_DEADLINE, "2020年10月底前")
    assert "保留 48 项" in wizard.banner.text()  # no longer "unchanged": the fix would be lost
    qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS):
        qtbot.mouseClick(wizard.confirm_button, Qt.MouseButton.LeftButton)
    saved = store.notices.load_result(first.notice_id).tasks()[0]
    assert saved.deadline.due == date(2020, 10, 31)


def test_clipboard_html_is_preferred_over_text(qtbot, store, seeds_dir, monkeypatch):
    """A browser puts the table's HTML (with its rowspans) and a flattened text copy on the clipboard."""
    from tests.fixtures.seed_docs import WEB_FOOT_002, WEB_HEAD_002, web_table

    mime = QMimeData()
    mime.setHtml(WEB_HEAD_002.format(cs="utf-8") + web_table("002") + WEB_FOOT_002)
    mime.setText("一、这只是纯文本，不应被使用")
    assert paste_import.text_from_clipboard(mime) == ("html", mime.html())

    wizard = paste_import.open_paste(store, None, mime)
    qtbot.addWidget(wizard)
    wait_for_result(qtbot, wizard)
    assert "梁平府办发〔2021〕37号" in wizard.summary_text()
    assert wizard.result.source_format == "html"
    assert wizard.result.counts() == (5, 16, 45)
    wizard.reject()

    # Text only (copied from a plain editor): the text is imported.
    plain = QMimeData()
    plain.setText(seed_path("002").read_text(encoding="utf-8"))
    assert paste_import.text_from_clipboard(plain) == ("text", plain.text())
    wizard = paste_import.open_paste(store, None, plain)
    qtbot.addWidget(wizard)
    wait_for_result(qtbot, wizard)
    assert wizard.result.source_format == "pipe"
    wizard.reject()

    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    assert paste_import.open_paste(store, None, QMimeData()) is None
    assert told == ["剪贴板中没有文字。请先在网页或 Word 中复制通知内容。"]
    assert store.notices.list_notices() == []
