"""Backups of a data folder: one .zip a clerk can copy to a USB stick. Never imports Qt.

    info = make_backup(folder)                       # backups/gkdesk-backup-20261203-201706.zip
    info = make_backup(folder, to="/media/usb")      # a folder or a file name
    make_backup(folder, kind=KIND_SNAPSHOT)          # before a risky operation: database only
    daily_backup(folder)                             # at exit: at most once a day, only after a change
    daily_backup(folder, catch_up=True)              # at start-up: only if the last session did not end
    record_exit(folder)                              # …so this, after the exit's backup, says it ended
    for b in list_backups(folder): b.created_at, b.counts, b.size

The zip holds ``gkdesk-backup.json`` (the manifest), ``gkdesk.sqlite3`` (a consistent copy made by
SQLite's online backup API, so pages still in the WAL are included and a writer in another window
is never blocked for more than one step) and, in a full backup, ``evidence/<sha[:2]>/<sha>`` for
every evidence file the copied database refers to. Evidence files are content-addressed and never
rewritten, so copying them after the database snapshot is consistent. A snapshot (made before an
import that revises a notice, a take-back of returns or a restore) has the database only: the
files it refers to are in the data folder already, and restore checks that they still are.

When backups are made and which are kept (the daily one at exit, snapshots before risky
operations, rotation): store/backup_schedule.py.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from gkdesk import paths
from gkdesk.store.errors import StoreError

BACKUP_DIR_NAME = "backups"
MANIFEST_NAME = "gkdesk-backup.json"
FORMAT = "gkdesk-backup"
FORMAT_VERSION = 1
DB_MEMBER = paths.DB_FILE_NAME

KIND_DAILY = "daily"  # at most once a day, at exit (or at start-up when the last session did not end)
KIND_SNAPSHOT = "snapshot"  # database only, before a risky operation
KIND_MANUAL = "manual"  # 备份数据… / gkdesk-cli backup
KIND_BEFORE_RESTORE = "before_restore"  # what a restore replaced: the restore can be undone
KIND_WORDS = {KIND_DAILY: "每日自动", KIND_SNAPSHOT: "操作前快照", KIND_MANUAL: "手动", KIND_BEFORE_RESTORE: "恢复前"}
AUTOMATIC = (KIND_DAILY, KIND_SNAPSHOT)

KEEP_NEWEST = 10
KEEP_DAYS = 7
KEEP_MONTHS = 12

# What the manifest counts, and restore checks again in the database it unpacked.
COUNTED = ("notices", "tasks", "completions", "evidence", "rosters")
COUNT_WORDS = {"notices": "通知", "tasks": "任务", "completions": "完成情况", "evidence": "佐证材料", "rosters": "人员名单"}

EXIT_RECORD = "last-exit.json"

Progress = Callable[[int, str], bool]
_SHA = re.compile(r"[0-9a-f]{64}")


class BackupCancelled(Exception):
    """The progress callback said stop (取消): nothing was written under the backup's name."""


def _keep_going(_percent: int, _what: str) -> bool:
    return True


@dataclass
class BackupInfo:
    """One backup file as its manifest describes it."""

    path: Path
    kind: str
    created_at: str  # "YYYY-MM-DD HH:MM:SS", local time
    schema_version: int
    app_version: str
    counts: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)  # sha256 → size of every evidence file referred to
    included: bool = True  # False for a snapshot: the evidence files are not in the zip
    size: int = 0
    mark: dict | None = None  # data_mark() of the database inside; None in backups made before marks

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.created_at)

    def describe(self) -> str:
        """One line for the clerk: 2026-12-03 20:17  每日自动  通知 2、任务 112、完成情况 40 …"""
        counts = "、".join(f"{COUNT_WORDS[k]} {self.counts.get(k, 0)}" for k in COUNTED)
        return f"{self.created_at[:16]}  {KIND_WORDS.get(self.kind, self.kind)}  {counts}  {size_text(self.size)}"


