"""全区名单: import units' returned rosters, filter, fix a phone, export (offscreen)."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.exporters.docx_forms import export_roster_docx
from gkdesk.domain.forms import RosterForm
from gkdesk.exporters.roster_summary_xlsx import SUMMARY_COLUMNS, SUMMARY_TITLE
from gkdesk.exporters.xlsx_forms import export_roster_xlsx
from gkdesk.importers.roster_returns import MSG_NO_ROSTER
from gkdesk.store.roster_summary import all_people, units_missing
from gkdesk.ui.roster_summary import HEADERS, RosterSummaryDialog

CATS = DEFAULT_ROSTER.categories
COLS = DEFAULT_ROSTER.columns


def form(unit, people: dict[str, list[list[str]]]) -> RosterForm:
    blocks = [(c, people.get(c) or [["", "", "", ""]]) for c in CATS]
    return RosterForm("附件2", DEFAULT_ROSTER.title, unit, date(2020, 8, 13), list(COLS), blocks)


@pytest.fixture
def store(store, import_seed):
    store.nid = import_seed("000")  # type: ignore[attr-defined]
    return store


@pytest.fixture
def returns(tmp_path):
    finance = export_roster_docx(
        form("区财政局", {CATS[0]: [["张三", "副局长", "13812345678", ""]],
                          CATS[2]: [["李四", "科员", "023-85276112", ""], ["王五", "办事员", "8527611", ""]]}),
        tmp_path / "财政局.docx",
    )
    education = export_roster_xlsx(
        form(None, {CATS[0]: [["赵六", "副局长", "13912345678", "分管"]]}),
        tmp_path / "教委.xlsx",
    )
    junk = tmp_path / "通知.docx"
    import docx

    d = docx.Document()
    d.add_paragraph("关于报送人员名单的通知")
    d.save(str(junk))
    return finance, education, junk


def test_import_filter_fix_export(qtbot, store, returns, tmp_path, monkeypatch):
    finance, education, junk = returns
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(a[2]) or "区教委", True))
    dlg = RosterSummaryDialog(store, store.nid, expected_units=["区财政局", "区教委", "区民政局"])
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "全区名单"

    report = dlg.import_files([finance, education, junk])
    assert [(n, u, k) for n, u, k in report.saved] == [("财政局.docx", "财政局", 3), ("教委.xlsx", "区教委", 1)]
    assert report.failed == [("通知.docx", MSG_NO_ROSTER)]
    assert len(asked) == 1 and "教委.xlsx" in asked[0]  # the xlsx had a blank 单位（公章）
    assert "无法导入 通知.docx" in dlg.report.text()

    # every person, by unit then in form order
    names = [dlg.table.item(r, HEADERS.index("姓名")).text() for r in range(dlg.table.rowCount())]
    assert sorted(names) == ["张三", "李四", "王五", "赵六"]
    units = {dlg.table.item(r, 0).text() for r in range(dlg.table.rowCount())}
    assert units == {"财政局", "区教委"}  # 区财政局 is seed 000's 财政局 (same unit key)
    assert units_missing(store.db, store.nid, ["区财政局", "财政局", "区教委", "区民政局"]) == ["区民政局"]
    assert "未报送：区民政局" in dlg.status.text()

    # filter by name, by phone, by unit
    dlg.filter_edit.setText("王五")
    assert [names[r] for r in dlg.visible_rows()] == ["王五"]
    dlg.filter_edit.setText("1391234")
    assert [names[r] for r in dlg.visible_rows()] == ["赵六"]
    dlg.filter_edit.setText("财政")
    assert len(dlg.visible_rows()) == 3
    dlg.filter_edit.setText("")
    assert len(dlg.visible_rows()) == 4

    # 王五's 7-digit… is fine; make it wrong, see it marked, then fix it: stored each time
    row = names.index("王五")
    phone = dlg.table.item(row, HEADERS.index("联系电话"))
    phone.setText("1381234567")
    assert phone.toolTip()  # 手机号码应为11位…
    phone = dlg.table.item(row, HEADERS.index("联系电话"))
    phone.setText("023-85276113")
    assert phone.toolTip() == ""
    stored = store.rosters.load_roster(store.nid, "区财政局")
    assert stored.entries[CATS[2]][1] == {"姓名": "王五", "职务": "办事员", "联系电话": "023-85276113", "备注": ""}
    assert stored.entries[CATS[0]][0]["姓名"] == "张三"
    assert stored.filled_on == date(2020, 8, 13)

    # the same unit again: asked, declined → kept; accepted → replaced
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    again = dlg.import_files([finance])
    assert again.saved == [] and "未覆盖" in again.skipped[0][1]
    assert store.rosters.load_roster(store.nid, "区财政局").entries[CATS[2]][1]["联系电话"] == "023-85276113"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert len(dlg.import_files([finance]).saved) == 1
    assert store.rosters.load_roster(store.nid, "区财政局").entries[CATS[2]][1]["联系电话"] == "8527611"

    # export and read back
    out = dlg.export_to(tmp_path / "全区名单.xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == SUMMARY_TITLE
    assert [c.value for c in ws[2]] == SUMMARY_COLUMNS
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert len(rows) == 4
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert {(r[1], r[3]) for r in rows} == {("财政局", "张三"), ("财政局", "李四"), ("财政局", "王五"), ("区教委", "赵六")}
    zhao = next(r for r in rows if r[3] == "赵六")
    assert zhao[2] == CATS[0] and zhao[5] == "13912345678" and zhao[6] == "分管"
    assert ws.print_title_rows.replace("$", "") == "2:2"
    assert "A1:G1" in {str(m) for m in ws.merged_cells.ranges}
    assert ws["B3"].border.left.style == "thin" and ws["B3"].alignment.wrap_text


def test_all_people_order_and_empty(store):
    assert all_people(store.db, store.nid) == []
    store.rosters.save_roster(store.nid, "区教委", {CATS[2]: [{"姓名": "乙"}], CATS[0]: [{"姓名": "甲"}]})
    people = all_people(store.db, store.nid)
    assert [(p.unit, p.category, p.position, p.values["姓名"]) for p in people] == [
        ("区教委", CATS[2], 0, "乙"), ("区教委", CATS[0], 0, "甲"),
    ]
    assert units_missing(store.db, store.nid, ["教委", "区民政局", "区民政局"]) == ["区民政局"]


def test_the_desk_dialog_expects_the_units_the_notice_reaches(qtbot, store, returns):
    """Opened from the desk (no list given), 全区名单 expects the 单位名单's units the notice reaches."""
    from gkdesk.domain.unit_list import parse_unit_list

    finance, _education, _junk = returns
    store.unit_list.load(parse_unit_list("财政局\t部门\n民政局\t部门\n教育局\t部门")[0])
    reached = [r.unit.name for r in store.unit_list.reached(store.nid)]
    assert "财政局" in reached and "民政局" in reached
    dlg = RosterSummaryDialog(store, store.nid)
    qtbot.addWidget(dlg)
    dlg.import_files([finance])
    missing = dlg.status.text().split("未报送：")[1].split("。")[0].split("、")
    assert missing == [u for u in reached if u != "财政局"]


