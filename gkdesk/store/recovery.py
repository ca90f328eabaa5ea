"""A damaged store at start-up: find the newest backup that would restore, and say so. Never imports Qt.

    if recovery.is_damaged(exc):
        good = recovery.newest_good_backup(folder)   # verified with store/restore.py's checks
        line = recovery.cli_advice(good, data_dir)   # the command line's one sentence
        result = recovery.restore_newest(folder, good)   # after the clerk agreed (the window asks)

"Damaged" is what SQLite reports as SQLITE_CORRUPT or SQLITE_NOTADB for the data folder's own
file. The backups in the folder's backups/ are tried newest first; each is verified exactly as a
restore would verify it (every hash, integrity_check, schema version, counts, and for a snapshot
the evidence files it needs), so one that was made of an already damaged store is passed over.
Restoring keeps the damaged file first (restore.py: a before_restore backup, or its raw bytes).
"""
from __future__ import annotations

import logging
from pathlib import Path

from gkdesk.store import backup, restore
from gkdesk.store.errors import StoreError

DAMAGED_KINDS = ("corrupt", "notadb")

_log = logging.getLogger(__name__)


def is_damaged(exc: BaseException) -> bool:
    """True for the data folder's own file being damaged (not a bad backup archive, a full disk …)."""
    return isinstance(exc, StoreError) and not isinstance(exc, restore.BackupError) and exc.kind in DAMAGED_KINDS


def newest_good_backup(directory: str | Path) -> backup.BackupInfo | None:
    """The newest backup in the data folder that passes every check restore makes, or None."""
    for info in backup.list_backups(directory):
        try:
            restore.verify_backup(info.path, directory)
        except StoreError as exc:
            _log.info("backup %s would not restore: %s", info.path.name, exc)  # info: the CLI says one line
            continue
        return info
    return None


def describe(info: backup.BackupInfo) -> str:
    """"2026-12-03 20:17 的每日自动备份（通知 1、任务 56 …）" — the backup as the clerk is offered it."""
    counts = "、".join(f"{backup.COUNT_WORDS[k]} {info.counts.get(k, 0)}" for k in backup.COUNTED)
    return f"{info.created_at[:16]} 的{backup.KIND_WORDS.get(info.kind, info.kind)}备份（{counts}）"


def cli_advice(good: backup.BackupInfo | None, data_dir: str | None = None) -> str:
    """The one line the command line prints for a damaged store: the restore command, ready to copy."""
    where = f' --data-dir "{data_dir}"' if data_dir else ""
    if good is None:
        return ("数据文件已损坏，无法打开，数据文件夹的 backups 中也没有完好的备份。请不要删除数据文件夹，先把它整个复制一份；"
                f"如在别处（如 U 盘）有备份文件，可运行 gkdesk-cli{where} restore 备份文件 恢复，否则请联系技术人员。")
    return (f"数据文件已损坏，无法打开。最近一份完好的备份是 {describe(good)}；请关闭本软件的窗口后运行 "
            f"gkdesk-cli{where} restore \"{good.path}\" 恢复（恢复前会先把损坏的数据文件另存一份）。")


def restore_newest(directory: str | Path, good: backup.BackupInfo) -> restore.RestoreResult:
    """Restore `good` (verified again on the way: it may have changed since it was offered)."""
    return restore.restore_backup(directory, good.path)
