"""The printed 附件1 an office accepts: clean page breaks, one merge rule, valid Word XML, a full
完成情况 cell and column widths that follow content — for Word, Excel and print alike.

Seeds: 000 for 财政局 (万盛经开区), 001 for 几江街道, a 镇/街道 of 江津区 reached through 各镇（街道）.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
from docx import Document

from gkdesk.domain.forms import CompletionForm, CompletionRow
from gkdesk.exporters.docx_forms import export_completion_docx, export_roster_docx
from gkdesk.exporters.layout import TYPE_AREA_MM, column_widths_mm
from gkdesk.exporters.output import write_form
from gkdesk.exporters.xlsx_forms import export_completion_xlsx
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store.forms import completion_form, roster_form
from tests.fixtures.pdf_text import flat
from tests.fixtures.seed_docs import seed_dir

SEEDS = seed_dir()
TODAY = date(2022, 9, 1)
TOWN = "几江街道"

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdftoppm")), reason="poppler-utils not installed"
)


@pytest.fixture
def seeded(data_home):
    """Seeds 000 and 001 imported; 财政局 and 几江街道 have filled in a task each."""
    st = Store.open(data_home)
    st.n000 = st.notices.save_import(import_file(next(SEEDS.glob("000_*.txt"))), who="测试").notice_id  # type: ignore[attr-defined]
    st.n001 = st.notices.save_import(import_file(next(SEEDS.glob("001_*.txt"))), who="测试").notice_id  # type: ignore[attr-defined]
    yield st
    st.close()


# ---------------------------------------------------------------- page breaks (pdftotext -bbox)


def bbox_pages(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Per page, the words as (yMin, yMax, text)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages: list[list[tuple[float, float, str]]] = []
    for chunk in out.split("<page ")[1:]:
        words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', chunk)
        pages.append([(float(a), float(b), t) for a, b, t in words])
    return pages


def header_problems(pdf: Path, labels: list[str]) -> list[str]:
    """Text above or over the repeated header row, page by page (page 1: below the heading)."""
    flat_labels = [flat(x) for x in labels]
    first_label = flat_labels[0]
    problems = []
    for n, words in enumerate(bbox_pages(pdf), start=1):
        starts = [y0 for y0, _y1, t in words if flat(t) == first_label]
        assert starts, f"page {n}: no header row ({labels[0]}) found"
        top = min(starts)
        head = [(y0, y1, t) for y0, y1, t in words
                if top - 25 <= y0 <= top + 40 and any(flat(t) and flat(t) in lab for lab in flat_labels)]
        # A header word on two lines (牵头/单位) starts above a one-line word such as 重点任务.
        top = min(y0 for y0, _y1, _t in head)
        bottom = max(y1 for _y0, y1, _t in head)
        for y0, y1, t in words:
            if (y0, y1, t) in head or re.fullmatch(r"—\d+—", flat(t)):
                continue
            if n > 1 and y0 < bottom - 0.5:
                problems.append(f"page {n}: “{t}” at y {y0:.0f}–{y1:.0f}, header {top:.0f}–{bottom:.0f}")
            if n == 1 and y1 > top + 0.5 and y0 < bottom - 0.5:
                problems.append(f"page 1: “{t}” over the header")
    return problems


@needs_poppler
@pytest.mark.parametrize("seed, unit", [("000", "财政局"), ("001", TOWN), ("001", None)])
def test_no_text_above_or_over_the_repeated_header(seeded, tmp_path, seed, unit):
    nid = seeded.n000 if seed == "000" else seeded.n001
    form = completion_form(seeded, nid, unit, today=TODAY)
    pdf = tmp_path / f"{seed}.pdf"
    pages = write_form(form, pdf).pages
    assert pages and pages >= 3
    assert header_problems(pdf, [w for w, _ in form.headers]) == []
    # Every task is printed, each page's slice of a broken row only once.
    text = flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    for row in form.rows:
        assert flat(row.text)[:10] in text


@needs_poppler
def test_a_filled_completion_taller_than_a_page_breaks_below_the_header(seeded, tmp_path):
    """财政局's 完成情况 for task 10 runs over more than a page: its lines go on over the next pages,
    each page's lines below the repeated header, none lost and none printed twice."""
    task = next(t for t in seeded.notices.load_result(seeded.n000).tasks() if t.number == "10")
    lines = [f"{k}．已发布稳金融政策解读{k}篇，开展政策宣讲。" for k in range(1, 71)]
    seeded.completions.set_completion(task.id, "财政局", status="已完成", text="\n".join(lines),
                                      completed_on=date(2020, 10, 30), links=["http://www.cqws.gov.cn/zwgk/zcjd/"])
    form = completion_form(seeded, seeded.n000, "财政局", today=TODAY)
    pdf = tmp_path / "tall.pdf"
    write_form(form, pdf)
    assert header_problems(pdf, [w for w, _ in form.headers]) == []
    per_page = ["".join(flat(t) for _y0, _y1, t in words) for words in bbox_pages(pdf)]
    on = [n for n, text in enumerate(per_page, start=1) if "政策宣讲" in text]
    assert len(on) >= 2 and on == list(range(on[0], on[-1] + 1))  # one cell over consecutive pages
    raw = flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    # A line may wrap over a page break (as in Word); each numbered line starts once, in order.
    assert [int(k) for k in re.findall(r"(\d+)[.．]已发布稳金融政策解读", raw)] == list(range(1, 71))
    assert flat("状态：已完成；完成日期：2020年10月30日") in raw


