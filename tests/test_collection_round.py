"""A whole collection round on seed 001: 区政务服务办 hands out 填报表 and takes the returns back.

Five units get sheets (one a 街道 reached only through 各镇（街道）); they fill them as people do in
WPS — typing, re-sorting, hiding a column, renaming the sheet, a filter — and make the usual
mistakes (an edited locked text, text typed into the date column, nothing filled at all); a sixth
returns the notice's own Word table with 完成情况 filled in. One return also passes through
LibreOffice Calc.
"""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from gkdesk import collection_ops as ops
from gkdesk.store import Store
from tests.fixtures import wps_fill as wps
from tests.fixtures.collecting_office import OFFICE, UNIT_LIST, completions, docx_return, load_office, snapshot

FIVE = ["区财政局", "区司法局", "区商务委", "区发展改革委", "几江街道"]


@pytest.fixture
def office(tmp_path):
    store = Store.open(tmp_path / "office")
    nid, notice, _ = load_office(store, tmp_path)
    yield store, nid, notice
    store.close()


def test_whole_round_on_seed_001(office, tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_TODAY", "2022-09-20")
    store, nid, notice_docx = office

    # The notice reaches every unit of the list; 几江街道 only through 各镇（街道）.
    reached = {r.unit.name: r for r in store.unit_list.reached(nid)}
    assert set(reached) == {u for u in UNIT_LIST.split() if u.startswith(("区", "几"))}
    assert "各镇（街道）" in reached["几江街道"].via and "几江街道" not in reached["几江街道"].via
    assert "区民政局" in reached["区民政局"].via

    rnd, paths = ops.hand_out(store, nid, FIVE, tmp_path / "sent", OFFICE, who="张三")
    assert [p.name for p in paths] == [f"江津区2022年政务公开任务分工_填报表_{u}.xlsx" for u in FIVE]
    assert rnd.report_due == date(2022, 9, 30) and rnd.number == 1
    sent = {u: p for u, p in zip(FIVE, paths)}
    back = tmp_path / "back"
    back.mkdir()

    # 区财政局: types three rows, re-sorts, hides a column, renames the sheet.
    wb, ws, h = wps.open_sheet(sent["区财政局"])
    wps.resort(ws, h, "责任单位")
    r1 = wps.row_of(ws, h, "切实做好政策性文件公开征求意见")
    wps.type_into(ws, r1, h, 状态="已完成", 完成情况="已在区政府网站公开征求意见12件，解读8件。",
                  完成时间="2022年8月31日", **{"公开路径/链接": "http://www.jiangjin.gov.cn/zwgk/zcjd"})
    r2 = wps.row_of(ws, h, "公开2022年度税费政策优惠指南")
    wps.type_into(ws, r2, h, 状态="推进中", 完成情况="已汇编助企政策清单，正在更新。", 备注="每月更新")
    r3 = wps.row_of(ws, h, "及时公开惠民惠农财政补贴")
    wps.type_into(ws, r3, h, 状态="已完成", 完成情况="2022年预算已于3月公开。")
    wps.hide_column(ws, h, "牵头单位")
    ws.title = "财政局填报"
    wb.save(back / sent["区财政局"].name)

    # 区司法局 edits a locked task text; 区商务委 types its text into the date column.
    wb, ws, h = wps.open_sheet(sent["区司法局"])
    r = wps.task_rows(ws, h)[0]
    col = wps.headers(ws, h)["贯彻举措"]
    ws.cell(r, col).value = "（本单位已修改）" + ws.cell(r, col).value
    wps.type_into(ws, r, h, 状态="已完成", 完成情况="已完成。")
    wb.save(back / sent["区司法局"].name)
    wb, ws, h = wps.open_sheet(sent["区商务委"])
    r = wps.task_rows(ws, h)[0]
    wps.type_into(ws, r, h, 状态="推进中", 完成时间="已在商务委网站开设专栏，持续更新")
    wb.save(back / sent["区商务委"].name)

    # 区发展改革委 sends the sheet back untouched.
    shutil.copyfile(sent["区发展改革委"], back / sent["区发展改革委"].name)

    # 几江街道 fills one row, filters another away, and saves it in LibreOffice Calc.
    wb, ws, h = wps.open_sheet(sent["几江街道"])
    rj = wps.row_of(ws, h, "切实做好政策性文件公开征求意见")
    wps.type_into(ws, rj, h, 状态="持续推进", 完成情况="街道公开栏每月更新政策解读。", 完成时间="2022-09-15")
    wps.filter_out(ws, wps.task_rows(ws, h)[-1])
    wb.save(tmp_path / "jijiang.xlsx")
    calc = wps.calc_round_trip(tmp_path / "jijiang.xlsx", tmp_path / "calc")
    shutil.move(calc, back / sent["几江街道"].name)

    # 区民政局 returns the notice's own Word table with 完成情况 filled, one task text retouched.
    docx_back = docx_return(
        notice_docx, back / "附件1任务分工落实情况（区民政局）.docx",
        filled={"以公开促服务": "已公开低保、特困救助标准。\n公开路径：http://www.jiangjin.gov.cn/mzj/shjz\n佐证材料：公开截图.pdf",
                "公开2022年度税费政策优惠指南": "（误填在区财政局的任务上）"},
        edits={"以公开促服务": "1．以公开 促服务"},
    )

    # Meanwhile the office typed its own note for 区财政局 on two of those tasks.
    tasks = {t.text[:12]: t.id for t in store.notices.load_result(nid).tasks()}
    store.completions.set_completion(tasks["切实做好政策性文件公开征"], "区财政局", text="电话核实：已公开征求意见。", who="张三")
    store.completions.set_completion(tasks["公开2022年度税费政策"], "区财政局", status="已完成", who="张三")
    before = snapshot(store)

    damaged = back / "损坏的文件.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    outcomes = ops.take_back_files(store, [back], who="张三")
    by_file = {o.file: o for o in outcomes}
    assert len(outcomes) == 7

    assert by_file[damaged.name].status == "refused" and "损坏" in by_file[damaged.name].message
    sifa = by_file[sent["区司法局"].name]
    assert sifa.status == "refused" and "锁定的列" in sifa.message
    shangwu = by_file[sent["区商务委"].name]
    assert shangwu.status == "refused" and "完成时间" in shangwu.message and "不是日期" in shangwu.message
    fagai = by_file[sent["区发展改革委"].name]
    assert fagai.status == "taken" and fagai.filled == 0 and fagai.empty > 0 and fagai.changed == 0
    jijiang = by_file[sent["几江街道"].name]
    assert jijiang.status == "taken" and jijiang.filled == 1, jijiang.message
    mz = by_file[docx_back.name]
    assert mz.status == "taken" and mz.unit == "区民政局" and mz.changed == 3, mz.to_json()
    assert any("没有交办给“区民政局”，未导入" in n for n in mz.notes)
    caizheng = by_file[sent["区财政局"].name]
    assert caizheng.status == "taken" and caizheng.filled == 3
    assert {(c.field, c.ours, c.theirs) for c in caizheng.conflicts} == {
        ("text", "电话核实：已公开征求意见。", "已在区政府网站公开征求意见12件，解读8件。"),
        ("status", "已完成", "推进中"),
    }
    # Nothing of the refused files reached the store.
    assert completions(store, "区司法局") == {} and completions(store, "区商务委") == {}

    # The clerk keeps the unit's text and the office's status.
    choice = {c.id: ("theirs" if c.field == "text" else "ours") for c in caizheng.conflicts}
    store.merge.resolve(caizheng.return_id, choice, who="张三")

    assert completions(store, "区财政局") == {
        "切实做好政策性文件公开征": {"status": "已完成", "text": "已在区政府网站公开征求意见12件，解读8件。",
                          "completed_on": "2022-08-31", "links": ["http://www.jiangjin.gov.cn/zwgk/zcjd"], "note": ""},
        "公开2022年度税费政策": {"status": "已完成", "text": "已汇编助企政策清单，正在更新。",
                          "completed_on": None, "links": [], "note": "每月更新"},
        "1.及时公开惠民惠农财政": {"status": "已完成", "text": "2022年预算已于3月公开。",
                          "completed_on": None, "links": [], "note": ""},
    }
    assert completions(store, "几江街道") == {
        "切实做好政策性文件公开征": {"status": "持续推进", "text": "街道公开栏每月更新政策解读。",
                          "completed_on": "2022-09-15", "links": [], "note": ""}}
    mzj = completions(store, "区民政局")
    assert list(mzj.values()) == [{"status": "未开始", "text": "已公开低保、特困救助标准。", "completed_on": None,
                                   "links": ["http://www.jiangjin.gov.cn/mzj/shjz"], "note": "佐证材料：公开截图.pdf"}]
    assert completions(store, "区发展改革委") == {}

    # A second copy of a return changes nothing and says so.
    again = ops.take_back_files(store, [back / sent["区财政局"].name])[0]
    assert again.status == "duplicate" and "未作任何改动" in again.message

    # 报送情况 and 催报.
    status = store.collection.status(rnd.id)
    state = {u.unit: u for u in status.units}
    assert [u.unit for u in status.missing()] == ["区司法局", "区商务委"]
    assert state["区发展改革委"].returned and state["区发展改革委"].rows_filled == 0
    assert state["区财政局"].rows_filled == 3 and state["区财政局"].open_conflicts == 0
    assert status.days_left == 10
    chase = status.chase_text()
    assert "区司法局" in chase and "区商务委" in chase and "2022年9月30日" in chase and "还剩 10 天" in chase

    # Undo every take-back: the store is exactly as before (the audit log aside).
    for o in reversed(outcomes):
        if o.return_id:
            store.merge.undo_take_back(o.return_id, who="张三")
    assert snapshot(store) == before
    actions = [e.action for e in store.audit.entries(entity="collection_return")]
    assert actions.count("take_back") == 4 and actions.count("undo_take_back") == 4
    assert actions.count("resolve_conflicts") == 1
