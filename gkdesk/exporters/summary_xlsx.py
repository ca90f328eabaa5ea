"""汇总 as an Excel workbook: the 通报, the tables per unit and per section with NATIVE bar charts of
the completion rates (openpyxl.chart, so Excel / WPS / LibreOffice draw and edit them), the
overdue list and the ranking. No Qt.
"""

from __future__ import annotations

from pathlib import Path

from gkdesk.domain.collection import short_title
from gkdesk.domain.deadlines import cn_date
from gkdesk.domain.review import WARNING_COLOURS, WARNING_SYMBOLS, warning_label
from gkdesk.domain.summary import Summary, SummaryRow

WARNING_BY_SYMBOL = {v: k for k, v in WARNING_SYMBOLS.items()}

TABLE_HEADERS = ("序号", "单位", "事项", "已报送", "通过", "退回", "待审核", "未填报", "逾期", "已完成", "完成率", "预警")
SECTION_HEADERS = ("序号", "任务部分", *TABLE_HEADERS[2:])
OVERDUE_HEADERS = ("序号", "单位", "事项序号", "任务", "完成时限", "状态")
RANK_HEADERS = ("名次", "单位", "完成率", "已完成", "事项", "逾期", "通过", "退回")
BAR_COLOUR = "2F6FD0"  # the chart's bars (also how the LibreOffice test finds the chart on the page)
_WIDTHS = (6, 30, 8, 8, 8, 8, 8, 8, 8, 8, 9, 12)


def summary_title(summary: Summary) -> str:
    """江津区2022年政务公开任务分工落实情况汇总 — the notice's short title, as the office names it."""
    return (short_title(summary.notice_title) if summary.notice_title else "") + "落实情况汇总"


def row_values(row: SummaryRow) -> list:
    return [row.tasks, row.reported, row.passed, row.sent_back, row.pending, row.empty, row.overdue, row.done,
            row.rate / 100, warning_label(row.warning)]


def export_summary_xlsx(summary: Summary, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = Workbook()
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name="黑体", size=11)
    body_font = Font(name="仿宋", size=11)
    head_fill = PatternFill("solid", fgColor="D9E1F2")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    def title(ws, text: str, ncols: int) -> None:
        ws.cell(1, 1, text).font = Font(name="方正小标宋简体", size=16)
        ws.cell(1, 1).alignment = center
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.row_dimensions[1].height = 36

    def table(ws, top: int, headers, rows, widths=None, pct_col: int | None = None) -> int:
        for c, h in enumerate(headers, 1):
            cell = ws.cell(top, c, h)
            cell.font, cell.fill, cell.alignment, cell.border = head_font, head_fill, center, border
        for i, values in enumerate(rows, 1):
            for c, v in enumerate(values, 1):
                cell = ws.cell(top + i, c, v)
                cell.font, cell.border = body_font, border
                cell.alignment = left if isinstance(v, str) and len(v) > 6 else center
                if pct_col is not None and c == pct_col:
                    cell.number_format = "0%"
                if isinstance(v, str) and v[:1] in WARNING_BY_SYMBOL:  # ○ ▲ ■ read in black and white too
                    cell.font = Font(name="仿宋", size=11, color=WARNING_COLOURS[WARNING_BY_SYMBOL[v[:1]]][1:])
        for c, w in enumerate(widths or _WIDTHS, 1):
            ws.column_dimensions[get_column_letter(c)].width = w
        return top + len(rows)

    def chart(ws, anchor: str, what: str, first: int, last: int, n: int):
        ch = BarChart()
        ch.type = "bar"  # horizontal bars: long unit names read on the category axis
        ch.title = f"{what}完成率"
        ch.style = 10
        ch.y_axis.title = "完成率"
        ch.y_axis.numFmt = "0%"
        ch.y_axis.scaling.min = 0
        ch.y_axis.scaling.max = 1
        ch.y_axis.majorGridlines = None
        ch.x_axis.scaling.orientation = "maxMin"  # first row at the top, as in the table
        ch.y_axis.delete = False
        ch.x_axis.delete = False
        ch.legend = None
        data = Reference(ws, min_col=11, min_row=first - 1, max_row=last)
        cats = Reference(ws, min_col=2, min_row=first, max_row=last)
        ch.add_data(data, titles_from_data=True)
        ch.set_categories(cats)
        s = ch.series[0]
        s.graphicalProperties.solidFill = BAR_COLOUR
        s.graphicalProperties.line.solidFill = BAR_COLOUR
        s.dLbls = DataLabelList()
        s.dLbls.showVal = True
        s.dLbls.showSerName = s.dLbls.showCatName = s.dLbls.showLegendKey = s.dLbls.showPercent = False
        s.dLbls.numFmt = "0%"
        ch.width = 22
        ch.height = max(7.5, 0.75 * n + 3)
        ws.add_chart(ch, anchor)

    heading = summary_title(summary)
    when = f"截至{cn_date(summary.today)}" + (f"　汇总单位：{summary.collector}" if summary.collector else "")

    ws = wb.active
    ws.title = "按单位汇总"
    title(ws, heading, len(TABLE_HEADERS))
    ws.cell(2, 1, when).font = body_font
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(TABLE_HEADERS))
    ws.cell(3, 1, summary.briefing()).font = Font(name="仿宋", size=12)
    ws.cell(3, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(TABLE_HEADERS))
    ws.row_dimensions[3].height = max(60, 16 * (len(summary.briefing()) // 50 + 1))
    rows = [[i, u.name, *row_values(u)] for i, u in enumerate(summary.units, 1)]
    t = summary.total
    end = table(ws, 5, TABLE_HEADERS, rows + [["", "合计", *row_values(t)]], pct_col=11)
    for c in range(1, len(TABLE_HEADERS) + 1):
        ws.cell(end, c).font = Font(name="黑体", size=11)
    if summary.units:
        chart(ws, f"A{end + 2}", "各单位", 6, 5 + len(summary.units), len(summary.units))
    _print_setup(ws, 5)

    ws = wb.create_sheet("按任务部分汇总")
    title(ws, heading, len(SECTION_HEADERS))
    rows = [[i, s.name, *row_values(s)] for i, s in enumerate(summary.sections, 1)]
    end = table(ws, 3, SECTION_HEADERS, rows, widths=(6, 40, *_WIDTHS[2:]), pct_col=11)
    if summary.sections:
        chart(ws, f"A{end + 2}", "各部分", 4, 3 + len(summary.sections), len(summary.sections))
    _print_setup(ws, 3)

    ws = wb.create_sheet("逾期事项")
    title(ws, "逾期未办结事项", len(OVERDUE_HEADERS))
    rows = [[i, o.unit, f"第{o.item_no}项", o.task, cn_date(o.due), o.status]
            for i, o in enumerate(summary.overdue, 1)]
    table(ws, 3, OVERDUE_HEADERS, rows or [["", "无逾期未办结事项", "", "", "", ""]], widths=(6, 20, 10, 60, 16, 10))
    _print_setup(ws, 3)

    ws = wb.create_sheet("单位排名")
    title(ws, "各单位完成情况排名", len(RANK_HEADERS))
    rows = [[i, u.name, u.rate / 100, u.done, u.tasks, u.overdue, u.passed, u.sent_back]
            for i, u in enumerate(summary.ranking(), 1)]
    table(ws, 3, RANK_HEADERS, rows, widths=(6, 30, 10, 8, 8, 8, 8, 8), pct_col=3)
    _print_setup(ws, 3)

    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path


def _print_setup(ws, header_row: int) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


__all__ = ["BAR_COLOUR", "TABLE_HEADERS", "export_summary_xlsx"]