def test_a_broken_row_leaves_no_single_line_on_either_page(seeded, tmp_path, monkeypatch):
    """财政局 filled two tasks in full (as scripts/shot_printed_form.py does for the page images): the
    second 完成情况 ran one line, "图.pdf", over to page 2. A row that breaks carries at least two
    lines to each page; else it moves whole."""
    import gkdesk.printing.table_pages as table_pages
    from gkdesk.printing.table_pages import QFontHeight

    tasks = [ut.task_id for ut in seeded.notices.tasks_for_unit(seeded.n000, "财政局")]
    filled = [("已在政府网站发布稳金融政策解读3篇，开展政策宣讲2次。", date(2020, 9, 28),
               "http://www.ws.gov.cn/zwgk/zcjd/", "政策解读截图.png"),
              ("预决算公开专栏已按要求更新，部门预算、“三公”经费预算于批复后20日内公开。", date(2020, 10, 20),
               "门户网站→政府信息公开→财政预决算", "预算公开专栏截图.pdf")]
    for task_id, (text, done, link, name) in zip(tasks, filled):
        c = seeded.completions.set_completion(task_id, "财政局", status="已完成", text=text, completed_on=done, links=[link])
        (tmp_path / name).write_bytes(b"x")
        seeded.completions.add_evidence(c, tmp_path / name)
    laid: list = []
    real = table_pages.paginate
    monkeypatch.setattr(table_pages, "paginate", lambda layout, *a: laid.append((layout, real(layout, *a))) or laid[-1][1])
    pdf = tmp_path / "f.pdf"
    write_form(completion_form(seeded, seeded.n000, "财政局", today=TODAY), pdf)
    [(layout, pages)] = laid
    line = QFontHeight(layout.font, layout.device)
    pieces = [(n, s.row, s.bottom - s.top) for n, page in enumerate(pages, start=1) for s in page.slices
              if s.top > 0 or s.bottom < layout.heights[s.row] - 0.01]
    assert [p for p in pieces if p[2] < 2 * line] == []
    assert header_problems(pdf, ["重点任务", "贯彻举措", "牵头单位", "责任单位", "完成情况"]) == []


