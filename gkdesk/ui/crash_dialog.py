"""The 程序出错 dialog (ui/crash.py shows it): the message, the details to copy, 关闭."""
from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QStyle, QVBoxLayout, QWidget

from .crash import MESSAGE, TITLE


class CrashDialog(QDialog):
    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.resize(640, 420)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32))
        self.message = QLabel(MESSAGE)
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.copy_button = QPushButton("复制详情")
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.details.toPlainText()))
        close = QPushButton("关闭")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(self.message, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.details, 1)
        lay.addLayout(buttons)
