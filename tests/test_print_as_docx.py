"""The printed 附件1/附件2 set as the .docx the clerk sends with it: digits and Latin letters in
the .docx's Latin font (Times New Roman, or the face fontconfig draws it with), 汉字 in the
Chinese one; and the 填报日期 after the unit on one left-aligned line, as the notice prints it.

Seed 000's 附件2 reads "单位（公章）：                      填报日期：" — one line from the left.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from gkdesk.domain.forms import CompletionForm, CompletionRow, RosterForm
from gkdesk.exporters.layout import HEADING_PT
from gkdesk.exporters.output import write_form
from tests.fixtures.pdf_text import flat

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
needs_fontconfig = pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig tools not installed")

PHONE = "13812345678"
DONE = "已于2022年8月30日在门户网站公开“三定”规定，见www.jiangjin.gov.cn"


def roster() -> RosterForm:
    return RosterForm(
        label="附件2", title="全区政府信息公开工作人员名单", unit="财政局", filled_on=date(2022, 9, 1),
        columns=["姓名", "职务", "联系电话", "备注"],
        blocks=[("政府信息公开工作负责人", [["张三", "副局长", PHONE, "兼管网站"]])],
    )


def completion() -> CompletionForm:
    row = CompletionRow(section="一、围绕重点领域加强信息公开", subsection="（一）权责清单", number="1",
                        text="1．依法公开本机关的工作职能、机构设置等信息。", lead="财政局",
                        responsible="管委会各部门", deadline="2022年12月底前", completion=DONE)
    headers = [("重点任务", "section"), ("重点任务", "subsection"), ("贯彻举措", "text"), ("牵头单位", "lead"),
               ("责任单位", "responsible"), ("完成时限", "deadline"), ("完成情况", "completion")]
    return CompletionForm(title="万盛经开区2020年政务公开工作要点任务分工", label="附件1", unit="财政局",
                          filled_on=date(2022, 9, 1), headers=headers, rows=[row])


# ------------------------------------------------------------------ what the .docx says


def docx_run_fonts(path: Path, text: str) -> dict[str, str]:
    """rFonts (ascii, eastAsia, hint …) the .docx gives the run holding text: the run's own, else
    its paragraph style's (the table body's runs take theirs from the 表格文字 style)."""
    doc = Document(str(path))
    styles = {s.style_id: s for s in doc.styles}
    for p in doc.element.body.iter(qn("w:p")):
        for r in p.iter(qn("w:r")):
            if text not in "".join(t.text or "" for t in r.iter(qn("w:t"))):
                continue
            rfonts = r.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            if rfonts is None:
                pstyle = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                style = styles[pstyle.get(qn("w:val"))]
                rfonts = style.element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
            return {k.split("}")[1]: v for k, v in rfonts.attrib.items()}
    raise AssertionError(f"no run with {text!r} in {path.name}")


def fontconfig_family(name: str) -> str:
    """The face fontconfig (and so LibreOffice on this desk) draws a font name with."""
    return subprocess.run(["fc-match", "-f", "%{family[0]}", name], capture_output=True, text=True,
                          check=True).stdout.strip()


# ------------------------------------------------------------------ what print draws


def printed_documents(form, pdf: Path, monkeypatch) -> tuple[list, list]:
    """The heading's part documents and the table's cell documents of a real export to pdf."""
    import gkdesk.printing.pdf as pdf_module
    import gkdesk.printing.table_pages as table_pages

    headings, layouts = [], []
    real_heading, real_paginate = pdf_module._heading, table_pages.paginate

    def heading(*a):
        parts = real_heading(*a)
        headings.extend(doc for doc, _y, _h in parts[0])
        return parts

    def paginate(layout, *a):
        layouts.append(layout)
        return real_paginate(layout, *a)

    monkeypatch.setattr(pdf_module, "_heading", heading)
    monkeypatch.setattr(table_pages, "paginate", paginate)
    write_form(form, pdf)
    [layout] = layouts
    cells = [doc for row in layout.docs for doc in row] + [doc for doc, _x, _w in layout.header_docs]
    return headings, cells


def drawn_families(docs) -> dict[str, set[str]]:
    """Per character, the font families of the glyph runs that draw it."""
    out: dict[str, set[str]] = {}
    for doc in docs:
        doc.size()  # laid out
        block = doc.begin()
        while block.isValid():
            layout = block.layout()
            for i, ch in enumerate(block.text()):
                for run in layout.glyphRuns(i, 1):
                    out.setdefault(ch, set()).add(run.rawFont().familyName())
            block = block.next()
    return out


@needs_fontconfig
@pytest.mark.parametrize("make, sample", [(roster, PHONE), (completion, DONE)])
def test_digits_print_in_the_docx_latin_font_and_hanzi_in_the_chinese_one(qapp, tmp_path, monkeypatch, make, sample):
    """财政局 prints 附件2 with a phone number (附件1 with a date and a web address in 完成情况) and
    sends the .docx too: the .docx sets them in Times New Roman under 仿宋, and so does print."""
    form = make()
    docx = write_form(form, tmp_path / "form.docx").path
    table = docx_run_fonts(docx, sample)
    date_line = docx_run_fonts(docx, "填报日期")
    assert table["ascii"] == table["hAnsi"] == date_line["ascii"] == "Times New Roman"
    assert table["eastAsia"] == date_line["eastAsia"] == "仿宋_GB2312"
    assert table["hint"] == "eastAsia"  # “” ·… shared by both scripts: the Chinese font
    latin = fontconfig_family(table["ascii"])

    headings, cells = printed_documents(form, tmp_path / "form.pdf", monkeypatch)
    in_cells, in_unit_line = drawn_families(cells), drawn_families(headings[2:])
    hanzi = in_cells["政"]
    assert len(hanzi) == 1 and latin not in hanzi
    for ch in re.sub(r"[^0-9A-Za-z]", "", sample):
        assert in_cells[ch] == {latin}, (ch, in_cells[ch])
    for ch in "已公开“”":
        assert ch not in sample or in_cells[ch] == hanzi, (ch, in_cells[ch])
    # The date of the 填报日期 line too; its 汉字 in the Chinese font.
    for ch in "2022":
        assert in_unit_line[ch] == {latin}, (ch, in_unit_line[ch])
    assert in_unit_line["填"] & hanzi


# ------------------------------------------------------------------ 填报日期


def words_on_page_1(pdf: Path) -> list[tuple[float, float, str]]:
    """(xMin, yMin, text) of page 1's words."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out)
    return [(float(x), float(y), t) for x, y, t in found]


