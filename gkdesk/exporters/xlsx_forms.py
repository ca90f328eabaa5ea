"""附件1 / 附件2 as Excel workbooks with the same layout as the Word forms (openpyxl, no Qt).

Merged cells (title across, 类别/sections down), thin borders, wrapped text, column widths, print
titles (the header row repeats), fit to page width, A4, print area; landscape for 附件1.
"""
from __future__ import annotations

import re
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties

from gkdesk.domain.forms import COMPLETION_FORM, ROSTER_FORM
from gkdesk.domain.forms import CATEGORY_HEADING, CompletionForm, RosterForm
from gkdesk.exporters.layout import (
    MERGED_ROLES,
    TYPE_AREA_MM,
    column_widths_mm,
    header_spans,
    section_runs,
)

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"

EXCEL_CELL_MAX = 32767  # characters a cell holds; Excel reports a longer one as a damaged file
_CUT_NOTE = "……（内容过长，Excel 单元格只能容纳部分，全文请导出 Word）"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BODY = Font(name=FANGSONG, size=12)
_HEAD = Font(name=FANGSONG, size=12, bold=True)
_WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)

# Excel column units per mm: the total stays near the old fixed widths (about 150 units), which
# fit-to-width prints across the landscape page.
_MM_PER_UNIT = 1.6

_NARROW = re.compile("[\x00-\u2e7f]+")  # not 汉字 or full-width marks (those are two units)


def _text_width(line: str) -> float:
    """Display width in Excel column units at 12pt: a 汉字 ≈ 2, a digit or letter ≈ 1.1.

    Counted by one regex rather than a Python loop over the characters (a 1,000-row sheet measures
    every cell): what is left when the narrow runs are taken out is wide (4× quicker than a
    findall of the wide characters); rounded so that 1.1 × n does not fall a hair under a whole unit."""
    wide = len(_NARROW.sub("", line))
    return round(2.0 * wide + 1.1 * (len(line) - wide), 6)


