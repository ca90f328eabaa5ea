"""The 历史 tab says which field of a completion changed, old → new."""
from __future__ import annotations

from datetime import date

from gkdesk.importers import import_file
from tests.fixtures.seed_docs import seed_path


def test_field_edits_are_shown_old_to_new_in_the_history(qtbot, window):
    store = window.store
    store.notices.save_import(import_file(seed_path("000")))
    task_id = store.db.scalar("SELECT min(id) FROM tasks")
    c = store.completions
    c.set_completion(task_id, "财政局", status="推进中", text="已起草方案")
    c.set_completion(task_id, "财政局", status="已完成", completed_on=date(2020, 9, 1))
    c.set_completion(task_id, "财政局", text="已印发方案")
    comp = c.get_completion(task_id, "财政局")
    assert len(store.audit.entries("completion", comp.id)) == 3
    window.reload_notices()
    window.show_task(task_id)
    h = window.detail.history
    rows = [(h.item(r, 2).text(), h.item(r, 3).text()) for r in range(h.rowCount())]  # newest first
    assert rows[0] == ("修改完成情况", "[财政局] 完成情况：已起草方案 → 已印发方案")
    assert rows[1] == ("修改状态、完成日期", "[财政局] 状态：推进中 → 已完成；完成日期：（空） → 2020-09-01")
    assert rows[2][0] == "修改状态、完成情况"  # the first entry has no earlier values


def test_the_tables_of_the_hidden_tabs_are_made_when_their_tab_is_first_shown(qtbot, window):
    """The desk opens on 详情: the 各单位完成情况 and 历史 tabs hold no table until the clerk opens
    one; the count in the tab's title is there before; opened, the table shows the task's rows."""
    from PySide6.QtWidgets import QTableWidget

    store = window.store
    store.notices.save_import(import_file(seed_path("000")))
    task_id = store.db.scalar("SELECT min(id) FROM tasks")
    store.completions.set_completion(task_id, "财政局", status="推进中", text="已起草方案")
    store.completions.set_completion(task_id, "区教委", status="已完成", text="已印发方案")
    window.reload_notices()
    window.show_task(task_id)
    pane = window.detail
    assert pane.findChildren(QTableWidget) == []
    assert pane.tabs.tabText(1) == "各单位完成情况（2）"
    pane.tabs.setCurrentIndex(1)
    others = pane.findChildren(QTableWidget)
    assert len(others) == 1 and pane.tabs.widget(1).isAncestorOf(others[0])
    assert sorted(others[0].item(r, 0).text() for r in range(others[0].rowCount())) == ["区教委", "财政局"]
    pane.tabs.setCurrentIndex(2)
    h = pane.history
    assert pane.tabs.widget(2).isAncestorOf(h) and h.rowCount() == 2
    assert {h.item(r, 3).text() for r in range(2)} == {"[财政局] 状态：推进中；完成情况：已起草方案",
                                                       "[区教委] 状态：已完成；完成情况：已印发方案"}
