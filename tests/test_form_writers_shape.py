"""The behaviour behind the form writers' speed (issue 16): how the files are built, not how fast.

附件1 of a few hundred rows: the Word body is written without a python-docx row proxy per row and
its table text takes its fonts from one paragraph style (not an rPr per run), yet reads back as
the same cells in the same fonts; the Excel sheet shares one style per kind of cell.
"""
from __future__ import annotations

from datetime import date

import docx
import pytest
from docx.oxml.ns import qn

from gkdesk.exporters import docx_forms
from gkdesk.exporters.docx_rows import TABLE_STYLE_ID
from gkdesk.store.forms import completion_form

TODAY = date(2020, 12, 1)


@pytest.fixture
def form(store, import_seed):
    nid = import_seed("000")
    store.completions.set_completion(10, "财政局", status="已完成", text="第一行\t附表\n第二行 <b>&amp;")
    f = completion_form(store, nid, today=TODAY)
    f.rows = (f.rows * 6)[:300]  # 300 rows: the seed's 56 again and again
    return f


def test_docx_body_builds_no_row_proxy_per_row(form, tmp_path, monkeypatch):
    from docx import table as docx_table

    made = []
    real = docx_table._Row.__init__

    def counting(self, *a, **k):
        made.append(1)
        real(self, *a, **k)

    monkeypatch.setattr(docx_table._Row, "__init__", counting)
    docx_forms.export_completion_docx(form, tmp_path / "a.docx")
    # The header row only (python-docx's merge of 重点任务 over two columns walks it a few times);
    # the old writer made one per row at least, and a million through rows[i].
    assert 0 < len(made) < 10
    monkeypatch.undo()
    table = docx.Document(str(tmp_path / "a.docx")).tables[0]
    assert len(table._tbl.tr_lst) == 301


def test_docx_table_text_fonts_come_from_one_style(form, tmp_path):
    out = docx_forms.export_completion_docx(form, tmp_path / "a.docx")
    d = docx.Document(str(out))
    style = d.styles["表格文字"]
    assert style.style_id == TABLE_STYLE_ID and style.base_style.name == "Normal"
    rfonts = style.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rfonts.get(qn("w:ascii")) == "Times New Roman"
    assert style.font.size.pt == 12 and style.font.bold is False
    body = d.tables[0]._tbl.tr_lst[1:]
    paras = [p for tr in body for p in tr.iter(qn("w:p"))]
    assert paras and all(p.pPr.pStyle.val == TABLE_STYLE_ID for p in paras)
    assert not [r for tr in body for r in tr.iter(qn("w:rPr"))]  # no per-run fonts
    # Read back: the same cells as the form, merges and all.
    rows = d.tables[0].rows
    for data, row in zip(form.rows[:56], list(rows)[1:57]):
        assert row.cells[2].text == data.value("text")
        assert row.cells[3].text == data.value("lead")


def test_docx_keeps_tabs_lines_and_markup_characters(form, tmp_path):
    out = docx_forms.export_completion_docx(form, tmp_path / "a.docx")
    d = docx.Document(str(out))
    row = next(r for r in list(d.tables[0].rows)[1:] if "第一行" in r.cells[-1].text)
    cell = row.cells[-1]
    assert [p.text for p in cell.paragraphs][:2] == ["财政局：第一行\t附表", "第二行 <b>&amp;"]


def _xlsx_style_registrations(form, path, monkeypatch) -> int:
    """How often openpyxl hashes a Font/Border/Alignment into the workbook while the form is written
    (the writer's own registration of each cell's style array at save is the same for a bare sheet)."""
    from openpyxl.styles import Alignment, Border, Font
    from openpyxl.utils import indexed_list

    from gkdesk.exporters.xlsx_forms import export_completion_xlsx

    calls = []
    real = indexed_list.IndexedList.add

    def counting(self, value):
        if isinstance(value, (Alignment, Border, Font)):
            calls.append(1)
        return real(self, value)

    monkeypatch.setattr(indexed_list.IndexedList, "add", counting)
    export_completion_xlsx(form, path)
    monkeypatch.undo()
    return len(calls)


