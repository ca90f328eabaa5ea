"""Returns that must not be merged, each with one clear line — and the identity rules behind them."""
from __future__ import annotations

import shutil
from datetime import date

import pytest

from gkdesk import collection_ops as ops
from gkdesk.domain.collection import fixed_digest, notice_key, parse_date, split_completion_cell, task_keys
from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.importers import import_file
from gkdesk.store import Store
from tests.fixtures import wps_fill as wps
from tests.fixtures.seed_docs import build_xlsx, seed_dir

SEED = {s: next(seed_dir().glob(f"{s}_*.txt")) for s in ("000", "001")}
OFFICE = "区政务服务办"


def _office(path, seed="001", units="区财政局\n区交通局\n几江街道"):
    store = Store.open(path)
    nid = store.notices.save_import(import_file(SEED[seed])).notice_id
    store.unit_list.load(parse_unit_list(units)[0])
    return store, nid


@pytest.fixture
def office(tmp_path):
    store, nid = _office(tmp_path / "office")
    _, paths = ops.hand_out(store, nid, ["区财政局"], tmp_path / "sent", OFFICE)
    yield store, nid, paths[0]
    store.close()


def _take(store, path):
    (out,) = ops.take_back_files(store, [path])
    return out


def _completions(store) -> int:
    return int(store.db.scalar("SELECT count(*) FROM completions"))


def test_identity_rules():
    assert notice_key("万盛经开办〔2020〕9号", "关于印发…的通知") == notice_key("万盛经开办[2020] 9 号", "关于印发… 的通知")
    assert notice_key("万盛经开办〔2020〕9号", "关于印发…的通知") != notice_key("万盛经开办〔2020〕10号", "关于印发…的通知")
    keys = task_keys(["做好公开。", "做好公开", "另一项"])
    assert keys[1] == keys[0] + "-2" and len(set(keys)) == 3
    d = fixed_digest(b"k", "N1", "区财政局", 1, keys[0], ["一、总则", "做好公开。"])
    assert d == fixed_digest(b"k", "N1", "区财政局", 1, keys[0], ["一、 总则", "做好公开"])  # spacing/punctuation
    assert d != fixed_digest(b"k", "N1", "区财政局", 1, keys[0], ["一、总则", "做好信息公开。"])
    assert d != fixed_digest(b"other", "N1", "区财政局", 1, keys[0], ["一、总则", "做好公开。"])
    assert parse_date("2022年9月30日") == parse_date("2022-9-30") == parse_date("2022.09.30") == date(2022, 9, 30)
    assert parse_date("2022年9月") == date(2022, 9, 30)
    with pytest.raises(ValueError):
        parse_date("已在网站公开")
    assert split_completion_cell("已公开。\n公开路径：http://a/1；http://a/2\n佐证材料：截图.pdf") == {
        "text": "已公开。", "links": ["http://a/1", "http://a/2"], "note": "佐证材料：截图.pdf"}


def test_unit_list_text():
    units, problems = parse_unit_list("区财政局\n石林镇\n区交通局：部门\n几江街道\t镇街\n各镇街\n区公安局、区民政局\n")
    assert [(u.name, sorted(u.groups - {"related"})) for u in units] == [
        ("区财政局", ["departments"]), ("石林镇", ["towns"]), ("区交通局", ["departments"]),
        ("几江街道", ["towns"]), ("区公安局", ["departments"]), ("区民政局", ["departments"])]
    # A group named in the list overrides what the name suggests.
    (odd,), _ = parse_unit_list("区工业园区管委会\t镇街")
    assert "towns" in odd.groups and "departments" not in odd.groups
    assert problems == ["第5行“各镇街”是单位类别，不是单位，未加入名单。"]


def test_return_for_another_notice_or_collector(office, tmp_path):
    store, nid, _ = office
    other, other_nid = _office(tmp_path / "other", "000", "财政局")
    _, (foreign,) = ops.hand_out(other, other_nid, ["财政局"], tmp_path / "other-sent", "政府信息公开中心")
    out = _take(store, foreign)
    assert out.status == "refused" and "属于另一份通知（万盛经开办〔2020〕9号）" in out.message
    twin, twin_nid = _office(tmp_path / "twin")
    _, (twin_sheet,) = ops.hand_out(twin, twin_nid, ["区财政局"], tmp_path / "twin-sent", "区政府办公室")
    out = _take(store, twin_sheet)
    assert out.status == "refused" and "本机没有发出过这份填报表（区政府办公室第1轮）" in out.message
    other.close()
    twin.close()
    assert _completions(store) == 0


def _edit_identity(path, target, key, value):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["_gkdesk"]
    for row in ws.iter_rows():
        if row[0].value == key:
            row[1].value = value
    wb.save(target)
    return target


def test_unit_not_sent_or_not_reached(office, tmp_path):
    store, _, sheet = office
    out = _take(store, _edit_identity(sheet, tmp_path / "a.xlsx", "unit", "区交通局"))
    assert out.status == "refused" and "填报单位“区交通局”：本轮未向该单位发放填报表" in out.message
    out = _take(store, _edit_identity(sheet, tmp_path / "b.xlsx", "unit", "区档案馆"))
    assert out.status == "refused" and "“区档案馆”：该单位不在本通知涉及的单位中" in out.message


@pytest.mark.parametrize("damage, words", [
    ("move", "列被移动"),
    ("delete", "被删除或改名：“备注”"),
    ("add", "新增了列“自评”"),
    ("status", "“状态”填了“基本完成”，请从下拉列表中选择"),
    ("copy_row", "重复了另一行的任务"),
    ("new_row", "不是下发的任务行"),
    ("key_column", "找不到填报表中的任务表"),
])
def test_structure_changes_are_reported_not_merged(office, tmp_path, damage, words):
    store, _, sheet = office
    wb, ws, h = wps.open_sheet(sheet)
    cols = wps.headers(ws, h)
    rows = wps.task_rows(ws, h)
    wps.type_into(ws, rows[0], h, 状态="已完成", 完成情况="已完成公开。")
    if damage == "move":
        a, b = cols["状态"], cols["完成情况"]
        for r in range(h, ws.max_row + 1):
            ws.cell(r, a).value, ws.cell(r, b).value = ws.cell(r, b).value, ws.cell(r, a).value
    elif damage == "delete":
        ws.delete_cols(cols["备注"])
    elif damage == "add":
        ws.cell(h, ws.max_column + 1, "自评")
    elif damage == "status":
        wps.type_into(ws, rows[1], h, 状态="基本完成")
    elif damage == "copy_row":
        for c in range(1, ws.max_column + 1):
            ws.cell(ws.max_row + 1 if c == 1 else ws.max_row, c).value = ws.cell(rows[0], c).value
    elif damage == "new_row":
        ws.cell(ws.max_row + 2, cols["完成情况"], "另外补充一项工作。")
    elif damage == "key_column":
        ws.delete_cols(1)
    wb.save(tmp_path / "back.xlsx")
    out = _take(store, tmp_path / "back.xlsx")
    assert out.status == "refused" and words in out.message, out.message
    assert _completions(store) == 0


def test_plain_and_damaged_files_do_not_stop_the_others(office, tmp_path):
    store, _, sheet = office
    folder = tmp_path / "back"
    folder.mkdir()
    (folder / "空白.xlsx").write_bytes(b"")
    (folder / "说明.txt").write_text("报告", encoding="utf-8")
    wb, ws, h = wps.open_sheet(sheet)
    wps.type_into(ws, wps.task_rows(ws, h)[0], h, 完成情况="已公开。")
    wb.save(folder / sheet.name)
    outcomes = ops.take_back_files(store, [folder, folder / "说明.txt"])
    got = {o.file: o for o in outcomes}
    assert {f: o.status for f, o in got.items()} == {"空白.xlsx": "refused", sheet.name: "taken", "说明.txt": "refused"}
    assert "损坏" in got["空白.xlsx"].message and "不是 Excel 或 Word 文件" in got["说明.txt"].message
    assert _completions(store) == 1


def test_xls_saved_by_wps_goes_through_libreoffice(office, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    store, _, sheet = office
    wb, ws, h = wps.open_sheet(sheet)
    r = wps.row_of(ws, h, "公开2022年度税费政策优惠指南")
    wps.type_into(ws, r, h, 状态="已完成", 完成情况="已公开指南。", 完成时间="2022/6/30")
    wb.save(tmp_path / "filled.xlsx")
    from gkdesk.importers.libreoffice import convert

    xls = convert(tmp_path / "filled.xlsx", "xls")
    target = tmp_path / "区财政局回执.xls"
    shutil.copyfile(xls, target)
    out = _take(store, target)
    assert out.status == "taken" and out.filled == 1, out.message
    c = store.completions.completions_for_notice(1, "区财政局")[0]
    assert (c.status, c.text, c.completed_on) == ("已完成", "已公开指南。", date(2022, 6, 30))


def test_excel_copy_of_the_notice_table_matched_by_text(office, tmp_path):
    """The notice's task list in Excel (merged cells), renumbered, spaced, one task split over two rows."""
    import openpyxl

    store, nid, _ = office
    path = build_xlsx("001", tmp_path / "区财政局落实情况.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = 2
    text_col = 3  # 贯　彻　举　措, written with full-width spaces
    done_col = ws.max_column + 1
    ws.cell(header, done_col, "完成情况")
    filled = {}
    for r in range(header + 1, ws.max_row + 1):
        text = ws.cell(r, text_col).value or ""
        if text.startswith("公开2022年度税费政策优惠指南"):
            ws.cell(r, text_col).value = "3. 公开 2022年度税费政策优惠指南"
            ws.cell(r, done_col, "已在区政府网站公开。\n公开路径：http://www.jiangjin.gov.cn/czj")
            filled["tax"] = r
        elif text.startswith("1.及时公开惠民惠农财政补贴"):
            # A paragraph break split the task over two rows in the unit's copy.
            ws.insert_rows(r + 1)
            half = len(text) // 2
            ws.cell(r, text_col).value = text[:half]
            ws.cell(r + 1, text_col).value = text[half:]
            ws.cell(r, done_col, "补贴信息每季度公开。")
            break
    ws.cell(ws.max_row + 1, text_col, "本单位自行增加的一项工作，通知里没有。")
    ws.cell(ws.max_row, done_col, "已完成")
    wb.save(path)
    out = _take(store, path)
    assert out.status == "taken" and out.unit == "区财政局", out.message
    got = {c.text for c in store.completions.completions_for_notice(nid, "区财政局")}
    assert got == {"已在区政府网站公开。", "补贴信息每季度公开。"}
    links = [c.links for c in store.completions.completions_for_notice(nid, "区财政局") if c.links]
    assert links == [["http://www.jiangjin.gov.cn/czj"]]
    assert any("对不上通知中的任务" in n for n in out.notes)


def test_fill_sheet_layout(office):
    """What a unit opens: fixed columns locked, fill columns open, a 状态 drop-down, print-ready."""
    import openpyxl

    _, _, sheet = office
    wb = openpyxl.load_workbook(sheet)
    ws = wb["填报表"]
    assert wb["_gkdesk"].sheet_state == "veryHidden"
    assert ws.protection.sheet and not ws.protection.password
    assert ws.column_dimensions["A"].hidden
    head = [c.value for c in ws[4]]
    assert head == ["gkdesk:key", "工作任务", "工作任务", "贯彻举措", "牵头单位", "责任单位", "完成时限",
                    "状态", "完成情况", "完成时间", "公开路径/链接", "备注"]
    assert ws.cell(5, 4).protection.locked and ws.cell(5, 4).value
    assert all(not ws.cell(5, c).protection.locked for c in range(8, 13))
    assert ws.cell(5, 9).alignment.wrap_text and ws.row_dimensions[5].height >= 60
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"未开始,推进中,已完成,持续推进,不涉及"' and str(dv.sqref).startswith("H5:H")
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows.replace("$", "") == "4:4"
    assert "填报单位：区财政局" in ws["B2"].value and "2022年12月31日前" in ws["B2"].value


def test_second_round_shows_the_first_and_merges_three_ways(office, tmp_path):
    """Round 2 is pre-filled with round 1; what the unit left as sent never overrides the office's later edit."""
    store, nid, sheet = office
    wb, ws, h = wps.open_sheet(sheet)
    a = wps.row_of(ws, h, "公开2022年度税费政策优惠指南")
    b = wps.row_of(ws, h, "及时公开惠民惠农财政补贴")
    wps.type_into(ws, a, h, 状态="推进中", 完成情况="指南初稿已完成。")
    wps.type_into(ws, b, h, 状态="推进中", 完成情况="补贴信息已公开一季度。")
    wb.save(tmp_path / "r1.xlsx")
    assert _take(store, tmp_path / "r1.xlsx").changed == 4

    _, (sheet2,) = ops.hand_out(store, nid, ["区财政局"], tmp_path / "sent2", OFFICE)
    wb, ws, h = wps.open_sheet(sheet2)
    cols = wps.headers(ws, h)
    a = wps.row_of(ws, h, "公开2022年度税费政策优惠指南")
    b = wps.row_of(ws, h, "及时公开惠民惠农财政补贴")
    assert (ws.cell(a, cols["状态"]).value, ws.cell(a, cols["完成情况"]).value) == ("推进中", "指南初稿已完成。")
    assert "第2轮" in ws["B2"].value
    wps.type_into(ws, a, h, 状态="已完成", 完成情况="指南已于6月公开。")  # b left as sent
    wb.save(tmp_path / "r2.xlsx")
    task_b = next(t.id for t in store.notices.load_result(nid).tasks() if t.text.startswith("1.及时公开惠民惠农"))
    store.completions.set_completion(task_b, "区财政局", text="补贴信息已公开两个季度（办公室核实）。")

    out = _take(store, tmp_path / "r2.xlsx")
    assert out.status == "taken" and out.changed == 2 and out.conflicts == []
    got = {c.task_id: (c.status, c.text) for c in store.completions.completions_for_notice(nid, "区财政局")}
    assert got[task_b] == ("推进中", "补贴信息已公开两个季度（办公室核实）。")
    assert ("已完成", "指南已于6月公开。") in got.values()
    status = store.collection.status(store.collection.latest_round(nid).id)
    assert status.round_no == 2 and status.missing() == []


def test_undo_refuses_to_lose_a_later_edit(office, tmp_path):
    from gkdesk.store import StoreError

    store, nid, sheet = office
    wb, ws, h = wps.open_sheet(sheet)
    r = wps.row_of(ws, h, "公开2022年度税费政策优惠指南")
    wps.type_into(ws, r, h, 完成情况="指南初稿已完成。")
    wb.save(tmp_path / "r1.xlsx")
    out = _take(store, tmp_path / "r1.xlsx")
    (c,) = store.completions.completions_for_notice(nid, "区财政局")
    store.completions.set_completion(c.task_id, "区财政局", text="指南已公开（办公室改）。")
    with pytest.raises(StoreError) as err:
        store.merge.undo_take_back(out.return_id)
    assert "之后又被修改过" in str(err.value)
    assert store.completions.get_completion(c.task_id, "区财政局").text == "指南已公开（办公室改）。"
    assert store.db.scalar("SELECT count(*) FROM collection_returns") == 1


def test_a_sheet_that_cannot_be_written_leaves_no_round(office, tmp_path, monkeypatch):
    store, nid, _ = office
    import gkdesk.exporters.fill_sheet as fill_sheet

    calls = []

    def failing(data, path):
        calls.append(data.unit)
        if len(calls) == 2:
            raise PermissionError(13, "文件正被其他程序使用")
        return real(data, path)

    real = fill_sheet.write_sheet
    monkeypatch.setattr(fill_sheet, "write_sheet", failing)
    with pytest.raises(PermissionError):
        ops.hand_out(store, nid, ["区财政局", "区交通局"], tmp_path / "sent2", OFFICE)
    assert [r.number for r in store.collection.rounds(nid)] == [1]
    assert not list((tmp_path / "sent2").glob("*.xlsx"))
