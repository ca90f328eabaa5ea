"""The 完成率 bar chart of a 汇总, drawn by Qt (QPainter on a QImage, offscreen) as PNG bytes.

The .docx writer is Qt-free: it receives these bytes and places them as a picture; the PDF and the
desk's 汇总 view draw the same chart, so the report looks the same on paper and on screen. Bars
carry their percentage as text, so the chart reads in black-and-white print too.
"""
from __future__ import annotations

from gkdesk.domain.summary import SummaryRow
from gkdesk.printing.pdf import ensure_app

BAR = "#2F6FD0"
LABEL_FONTS = ["黑体", "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "sans-serif"]


def draw_rate_chart(painter, width: float, height: float, title: str, rows: list[SummaryRow]) -> None:
    """Horizontal bars of each row's 完成率 into a width × height area at the painter's origin."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen

    unit = height / (len(rows) + 3.2)  # one bar band per row, title and axis bands
    font = QFont()
    font.setFamilies(LABEL_FONTS)
    font.setPixelSize(max(8, int(min(unit * 0.45, width / 44))))
    bold = QFont(font)
    bold.setPixelSize(int(font.pixelSize() * 1.3))
    bold.setBold(True)
    fm = QFontMetricsF(font)
    label_w = min(width * 0.38, max((fm.horizontalAdvance(r.name) for r in rows), default=0) + fm.height())
    value_w = fm.horizontalAdvance("100%") + fm.height() * 0.6
    left, right = label_w, width - value_w
    top = unit * 1.4
    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    painter.setFont(bold)
    painter.setPen(QColor("black"))
    painter.drawText(QRectF(0, 0, width, unit * 1.2), int(Qt.AlignmentFlag.AlignCenter), title)
    painter.setFont(font)
    grid = QPen(QColor("#BBBBBB"))
    grid.setWidthF(max(1.0, unit / 40))
    bottom = top + unit * len(rows)
    for p in range(0, 101, 20):
        x = left + (right - left) * p / 100
        painter.setPen(grid)
        painter.drawLine(int(x), int(top), int(x), int(bottom))
        painter.setPen(QColor("black"))
        painter.drawText(QRectF(x - value_w, bottom + unit * 0.1, 2 * value_w, unit * 0.8),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"{p}%")
    for i, r in enumerate(rows):
        y = top + unit * i
        painter.setPen(QColor("black"))
        painter.drawText(QRectF(0, y, label_w - fm.height() * 0.4, unit),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), fm.elidedText(
                             r.name, Qt.TextElideMode.ElideMiddle, label_w - fm.height() * 0.4))
        bar = QRectF(left, y + unit * 0.2, (right - left) * r.rate / 100, unit * 0.6)
        painter.fillRect(bar, QColor(BAR))
        painter.drawText(QRectF(bar.right() + fm.height() * 0.3, y, value_w, unit),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), f"{r.rate}%")
    painter.setPen(QColor("black"))
    painter.drawLine(int(left), int(top), int(left), int(bottom))


def rate_chart_png(title: str, rows: list[SummaryRow], width_px: int = 1600, dpi: int = 200) -> bytes:
    """The chart as PNG bytes (height follows the number of rows), for the .docx report."""
    ensure_app()
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter

    # A band per row, at most 1.3 × the width (eighty units still fit a portrait page).
    height = int(min(width_px * 1.3, width_px * 0.05 * (len(rows) + 3.2)))
    image = QImage(width_px, height, QImage.Format.Format_RGB32)
    dots = int(dpi / 0.0254)
    image.setDotsPerMeterX(dots)
    image.setDotsPerMeterY(dots)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    try:
        draw_rate_chart(painter, width_px, height, title, rows)
    finally:
        painter.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    buf.close()
    return bytes(data.data())


__all__ = ["draw_rate_chart", "rate_chart_png"]
