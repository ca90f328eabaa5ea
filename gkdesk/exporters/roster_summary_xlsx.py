"""全区名单 as one Excel sheet: every unit's persons under one title (openpyxl, no Qt).

Row 1 the title merged across, row 2 the header (repeated on every printed page), then one row per
person: 序号/单位/类别/姓名/职务/联系电话/备注 with thin borders and wrapped text, A4 fit to width.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gkdesk.domain.forms import clean_text
from gkdesk.exporters.xlsx_forms import XIAOBIAOSONG, page_setup, put_cell, row_height

SUMMARY_TITLE = "全区政府信息公开工作人员名单"
SUMMARY_COLUMNS = ["序号", "单位", "类别", "姓名", "职务", "联系电话", "备注"]
_WIDTHS = {"序号": 6, "单位": 16, "类别": 24, "姓名": 10, "职务": 16, "联系电话": 16, "备注": 12}


def _value(person, column: str) -> str:
    if column == "单位":
        return person.unit
    if column == "类别":
        return person.category
    return str(person.values.get(column, "") or "")


def export_summary_xlsx(people, path: str | Path, title: str = SUMMARY_TITLE) -> Path:
    """``people``: Person rows (gkdesk.store.roster_summary) in the order they are to be listed."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "全区名单"
    ncols = len(SUMMARY_COLUMNS)
    t = ws.cell(row=1, column=1, value=clean_text(title) or SUMMARY_TITLE)
    t.font = Font(name=XIAOBIAOSONG, size=20)
    t.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 40
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    HEAD = 2
    for c, word in enumerate(SUMMARY_COLUMNS, start=1):
        put_cell(ws, HEAD, c, word, head=True)
        ws.column_dimensions[chr(ord("A") + c - 1)].width = _WIDTHS[word]
    ws.row_dimensions[HEAD].height = 24
    r = HEAD
    for n, person in enumerate(people, start=1):
        r += 1
        values = [str(n)] + [clean_text(_value(person, w)) for w in SUMMARY_COLUMNS[1:]]
        for c, v in enumerate(values, start=1):
            put_cell(ws, r, c, v, center=SUMMARY_COLUMNS[c - 1] in ("序号", "姓名", "联系电话"))
        ws.cell(row=r, column=1).value = n  # a number, not text (no green corner in Excel)
        ws.row_dimensions[r].height = max(
            22.0, row_height([(v, _WIDTHS[w]) for v, w in zip(values, SUMMARY_COLUMNS)])
        )
    page_setup(ws, False, ncols, r, HEAD)
    ws.freeze_panes = f"A{HEAD + 1}"
    wb.save(str(path))
    return path


__all__ = ["SUMMARY_COLUMNS", "SUMMARY_TITLE", "export_summary_xlsx"]