def _gray_page(pdf: Path, page: int, dpi: int, tmp_path: Path) -> tuple[int, int, bytes]:
    """(width, height, pixels) of one page as 8-bit gray (pdftoppm's PGM)."""
    base = tmp_path / f"p{page}"
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf), str(base)], check=True)
    data = next(tmp_path.glob(f"p{page}*.pgm")).read_bytes()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    return w, h, parts[4][-w * h:]


@needs_poppler
@pytest.mark.parametrize("seed, unit", [("000", "财政局"), ("001", TOWN)])
def test_each_page_closes_the_table_with_a_bottom_border(seeded, tmp_path, seed, unit):
    """Below the lowest full-width line of each page's table there is no table text left."""
    nid = seeded.n000 if seed == "000" else seeded.n001
    pdf = tmp_path / "form.pdf"
    pages = write_form(completion_form(seeded, nid, unit, today=TODAY), pdf).pages
    dpi = 50
    px = dpi / 25.4
    for page in (1, 2, pages):
        w, _h, pix = _gray_page(pdf, page, dpi, tmp_path)
        left, right = int(28 * px) + 2, int((297 - 26) * px) - 2
        body_bottom = int((210 - 35) * px)

        def dark(x: int, y: int, pix: bytes = pix, w: int = w) -> bool:
            return pix[y * w + x] < 128

        full = [y for y in range(body_bottom) if sum(dark(x, y) for x in range(left, right)) > 0.9 * (right - left)]
        assert full, f"page {page}: no table line"
        last = max(full)
        ink_below = sum(dark(x, y) for y in range(last + 2, body_bottom) for x in range(left, right))
        assert ink_below == 0, f"page {page}: table text below its last border"
        for f in (tmp_path.glob("p*.pgm")):
            f.unlink()


# ---------------------------------------------------------------- one merge rule, three writers


def hand_form() -> CompletionForm:
    """Sections with blank cells between them, a subsection repeated in another section."""
    spec = [
        ("一、围绕重点领域", "（一）政策公开"), ("一、围绕重点领域", "（一）政策公开"), ("一、围绕重点领域", "（二）解读回应"),
        ("", ""), ("", ""),
        ("二、围绕优化营商环境", "（二）解读回应"), ("二、围绕优化营商环境", "（二）解读回应"), ("二、围绕优化营商环境", ""),
    ]
    rows = [
        CompletionRow(sec, sub, str(i + 1), f"第{i + 1}项任务", "区财政局", "区政府各部门", "2022年底前", "")
        for i, (sec, sub) in enumerate(spec)
    ]
    headers = [("重点任务", "section"), ("重点任务", "subsection"), ("序号", "number"), ("贯彻举措", "text"),
               ("牵头单位", "lead"), ("责任单位", "responsible"), ("完成时限", "deadline"), ("完成情况", "completion")]
    return CompletionForm("任务分工", "附件1", "财政局", TODAY, headers, rows)


# Blank cells are not merged (as Word and Excel have always written them: a clerk writing a section
# into a blank row expects that row's cell alone); a subsection merges only within its section.
EXPECTED_MERGES = {(0, 0, 2), (0, 5, 7), (1, 0, 1), (1, 5, 6)}


def docx_vertical_merges(path: Path) -> set[tuple[int, int, int]]:
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    tbl = Document(str(path)).tables[0]._tbl
    runs: dict[int, list[int]] = {}
    out = set()
    for r, tr in enumerate(tbl.findall("w:tr", ns)[1:]):
        for c, tc in enumerate(tr.findall("w:tc", ns)):
            vm = tc.find("w:tcPr/w:vMerge", ns)
            val = None if vm is None else vm.get(f"{{{ns['w']}}}val", "continue")
            if val == "continue" and c in runs:
                runs[c][1] = r
            else:
                if c in runs and runs[c][1] > runs[c][0]:
                    out.add((c, runs[c][0], runs[c][1]))
                runs.pop(c, None)
                if val == "restart":
                    runs[c] = [r, r]
    out |= {(c, a, b) for c, (a, b) in runs.items() if b > a}
    return out


