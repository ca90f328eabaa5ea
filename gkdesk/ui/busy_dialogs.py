"""The two questions the desk asks when the store is busy (another window or process writing it):
try a save again, and — closing with saves still kept — retry, give them up, or stay open."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gkdesk.store.errors import MSG_BUSY

RETRY, DROP, CANCEL = "retry", "drop", "cancel"


def ask_retry(parent: QWidget | None, title: str, text: str, later: bool) -> bool:
    """重试 or not. later: the words are kept and saved by themselves (稍后自动保存), else 取消."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    retry = box.addButton("重试", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("稍后自动保存" if later else "取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def ask_before_close(parent: QWidget | None, unsaved: int) -> str:
    """RETRY, DROP (放弃这些修改并关闭) or CANCEL (the window stays open)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "修改尚未保存", f"{MSG_BUSY}\n\n有 {unsaved} 处修改尚未保存。",
                      QMessageBox.StandardButton.NoButton, parent)
    retry = box.addButton("重试", QMessageBox.ButtonRole.AcceptRole)
    drop = box.addButton("放弃这些修改并关闭", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    clicked = box.clickedButton()
    return RETRY if clicked is retry else DROP if clicked is drop else CANCEL
