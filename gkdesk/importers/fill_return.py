"""A returned 填报表 (回执) → ParsedReturn. Never touches the store.

The reader trusts only the hidden identity: the `_gkdesk` sheet (found by name, or by its first
cell after an office suite renamed it) and the key column (found by its header anywhere in the
first rows of any sheet, so a renamed or re-sorted sheet is still read). Every problem becomes one
Chinese line in `problems`; the store merges nothing from a file that has any.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from gkdesk.domain.collection import (
    FILL_COLUMNS,
    FORMAT,
    IDENTITY_SHEET,
    KEY_HEADER,
    ParsedReturn,
    ReturnError,
    ReturnRow,
    parse_date,
    split_links,
)

from .grid import clean_cell_text

MSG_DAMAGED = "文件已损坏或不是 Excel 工作簿，无法读取。"
MSG_NOT_SHEET = "不是本系统下发的填报表（找不到隐藏的填报表标识）。"
_MAX_ROWS = 5000
_MAX_COLS = 60


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if hasattr(v, "strftime"):
        return v.strftime("%Y-%m-%d")
    return clean_cell_text(str(v))


def _short(text: str, n: int = 16) -> str:
    t = text.replace("\n", "")
    return t if len(t) <= n else t[: n - 1] + "…"


def open_workbook(path: Path):
    import openpyxl

    from .xlsx_reader import _check_sizes

    try:
        _check_sizes(path)
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a broken package
        raise ReturnError(MSG_DAMAGED) from exc


def identity_of(wb) -> dict[str, Any] | None:
    """The identity sheet's key/value rows and task digests, or None when the workbook has none."""
    names = list(wb.sheetnames)
    ordered = ([IDENTITY_SHEET] if IDENTITY_SHEET in names else []) + [n for n in names if n != IDENTITY_SHEET]
    for name in ordered:
        ws = wb[name]
        rows = list(ws.iter_rows(max_col=3, max_row=_MAX_ROWS + 20, values_only=True))
        if not rows or not rows[0] or rows[0][0] != "format" or (rows[0][1] if len(rows[0]) > 1 else None) != FORMAT:
            continue
        ident: dict[str, Any] = {"tasks": {}, "sheet": name}
        for r in rows:
            if not r or r[0] is None:
                continue
            if r[0] == "task" and len(r) >= 3:
                ident["tasks"][str(r[1])] = str(r[2] or "")
            elif len(r) >= 2:
                ident[str(r[0])] = r[1]
        return ident
    return None


def read_sheet_return(path: str | Path, wb=None, ident: dict[str, Any] | None = None) -> ParsedReturn:
    """Read a 填报表; raises ReturnError when the file is damaged or carries no identity."""
    from .notice import sha256_file

    path = Path(path)
    wb = wb or open_workbook(path)
    ident = ident or identity_of(wb)
    if ident is None:
        raise ReturnError(MSG_NOT_SHEET)
    try:
        headers = json.loads(ident.get("headers") or "[]")
        statuses = json.loads(ident.get("statuses") or "[]")
        roles = json.loads(ident.get("roles") or "[]")
        round_no = int(ident.get("round") or 0)
    except (ValueError, TypeError) as exc:
        raise ReturnError(MSG_NOT_SHEET) from exc
    ret = ParsedReturn(
        path=str(path), name=path.name, sha256=sha256_file(path), kind="sheet",
        notice_key=str(ident.get("notice_key") or ""), doc_number=str(ident.get("doc_number") or ""),
        notice_title=str(ident.get("notice_title") or ""), unit=str(ident.get("unit") or ""),
        round_no=round_no, collector=str(ident.get("collector") or ""), headers=headers,
        fixed_roles=[str(r) for r in roles],
    )
    found = _find_table(wb, ident["sheet"])
    if found is None:
        ret.problems.append("找不到填报表中的任务表（隐藏的任务键列可能被删除），请使用原表填写。")
        return ret
    grid, header_idx, key_col = found
    _check_headers(ret, grid[header_idx][key_col:], headers)
    if ret.problems:
        return ret
    n_fixed = len(headers) - 1 - len(FILL_COLUMNS)
    width = len(headers)
    seen: set[str] = set()
    for i in range(header_idx + 1, len(grid)):
        raw = grid[i]
        cells = raw[key_col:key_col + width] + [None] * max(0, key_col + width - len(raw))
        rownum = i + 1
        key = _text(cells[0])
        extra = [v for v in raw[:key_col] + raw[key_col + width:] if _text(v)]
        if not key:
            if any(_text(v) for v in cells[1:]) or extra:
                ret.problems.append(f"第{rownum}行不是下发的任务行（没有任务标识），请勿新增行或在表格外填写。")
            continue
        if key not in ident["tasks"]:
            ret.problems.append(f"第{rownum}行的任务标识“{key}”不属于这份填报表。")
            continue
        if key in seen:
            ret.problems.append(f"第{rownum}行重复了另一行的任务（可能是复制的行），请删除重复行。")
            continue
        seen.add(key)
        fixed = [_text(v) for v in cells[1:1 + n_fixed]]
        if extra:
            ret.problems.append(f"第{rownum}行（{_short(fixed[-1] if fixed else key)}）在表格以外的列填写了内容，请填在对应的列中。")
        values = _fill_values(ret, rownum, fixed, cells[1 + n_fixed:], statuses)
        ret.rows.append(ReturnRow(rownum, key, fixed, values, digest=ident["tasks"][key]))
    missing = len(ident["tasks"]) - len(seen)
    if missing > 0:
        ret.notes.append(f"有 {missing} 项任务的行被删除，这些任务按未填报处理。")
    return ret


