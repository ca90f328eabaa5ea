"""附件1 / 附件2 as Word files laid out per GB/T 9704 (A4, official fonts and margins).

python-docx only (no Qt). Facts that matter here (see PLATFORM-NOTES): python-docx's template is
US Letter, Font.name does not set w:eastAsia, landscape needs orientation and swapped sizes, a
repeated header needs w:tblHeader, table.cell() is quadratic, and the document must end with a
paragraph after the last table.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gkdesk.domain.forms import CATEGORY_HEADING, CompletionForm, RosterForm
from gkdesk.exporters.docx_rows import CellSpec, add_table_text_style, append_rows
from gkdesk.exporters.layout import (
    HEADING_PT,
    MERGED_ROLES,
    TYPE_AREA_MM,
    column_widths_mm,
    header_spans,
    header_text,
    keeps_whole,
    roster_widths_mm,
    section_runs,
)

FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

TABLE_PT = 12  # tables: 仿宋 in a smaller size than the 3号 body
LINE_PT = 16  # 3号

def _set_fonts(rpr_owner, name: str, size_pt: float | None = None, bold: bool | None = None) -> None:
    """Font for a run or style, East Asian slot included (Word/WPS ignore ascii for 汉字).

    Under 仿宋 the digits and Latin letters get Times New Roman, as official documents do: a
    fallback for a missing 仿宋_GB2312 may draw digits full width and break phone numbers.
    """
    latin = LATIN if name == FANGSONG else name
    font = rpr_owner.font
    font.name = latin
    if size_pt is not None:
        font.size = Pt(size_pt)
    if bold is not None:
        font.bold = bold
    rpr = rpr_owner.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(slot), latin)
    rfonts.set(qn("w:eastAsia"), name)
    if latin != name:
        # Quotes “” and ·…— are shared by both scripts: draw them with the Chinese font.
        rfonts.set(qn("w:hint"), "eastAsia")


def add_run(paragraph, text: str, font: str = FANGSONG, size: float = TABLE_PT, bold: bool = False):
    run = paragraph.add_run(text)
    _set_fonts(run, font, size, bold)
    return run


def _page(doc, landscape: bool) -> None:
    sec = doc.sections[0]
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    else:
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin = Mm(37)
    sec.bottom_margin = Mm(35)
    sec.left_margin = Mm(28)
    sec.right_margin = Mm(26)
    sec.header_distance = Mm(15)
    sec.footer_distance = Mm(18)


def _chinese(doc) -> None:
    """Mark East Asian text as Simplified Chinese: python-docx's template says en-US text and a
    ja-JP theme, so Word and LibreOffice drew Japanese glyph variants and Japanese line rules."""
    lang = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    theme = doc.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:eastAsia"), "zh-CN")


def new_document(landscape: bool):
    doc = Document()
    _page(doc, landscape)
    _chinese(doc)
    normal = doc.styles["Normal"]
    _set_fonts(normal, FANGSONG, LINE_PT)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    return doc


def page_number_footer(doc) -> None:
    """“— 1 —” centred at the foot (宋体 4号), as a PAGE field so Word counts the pages."""
    footer = doc.sections[0].footer
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(p, "— ", SONGTI, 14)
    r = add_run(p, "", SONGTI, 14)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    r._r.append(begin)
    r = add_run(p, "", SONGTI, 14)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    r = add_run(p, "", SONGTI, 14)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    r._r.append(sep)
    add_run(p, "1", SONGTI, 14)
    r = add_run(p, "", SONGTI, 14)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r._r.append(end)
    add_run(p, " —", SONGTI, 14)


def _heading(doc, label: str, title: str, line: str) -> None:
    """附件 label, title and unit line at the exact pitches of layout.HEADING_PT (print uses them too)."""
    for part, text, font in (("label", label, HEITI), ("title", title, XIAOBIAOSONG), ("unit", line, FANGSONG)):
        size, pitch, before, after = HEADING_PT[part]
        p = doc.add_paragraph()
        if part == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf = p.paragraph_format
        pf.space_before = Pt(before)
        pf.space_after = Pt(after)
        pf.line_spacing = Pt(pitch)
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        add_run(p, text, font, size)


def cell_text(cell, text: str, bold: bool = False, center: bool = False) -> None:
    """Fill a fresh cell: one paragraph per line, 仿宋 12pt with the East Asian font set."""
    lines = text.split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else cell.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(p, line, FANGSONG, TABLE_PT, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def tr_flag(row, tag: str) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _row_min_height(row, mm: float) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:trHeight")
    el.set(qn("w:val"), str(int(mm * 56.7)))
    el.set(qn("w:hRule"), "atLeast")
    trpr.append(el)


def _vmerge(cell, restart: bool) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    el = OxmlElement("w:vMerge")
    if restart:
        el.set(qn("w:val"), "restart")
    tcpr.append(el)


def _grid_span(row, start: int, span: int) -> None:
    """Merge header cells start..start+span-1 horizontally (same header word over two columns)."""
    if span > 1:
        merged = row.cells[start].merge(row.cells[start + span - 1])
        for extra in merged.paragraphs[1:]:
            if not extra.text:
                extra._p.getparent().remove(extra._p)


def word_table(doc, widths_mm: list[float], n_rows: int):
    table = doc.add_table(rows=n_rows, cols=len(widths_mm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # Fixed layout (python-docx writes w:tblLayout in its schema place): Word and LibreOffice
    # keep the given widths instead of fitting to content.
    table.autofit = False
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)
    return table


def export_completion_docx(form: CompletionForm, path: str | Path) -> Path:
    """附件1 落实情况 as .docx: A4 landscape, the notice's columns, merged sections, repeated header."""
    path = Path(path)
    doc = new_document(landscape=True)
    page_number_footer(doc)
    _heading(doc, form.label, form.title, form.unit_line())

    roles = [r for _, r in form.headers]
    widths = column_widths_mm(form, TYPE_AREA_MM)
    table = word_table(doc, widths, 1)
    header = table.rows[0]
    tr_flag(header, "w:tblHeader")
    tr_flag(header, "w:cantSplit")
    hcells = header.cells
    words = [w for w, _ in form.headers]
    spans = header_spans(words)
    for c in range(len(words)):
        hcells[c].width = Mm(widths[c])
    for start, span in spans:
        cell_text(hcells[start], header_text(words[start], sum(widths[start:start + span])), bold=True, center=True)
    # Same header word over adjacent columns (重点任务 over section and subsection): one cell.
    for start, span in reversed(spans):
        _grid_span(header, start, span)

    # vMerge restart at the first row of a run, continue below (a run of one restarts alone).
    restart: dict[str, dict[int, bool]] = {role: {} for role in MERGED_ROLES}
    for role, runs in section_runs(form).items():
        for start, span in runs:
            for k in range(start, start + span):
                restart[role][k] = k == start

    # The body in one parse, fonts from the table text style (exporters/docx_rows.py).
    add_table_text_style(doc, _set_fonts, FANGSONG, TABLE_PT)
    twips = [Mm(w).twips for w in widths]
    body = []
    for i, data in enumerate(form.rows):
        values = [data.value(r) for r in roles]
        # A short row is kept whole on one page; a tall one may break (between lines), or
        # LibreOffice pushes it, and the table with it, to the next page.
        flags = ["cantSplit"] if keeps_whole(values) else []
        cells = []
        for c, (role, value) in enumerate(zip(roles, values)):
            if role in MERGED_ROLES:
                first = restart[role][i]
                cells.append(CellSpec(value if first else "", twips[c], role == "section",
                                      "restart" if first else "continue"))
            else:
                cells.append(CellSpec(value, twips[c], role in ("number", "deadline")))
        body.append((cells, flags))
    append_rows(table._tbl, body)
    doc.add_paragraph()  # a table must not end the document (Word's .doc export drops it)
    doc.save(str(path))
    return path


