"""Evidence files stored by content: evidence/<sha[:2]>/<sha>, so one file is kept once."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from gkdesk.store.errors import StoreError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
INCOMING_PREFIX = ".incoming-"  # a copy being made; never a final name


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256


def store_file(
    root: Path, source: str | Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, int]:
    """Copy `source` into the evidence folder unless the same content is already there."""
    source = Path(source)
    try:
        size = source.stat().st_size
    except FileNotFoundError as exc:
        raise StoreError(
            f"找不到文件“{source.name}”，可能已被移动或删除。", "not_found"
        ) from exc
    if size > max_bytes:
        raise StoreError(
            f"文件“{source.name}”大小为 {_mb(size)} MB，超过佐证材料的上限 {_mb(max_bytes)} MB，"
            "请压缩或拆分后再添加。",
            "too_big",
        )
    try:
        digest = hashlib.sha256()
        with source.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        sha = digest.hexdigest()
        target = blob_path(root, sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Copy beside the target, then rename: a half-written file never has the final name.
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=INCOMING_PREFIX)
            os.close(fd)
            try:
                shutil.copyfile(source, tmp)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
    except PermissionError as exc:
        raise StoreError(
            f"没有权限读取或保存文件“{source.name}”。", "readonly"
        ) from exc
    except OSError as exc:
        if exc.errno == 28:  # ENOSPC
            raise StoreError(
                "磁盘空间已满，佐证材料未能保存。请清理磁盘空间后重试。", "full"
            ) from exc
        raise StoreError(
            f"保存佐证材料“{source.name}”时出错：{exc.strerror or exc}", "io"
        ) from exc
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
