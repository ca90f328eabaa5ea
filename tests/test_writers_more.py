"""The rest of the desk's writers through the one helper, driven as the clerk drives them, counted
with test_writers.Tally: the collector's 单位名单, 下发填报表, 导入回执, 处理回执冲突 and 撤销导入回执
from 操作历史; 预警天数 and 审核; 删除通知 and its 恢复 from 操作历史; 撤销导入 from the 文件 menu.
A worker's operation commits on the worker's own connection: those are counted there."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gkdesk.domain.review import PASSED
from gkdesk.domain.unit_list import parse_unit_list
from gkdesk.importers import import_file
from gkdesk.ui.hand_out_dialog import hand_out
from gkdesk.ui.take_back_dialog import KEEP, take_back
from gkdesk.ui.unit_list_dialog import edit_unit_list
from gkdesk.ui import history_actions, review_actions
from gkdesk.ui.changes import Changes
from gkdesk.ui.edits import ImportNotice
from gkdesk.ui.history_dialog import open_history
from tests.fixtures import wps_fill as wps
from tests.fixtures.seed_docs import build_docx, seed_path
from tests.fixtures.seed_revisions import revised_without_task_10
from tests.fixtures.write_checks import Tally, spy_worker_stores
from tests.fixtures.collecting_office import OFFICE, UNIT_LIST

pytestmark = pytest.mark.usefixtures("count_view_state", "driven")  # tests/fixtures/write_checks.py

TWO = ["区财政局", "几江街道"]


@pytest.fixture
def today():
    return date(2022, 9, 20)


@pytest.fixture
def yes(monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))


@pytest.fixture
def collector(open_desk, store, tmp_path, monkeypatch, yes):
    """区政务服务办 on seed 001 with the district's unit list: the office that collects."""
    store.notices.save_import(import_file(build_docx("001", tmp_path / "江津府办发〔2022〕97号.docx")))
    store.unit_list.load(parse_unit_list(UNIT_LIST)[0], source="粘贴")
    store.settings.own_unit = OFFICE
    w = open_desk(store)
    return w, spy_worker_stores(w.ops, monkeypatch)


def wait_job(qtbot, job) -> None:
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass


def on_worker(opened, before: int) -> list[int]:
    """Commits on each worker connection opened since `before` connections."""
    return [db.commits for db in opened[before:]]


