"""文件 → 备份数据… / 从备份恢复… (store/backup.py, store/restore.py), on ui/worker.py with progress.

A restore replaces the whole store, not one record: it is not an Operation and has no undo step.
Its undo is the before_restore backup it keeps. Afterwards the undo stack is cleared (its entries
name rows of the replaced store) and one Changes saying "everything" is broadcast.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFileDialog, QListWidget, QListWidgetItem, QMenu, QMessageBox,
                               QProgressDialog, QVBoxLayout, QLabel)

from gkdesk.store import StoreError, backup
from gkdesk.store.restore import restore_backup

from .changes import Changes
from .worker import Job

log = logging.getLogger(__name__)


def file_menu(window) -> QMenu:
    # QAction.menu() hands back a wrapper PySide deletes at once here: find the QMenu by its title.
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title().startswith("文件"))


def _run(window, title: str, fn, done) -> Job:
    bar = QProgressDialog(title, "取消", 0, 100, window)
    bar.setWindowTitle(title)
    bar.setWindowModality(Qt.WindowModality.WindowModal)
    bar.setCancelButton(None)  # a half-made backup is thrown away anyway; a restore must not stop midway
    job = Job(fn, expected=(StoreError,))
    job.progress.connect(lambda p, what: (bar.setValue(p), bar.setLabelText(what)))
    job.finished.connect(lambda value: (bar.close(), done(value)))
    job.failed.connect(lambda message: (bar.close(), QMessageBox.warning(window, f"{title}失败", message)))
    bar.show()
    job.start()
    window._backup_job = job  # keep it reachable for tests and for a clean exit
    return job


def back_up(window, to: str | None = None) -> Job:
    folder = window.store.directory

    def done(info) -> None:
        QMessageBox.information(window, "备份数据", f"已备份到：\n{info.path}\n（{info.describe()}）\n"
                                "可把这个文件复制到 U 盘保存。")

    return _run(window, "备份数据", lambda progress: backup.make_backup(folder, to=to, progress=progress), done)


class RestoreDialog(QDialog):
    """The backups in the data folder, newest first, with date, kind, counts and size."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("从备份恢复")
        self.list = QListWidget(self)
        for b in backup.list_backups(window.store.directory):
            item = QListWidgetItem(b.describe())
            item.setData(Qt.ItemDataRole.UserRole, str(b.path))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(self)
        self.ok = buttons.addButton("恢复所选备份…", QDialogButtonBox.ButtonRole.AcceptRole)
        other = buttons.addButton("选择其他备份文件…", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        other.clicked.connect(self._other)
        self.chosen: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"数据文件夹中的备份（{backup.backup_dir(window.store.directory)}）："))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(720, 360)

    def _other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择备份文件", "", "备份文件 (*.zip)")
        if path:
            self.chosen = path
            self.accept()

    def path(self) -> str | None:
        if self.chosen:
            return self.chosen
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def choose_restore(window) -> Job | None:
    dialog = RestoreDialog(window)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.path():
        return None
    return restore(window, dialog.path())


def restore(window, path: str, confirm: bool = True) -> Job | None:
    if confirm and QMessageBox.question(
            window, "从备份恢复", f"将用备份“{path}”替换现在的全部数据。\n"
            "恢复前会先把现在的数据另存为一份“恢复前”备份，需要时可以再恢复回来。是否继续？") \
            != QMessageBox.StandardButton.Yes:
        return None
    folder = window.store.directory

    def done(result) -> None:
        window.ops.undo_stack.clear()  # its entries name rows of the store just replaced
        every = frozenset(n.id for n in window.store.notices.list_notices())
        window.ops.changed.emit(Changes(notices=every, collection=every, rosters=every, units=True, settings=True,
                                        tasks_removed=True))
        window.reload_notices()
        kept = f"\n恢复前的数据已另存为：\n{result.kept.path}" if result.kept else ""
        QMessageBox.information(window, "从备份恢复", f"已恢复 {result.restored.created_at[:16]} 的数据"
                                f"（{result.restored.describe()}）。{kept}")

    return _run(window, "从备份恢复", lambda progress: restore_backup(folder, path, progress), done)


MSG_EXIT_FAILED = "退出前的自动备份未能完成：{message}数据本身没有受影响，下次启动时会再备份。"


def back_up_at_exit(window) -> backup.BackupInfo | None:
    """When the event loop has ended: the day's backup if it is due, under 正在备份数据… with 取消,
    made on a worker while a local event loop keeps the dialog painted. Never raises: a failure is
    logged (and told in one line while the window still shows); the app exits either way."""
    folder = window.store.directory
    try:
        due = backup.daily_due(folder)
    except StoreError as exc:
        log.warning("daily backup at exit: could not read the store: %s", exc)
        return None
    if not due:
        backup.record_exit(folder)
        return None
    showing = window.isVisible()
    bar = QProgressDialog("正在备份数据…", "取消", 0, 100, window if showing else None)
    bar.setWindowTitle("备份数据")
    bar.setWindowModality(Qt.WindowModality.ApplicationModal)  # a window still showing takes no edits meanwhile
    bar.setMinimumDuration(0)
    bar.setAutoClose(False)
    bar.setAutoReset(False)
    job = Job(lambda progress: backup.daily_backup(folder, progress=progress), expected=(StoreError,))
    outcome: dict = {}
    loop = QEventLoop()
    job.progress.connect(lambda p, what: (bar.setValue(p), bar.setLabelText(f"正在备份数据…（{what}）")))
    job.finished.connect(lambda info: (outcome.update(info=info), loop.quit()))
    job.failed.connect(lambda message: (outcome.update(failed=message), loop.quit()))
    job.cancelled.connect(loop.quit)
    bar.canceled.connect(job.cancel)
    bar.show()
    job.start()
    loop.exec()
    bar.close()
    bar.deleteLater()
    if "info" in outcome:
        backup.record_exit(folder)
        return outcome["info"]
    if "failed" in outcome:
        log.warning("daily backup at exit failed: %s", outcome["failed"])
        if showing:
            QMessageBox.warning(window, "备份数据", MSG_EXIT_FAILED.format(message=outcome["failed"].rstrip("。") + "。"))
    else:
        log.info("daily backup at exit cancelled by the clerk")
    return None  # not recorded as a clean exit: the next start makes the backup (catch_up)
