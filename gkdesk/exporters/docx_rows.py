"""Table body rows of a Word form written as WordprocessingML in one parse, fonts by style.

Filling a 1,000-row table through python-docx proxies cost ~4× python-docx writing a bare table:
every run got its own rPr (four rFonts slots, b, sz) through python-docx's child-insertion
helpers, and every cell its tcPr piece by piece. Here the body cells carry only what differs
(width, vMerge, alignment) and their paragraphs name one paragraph style whose run properties
hold the fonts (python-docx's documented way: "character formatting … applied through a style");
the rows are built as text, parsed once and appended. The result is the same table as before.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

TABLE_STYLE_ID = "GKTableText"
TABLE_STYLE_NAME = "表格文字"  # shown in Word's style list

# Characters XML 1.0 cannot hold (python-docx refused the whole export on one of them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class CellSpec:
    text: str
    width_twips: int
    center: bool = False
    vmerge: str | None = None  # "restart", "continue" or None


def add_table_text_style(doc, set_fonts, font: str, size_pt: float):
    """The paragraph style of table text: based on Normal, with the table font and size.

    set_fonts is docx_forms._set_fonts, so the East Asian slot and the Latin fallback are set
    exactly as they were on each run."""
    styles = doc.styles
    style = styles.add_style(TABLE_STYLE_NAME, WD_STYLE_TYPE.PARAGRAPH)
    style.element.styleId = TABLE_STYLE_ID
    style.base_style = styles["Normal"]
    set_fonts(style, font, size_pt, False)
    return style


def _runs(line: str) -> str:
    """w:r of one line: tabs and carriage returns as python-docx's run.text writes them."""
    if not line:
        return ""
    out = []
    for piece in re.split(r"(\t|\r)", _NOT_XML.sub("", line)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece == "\r":
            out.append("<w:br/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece, quote=False)}</w:t>')
    return "<w:r>" + "".join(out) + "</w:r>"


def _cell(spec: CellSpec) -> str:
    merge = {"restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}.get(spec.vmerge or "", "")
    jc = '<w:jc w:val="center"/>' if spec.center else ""
    ppr = f'<w:pPr><w:pStyle w:val="{TABLE_STYLE_ID}"/>{jc}</w:pPr>'
    lines = spec.text.split("\n") if spec.text else [""]
    paras = "".join(f"<w:p>{ppr}{_runs(line)}</w:p>" for line in lines)
    return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{spec.width_twips}"/>{merge}'
            f'<w:vAlign w:val="center"/></w:tcPr>{paras}</w:tc>')


def append_rows(tbl, rows: list[tuple[list[CellSpec], list[str]]]) -> None:
    """Append body rows to a w:tbl: each is (cells, row flags such as "cantSplit", "trHeight:N")."""
    parts = []
    for cells, flags in rows:
        trpr = ""
        for flag in flags:
            if flag.startswith("trHeight:"):
                trpr += f'<w:trHeight w:val="{flag.split(":", 1)[1]}" w:hRule="atLeast"/>'
            else:
                trpr += f'<w:{flag} w:val="true"/>'
        parts.append(f"<w:tr>{f'<w:trPr>{trpr}</w:trPr>' if trpr else ''}{''.join(map(_cell, cells))}</w:tr>")
    holder = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(parts)}</w:tbl>")
    tbl.extend(list(holder))