def test_the_collector_writes_each_one_step(qtbot, collector, tmp_path):
    w, opened = collector
    store, nid = w.store, w.notice_id

    # 单位名单…: the pasted list replaces the old one.
    t = Tally(w.ops)
    dlg = edit_unit_list(w)
    dlg.text.setPlainText(UNIT_LIST + "\n区教委\t部门\n")
    dlg.save()
    assert (t.commits, t.undo_steps, len(t.changes)) == (1, 1, 1)
    assert [op for _a, op in t.audit()] == ["导入单位名单"] and t.audit()

    # 下发填报表…: two units, on the worker.
    t, n = Tally(w.ops), len(opened)
    dlg = hand_out(w)
    for i in range(dlg.units.count()):
        item = dlg.units.item(i)
        keep = item.data(Qt.ItemDataRole.UserRole) in TWO
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
    dlg.folder.setText(str(tmp_path / "sent"))
    wait_job(qtbot, dlg.start())
    assert (on_worker(opened, n), t.commits, t.undo_steps, len(t.changes)) == ([1], 0, 1, 1)
    assert t.audit() == [("hand_out", "下发填报表")]  # the round it opened is a part of it
    assert t.items() == [("hand_out", "下发填报表"), ("new_round", "下发填报表")]
    sent = {p.name.rsplit("_", 1)[1][:-5]: p for p in (tmp_path / "sent").glob("*.xlsx")}

    # 导入回执…: one return differs from what the office noted; on the worker.
    task = {t_.text[:12]: t_.id for t_ in store.notices.load_result(nid).tasks()}["切实做好政策性文件公开征"]
    assert w.ops.set_field(task, "区财政局", "status", "已完成")
    back = tmp_path / "back"
    back.mkdir()
    for unit, status in (("区财政局", "推进中"), ("几江街道", "持续推进")):
        wb, ws, h = wps.open_sheet(sent[unit])
        wps.type_into(ws, wps.row_of(ws, h, "切实做好政策性文件公开征求意见"), h, 状态=status, 完成情况="已公开。")
        wb.save(back / sent[unit].name)
    t, n = Tally(w.ops), len(opened)
    w.collection_result = None
    wait_job(qtbot, take_back(w, [str(back / sent[u].name) for u in TWO]))
    qtbot.waitUntil(lambda: w.collection_result is not None, timeout=5_000)
    assert (on_worker(opened, n), t.commits, t.undo_steps, len(t.changes)) == ([1], 0, 1, 1)
    assert t.audit() == [("take_back", "导入回执")]  # one entry for both returns
    assert t.items() == [("take_back", "导入回执")] * 2
    assert t.changes[0].completions

    # 处理回执冲突: the office keeps its own value.
    res = w.collection_result
    assert res.table.rowCount() == 1
    res.table.cellWidget(0, 5).setCurrentText(KEEP)
    t = Tally(w.ops)
    assert res.apply()
    assert (t.commits, t.undo_steps, len(t.changes)) == (1, 1, 1)
    assert t.audit() and {op for _a, op in t.audit()} == {"处理回执冲突"}
    res.close()

    # 操作历史 → 撤销此操作 on 几江街道's return: a compensating operation, on the worker.
    rid = int(store.db.scalar("SELECT r.id FROM collection_returns r JOIN units u ON u.id = r.unit_id "
                              "WHERE u.name = '几江街道'"))
    takes = [e for e in store.history.entries() if e.action == "take_back"]
    assert len({e.audit_id for e in takes}) == 1 and len(takes) == 2  # one entry, a history row per return
    entry = next(e for e in takes if e.entity_id == rid)
    hist = open_history(w)
    assert hist.select_entry(*entry.key)
    t, n = Tally(w.ops), len(opened)
    wait_job(qtbot, hist.revert_selected())
    assert (on_worker(opened, n), t.commits, t.undo_steps, len(t.changes)) == ([1], 0, 0, 1)
    assert t.audit() and {op for _a, op in t.audit()} == {"撤销 导入回执"}
    assert store.db.scalar("SELECT count(*) FROM collection_returns WHERE id = ?", (rid,)) == 0
    hist.close()

    # 预警天数.
    t = Tally(w.ops)
    assert review_actions.ask_warning_days(w, 10)
    # It wrote no audit entry before issue 10's check reached it.
    assert (t.commits, t.audit(), t.undo_steps, len(t.changes)) == (1, [("set_warning_days", "设置预警天数")], 1, 1)
    assert store.reviews.warning_days == 10
    u = Tally(w.ops)
    assert w.ops.undo() and store.reviews.warning_days != 10
    assert (u.commits, u.audit(), u.undo_steps) == (1, [("set_warning_days", "撤销 设置预警天数")], -1)
    assert review_actions.ask_warning_days(w, 10)

    # 审核 → 通过 for 区财政局.
    w.show_task(task)
    win = review_actions.open_review(w)
    qtbot.addWidget(win)
    win.select_unit("区财政局")
    t = Tally(w.ops)
    assert win.mark(PASSED)
    assert (t.commits, t.audit(), t.undo_steps, len(t.changes)) == (1, [("review", "审核 区财政局 通过")], 1, 1)
    win.close()


def test_delete_restore_and_revert_import_are_each_one_step(qtbot, open_desk, monkeypatch, yes):
    w = open_desk()
    opened = spy_worker_stores(w.ops, monkeypatch)
    assert w.ops.run(ImportNotice(import_file(seed_path("000"))))
    nid = w.notice_id

    # 文件 → 删除通知….
    t = Tally(w.ops)
    assert history_actions.delete_notice(w)
    assert (t.commits, t.undo_steps) == (1, 1)
    assert t.audit() == [("delete", "删除通知")] and len(t.changes) == 1
    assert w.store.notices.list_notices() == []
    w.ops.undo_stack.clear()  # the next morning: only 操作历史 can bring it back

    # 操作历史 → 撤销此操作 on the deletion: on the worker.
    hist = open_history(w)
    assert hist.select_entry(int(w.store.db.scalar("SELECT max(id) FROM audit_log WHERE action = 'delete'")))
    t, n = Tally(w.ops), len(opened)
    wait_job(qtbot, hist.revert_selected())
    assert (on_worker(opened, n), t.commits, t.undo_steps, len(t.changes)) == ([1], 0, 0, 1)
    assert t.audit() and {op for _a, op in t.audit()} == {"撤销 删除通知"}
    assert [n_.id for n_ in w.store.notices.list_notices()] == [nid]
    hist.close()

    # 文件 → 撤销最近一次导入 after a revision that removed task 10.
    job = w.ops.start(ImportNotice(revised_without_task_10()))
    wait_job(qtbot, job)
    t = Tally(w.ops)
    assert w.revert_import()
    assert (t.commits, t.undo_steps, len(t.changes)) == (1, 0, 1)
    assert t.audit() and {op for _a, op in t.audit()} == {"撤销导入"}
    assert w.store.db.scalar("SELECT count(*) FROM tasks WHERE number = '10'") == 1
    assert isinstance(t.changes[0], Changes)
