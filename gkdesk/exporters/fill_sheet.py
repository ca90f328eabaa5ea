"""The 填报表 (.xlsx) a collector hands to one unit: its tasks, the columns to fill, a hidden identity.

Opens in WPS, Excel and LibreOffice Calc. The identity lives in two places that survive what a
person does to the visible sheet: a very hidden sheet `_gkdesk` (notice key, unit, round, headers,
each task's digest) and a hidden key column beside the rows, so re-sorting, filtering, hiding
columns or renaming the sheet changes nothing the reader needs. The fixed columns are locked by
sheet protection without a password — a reminder, not a lock; the keyed digest is the check.
"""

from __future__ import annotations

import json
from copy import copy
from datetime import date
from pathlib import Path

from gkdesk.domain.collection import (
    FILL_COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    IDENTITY_SHEET,
    SheetData,
)

MAIN_SHEET = "填报表"
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1
_WIDTH = {"状态": 10, "完成情况": 46, "完成时间": 14, "公开路径/链接": 24, "备注": 14}
_FIXED_WIDTH = {"贯彻举措": 44, "具体任务": 44, "工作任务": 18, "重点任务": 18, "牵头单位": 16, "责任单位": 16,
                "完成时限": 12, "序号": 6}
_DATE_FORMAT = 'yyyy"年"m"月"d"日"'


def _fixed_width(header: str) -> float:
    for word, w in _FIXED_WIDTH.items():
        if word in header:
            return w
    return 30 if ("举措" in header or "要求" in header or "内容" in header) else 16


