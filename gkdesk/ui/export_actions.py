"""文件 → 导出 / 打印: the 附件1 completion form and the 附件2 roster from the desk.

The form is gathered from the store on the GUI thread (a few queries; the store's connection
belongs to it); writing .docx/.xlsx, which can take seconds for a big notice, runs on a worker
with a progress dialog. PDF and paper go through Qt's printing on the GUI thread.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from gkdesk.exporters.output import write_form
from gkdesk.store.forms import completion_form, roster_form
from gkdesk.ui import file_dialogs

from .worker import Job

FILTERS = "Word 文档 (*.docx);;Excel 工作簿 (*.xlsx);;PDF 文件 (*.pdf)"


def build_form(window, kind: str):
    """kind: "mine" (本单位的附件1), "all" (整份通知的附件1) or "roster" (附件2)."""
    if window.notice_id is None:
        QMessageBox.information(window, "导出", "请先在左侧选择一份通知。")
        return None
    if kind in ("mine", "roster") and not window.unit:
        QMessageBox.information(window, "导出", "请先在“设置 → 本单位”中选择本单位。")
        return None
    if kind == "roster":
        return roster_form(window.store, window.notice_id, window.unit, window.today)
    return completion_form(window.store, window.notice_id, window.unit if kind == "mine" else None, window.today)


def export(window, kind: str) -> Job | None:
    form = build_form(window, kind)
    if form is None:
        return None
    default = f"{form.label}-{form.title}{'-' + form.unit if form.unit else ''}.docx"
    path, chosen = file_dialogs.get_save_file_name(window, "导出", str(Path.home() / default), FILTERS)
    if not path:
        return None
    return export_to(window, form, Path(_with_suffix(path, chosen)))


def _with_suffix(path: str, chosen_filter: str) -> str:
    if Path(path).suffix.lower() in (".docx", ".xlsx", ".pdf"):
        return path
    return path + (".xlsx" if "xlsx" in chosen_filter else ".pdf" if "pdf" in chosen_filter else ".docx")


def export_to(window: QWidget, form, path: Path) -> Job | None:
    if path.suffix.lower() == ".pdf":
        # Qt's printing belongs to the GUI thread.
        try:
            written = write_form(form, path)
        except OSError as exc:
            QMessageBox.warning(window, "导出失败", f"无法写入 {path.name}：{exc}")
            return None
        window.statusBar().showMessage(f"已导出 {path}（{written.pages} 页）", 8000)
        return None
    job = Job(lambda progress: write_form(form, path).path, expected=(OSError,))
    dlg = QProgressDialog(f"正在导出 {path.name}……", "取消", 0, 0, window)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setMinimumDuration(300)
    dlg.canceled.connect(job.cancel)
    job.finished.connect(lambda p: (dlg.close(), window.statusBar().showMessage(f"已导出 {p}", 8000)))
    job.failed.connect(lambda msg: (dlg.close(), QMessageBox.warning(window, "导出失败", f"无法写入 {path.name}：{msg}")))
    job.cancelled.connect(dlg.close)
    window._jobs = [*getattr(window, "_jobs", []), job]  # keep it alive until it ends
    job.start()
    return job


def print_form(window, kind: str):
    form = build_form(window, kind)
    if form is None:
        return None
    from gkdesk.printing.pdf import print_with_preview

    return print_with_preview(form, window)
