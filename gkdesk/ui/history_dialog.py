"""文件 → 操作历史…: imports, revisions, take-backs and deletions, newest first, each revertible
any day after as a compensating operation (audited as "撤销 …") through ui/operations.

What can be reverted, and why not, is the store's answer (store.history, store/op_history.py);
the reverters below only turn an entry into the operation and the question the clerk confirms.
Reverts run on the worker behind a progress dialog: writing back a large notice takes a while.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QProgressDialog,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from gkdesk.store import Store
from gkdesk.store.op_history import REVERTIBLE, HistoryEntry

from .changes import Changes
from .collection_edits import RevertTakeBack
from .edits import Operation, RevertImport, plan_revert
from .notice_edits import RestoreNotice
from .operations import operations_for

COLUMNS = ("时间", "操作", "内容", "操作人", "能否撤销")


def _revert_import(store: Store, e: HistoryEntry) -> tuple[Operation, str] | str:
    plan = plan_revert(store, e.entity_id) if e.entity_id is not None else None
    if plan is None:
        return "这份通知没有可以撤销的导入。"
    return RevertImport(plan.notice_id), plan.question()


def _revert_take_back(_store: Store, e: HistoryEntry) -> tuple[Operation, str]:
    assert e.entity_id is not None
    return RevertTakeBack(e.entity_id, e.notice_id), (
        f"撤销导入回执{e.what}？这份回执写入的完成情况将改回导入前的内容，回执记录一并删除。（会记入操作历史）")


def _restore_notice(_store: Store, e: HistoryEntry) -> tuple[Operation, str]:
    assert e.deletion_id is not None
    return RestoreNotice(e.deletion_id), (
        f"恢复已删除的通知{e.what}？它的任务、完成情况、佐证材料、人员名单、审核记录和回执都将原样恢复。（会记入操作历史）")


# action → what reverting it does: (the operation, the question) or a sentence why not.
REVERTERS: dict[str, Callable[[Store, HistoryEntry], tuple[Operation, str] | str]] = {
    "import": _revert_import,
    "take_back": _revert_take_back,
    "delete": _restore_notice,
}
assert set(REVERTERS) == set(REVERTIBLE)


class HistoryDialog(QDialog):
    def __init__(self, store: Store, parent=None, notice_id: int | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ops = operations_for(store, parent)
        self.setWindowTitle("操作历史")
        self.setObjectName("history")
        self.resize(1100, 560)
        self.entries: list[HistoryEntry] = []
        self.job = None

        hint = QLabel("导入通知、修订、导入回执和删除通知都记在这里，可以在之后任何一天撤销（撤销本身也会记入）。")
        hint.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # One line a row, the rest in the tooltip and, for the selected row, in the line below.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = self.table.horizontalHeader()
        for col, width in enumerate((140, 96, 0, 110, 300)):
            if width:
                self.table.setColumnWidth(col, width)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.revert_button = QPushButton("撤销此操作")
        self.revert_button.clicked.connect(self.revert_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.revert_button)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(buttons)

        self.table.itemSelectionChanged.connect(self._selected)
        self.ops.changed.connect(self._on_changes)
        self.reload()
        self.select_notice(notice_id)

    # -- the list ----------------------------------------------------------------------------------
    def reload(self) -> None:
        keep = self.current.key if self.current else None
        self.entries = self.store.history.entries()
        self.table.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            who = e.who or "（未设置本单位）"
            if e.channel and e.channel != "桌面":
                who = f"{who}（{e.channel}）"
            state = "可以撤销" if e.can_revert else (e.reason if e.action in REVERTIBLE else "")
            for j, text in enumerate((e.at, e.kind, e.what, who, state)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if j == 4 and not e.can_revert:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.table.setItem(i, j, item)
        if keep is not None:
            self.select_entry(*keep)
        self._selected()

    @property
    def current(self) -> HistoryEntry | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.entries[min(rows)] if rows and min(rows) < len(self.entries) else None

    def select_entry(self, audit_id: int, part: int = 0) -> bool:
        """Select a row by its audit entry (part: which of the entry's parts, e.g. one return of a
        take-back of several)."""
        for i, e in enumerate(self.entries):
            if e.key == (audit_id, part):
                self.table.selectRow(i)
                return True
        return False

    def select_notice(self, notice_id: int | None) -> None:
        """Start on the newest entry about a notice (opened from the notice list's menu)."""
        for i, e in enumerate(self.entries):
            if notice_id is not None and e.notice_id == notice_id:
                self.table.selectRow(i)
                return

    def _selected(self) -> None:
        e = self.current
        self.revert_button.setEnabled(e is not None and e.action in REVERTIBLE)
        if e is None:
            self.reason.setText("")
        elif e.can_revert:
            self.reason.setText(f"{e.kind}{e.what}：可以撤销。")
        else:
            self.reason.setText(f"{e.kind}：{e.reason}")

    def _on_changes(self, _changes: Changes) -> None:
        self.reload()

    # -- reverting ---------------------------------------------------------------------------------
    def revert_selected(self):
        """撤销此操作: True/the running Job when started, False when refused or not confirmed."""
        shown = self.current
        if shown is None:
            return False
        e = self.store.history.get(*shown.key)  # asked again: the store may have moved on
        if e is None or not e.can_revert:
            why = e.reason if e is not None else "这条记录已不存在。"
            QMessageBox.information(self, "无法撤销", f"不能撤销这次“{shown.kind}”：{why}")
            return False
        made = REVERTERS[e.action](self.store, e)
        if isinstance(made, str):
            QMessageBox.information(self, "无法撤销", made)
            return False
        op, question = made
        op.label = f"撤销 {e.kind}"
        if QMessageBox.question(self, "撤销此操作", question) != QMessageBox.StandardButton.Yes:
            return False
        if self.store.db.path is None:  # an in-memory store has no second connection for a worker
            return self.ops.run(op, parent=self)
        return self._on_worker(op)

    def _on_worker(self, op: Operation):
        dlg = QProgressDialog(f"正在{op.label}…", "取消", 0, 100, self)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)
        job = self.ops.start(op, parent=self)
        dlg.canceled.connect(job.cancel)
        job.progress.connect(lambda p, _w: dlg.setValue(p))
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_a: dlg.close())
        self.job = job  # kept alive until it ends
        return job


def open_history(window, notice_id: int | None = None) -> HistoryDialog:
    dlg = HistoryDialog(window.store, window, notice_id=notice_id)
    dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dlg.open()
    return dlg


__all__ = ["REVERTERS", "HistoryDialog", "open_history"]