def test_the_office_receiving_the_rosters_is_not_asked_for_its_own(qtbot, data_home, seeds_dir, tmp_path, returns):
    """The notice has every unit send its 附件2 to 管委会办公室, which also leads tasks: the office
    collects the rosters and does not hand one in to itself, so neither the 附件2 报送情况 nor the
    desk's 全区名单 lists it as 未报送 (domain/report_audience.receives)."""
    from gkdesk.domain.unit_list import parse_unit_list
    from gkdesk.importers import import_file
    from gkdesk.store import Store

    raw = next(seeds_dir.glob("000_*.txt")).read_text(encoding="utf-8")
    asked = raw.replace("（附件2）通过QQ邮箱报送至政府信息公开中心", "（附件2）通过QQ邮箱报送至管委会办公室", 1)
    assert asked != raw
    (tmp_path / "000-名单报管委会办公室.txt").write_text(asked, encoding="utf-8")
    store = Store.open(data_home)
    nid = store.notices.save_import(import_file(tmp_path / "000-名单报管委会办公室.txt")).notice_id
    store.unit_list.load(parse_unit_list("管委会办公室\t部门\n财政局\t部门\n民政局\t部门")[0])
    # The office leads tasks of the notice: it is one of the units the notice reaches.
    assert "管委会办公室" in [r.unit.name for r in store.unit_list.reached(nid)]

    status = store.collection.roster_status(nid, today=date(2020, 8, 12))
    assert status.collector == "管委会办公室"
    assert [u.unit for u in status.units] == ["财政局", "民政局"]
    assert [u.unit for u in status.missing()] == ["财政局", "民政局"]

    finance, _education, _junk = returns
    dlg = RosterSummaryDialog(store, nid)
    qtbot.addWidget(dlg)
    dlg.import_files([finance])
    assert dlg.status.text().split("未报送：")[1].split("。")[0].split("、") == ["民政局"]
    store.close()
