"""导入通知: read the notice off the GUI thread, let the clerk check and fix it, then 确认导入.

Pages: 读取 (progress bar, 取消; a bad file ends here with its message and nothing stored) →
结果 (summary, the tree with each warning on its row, editable titles/units/deadlines, what
re-importing would change) → 变化 (only when the notice is already stored and would be revised).
Nothing touches the store before 确认导入 except ``preview_import``, which rolls itself back.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.model import (
    ImportResult,
    NoticeImportError,
    Section,
    Subsection,
    Task,
)
from gkdesk.file_types import file_filter
from gkdesk.importers import import_file, import_text
from gkdesk.store import SaveOutcome, Store, StoreError
from gkdesk.ui.import_review import (  # noqa: F401 - the words are re-exported for callers
    COL_DEADLINE,
    COL_LEAD,
    COL_NUMBER,
    COL_RESP,
    COL_TEXT,
    COLUMNS,
    KIND_LABELS,
    apply_edit,
    banner_text,
    change_counts,
    changes_texts,
    counts_text,
    editable_text,
    forget_same_file,
    hint_text,
    other_warnings,
    summary_rows,
    task_view,
    tree_rows,
)
from gkdesk.ui.edits import ImportNotice
from gkdesk.ui.operations import operations_for
from gkdesk.ui.worker import Job, Progress
from gkdesk.ui import file_dialogs

Reader = Callable[[Progress], ImportResult]  # what the worker runs: import_file, import_text …

PAGE_READING, PAGE_RESULT, PAGE_CHANGES = range(3)
FILE_FILTER = file_filter()
WARN_BACKGROUND = QColor("#fff4d6")


class _Row(QTreeWidgetItem):
    """One tree row and the domain object it shows; edits go straight into that object."""

    def __init__(self, parent: QTreeWidget | QTreeWidgetItem, node: Section | Subsection | Task,
                 warnings: list[str]) -> None:
        super().__init__(parent)
        self.node = node
        self.warnings = warnings  # the import's warnings about this row, kept in its tooltips
        self.setFlags(self.flags() | Qt.ItemFlag.ItemIsEditable)  # the delegate picks the columns


class _EditDelegate(QStyledItemDelegate):
    """Opens an editor only on cells the clerk may fix, filled with the raw text, not the label."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard.tree)
        self.wizard = wizard

    def createEditor(self, parent, option, index):
        if self.wizard.raw_text(self.wizard.tree.itemFromIndex(index), index.column()) is None:
            return None
        return super().createEditor(parent, option, index)

    def setEditorData(self, editor, index) -> None:
        editor.setText(self.wizard.raw_text(self.wizard.tree.itemFromIndex(index), index.column()) or "")

    def setModelData(self, editor, model, index) -> None:
        self.wizard.apply_edit(self.wizard.tree.itemFromIndex(index), index.column(), editor.text())


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
        self.stack = QStackedWidget()
        self.stack.addWidget(self._reading_page(source_label))
        self.stack.addWidget(self._result_page())
        self.stack.addWidget(self._changes_page())
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
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_read)
        self.job.failed.connect(self._on_failed)
        self.job.start()

    # -- pages ---------------------------------------------------------------------------------
    def _reading_page(self, label: str) -> QWidget:
        page = QWidget()
        self.source_label = label
        self.heading = QLabel(f"正在读取：{label}")
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.stage = QLabel("准备读取……")
        self.error_icon = QLabel()
        self.error_icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32))
        self.error_label = QLabel()
        self.error_label.setObjectName("importError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_icon, 0, Qt.AlignmentFlag.AlignTop)
        error_row.addWidget(self.error_label, 1)
        self.error_box = QWidget()
        self.error_box.setLayout(error_row)
        self.error_box.hide()
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        for w in (self.heading, self.bar, self.stage, self.error_box):
            lay.addWidget(w)
        lay.addStretch(2)
        return page

    def _result_page(self) -> QWidget:
        page = QWidget()
        self.banner = QLabel()
        self.banner.setObjectName("statusBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("#statusBanner { background: #eef4fb; border: 1px solid #b8cce4; padding: 6px; }")
        self.summary = QFormLayout()
        self.summary.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.tree = QTreeWidget()
        self.tree.setObjectName("importTree")
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setItemDelegate(_EditDelegate(self))
        self.tree.setEditTriggers(QTreeWidget.EditTrigger.DoubleClicked | QTreeWidget.EditTrigger.EditKeyPressed)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(16)  # tasks sit two levels deep; their 编号 shares column 0
        header = self.tree.header()
        header.setStretchLastSection(False)
        for col, width in ((COL_NUMBER, 116), (COL_LEAD, 170), (COL_RESP, 210), (COL_DEADLINE, 190)):
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel(hint_text(0))
        # The tree itself may be wrong (domain/plausibility.py): said above it, before anything is saved.
        self.doubt_box = QLabel()
        self.doubt_box.setObjectName("doubtBanner")
        self.doubt_box.setWordWrap(True)
        self.doubt_box.setStyleSheet("#doubtBanner { background: #fff4e0; border: 1px solid #e0a040; padding: 6px; }")
        self.doubt_box.hide()
        self.other_label = QLabel("其他提示：")
        self.other_warnings = QListWidget()
        self.other_warnings.setMaximumHeight(72)
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.banner)
        lay.addWidget(self.doubt_box)
        lay.addLayout(self.summary)
        lay.addWidget(self.hint)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.other_label)
        lay.addWidget(self.other_warnings)
        return page

    def _changes_page(self) -> QWidget:
        page = QWidget()
        self.changes_heading = QLabel()
        self.changes_heading.setWordWrap(True)
        self.changes_counts = QLabel()
        self.changes_counts.setObjectName("changeCounts")
        self.changes_counts.setStyleSheet("#changeCounts { font-size: 16px; font-weight: bold; }")
        self.dropped_label = QLabel()
        self.dropped_label.setWordWrap(True)
        self.dropped = QListWidget()
        lay = QVBoxLayout(page)
        for w in (self.changes_heading, self.changes_counts, self.dropped_label):
            lay.addWidget(w)
        lay.addWidget(self.dropped, 10)
        lay.addStretch(1)  # keeps the lines together at the top when there is no list
        return page

    def _go(self, page: int) -> None:
        self.stack.setCurrentIndex(page)
        self.back_button.setVisible(page == PAGE_CHANGES)
        self.confirm_button.setVisible(page != PAGE_READING)

    # -- reading -------------------------------------------------------------------------------
    def _on_progress(self, percent: int, what: str) -> None:
        self.bar.setValue(percent)
        self.stage.setText(f"{what}……")

    def _on_failed(self, message: str) -> None:
        self.bar.hide()
        self.stage.hide()
        self.heading.setText(f"无法导入：{self.source_label}")
        self.error_label.setText(f"{message}\n\n没有保存任何内容。")
        self.error_box.show()
        self.cancel_button.setText("关闭")

    def _on_read(self, result: ImportResult) -> None:
        self.result = result
        for label, value in summary_rows(result):
            field = QLabel(value)
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.summary.addRow(f"{label}：", field)
        self._fill_tree(result)
        self._refresh_preview()
        self._go(PAGE_RESULT)

    # -- the tree ------------------------------------------------------------------------------
    def _fill_tree(self, result: ImportResult) -> None:
        self.doubt_box.setText("⚠ 导入结果可能不对：\n" + "\n".join(result.doubts))
        self.doubt_box.setVisible(bool(result.doubts))
        self.tree.clear()
        items: dict[int, _Row] = {}  # id(node) → its row, for the rows that hang under it
        marked = 0
        for node, parent, warnings in tree_rows(result):
            row = _Row(items[id(parent)] if parent is not None else self.tree, node, warnings)
            items[id(node)] = row
            if isinstance(node, Task):
                self._show_task(row)
                marked += len(warnings)
            else:
                self._show_title(row)
                row.setFirstColumnSpanned(True)
                if parent is None:  # a section
                    font = row.font(0)
                    font.setBold(True)
                    row.setFont(0, font)
        self.tree.expandAll()
        other = other_warnings(result)
        self.other_warnings.clear()
        self.other_warnings.addItems(other)
        self.other_label.setVisible(bool(other))
        self.other_warnings.setVisible(bool(other))
        self.hint.setText(hint_text(marked))

    def _show_title(self, row: _Row) -> None:
        row.setText(0, row.node.title)
        row.setToolTip(0, row.node.title)

    def _show_task(self, row: _Row) -> None:
        view = task_view(row.node, row.warnings)
        for col, (text, tip) in enumerate(zip(view.texts, view.tips)):
            row.setText(col, text)
            row.setToolTip(col, tip)
            if view.warned:
                row.setBackground(col, QBrush(WARN_BACKGROUND))
        if view.warned:
            row.setIcon(COL_NUMBER, self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))

    # -- edits ---------------------------------------------------------------------------------
    def raw_text(self, item: QTreeWidgetItem | None, column: int) -> str | None:
        """The text an edit of this cell starts from; None when the cell is not editable."""
        return editable_text(getattr(item, "node", None), column)

    def apply_edit(self, item: QTreeWidgetItem, column: int, text: str) -> None:
        """The clerk's fix of one cell, written into the import result (the store waits for 确认导入)."""
        if self.result is None or not apply_edit(self.result, item.node, column, text):
            return
        if isinstance(item.node, Task):
            self._show_task(item)
        else:
            self._show_title(item)
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
            heading, counts, dropped_note, dropped = changes_texts(self.result, self.preview)
            self.changes_heading.setText(heading)
            self.changes_counts.setText(counts)
            self.dropped_label.setText(dropped_note)
            self.dropped.clear()
            self.dropped.addItems(dropped)
            self.dropped.setVisible(bool(dropped))
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
        parts = [self.banner.text()]
        for r in range(self.summary.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole):
                item = self.summary.itemAt(r, role)
                if item is not None and isinstance(item.widget(), QLabel):
                    parts.append(item.widget().text())
        return "\n".join(parts)


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
