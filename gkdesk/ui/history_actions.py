"""文件 → 删除通知… and 操作历史…, also on the notice list's right-click menu (listed by
ui/desk_menus.py, which imports this module on the first use)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from .notice_edits import DeleteNotice


def confirm_text(contents) -> str:
    return (f"删除通知“{contents.title}”？\n\n将一并删除：{contents.sentence()}。\n\n"
            "删除后可以立即用“编辑 → 撤销”恢复，也可以之后在“文件 → 操作历史”中恢复；"
            "佐证材料文件仍保留在数据文件夹中。（会记入操作历史）")


def delete_notice(window, notice_id: int | None = None) -> bool:
    """删除通知…: the chosen notice, after the clerk confirmed what goes with it; one operation."""
    nid = notice_id if notice_id is not None else window.notice_id
    if nid is None:
        QMessageBox.information(window, "删除通知", "请先在左侧选择一份通知。")
        return False
    window.detail.flush()  # text typed a moment ago is saved before its task goes
    contents = window.store.trash.contents(nid)
    if contents is None:
        return False
    answer = QMessageBox.question(window, "删除通知", confirm_text(contents),
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    if not window.ops.run(DeleteNotice(nid), parent=window):
        return False
    window.statusBar().showMessage(f"已删除通知“{contents.title}”。可用“编辑 → 撤销”恢复。", 8000)
    return True


def open_history(window, notice_id: int | None = None):
    from .history_dialog import open_history as _open

    return _open(window, window.notice_id if notice_id is None else notice_id)