def test_the_three_writers_merge_the_same_cells(tmp_path):
    from gkdesk.printing.grid import completion_grid

    form = hand_form()
    docx_path = export_completion_docx(form, tmp_path / "f.docx")
    assert docx_vertical_merges(docx_path) == EXPECTED_MERGES

    ws = openpyxl.load_workbook(export_completion_xlsx(form, tmp_path / "f.xlsx")).active
    first_body = 5  # label, title, unit line, header
    xlsx = {(m.min_col - 1, m.min_row - first_body, m.max_row - first_body)
            for m in ws.merged_cells.ranges if m.min_row >= first_body and m.min_col == m.max_col}
    assert xlsx == EXPECTED_MERGES

    grid = completion_grid(form)
    printed = {(c, s, s + n - 1) for c, runs in grid.merges.items() for s, n in runs if n > 1}
    assert printed == EXPECTED_MERGES
    # The header word over two columns is one cell in all three.
    assert grid.header[0] == ("重点任务", 2)
    assert any(m.min_row == 4 and (m.min_col, m.max_col) == (1, 2) for m in ws.merged_cells.ranges)
    hdr = Document(str(docx_path)).tables[0]._tbl.tr_lst[0]
    assert hdr.tc_lst[0].tcPr.gridSpan.val == 2


# ---------------------------------------------------------------- valid WordprocessingML

# The child sequences of ECMA-376 Part 1 (transitional) that Word checks: order and at most once.
CT_TBLPR = ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
            "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
            "tblCaption", "tblDescription", "tblPrChange"]
CT_TCPR = ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
           "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
           "tcPrChange"]
CT_RPR = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
          "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
          "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
          "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"]
CT_PPR = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
          "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
          "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
          "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
          "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"]
SEQUENCES = {"tblPr": CT_TBLPR, "tcPr": CT_TCPR, "rPr": CT_RPR, "pPr": CT_PPR}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def order_errors(xml: bytes, part: str) -> list[str]:
    """Elements out of their schema sequence, or repeated, in every tblPr/tcPr/rPr/pPr of a part."""
    errors = []
    for parent in ET.fromstring(xml).iter():
        name = parent.tag.replace(W, "")
        seq = SEQUENCES.get(name)
        if seq is None or not parent.tag.startswith(W):
            continue
        last = -1
        for child in parent:
            local = child.tag.replace(W, "")
            if local not in seq:
                errors.append(f"{part}: {local} is not allowed in {name}")
                continue
            pos = seq.index(local)
            if pos <= last:
                errors.append(f"{part}: {name} has {local} after {seq[last]} (or twice)")
            last = max(last, pos)
    return errors


def docx_order_errors(path: Path) -> list[str]:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return [e for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
                for e in order_errors(z.read(n), n)]


def test_order_checker_catches_a_repeated_tbllayout():
    bad = (b'<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tblPr>'
           b'<w:tblW w:w="0"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0"/><w:tblLayout w:type="fixed"/>'
           b'</w:tblPr></w:tbl>')
    assert order_errors(bad, "x") == ["x: tblPr has tblLayout after tblLook (or twice)"]


def test_exported_word_files_keep_the_schema_order(seeded, tmp_path):
    for unit in ("财政局", None):
        path = export_completion_docx(completion_form(seeded, seeded.n000, unit, today=TODAY), tmp_path / "c.docx")
        assert docx_order_errors(path) == []
        tblpr = Document(str(path)).tables[0]._tbl.tblPr
        assert len(tblpr.findall(f"{W}tblLayout")) == 1
    path = export_completion_docx(completion_form(seeded, seeded.n001, TOWN, today=TODAY), tmp_path / "t.docx")
    assert docx_order_errors(path) == []
    path = export_roster_docx(roster_form(seeded, seeded.n000, "财政局"), tmp_path / "r.docx")
    assert docx_order_errors(path) == []


