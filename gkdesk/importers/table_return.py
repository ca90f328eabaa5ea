"""A return that is the notice's own 附件1 table filled in Word/WPS/Excel → ParsedReturn (kind "table").

Units renumber rows, add spaces, split or merge cells and correct a word here and there, so rows
are matched to the notice's tasks by their text (difflib on the normalised text), each match with
its confidence; the store merges only the confident ones and shows the rest. Never touches the store.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from gkdesk.domain.collection import ParsedReturn, ReturnError, ReturnRow, split_completion_cell
from gkdesk.domain.text_keys import normalize_text
from gkdesk.domain.units import normalize_unit

from .grid import Grid, compact
from .roles import find_header_row, header_kind

MSG_NO_TABLE = "文件中没有带“完成情况”列的任务表，不是填报表，也不是通知的任务分工表。"
_UNIT_LINE = re.compile(r"^(?:填报|报送|责任)?单位(?:（(?:盖章|公章|签章)）|\((?:盖章|公章)\))?\s*[:：]\s*(\S+?)(?:\s|填报|日期|$)")


@dataclass(frozen=True)
class TaskList:
    """A notice's tasks as the matcher needs them (built by the caller from the store)."""

    notice_key: str
    doc_number: str
    title: str
    tasks: list[tuple[str, str]]  # (task key, task text)


def _grids(path: Path) -> tuple[list[str], list[Grid]]:
    ext = path.suffix.lower()
    if ext in (".doc", ".wps", ".xls", ".et"):
        from gkdesk.domain.model import NoticeImportError

        from .libreoffice import convert, discard

        try:
            copy = convert(path)
        except NoticeImportError as exc:
            raise ReturnError(str(exc)) from exc
        try:
            return _grids(copy)
        finally:
            discard(copy)
    from gkdesk.domain.model import NoticeImportError

    try:
        if ext == ".docx":
            from .docx_reader import read_docx

            return read_docx(path)
        if ext in (".xlsx", ".xlsm"):
            from .xlsx_reader import read_xlsx

            return read_xlsx(path)
    except NoticeImportError as exc:
        raise ReturnError(str(exc)) from exc
    except Exception as exc:  # a broken package raises many kinds
        raise ReturnError("文件已损坏，无法读取。") from exc
    raise ReturnError("只能读取 .xlsx/.docx 回执（.xls/.et/.doc/.wps 需要本机安装 LibreOffice）。")


def _table(grids: list[Grid]) -> tuple[Grid, int, int, list[int]] | None:
    """(grid, header row, completion column, text columns) of the first table with a 完成情况 column."""
    for g in grids:
        g = g.padded()
        h = find_header_row(g)
        if h is None:
            continue
        kinds = [header_kind(c.text) for c in g.rows[h]]
        if "completion" not in kinds:
            continue
        comp = kinds.index("completion")
        text_cols = [i for i, k in enumerate(kinds) if k == "text"] or [i for i, k in enumerate(kinds) if k == "heading"][-1:]
        if text_cols:
            return g, h, comp, text_cols
    return None


def find_unit(lines: list[str], file_stem: str, unit_names: list[str]) -> str:
    """The returning unit: a 单位 line above the table, else a known unit named in the file name."""
    for line in lines[:40]:
        m = _UNIT_LINE.match(compact(line))
        if m:
            return normalize_unit(m.group(1))
    stem = compact(file_stem)
    known = sorted((u for u in unit_names if u and u in stem), key=len, reverse=True)
    if known:
        return known[0]
    parts = [p for p in re.split(r"[_\-－—（）()\s]+", stem) if p]
    return normalize_unit(parts[-1]) if len(parts) > 1 else ""


def _best(text: str, tasks: list[tuple[str, str, str]]) -> tuple[int, float]:
    best, score = -1, 0.0
    for i, (_, _, norm) in enumerate(tasks):
        sm = difflib.SequenceMatcher(None, text, norm, autojunk=False)
        if sm.real_quick_ratio() <= score or sm.quick_ratio() <= score:
            continue
        r = sm.ratio()
        if r > score:
            best, score = i, r
    return best, score


