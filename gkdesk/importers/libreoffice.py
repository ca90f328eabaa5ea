"""The LibreOffice bridge: old binary Office/WPS files → .docx/.xlsx. No Qt.

``.doc``/``.wps`` (and RTF saved as .doc) become .docx and ``.xls``/``.et`` become .xlsx through
``soffice --headless --convert-to``, then go through the ordinary .docx/.xlsx importers. When
LibreOffice is not installed the clerk is told to save the file as .docx/.xlsx in Word/WPS.

Each process uses its own LibreOffice profile (``-env:UserInstallation``) so that parallel runs —
two gkdesk windows, the CLI, parallel tests — never share one, and conversions inside one process
are serialised. LibreOffice runs with ``LANG=zh_CN.UTF-8`` so that it picks the Simplified Chinese
glyphs of Noto CJK (see PLATFORM-NOTES). The input is copied under an ASCII name first, so a
Chinese file name never depends on the locale being installed.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

# What each old format becomes.
TARGETS = {"doc": "docx", "wps": "docx", "rtf": "docx", "xls": "xlsx", "et": "xlsx"}

_lock = threading.Lock()
_profile_dir: Path | None = None


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice``, or None. ``GKDESK_SOFFICE`` overrides the search."""
    env = os.environ.get("GKDESK_SOFFICE")
    if env:
        return env if Path(env).is_file() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates: list[Path] = []
    if sys.platform == "win32":
        for var in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"):
            base = os.environ.get(var)
            if base:
                candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    else:
        candidates += [Path("/usr/lib/libreoffice/program/soffice"), Path("/opt/libreoffice/program/soffice")]
        candidates += sorted(Path("/opt").glob("libreoffice*/program/soffice"))
    for c in candidates:
        if c.is_file():
            return str(c)
    return None


def _save_as_hint(to_ext: str) -> str:
    return "Excel/WPS" if to_ext == "xlsx" else "Word/WPS"


def msg_missing(src_ext: str, to_ext: str) -> str:
    return (
        f"无法直接读取 .{src_ext} 文件：本机未安装 LibreOffice。"
        f"请在 {_save_as_hint(to_ext)} 中将文件另存为 .{to_ext} 后再导入。"
    )


def msg_failed(src_ext: str, to_ext: str) -> str:
    return (
        f"LibreOffice 无法转换此 .{src_ext} 文件（可能已损坏或设置了密码），"
        f"请在 {_save_as_hint(to_ext)} 中将文件另存为 .{to_ext} 后再导入。"
    )


def msg_timeout(src_ext: str, to_ext: str, timeout: float) -> str:
    return (
        f"LibreOffice 转换 .{src_ext} 文件超时（超过 {int(timeout)} 秒），"
        f"请在 {_save_as_hint(to_ext)} 中将文件另存为 .{to_ext} 后再导入。"
    )


def _profile() -> Path:
    global _profile_dir
    if _profile_dir is None or not _profile_dir.exists():
        _profile_dir = Path(tempfile.mkdtemp(prefix="gkdesk-lo-profile-"))
        atexit.register(shutil.rmtree, _profile_dir, True)
    return _profile_dir


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("LC_ALL", None)
    env["LANG"] = "zh_CN.UTF-8"
    env["LANGUAGE"] = "zh_CN:zh"
    return env


def convert(path: str | os.PathLike[str], to_ext: str | None = None, timeout: float = 120) -> Path:
    """Convert ``path`` (.doc/.wps/.xls/.et) to ``to_ext`` ("docx"/"xlsx", or any format
    LibreOffice can write) and return the new file.

    The result lies in a fresh temporary folder of its own (``result.parent.parent``), which the
    caller must delete: use ``converted()``, which does. Raises NoticeImportError with a clear message when
    LibreOffice is missing, fails, or takes longer than ``timeout`` seconds (it is then killed).
    """
    src = Path(path)
    src_ext = src.suffix.lower().lstrip(".") or "doc"
    to_ext = (to_ext or TARGETS.get(src_ext, "docx")).lower().lstrip(".")
    soffice = find_soffice()
    if soffice is None:
        raise NoticeImportError(msg_missing(src_ext, to_ext))
    if not src.is_file():
        raise NoticeImportError(f"找不到文件：{src}。")

    work = Path(tempfile.mkdtemp(prefix="gkdesk-lo-"))
    try:
        inp = work / f"input.{src_ext}"
        shutil.copyfile(src, inp)
        outdir = work / "out"
        outdir.mkdir()
        with _lock:
            cmd = [
                soffice,
                f"-env:UserInstallation={_profile().as_uri()}",
                "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                "--convert-to", to_ext, "--outdir", str(outdir), str(inp),
            ]
            _run(cmd, timeout, src_ext, to_ext)
        out = outdir / f"input.{to_ext}"
        if not out.is_file() or out.stat().st_size == 0:
            raise NoticeImportError(msg_failed(src_ext, to_ext))
        inp.unlink(missing_ok=True)
        return out
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


@contextmanager
def converted(path: str | os.PathLike[str], to_ext: str | None = None, timeout: float = 120) -> Iterator[Path]:
    """``convert`` for a ``with`` block: the converted copy of the clerk's file and its temporary
    folder are removed when the block ends, whether the import succeeded, failed or timed out."""
    out = convert(path, to_ext, timeout)
    try:
        yield out
    finally:
        discard(out)


def discard(out: Path) -> None:
    """Remove a converted file's temporary folder (what ``convert`` made for it)."""
    shutil.rmtree(out.parent.parent, ignore_errors=True)


def _run(cmd: list[str], timeout: float, src_ext: str, to_ext: str) -> None:
    popen_kw: dict = {}
    if sys.platform == "win32":
        popen_kw["creationflags"] = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    else:
        popen_kw["start_new_session"] = True  # so a timeout can kill soffice.bin with its parent
    try:
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=_env(), **popen_kw,
        )
    except OSError as exc:
        raise NoticeImportError(msg_failed(src_ext, to_ext)) from exc
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill(proc)
        raise NoticeImportError(msg_timeout(src_ext, to_ext, timeout)) from exc
    except BaseException:
        _kill(proc)
        raise


def _kill(proc: subprocess.Popen) -> None:
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.communicate(timeout=10)
    except Exception:  # noqa: BLE001 — best effort after a kill
        pass


__all__ = ["TARGETS", "convert", "converted", "discard", "find_soffice", "msg_failed", "msg_missing", "msg_timeout"]