# ---------------------------------------------------------------- the 完成情况 cell


def test_completion_cell_has_status_date_paths_and_evidence(seeded, tmp_path):
    proof = tmp_path / "政策解读截图.png"
    proof.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    task = next(t for t in seeded.notices.load_result(seeded.n000).tasks() if t.number == "10")
    c = seeded.completions.set_completion(
        task.id, "财政局", status="已完成", text="已发布稳金融政策解读3篇。", completed_on=date(2020, 10, 30),
        links=["http://www.cqws.gov.cn/zwgk/zcjd/1.html"],
    )
    seeded.completions.add_evidence(c, proof)
    form = completion_form(seeded, seeded.n000, "财政局", today=TODAY)
    cell = next(r.completion for r in form.rows if r.number == "10")
    assert cell == (
        "已发布稳金融政策解读3篇。\n状态：已完成；完成日期：2020年10月30日\n"
        "公开路径：http://www.cqws.gov.cn/zwgk/zcjd/1.html\n佐证材料：政策解读截图.png"
    )
    wanted = ["已发布稳金融政策解读3篇。", "状态：已完成；完成日期：2020年10月30日", "公开路径：", "佐证材料：政策解读截图.png"]
    d = Document(str(write_form(form, tmp_path / "f.docx").path))
    docx_cell = next(row.cells[-1].text for row in d.tables[0].rows if row.cells[2].text.startswith("10．"))
    assert all(w in docx_cell for w in wanted)
    ws = openpyxl.load_workbook(write_form(form, tmp_path / "f.xlsx").path).active
    xlsx_cell = next(ws.cell(r, ws.max_column).value for r in range(5, ws.max_row + 1)
                     if str(ws.cell(r, 3).value or "").startswith("10．"))
    assert all(w in xlsx_cell for w in wanted)
    if shutil.which("pdftotext"):
        pdf = write_form(form, tmp_path / "f.pdf").path
        text = flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
        assert all(flat(w) in text for w in wanted)


def test_whole_notice_cell_names_each_unit_first(seeded):
    task = next(t for t in seeded.notices.load_result(seeded.n000).tasks() if t.number == "11")
    seeded.completions.set_completion(task.id, "商务局", status="推进中", links=["http://a.gov.cn/1"])
    seeded.completions.set_completion(task.id, "财政局", text="已完成政策梳理。")
    cell = next(r.completion for r in completion_form(seeded, seeded.n000, None).rows if r.number == "11")
    assert cell.split("\n") == ["商务局：状态：推进中", "公开路径：http://a.gov.cn/1", "财政局：已完成政策梳理。"]


# ---------------------------------------------------------------- column widths


def test_widths_follow_content(seeded):
    form = completion_form(seeded, seeded.n001, TOWN, today=TODAY)
    roles = [r for _, r in form.headers]
    mm = dict(zip(roles, column_widths_mm(form)))
    assert abs(sum(mm.values()) - TYPE_AREA_MM) < 0.01
    assert mm["text"] == max(mm.values()) and mm["text"] >= 85  # 贯彻举措: the long text, widest
    assert mm["completion"] >= 50 and mm["completion"] > mm["lead"]  # room to write
    assert mm["deadline"] <= 25 and mm["section"] <= 20  # short columns stay narrow
    # A column of short unit names is narrower than one of long unit lists.
    short = CompletionForm("t", "附件1", None, TODAY, [("贯彻举措", "text"), ("牵头单位", "lead"), ("完成情况", "completion")],
                           [CompletionRow("", "", "", "任务" * 80, "区财政局", "", "", "") for _ in range(5)])
    long = CompletionForm("t", "附件1", None, TODAY, short.headers,
                          [CompletionRow("", "", "", "任务" * 80, "区政府办公室、区政务服务办、区大数据发展局、区财政局", "", "", "") for _ in range(5)])
    assert column_widths_mm(short)[1] < column_widths_mm(long)[1]