def _strip_number(text: str) -> str:
    """Row numbers the unit may have renumbered: "12．", "（3）", "3、" at the start."""
    return re.sub(r"^\s*(?:\d{1,3}\s*[.．、]|[（(]\s*\d{1,3}\s*[）)])\s*", "", text)


def read_table_return(path: str | Path, candidates: list[TaskList], unit_names: list[str] | None = None,
                      file_stem: str | None = None) -> ParsedReturn:
    from .notice import sha256_file

    path = Path(path)
    if not candidates:
        raise ReturnError("本机没有可对照的通知，无法读取这份表格。")
    body, grids = _grids(path)
    found = _table(grids)
    if found is None:
        raise ReturnError(MSG_NO_TABLE)
    grid, h, comp, text_cols = found
    rows: list[tuple[int, str, str]] = []  # (row number, normalised task text, completion text)
    for i in range(h + 1, len(grid.rows)):
        r = grid.rows[i]
        text = "".join(dict.fromkeys(r[c].text for c in text_cols if not r[c].merged_left))
        if not text.strip() or header_kind(text) is not None:
            continue
        rows.append((i + 1, normalize_text(_strip_number(text)), r[comp].text))
    # The notice whose tasks the rows fit best.
    best_list, best_score, best_matches = None, -1.0, []
    for cand in candidates:
        tasks = [(k, t, normalize_text(_strip_number(t))) for k, t in cand.tasks]
        matches = _match_rows(rows, tasks)
        score = sum(m[3] for m in matches) / max(1, len(rows))
        if score > best_score:
            best_list, best_score, best_matches = cand, score, matches
    assert best_list is not None
    unit = find_unit(body + [c.text for c in grid.rows[0]] + grid.caption, file_stem or path.stem, unit_names or [])
    ret = ParsedReturn(path=str(path), name=path.name, sha256=sha256_file(path), kind="table",
                       notice_key=best_list.notice_key, doc_number=best_list.doc_number,
                       notice_title=best_list.title, unit=unit)
    by_task: dict[str, ReturnRow] = {}
    for rownum, key, text, conf, completion in best_matches:
        if key is None:
            ret.unmatched.append(f"第{rownum}行")
            continue
        values = split_completion_cell(completion)
        prev = by_task.get(key)
        if prev is not None and prev.confidence >= conf:
            continue
        by_task[key] = ReturnRow(rownum, key, [text], values, confidence=conf, matched_text=text)
    ret.rows = sorted(by_task.values(), key=lambda r: r.row)
    if ret.unmatched:
        ret.notes.append(f"{len(ret.unmatched)} 行对不上通知中的任务：" + "、".join(ret.unmatched[:10]))
    return ret


def _match_rows(rows: list[tuple[int, str, str]], tasks: list[tuple[str, str, str]]):
    """(row, task key, task text, confidence, completion) per row; a split row is joined with the next."""
    out = []
    i = 0
    while i < len(rows):
        rownum, text, completion = rows[i]
        k, score = _best(text, tasks)
        if score < 0.9 and i + 1 < len(rows):
            # A task a paragraph break split over two rows: try it joined with the next row.
            joined = text + rows[i + 1][1]
            k2, score2 = _best(joined, tasks)
            if score2 > score + 0.05:
                completion = "\n".join(x for x in (completion, rows[i + 1][2]) if x)
                out.append((rownum, tasks[k2][0], tasks[k2][1], score2, completion))
                i += 2
                continue
        if k < 0 or score < 0.5:
            out.append((rownum, None, "", score, completion))
        else:
            out.append((rownum, tasks[k][0], tasks[k][1], score, completion))
        i += 1
    return out


__all__ = ["MSG_NO_TABLE", "TaskList", "find_unit", "read_table_return"]
