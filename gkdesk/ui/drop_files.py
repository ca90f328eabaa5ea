"""Files dropped on the desk: returns go to 导入回执, notices to the import wizard.

A clerk collecting 填报表 drags the returns (or the whole folder they were saved into) from the QQ
mail download folder onto the window, often with the notice itself among them. A workbook carrying
a 填报表 identity (importers.returns.is_fill_sheet) or a folder is a return; any other importable
file is a notice. The returns are taken back in one 导入回执 (one result dialog for all of them);
the notices open the import wizard one after the other, once the take-back is done, so that two
writers never run at once. A .doc/.wps that holds a stored task's words may be a return (the
notice's table filled in Word 97 format): LibreOffice converts it on a worker before the files are
sorted. main_window only forwards its drag events here.
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


def route(paths: Sequence[str], store=None, tables=None) -> tuple[list[str], list[str]]:
    """(returns, notices): folders and 填报表 (.xlsx or WPS's .xls/.et) are returns, and so is a
    Word file (.docx, or .doc/.wps through LibreOffice) that is a stored notice's 附件1 table with
    完成情况 filled; the other importable files are notices.

    tables: the stored notices' tasks (collection_ops.candidates), read from `store` when not given;
    given, route touches no store and may run on a worker thread."""
    from gkdesk.importers.returns import is_fill_sheet, is_table_return

    if tables is None and store is not None:
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


def _needs_libreoffice(paths: Sequence[str], store) -> list | None:
    """The stored notices' tasks when a .doc/.wps among `paths` holds a stored task's words (it may
    be a return: only LibreOffice can tell, in seconds), else None."""
    from gkdesk.importers.returns import mentions_stored_task

    word = [p for p in paths if p.lower().endswith((".doc", ".wps"))]
    if not word or store is None:
        return None
    from gkdesk.collection_ops import candidates

    tables = candidates(store)
    return tables if any(mentions_stored_task(p, tables) for p in word) else None


def drag_enter(window, event) -> None:
    if any(_may_take(p) for p in _local_paths(event.mimeData())):
        event.acceptProposedAction()


def drop(window, event) -> None:
    paths = [p for p in _local_paths(event.mimeData()) if _may_take(p)]
    if not paths:
        return
    tables = _needs_libreoffice(paths, window.store)
    if tables is None:
        returns, notices = route(paths, window.store)
        if returns or notices:
            event.acceptProposedAction()
            _dispatch(window, returns, notices)
        return
    # A .doc/.wps that may be a return: LibreOffice converts it on a worker, then the files go on.
    from .worker import Job

    event.acceptProposedAction()
    window.statusBar().showMessage("正在识别拖入的 Word 文件……")
    job = Job(lambda _progress: route(paths, tables=tables))
    job.finished.connect(lambda split: (window.statusBar().clearMessage(), _dispatch(window, *split)))
    job.failed.connect(lambda message: window.statusBar().showMessage(message))
    window._jobs = [*getattr(window, "_jobs", []), job]  # keep it alive until it ends
    job.start()


def _dispatch(window, returns: list[str], notices: list[str]) -> None:
    """Returns to one 导入回执; the notices to the import wizard once the take-back is done."""
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
