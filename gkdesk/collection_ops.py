"""Collection as the CLI and the desk run it: hand out 填报表, take 回执 back, a lead's return upward.

Only orchestration: the store plans and records, exporters write, importers read. No Qt, so the
desk runs these in its worker thread with the same progress callback as imports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from gkdesk.domain.collection import ReturnError, task_keys
from gkdesk.store.collection import Round, result_notice_key
from gkdesk.store.collection_merge import TakeBack

NOT_A_SHEET = "这不是上级下发的填报表（表中没有填报表的标识），请选择上级发来的 .xlsx 原文件。"

# progress(done, total, what) → False to stop after the current file.
Progress = Callable[[int, int, str], bool]


def hand_out(store, notice_id: int, units: Sequence[str], folder: str | Path, collector: str,
             only_led: bool = False, report_due: date | None = None, who: str = "",
             progress: Progress | None = None) -> tuple[Round, list[Path]]:
    """A new round: one 填报表 per unit written into `folder`, then recorded as sent."""
    from gkdesk.exporters.fill_sheet import write_sheet

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # Planned inside one transaction with the new round: a unit that cannot get a sheet leaves no round.
    with store.db.transaction():
        rnd = store.collection.new_round(notice_id, collector, report_due, who)
        sheets = store.collection.plan_sheets(rnd.id, list(units), only_led=only_led)
    written = []
    try:
        for i, data in enumerate(sheets):
            if progress is not None and progress(i, len(sheets), data.unit) is False:
                break
            path = folder / (data.file_stem + ".xlsx")
            write_sheet(data, path)
            written.append((data, path))
    except BaseException:
        # A full disk or a file open in WPS: no half round, no half-written sheets left behind.
        for _, p in written:
            p.unlink(missing_ok=True)
        store.collection.delete_round(rnd.id)
        raise
    store.collection.record_sheets(rnd.id, [(d, p.name) for d, p in written], who)
    return rnd, [p for _, p in written]


def candidates(store):
    """Every stored notice's tasks, for matching a returned 附件1 table."""
    from gkdesk.importers.table_return import TaskList

    out = []
    for n in store.notices.list_notices():
        result = store.notices.load_result(n.id)
        tasks = result.tasks()
        out.append(TaskList(result_notice_key(result), result.notice.doc_number, result.notice.title,
                            list(zip(task_keys([t.text for t in tasks]), [t.text for t in tasks]))))
    return out


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files as given; a folder stands for the returns in it (Office lock files ~$… left out)."""
    from gkdesk.importers.returns import RETURN_SUFFIXES

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.suffix.lower() in RETURN_SUFFIXES and not f.name.startswith("~$"))
        else:
            out.append(p)
    return out


def take_back_files(store, paths: Sequence[str | Path], notice_id: int | None = None, who: str = "",
                    min_confidence: float | None = None, progress: Progress | None = None,
                    dry_run: bool = False, hold_tables: bool = False) -> list[TakeBack]:
    """Take each file back on its own: a refused or damaged file never stops the others.

    dry_run: say what would be taken (matches with their confidence, changes, conflicts), keep nothing.
    hold_tables: a notice's own 附件1 table (matched by text, not by identity) is only previewed,
    so that the clerk confirms its matches before it is taken (the desk's 导入回执).
    """
    from gkdesk.importers.returns import read_return

    files = expand_paths(paths)
    built: list = []

    def cands():  # built once, and only if a file is a plain table rather than a 填报表
        if not built:
            built.append(candidates(store))
        return built[0]

    names = [u.name for u in store.unit_list.list_units()] or [u.name for u in store.units.list_units(groups=False)]
    out = []
    for i, path in enumerate(files):
        if progress is not None and progress(i, len(files), path.name) is False:
            break
        try:
            parsed = read_return(path, cands, names)
        except ReturnError as exc:
            out.append(TakeBack(path.name, "refused", problems=[str(exc)], message=f"{path.name}：{exc}"))
            continue
        kw = {} if min_confidence is None else {"min_confidence": min_confidence}
        if dry_run or (hold_tables and parsed.kind == "table"):
            out.append(store.merge.preview(parsed, notice_id=notice_id, **kw))
        else:
            out.append(store.merge.take_back(parsed, who=who, notice_id=notice_id, **kw))
    return out


# -- a unit's side: the sheet it received, and its return upward -----------------------------


def receive_sheet(store, path: str | Path, who: str = "") -> int:
    """Keep a 填报表 this unit received (from the office), so its return can be exported later."""
    from gkdesk.importers.returns import read_return

    from gkdesk.importers.fill_return import sheet_as_notice

    def no_table():  # asked only when the file carries no 填报表 identity: not read as a plain table
        raise ReturnError(NOT_A_SHEET)

    parsed = read_return(path, no_table)
    if parsed.kind != "sheet":
        raise ReturnError(NOT_A_SHEET)
    if parsed.problems:
        raise ReturnError(parsed.problems[0])
    own = None if store.received.has_notice(parsed.notice_key) else sheet_as_notice(parsed)
    return store.received.receive(parsed, who, as_notice=own)


def pick_received(store, received_id: int | None = None, notice_id: int | None = None) -> int | None:
    """Which received sheet a return is for: the one asked for, else the latest for the notice
    (when it has one), else the latest of all; None when nothing was received yet."""
    received = store.received.list_received()
    if received_id is not None:
        return received_id
    own = [r for r in received if notice_id is not None and r["notice_id"] == notice_id]
    pick = own or received
    return pick[-1]["id"] if pick else None


def return_file_name(store, received_id: int) -> str:
    """The return's file name, e.g. 江津区2022年政务公开任务分工_回执_区财政局.xlsx."""
    return store.received.return_data(received_id).file_stem + ".xlsx"


def export_return(store, received_id: int, folder: str | Path, name: str | None = None) -> Path:
    """The unit's return for a received sheet: the same identity, its own values filled in.

    Written into `folder` under `name` (default: return_file_name)."""
    from gkdesk.exporters.fill_sheet import write_sheet

    data = store.received.return_data(received_id)
    path = Path(folder) / (name or data.file_stem + ".xlsx")
    return write_sheet(data, path)


__all__ = ["candidates", "expand_paths", "export_return", "hand_out", "pick_received", "receive_sheet",
           "return_file_name", "take_back_files"]
