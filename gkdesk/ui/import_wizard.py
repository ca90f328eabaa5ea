"""导入通知: read the notice off the GUI thread, let the clerk check and fix it, then 确认导入.

Pages: 读取 (progress bar, 取消; a bad file ends here with its message and nothing stored) →
结果 (summary, the tree with each warning on its row, editable titles/units/deadlines, what
re-importing would change) → 变化 (only when the notice is already stored and would be revised).
Nothing touches the store before 确认导入 except ``preview_import``, which rolls itself back.
This module is the flow; the pages are ui/import_pages.py, the tree ui/import_tree.py, the words
and edit rules ui/import_review.py.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QStackedWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from gkdesk.domain.model import ImportResult, NoticeImportError
from gkdesk.file_types import file_filter
from gkdesk.importers import import_file, import_text
from gkdesk.store import SaveOutcome, Store, StoreError
from gkdesk.ui import file_dialogs
from gkdesk.ui.edits import ImportNotice
from gkdesk.ui.import_pages import ChangesPage, ReadingPage, ResultPage
from gkdesk.ui.import_review import COL_DEADLINE, COL_LEAD, COL_TEXT, apply_edit, banner_text, changes_texts, forget_same_file
from gkdesk.ui.import_tree import raw_text
from gkdesk.ui.operations import operations_for
from gkdesk.ui.worker import Job, Progress

__all__ = ["COL_DEADLINE", "COL_LEAD", "COL_TEXT", "FILE_FILTER", "PAGE_CHANGES", "PAGE_READING", "PAGE_RESULT",
           "ImportWizard", "Reader", "open_file"]

Reader = Callable[[Progress], ImportResult]  # what the worker runs: import_file, import_text …

PAGE_READING, PAGE_RESULT, PAGE_CHANGES = range(3)
FILE_FILTER = file_filter()


class ImportWizard(QDialog):
    """Give it a ``path``, a ``text`` or any ``read(progress)``; it reads, shows, and saves on 确认导入."""

    imported = Signal(int)  # notice id, once saved

    def __init__(self, store: Store, parent: QWidget | None = None, *, path: str | Path | None = None,
                 text: str | None = None, read: Reader | None = None, source_label: str = "") -> None:
        super().__init__(parent)
        if read is None:
            if path is not None:
                read, source_label = partial(import_file, path), source_label or Path(path).name
            elif text is not None:
                read, source_label = partial(import_text, text, "粘贴的文本"), source_label or "粘贴的文本"
            else:
                raise ValueError("ImportWizard needs path, text or read")
        self.store = store
        self.ops = operations_for(store, parent)
        self.save_job: Job | None = None  # 确认导入 runs on a worker too
        self.result: ImportResult | None = None
        self.preview: SaveOutcome | None = None  # what 确认导入 would do
        self.outcome: SaveOutcome | None = None  # what it did
        self.notice_id: int | None = None
        self.edited = False
        self.setWindowTitle("导入通知")
        self.resize(1100, 700)
        self.reading_page = ReadingPage(source_label)
        self.result_page = ResultPage(self.apply_edit)
        self.changes_page = ChangesPage()
        # The widgets callers and tests look at, by the names they had on the wizard.
        self.error_box, self.error_label = self.reading_page.error_box, self.reading_page.error_label
        self.banner, self.doubt_box, self.tree = self.result_page.banner, self.result_page.doubt_box, self.result_page.tree
        self.other_warnings = self.result_page.other_warnings
        self.changes_counts, self.dropped_label, self.dropped = (
            self.changes_page.changes_counts, self.changes_page.dropped_label, self.changes_page.dropped)
        self.stack = QStackedWidget()
        for page in (self.reading_page, self.result_page, self.changes_page):
            self.stack.addWidget(page)
        self.back_button = QPushButton("上一步")
        self.confirm_button = QPushButton("确认导入")
        self.cancel_button = QPushButton("取消")
        self.back_button.clicked.connect(lambda: self._go(PAGE_RESULT))
        self.confirm_button.clicked.connect(self._confirm)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.confirm_button, self.cancel_button):
            # No default button: Enter in the tree (or after an edit) must never import by itself.
            b.setAutoDefault(False)
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.stack, 1)
        lay.addLayout(buttons)
        self._go(PAGE_READING)
        self.job = Job(read, expected=(NoticeImportError,))
        self.job.progress.connect(self.reading_page.progress)
        self.job.finished.connect(self._on_read)
        self.job.failed.connect(self._on_failed)
        self.job.start()

    def _go(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.back_button.setVisible(page == PAGE_CHANGES)
        self.confirm_button.setVisible(page != PAGE_READING)

    # -- reading -------------------------------------------------------------------------------
    def _on_failed(self, message: str) -> None:
        self.reading_page.failed(message)
        self.cancel_button.setText("关闭")

    def _on_read(self, result: ImportResult) -> None:
        self.result = result
        self.result_page.show_result(result)
        self._refresh_preview()
        self._go(PAGE_RESULT)

    # -- edits ---------------------------------------------------------------------------------
    def raw_text(self, item: QTreeWidgetItem | None, column: int) -> str | None:
        """The text an edit of this cell starts from; None when the cell is not editable."""
        return raw_text(item, column)

    def apply_edit(self, item: QTreeWidgetItem, column: int, text: str) -> None:
        """The clerk's fix of one cell, written into the import result (the store waits for 确认导入)."""
        if self.result is None or not apply_edit(self.result, item.node, column, text):
            return
        self.tree.show_row(item)
        self.edited = True
        if forget_same_file(self.result, self.preview):
            self._refresh_preview()

    # -- saving --------------------------------------------------------------------------------
    def _refresh_preview(self) -> None:
        assert self.result is not None
        try:
            self.preview = self.store.notices.preview_import(self.result)
        except StoreError as exc:
            self.preview = None
            self.banner.setText(f"无法读取任务台中的数据：{exc}")
            return
        self.banner.setText(banner_text(self.result, self.preview))

    def _confirm(self) -> None:
        if self.stack.currentIndex() == PAGE_RESULT and self.preview is not None and self.preview.status == "revised":
            self._refresh_preview()  # completions may have changed since the page opened
            if self.preview is None:  # the store could not be read: the banner says why
                return
            self.changes_page.show_changes(*changes_texts(self.result, self.preview))
            self._go(PAGE_CHANGES)
            return
        self._save()

    def _save(self) -> None:
        assert self.result is not None
        if self.save_job is not None and self.save_job.is_running:
            return
        self._op = ImportNotice(self.result)
        self.confirm_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.banner.setText("正在保存……（可点“取消”放弃，什么都不会保存）")
        self.save_job = self.ops.start(self._op, parent=self)
        self.save_job.finished.connect(self._saved)
        self.save_job.failed.connect(self._save_failed)  # the helper has said why
        self.save_job.cancelled.connect(self._save_failed)

    def _saved(self, _changes) -> None:
        outcome = self._op.outcome
        assert outcome is not None
        self.notice_id = outcome.notice_id
        self.outcome = outcome
        self.imported.emit(outcome.notice_id)
        self.accept()

    def _save_failed(self, *_a) -> None:
        self.confirm_button.setEnabled(True)
        self.back_button.setEnabled(True)
        if self.preview is not None and self.result is not None:
            self.banner.setText(banner_text(self.result, self.preview))

    def reject(self) -> None:
        self.job.cancel()  # reading stops at its next stage; nothing was stored
        self.job.blockSignals(True)  # a closed wizard hears nothing more from its reader
        if self.save_job is not None:
            self.save_job.cancel()  # a save not yet committed rolls back
        super().reject()

    # -- for callers and tests -----------------------------------------------------------------
    def summary_text(self) -> str:
        """Everything the result page says above the tree, as one string."""
        return self.result_page.summary_text()


def open_file(store: Store, parent: QWidget | None = None, path: str | Path | None = None) -> ImportWizard | None:
    """导入通知 (Ctrl+O, a dropped file, ``gkdesk FILE``): ask for a file unless given one, open the
    wizard window-modal and return it (connect ``imported``); None when the clerk chose nothing."""
    if path is None:
        path, _ = file_dialogs.get_open_file_name(parent, "导入通知", "", FILE_FILTER)
        if not path:
            return None
    wizard = ImportWizard(store, parent, path=path)
    if parent is not None:
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # the parent would keep it forever
    wizard.open()
    return wizard
