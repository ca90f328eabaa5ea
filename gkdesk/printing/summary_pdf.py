"""The 汇总 report as PDF and on paper: the same contents as the .docx report, laid out by Qt.

A4 portrait with the GB/T 9704 margins and page numbers of the forms' printing path
(printing/pdf.py: `ensure_app`, `MARGINS_MM`, `PAGE_NUMBER_GAP_MM`); the table header repeats on
every page (<thead>), the charts are the same QImage drawings as in the .docx.
"""
from __future__ import annotations

import html
from pathlib import Path

from gkdesk.domain.deadlines import cn_date
from gkdesk.domain.summary import Summary, SummaryRow
from gkdesk.printing.html_forms import BODY_FONTS, LABEL_FONTS, TITLE_FONTS
from gkdesk.printing.pdf import MARGINS_MM, PAGE_NUMBER_GAP_MM, pdf_printer

_COUNT_HEADERS = ("事项", "已报送", "通过", "退回", "待审核", "未填报", "逾期", "完成率")


def _esc(text: str) -> str:
    return html.escape(text or "").replace("\n", "<br/>")


def _counts(r: SummaryRow) -> list[str]:
    return [str(r.tasks), str(r.reported), str(r.passed), str(r.sent_back), str(r.pending), str(r.empty),
            str(r.overdue), f"{r.rate}%"]


def _table(headers: list[str], rows: list[list[str]], left: set[int] = frozenset()) -> str:
    head = "".join(f'<th style="background:#E8E8E8">{_esc(h)}</th>' for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td align="{"left" if c in left else "center"}">{_esc(v)}</td>' for c, v in enumerate(r))
        + "</tr>" for r in rows)
    return (f'<table width="100%" border="1" cellspacing="0" cellpadding="3" '
            f'style="border-collapse:collapse; font-family:{BODY_FONTS}; font-size:11pt">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def summary_html(summary: Summary, width_px: float) -> str:
    """The report as Qt rich text; the charts are the image resources chart-units.png and chart-sections.png."""
    from gkdesk.exporters.summary_xlsx import summary_title

    h2 = f'<p style="font-family:{LABEL_FONTS}; font-size:16pt; margin-top:10pt; margin-bottom:6pt">'
    body = f'<p style="font-family:{BODY_FONTS}; font-size:16pt; line-height:150%; text-indent:2em">'
    parts = [
        f'<p align="center" style="font-family:{TITLE_FONTS}; font-size:22pt; margin-bottom:6pt">'
        f"{_esc(summary_title(summary)).replace('落实情况汇总', '<br/>落实情况汇总', 1)}</p>",
        f'<p align="center" style="font-family:{BODY_FONTS}; font-size:16pt">（截至{cn_date(summary.today)}）</p>',
        body + _esc(summary.briefing()) + "</p>",
        h2 + "一、各单位落实情况</p>",
        _table(["序号", "单位", *_COUNT_HEADERS],
               [[str(i), u.name, *_counts(u)] for i, u in enumerate(summary.units, 1)]
               + [["", "合计", *_counts(summary.total)]], left={1}),
        f'<p align="center"><img src="chart-units.png" width="{int(width_px)}"/></p>',
        h2 + "二、各部分落实情况</p>",
        _table(["序号", "任务部分", *_COUNT_HEADERS],
               [[str(i), s.name, *_counts(s)] for i, s in enumerate(summary.sections, 1)], left={1}),
        f'<p align="center"><img src="chart-sections.png" width="{int(width_px)}"/></p>',
        h2 + "三、逾期未办结事项</p>",
        _table(["序号", "单位", "事项", "任务", "完成时限", "状态"],
               [[str(i), o.unit, f"第{o.item_no}项", o.task, cn_date(o.due), o.status]
                for i, o in enumerate(summary.overdue, 1)], left={1, 3})
        if summary.overdue else body + "各单位均无逾期未办结事项。</p>",
        h2 + "四、各单位完成情况排名</p>",
        _table(["名次", "单位", "完成率", "已完成", "事项", "逾期"],
               [[str(i), u.name, f"{u.rate}%", str(u.done), str(u.tasks), str(u.overdue)]
                for i, u in enumerate(summary.ranking(), 1)], left={1}),
        f'<p align="right" style="font-family:{BODY_FONTS}; font-size:16pt; margin-top:24pt">'
        f"{_esc(summary.collector)}<br/>{cn_date(summary.today)}</p>",
    ]
    return "".join(parts)


def render_summary(summary: Summary, printer) -> int:
    """Draw the report on printer (PDF, a real printer or a preview). Returns the page count."""
    from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QUrl
    from PySide6.QtGui import QFont, QImage, QPainter, QTextDocument

    from gkdesk.printing.summary_chart import rate_chart_png

    res = printer.resolution()

    def mm(v: float) -> float:
        return v * res / 25.4

    paper = printer.paperRect(printer.Unit.DevicePixel)
    left, top, right, bottom = (mm(v) for v in MARGINS_MM)
    body = QRectF(left, top, paper.width() - left - right, paper.height() - top - bottom)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(printer)
    doc.setDocumentMargin(0)
    base = QFont()
    base.setFamilies([f.strip(" '") for f in BODY_FONTS.split(",")])
    base.setPointSizeF(12)
    doc.setDefaultFont(base)
    for name, title, rows in (("units", "各单位完成率", summary.units), ("sections", "各部分完成率", summary.sections)):
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"chart-{name}.png"),
                        QImage.fromData(rate_chart_png(title, rows)))
    # <img width> is in logical (96 dpi) pixels whatever the printer's resolution.
    doc.setHtml(summary_html(summary, body.width() * 96 / res))
    doc.setPageSize(QSizeF(body.width(), body.height()))
    pages = max(1, doc.pageCount())
    number_font = QFont()
    number_font.setFamilies(["SimSun", "宋体", "Noto Serif CJK SC", "serif"])
    number_font.setPointSizeF(14)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("cannot start printing (is the output file writable?)")
    try:
        for i in range(pages):
            if i:
                printer.newPage()
            painter.save()
            painter.translate(QPointF(body.left(), body.top() - i * body.height()))
            doc.drawContents(painter, QRectF(0, i * body.height(), body.width(), body.height()))
            painter.restore()
            painter.setFont(number_font)
            foot = QRectF(0, body.bottom() + mm(PAGE_NUMBER_GAP_MM), paper.width(), mm(10))
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"— {i + 1} —")
    finally:
        painter.end()
    return pages


def _setup(printer, summary: Summary) -> None:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    printer.setFullPage(True)
    printer.setDocName(summary.notice_title or "汇总")


def export_summary_pdf(summary: Summary, path: str | Path) -> int:
    """Write the report to a PDF at path. Returns the page count."""
    printer = pdf_printer(path)
    _setup(printer, summary)
    return render_summary(summary, printer)


def print_summary_with_preview(summary: Summary, parent=None):
    """A non-blocking print preview of the report (deleted when closed)."""
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _setup(printer, summary)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {summary.notice_title}汇总")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.paintRequested.connect(lambda p: render_summary(summary, p))
    dialog._gk_printer = printer  # type: ignore[attr-defined]
    dialog.open()
    return dialog


__all__ = ["export_summary_pdf", "print_summary_with_preview", "render_summary", "summary_html"]
