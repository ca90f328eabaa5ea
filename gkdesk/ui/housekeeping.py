"""The desk's chores at start (store/housekeeping.py: the evidence prune, then the day's backup),
begun once the desk has painted its first frame (ui/after_paint.py) and run on a pool thread
(issue 16: in a store of many years the prune walks every evidence file, and waits up to the busy
timeout when another window writes).
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QTimer

from gkdesk.store import StoreError
from gkdesk.store.housekeeping import prune_and_back_up

from .after_paint import AfterFirstPaint
from .worker import Job

log = logging.getLogger(__name__)

LATEST_MS = 3000  # after this, the chores start even if the desk has not painted


class Housekeeping:
    """Started by the desk's first frame; ``wait`` at exit (a backup cut off would be thrown away)."""

    def __init__(self, window) -> None:
        self.window = window
        self.job: Job | None = None
        self._timer = QTimer(window, singleShot=True, interval=0)
        self._timer.timeout.connect(self.start)
        self._after_paint = AfterFirstPaint(window.tree_area_painted, self._timer)
        self._after_paint.request()
        # A window that is not drawn (e.g. started minimized, from a shortcut set to 最小化) has no
        # first frame: the chores still run, a little later. Parented to the window: a window
        # closed before then (a test's temporary store) must not start chores on a folder it no
        # longer has open.
        self._latest = QTimer(window, singleShot=True, interval=LATEST_MS)
        self._latest.timeout.connect(self.start)
        self._latest.start()

    def start(self) -> None:
        if self.job is not None:
            return
        folder, channel = self.window.store.directory, self.window.store.db.channel
        job = Job(lambda progress: prune_and_back_up(folder, channel, progress), expected=(StoreError,))
        job.failed.connect(lambda message: log.warning("daily backup failed: %s", message))
        self.job = self.window._daily_backup_job = job
        job.start()

    def wait(self, timeout: float) -> bool:
        return self.job is None or self.job.wait(timeout)
