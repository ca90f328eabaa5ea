"""Pieces the desk's small dialogs share: Chinese OK/取消 buttons, a read-only table, and an
operation run on the worker behind a progress dialog."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
)


def ok_cancel(dialog: QDialog, ok: str, on_ok: Callable[[], object]) -> QDialogButtonBox:
    """OK/Cancel with Chinese words of our own (without qtbase_zh_CN — a test, a trimmed install —
    Qt would show "Cancel"): OK calls ``on_ok``, 取消 rejects ``dialog``."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


def read_only_table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            table.setItem(i, j, QTableWidgetItem(text))
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setVisible(bool(rows))
    return table


def on_worker(window, op, what: str, done: Callable[[object], object]) -> object:
    """Run ``op`` through ``window.ops`` on the worker behind a progress dialog; ``done(op)`` after
    the commit. Returns the job (kept on the window until it ends)."""
    dlg = QProgressDialog(what, "取消", 0, 100, window)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(300)
    job = window.ops.start(op, parent=window)
    dlg.canceled.connect(job.cancel)
    job.progress.connect(lambda p, _w: dlg.setValue(p))
    job.finished.connect(lambda _c: (dlg.close(), done(op)))
    job.failed.connect(lambda _m: dlg.close())
    job.cancelled.connect(dlg.close)
    window._jobs = [*getattr(window, "_jobs", []), job]  # keep it alive until it ends
    return job


def chosen_notice(window, title: str = "收集") -> int | None:
    """The notice chosen on the left; None, after telling the clerk to choose one, when there is none."""
    if window.notice_id is None:
        QMessageBox.information(window, title, "请先在左侧选择一份通知。")
    return window.notice_id
