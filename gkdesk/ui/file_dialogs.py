"""Open/save dialogs that speak Chinese even where Qt draws its own (non-native) file dialog.

Why this exists: ``qtbase_zh_CN`` translates the dialog's buttons, but the file list still said
"Folder" and "4.88 KiB". The type text is looked up in the ``QAbstractFileIconProvider`` context,
which ``qtbase_zh_CN`` does not carry (see ``install_fallback_translator``), and the file system
model formats sizes and dates with ``QLocale.system()`` — "C" on a machine without a Chinese system
locale — not with the application's default locale. ``ChineseFileColumns`` re-formats those columns
with ``QLocale()`` (set to zh_CN at start-up) and sizes the way a clerk reads them ("4.9 KB").
Native dialogs (Windows, macOS) already speak the system's language and are left alone.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QIdentityProxyModel,
    QLocale,
    QObject,
    Qt,
)
from PySide6.QtWidgets import QFileDialog, QFileSystemModel, QWidget

# Installed at every start, before any file dialog exists: its own module (ui/fallback_words.py).
from .fallback_words import MISSING_WORDS, FallbackTranslator, install_fallback_translator  # noqa: F401

SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3



class ChineseFileColumns(QIdentityProxyModel):
    """The file dialog's list with size, type and date written for a Chinese reader."""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        source = self.sourceModel()
        if role != Qt.ItemDataRole.DisplayRole or not isinstance(source, QFileSystemModel):
            return super().data(index, role)
        column = index.column()
        if column not in (SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN):
            return super().data(index, role)
        info = source.fileInfo(self.mapToSource(index))
        locale = QLocale()
        if column == SIZE_COLUMN:
            if info.isDir():
                return ""
            return readable_size(info.size(), locale)
        if column == TYPE_COLUMN:
            if info.isDir():
                return "文件夹"
            text = super().data(index, role)
            suffix = info.suffix()
            return f"{suffix.upper()} 文件" if text in ("", "File", "Unknown", "未知") and suffix else text
        return locale.toString(info.lastModified(), QLocale.FormatType.ShortFormat)


def readable_size(size: int, locale: QLocale | None = None) -> str:
    """Sizes as Windows Explorer shows them to clerks: 字节, KB, MB, GB (1024 steps, no "KiB")."""
    locale = locale or QLocale()
    if size < 1024:
        return f"{locale.toString(size)} 字节"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    return f"{locale.toString(value, 'f', 1)} {unit}"


class _ChineseOnShow(QObject):
    """Puts the proxy in once Qt has built its own widgets (they do not exist before the dialog is
    shown, and never exist when the platform's native dialog is used)."""

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QFileDialog):
            chinese_columns(obj)
        return False


def chinese_columns(dialog: QFileDialog) -> None:
    if not isinstance(dialog.proxyModel(), ChineseFileColumns):
        dialog.setProxyModel(ChineseFileColumns(dialog))


def make_dialog(parent: QWidget | None, caption: str, folder: str = "", filters: str = "") -> QFileDialog:
    """A QFileDialog that turns Chinese whenever Qt draws it itself."""
    start = Path(folder) if folder else None
    directory, name = "", ""
    if start is not None:
        if start.is_dir():
            directory = str(start)
        else:
            directory, name = str(start.parent), start.name
    dialog = QFileDialog(parent, caption, directory, filters)
    if name:
        dialog.selectFile(name)
    watcher = _ChineseOnShow(dialog)
    dialog.installEventFilter(watcher)
    dialog._gkdesk_watcher = watcher  # keep the filter alive with the dialog
    if dialog.testOption(QFileDialog.Option.DontUseNativeDialog):
        chinese_columns(dialog)
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def get_open_file_name(parent, caption: str, folder: str = "", filters: str = "") -> tuple[str, str]:
    dialog = make_dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen


def get_open_file_names(parent, caption: str, folder: str = "", filters: str = "") -> tuple[list[str], str]:
    dialog = make_dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def get_save_file_name(parent, caption: str, folder: str = "", filters: str = "") -> tuple[str, str]:
    dialog = make_dialog(parent, caption, folder, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    files, chosen = _run(dialog)
    return (files[0] if files else ""), chosen
