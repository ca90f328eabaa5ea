"""程序出错: what the clerk sees when gkdesk itself fails (a bug, not the clerk's file or disk).

``install(folder)`` makes ``sys.excepthook`` log the traceback to ``<folder>/gkdesk.log`` and open
a dialog saying the step was not done and the saved data is safe, with the details in a
read-only box and a 复制详情 button for the message to technical support. PySide hands an
exception raised in a slot or a Qt virtual to ``sys.excepthook`` and carries on, so the app stays
up. The data is safe because every write is one operation in one transaction
(``gkdesk/ui/operations.py``): an exception inside it rolled the transaction back before it got
here, and this hook never writes to the store.
"""
from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from gkdesk import APP_TITLE, __version__

log = logging.getLogger("gkdesk")
LOG_NAME = "gkdesk.log"
TITLE = "程序出错"
MESSAGE = ("程序遇到意外错误，刚才的操作没有完成。已保存的数据不受影响，可以继续使用。\n"
           "如果问题再次出现，请点“复制详情”，把内容发给技术支持人员。")

if TYPE_CHECKING:
    from .crash_dialog import CrashDialog

_open: list[CrashDialog] = []
_reporting = False


def details_text(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    head = f"{APP_TITLE} {__version__}，Python {sys.version.split()[0]}，{sys.platform}"
    return head + "\n\n" + "".join(traceback.format_exception(exc_type, exc, tb))


def report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
           parent: QWidget | None = None, logged: bool = False) -> CrashDialog | None:
    """Log the error and show 程序出错 (non-blocking). None without a QApplication."""
    global _reporting
    if not logged:
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if _reporting or QApplication.instance() is None:
        return None  # an error while showing the dialog: the log has it, no second window
    _reporting = True
    try:
        from .crash_dialog import CrashDialog  # its widgets are made only when something failed

        dlg = CrashDialog(details_text(exc_type, exc, tb), parent or QApplication.activeWindow())
        dlg.finished.connect(lambda _r: _open.remove(dlg) if dlg in _open else None)
        _open.append(dlg)
        dlg.open()
        return dlg
    finally:
        _reporting = False


def open_dialogs() -> list[CrashDialog]:
    return list(_open)


def _hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    report(exc_type, exc, tb)


class _LogFile(logging.Handler):
    """The rotating log file, made at the first record: logging.handlers brings socket, pickle and
    queue with it, which the desk's start does not need (issue 16)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.file is None:
            import logging.handlers

            self.file = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=1 << 20, backupCount=2, encoding="utf-8", delay=True)
            self.file.setFormatter(self.formatter)
        self.file.emit(record)

    def flush(self) -> None:
        if self.file is not None:
            self.file.flush()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def install(folder: str | Path | None = None) -> logging.Handler | None:
    """Route uncaught exceptions to the log and the 程序出错 dialog; log to ``folder/gkdesk.log``.

    Returns the log file's handler (None without a folder) so a caller may remove it.
    """
    sys.excepthook = _hook
    if folder is None:
        return None
    handler = _LogFile(Path(folder) / LOG_NAME)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return handler
