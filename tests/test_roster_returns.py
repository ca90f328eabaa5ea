"""Reading the 附件2 rosters units send back: gkdesk-made and typed in Word into the notice's form."""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.domain.model import NoticeImportError
from gkdesk.exporters.docx_forms import export_roster_docx
from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.domain.forms import RosterForm
from gkdesk.exporters.xlsx_forms import export_roster_xlsx
from gkdesk.importers.roster_returns import (
    MSG_NO_ROSTER,
    WARN_NO_UNIT,
    read_roster_return,
)

CATS = DEFAULT_ROSTER.categories
COLS = DEFAULT_ROSTER.columns
ENTRIES = {
    CATS[0]: [{"姓名": "张三", "职务": "副局长", "联系电话": "13812345678", "备注": ""}],
    CATS[2]: [
        {"姓名": "李四", "职务": "科员", "联系电话": "023-85276112", "备注": "兼"},
        {"姓名": "王五", "职务": "办事员", "联系电话": "85276113", "备注": ""},
    ],
}


def make_form(unit: str | None, entries=ENTRIES) -> RosterForm:
    blocks = []
    for cat in CATS:
        rows = [[p[c] for c in COLS] for p in entries.get(cat, [])] or [["" for _ in COLS]]
        blocks.append((cat, rows))
    return RosterForm("附件2", DEFAULT_ROSTER.title, unit, date(2020, 8, 13), list(COLS), blocks)


@pytest.mark.parametrize("export,ext", [(export_roster_docx, "docx"), (export_roster_xlsx, "xlsx")])
def test_gkdesk_made_return_round_trips(tmp_path, export, ext):
    path = export(make_form("区财政局"), tmp_path / f"r.{ext}")
    ret = read_roster_return(path, CATS)
    assert ret.unit == "区财政局"
    assert ret.filled_on == date(2020, 8, 13)
    assert ret.columns == COLS
    assert ret.categories == CATS
    assert ret.entries == ENTRIES
    assert ret.warnings == []


def word_typed(path, unit_line="单位（公章）：区财政局\u3000\u3000填报日期：2020年8月13日"):
    import docx

    doc = docx.Document()
    doc.add_paragraph("附件2")
    doc.add_paragraph("政府信息公开工作人员名单")
    doc.add_paragraph(unit_line)
    t = doc.add_table(rows=5, cols=5)
    for c, w in enumerate(["类别", "姓名", "职务", "联系电话", "备注"]):
        t.cell(0, c).text = w
    # 政府信息公开工作负责人, typed with a paragraph break, over one person
    t.cell(1, 0).text = "政府信息公开\n工作负责人"
    for c, v in enumerate(["张三", "副局长", "13812345678", ""], start=1):
        t.cell(1, c).text = v
    # 政府信息公开工作人员 merged vertically over two persons
    merged = t.cell(2, 0).merge(t.cell(3, 0))
    merged.text = "政府信息公开工作人员"
    for c, v in enumerate(["李四", "科员", "023-85276112", "兼"], start=1):
        t.cell(2, c).text = v
    for c, v in enumerate(["王五", "办事员", "85276113", ""], start=1):
        t.cell(3, c).text = v
    t.cell(4, 0).text = "政务新媒体管理工作人员"  # left blank: no person
    doc.save(str(path))
    return path


def test_word_typed_return_with_merged_and_split_category(tmp_path):
    ret = read_roster_return(word_typed(tmp_path / "typed.docx"), CATS)
    assert ret.unit == "区财政局"
    assert ret.filled_on == date(2020, 8, 13)
    assert ret.columns == COLS
    assert ret.entries == ENTRIES
    assert ret.categories == [CATS[0], CATS[2], CATS[4]]
    assert ret.warnings == []


def test_word_typed_categories_without_template_are_joined(tmp_path):
    ret = read_roster_return(word_typed(tmp_path / "typed.docx"))
    assert list(ret.entries) == ["政府信息公开工作负责人", "政府信息公开工作人员"]
    assert [p["姓名"] for p in ret.entries["政府信息公开工作人员"]] == ["李四", "王五"]


def test_no_unit_is_a_warning(tmp_path):
    path = word_typed(tmp_path / "nounit.docx", "单位（公章）：\u3000\u3000\u3000\u3000填报日期：2020年8月13日")
    ret = read_roster_return(path, CATS)
    assert ret.unit == ""
    assert WARN_NO_UNIT in ret.warnings
    assert ret.people == 3
    blank = export_roster_xlsx(make_form(None, {}), tmp_path / "blank.xlsx")
    ret = read_roster_return(blank, CATS)
    assert ret.unit == "" and WARN_NO_UNIT in ret.warnings and ret.people == 0
    assert "名单表中没有填写任何人员。" in ret.warnings


def test_file_without_roster_table(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("关于报送政府信息公开工作人员的通知")
    t = doc.add_table(rows=2, cols=3)
    for c, w in enumerate(["序号", "工作任务", "责任单位"]):
        t.cell(0, c).text = w
    doc.save(str(tmp_path / "notice.docx"))
    with pytest.raises(NoticeImportError) as exc:
        read_roster_return(tmp_path / "notice.docx")
    assert str(exc.value) == MSG_NO_ROSTER
    (tmp_path / "bad.docx").write_bytes(b"not a zip at all")
    with pytest.raises(NoticeImportError, match="损坏"):
        read_roster_return(tmp_path / "bad.docx")


def test_hand_made_xlsx_unit_in_a_cell_and_other_header_words(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["附件2"])
    ws.append(["政府信息公开工作人员名单"])
    ws.merge_cells("A2:E2")
    ws.append(["单位（公章）：区教委", None, None, "填报日期：2020.8.14"])
    ws.append(["类别", "姓名", "职务/职称", "手机号码", "备注"])
    ws.append(["政府信息公开工作负责人", "张　三", "副主任", 13812345678, None])
    ws.append(["政府信息公开工作人员", "李四", "科员", "023-85276112", None])
    ws.append([None, "王五", "办事员", "85276113", None])  # 类别 left blank: same as above
    ws.append([None, None, None, None, None])
    wb.save(tmp_path / "typed.xlsx")
    ret = read_roster_return(tmp_path / "typed.xlsx", CATS)
    assert ret.unit == "区教委"
    assert ret.filled_on == date(2020, 8, 14)
    assert ret.columns == COLS
    assert ret.entries[CATS[0]] == [{"姓名": "张三", "职务": "副主任", "联系电话": "13812345678", "备注": ""}]
    assert [p["姓名"] for p in ret.entries[CATS[2]]] == ["李四", "王五"]


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not __import__("shutil").which("soffice"), reason="LibreOffice not installed")
def test_old_word_doc_return_through_libreoffice(tmp_path):
    from gkdesk.importers.libreoffice import convert

    src = export_roster_docx(make_form("区财政局"), tmp_path / "r.docx")
    doc = convert(src, "doc")
    ret = read_roster_return(doc, CATS)
    assert ret.unit == "区财政局"
    assert ret.entries == ENTRIES


def test_numbered_list_without_category_column(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("单位（公章）：区民政局")
    t = doc.add_table(rows=3, cols=4)
    for r, row in enumerate([["序号", "姓名", "职务", "联系电话"], ["1", "张三", "科长", "13812345678"], ["2", "", "", ""]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    doc.save(str(tmp_path / "flat.docx"))
    ret = read_roster_return(tmp_path / "flat.docx", CATS)
    assert ret.unit == "区民政局" and ret.filled_on is None
    assert ret.entries == {"": [{"姓名": "张三", "职务": "科长", "联系电话": "13812345678"}]}
