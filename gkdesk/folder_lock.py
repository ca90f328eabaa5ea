"""One owner per data folder: an OS file lock on ``gkdesk.lock`` naming its holder. No Qt.

    lock = FolderLock(folder)              # purpose: the window (default) or a restore
    holder = lock.acquire()                # None: ours now; else a Holder (pid, what, since)
    ...
    lock.release()

The lock is the operating system's (``fcntl.flock`` on Linux/macOS, ``msvcrt.locking`` on
Windows), held on an open file for as long as the process lives. The kernel drops it when the
process ends in any way — a SIGKILL, a crash, a power cut — so a stale lock cannot exist: the
file's text (pid, what holds it, since when) is only there to name the holder in a message, and
the next owner overwrites it. QLockFile was the other choice: it writes the pid and decides
"stale" by asking whether that pid still runs a process of the same name and by the file's age
(staleLockTime, 30 s by default), which a long-running window would have to disable, and it
needs Qt, which the CLI does not load. A network drive that ignores file locks is not covered.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOCK_FILE_NAME = "gkdesk.lock"
PURPOSE_WINDOW = "window"
PURPOSE_RESTORE = "restore"
_WORDS = {PURPOSE_WINDOW: "政务公开任务台窗口", PURPOSE_RESTORE: "正在进行的恢复"}


@dataclass(frozen=True)
class Holder:
    pid: int
    purpose: str
    since: str

    def describe(self) -> str:
        """政务公开任务台窗口（进程 1234，自 2026-12-03 20:17 起）"""
        what = _WORDS.get(self.purpose, "另一个政务公开任务台")
        since = f"，自 {self.since[:16]} 起" if self.since else ""
        pid = f"进程 {self.pid}" if self.pid else "进程未知"
        return f"{what}（{pid}{since}）"


class FolderLock:
    def __init__(self, folder: str | Path, purpose: str = PURPOSE_WINDOW) -> None:
        self.path = Path(folder) / LOCK_FILE_NAME
        self.purpose = purpose
        self._file = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> Holder | None:
        """Take the folder, or say who has it. Never waits."""
        if self._file is not None:
            return None
        f = open(self.path, "a+b")  # noqa: SIM115 - kept open: the lock lives as long as the file
        try:
            _lock(f)
        except OSError:
            f.close()
            return self.holder() or Holder(0, "", "")
        f.seek(0)
        f.truncate()
        text = {"pid": os.getpid(), "purpose": self.purpose, "since": datetime.now().isoformat(sep=" ", timespec="seconds")}
        # Windows locks a byte range, not the file: the text is written after the locked first byte.
        f.write(b" " + json.dumps(text).encode("utf-8"))
        f.flush()
        self._file = f
        return None

    def holder(self) -> Holder | None:
        """Who holds the folder now (read from the lock file), without taking it."""
        try:
            raw = self.path.read_bytes()
            data = json.loads(raw.decode("utf-8").strip() or "{}")
            return Holder(int(data.get("pid", 0)), str(data.get("purpose", "")), str(data.get("since", "")))
        except (OSError, ValueError, UnicodeDecodeError, AttributeError):
            return None

    def release(self) -> None:
        f, self._file = self._file, None
        if f is not None:
            try:
                f.seek(0)
                f.truncate()
                _unlock(f)
            finally:
                f.close()


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(f) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(f) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(f) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(f) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
