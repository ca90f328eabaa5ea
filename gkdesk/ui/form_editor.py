"""文件 → 填写任务分工落实情况表（附件1）: 本单位's 附件1 filled in row after row from the keyboard.

The sheet is laid out like the form that prints (the notice's columns, section rows across, 完成情况
wide); Tab and Enter save the cell and move to the next one the clerk fills, skipping the notice's
own columns. 打印预览 (Ctrl+P) shows the form exactly as it will print. 佐证材料 stay in the per-task
pane, where files can be dropped.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPushButton, QTableView,
    QVBoxLayout,
)

from gkdesk.domain.forms import COMPLETION_FORM, COMPLETION_LABEL

from .form_sheet import FormSheetModel, SheetDelegate
from .item_views import open_editor_on_input_method

_WIDE = {"text": 330, "completion": 360}
_NARROW = {"number": 48, "lead": 100, "responsible": 120, "deadline": 100}


class _SheetView(QTableView):
    """Tab / Shift+Tab (and Enter, through the delegate) walk only the cells the clerk fills."""

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt's name
        if action not in (self.CursorAction.MoveNext, self.CursorAction.MovePrevious):
            return super().moveCursor(action, modifiers)
        model, current = self.model(), self.currentIndex()
        cols = model.columnCount()
        cells = model.rowCount() * cols
        at = current.row() * cols + current.column() if current.isValid() else -1
        step = 1 if action == self.CursorAction.MoveNext else -1
        for k in range(1, cells + 1):
            pos = (at + step * k) % cells  # wraps round, as Tab does in a spreadsheet
            index = model.index(pos // cols, pos % cols)
            if model.flags(index) & Qt.ItemFlag.ItemIsEditable:
                return index
        return current


class FormEditor(QDialog):
    def __init__(self, window, parent=None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setWindowTitle(f"填写{COMPLETION_FORM}（{COMPLETION_LABEL}）— {window.unit}")
        self.model = FormSheetModel(window.ops, window.notice_id, window.unit, self)
        self.view = _SheetView()
        self.view.setModel(self.model)
        self.delegate = SheetDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        open_editor_on_input_method(self.view)
        self.view.setWordWrap(True)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self._lay_out()
        self.model.modelReset.connect(self._lay_out)
        self.model.dataChanged.connect(lambda *_: self.view.resizeRowsToContents())

        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b00020")
        self.preview_button = QPushButton("打印预览（Ctrl+P）")
        self.preview_button.clicked.connect(self.preview)
        QShortcut(QKeySequence("Ctrl+P"), self, self.preview)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        hint = QLabel("直接输入即可填写；Tab 或回车保存并转到下一格，Ctrl+Z 撤销。佐证材料请在主窗口的任务详情中添加。")
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problem, 1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        undo = getattr(window, "undo_action", None)
        if undo is not None:
            self.addAction(undo)  # Ctrl+Z works while the sheet has the focus
        self.delegate.closeEditor.connect(lambda *_: self.problem.setText(self.model.problem))
        self.resize(1280, 720)
        first = self.model.task_rows()
        if first:
            self.view.setCurrentIndex(self.model.index(first[0], self.model.fill_start()))

    def _lay_out(self) -> None:
        self.view.clearSpans()
        n = self.model.columnCount()
        for i, r in enumerate(self.model.rows):
            if r.task is None:
                self.view.setSpan(i, 0, 1, n)
        header = self.view.horizontalHeader()
        for c, (_, role) in enumerate(self.model.columns):
            header.resizeSection(c, _WIDE.get(role, _NARROW.get(role, 120)))
        start = self.model.fill_start()
        for k, width in enumerate((360, 72, 112, 200)):
            header.resizeSection(start + k, width)
        self.view.resizeRowsToContents()

    def preview(self):
        from .export_actions import print_form

        return print_form(self.window_, "mine")


def open_form_editor(window) -> FormEditor | None:
    if window.notice_id is None:
        QMessageBox.information(window, COMPLETION_FORM, "请先在左侧选择一份通知。")
        return None
    if not window.unit:
        QMessageBox.information(window, COMPLETION_FORM, "请先在“设置 → 本单位”中选择本单位。")
        return None
    dlg = FormEditor(window)
    dlg.show()
    return dlg


__all__ = ["FormEditor", "open_form_editor"]