def header_lines(pdf: Path, first: str) -> list[str]:
    """The lines of page 1's header cell whose first line starts with first, top to bottom."""
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                       subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                                      capture_output=True, text=True, check=True).stdout)
    words = [(float(x0), float(y0), float(x1), flat(t)) for x0, y0, x1, t in words]
    x0, y0, x1, t = next(w for w in words if w[3].startswith(first))
    lines = [t]
    while True:  # the next word below in the same cell: overlapping x, within a line's height
        below = [w for w in words if y0 + 5 < w[1] < y0 + 25 and w[0] < x1 and w[2] > x0]
        if not below:
            return lines
        x0, y0, x1, t = min(below, key=lambda w: w[1])
        lines.append(t)


@needs_poppler
def test_a_four_character_header_breaks_at_its_middle(seeded, tmp_path):
    """财政局's 牵头单位 column holds three 汉字 a line: the header reads 牵头/单位 as a form as issued
    does (Word and Qt wrapped it 牵头单/位), in print and in the .docx; the .xlsx keeps the word
    whole, and both files sent back are still read by their header words."""
    form = completion_form(seeded, seeded.n000, "财政局", today=TODAY)
    lead = [r for _, r in form.headers].index("lead")
    assert 3 * 12 * 25.4 / 72 + 3.81 < column_widths_mm(form)[lead] < 4 * 12 * 25.4 / 72 + 3.81
    pdf = write_form(form, tmp_path / "f.pdf").path
    assert header_lines(pdf, "牵头") == ["牵头", "单位"]
    assert header_lines(pdf, "责任") == ["责任单位"]  # its column holds the word on one line
    docx = write_form(form, tmp_path / "f.docx").path
    head = [c.text for c in Document(str(docx)).tables[0].rows[0].cells]
    assert head[lead] == "牵头\n单位" and "责任单位" in head
    from gkdesk.importers.roles import header_kind

    assert header_kind(head[lead]) == "lead"  # a returned .docx is still read by its header words
    xlsx = write_form(form, tmp_path / "f.xlsx").path
    sheet = openpyxl.load_workbook(xlsx).active
    header_row = next(row for row in sheet.iter_rows(values_only=True) if "贯彻举措" in row)
    assert "牵头单位" in header_row and "责任单位" in header_row


@needs_poppler
def test_seed_001_town_form_takes_fewer_pages(seeded, tmp_path):
    """The width rule keeps the forms short: measured at 12 pt (the .docx's size), see docs/printing.md.
    (10 pages since the heading takes the .docx's exact 148 pt, as LibreOffice lays out the .docx.)"""
    town = completion_form(seeded, seeded.n001, TOWN, today=TODAY)
    assert len(town.rows) == 20
    assert write_form(town, tmp_path / "t.pdf").pages <= 10
    whole = completion_form(seeded, seeded.n001, None, today=TODAY)
    assert write_form(whole, tmp_path / "w.pdf").pages <= 15


needs_lo = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None, reason="LibreOffice/poppler not installed"
)


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def libreoffice_pages(docx: Path, tmp_path: Path) -> int:
    """Pages of the .docx as LibreOffice lays it out on a Chinese desk (zh_CN, own profile)."""
    import os

    out = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=600, env={**os.environ, "LANG": "zh_CN.UTF-8"})
    return pdf_pages(out / f"{docx.stem}.pdf")


TOWN_FILLED = [  # 几江街道's two 完成情况, as scripts/shot_printed_form.py fills them for the page images
    ("已在街道公开栏和门户网站公开惠民惠农补贴发放情况，每季度更新。", date(2022, 8, 30),
     "http://www.jiangjin.gov.cn/jjjd/", "补贴公开栏照片.jpg"),
    ("已梳理基层政务公开标准目录26项，于8月底前在门户网站公开。", date(2022, 8, 31),
     "门户网站→街道→政务公开标准目录", "标准目录.xlsx"),
]


