"""Files dropped on the desk: returns go to 导入回执, notices to the import wizard.

A clerk collecting 填报表 drags the returns (or the whole folder they were saved into) from the QQ
mail download folder onto the window, often with the notice itself among them. A workbook carrying
a 填报表 identity (importers.returns.is_fill_sheet) or a folder is a return; any other importable
file is a notice. The returns are taken back in one 导入回执 (one result dialog for all of them);
the notices open the import wizard one after the other, once the take-back is done, so that two
writers never run at once. main_window only forwards its drag events here.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gkdesk.file_types import is_importable

# The return kinds read_return takes besides the notice kinds (a macro workbook from Excel).
_EXTRA_RETURN_SUFFIXES = (".xlsm",)


def _local_paths(mime) -> list[str]:
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


def _may_take(path: str) -> bool:
    """Cheap enough for every drag-move: names and folders only, no file opened."""
    return is_importable(path) or path.lower().endswith(_EXTRA_RETURN_SUFFIXES) or Path(path).is_dir()


def route(paths: Sequence[str], store=None) -> tuple[list[str], list[str]]:
    """(returns, notices): folders and 填报表 (.xlsx or WPS's .xls/.et) are returns, and so is a
    .docx that is a stored notice's 附件1 table with 完成情况 filled; the other importable files
    are notices."""
    from gkdesk.importers.returns import is_fill_sheet, is_table_return

    tables = None
    if store is not None:
        from functools import cache

        from gkdesk.collection_ops import candidates

        tables = cache(lambda: candidates(store))  # read the stored notices once per drop, if needed
    returns: list[str] = []
    notices: list[str] = []
    for p in paths:
        if Path(p).is_dir() or is_fill_sheet(p) or (tables is not None and is_table_return(p, tables)):
            returns.append(p)
        elif is_importable(p):
            notices.append(p)
    return returns, notices


def drag_enter(window, event) -> None:
    if any(_may_take(p) for p in _local_paths(event.mimeData())):
        event.acceptProposedAction()


def drop(window, event) -> None:
    returns, notices = route([p for p in _local_paths(event.mimeData()) if _may_take(p)], window.store)
    if not returns and not notices:
        return
    event.acceptProposedAction()
    if not returns:
        _open_notices(window, notices)
        return
    from .collection_actions import take_back

    job = take_back(window, returns)
    if notices and job is not None:
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(lambda *_a: _open_notices(window, notices))


def _open_notices(window, paths: list[str]) -> None:
    """The import wizard for each notice in turn: the next opens when the clerk closes the last."""
    while paths:
        wiz = window.open_import(paths.pop(0))
        if wiz is not None:
            if paths:
                wiz.finished.connect(lambda _r: _open_notices(window, paths))
            return


__all__ = ["drag_enter", "drop", "route"]
