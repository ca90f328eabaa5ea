"""Evidence files stored by content: evidence/<sha[:2]>/<sha>, so one file is kept once."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

from gkdesk.store.errors import StoreError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
INCOMING_PREFIX = ".incoming-"  # a copy being made; never a final name


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def msg_link(name: str) -> str:
    return f"“{name}”是一个链接（快捷方式），不是文件本身，不能作为佐证材料。请选择它指向的原文件后再添加。"


def msg_folder(name: str) -> str:
    return f"“{name}”是一个文件夹，不能作为佐证材料。请选择其中的文件，或先把文件夹压缩成 .zip 后再添加。"


def msg_not_regular(name: str) -> str:
    return f"“{name}”不是普通文件（可能是管道或设备），不能作为佐证材料。"


def msg_name_too_long(name: str) -> str:
    return f"文件名过长，无法读取“{name[:30]}…”。请把文件改成较短的名字后再添加。"


def msg_too_big(name: str, size: int, max_bytes: int) -> str:
    return (f"文件“{name}”大小为 {_mb(size)} MB，超过佐证材料的上限 {_mb(max_bytes)} MB，"
            "请压缩或拆分后再添加。")


def _refusal(source: Path, exc: OSError) -> StoreError:
    name = source.name
    if isinstance(exc, FileNotFoundError):
        return StoreError(f"找不到文件“{name}”，可能已被移动或删除。", "not_found")
    if exc.errno == errno.ENAMETOOLONG:
        return StoreError(msg_name_too_long(name), "not_regular")
    if isinstance(exc, IsADirectoryError):
        return StoreError(msg_folder(name), "not_regular")
    if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link put there after the check
        return StoreError(msg_link(name), "not_regular")
    if isinstance(exc, PermissionError):
        return StoreError(f"没有权限读取或保存文件“{name}”。", "readonly")
    if exc.errno == errno.ENOSPC:
        return StoreError("磁盘空间已满，佐证材料未能保存。请清理磁盘空间后重试。", "full")
    return StoreError(f"读取或保存佐证材料“{name}”时出错，请检查文件后重试。", "io")


def check_source(source: Path, max_bytes: int) -> int:
    """The size of `source` when it may be evidence: a regular file itself (not a link, folder,
    pipe or device), within the limit. Else a StoreError saying which."""
    try:
        st = os.lstat(source)
    except OSError as exc:
        raise _refusal(source, exc) from exc
    if stat.S_ISLNK(st.st_mode):
        raise StoreError(msg_link(source.name), "not_regular")
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(msg_folder(source.name), "not_regular")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(msg_not_regular(source.name), "not_regular")
    if st.st_size > max_bytes:
        raise StoreError(msg_too_big(source.name, st.st_size, max_bytes), "too_big")
    return st.st_size


# Opened without following a link and without waiting on a pipe: the file checked above may be
# swapped for one between the check and the open.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def store_file(
    root: Path, source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, int]:
    """Copy `source` into the evidence folder unless the same content is already there.

    Only a regular file, read at most `max_bytes` (a file that grows past it while being read
    is refused too); hashed while it is copied, so it is read once.
    """
    source = Path(source)
    check_source(source, max_bytes)
    tmp: str | None = None
    try:
        fd = os.open(source, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise StoreError(msg_not_regular(source.name), "not_regular")
            root.mkdir(parents=True, exist_ok=True)
            # Copy into the folder, then rename: a half-written file never has a final name.
            out_fd, tmp = tempfile.mkstemp(dir=root, prefix=INCOMING_PREFIX)
            digest, size = hashlib.sha256(), 0
            with os.fdopen(out_fd, "wb") as out:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    size += len(chunk)
                    if size > max_bytes:
                        raise StoreError(msg_too_big(source.name, size, max_bytes), "too_big")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = blob_path(root, sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
    except OSError as exc:
        raise _refusal(source, exc) from exc
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
    return sha, size


def delete_blob(root: Path, sha256: str) -> None:
    try:
        blob_path(root, sha256).unlink()
    except FileNotFoundError:
        pass


def touch_blob(root: Path, sha256: str) -> None:
    try:
        os.utime(blob_path(root, sha256))
    except FileNotFoundError:
        pass
