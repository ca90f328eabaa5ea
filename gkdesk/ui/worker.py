"""Run one long function (import, export, merge) off the GUI thread, with progress and 取消.

    job = Job(lambda progress: import_file(path, progress), expected=(NoticeImportError,))
    job.progress.connect(bar_update)        # (percent, what), queued to the GUI thread
    job.finished.connect(show_result)       # the function's return value
    job.failed.connect(show_message)        # one line for the clerk
    job.cancelled.connect(close)
    job.start()
    …
    job.cancel()                            # the next progress(...) call returns False

The function gets a ``progress(percent, what) -> bool`` callback, the same contract as
``gkdesk.importers``: it returns False once cancel() was called, and the function stops there
(the importers raise ImportCancelled). Cancelling is cooperative, because a thread cannot be
killed safely in the middle of a python-docx parse.

Jobs run on QThreadPool rather than a QThread each: a pool thread outlives a closed dialog
without "QThread: Destroyed while thread is still running", and the pool is waited for at exit.
The Job has no Qt parent on purpose: the running closure keeps it alive, and a dialog that goes
away simply stops receiving its signals (Qt drops connections to deleted receivers).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal

log = logging.getLogger(__name__)

Progress = Callable[[int, str], bool]

# Shown when a function fails with an exception it was not expected to raise (a bug, not the
# clerk's file): the clerk gets a sentence, the log gets the traceback.
MSG_INTERNAL = "处理时发生程序内部错误（{name}: {exc}）。请把此信息告知技术支持人员。"


class Job(QObject):
    """One run of ``fn(progress)`` on a pool thread. Start it once."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        fn: Callable[[Progress], Any],
        *,
        expected: tuple[type[BaseException], ...] = (),
    ) -> None:
        super().__init__()
        self._fn = fn
        # Exceptions whose message is already a sentence for the clerk (NoticeImportError, StoreError).
        self._expected = expected
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._started = False
        self.error: BaseException | None = None

    # -- GUI thread ----------------------------------------------------------------------------
    def start(self, pool: QThreadPool | None = None) -> None:
        if self._started:
            raise RuntimeError("a Job runs once")
        self._started = True
        (pool or QThreadPool.globalInstance()).start(self._run)

    def cancel(self) -> None:
        """Ask the function to stop at its next progress call. Safe from any thread, repeatable."""
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def is_running(self) -> bool:
        return self._started and not self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the function has returned (tests, application exit). True when it has."""
        return self._done.wait(timeout)

    # -- pool thread ---------------------------------------------------------------------------
    def report(self, percent: int, what: str) -> bool:
        """The callback handed to the function: False means "stop now"."""
        if self._cancel.is_set():
            return False
        self.progress.emit(int(percent), what)
        return True

    def _run(self) -> None:
        try:
            value = self._fn(self.report)
        except Exception as exc:
            self.error = exc
            if self._cancel.is_set():
                self.cancelled.emit()
            elif isinstance(exc, self._expected):
                self.failed.emit(str(exc))
            else:
                log.exception("background job failed")
                self.failed.emit(MSG_INTERNAL.format(name=type(exc).__name__, exc=exc))
        else:
            # Cancelled after the last progress call: the clerk said no, so the result is dropped.
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.finished.emit(value)
        finally:
            self._done.set()
