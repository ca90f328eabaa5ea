"""When backups are made and which are kept: the daily backup, snapshots before risky operations,
rotation. Never imports Qt; the backup itself (the .zip, its manifest) is store/backup.py, whose
module namespace re-exports these names.

The daily backup (``daily_due`` is the rule): made when the window's session ends, at most one a
calendar day, and only when the store changed since the newest daily backup. "Changed" is the
store's *mark*: the schema version and the id and time of the newest audit-log entry. Each step
that changes the clerk's data writes an audit entry in its own transaction (ui/operations.py's one
write path, the CLI's commands); only view state (the notice last shown, the welcome finished) is
written without one, and it is not worth a backup. So an equal mark means the same data. Each backup's manifest keeps
the mark of the database it holds. A clean exit leaves its mark in ``backups/last-exit.json``; at
the next start a mark that differs from it and from the newest daily's means the last session's
work was never backed up (the app was killed, the PC lost power, the CLI wrote since): that start
makes the day's backup instead (``catch_up``).

Rotation (``rotate``) touches only automatic backups in the folder's ``backups/``:
daily backups — the newest 10, the newest of each of the last 7 days and of each of the last 12
months; snapshots — the newest 10. Manual backups and those made before a restore stay until the
clerk deletes them.
"""
from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from gkdesk import paths
from gkdesk.store import backup
from gkdesk.store.errors import StoreError


# -- rotation -----------------------------------------------------------------------------------
def to_keep(backups: list[backup.BackupInfo], at: datetime) -> set[Path]:
    """Which backups rotation keeps (see the module docstring); manual ones are always kept."""
    keep = {b.path for b in backups if b.kind not in backup.AUTOMATIC}
    for kind in backup.AUTOMATIC:
        mine = sorted((b for b in backups if b.kind == kind), key=lambda b: b.created_at, reverse=True)
        keep |= {b.path for b in mine[:backup.KEEP_NEWEST]}
        if kind != backup.KIND_DAILY:
            continue
        days: set[str] = set()
        months: set[str] = set()
        for b in mine:  # newest first: the first one seen of a day or month is its newest
            day, month = b.created_at[:10], b.created_at[:7]
            if b.when >= at - timedelta(days=backup.KEEP_DAYS) and day not in days:
                days.add(day)
                keep.add(b.path)
            if b.when >= at - timedelta(days=31 * backup.KEEP_MONTHS) and month not in months:
                months.add(month)
                keep.add(b.path)
    return keep


def rotate(directory: str | Path, at: datetime | None = None) -> list[Path]:
    """Delete the automatic backups rotation no longer keeps; return them."""
    backups = backup.list_backups(directory)
    keep = to_keep(backups, at or backup.now())
    gone = []
    for b in backups:
        if b.path not in keep:
            try:
                b.path.unlink()
                gone.append(b.path)
            except OSError:
                pass  # a backup someone holds open goes next time
    return gone


# -- the daily backup ---------------------------------------------------------------------------
def current_mark(directory: str | Path) -> dict | None:
    """backup.data_mark() of the live store, read-only; None when the folder has no database."""
    db_file = paths.db_path(directory)
    if not db_file.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=10)
        try:
            return backup.data_mark(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"无法读取数据文件：{exc}", "io") from exc


def _exit_record(directory: str | Path) -> Path:
    return backup.backup_dir(directory) / backup.EXIT_RECORD


def record_exit(directory: str | Path) -> None:
    """The session ended as it should (its daily backup made, or not due): no catch-up next start.
    Never raises: at worst the next start makes one backup too many."""
    record = _exit_record(directory)
    try:
        mark = current_mark(directory)
        if mark is None:
            return
        record.parent.mkdir(parents=True, exist_ok=True)
        partial = record.with_name(f".{record.name}.{os.getpid()}")
        partial.write_text(json.dumps({"at": backup.now().isoformat(sep=" "), "mark": mark}), encoding="utf-8")
        os.replace(partial, record)
    except (OSError, StoreError) as exc:
        logging.getLogger(__name__).warning("could not record the exit: %s", exc)


def _last_exit_mark(directory: str | Path) -> dict | None:
    try:
        mark = json.loads(_exit_record(directory).read_text(encoding="utf-8")).get("mark")
    except (OSError, ValueError, AttributeError):
        return None
    return mark if isinstance(mark, dict) else None


def daily_due(directory: str | Path, at: datetime | None = None, *, catch_up: bool = False) -> bool:
    """Whether the daily backup is to be made backup.now: none made today yet, and the store changed since
    the newest daily (with none, since it was empty). With catch_up (at start-up), only if the last
    session did not end with record_exit() on the store as it is now."""
    mark = current_mark(directory)
    if mark is None:
        return False
    today = (at or backup.now()).date().isoformat()
    dailies = [b for b in backup.list_backups(directory) if b.kind == backup.KIND_DAILY]  # newest first
    if any(b.created_at[:10] == today for b in dailies):
        return False
    changed = dailies[0].mark != mark if dailies else mark["audit_id"] > 0
    if catch_up:
        return changed and _last_exit_mark(directory) != mark
    return changed


def daily_backup(directory: str | Path, at: datetime | None = None, progress: backup.Progress = backup._keep_going, *,
                 catch_up: bool = False) -> backup.BackupInfo | None:
    """The day's automatic backup when daily_due() says so, then rotation; else None.
    Raises BackupCancelled when progress() said stop, StoreError (Chinese) when it failed."""
    if not daily_due(directory, at, catch_up=catch_up):
        return None
    info = backup.make_backup(directory, kind=backup.KIND_DAILY, progress=progress)
    rotate(directory, at)
    return info


def snapshot_quietly(directory: str | Path) -> backup.BackupInfo | None:
    """snapshot(), but a failure is only logged: the clerk's operation goes ahead without it."""
    try:
        return snapshot(directory)
    except StoreError as exc:
        logging.getLogger(__name__).warning("snapshot before a risky operation failed: %s", exc)
        return None


def snapshot(directory: str | Path) -> backup.BackupInfo | None:
    """The database as it is backup.now, before a risky operation; rotated like the daily ones."""
    if not paths.db_path(directory).exists():
        return None
    info = backup.make_backup(directory, kind=backup.KIND_SNAPSHOT)
    rotate(directory)
    return info
