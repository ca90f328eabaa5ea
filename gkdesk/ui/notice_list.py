"""The main window until the desk lands: the notices in the store as a plain list.

A real QMainWindow with one table (年度 / 发文字号 / 标题 / 任务数) and, while the store is empty,
one line telling the clerk how to import a notice. It only shows what it is given; app.py reads
the store.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
)

from gkdesk import APP_TITLE

EMPTY_TEXT = "尚未导入通知。可用命令行 gkdesk-cli import 文件 导入。"
HEADERS = ("年度", "发文字号", "标题", "任务数")


def notice_row(notice: Any) -> tuple[str, str, str, str]:
    """The four cells shown for one ``gkdesk.store.notices.NoticeSummary``."""
    return (
        str(notice.year) if notice.year else "",
        notice.doc_number or "",
        notice.title or "",
        str(notice.tasks),
    )


class NoticeListWindow(QMainWindow):
    def __init__(self, data_folder: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.resize(1000, 600)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("noticeTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)

        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("emptyState")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.table)
        self.setCentralWidget(self.stack)

        if data_folder is not None:
            self.statusBar().showMessage(f"数据文件夹：{data_folder}")

    def set_notices(self, notices: Iterable[Any]) -> None:
        rows = [notice_row(n) for n in notices]
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c in (0, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.stack.setCurrentWidget(self.table if rows else self.empty_label)

    def is_empty_state(self) -> bool:
        return self.stack.currentWidget() is self.empty_label
