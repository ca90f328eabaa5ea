"""A desk's chores at start, on its own connection (ui/housekeeping.py runs them on a worker once
the task tree has painted): evidence files no longer needed go, then the day's backup is made.

The prune was done while the store opened; it is as safe later: it only removes files no row and
no restorable deleted notice uses and that nobody touched for a day, under the write lock
(store/evidence.py). Not an operation of the clerk's: nothing to undo, nothing in the history.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from gkdesk.store.errors import StoreError

log = logging.getLogger(__name__)


def prune_and_back_up(folder: str | Path, channel: str, progress: Callable[[int, str], bool]):
    """The day's BackupInfo, or None when one was made today already (store/backup.py)."""
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
