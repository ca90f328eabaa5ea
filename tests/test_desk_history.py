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
