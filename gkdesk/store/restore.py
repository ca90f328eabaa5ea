"""Restoring a backup (store/backup.py): verify everything first, keep what it replaces, then copy.

    info = verify_backup(zip_path)                   # BackupError with one Chinese line, or the manifest
    result = restore_backup(folder, zip_path)        # result.kept: the backup of what was replaced

Nothing in the data folder changes until the archive has passed every check: it is a gkdesk
backup (its manifest), every member's CRC, the database's sha256, every evidence file's sha256
(its name), the database's ``PRAGMA integrity_check``, its schema version (not newer than this
program), its counts equal to the manifest's, and — for a snapshot without evidence — every file
it refers to present in the data folder. The unpacked database is then opened with today's code
(migrated if it is older) in the staging folder. Only then is the current store backed up
(KIND_BEFORE_RESTORE: a restore can itself be undone by restoring that file), the evidence
files copied in (content-addressed: existing ones are identical), and the database written over
the live one with SQLite's backup API — one locked copy through SQLite's own locking, so another
connection never reads a half-replaced file and the -wal/-shm files stay consistent.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gkdesk import paths
from gkdesk.store import backup, schema
from gkdesk.store.errors import StoreError

Progress = Callable[[int, str], bool]


class BackupError(StoreError):
    """The archive cannot be restored; str() is the line the clerk reads."""


def not_a_backup(path: Path) -> BackupError:
    return BackupError(f"“{path.name}”不是政务公开任务台的备份文件，未做任何更改。", "not_backup")


def damaged(path: Path, what: str) -> BackupError:
    return BackupError(f"备份文件“{path.name}”已损坏（{what}），无法恢复，未做任何更改。请换用另一份备份。", "damaged")


def _keep_going(_p: int, _w: str) -> bool:
    return True


@dataclass
class RestoreResult:
    restored: backup.BackupInfo  # the backup that is now the store
    kept: backup.BackupInfo | None  # the store as it was just before, saved first
    damaged_copy: Path | None = None  # the replaced store could not be read: its raw file, kept


def _sha(data_or_path: bytes | Path) -> str:
    if isinstance(data_or_path, bytes):
        return hashlib.sha256(data_or_path).hexdigest()
    h = hashlib.sha256()
    with data_or_path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _unpack(path: Path, staging: Path, progress: Progress) -> tuple[backup.BackupInfo, dict]:
    """Check the archive member by member while unpacking it into `staging`."""
    try:
        z = zipfile.ZipFile(path)
    except FileNotFoundError as exc:
        raise BackupError(f"找不到备份文件“{path}”。", "not_found") from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise not_a_backup(path) from exc
    with z:
        try:
            manifest = json.loads(z.read(backup.MANIFEST_NAME).decode("utf-8"))
        except KeyError as exc:
            raise not_a_backup(path) from exc
        except (zipfile.BadZipFile, ValueError, UnicodeDecodeError, OSError) as exc:
            raise damaged(path, "说明文件无法读取") from exc
        info = backup.info_from_manifest(path, manifest, path.stat().st_size)
        if info is None:
            raise not_a_backup(path)
        if info.schema_version > schema.LATEST:
            raise BackupError(f"备份由更新版本的政务公开任务台创建（数据版本 {info.schema_version}），"
                              "请升级本软件后再恢复，未做任何更改。", "newer")
        names = set(z.namelist())
        if backup.DB_MEMBER not in names:
            raise damaged(path, "缺少数据库")
        wanted = [f"{paths.EVIDENCE_DIR_NAME}/{s[:2]}/{s}" for s in info.files] if info.included else []
        missing_in_zip = set(manifest.get("evidence_missing", []))
        members = [backup.DB_MEMBER] + [m for m in wanted if m.rsplit("/", 1)[1] not in missing_in_zip]
        for i, member in enumerate(members):
            if member not in names:
                raise damaged(path, f"缺少佐证材料文件 {member.rsplit('/', 1)[1][:12]}…")
            target = staging / member
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with z.open(member) as src, target.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)  # a bad CRC raises at the end of the member
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as exc:
                if isinstance(exc, OSError) and exc.errno == 28:
                    raise BackupError("磁盘空间已满，无法解开备份。请清理磁盘空间后重试。", "full") from exc
                raise damaged(path, "文件内容校验失败") from exc
            expected = manifest.get("database_sha256") if member == backup.DB_MEMBER else member.rsplit("/", 1)[1]
            if _sha(target) != expected:
                raise damaged(path, "文件内容校验失败")
            progress(5 + 45 * (i + 1) // len(members), "正在校验备份")
    return info, manifest


def _check_database(path: Path, db_file: Path, info: backup.BackupInfo) -> None:
    try:
        conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            result = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            if result != ["ok"]:
                raise damaged(path, "数据库完整性检查未通过")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            counts = backup.counts_of(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise damaged(path, "数据库无法打开") from exc
    if version != info.schema_version:
        raise damaged(path, "数据版本与说明不符")
    if counts != info.counts:
        raise damaged(path, "记录数与说明不符")


def verify_backup(path: str | Path, directory: str | Path | None = None,
                  progress: Progress = _keep_going) -> backup.BackupInfo:
    """Every check restore makes, without changing anything (staging in a temporary folder)."""
    path = Path(path)
    parent = Path(directory) if directory is not None else None
    with tempfile.TemporaryDirectory(prefix=".gkdesk-restore-", dir=parent) as tmp:
        return _verified(path, Path(tmp), directory, progress)


def _verified(path: Path, staging: Path, directory: str | Path | None, progress: Progress) -> backup.BackupInfo:
    info, _manifest = _unpack(path, staging, progress)
    db_file = staging / backup.DB_MEMBER
    _check_database(path, db_file, info)
    if not info.included and directory is not None:
        root = paths.evidence_dir(directory)
        gone = [s for s in info.files if not (root / s[:2] / s).is_file()]
        if gone:
            raise BackupError(f"“{path.name}”是操作前的快照，不含佐证材料文件；它引用的 {len(gone)} 个文件"
                              "已不在数据文件夹中，无法完整恢复，未做任何更改。请改用完整备份。", "incomplete")
    progress(60, "正在打开备份中的数据库")
    # Opened with today's code: an older store is migrated here, in staging, not in the data folder.
    from gkdesk.store.db import Database

    try:
        Database.open(db_file).close()
    except StoreError as exc:
        raise damaged(path, str(exc).rstrip("。")) from exc
    for extra in staging.glob(f"{backup.DB_MEMBER}.bak-v*"):
        extra.unlink()
    return info


def restore_backup(directory: str | Path, path: str | Path, progress: Progress = _keep_going) -> RestoreResult:
    """Replace the data folder's store with the backup at `path`, after verifying it.

    The caller holds the folder (no window writing it); the current store is backed up first.
    """
    directory, path = Path(directory), Path(path)
    db_file = paths.db_path(directory)
    with tempfile.TemporaryDirectory(prefix=".gkdesk-restore-", dir=directory) as tmp:
        staging = Path(tmp)
        info = _verified(path, staging, directory, progress)
        progress(70, "正在备份当前数据")
        kept, raw = _keep_current(directory)
        progress(80, "正在恢复佐证材料")
        root = paths.evidence_dir(directory)
        staged_root = staging / paths.EVIDENCE_DIR_NAME
        for blob in staged_root.rglob("*") if staged_root.is_dir() else ():
            if blob.is_file():
                target = root / blob.parent.name / blob.name
                if not target.is_file():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(blob, target)  # same file system: the staging folder is in the data folder
        progress(90, "正在恢复数据库")
        _copy_over(staging / backup.DB_MEMBER, db_file)
    progress(100, "恢复完成")
    return RestoreResult(info, kept, raw)


def _keep_current(directory: Path) -> tuple[backup.BackupInfo | None, Path | None]:
    if not paths.db_path(directory).exists():
        return None, None
    try:
        return backup.make_backup(directory, kind=backup.KIND_BEFORE_RESTORE), None
    except StoreError as exc:
        if exc.kind == "full":
            raise
        # The store being replaced may be the damaged one: keep its raw file instead.
        raw = backup.backup_dir(directory) / f"gkdesk-damaged-{backup.now():%Y%m%d-%H%M%S}.sqlite3"
        raw.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.db_path(directory), raw)
        return None, raw


def _copy_over(source: Path, target: Path) -> None:
    """Write `source` over the live store through SQLite (other connections see it all or not at all);
    a target SQLite cannot read any more (the damaged store being replaced) is replaced as a file."""
    if target.exists() and not _readable(target):
        for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(source, target.with_name(target.name + ".restoring"))
        os.replace(target.with_name(target.name + ".restoring"), target)
        return
    try:
        src = sqlite3.connect(str(source))
        dest = sqlite3.connect(str(target), timeout=10)
        try:
            src.backup(dest)
        finally:
            dest.close()
            src.close()
    except sqlite3.Error as exc:
        from gkdesk.store.errors import user_problem

        problem = user_problem(exc)
        raise (problem or StoreError(f"恢复数据库时出错：{exc}", "io")) from exc


def _readable(db_file: Path) -> bool:
    try:
        conn = sqlite3.connect(str(db_file), timeout=10)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)
