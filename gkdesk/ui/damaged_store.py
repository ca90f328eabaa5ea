"""Start-up: open the store and build the window, and meet a damaged store with one dialog.

A damage SQLite only notices when a table is read shows up in the window's constructor (the notice
list is its first read), not in Store.open; so both are inside the same handling here. A damaged
store (store/recovery.py) gets one Chinese dialog that offers the newest backup passing restore's
checks; when the clerk agrees it is restored — the damaged file kept first — and the desk opens
on it. Any other StoreError is one message as before; a bug still goes to the crash dialog.

Restoring runs on the GUI thread under a wait cursor: there is no window yet to stay responsive,
and a restore must not be cancelled midway.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gkdesk import APP_TITLE
from gkdesk.store import Store, StoreError

if TYPE_CHECKING:
    from gkdesk.store.backup import BackupInfo

TITLE = f"{APP_TITLE} — 数据文件已损坏"


def damaged_text(good: BackupInfo | None) -> str:
    if good is None:
        return ("数据文件已损坏，无法打开，数据文件夹的 backups 中也没有完好的备份。\n\n"
                "请不要删除数据文件夹，先把它整个复制一份；如在别处（如 U 盘）有备份文件，"
                "可运行 gkdesk-cli restore 备份文件 恢复，否则请联系技术人员。")
    from gkdesk.store import recovery

    return (f"数据文件已损坏，无法打开。\n\n最近一份完好的备份是 {recovery.describe(good)}，已校验可以恢复。\n\n"
            "是否用它恢复？恢复前会先把损坏的数据文件另存一份（在数据文件夹的 backups 中），"
            "备份之后录入的内容需要重新录入。")


def ask_restore(good: BackupInfo | None) -> bool:
    """The one dialog: True when the clerk chose 恢复此备份. Tests replace this function."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, TITLE, damaged_text(good))
    restore_button = None
    if good is not None:
        restore_button = box.addButton("恢复此备份", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return restore_button is not None and box.clickedButton() is restore_button


def tell(text: str, error: bool = False) -> None:
    """A message with an OK button. Tests replace this function."""
    from PySide6.QtWidgets import QMessageBox

    (QMessageBox.critical if error else QMessageBox.information)(None, APP_TITLE, text)


def _busy(fn: Callable[[], object]) -> object:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return fn()
    finally:
        QApplication.restoreOverrideCursor()


def open_desk(folder: Path, open_store: Callable[[], Store], make_window: Callable[[Store], object],
              say: Callable[[str], None], interactive: bool = True) -> tuple[Store, object] | None:
    """(store, window), or None after the clerk has been told why not (the caller exits 1).

    open_store may fail in any way (one clear message); make_window only with a StoreError —
    anything else it raises is a bug and goes on to the crash dialog.
    """
    restored = False
    while True:
        try:
            store = open_store()
        except StoreError as exc:
            problem: Exception = exc
        except Exception as exc:  # noqa: BLE001 — any start-up failure becomes one clear message
            problem = exc
        else:
            try:
                return store, make_window(store)
            except StoreError as exc:
                store.close()
                problem = exc
        from gkdesk.store import recovery  # backups and restore: only once opening has failed

        if not recovery.is_damaged(problem) or restored:
            text = f"无法打开数据文件夹中的数据库：{problem}"
            say(text)
            if interactive:
                tell(text, error=True)
            return None
        good = _busy(lambda: recovery.newest_good_backup(folder))
        say(recovery.cli_advice(good))
        if not interactive or not ask_restore(good) or good is None:
            return None  # without a good backup the dialog only says so (its one button is 退出)
        try:
            result = _busy(lambda: recovery.restore_newest(folder, good))
        except StoreError as exc:
            tell(f"恢复未能完成：{exc}", error=True)
            return None
        restored = True
        kept = result.kept.path if result.kept is not None else result.damaged_copy
        tell(f"已从备份恢复 {recovery.describe(good)}。\n损坏的数据文件已另存为：\n{kept}")
