"""The heading of a printed form (附件 label, title, unit and date line) as HTML for QTextDocument.

The table below it is drawn cell by cell (printing/table_pages.py). Every value escaped, newlines
kept as <br>; font sizes in pt so they come out right at a printer's resolution.
"""
from __future__ import annotations

import html
import re

from gkdesk.exporters.layout import HEADING_PT

# Official fonts first (on a clerk's Windows PC), then what a Linux/UOS desk has.
TITLE_FONTS = "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', '华文中宋', 'STZhongsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif"
LABEL_FONTS = "'黑体', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif"
BODY_FONTS = "'仿宋_GB2312', '仿宋', 'FangSong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', 'WenQuanYi Micro Hei', serif"
# Under 仿宋 the .docx sets what its runs' w:ascii slot covers (U+0020–U+007E: digits, Latin
# letters, ASCII signs) in Times New Roman (exporters/docx_forms.LATIN); print does the same, in a
# metric twin where it is missing (fontconfig's aliases for it: Liberation Serif, Tinos; then
# Times's Nimbus Roman), and with no Latin serif at all in the Chinese font, as before. 汉字, full
# width forms and the quotes “” ·… the .docx gives the Chinese font (w:hint="eastAsia") stay in
# BODY_FONTS. The 附件 label (黑体) and the title (小标宋) keep one font for all, as in the .docx.
LATIN_FONTS = "'Times New Roman', 'Liberation Serif', 'Tinos', 'Nimbus Roman', " + BODY_FONTS
_LATIN_RUN = re.compile("[\x20-\x7e]+")


def font_list(css: str) -> list[str]:
    """A CSS font-family list as QFont.setFamilies takes it."""
    return [f.strip(" '") for f in css.split(",")]


def latin_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of the runs of text the .docx sets in its Latin font, as Python indices."""
    return [m.span() for m in _LATIN_RUN.finditer(text)]

# A 完成情况 (or any cell) longer than this is cut in print: a 2 MB paste would be thousands of
# pages. The .docx/.xlsx exports keep the whole text.
MAX_CELL_CHARS = 6000

def _cut(value: str | None, limit: int) -> str:
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > limit:
        text = text[:limit] + f"……（以下从略，全文共{len(value or '')}字，见电子版）"
    return text


def cell_text(value: str | None, limit: int = MAX_CELL_CHARS) -> str:
    """Escaped HTML for one cell: newlines → <br>, overlong text cut with a note."""
    return html.escape(_cut(value, limit)).replace("\n", "<br/>")


def body_html(value: str | None, limit: int = MAX_CELL_CHARS) -> str:
    """cell_text of 仿宋 text, its Latin runs in LATIN_FONTS."""
    text = _cut(value, limit)
    out, at = [], 0
    for start, end in latin_runs(text):
        out.append(html.escape(text[at:start]))
        out.append(f'<span style="font-family:{LATIN_FONTS}">{html.escape(text[start:end])}</span>')
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out).replace("\n", "<br/>")


def heading_parts(label: str, title: str, unit_line: str) -> list[tuple[str, str]]:
    """(part of layout.HEADING_PT, HTML) for the 附件 label, the title and the unit line.

    Pitches and spacing are not in the HTML (Qt's importer drops margins given in pt): the
    printer sets each part at its exact pitch (printing/pdf.py)."""
    size = {part: spec[0] for part, spec in HEADING_PT.items()}
    return [
        ("label", f'<p style="font-family:{LABEL_FONTS}; font-size:{size["label"]}pt">{html.escape(label)}</p>'),
        ("title", f'<p align="center" style="font-family:{TITLE_FONTS}; font-size:{size["title"]}pt">'
                  f"{cell_text(title, 400)}</p>"),
        ("unit", _unit_row(unit_line, size["unit"])),
    ]


def _unit_row(unit_line: str, size: float) -> str:
    """填报单位 (or 单位（公章）) and 填报日期 on one line from the left margin, as the .docx writes it
    and the notice's own 附件2 prints it (单位（公章）：　　　…　　　填报日期：)."""
    return (f'<p style="font-family:{BODY_FONTS}; font-size:{size}pt; white-space:pre-wrap">'
            f"{body_html(unit_line, 400)}</p>")
