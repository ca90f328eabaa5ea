"""Opening a 佐证材料 in the system's viewer through a temporary copy that is cleaned up.

The stored copy is named by its hash; the viewer needs the original name and suffix, so the file
is copied into this session's own temporary folder. That folder goes when gkdesk exits, and
folders left by earlier sessions (a crash, a viewer that held the file) go at the first open of a
later session once they are a day old. No Qt here: the editor opens the copy.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from pathlib import Path

PREFIX = "gkdesk-佐证材料-"
OLD_SHARED = "gkdesk-佐证材料"  # where copies went before they were cleaned up (kept forever)
MAX_NAME_BYTES = 200  # in UTF-8: below the 255-byte limit of ext4 and NTFS, room for the suffix
STALE_S = 24 * 3600

_session: Path | None = None


def shown_name(name: str) -> str:
    """The original name, shortened (suffix kept) when it is too long for a file name."""
    name = name.replace("/", "_").replace("\\", "_") or "佐证材料"
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    suffix = Path(name).suffix if len(Path(name).suffix) <= 10 else ""
    stem = name[: len(name) - len(suffix)]
    room = MAX_NAME_BYTES - len(("…" + suffix).encode("utf-8"))
    while len(stem.encode("utf-8")) > room:
        stem = stem[:-1]
    return stem + "…" + suffix


def _session_dir() -> Path:
    global _session
    if _session is None or not _session.exists():
        sweep_stale()
        _session = Path(tempfile.mkdtemp(prefix=PREFIX))
        atexit.register(shutil.rmtree, _session, True)
    return _session


def sweep_stale(now: float | None = None) -> int:
    """Remove earlier sessions' folders untouched for a day; how many went."""
    now = time.time() if now is None else now
    removed = 0
    base = Path(tempfile.gettempdir())
    for folder in [*base.glob(PREFIX + "*"), base / OLD_SHARED]:
        try:
            if folder == _session or not folder.is_dir() or now - folder.stat().st_mtime < STALE_S:
                continue
        except OSError:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 0 if folder.exists() else 1
    return removed


def view_copy(blob: Path, sha256: str, name: str) -> Path:
    """A copy of the stored `blob` under its original name, for the system's viewer."""
    shown = _session_dir() / sha256[:12] / shown_name(name)
    if not shown.exists():
        shown.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(blob, shown)
    return shown


def cleanup() -> None:
    """Remove this session's copies now (the window closing; also run at exit)."""
    global _session
    if _session is not None:
        shutil.rmtree(_session, ignore_errors=True)
        _session = None


__all__ = ["cleanup", "shown_name", "sweep_stale", "view_copy"]
