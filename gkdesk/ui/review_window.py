"""审核 window: every responsible unit's entry of one task side by side, each marked 通过 or 退回.

Read from store/review.py (entries); every mark goes through Operations (ui/review_edits.py), so
undo, the 历史 tab and the task tree follow the one broadcast.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout,
)

from gkdesk.store import StoreError
from gkdesk.domain.review import PASSED, RETURNED, WARNING_COLOURS, ReviewError, check_transition, warning_label

from .changes import Changes
from .operations import operations_for
from .review_edits import SetReview

COLUMNS = ("单位", "状态", "完成情况", "开始日期", "完成日期", "公开路径", "佐证材料", "预警", "审核", "退回原因")
STATE_COLOURS = {PASSED: QColor("#1E7B34"), RETURNED: QColor("#B02020")}
STATE_MARKS = {PASSED: "✔ ", RETURNED: "✘ "}  # not colour alone: reads in black-and-white print


class ReviewWindow(QDialog):
    def __init__(self, store, task_id: int, parent=None, reviewer: str | None = None) -> None:
        super().__init__(parent)
        self.store, self.task_id, self.reviewer = store, task_id, reviewer
        self.ops = operations_for(store, parent)
        number = store.reviews.task_number(task_id)
        text = store.reviews.task_text(task_id)
        self.setWindowTitle(f"审核：第{number}项")
        self.resize(1100, 560)
        head = QLabel(f"<b>第{number}项</b>　{text}")
        head.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for col, w in ((0, 110), (1, 72), (3, 86), (4, 86), (5, 150), (6, 120), (7, 86), (8, 70), (9, 160)):
            self.table.setColumnWidth(col, w)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("退回原因（退回时必填，单位下次的填报表中会看到）")
        self.pass_button = QPushButton("通过")
        self.return_button = QPushButton("退回")
        self.pass_button.clicked.connect(lambda: self.mark(PASSED))
        self.return_button.clicked.connect(lambda: self.mark(RETURNED))
        self.message = QLabel()
        self.message.setStyleSheet("color:#B02020")
        row = QHBoxLayout()
        row.addWidget(QLabel("选中一个单位后："))
        row.addWidget(self.reason, 1)
        row.addWidget(self.pass_button)
        row.addWidget(self.return_button)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.message)
        self.ops.changed.connect(self._on_changes)
        self.reload()
        if self.table.rowCount():
            self.table.selectRow(0)

    def reload(self) -> None:
        self.entries = self.store.reviews.entries(self.task_id)
        current = self.table.currentRow()
        self.table.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            values = [e.unit, e.status, e.text, e.started_on or "", e.completed_on or "", "\n".join(e.links),
                      "、".join(e.evidence), warning_label(e.warning), STATE_MARKS.get(e.state, "") + e.state, e.reason]
            for j, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                if j == 8 and e.state in STATE_COLOURS:
                    item.setForeground(STATE_COLOURS[e.state])
                if j == 7:
                    item.setForeground(QColor(WARNING_COLOURS[e.warning]))
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        if 0 <= current < len(self.entries):
            self.table.selectRow(current)

    def unit_at(self, row: int) -> str:
        return self.entries[row].unit

    def select_unit(self, unit: str) -> None:
        self.table.selectRow(next(i for i, e in enumerate(self.entries) if e.unit == unit))

    def mark(self, state: str) -> bool:
        """Mark the selected unit's entry; a 退回 without a reason is refused here, in Chinese."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.entries):
            self.message.setText("请先在表中选中一个单位。")
            return False
        e = self.entries[row]
        reason = self.reason.text().strip() if state == RETURNED else ""
        try:
            check_transition(e.state, state, reason)  # the domain's rule, checked before the write
        except ReviewError as exc:
            self.message.setText(str(exc))
            self.reason.setFocus()
            return False
        if not self.ops.run(SetReview(self.task_id, e.unit, state, reason, self.reviewer), self):
            return False
        self.message.setText("")
        self.reason.clear()
        return True

    def _on_changes(self, changes: Changes) -> None:
        if self.task_id in changes.completions or changes.tasks_removed:
            try:
                self.reload()
            except StoreError:  # the task was removed by a revision: nothing to show
                self.table.setRowCount(0)


__all__ = ["ReviewWindow"]
