"""附件1 落实情况 and 附件2 人员名单 exports: reopened with python-docx/openpyxl, and opened by LibreOffice."""
from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from gkdesk.cli import main
from gkdesk.exporters.docx_forms import export_completion_docx, export_roster_docx
from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.store.forms import completion_form, roster_form
from gkdesk.exporters.xlsx_forms import (
    EXCEL_CELL_MAX,
    export_completion_xlsx,
    export_roster_xlsx,
)
from gkdesk.importers import import_file
from gkdesk.store import Store
from tests.fixtures.seed_docs import seed_path

TODAY = date(2020, 12, 1)
DONE_TEXT = "已在政府网站发布稳金融政策解读3篇，开展政策宣讲2次。"
TITLE = "万盛经开区2020年政务公开工作要点任务分工"


@pytest.fixture
def store(store, import_seed):
    st = store
    st.nid = import_seed("000")  # type: ignore[attr-defined]
    st.completions.set_completion(10, "财政局", status="已完成", text=DONE_TEXT)
    st.rosters.save_roster(
        st.nid,
        "财政局",
        {
            "政府信息公开工作人员": [
                {"姓名": "张三", "职务": "科员", "联系电话": "13812345678", "备注": ""},
                {"姓名": "李四", "职务": "副科长", "联系电话": "023-85276112", "备注": "兼管网站"},
            ]
        },
        filled_on=date(2020, 8, 13),
    )
    return st


def flat(s: str) -> str:
    return "".join(s.split())


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    return "".join(t.text or "" for t in d.element.body.iter(qn("w:t")))


def tc_rows(table) -> list[list]:
    """The raw w:tc elements of each row (a vMerge continuation is its own w:tc)."""
    return [list(tr.iter(qn("w:tc"))) for tr in table._tbl.iter(qn("w:tr"))]


def vmerge(tc) -> str | None:
    """'restart', 'continue' or None."""
    tcpr = tc.tcPr
    el = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
    if el is None:
        return None
    return el.get(qn("w:val")) or "continue"


def check_page(path: Path, landscape: bool) -> None:
    sec = docx.Document(str(path)).sections[0]
    w, h = (297, 210) if landscape else (210, 297)
    assert sec.orientation == (WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT)
    assert abs(sec.page_width.mm - w) < 0.2 and abs(sec.page_height.mm - h) < 0.2
    for got, want in ((sec.top_margin, 37), (sec.bottom_margin, 35), (sec.left_margin, 28), (sec.right_margin, 26)):
        assert abs(got.mm - want) < 0.2


def east_asia_fonts(path: Path) -> set[str]:
    d = docx.Document(str(path))
    return {rf.get(qn("w:eastAsia")) for rf in d.element.body.iter(qn("w:rFonts"))}


# ---------------------------------------------------------------- the form data


def test_completion_form_for_one_unit(store):
    form = completion_form(store, store.nid, "财政局", today=TODAY)
    assert form.title == TITLE and form.label == "附件1" and form.unit == "财政局"
    assert [h for h, _ in form.headers] == ["重点任务", "重点任务", "贯彻举措", "牵头单位", "责任单位", "完成情况"]
    addressed = {ut.task_id for ut in store.notices.tasks_for_unit(store.nid, "财政局")}
    assert len(form.rows) == len(addressed) < 56
    row10 = next(r for r in form.rows if r.number == "10")
    assert row10.completion == f"{DONE_TEXT}\n状态：已完成"  # text first, then the status
    assert row10.text.startswith("10．加大稳金融政策公开力度")
    assert "填报单位：财政局" in form.unit_line() and "2020年12月1日" in form.unit_line()


def test_completion_form_whole_notice_names_units(store):
    store.completions.set_completion(11, "商务局", status="推进中")
    form = completion_form(store, store.nid, today=TODAY)
    assert form.unit is None and len(form.rows) == 56
    by_number = {r.number: r for r in form.rows}
    assert by_number["10"].completion == f"财政局：{DONE_TEXT}\n状态：已完成"
    assert by_number["11"].completion == "商务局：状态：推进中"