def date_word(pdf: Path) -> tuple[float, float]:
    """(x, y) where 填报日期 starts on page 1."""
    hits = [(x, y) for x, y, t in words_on_page_1(pdf) if flat(t).startswith("填报日期")]
    assert len(hits) == 1, hits
    return hits[0]


def unit_word(pdf: Path, start: str) -> tuple[float, float]:
    hits = [(x, y) for x, y, t in words_on_page_1(pdf) if flat(t).startswith(flat(start))]
    assert len(hits) == 1, hits
    return hits[0]


@needs_poppler
@pytest.mark.parametrize("make, unit_word_start", [(roster, "单位（公章）"), (completion, "填报单位")])
def test_the_date_line_follows_the_unit_as_in_the_docx(qapp, tmp_path, make, unit_word_start):
    """The .docx (and the notice's own 附件2) writes 单位（公章）：财政局　　　　填报日期：… as one line
    from the left margin; the printed form puts 填报日期 there too, not flush at the right margin."""
    form = make()
    docx = Document(str(write_form(form, tmp_path / "form.docx").path))
    line = docx.paragraphs[2]
    assert line.text == form.unit_line() and line.alignment is None  # one paragraph, from the left

    pdf = write_form(form, tmp_path / "form.pdf").path
    left_mm = 28.0
    ux, uy = unit_word(pdf, unit_word_start)
    dx, dy = date_word(pdf)
    assert abs(ux - left_mm * 72 / 25.4) < 0.5 and abs(dy - uy) < 0.5
    # Everything before 填报日期 is full width (汉字, ：, （）, the ideographic spaces): at 14 pt each.
    before = form.unit_line().index("填报日期")
    size = HEADING_PT["unit"][0]
    assert abs(dx - (ux + before * size)) < 1.0, (dx, ux + before * size)
