"""Store errors: the clerk's own problems (disk, lock, wrong file) get a Chinese message;
anything else is a bug in gkdesk and propagates unchanged so it gets reported."""

from __future__ import annotations

import sqlite3


class StoreError(Exception):
    """A problem the clerk can act on. str(error) is one line of Chinese for a message box.

    `kind` lets callers react without parsing the text: full, readonly, locked, notadb, cantopen,
    io, corrupt, newer, too_big, not_found.
    """

    def __init__(self, message: str, kind: str = "") -> None:
        super().__init__(message)
        self.kind = kind


class StoreBusy(StoreError):
    """Another window or process holds the write lock past the busy timeout (a long import).

    Nothing was written; the same step can simply be tried again once the other writer is done.
    """

    def __init__(self, message: str = "") -> None:
        super().__init__(message or MSG_BUSY, "locked")


MSG_BUSY = ("数据文件正被另一个窗口或程序占用（例如正在导入通知），这一步暂未保存。"
            "请稍候片刻后重试；不必关闭其他窗口。")

# Primary SQLite result codes (the low byte of the extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

_MESSAGES: dict[int, tuple[str, str]] = {
    _SQLITE_FULL: ("full", "磁盘空间已满，数据未能保存。请清理磁盘空间后重试。"),
    _SQLITE_READONLY: (
        "readonly",
        "数据文件是只读的，无法保存修改。请检查文件权限或是否放在只读位置（如光盘、受保护的文件夹）。",
    ),
    _SQLITE_PERM: ("readonly", "没有权限写入数据文件。请检查文件夹权限。"),
    _SQLITE_NOTADB: (
        "notadb",
        "所选文件不是政务公开任务台的数据文件，或文件已加密、损坏。",
    ),
    _SQLITE_CORRUPT: (
        "corrupt",
        # Backups are the .zip files of store/backup.py (the .bak-vN copy exists only after an upgrade).
        "数据文件已损坏。请从备份恢复：在“文件 → 从备份恢复…”中选一份备份（自动备份在数据文件夹的 backups 文件夹中），"
        "或运行 gkdesk-cli restore 备份文件；也可联系技术人员。",
    ),
    _SQLITE_CANTOPEN: (
        "cantopen",
        "无法打开数据文件。请检查文件夹是否存在、是否有写入权限。",
    ),
    _SQLITE_IOERR: (
        "io",
        "读写数据文件时出错（磁盘或网络驱动器故障）。请检查存储设备后重试。",
    ),
}


def user_problem(exc: sqlite3.Error) -> StoreError | None:
    """The StoreError for an environment problem, or None when the error is a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        # Older builds carry no code; fall back on the message text SQLite gives.
        text = str(exc).lower()
        for needle, primary in (
            ("disk is full", _SQLITE_FULL),
            ("readonly", _SQLITE_READONLY),
            ("locked", _SQLITE_BUSY),
            ("not a database", _SQLITE_NOTADB),
            ("malformed", _SQLITE_CORRUPT),
            ("unable to open", _SQLITE_CANTOPEN),
            ("disk i/o", _SQLITE_IOERR),
        ):
            if needle in text:
                code = primary
                break
        else:
            return None
    if code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return StoreBusy()
    found = _MESSAGES.get(code & 0xFF)
    if found is None:
        return None
    kind, message = found
    return StoreError(message, kind)


def newer_database(version: int) -> StoreError:
    return StoreError(
        f"数据文件由更新版本的政务公开任务台创建（版本 {version}），请升级本软件后再打开。",
        "newer",
    )