def test_roster_form_blocks_and_default_template(store):
    form = roster_form(store, store.nid, "财政局")
    assert form.columns == ["姓名", "职务", "联系电话", "备注"]
    assert [c for c, _ in form.blocks] == DEFAULT_ROSTER.categories
    blocks = dict(form.blocks)
    assert blocks["政府信息公开工作人员"][1] == ["李四", "副科长", "023-85276112", "兼管网站"]
    assert all(rows for _, rows in form.blocks)
    assert form.filled_on == date(2020, 8, 13)
    # A notice without a 附件2 template gets seed 000's five categories.
    other = store.notices.save_import(import_file(seed_path("001"))).notice_id
    if store.rosters.template(other) is None:
        blank = roster_form(store, other, "财政局")
        assert [c for c, _ in blank.blocks] == DEFAULT_ROSTER.categories
        assert all(rows == [["", "", "", ""]] for _, rows in blank.blocks)


# ---------------------------------------------------------------- Word


def test_completion_docx_structure(store, tmp_path):
    result = store.notices.load_result(store.nid)
    form = completion_form(store, store.nid, today=TODAY)
    out = export_completion_docx(form, tmp_path / "附件1.docx")
    check_page(out, landscape=True)
    d = docx.Document(str(out))
    assert d.paragraphs[0].text == "附件1"
    assert d.paragraphs[1].text == TITLE
    assert d.paragraphs[2].text.startswith("填报单位：")
    assert d.element.body[-2].tag == qn("w:p")  # a paragraph after the last table (then sectPr)
    table = d.tables[0]
    rows = tc_rows(table)
    # Header: 重点任务 spans the section and subsection columns; repeated on every page.
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert rows[0][0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) == "2"
    # Sections: one vMerge restart per section in column 0, continuations below it.
    col0 = [vmerge(r[0]) for r in rows[1:]]
    assert col0.count("restart") == len(result.sections) == 6
    assert col0.count("continue") == 56 - 6
    col1 = [vmerge(r[1]) for r in rows[1:]]
    assert col1.count("restart") == sum(len(s.subsections) for s in result.sections)
    # Fonts: East Asian slot set for body, title and label.
    fonts = east_asia_fonts(out)
    assert {"仿宋_GB2312", "方正小标宋简体", "黑体"} <= fonts
    assert d.paragraphs[1].runs[0].font.size.pt == 22
    # East Asian text is Simplified Chinese (python-docx's template says en-US, theme ja-JP: Word
    # and LibreOffice then pick Japanese glyph forms and line rules).
    lang = d.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    assert d.settings.element.find(qn("w:themeFontLang")).get(qn("w:eastAsia")) == "zh-CN"
    # Every task and the 完成情况 text.
    text = flat(docx_text(out))
    for t in result.tasks():
        assert flat(t.text) in text
    assert flat(DONE_TEXT) in text
    # “— 1 —” page numbers: a PAGE field in the footer.
    footer = d.sections[0].footer._element
    assert any("PAGE" in (i.text or "") for i in footer.iter(qn("w:instrText")))
    assert "—" in "".join(t.text or "" for t in footer.iter(qn("w:t")))


def test_completion_docx_for_unit(store, tmp_path):
    form = completion_form(store, store.nid, "财政局", today=TODAY)
    out = export_completion_docx(form, tmp_path / "财政局.docx")
    text = flat(docx_text(out))
    assert "填报单位：财政局" in text and flat(DONE_TEXT) in text
    for r in form.rows:
        assert flat(r.text) in text
    assert len(docx.Document(str(out)).tables[0].rows) == 1 + len(form.rows)


def test_roster_docx_structure(store, tmp_path):
    form = roster_form(store, store.nid, "财政局")
    out = export_roster_docx(form, tmp_path / "附件2.docx")
    check_page(out, landscape=False)
    d = docx.Document(str(out))
    assert d.paragraphs[0].text == "附件2"
    assert d.paragraphs[1].text == "全区政府信息公开工作人员名单"
    assert "单位（公章）：财政局" in d.paragraphs[2].text and "2020年8月13日" in d.paragraphs[2].text
    table = d.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[0].cells] == ["类\u3000别", "姓名", "职务", "联系电话", "备注"]  # as seed 000 prints it
    rows = tc_rows(table)
    assert len(rows) == 1 + 6  # five categories, one of them with two persons
    col0 = [vmerge(r[0]) for r in rows[1:]]
    assert col0 == ["restart", "restart", "restart", "continue", "restart", "restart"]
    assert rows[4][1].xpath("string(.)") == "李四"
    assert "仿宋_GB2312" in east_asia_fonts(out)
    assert "13812345678" in docx_text(out)


