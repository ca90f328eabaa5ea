"""PDF export and printing of the two forms through Qt (QPrinter + QTextDocument).

A4 (completion form landscape, roster portrait), GB/T 9704 margins, the table header repeated on
every page, page numbers "— N —" centred 7 mm below the type area. The pages are drawn here with
QPainter so the PDF, the print preview and the printer get the same layout. Works headless: the
CLI calls export_pdf without a running application (an offscreen QGuiApplication is made).
"""
from __future__ import annotations

import os
from pathlib import Path

from gkdesk.domain.forms import CompletionForm, RosterForm
from gkdesk.printing.grid import grid_for
from gkdesk.exporters.layout import HEADING_PT
from gkdesk.printing.html_forms import BODY_FONTS, font_list, heading_parts

MARGINS_MM = (28.0, 37.0, 26.0, 35.0)  # left, top, right, bottom (GB/T 9704)
PAGE_NUMBER_GAP_MM = 7.0

_app = None  # the QGuiApplication made for headless use, kept alive for the process


def ensure_app():
    """The running Qt application, or a new offscreen one when there is none.

    It is a QApplication (a QGuiApplication that also allows widgets), so a later print preview
    or a widget test in the same process does not find a GUI-only application in its way."""
    global _app
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = app = QApplication([])
    return app


def _landscape(form) -> bool:
    if isinstance(form, CompletionForm):
        return True
    if isinstance(form, RosterForm):
        return False
    raise TypeError(f"not a form: {type(form).__name__}")


def setup_printer(printer, form) -> None:
    """A4, orientation for the form; margins are drawn by render(), so the printer's are zero."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize

    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape if _landscape(form) else QPageLayout.Orientation.Portrait,
        QMarginsF(0, 0, 0, 0),
        QPageLayout.Unit.Millimeter,
    )
    printer.setPageLayout(layout)
    printer.setFullPage(True)
    printer.setDocName(getattr(form, "title", "") or "gkdesk")


def render(form, printer) -> int:
    """Draw the form on printer (PDF, real printer or preview). Returns the number of pages."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QFont, QPainter

    from gkdesk.printing.table_pages import TableLayout, draw_page, paginate

    res = printer.resolution()

    def mm(v: float) -> float:
        return v * res / 25.4

    paper = printer.paperRect(printer.Unit.DevicePixel)
    left, top, right, bottom = (mm(v) for v in MARGINS_MM)
    body = QRectF(left, top, paper.width() - left - right, paper.height() - top - bottom)

    grid = grid_for(form)
    families = font_list(BODY_FONTS)
    heading, heading_h = _heading(form, printer, body.width(), families)

    layout = TableLayout(grid, printer, body.width(), families)
    pages = paginate(layout, body.height(), heading_h)

    number_font = QFont()
    number_font.setFamilies(["SimSun", "宋体", "Noto Serif CJK SC", "serif"])
    number_font.setPointSizeF(14)  # 4号
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("cannot start printing (is the output file writable?)")
    try:
        for i, page in enumerate(pages):
            if i:
                printer.newPage()
            painter.save()
            painter.translate(QPointF(body.left(), body.top()))
            if i == 0:
                for doc, y, h in heading:
                    painter.save()
                    painter.translate(QPointF(0, y))
                    doc.drawContents(painter, QRectF(0, 0, body.width(), h))
                    painter.restore()
            draw_page(painter, layout, page)
            painter.restore()
            painter.setFont(number_font)
            foot = QRectF(0, body.bottom() + mm(PAGE_NUMBER_GAP_MM), paper.width(), mm(10))
            painter.drawText(foot, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"— {i + 1} —")
    finally:
        painter.end()
    return len(pages)


def _heading(form, printer, width: float, families: list[str]):
    """The heading's parts as [(document, top, height)] and the table's top, in device pixels.

    Each part is set at its exact pitch from layout.HEADING_PT with the .docx's space before and
    after, so the table starts where Word and LibreOffice start it whatever fonts stand in."""
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QTextBlockFormat, QTextCursor, QTextDocument

    res = printer.resolution()
    css_px = 96 / 72  # block line heights are in pixels at 96 dpi, scaled to the device
    base = QFont()
    base.setFamilies(families)
    base.setPointSizeF(12)
    parts = []
    y = 0.0
    for part, html in heading_parts(form.label, form.title, form.unit_line()):
        _size, pitch, before, after = HEADING_PT[part]
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(printer)  # lay out at the printer's resolution
        doc.setDocumentMargin(0)  # the 2 cm QTextDocument adds by default: the margins are ours
        doc.setDefaultFont(base)
        doc.setHtml("<html><body>" + html + "</body></html>")
        for block in list(_blocks(doc)):
            fmt = block.blockFormat()
            fmt.setTopMargin(0)
            fmt.setBottomMargin(0)
            fmt.setLineHeight(pitch * css_px, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            QTextCursor(block).setBlockFormat(fmt)
        doc.setPageSize(QSizeF(width, 1e9))
        y += before * res / 72
        h = pitch * _lines(doc) * res / 72
        parts.append((doc, y, h))
        y += h + after * res / 72
    return parts, y


def _blocks(doc):
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def _lines(doc) -> int:
    """Text lines of a heading part (its blocks are paragraphs; the unit line is one since it
    follows the .docx's single paragraph, html_forms._unit_row)."""
    return sum(block.layout().lineCount() for block in _blocks(doc))


def pdf_printer(path):
    """A high-resolution QPrinter writing a PDF to path (its folder made); page set-up is the caller's."""
    ensure_app()
    from PySide6.QtPrintSupport import QPrinter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setCreator("gkdesk 政务公开任务台")
    return printer


def export_pdf(form, path) -> int:
    """Write form (CompletionForm or RosterForm) to a PDF at path. Returns the page count."""
    printer = pdf_printer(path)
    setup_printer(printer, form)
    return render(form, printer)


def print_with_preview(form, parent=None):
    """Open a print preview (non-blocking) for form; printing from it draws the same pages.

    Returns the dialog (deleted when closed)."""
    from PySide6.QtCore import Qt
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    setup_printer(printer, form)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {getattr(form, 'title', '')}")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.paintRequested.connect(lambda p: render(form, p))
    dialog._gk_printer = printer  # keep the printer alive as long as the dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog
