"""收集 menu on the desk: the office hands out 填报表 for seed 001 from 下发填报表…, two units fill them
(openpyxl, as in WPS), and 导入回执… takes them back with a damaged file among them — one Chinese line
per file, the held value beside the return's for the clerk to choose, the choice stored."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton

from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.ui.collection_actions import show_status
from gkdesk.ui.hand_out_dialog import HandOutDialog, hand_out
from gkdesk.ui.take_back_dialog import KEEP
from gkdesk.ui.unit_list_dialog import edit_unit_list
from tests.fixtures import wps_fill as wps
from tests.fixtures.collecting_office import completions, docx_return
from tests.fixtures.collecting_office import office_store, round_day  # noqa: F401 - store, today: the office's desk

def _shot(widget, name: str) -> None:
    """GKDESK_SHOTS=docs/screenshots keeps the dialog as the clerk sees it (docs/collection.md, README)."""
    shots = os.environ.get("GKDESK_SHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(shots) / name))


def _menu_action(w, text):
    return next(a for a in w.collection_menu.actions() if a.text() == text)


def test_take_back_from_the_menu_shows_each_file_and_stores_the_choice(window, qtbot, tmp_path, monkeypatch):
    w = window
    store = w.store
    assert [a.text() for a in w.collection_menu.actions()] == [
        "单位名单…", "下发填报表…", "导入回执…", "导入整个文件夹的回执…", "报送情况…", "",
        "收下上级下发的填报表…", "导出本单位回执…"]
    assert w.notice_id is not None

    # 下发填报表…: every reached unit is ticked; the clerk keeps two.
    _menu_action(w, "下发填报表…").trigger()
    dlg = next(d for d in w.findChildren(HandOutDialog) if d.isVisible())
    names = [dlg.units.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dlg.units.count())]
    assert "几江街道" in names and "区财政局" in names
    for i, name in enumerate(names):
        if name not in ("区财政局", "几江街道"):
            dlg.units.item(i).setCheckState(Qt.CheckState.Unchecked)
    dlg.folder.setText(str(tmp_path / "sent"))
    assert sorted(dlg.chosen()) == ["几江街道", "区财政局"]
    assert {b.text() for b in dlg.findChildren(QPushButton)} >= {"生成", "取消", "选择文件夹…"}
    _shot(dlg, "collection_hand_out.png")
    job = dlg.start()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    sent = {p.name.rsplit("_", 1)[1][:-5]: p for p in (tmp_path / "sent").glob("*.xlsx")}
    assert sorted(sent) == ["几江街道", "区财政局"]

    # The office already noted a status for 区财政局 on one task: the return differs there.
    tasks = {t.text[:12]: t.id for t in store.notices.load_result(w.notice_id).tasks()}
    store.completions.set_completion(tasks["切实做好政策性文件公开征"], "区财政局", status="已完成", who="张三")

    back = tmp_path / "back"
    back.mkdir()
    wb, ws, h = wps.open_sheet(sent["区财政局"])
    r = wps.row_of(ws, h, "切实做好政策性文件公开征求意见")
    wps.type_into(ws, r, h, 状态="推进中", 完成情况="已公开征求意见12件。")
    wb.save(back / sent["区财政局"].name)
    wb, ws, h = wps.open_sheet(sent["几江街道"])
    r = wps.row_of(ws, h, "切实做好政策性文件公开征求意见")
    wps.type_into(ws, r, h, 状态="持续推进", 完成情况="街道公开栏每月更新。", 完成时间="2022-09-15")
    ws.title = "几江街道填报"
    wb.save(back / sent["几江街道"].name)
    damaged = back / "损坏的回执.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    files = [str(back / sent["区财政局"].name), str(back / sent["几江街道"].name), str(damaged)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (files, "")))

    # 导入回执…
    _menu_action(w, "导入回执…").trigger()
    qtbot.waitUntil(lambda: getattr(w, "collection_result", None) is not None, timeout=20_000)
    res = w.collection_result
    lines = res.lines.text().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"“{sent['区财政局'].name}”（区财政局）：已导入，填报 1 项") and "1 处与已有内容不同" in lines[0]
    assert lines[1].startswith(f"“{sent['几江街道'].name}”（几江街道）：已导入，填报 1 项")
    assert lines[2].startswith("“损坏的回执.xlsx”：") and "损坏" in lines[2]

    # The conflicts table: the office's value beside the unit's; the clerk keeps the office's.
    assert res.table.rowCount() == 1
    row = [res.table.item(0, j).text() for j in range(5)]
    assert row[0] == "区财政局" and row[3] == "已完成" and row[4] == "推进中"
    assert {b.text() for b in res.findChildren(QPushButton) if b.isVisible()} == {"关闭", "应用选择"}
    _shot(res, "collection_take_back.png")
    res.table.cellWidget(0, 5).setCurrentText(KEEP)
    assert res.apply()

    assert completions(store, "区财政局") == {
        "切实做好政策性文件公开征": {"status": "已完成", "text": "已公开征求意见12件。", "completed_on": None,
                          "links": [], "note": ""}}
    assert completions(store, "几江街道") == {
        "切实做好政策性文件公开征": {"status": "持续推进", "text": "街道公开栏每月更新。", "completed_on": "2022-09-15",
                          "links": [], "note": ""}}
    assert store.db.scalar("SELECT count(*) FROM collection_returns") == 2
    assert w.ops.undo_stack.undoText() == "处理回执冲突"

    # 报送情况… opens the round's status: both units returned.
    status_dlg = show_status(w)
    units = {status_dlg.table.item(i, 0).text(): status_dlg.table.item(i, 1).text()
             for i in range(status_dlg.table.rowCount())}
    assert units == {"区财政局": "已报送", "几江街道": "已报送"}


def test_unit_list_dialog_saves_the_pasted_list_and_undo_puts_it_back(window):
    w = window
    before = [(u.name, u.group_words) for u in w.store.unit_list.list_units()]
    dlg = edit_unit_list(w)
    assert dlg.text.toPlainText().splitlines() == [f"{n}\t{g}" for n, g in before]
    dlg.text.setPlainText("区教委\t部门\n珞璜镇、白沙镇\t镇街\n")
    dlg.save()
    assert not dlg.isVisible()
    assert sorted(u.name for u in w.store.unit_list.list_units()) == sorted(["区教委", "珞璜镇", "白沙镇"])
    assert sorted(u.name for u in w.store.unit_list.members("各镇（街道）")) == sorted(["珞璜镇", "白沙镇"])
    assert w.ops.undo()
    assert [(u.name, u.group_words) for u in w.store.unit_list.list_units()] == before


def test_a_returned_notice_table_is_held_until_the_clerk_confirms_its_matches(window, qtbot, tmp_path, monkeypatch):
    """区民政局 sends the notice's own Word table back with 完成情况 filled (one task text retouched):
    nothing is merged until the clerk has seen each matched row with its similarity and confirmed."""
    w = window
    docx = docx_return(
        tmp_path / "江津府办发〔2022〕97号.docx", tmp_path / "附件1任务分工落实情况（区民政局）.docx",
        filled={"以公开促服务": "已公开低保、特困救助标准。\n公开路径：http://www.jiangjin.gov.cn/mzj/shjz\n佐证材料：公开截图.pdf",
                "制定流调信息发布规范": "配合发布流调信息3次。"},
        edits={"以公开促服务": "1．以公开 促服务", "制定流调信息发布规范，明确发布要素": "制定流调信息发布工作规范，明确要素"})
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(docx)], "")))
    _menu_action(w, "导入回执…").trigger()
    qtbot.waitUntil(lambda: getattr(w, "collection_result", None) is not None, timeout=20_000)
    held = w.collection_result
    assert held.lines.text() == "“附件1任务分工落实情况（区民政局）.docx”是通知原表，按文字匹配到 2 行，确认后导入。"
    rows = [[held.matches.item(i, j).text() for j in range(5)] for i in range(held.matches.rowCount())]
    assert [r[1:] for r in rows] == [
        ["第14行", "制定流调信息发布规范，明确发布要素，建立健全流调信息发布审核", "96%", "确认后导入"],
        ["第34行", "以公开促服务，更好适应基层群众信息获取习惯和现实条件，着力加", "100%", "确认后导入"]]
    assert held.confirm_button.isVisibleTo(held) and not held.apply_button.isVisibleTo(held)
    # Held: nothing of it is in the store yet.
    assert completions(w.store, "区民政局") == {}
    assert w.store.db.scalar("SELECT count(*) FROM collection_returns") == 0

    w.collection_result = None
    job = held.confirm_tables()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: w.collection_result is not None, timeout=5_000)
    taken = w.collection_result
    assert taken.lines.text().startswith("“附件1任务分工落实情况（区民政局）.docx”（区民政局）：已导入，填报 2 项")
    assert not taken.matches.isVisibleTo(taken) and not taken.confirm_button.isVisibleTo(taken)
    # The lines gkdesk's forms write into 完成情况 went back to their own fields.
    assert completions(w.store, "区民政局") == {
        "制定流调信息发布规范，明": {"status": "未开始", "text": "配合发布流调信息3次。", "completed_on": None,
                          "links": [], "note": ""},
        "以公开促服务，更好适应基": {"status": "未开始", "text": "已公开低保、特困救助标准。", "completed_on": None,
                          "links": ["http://www.jiangjin.gov.cn/mzj/shjz"], "note": "佐证材料：公开截图.pdf"}}
    assert w.ops.undo()
    assert completions(w.store, "区民政局") == {}


def test_hand_out_to_the_towns_with_one_click(window, qtbot, tmp_path):
    """各镇街 ticks exactly the towns and streets of the unit list the notice reaches (白沙镇, 珞璜镇 and
    几江街道, reached only through 各镇（街道）); the sheets go to those three only."""
    w = window
    w.store.unit_list.load(parse_unit_list("白沙镇\t镇街\n珞璜镇\t镇街\n")[0], source="粘贴")
    dlg = hand_out(w)
    picks = [dlg.picks.itemAt(i).widget().text() for i in range(dlg.picks.count()) if dlg.picks.itemAt(i).widget()]
    assert picks == ["快速选择：", "全部", "各镇街（3）", "各部门（5）", "全不选", "已选 8 / 8 个单位"]
    button = {b.text(): b for b in dlg.findChildren(QPushButton)}
    button["各镇街（3）"].click()
    assert dlg.chosen() == ["几江街道", "白沙镇", "珞璜镇"]
    assert dlg.count_label.text() == "已选 3 / 8 个单位"
    button["全不选"].click()
    assert dlg.chosen() == [] and dlg.count_label.text() == "已选 0 / 8 个单位"
    button["各部门（5）"].click()
    assert dlg.chosen() == ["区财政局", "区司法局", "区商务委", "区发展改革委", "区民政局"]
    button["各镇街（3）"].click()
    dlg.folder.setText(str(tmp_path / "镇街"))
    job = dlg.start()
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert sorted(p.name for p in (tmp_path / "镇街").glob("*.xlsx")) == sorted(
        f"江津区2022年政务公开任务分工_填报表_{u}.xlsx" for u in ("几江街道", "白沙镇", "珞璜镇"))
    rnd = w.store.collection.latest_round(w.notice_id)
    assert sorted(u.unit for u in w.store.collection.status(rnd.id).units) == sorted(["几江街道", "白沙镇", "珞璜镇"])
