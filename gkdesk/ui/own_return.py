"""A unit's side of a collection: 收下上级下发的填报表 and 导出本单位回执 (its return upward)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from .collection_edits import ReceiveSheet

SHEET_FILES = "填报表 (*.xlsx *.xls *.et);;所有文件 (*)"


def receive_sheet(window, path: str | None = None) -> bool:
    """收下上级下发的填报表: one file read and kept in one step (quick, on the GUI thread)."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "选择上级下发的填报表", "", SHEET_FILES)
    if not path:
        return False
    op = ReceiveSheet(path)
    if not window.ops.run(op, parent=window):
        return False
    if op.notice_id is not None and window.notice_id != op.notice_id:  # show the notice it belongs to
        idx = window.notice_model.index_for_notice(op.notice_id)
        if idx is not None and idx.isValid():
            window.notice_view.setCurrentIndex(idx)
    window.statusBar().showMessage(
        f"已收下填报表“{Path(path).name}”。填写完成情况后，用“收集 → 导出本单位回执…”导出回执。", 15000)
    return True


def export_return(window, path: str | None = None) -> Path | None:
    """导出本单位回执: this unit's values in the received sheet's format, to a file the clerk names."""
    from gkdesk import collection_ops
    from gkdesk.store import StoreError

    store = window.store
    rid = collection_ops.pick_received(store, notice_id=window.notice_id)
    if rid is None:
        QMessageBox.information(window, "导出本单位回执",
                                "还没有收下过上级下发的填报表。请先用“收集 → 收下上级下发的填报表…”收下。")
        return None
    try:
        default = collection_ops.return_file_name(store, rid)
    except StoreError as exc:
        QMessageBox.warning(window, "导出本单位回执失败", str(exc))
        return None
    if path is None:
        path, _ = QFileDialog.getSaveFileName(window, "导出本单位回执", str(Path.home() / default),
                                              "Excel 工作簿 (*.xlsx)")
    if not path:
        return None
    target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
    try:
        written = collection_ops.export_return(store, rid, target.parent, name=target.name)
    except (OSError, StoreError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        QMessageBox.warning(window, "导出本单位回执失败", f"无法写入“{target.name}”：{why}")
        return None
    window.statusBar().showMessage(f"已导出本单位回执：{written}", 15000)
    return written
