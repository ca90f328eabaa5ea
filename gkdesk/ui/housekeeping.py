"""The desk's housekeeping at start: evidence files no longer needed go (store/evidence.py prune),
then the day's backup is made (store/backup.py). Both wait for the task tree's first paint and run
on a pool thread with their own connection (issue 16: in a store of many years the prune walks
every evidence file, and it waits up to the busy timeout when another window writes).

The prune was done while the store opened; it is as safe later: it only removes files no row and
no restorable deleted notice uses and that nobody touched for a day, under the write lock.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QTimer

from gkdesk.store import StoreError

from .after_paint import AfterFirstPaint
from .worker import Job

log = logging.getLogger(__name__)


def prune_and_back_up(folder, channel: str, progress) -> object:
    from gkdesk.store import Store, backup

    try:
        store = Store.open(folder, channel=channel)
        try:
            store.completions.prune_evidence_files()
        finally:
            store.close()
    except StoreError as exc:  # kept files are pruned at the next start; the backup still runs
        log.warning("evidence prune failed: %s", exc)
    return backup.daily_backup(folder, progress=progress)


class Housekeeping:
    """Started by the window's first paint; ``wait`` at exit (a backup cut off would be thrown away)."""

    def __init__(self, window) -> None:
        self.window = window
        self.job: Job | None = None
        self._timer = QTimer(window, singleShot=True, interval=0)
        self._timer.timeout.connect(self.start)
        self._after_paint = AfterFirstPaint(window.task_view, self._timer)
        self._after_paint.request()

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
