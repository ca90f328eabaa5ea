"""Where gkdesk keeps its data: one folder holding the SQLite file and the evidence files."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import appdirs

APP_DIR_NAME = "gkdesk"
DB_FILE_NAME = "gkdesk.sqlite3"
EVIDENCE_DIR_NAME = "evidence"


class DataDirError(Exception):
    """The data folder cannot be made: str(error) is one line of Chinese for the clerk."""


def _unusable(path: Path, exc: OSError) -> DataDirError:
    shown = str(path) if len(str(path)) <= 120 else str(path)[:60] + "…" + str(path)[-40:]
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        why = "该位置（或它的上级）是一个文件，不是文件夹"
    elif isinstance(exc, PermissionError):
        why = "没有在这里新建文件夹的权限"
    elif exc.errno == errno.ENAMETOOLONG:
        why = "路径太长"
    elif exc.errno in (errno.EROFS, errno.ENOSPC):
        why = "磁盘只读或已满"
    else:
        why = exc.strerror or str(exc)
    return DataDirError(f"无法使用数据文件夹“{shown}”：{why}。请用 --data-dir 另选一个文件夹，"
                        "或检查环境变量 GKDESK_HOME。")


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder: an explicit override, else $GKDESK_HOME, else the user's data folder.
    DataDirError when it cannot be made (a file of that name, no permission, a path too long)."""
    if override:
        path = Path(override)
    elif os.environ.get("GKDESK_HOME"):
        path = Path(os.environ["GKDESK_HOME"])
    else:
        # appdirs turns an empty XDG_DATA_HOME into a relative "gkdesk": data would land in the
        # current folder. An empty value means unset.
        if os.environ.get("XDG_DATA_HOME", None) == "":
            os.environ.pop("XDG_DATA_HOME")
        path = Path(appdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    path = path.expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unusable(path, exc) from exc
    return path


def db_path(directory: str | Path) -> Path:
    return Path(directory) / DB_FILE_NAME


def evidence_dir(directory: str | Path) -> Path:
    return Path(directory) / EVIDENCE_DIR_NAME
