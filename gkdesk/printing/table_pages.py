"""Laying a Grid out on printer pages and drawing it with QPainter.

QTextDocument's own table pagination draws a row that crosses a page over the repeated header and
leaves the page's last border open. Here each cell is its own small QTextDocument and the rows
are paginated by hand: a row that fits on a page is moved whole to the next page; a row taller
than a page breaks between text lines, two lines at least on each side; every page closes its
borders and repeats the header; a merged section cell is drawn again, with its text, on each
page it continues on.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPen, QTextCharFormat, QTextCursor, QTextDocument, QTextOption

from gkdesk.printing.grid import Grid
from gkdesk.printing.html_forms import LATIN_FONTS, font_list, latin_runs

# Cell padding as Word's own table (Table Grid: 0.19 cm left and right, none above and below),
# so a printed row is as tall as the same row of the .docx.
PAD_X_PT = 108 / 20
PAD_Y_PT = 0.0


@dataclass
class Slice:
    """Part of a body row on a page: rows-local y from top to bottom, drawn at page y."""

    row: int
    top: float
    bottom: float
    y: float


@dataclass
class Page:
    slices: list[Slice]
    table_top: float  # where the header row starts on this page


class TableLayout:
    """Cell documents and row heights of one grid, at one paint device's resolution."""

    def __init__(self, grid: Grid, device, width: float, families: list[str]) -> None:
        self.grid = grid
        self.device = device
        res = device.resolution()
        self.pt = res / 72.0
        self.pad_x = PAD_X_PT * self.pt
        self.pad_y = PAD_Y_PT * self.pt
        self.font = QFont()
        self.font.setFamilies(families)
        self.font.setPointSizeF(grid.font_pt)
        self.bold = QFont(self.font)
        self.bold.setBold(True)
        self.latin = QTextCharFormat()  # digits and Latin letters, as the .docx's w:ascii font
        self.latin.setFontFamilies(font_list(LATIN_FONTS))
        self.col_w = [f * width for f in grid.widths]
        self.col_x = [sum(self.col_w[:c]) for c in range(len(self.col_w))]
        self.width = width
        self.merged = {c: {s: n for s, n in runs} for c, runs in grid.merges.items()}
        self.run_of: dict[int, list[int]] = {}  # column → run start for each row
        for c, runs in grid.merges.items():
            starts = [0] * len(grid.rows)
            for s, n in runs:
                for k in range(s, s + n):
                    starts[k] = s
            self.run_of[c] = starts
        self.header_docs: list[tuple[QTextDocument, float, float]] = []  # doc, x, width
        c = 0
        for text, span in grid.header:
            w = sum(self.col_w[c:c + span])
            self.header_docs.append((self._doc(text, w, True, self.bold), self.col_x[c], w))
            c += span
        self.header_h = max((d.size().height() for d, _, _ in self.header_docs), default=0.0)
        self.docs = [
            [self._doc(v, self.col_w[c], grid.centered[c], self.font) for c, v in enumerate(row)]
            for row in grid.rows
        ]
        self.heights = self._row_heights()

    def _doc(self, text: str, width: float, center: bool, font: QFont) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(font)
        opt = QTextOption()
        opt.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        opt.setAlignment(Qt.AlignmentFlag.AlignHCenter if center else Qt.AlignmentFlag.AlignLeft)
        doc.setDefaultTextOption(opt)
        doc.setPlainText(text)
        self._set_latin(doc, text)
        # Frame margins are scaled from 96 dpi to the device; the padding is in device pixels.
        scale = 96.0 / self.device.resolution()
        frame = doc.rootFrame().frameFormat()
        frame.setLeftMargin(self.pad_x * scale)
        frame.setRightMargin(self.pad_x * scale)
        frame.setTopMargin(self.pad_y * scale)
        frame.setBottomMargin(self.pad_y * scale)
        doc.rootFrame().setFrameFormat(frame)
        doc.setTextWidth(width)
        return doc

    def _set_latin(self, doc: QTextDocument, text: str) -> None:
        """The Latin runs of a cell in the Latin font (html_forms.LATIN_FONTS), at the document's
        positions (UTF-16: a character beyond U+FFFF such as 𠀀 or 😀 takes two)."""
        runs = latin_runs(text)
        if not runs:
            return
        wide = any(ord(ch) > 0xFFFF for ch in text)
        cursor = QTextCursor(doc)
        for start, end in runs:
            if wide:
                start, end = _utf16(text, start), _utf16(text, end)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(self.latin)

    def _row_heights(self) -> list[float]:
        minimum = self.grid.min_row_mm * self.device.resolution() / 25.4
        heights = []
        for r, docs in enumerate(self.docs):
            own = [d.size().height() for c, d in enumerate(docs) if c not in self.merged]
            heights.append(max([*own, minimum, self.pad_y * 2 + QFontHeight(self.font, self.device)]))
        # A merged cell whose text is taller than its rows together grows its last row.
        for c, runs in self.merged.items():
            for s, n in runs.items():
                need = self.docs[s][c].size().height()
                have = sum(heights[s:s + n])
                if need > have:
                    heights[s + n - 1] += need - have
        return heights

    def line_bottoms(self, r: int, c: int) -> list[tuple[float, float]]:
        """(top, bottom) of each text line of a body cell, in the row's own coordinates."""
        doc = self.docs[r][c]
        out: list[tuple[float, float]] = []
        layout = doc.documentLayout()
        block = doc.begin()
        while block.isValid():
            top = layout.blockBoundingRect(block).top()
            bl = block.layout()
            for i in range(bl.lineCount()):
                line = bl.lineAt(i)
                out.append((top + line.y(), top + line.y() + line.height()))
            block = block.next()
        return out

    def part(self, r: int, c: int, lo: float, hi: float, doc: QTextDocument | None = None) -> QTextDocument:
        """A document of the lines of a cell lying within lo..hi: drawing only those keeps the
        PDF's text layer free of lines a clip would hide (they would sit over the header)."""
        doc = doc or self.docs[r][c]
        layout = doc.documentLayout()
        pieces: list[str] = []
        block = doc.begin()
        while block.isValid():
            top = layout.blockBoundingRect(block).top()
            bl = block.layout()
            text = block.text()
            inside = ""
            for i in range(bl.lineCount()):
                line = bl.lineAt(i)
                if top + line.y() >= lo - 0.5 and top + line.y() + line.height() <= hi + 0.5:
                    inside += text[line.textStart():line.textStart() + line.textLength()]
            if inside:
                pieces.append(inside)
            block = block.next()
        width = self.col_w[c]
        return self._doc("\n".join(pieces), width, self.grid.centered[c], self.font)

    def cut(self, r: int, lo: float, hi: float) -> float:
        """The lowest y in (lo, hi] of row r where no text line of an own cell is cut."""
        best = hi
        for c in range(len(self.col_w)):
            if c in self.merged:
                continue
            for top, bottom in self.line_bottoms(r, c):
                if top < best < bottom:
                    best = top
        return best if best > lo else hi