def _lines(text: str, width: float) -> int:
    usable = max(width - 1.0, 2.0)
    return sum(max(1, -(-int(_text_width(line)) // int(usable))) for line in text.split("\n"))


def row_height(values_widths: list[tuple[str, float]], minimum: float = 20.0) -> float:
    """Row height in points for wrapped text. Excel and LibreOffice do not re-measure rows of a
    file they open, so an unset height shows one line of a long 贯彻举措."""
    lines = max((_lines(v, w) for v, w in values_widths if v), default=1)
    return min(409.0, max(minimum, lines * 16.5 + 6))


def _fit(text: str) -> str:
    if len(text) <= EXCEL_CELL_MAX:
        return text
    return text[: EXCEL_CELL_MAX - len(_CUT_NOTE)] + _CUT_NOTE


def page_setup(ws, landscape: bool, last_col: int, last_row: int, header_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    # GB/T 9704 margins (inches): top 37 mm, bottom 35, left 28, right 26.
    ws.page_margins.top = 37 / 25.4
    ws.page_margins.bottom = 35 / 25.4
    ws.page_margins.left = 28 / 25.4
    ws.page_margins.right = 26 / 25.4
    ws.page_margins.header = 0.5
    ws.page_margins.footer = 0.6
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.oddFooter.center.text = "— &P —"
    ws.oddFooter.center.font = "宋体"
    ws.oddFooter.center.size = 14


def _heading(ws, label: str, title: str, line: str, ncols: int) -> None:
    ws.cell(row=1, column=1, value=label).font = Font(name=HEITI, size=16)
    t = ws.cell(row=2, column=1, value=title)
    t.font = Font(name=XIAOBIAOSONG, size=22)
    t.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 42
    u = ws.cell(row=3, column=1, value=line)
    u.font = Font(name=FANGSONG, size=14)
    u.alignment = Alignment(horizontal="left", vertical="center")
    ws.row_dimensions[3].height = 24
    if ncols > 1:
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=ncols)


class CellStyles:
    """The three body styles of a sheet, each registered in the workbook once.

    Assigning cell.font/.alignment/.border makes openpyxl hash the style object into the workbook's
    lists on every cell (about 60 % of a 1,000-row export); here one styled template cell per kind is
    made and its style array copied onto each cell, which is what openpyxl stores per cell anyway."""

    def __init__(self, ws):
        self.arrays = {}
        for key, (font, align) in {
            "head": (_HEAD, _WRAP_CENTER),
            "center": (_BODY, _WRAP_CENTER),
            "left": (_BODY, _WRAP_LEFT),
        }.items():
            probe = MergedCell(ws)  # never placed in the sheet
            probe.font, probe.alignment, probe.border = font, align, _BORDER
            self.arrays[key] = probe._style
        self.border = self.arrays["center"]

    def put(self, ws, row: int, col: int, value: str, head: bool = False, center: bool = False):
        cell = ws.cell(row=row, column=col, value=_fit(value) if value else None)
        cell._style = copy(self.arrays["head" if head else "center" if center else "left"])
        return cell

    def append(self, ws, values: list[str], kinds: list[str]) -> None:
        """One body row by ws.append (openpyxl's fast path, as a bare sheet is written), each cell
        made with its style array ("center" or "left")."""
        # Cell() copies the style array it is given (StyleableObject.__init__): no copy here.
        arrays = self.arrays
        ws.append([Cell(ws, value=_fit(v) if v else None, style_array=arrays[k]) for v, k in zip(values, kinds)])

    def merge(self, ws, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        """ws.merge_cells for a range whose cells all carry the thin border already.

        openpyxl's merge_cells re-derives the edge borders cell by cell (Border objects added and
        hashed for each of the hundreds of rows a section spans); every cell of these ranges has
        the same full border, so the covered cells get that style array directly."""
        # MergedCellRange(ws, coord) would copy the bottom-right cell's right/bottom border onto the
        # top-left one (a Border added and hashed per range); both carry the same full border here.
        mcr = MergedCellRange.__new__(MergedCellRange)
        CellRange.__init__(mcr, min_col=start_column, min_row=start_row, max_col=end_column, max_row=end_row)
        mcr.ws = ws
        mcr.start_cell = ws._cells[start_row, start_column]
        # The set itself: MultiCellRange.add tests containment against every range so far
        # (quadratic in the sections); these ranges are disjoint by construction.
        ws.merged_cells.ranges.add(mcr)
        for row in range(start_row, end_row + 1):
            for col in range(start_column, end_column + 1):
                if (row, col) != (start_row, start_column):
                    cell = MergedCell(ws, row, col)
                    cell._style = copy(self.border)
                    ws._cells[row, col] = cell


def put_cell(ws, row: int, col: int, value: str, head: bool = False, center: bool = False):
    cell = ws.cell(row=row, column=col, value=_fit(value) if value else None)
    cell.font = _HEAD if head else _BODY
    cell.alignment = _WRAP_CENTER if (head or center) else _WRAP_LEFT
    cell.border = _BORDER
    return cell


def export_completion_xlsx(form: CompletionForm, path: str | Path) -> Path:
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = COMPLETION_FORM
    roles = [r for _, r in form.headers]
    ncols = len(roles)
    _heading(ws, form.label, form.title, form.unit_line(), ncols)
    HEAD = 4
    styles = CellStyles(ws)
    words = [w for w, _ in form.headers]
    for c, word in enumerate(words, start=1):
        styles.put(ws, HEAD, c, word if c == 1 or words[c - 2] != word else "", head=True)
    for start, span in header_spans(words):
        if span > 1:
            styles.merge(ws, HEAD, start + 1, HEAD, start + span)
    # The same proportions as the Word form; fit-to-width scales them onto the page.
    widths = [round(mm / _MM_PER_UNIT, 1) for mm in column_widths_mm(form, TYPE_AREA_MM)]
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width

    first = HEAD + 1
    kinds = ["center" if role in ("section", "number", "deadline") else "left" for role in roles]
    # Merged section/subsection cells spread over their rows: they do not drive the height.
    measured_cols = [(c, w) for c, (role, w) in enumerate(zip(roles, widths)) if role not in MERGED_ROLES]
    heights = []  # kept here and written once: reading row_dimensions back costs a lookup per row
    for data in form.rows:
        values = [data.value(role) for role in roles]
        styles.append(ws, values, kinds)
        heights.append(row_height([(_fit(values[c]), w) for c, w in measured_cols]))
    runs_by_role = section_runs(form)
    for role, runs in runs_by_role.items():
        c = roles.index(role)
        for start, span in runs:
            # A long section title over few short rows: grow its last row so nothing is cut.
            need = row_height([(form.rows[start].value(role), widths[c])])
            have = sum(heights[start:start + span])
            if need > have:
                heights[start + span - 1] = min(409.0, heights[start + span - 1] + need - have)
    for i, h in enumerate(heights):
        ws.row_dimensions[first + i].height = h
    for role, runs in runs_by_role.items():
        col = roles.index(role) + 1
        for start, span in runs:
            if span > 1:
                styles.merge(ws, first + start, col, first + start + span - 1, col)
    last = max(HEAD, first + len(form.rows) - 1)
    ws.freeze_panes = ws.cell(row=first, column=1)
    page_setup(ws, True, ncols, last, HEAD)
    wb.save(str(path))
    return path


def export_roster_xlsx(form: RosterForm, path: str | Path) -> Path:
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = ROSTER_FORM
    words = [CATEGORY_HEADING] + list(form.columns)
    ncols = len(words)
    _heading(ws, form.label, form.title, form.unit_line(), ncols)
    HEAD = 4
    for c, word in enumerate(words, start=1):
        put_cell(ws, HEAD, c, word, head=True)
    widths = {CATEGORY_HEADING: 26, "姓名": 12, "职务": 20, "联系电话": 18, "备注": 14}
    for c, word in enumerate(words, start=1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(word, 16)
    r = HEAD + 1
    for category, people in form.blocks:
        top = r
        for k, values in enumerate(people):
            put_cell(ws, r, 1, category if k == 0 else "", center=True)
            for c, v in enumerate(values, start=2):
                put_cell(ws, r, c, v, center=True)
            ws.row_dimensions[r].height = max(
                28.0,
                row_height([(category if k == 0 else "", widths[CATEGORY_HEADING])]
                            + [(v, widths.get(w, 16)) for v, w in zip(values, words[1:])]),
            )
            r += 1
        if r - 1 > top:
            ws.merge_cells(start_row=top, start_column=1, end_row=r - 1, end_column=1)
    page_setup(ws, False, ncols, max(HEAD, r - 1), HEAD)
    wb.save(str(path))
    return path


__all__ = ["export_completion_xlsx", "export_roster_xlsx"]
