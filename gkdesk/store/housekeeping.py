"""A desk's chores at start, on its own connection (ui/housekeeping.py runs them on a worker once
the task tree has painted): evidence files no longer needed go, then the day's backup if the last
session never made it.

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
    # The day's backup is made at exit (ui/backup_actions.back_up_at_exit); at start only the one
    # a session that never reached its exit left undone (store/backup.py daily_due, catch_up).
    return backup.daily_backup(folder, progress=progress, catch_up=True)
