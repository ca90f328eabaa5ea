"""Opening a notice file at all: only a regular file, and every OSError as a Chinese sentence. No Qt.

A FIFO, a device (/dev/zero) or a symlink to one would block open() or never end a read, so the
file's type is checked with stat() before anything opens it.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .file_messages import msg_directory, msg_name_too_long, msg_not_found, msg_not_regular, msg_unreadable


def open_error(path: Path, exc: OSError) -> NoticeImportError:
    if isinstance(exc, FileNotFoundError):
        return NoticeImportError(msg_not_found(path))
    if isinstance(exc, IsADirectoryError):
        return NoticeImportError(msg_directory(path))
    if exc.errno == errno.ENAMETOOLONG:
        return NoticeImportError(msg_name_too_long(path))
    return NoticeImportError(msg_unreadable(path))


def regular_file_size(path: str | os.PathLike[str]) -> int:
    """The size of ``path`` if it is a regular file (symlinks followed), else the clear message."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise open_error(path, exc) from exc
    if stat.S_ISDIR(st.st_mode):
        raise NoticeImportError(msg_directory(path))
    if not stat.S_ISREG(st.st_mode):
        raise NoticeImportError(msg_not_regular(path))
    return st.st_size


def read_head(path: str | os.PathLike[str], n: int) -> bytes:
    """The first ``n`` bytes of a regular file."""
    path = Path(path)
    regular_file_size(path)
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError as exc:
        raise open_error(path, exc) from exc


def read_capped(path: str | os.PathLike[str], max_bytes: int) -> bytes | None:
    """All bytes of a regular file, or None when it holds more than ``max_bytes``."""
    path = Path(path)
    if regular_file_size(path) > max_bytes:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise open_error(path, exc) from exc
    return None if len(data) > max_bytes else data


def scan_file(path: Path, needles: tuple[bytes, ...], chunk_size: int = 1024 * 1024) -> set[bytes]:
    """Which of ``needles`` occur anywhere in the file (streamed, bounded memory)."""
    found: set[bytes] = set()
    keep = max(len(n) for n in needles) - 1
    tail = b""
    try:
        with open(path, "rb") as f:
            while True:
                chunk = f.read(chunk_size)
                if not chunk:
                    break
                buf = tail + chunk
                for n in needles:
                    if n not in found and n in buf:
                        found.add(n)
                if len(found) == len(needles):
                    break
                tail = buf[-keep:] if keep else b""
    except OSError as exc:
        raise open_error(path, exc) from exc
    return found