def export_roster_docx(form: RosterForm, path: str | Path) -> Path:
    """附件2 人员名单 as .docx: A4 portrait, 类别 merged over the persons of a category."""
    path = Path(path)
    doc = new_document(landscape=False)
    page_number_footer(doc)
    _heading(doc, form.label, form.title, form.unit_line())

    widths = roster_widths_mm(form.columns)  # print's too (printing/grid.py)
    n_rows = 1 + sum(len(rows) for _, rows in form.blocks)
    table = word_table(doc, widths, n_rows)
    rows = list(table.rows)  # built once, as in export_completion_docx

    header = rows[0]
    tr_flag(header, "w:tblHeader")
    tr_flag(header, "w:cantSplit")
    for c, word in enumerate([CATEGORY_HEADING] + form.columns):
        cell = header.cells[c]
        cell.width = Mm(widths[c])
        cell_text(cell, word, bold=True, center=True)

    r = 1
    for category, people in form.blocks:
        for k, values in enumerate(people):
            row = rows[r]
            tr_flag(row, "w:cantSplit")
            _row_min_height(row, 12)  # room to write by hand
            cells = row.cells
            cells[0].width = Mm(widths[0])
            _vmerge(cells[0], k == 0)
            cell_text(cells[0], category if k == 0 else "", center=True)
            for c, v in enumerate(values, start=1):
                cells[c].width = Mm(widths[c])
                cell_text(cells[c], v, center=True)
            r += 1
    doc.add_paragraph()
    doc.save(str(path))
    return path


__all__ = ["export_completion_docx", "export_roster_docx"]