def test_xlsx_styles_are_registered_once_not_per_cell(form, tmp_path, monkeypatch):
    """Per-cell style objects made openpyxl hash a Font/Border/Alignment for each of 6 cells a row
    and re-derive each merged cell's borders: the registrations grew with the rows. Now a sheet of
    300 rows registers no more styles than one of 56."""
    import copy

    small = copy.copy(form)
    small.rows = form.rows[:56]
    few = _xlsx_style_registrations(small, tmp_path / "small.xlsx", monkeypatch)
    many = _xlsx_style_registrations(form, tmp_path / "big.xlsx", monkeypatch)
    assert many == few


def test_xlsx_merged_sections_keep_their_borders_and_text(form, tmp_path):
    """The quick merge gives the same ranges as ws.merge_cells, and every covered cell is framed."""
    import openpyxl

    from gkdesk.exporters.layout import section_runs
    from gkdesk.exporters.xlsx_forms import export_completion_xlsx

    export_completion_xlsx(form, tmp_path / "a.xlsx")
    ws = openpyxl.load_workbook(str(tmp_path / "a.xlsx")).active
    roles = [r for _, r in form.headers]
    expected = {f"A2:{chr(64 + len(roles))}2", f"A3:{chr(64 + len(roles))}3"}
    for role, runs in section_runs(form).items():
        col = chr(65 + roles.index(role))
        expected |= {f"{col}{5 + s}:{col}{5 + s + n - 1}" for s, n in runs if n > 1}
    got = {str(r) for r in ws.merged_cells.ranges}
    assert expected <= got
    merged_body = [r for r in ws.merged_cells.ranges if r.min_row >= 5]
    assert merged_body, "the seed's sections span several rows"
    for r in merged_body:
        top = ws.cell(row=r.min_row, column=r.min_col)
        assert top.value == form.rows[r.min_row - 5].value(roles[r.min_col - 1])
        assert top.font.name == "仿宋_GB2312" and top.alignment.wrap_text
        for row in range(r.min_row, r.max_row + 1):
            b = ws.cell(row=row, column=r.min_col).border
            assert b.left.style == b.right.style == "thin"
        assert ws.cell(row=r.max_row, column=r.min_col).border.bottom.style == "thin"
    body = ws.cell(row=5 + 3, column=len(roles))
    assert body.border.top.style == "thin" and body.font.size == 12


def test_xlsx_body_cells_get_their_style_array_copied_once(form, tmp_path, monkeypatch):
    """openpyxl's Cell() copies the style array it is given; the writer copied it before as well,
    two arrays per cell of a 1,000-row sheet. Now a cell costs one array (covered merge cells and
    the header one each), plus openpyxl's own for row heights and the three prepared ones."""
    from openpyxl.styles import cell_style, styleable

    from gkdesk.exporters.xlsx_forms import export_completion_xlsx

    made = []
    real_copy = cell_style.StyleArray.__copy__
    real_class = styleable.StyleArray

    def counting_class(*a):
        made.append(1)
        return real_class(*a)

    def counting_copy(self):
        made.append(1)
        return real_copy(self)

    monkeypatch.setattr(styleable, "StyleArray", counting_class)
    monkeypatch.setattr(cell_style.StyleArray, "__copy__", counting_copy)
    export_completion_xlsx(form, tmp_path / "a.xlsx")
    monkeypatch.undo()
    from gkdesk.exporters.layout import section_runs

    cells = (len(form.rows) + 1) * len(form.headers)
    covered = sum(n - 1 for runs in section_runs(form).values() for _s, n in runs)
    assert covered > 100  # the seed's sections span many rows
    # openpyxl's own: one for each row's height (RowDimension) and column width.
    own = len(form.rows) + len(form.headers)
    assert cells + covered + own <= len(made) <= cells + covered + own + 20
