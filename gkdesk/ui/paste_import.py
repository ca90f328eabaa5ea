"""粘贴导入: the notice copied from a web page or Word, taken from the clipboard into the wizard.

A browser or Word puts HTML on the clipboard beside the text; the HTML keeps the table's
rowspan/colspan, so it is preferred, and plain text is the fallback. Everything else (the wizard, the worker, the store) already takes any
``read(progress) -> ImportResult`` function, so the paste path needs no other change.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from gkdesk.domain.model import ImportResult
from gkdesk.importers import import_html, import_text
from gkdesk.store import Store
from gkdesk.ui.import_wizard import ImportWizard, Reader

MSG_EMPTY_CLIPBOARD = "剪贴板中没有文字。请先在网页或 Word 中复制通知内容。"
PASTE_NAME = "粘贴的文本"

# kind → fn(content, name, progress) -> ImportResult.
PASTE_READERS: dict[str, Callable[..., ImportResult]] = {"text": import_text, "html": import_html}


def html_from_clipboard(mime: QMimeData) -> str | None:
    """The clipboard's HTML flavour when it holds something (a copied web table or Word text)."""
    if mime.hasHtml() and mime.html().strip():
        return mime.html()
    return None


def text_from_clipboard(mime: QMimeData | None) -> tuple[str, str]:
    """(kind, content) to import from the clipboard: ("html", …) when present, else ("text", …)."""
    if mime is None:
        return "text", ""
    html = html_from_clipboard(mime)
    if html:
        return "html", html
    return "text", mime.text() if mime.hasText() else ""


def paste_reader(kind: str, content: str, name: str = PASTE_NAME) -> Reader:
    """The wizard's read(progress) function for clipboard content of this kind."""
    return partial(PASTE_READERS[kind], content, name)


def open_paste(
    store: Store, parent: QWidget | None = None, mime: QMimeData | None = None
) -> ImportWizard | None:
    """粘贴导入: open the import wizard on the clipboard's content (or ``mime``, for tests).

    Returns the wizard (already open, window-modal) so the caller can connect ``imported``;
    None, after telling the clerk why, when the clipboard holds no text.
    """
    if mime is None:
        mime = QGuiApplication.clipboard().mimeData()
    kind, content = text_from_clipboard(mime)
    if not content.strip():
        QMessageBox.information(parent, "粘贴导入", MSG_EMPTY_CLIPBOARD)
        return None
    wizard = ImportWizard(store, parent, read=paste_reader(kind, content), source_label=PASTE_NAME)
    wizard.open()
    return wizard
