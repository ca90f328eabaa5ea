"""The 汇总 report as a Word file in the notice's own style (GB/T 9704 page, 仿宋 body, 黑体 headings,
方正小标宋 title): title, date, the 通报 paragraph, the tables per unit / section, the overdue list,
the ranking and the completion-rate charts.

python-docx only: the charts arrive as PNG bytes (drawn by Qt in printing/summary_chart.py), so
this module runs in the CLI, tests and worker threads without Qt. Page, fonts and tables reuse the
附件1 writer's helpers (exporters/docx_forms.py), so both documents follow one set of rules.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from gkdesk.domain.deadlines import cn_date
from gkdesk.domain.summary import Summary, SummaryRow
from gkdesk.exporters.docx_forms import (
    FANGSONG,
    HEITI,
    LINE_PT,
    XIAOBIAOSONG,
    add_run,
    cell_text,
    new_document,
    page_number_footer,
    word_table,
    tr_flag,
)
from gkdesk.exporters.summary_xlsx import summary_title

USABLE_MM = 210 - 28 - 26
_COUNT_HEADERS = ("事项", "已报送", "通过", "退回", "待审核", "未填报", "逾期", "完成率")


def _body(doc, text: str, indent: bool = True, font: str = FANGSONG, align=None):
    """A 3号 paragraph at the fixed 28 pt line pitch of official documents, 2-character indent."""
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    if indent:
        pf.first_line_indent = Pt(2 * LINE_PT)
    if align is not None:
        p.alignment = align
    add_run(p, text, font, LINE_PT)
    return p


def _counts(r: SummaryRow) -> list[str]:
    return [str(r.tasks), str(r.reported), str(r.passed), str(r.sent_back), str(r.pending), str(r.empty),
            str(r.overdue), f"{r.rate}%"]


def _grid(doc, headers: list[str], rows: list[list[str]], widths: list[float], left: set[int] = frozenset()):
    table = word_table(doc, widths, 1 + len(rows))
    all_rows = table.rows
    tr_flag(all_rows[0], "w:tblHeader")
    for i, values in enumerate([headers, *rows]):
        row = all_rows[i]
        tr_flag(row, "w:cantSplit")
        for c, (cell, v) in enumerate(zip(row.cells, values)):
            cell.width = Mm(widths[c])
            cell_text(cell, v, bold=i == 0, center=i == 0 or c not in left)
    return table


def _picture(doc, png: bytes | None, width_mm: float = USABLE_MM) -> None:
    if not png:
        return
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))


def export_summary_docx(summary: Summary, path: str | Path, unit_chart: bytes | None = None,
                        section_chart: bytes | None = None) -> Path:
    """Write the report; `unit_chart` / `section_chart` are PNG bytes placed under their tables."""
    path = Path(path)
    doc = new_document(landscape=False)
    page_number_footer(doc)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(6)
    title = summary_title(summary)
    head, sep, tail = title.partition("落实情况汇总")
    if head and sep:  # break the 2号 title before 落实情况, not wherever the line is full
        add_run(p, head, XIAOBIAOSONG, 22).add_break()
        title = sep + tail
    add_run(p, title, XIAOBIAOSONG, 22)
    _body(doc, f"（截至{cn_date(summary.today)}）", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _body(doc, "")
    _body(doc, summary.briefing())

    _body(doc, "一、各单位落实情况", font=HEITI)
    w = [10.0, 44.0] + [(USABLE_MM - 54.0) / len(_COUNT_HEADERS)] * len(_COUNT_HEADERS)
    rows = [[str(i), u.name, *_counts(u)] for i, u in enumerate(summary.units, 1)]
    rows.append(["", "合计", *_counts(summary.total)])
    _grid(doc, ["序号", "单位", *_COUNT_HEADERS], rows, w, left={1})
    _picture(doc, unit_chart)

    _body(doc, "二、各部分落实情况", font=HEITI)
    rows = [[str(i), s.name, *_counts(s)] for i, s in enumerate(summary.sections, 1)]
    _grid(doc, ["序号", "任务部分", *_COUNT_HEADERS], rows, w, left={1})
    _picture(doc, section_chart)

    _body(doc, "三、逾期未办结事项", font=HEITI)
    if summary.overdue:
        rows = [[str(i), o.unit, f"第{o.item_no}项", o.task, cn_date(o.due), o.status]
                for i, o in enumerate(summary.overdue, 1)]
        _grid(doc, ["序号", "单位", "事项", "任务", "完成时限", "状态"], rows,
              [10.0, 30.0, 14.0, USABLE_MM - 10 - 30 - 14 - 26 - 18, 26.0, 18.0], left={1, 3})
    else:
        _body(doc, "各单位均无逾期未办结事项。")

    _body(doc, "四、各单位完成情况排名", font=HEITI)
    rows = [[str(i), u.name, f"{u.rate}%", str(u.done), str(u.tasks), str(u.overdue)]
            for i, u in enumerate(summary.ranking(), 1)]
    _grid(doc, ["名次", "单位", "完成率", "已完成", "事项", "逾期"], rows,
          [14.0, USABLE_MM - 14 - 4 * 22, 22.0, 22.0, 22.0, 22.0], left={1})

    _body(doc, "")
    if summary.collector:
        _body(doc, summary.collector, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _body(doc, cn_date(summary.today), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.save(str(path))
    return path


__all__ = ["export_summary_docx"]
