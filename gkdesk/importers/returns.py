"""Any returned file → ParsedReturn: a 填报表 by its hidden identity, else the notice's own table.

.xls/.et (WPS "另存为") and .doc/.wps go through the LibreOffice bridge first. Never touches the store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from gkdesk.domain.collection import FORMAT, ParsedReturn, ReturnError

from .fill_return import identity_of, open_workbook, read_sheet_return
from .table_return import TaskList, read_table_return

RETURN_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".docx", ".doc", ".wps")


# A WPS/Excel "另存为 .xls/.et" keeps the identity sheet's FORMAT value as a UTF-16 string in the
# BIFF8 string table (its Chinese forces the wide form), so a drop can tell a returned .xls from a
# notice without a LibreOffice run (seconds) on the GUI thread. The table is cut into CONTINUE
# records (id 0x3C, then a 2-byte length and the string's option byte) that may fall inside it.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BIFF_MARK = re.compile(b"(?:<\x00..[\x00\x01])?".join(
    re.escape(ch.encode("utf-16-le")) for ch in FORMAT), re.DOTALL)
_BIFF_SNIFF_LIMIT = 32 * 1024 * 1024  # a 填报表 is tens of KB; never read a huge file whole


def _biff_fill_sheet(path: Path) -> bool:
    try:
        if path.stat().st_size > _BIFF_SNIFF_LIMIT:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    return data.startswith(_OLE_MAGIC) and _BIFF_MARK.search(data) is not None


def is_fill_sheet(path: str | Path) -> bool:
    """True for a workbook carrying a 填报表 identity (a drop on the desk is a return, not a notice)."""
    path = Path(path)
    if not path.is_file():
        return False
    if path.suffix.lower() in (".xls", ".et"):
        return _biff_fill_sheet(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return False
    try:
        wb = open_workbook(path)
    except ReturnError:
        return False
    try:
        return identity_of(wb) is not None
    finally:
        wb.close()


def read_return(path: str | Path, candidates: list[TaskList] | Callable[[], list[TaskList]] | None = None,
                unit_names: list[str] | None = None, file_stem: str | None = None) -> ParsedReturn:
    """Read one return (candidates: the notices a plain table may belong to, or a function giving them);

    raises ReturnError (one Chinese line) for a file that is no return at all."""
    path = Path(path)
    if not path.is_file():
        raise ReturnError(f"找不到文件“{path.name}”。")
    ext = path.suffix.lower()
    if ext not in RETURN_SUFFIXES:
        raise ReturnError(f"“{path.name}”不是 Excel 或 Word 文件，无法作为回执导入。")
    if ext in (".xls", ".et"):
        from gkdesk.domain.model import NoticeImportError

        from .libreoffice import convert, discard

        try:
            copy = convert(path, "xlsx")
        except NoticeImportError as exc:
            raise ReturnError(str(exc)) from exc
        try:
            ret = read_return(copy, candidates, unit_names, path.stem)
        finally:
            discard(copy)
        from .notice import sha256_file

        ret.path, ret.name, ret.sha256 = str(path), path.name, sha256_file(path)
        return ret
    if ext in (".xlsx", ".xlsm"):
        wb = open_workbook(path)
        try:
            ident = identity_of(wb)
            if ident is not None:
                return read_sheet_return(path, wb, ident)
        finally:
            wb.close()
    if callable(candidates):
        candidates = candidates()
    return read_table_return(path, candidates or [], unit_names, file_stem or path.stem)


# Word 97 (.doc, and WPS's .wps, the same format) keeps Chinese text as UTF-16LE runs in the file, so
# a stored task's words found in the bytes tell a probable return (or the notice itself) from any
# other .doc without a LibreOffice run; only such a file is converted to look at its table.
_WORD97_SUFFIXES = (".doc", ".wps")
_CJK_RUN = re.compile("[\u4e00-\u9fff]{6}")


def mentions_stored_task(path: str | Path, candidates: list[TaskList]) -> bool:
    """True for a .doc/.wps holding the words of a stored notice's task (cheap: no conversion)."""
    path = Path(path)
    if path.suffix.lower() not in _WORD97_SUFFIXES or not path.is_file():
        return False
    try:
        if path.stat().st_size > _BIFF_SNIFF_LIMIT:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if not data.startswith(_OLE_MAGIC):
        return False
    for cand in candidates:
        for _key, text in cand.tasks:
            m = _CJK_RUN.search(text)
            if m is not None and m.group().encode("utf-16-le") in data:
                return True
    return False


def is_table_return(path: str | Path, candidates: list[TaskList] | Callable[[], list[TaskList]]) -> bool:
    """True for a Word file (.docx, or .doc/.wps through LibreOffice) that is a stored notice's own
    附件1 table sent back with 完成情况 filled.

    The notice itself (or next year's) has no filled completion column matched to stored tasks, so
    it stays a notice for the import wizard. A .doc/.wps is converted (seconds) only when it holds a
    stored task's words (`mentions_stored_task`): run it off the GUI thread."""
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in (".docx", *_WORD97_SUFFIXES) or not path.is_file():
        return False
    if callable(candidates):
        candidates = candidates()
    if not candidates:
        return False
    if ext in _WORD97_SUFFIXES and not mentions_stored_task(path, candidates):
        return False
    try:
        ret = read_table_return(path, candidates, None, path.stem)
    except ReturnError:
        return False
    return ret.filled > 0


__all__ = ["RETURN_SUFFIXES", "TaskList", "is_fill_sheet", "is_table_return", "mentions_stored_task", "read_return"]