# ---------------------------------------------------------------- Excel


def merged(ws) -> set[str]:
    return {str(r) for r in ws.merged_cells.ranges}


def test_completion_xlsx_structure(store, tmp_path):
    result = store.notices.load_result(store.nid)
    form = completion_form(store, store.nid, today=TODAY)
    out = export_completion_xlsx(form, tmp_path / "附件1.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "附件1" and ws["A1"].font.name == "黑体"
    assert ws["A2"].value == TITLE
    m = merged(ws)
    assert "A2:F2" in m and "A4:B4" in m  # title across; 重点任务 over two columns
    section_ranges = [r for r in ws.merged_cells.ranges if r.min_col == 1 and r.min_row >= 5]
    assert len(section_ranges) == 6
    assert sum(r.max_row - r.min_row + 1 for r in section_ranges) == 56
    sub_ranges = [r for r in ws.merged_cells.ranges if r.min_col == 2 and r.min_row >= 5]
    assert sub_ranges  # subsections with more than one task
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows in ("$4:$4", "4:4")
    assert "A1:F60" in str(ws.print_area).replace("$", "")
    assert abs(ws.page_margins.top * 25.4 - 37) < 0.1
    cell = ws["C5"]
    assert cell.alignment.wrap_text and cell.border.left.style == "thin"
    values = flat("".join(str(c.value) for row in ws.iter_rows() for c in row if c.value))
    for t in result.tasks():
        assert flat(t.text) in values
    assert flat(DONE_TEXT) in values


def test_roster_xlsx_structure(store, tmp_path):
    form = roster_form(store, store.nid, "财政局")
    out = export_roster_xlsx(form, tmp_path / "附件2.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[4]] == ["类\u3000别", "姓名", "职务", "联系电话", "备注"]  # as seed 000 prints it
    assert "A7:A8" in merged(ws)  # 类别 over 张三 and 李四
    assert ws["A7"].value == "政府信息公开工作人员" and ws["B8"].value == "李四"
    assert ws.page_setup.orientation == "portrait"
    assert ws.print_title_rows in ("$4:$4", "4:4")


# ---------------------------------------------------------------- bad values


def test_bad_values_export(store, tmp_path):
    huge = ("政务公开落实情况说明。" * 200_000)[:2_000_000]
    odd = "完成😀，生僻字𠀀与控制符\x01\x0b已处理"
    store.completions.set_completion(10, "财政局", text=huge)
    store.completions.set_completion(19, "财政局", text=odd)
    form = completion_form(store, store.nid, "财政局", today=TODAY)
    d_out = export_completion_docx(form, tmp_path / "big.docx")
    x_out = export_completion_xlsx(form, tmp_path / "big.xlsx")
    text = docx_text(d_out)
    assert "完成😀，生僻字𠀀与控制符已处理" in text
    assert len(text) > 2_000_000
    ws = openpyxl.load_workbook(x_out).active
    cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert max(len(v) for v in cells) <= EXCEL_CELL_MAX
    assert any("全文请导出 Word" in v for v in cells)
    assert "完成😀，生僻字𠀀与控制符已处理" in cells


def test_empty_roster_exports_blank_form(store, tmp_path):
    form = roster_form(store, store.nid, "教育局")
    assert form.filled_on is None and all(rows == [["", "", "", ""]] for _, rows in form.blocks)
    d_out = export_roster_docx(form, tmp_path / "blank.docx")
    x_out = export_roster_xlsx(form, tmp_path / "blank.xlsx")
    assert len(docx.Document(str(d_out)).tables[0].rows) == 1 + 5
    assert "填报日期：" in docx.Document(str(d_out)).paragraphs[2].text
    ws = openpyxl.load_workbook(x_out).active
    assert ws["A5"].value == "政府信息公开工作负责人"


# ---------------------------------------------------------------- CLI


def test_cli_export_completion_docx(store, tmp_path, capsys):
    out = tmp_path / "cli.docx"
    code = main(["export", "completion", "--notice", "万盛经开办〔2020〕9号", "--unit", "财政局",
                 "--format", "docx", "-o", str(out)])
    said, _ = capsys.readouterr()
    assert code == 0 and "已导出" in said
    assert flat(DONE_TEXT) in flat(docx_text(out))
    code = main(["export", "roster", "--notice", str(store.nid), "--unit", "财政局", "--format", "xlsx",
                 "-o", str(tmp_path / "r.xlsx")])
    assert code == 0 and (tmp_path / "r.xlsx").is_file()


def test_cli_export_unknown_notice(data_home, tmp_path, capsys):
    code = main(["export", "completion", "--notice", "无此文号〔2099〕1号", "--format", "docx",
                 "-o", str(tmp_path / "x.docx")])
    _, err = capsys.readouterr()
    assert code == 2 and "找不到通知" in err
    assert not (tmp_path / "x.docx").exists()


# ---------------------------------------------------------------- LibreOffice


def soffice_pdf(src: Path, tmp_path: Path) -> Path:
    profile = tmp_path / "lo-profile"
    outdir = tmp_path / "pdf"
    env = dict(os.environ, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(outdir), str(src)],
        check=True, env=env, capture_output=True, timeout=180,
    )
    pdf = outdir / (src.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice did not convert {src.name}"
    return pdf


needs_lo = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="LibreOffice/poppler not installed"
)


@needs_lo
@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", ["completion-unit", "completion-all", "roster"])
@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_libreoffice_opens_exports(store, tmp_path, kind, fmt):
    if kind == "roster":
        form = roster_form(store, store.nid, "财政局")
        title, probe = "全区政府信息公开工作人员名单", "张三"
        writer = export_roster_docx if fmt == "docx" else export_roster_xlsx
    else:
        form = completion_form(store, store.nid, "财政局" if kind == "completion-unit" else None, today=TODAY)
        title, probe = TITLE, "加大稳金融政策公开力度"
        writer = export_completion_docx if fmt == "docx" else export_completion_xlsx
    src = writer(form, tmp_path / f"{kind}.{fmt}")
    pdf = soffice_pdf(src, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 1
    if kind != "roster":
        assert pages >= 2  # 50+ tasks never fit one landscape page
    # -raw: in drawing order, so a wrapped cell's lines stay together whatever the column widths.
    text = flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert flat(title) in text
    assert probe in text
    if kind != "roster":
        assert flat(DONE_TEXT)[:12] in text


@pytest.mark.parametrize("sid", ["001", "002", "003", "004"])
def test_other_seeds_export_every_task(data_home, tmp_path, sid):
    """The other notices' own column sets (完成时限, 序号, no table at all) export whole."""
    st = Store.open(data_home)
    try:
        nid = st.notices.save_import(import_file(seed_path(sid))).notice_id
        result = st.notices.load_result(nid)
        form = completion_form(st, nid, today=TODAY)
    finally:
        st.close()
    assert form.headers[-1] == ("完成情况", "completion") or ("完成情况", "completion") in form.headers
    d_text = flat(docx_text(export_completion_docx(form, tmp_path / "f.docx")))
    ws = openpyxl.load_workbook(export_completion_xlsx(form, tmp_path / "f.xlsx")).active
    x_text = flat("".join(str(c.value) for row in ws.iter_rows() for c in row if c.value))
    for t in result.tasks():
        assert flat(t.text) in d_text and flat(t.text) in x_text


def test_docx_writer_builds_each_row_once(store, tmp_path, monkeypatch):
    """A 附件1 of the whole notice builds one python-docx row object per table row: looking rows
    up as table.rows[i] rebuilt them all on every lookup (a million objects for 1,000 rows)."""
    import docx.table

    built = []
    real_init = docx.table._Row.__init__

    def counting_init(self, *args, **kwargs):
        built.append(1)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(docx.table._Row, "__init__", counting_init)
    form = completion_form(store, store.nid, today=TODAY)
    assert len(form.rows) > 20
    export_completion_docx(form, tmp_path / "附件1.docx")
    assert len(built) <= 1 + len(form.rows)
    built.clear()
    roster = roster_form(store, store.nid, "财政局")
    export_roster_docx(roster, tmp_path / "附件2.docx")
    assert len(built) <= 1 + sum(len(p) for _, p in roster.blocks)