def size_text(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def backup_dir(directory: str | Path) -> Path:
    return Path(directory) / BACKUP_DIR_NAME


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def counts_of(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in COUNTED}


def data_mark(conn: sqlite3.Connection) -> dict:
    """What "the store changed" is measured by (see the module docstring)."""
    row = conn.execute("SELECT id, at FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return {"schema_version": int(conn.execute("PRAGMA user_version").fetchone()[0]),
            "audit_id": int(row[0]) if row else 0, "audit_at": str(row[1]) if row else ""}


def snapshot_database(source: Path, target: Path, progress: Progress = _keep_going) -> None:
    """Copy the store at `source` into a new file `target` with SQLite's online backup API."""
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
        try:
            dest = sqlite3.connect(str(target))
            try:
                def step(_status: int, remaining: int, total: int) -> None:
                    _go_on(progress, 5 + 40 * (total - remaining) // max(total, 1), "正在复制数据库")

                # 256 pages a step: a writer in another window waits for one step at most. An
                # exception raised by the callback ends the copy (sqlite3_backup_finish).
                src.backup(dest, pages=256, progress=step)
            finally:
                dest.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        from gkdesk.store.errors import user_problem

        problem = user_problem(exc)
        raise (problem or StoreError(f"无法复制数据库：{exc}", "io")) from exc


def _go_on(progress: Progress, percent: int, what: str) -> None:
    if progress(percent, what) is False:
        raise BackupCancelled()


def _unique(path: Path) -> Path:
    n = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _target(directory: Path, to: str | Path | None, when: datetime, kind: str) -> Path:
    stamp = when.strftime("%Y%m%d-%H%M%S")
    name = f"gkdesk-backup-{stamp}.zip" if kind != KIND_SNAPSHOT else f"gkdesk-snapshot-{stamp}.zip"
    if to is None:
        return _unique(backup_dir(directory) / name)
    to = Path(to).expanduser()
    if to.is_dir() or str(to).endswith(("/", os.sep)):
        return _unique(to / name)
    return to if to.suffix.lower() == ".zip" else to.with_name(to.name + ".zip")


def make_backup(directory: str | Path, *, to: str | Path | None = None, kind: str = KIND_MANUAL,
                progress: Progress = _keep_going) -> BackupInfo:
    """Write one backup of the data folder; return what it holds. Raises StoreError (Chinese)."""
    from gkdesk import __version__

    directory = Path(directory)
    db_file = paths.db_path(directory)
    if not db_file.exists():
        raise StoreError(f"数据文件夹“{directory}”中没有数据文件，无需备份。", "not_found")
    when = now()
    target = _target(directory, to, when, kind)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"无法创建备份文件夹“{target.parent}”：{exc.strerror or exc}", "io") from exc
    work = Path(tempfile.mkdtemp(prefix=".gkdesk-backup-", dir=target.parent))
    try:
        snap = work / DB_MEMBER
        _go_on(progress, 2, "正在复制数据库")
        snapshot_database(db_file, snap, progress)
        try:
            conn = sqlite3.connect(str(snap))
            try:
                mark = data_mark(conn)
                schema_version = mark["schema_version"]
                counts = counts_of(conn)
                files = {r[0]: int(r[1]) for r in conn.execute("SELECT sha256, max(size) FROM evidence GROUP BY sha256")}
            finally:
                conn.close()
        except sqlite3.Error as exc:  # the store itself is damaged: a backup of it would not restore
            raise StoreError(f"数据文件已损坏，无法备份：{exc}", "corrupt") from exc
        info = BackupInfo(target, kind, when.isoformat(sep=" "), schema_version, __version__, counts, files,
                          included=kind != KIND_SNAPSHOT, mark=mark)
        partial = work / "backup.zip"
        _write_zip(partial, info, snap, paths.evidence_dir(directory), progress)
        _go_on(progress, 96, "正在保存备份文件")  # the last moment 取消 can still leave nothing
        os.replace(partial, target)  # a half-written backup never has the final name
        info.size = target.stat().st_size
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC
            raise StoreError("磁盘空间已满，备份未能完成。请清理磁盘空间后重试。", "full") from exc
        raise StoreError(f"写入备份文件“{target}”时出错：{exc.strerror or exc}", "io") from exc
    finally:
        for p in sorted(work.rglob("*"), reverse=True):
            p.unlink() if not p.is_dir() else p.rmdir()
        work.rmdir()
    progress(100, "备份完成")
    return info


def _write_zip(partial: Path, info: BackupInfo, snap: Path, evidence_root: Path, progress: Progress) -> None:
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "kind": info.kind, "created_at": info.created_at,
        "app_version": info.app_version, "schema_version": info.schema_version, "counts": info.counts,
        "database_sha256": _sha256(snap), "evidence_included": info.included, "evidence": info.files,
        "data_mark": info.mark,
    }
    missing: list[str] = []
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(snap, DB_MEMBER)
        if info.included:
            done = 0
            for sha in sorted(info.files):
                blob = evidence_root / sha[:2] / sha
                if blob.is_file():
                    # Evidence is mostly .docx/.pdf/.jpg, compressed already: store it as it is.
                    z.write(blob, f"{paths.EVIDENCE_DIR_NAME}/{sha[:2]}/{sha}", compress_type=zipfile.ZIP_STORED)
                else:
                    missing.append(sha)
                done += 1
                _go_on(progress, 50 + 45 * done // len(info.files), "正在复制佐证材料")
        manifest["evidence_missing"] = missing  # referred to, but already gone from the folder
        z.writestr(MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# -- reading ------------------------------------------------------------------------------------
def read_info(path: str | Path) -> BackupInfo | None:
    """The manifest of a gkdesk backup, or None when the file is not one (or cannot be read)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            manifest = json.loads(z.read(MANIFEST_NAME).decode("utf-8"))
        size = path.stat().st_size
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, UnicodeDecodeError):
        return None
    return info_from_manifest(path, manifest, size)


def info_from_manifest(path: Path, manifest: object, size: int) -> BackupInfo | None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return None
    evidence = manifest.get("evidence", {})
    # Member names are built from these: anything but a sha256 would let an archive write elsewhere.
    if not isinstance(evidence, dict) or not all(isinstance(k, str) and _SHA.fullmatch(k) for k in evidence):
        return None
    mark = manifest.get("data_mark")
    try:
        return BackupInfo(path, str(manifest["kind"]), str(manifest["created_at"]), int(manifest["schema_version"]),
                          str(manifest.get("app_version", "")),
                          {k: int(manifest["counts"][k]) for k in COUNTED},
                          {k: int(v) for k, v in evidence.items()},
                          bool(manifest.get("evidence_included", True)), size,
                          mark if isinstance(mark, dict) else None)
    except (KeyError, TypeError, ValueError):
        return None


def list_backups(directory: str | Path) -> list[BackupInfo]:
    """The backups in the data folder's backups/, newest first."""
    folder = backup_dir(directory)
    if not folder.is_dir():
        return []
    found = [info for p in folder.glob("*.zip") if (info := read_info(p)) is not None]
    return sorted(found, key=lambda b: (b.created_at, b.path.name), reverse=True)


# When backups are made and which are kept lives in its own module; its names are part of this one's.
from gkdesk.store.backup_schedule import (  # noqa: E402  (it uses the names above)
    current_mark,
    daily_backup,
    daily_due,
    record_exit,
    rotate,
    snapshot,
    snapshot_quietly,
    to_keep,
)