def fill_town(store, tmp_path: Path) -> None:
    mine = [ut.task_id for ut in store.notices.tasks_for_unit(store.n001, TOWN)]
    for task_id, (text, done, link, name) in zip(mine, TOWN_FILLED):
        c = store.completions.set_completion(task_id, TOWN, status="已完成", text=text, completed_on=done, links=[link])
        (tmp_path / name).write_bytes(f"{TOWN} {name}\n".encode())
        store.completions.add_evidence(c, tmp_path / name)


@needs_lo
@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.parametrize("seed, unit, rows, filled", [
    ("000", None, 56, False), ("001", None, 38, False), ("000", "财政局", 51, False), ("000", None, 1000, False),
    ("001", TOWN, 20, False), ("001", TOWN, 20, True)])
def test_the_printed_form_takes_as_many_pages_as_its_docx(seeded, tmp_path, seed, unit, rows, filled):
    """A clerk prints 附件1 and also sends the .docx: both come out on the same number of pages
    (same 小四 text, Word's cell padding, the same rows kept whole, the heading at the same exact
    pitches). 1,000 rows is bench/run.py's form; 几江街道's empty form was a page short in print
    while the heading's pitch was left to the fonts."""
    if filled:
        fill_town(seeded, tmp_path)
    form = completion_form(seeded, seeded.n000 if seed == "000" else seeded.n001, unit, today=TODAY)
    assert len(form.rows) == rows or rows == 1000
    form.rows = (form.rows * (rows // len(form.rows) + 1))[:rows]
    pdf = write_form(form, tmp_path / "form.pdf")
    docx = write_form(form, tmp_path / "form.docx")
    assert pdf_pages(pdf.path) == pdf.pages
    assert pdf.pages == libreoffice_pages(docx.path, tmp_path)
    text = flat(subprocess.run(["pdftotext", "-raw", str(pdf.path), "-"], capture_output=True, text=True, check=True).stdout)
    assert flat(form.rows[-1].text)[:12] in text
    if filled:
        assert flat(TOWN_FILLED[1][0])[:12] in text
    # Both put the table at the same height under the heading (to the point), and 填报日期 as far
    # along the unit line (after the unit, as the notice writes it; was flush right in print).
    assert abs(table_top(pdf.path) - table_top(tmp_path / "lo" / "form.pdf")) < 1.5
    assert abs(date_x(pdf.path) - date_x(tmp_path / "lo" / "form.pdf")) < 1.5


def date_x(pdf: Path) -> float:
    """x (pt) where 填报日期 starts on page 1 (its y box follows the font standing in for 仿宋)."""
    [x] = [x for x, _y, t in word_spots(pdf, 1) if flat(t).startswith("填报日期")]
    return x


def word_spots(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return [(float(x), float(y), t) for x, y, t in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>', out)]


def table_top(pdf: Path) -> float:
    """The y (pt) of page 1's first full-width rule: the table's top border, under the heading."""
    width, height, pix = _gray_page(pdf, 1, 144, pdf.parent)
    for y in range(height):
        row = pix[y * width:(y + 1) * width]
        if sum(1 for b in row[::2] if b < 128) > width // 4:
            return y * 72 / 144
    raise AssertionError("no table on page 1")


def test_print_preview_lays_out_the_same_pages_as_the_pdf(seeded, tmp_path, qtbot):
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from gkdesk.printing.pdf import print_with_preview

    form = completion_form(seeded, seeded.n001, TOWN, today=TODAY)
    pages = write_form(form, tmp_path / "t.pdf").pages
    dialog = print_with_preview(form)
    qtbot.waitUntil(dialog.isVisible)
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == pages)
    dialog.reject()
