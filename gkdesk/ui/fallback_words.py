"""The few words of Qt's file dialogs that qtbase_zh_CN lacks, answered by a translator installed at start.

Apart from ui/file_dialogs.py so that the start installs it without importing QFileDialog and
QFileSystemModel, whose Python classes and enums PySide builds on first import (issue 16).
"""
from __future__ import annotations

from PySide6.QtCore import QTranslator

# Words Qt looks up in contexts qtbase_zh_CN lacks (Qt 6 moved them to QAbstractFileIconProvider).
MISSING_WORDS = {
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "File Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Alias"): "快捷方式",
    ("QAbstractFileIconProvider", "Shortcut"): "快捷方式",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
}


class FallbackTranslator(QTranslator):
    """Answers only the few source texts in MISSING_WORDS; everything else falls through."""

    def translate(self, context, source, disambiguation=None, n=-1):
        # None becomes a null QString, which tells Qt to ask the next translator ("" would not).
        return MISSING_WORDS.get((context, source))

    def isEmpty(self) -> bool:
        return False


def install_fallback_translator(app) -> QTranslator:
    tr = FallbackTranslator(app)
    app.installTranslator(tr)
    return tr