def _height(texts_widths: list[tuple[str, float]]) -> float:
    """Row height (points) so wrapped text shows whole; 完成情况 rows are tall to invite writing."""
    lines = 1
    for text, width in texts_widths:
        per_line = max(1, int(width / 2.3))  # a CJK character is a little over two width units
        n = sum(max(1, -(-len(part) // per_line)) for part in (text or "").split("\n"))
        lines = max(lines, n)
    return min(409.0, max(60.0, 16.5 * lines + 8))  # 409 pt: the tallest row Excel allows


def write_sheet(data: SheetData, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    headers = data.headers()
    n_fixed = len(data.fixed_headers)
    ncols = len(headers)
    last = get_column_letter(ncols)
    wb = Workbook()
    ws = wb.active
    ws.title = MAIN_SHEET

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    grey = PatternFill("solid", fgColor="EDEDED")
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    bold = Font(name="仿宋", bold=True, size=11)
    body = Font(name="仿宋", size=11)
    unlocked = Protection(locked=False)

    # Title, who/when and the instructions above the table.
    title = f"{data.table_title or data.notice_title}落实情况填报表"
    ws.cell(1, 2, title).font = Font(name="黑体", size=16, bold=True)
    ws.cell(1, 2).alignment = center
    due = f"{data.report_due.year}年{data.report_due.month}月{data.report_due.day}日前" if data.report_due else "见通知"
    ws.cell(2, 2, f"填报单位：{data.unit}　　汇总单位：{data.collector}　　报送时限：{due}　　"
                  f"第{data.round_no}轮　　{data.doc_number}").font = bold
    ws.cell(3, 2, "\n".join(data.instructions)).font = body
    ws.cell(3, 2).alignment = Alignment(wrap_text=True, vertical="center")
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=ncols)
    ws.row_dimensions[1].height = 30
    ws.row_dimensions[3].height = 48

    # Style one cell and copy its style array (see below): the header row, then the table's cells.
    proto = Cell(ws)  # not placed in the sheet: only its style arrays are used
    proto.font, proto.alignment, proto.border, proto.fill = bold, center, border, head_fill
    head_style = proto._style
    for c, h in enumerate(headers, 1):
        ws.cell(HEADER_ROW, c, h)._style = copy(head_style)
    widths = [2.0] + [_fixed_width(h) for h in data.fixed_headers] + [_WIDTH[h] for h, _ in FILL_COLUMNS]
    for c, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.column_dimensions["A"].hidden = True

    fill_first = 2 + n_fixed
    # Style three cells once and copy their style arrays: assigning font/fill/border per cell makes
    # openpyxl look each one up again, which was half the time of writing 80 sheets.
    proto = Cell(ws)
    proto.alignment, proto.border, proto.fill, proto.font = wrap, border, grey, body
    fixed_style = copy(proto._style)
    proto.fill, proto.protection = PatternFill(), unlocked
    fill_style = copy(proto._style)
    proto.number_format = _DATE_FORMAT
    date_style = copy(proto._style)
    date_col = fill_first + [f for _, f in FILL_COLUMNS].index("completed_on")
    # Whole rows of prepared cells go in by append: ws.cell() looks each coordinate up first, a
    # tenth of the hand-out. Each cell gets its own style array (a 退回 row is re-tinted below).
    ws._current_row = HEADER_ROW
    for i, row in enumerate(data.rows):
        r = FIRST_ROW + i
        cells: list = [row.key]
        cells += [Cell(ws, value=text or None, style_array=copy(fixed_style)) for text in row.fixed]
        for j, (_, fld) in enumerate(FILL_COLUMNS):
            c = fill_first + j
            value = row.held.get(fld) or None
            if value and c == date_col:
                value = date.fromisoformat(value)
            cells.append(Cell(ws, value=value, style_array=copy(date_style if c == date_col else fill_style)))
        ws.append(cells)
        if row.returned:
            _mark_returned(ws, r, fill_first, row.returned)
        ws.row_dimensions[r].height = _height(
            [(t, widths[1 + j]) for j, t in enumerate(row.fixed)] + [(row.held.get("text", ""), _WIDTH["完成情况"])])

    end_row = FIRST_ROW + max(len(data.rows), 1) - 1
    status_col = get_column_letter(fill_first)
    dv = DataValidation(type="list", formula1='"' + ",".join(data.statuses) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="状态", error="请从下拉列表中选择状态。")
    dv.add(f"{status_col}{FIRST_ROW}:{status_col}{end_row}")
    ws.add_data_validation(dv)

    ws.freeze_panes = ws.cell(FIRST_ROW, 2)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{end_row}"
    p = ws.protection
    p.sheet = True
    # Sorting, filtering, hiding and resizing stay allowed (False = not protected).
    p.sort = p.autoFilter = p.formatColumns = p.formatRows = p.formatCells = False
    p.selectLockedCells = p.selectUnlockedCells = False

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"B1:{last}{end_row}"
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    returned = [(i, row) for i, row in enumerate(data.rows) if row.returned]
    if returned:
        _returned_sheet(wb, data, returned, fixed_style)

    idn = wb.create_sheet(IDENTITY_SHEET)
    for pair in (
        ("format", FORMAT),
        ("version", FORMAT_VERSION),
        ("notice_key", data.notice_key),
        ("doc_number", data.doc_number),
        ("notice_title", data.notice_title),
        ("unit", data.unit),
        ("round", data.round_no),
        ("collector", data.collector),
        ("report_due", data.report_due.isoformat() if data.report_due else ""),
        ("headers", json.dumps(headers, ensure_ascii=False)),
        ("statuses", json.dumps(data.statuses, ensure_ascii=False)),
        ("roles", json.dumps(data.fixed_roles)),
    ):
        idn.append(list(pair))
    for row in data.rows:
        idn.append(["task", row.key, row.digest])
    idn.sheet_state = "veryHidden"
    idn.protection.sheet = True

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


RETURNED_SHEET = "退回意见"


def _mark_returned(ws, r: int, fill_first: int, reason: str) -> None:
    """A 退回 entry: its 完成情况 cell carries the reason as a note and the fill cells are tinted."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    tint = PatternFill("solid", fgColor="FCE4D6")
    for j in range(len(FILL_COLUMNS)):
        ws.cell(r, fill_first + j).fill = tint
    note = Comment(f"退回原因：{reason}\n请修改后重新报送。", "审核")
    note.width, note.height = 260, 110
    ws.cell(r, fill_first + 1).comment = note


def _returned_sheet(wb, data: SheetData, returned, style) -> None:
    """A visible, printable list of the entries sent back, with the reason beside each task.

    It holds no key column, so the return reader (which looks for the key header) ignores it."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(RETURNED_SHEET, 1)
    ws.cell(1, 1, f"{data.unit}：以下 {len(returned)} 项落实情况被{data.collector}退回，请按退回原因修改后在“填报表”中重新填写报送")
    ws.cell(1, 1).font = Font(name="黑体", size=13, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=3)
    for c, h in enumerate(("序号", "任务", "退回原因"), 1):
        ws.cell(2, c, h).font = Font(name="仿宋", size=11, bold=True)
    text_col = next((j for j, h in enumerate(data.fixed_headers) if h in ("贯彻举措", "具体任务")), len(data.fixed_headers) - 1)
    for n, (i, row) in enumerate(returned, 1):
        text = row.fixed[text_col] if row.fixed else row.key
        for c, v in enumerate((n, text, row.returned), 1):
            cell = ws.cell(2 + n, c, v)
            cell._style = copy(style)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 40
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


__all__ = ["RETURNED_SHEET", "FIRST_ROW", "HEADER_ROW", "MAIN_SHEET", "write_sheet"]
