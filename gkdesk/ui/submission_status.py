"""报送情况 (read-only): each unit of a round — sent, returned (when, file, rows filled / empty) or not —
against the report deadline, with the 催报 list to copy.

Reads plain data only (domain.submission.SubmissionStatus, from store.collection.status); it writes
nothing, so it needs none of the desk's write path.
"""
from __future__ import annotations

from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gkdesk.domain.submission import SubmissionStatus

RED = QColor("#c0392b")
GREEN = QColor("#1e8449")
COLUMNS = ["单位", "报送情况", "下发时间", "回执时间", "回执文件", "已填", "未填", "待选择"]


class SubmissionStatusDialog(QDialog):
    def __init__(self, status: SubmissionStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("报送情况")
        self.resize(980, 560)
        self.status = status
        head = QLabel(f"<b>{status.notice_title}</b><br>{status.collector}第{status.round_no}轮　"
                      f"{status.deadline_words()}　已报送 {len(status.units) - len(status.missing())} 个，"
                      f"未报送 {len(status.missing())} 个")
        head.setWordWrap(True)
        self.table = QTableWidget(len(status.units), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for r, u in enumerate(status.units):
            state = "已报送" if u.returned else ("未报送（已逾期）" if status.overdue else "未报送")
            values = [u.unit, state, u.sent_at or "未下发", u.returned_at, u.return_file,
                      str(u.rows_filled) if u.returned else "", str(u.rows_empty) if u.returned else "",
                      str(u.open_conflicts) if u.open_conflicts else ""]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c == 1:
                    item.setForeground(QBrush(GREEN if u.returned else RED))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.chase = QPlainTextEdit(status.chase_text())
        self.chase.setReadOnly(True)
        self.chase.setMaximumHeight(140)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("复制催报名单")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QPushButton("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self.copy_chase)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(self.table, 1)
        lay.addWidget(QLabel("催报名单（可复制到消息或打印）："))
        lay.addWidget(self.chase)
        lay.addWidget(buttons)

    def copy_chase(self) -> None:
        QGuiApplication.clipboard().setText(self.status.chase_text())


__all__ = ["SubmissionStatusDialog"]