def sheet_as_notice(parsed: ParsedReturn):
    """A received 填报表 as a notice (ImportResult): the unit's task list when it lacks the notice itself."""
    from gkdesk.domain.deadlines import parse_deadline
    from gkdesk.domain.model import Column, ImportResult, Notice, Section, Subsection, Task
    from gkdesk.domain.units import split_units

    n_fixed = len(parsed.fixed_roles)
    result = ImportResult(
        notice=Notice(doc_number=parsed.doc_number, title=parsed.notice_title),
        columns=[Column(h, r) for h, r in zip(parsed.headers[1:1 + n_fixed], parsed.fixed_roles)],
        source_name=parsed.name, source_sha256=parsed.sha256, source_format="填报表",
    )
    year = re.search(r"(\d{4})年", parsed.notice_title)
    result.notice.year = int(year.group(1)) if year else None
    for row in sorted(parsed.rows, key=lambda r: r.row):
        cell = dict(zip(parsed.fixed_roles, row.fixed))
        sec_title, sub_title = cell.get("section", ""), cell.get("subsection", "")
        if not result.sections or result.sections[-1].title != sec_title:
            result.sections.append(Section(sec_title))
        sec = result.sections[-1]
        if not sec.subsections or sec.subsections[-1].title != sub_title:
            sec.subsections.append(Subsection(sub_title))
        sec.subsections[-1].tasks.append(Task(
            text=cell.get("text", ""), number=cell.get("number", ""), title=cell.get("title", ""),
            lead=split_units(cell.get("lead", "")), responsible=split_units(cell.get("responsible", "")),
            deadline=parse_deadline(cell.get("deadline", ""), result.notice.year), source_ref=f"填报表第{row.row}行",
        ))
    result.warnings.append(f"由{parsed.collector}下发的填报表建立，只含发给{parsed.unit}的任务。")
    return result


def _find_table(wb, identity_sheet: str):
    """(cell values, header row index, key column index) of the sheet holding the key column."""
    for name in wb.sheetnames:
        if name == identity_sheet:
            continue
        ws = wb[name]
        width = min(_MAX_COLS, ws.max_column or _MAX_COLS)
        grid = [list(r) for r in ws.iter_rows(max_row=_MAX_ROWS, max_col=width, values_only=True)]
        for i, row in enumerate(grid[:15]):
            for j, v in enumerate(row):
                if v == KEY_HEADER:
                    return grid, i, j
    return None


def _check_headers(ret: ParsedReturn, found_cells: list[Any], expected: list[str]) -> None:
    found = [_text(v) for v in found_cells]
    while found and not found[-1]:
        found.pop()
    if found == expected:
        return
    if len(found) > len(expected) and found[: len(expected)] == expected:
        added = "、".join(f"“{h}”" for h in found[len(expected):] if h)
        ret.problems.append(f"表格右侧新增了列{added}，请把内容填在原有的列中。")
        return
    gone = [h for h in expected if h not in found]
    if gone:
        ret.problems.append("表格的列被删除或改名：" + "、".join(f"“{h}”" for h in gone) + "，请使用原表填写。")
    else:
        ret.problems.append("表格的列被移动或插入了新列，请使用原表、按原来的列顺序填写。")


def _fill_values(ret: ParsedReturn, rownum: int, fixed: list[str], cells: list[Any], statuses: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    what = _short(next((f for f in reversed(fixed) if len(f) > 8), fixed[0] if fixed else ""))
    for (header, fld), v in zip(FILL_COLUMNS, cells):
        text = _text(v)
        if not text:
            continue
        if fld == "status":
            if statuses and text not in statuses:
                ret.problems.append(f"第{rownum}行（{what}）“状态”填了“{_short(text)}”，请从下拉列表中选择。")
                continue
            values[fld] = text
        elif fld == "completed_on":
            try:
                values[fld] = parse_date(v if hasattr(v, "year") else text)
            except ValueError:
                ret.problems.append(
                    f"第{rownum}行（{what}）“完成时间”填的不是日期：“{_short(text)}”（是否填错了列？）。")
        elif fld == "links":
            values[fld] = split_links(text)
        else:
            values[fld] = text
    return values


__all__ = ["MSG_DAMAGED", "MSG_NOT_SHEET", "identity_of", "open_workbook", "read_sheet_return", "sheet_as_notice"]