def _utf16(text: str, i: int) -> int:
    return i + sum(1 for ch in text[:i] if ord(ch) > 0xFFFF)


def QFontHeight(font: QFont, device) -> float:
    from PySide6.QtGui import QFontMetricsF

    return QFontMetricsF(font, device).height()


def paginate(layout: TableLayout, page_h: float, first_top: float) -> list[Page]:
    """Place the rows on pages of height page_h; page 1's table starts at first_top."""
    head = layout.header_h
    pages = [Page([], first_top)]
    y = first_top + head
    for r, h in enumerate(layout.heights):
        offset = 0.0
        while offset < h:
            space = page_h - y
            rest = h - offset
            fresh = y <= pages[-1].table_top + head + 0.5
            if rest <= space + 0.01:
                pages[-1].slices.append(Slice(r, offset, h, y))
                y += rest
                break
            if not fresh and offset == 0 and rest <= page_h - head and layout.grid.keep[r]:
                # A short row is moved whole to the next page; a long one breaks between lines
                # at the foot of the page, as the .docx's row does (exporters/layout.keeps_whole).
                pages.append(Page([], 0.0))
                y = head
                continue
            cut = layout.cut(r, offset, offset + space)
            # No line or so left alone on either page: two lines at least go over (cut higher),
            # and a piece too short to hold two lines stays off this page.
            least = 2 * QFontHeight(layout.font, layout.device)
            if h - cut < least < cut - offset:
                cut = layout.cut(r, offset, h - least)
            if (cut - offset < space * 0.05 or cut - offset < least) and not fresh:
                pages.append(Page([], 0.0))
                y = head
                continue
            pages[-1].slices.append(Slice(r, offset, cut, y))
            pages.append(Page([], 0.0))
            y = head
            offset = cut
    return pages


