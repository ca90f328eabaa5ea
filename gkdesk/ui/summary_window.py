"""汇总 window for a notice: the SummaryView with its exports (.xlsx, .docx 报告, PDF) and 打印.

The counts are read on the GUI thread (one summary query); .xlsx and .docx are written on a worker
(the .docx charts are drawn here first: Qt painting stays on the GUI thread); PDF and paper go
through Qt's printing on the GUI thread, as ui/export_actions.py does for the forms.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QMessageBox, QProgressDialog, QPushButton, QVBoxLayout

from gkdesk import summary_ops
from gkdesk.exporters.summary_xlsx import summary_title

from .summary_view import SummaryView
from .worker import Job

KINDS = {"xlsx": ("导出 Excel…", "Excel 工作簿 (*.xlsx)"), "docx": ("导出 Word 报告…", "Word 文档 (*.docx)"),
         "pdf": ("导出 PDF…", "PDF 文件 (*.pdf)")}


class SummaryWindow(QDialog):
    def __init__(self, store, notice_id: int, parent=None, collector: str | None = None) -> None:
        super().__init__(parent)
        self.store, self.notice_id, self.collector = store, notice_id, collector
        self.view = SummaryView()
        self.summary = self.view.load(store, notice_id, collector)
        self.setWindowTitle(f"汇总：{summary_title(self.summary)}")
        self.resize(1100, 760)
        buttons = QHBoxLayout()
        self.buttons = {}
        for fmt, (text, _f) in KINDS.items():
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            buttons.addWidget(b)
            self.buttons[fmt] = b
        self.print_button = QPushButton("打印…")
        self.print_button.clicked.connect(self.print_summary)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self._jobs: list[Job] = []

    def export(self, fmt: str, path: str | Path | None = None) -> Job | None:
        if path is None:
            default = Path.home() / f"{summary_title(self.summary)}.{fmt}"
            chosen, _ = QFileDialog.getSaveFileName(self, "导出汇总", str(default), KINDS[fmt][1])
            if not chosen:
                return None
            path = chosen if chosen.lower().endswith(f".{fmt}") else f"{chosen}.{fmt}"
        path = Path(path)
        if fmt == "pdf":
            try:
                summary_ops.export_summary(self.summary, "pdf", path)
            except OSError as exc:
                QMessageBox.warning(self, "导出失败", f"无法写入 {path.name}：{exc}")
                return None
            self._told(path)
            return None
        summary = self.summary
        if fmt == "docx":
            from gkdesk.exporters.summary_docx import export_summary_docx

            units, sections = summary_ops.charts(summary)  # drawn by Qt here, written off the GUI thread
            work = lambda progress: export_summary_docx(summary, path, units, sections)  # noqa: E731
        else:
            work = lambda progress: summary_ops.export_summary(summary, "xlsx", path)  # noqa: E731
        job = Job(work, expected=(OSError,))
        dlg = QProgressDialog(f"正在导出 {path.name}……", "取消", 0, 0, self)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)
        dlg.canceled.connect(job.cancel)
        job.finished.connect(lambda p: (dlg.close(), self._told(Path(p))))
        job.failed.connect(lambda msg: (dlg.close(), QMessageBox.warning(self, "导出失败", f"无法写入 {path.name}：{msg}")))
        job.cancelled.connect(dlg.close)
        self._jobs.append(job)
        job.start()
        return job

    def _told(self, path: Path) -> None:
        bar = getattr(self.parent(), "statusBar", None)
        if callable(bar):
            bar().showMessage(f"已导出 {path}", 8000)
        self.setWindowTitle(f"汇总：{summary_title(self.summary)}（已导出 {path.name}）")

    def print_summary(self):
        from gkdesk.printing.summary_pdf import print_summary_with_preview

        return print_summary_with_preview(self.summary, self)


__all__ = ["SummaryWindow"]