def draw_page(painter: QPainter, layout: TableLayout, page: Page) -> None:
    """Header, cells and borders of one page, in the body rectangle's coordinates."""
    pen = QPen(Qt.GlobalColor.black)
    pen.setWidthF(0.6 * layout.pt)
    top = page.table_top
    for doc, x, w in layout.header_docs:
        rect = QRectF(x, top, w, layout.header_h)
        _draw_doc(painter, doc, rect, 0.0, (layout.header_h - doc.size().height()) / 2)
        _frame(painter, pen, rect)
    n_cols = len(layout.col_w)
    for s in page.slices:
        h = s.bottom - s.top
        whole = s.top == 0 and s.bottom >= layout.heights[s.row] - 0.01
        for c in range(n_cols):
            if c in layout.merged:
                continue
            rect = QRectF(layout.col_x[c], s.y, layout.col_w[c], h)
            if whole:  # centred vertically, as in Word
                doc = layout.docs[s.row][c]
                _draw_doc(painter, doc, rect, 0.0, (h - doc.size().height()) / 2)
            else:  # a broken row reads from the top, each page with its own lines only
                _draw_doc(painter, layout.part(s.row, c, s.top, s.bottom), rect, 0.0, 0.0)
            _frame(painter, pen, rect)
    for c in layout.merged:
        starts = layout.run_of[c]
        groups: dict[int, list[Slice]] = {}
        for s in page.slices:
            groups.setdefault(starts[s.row], []).append(s)
        for start, parts in groups.items():
            y0 = parts[0].y
            y1 = parts[-1].y + parts[-1].bottom - parts[-1].top
            rect = QRectF(layout.col_x[c], y0, layout.col_w[c], y1 - y0)
            doc = layout.docs[start][c]
            if doc.size().height() > rect.height() + 0.5:
                # A long title over a short piece of its run: its lines flow on from the pages
                # before, as Word continues a merged cell (the run's rows were grown to hold it).
                before = sum(layout.heights[start:parts[0].row]) + parts[0].top
                doc = layout.part(start, c, before, before + rect.height())
                _draw_doc(painter, doc, rect, 0.0, 0.0)
            else:
                _draw_doc(painter, doc, rect, 0.0, (rect.height() - doc.size().height()) / 2)
            _frame(painter, pen, rect)


def _draw_doc(painter: QPainter, doc: QTextDocument, rect: QRectF, from_y: float, shift: float) -> None:
    """Draw the part of doc that falls into rect, doc's y from_y at rect's top (after shift)."""
    painter.save()
    painter.setClipRect(rect)
    painter.translate(QPointF(rect.left(), rect.top() - from_y + shift))
    doc.drawContents(painter, QRectF(0, from_y - shift, rect.width(), rect.height()))
    painter.restore()


def _frame(painter: QPainter, pen: QPen, rect: QRectF) -> None:
    painter.save()
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(rect)
    painter.restore()
