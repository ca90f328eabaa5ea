"""At the desk: a deadline read from the task text says so; periodic and two-date deadlines show
their dates; a task with both a title and a requirement shows both."""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.importers import import_file
from gkdesk.store import Store
from tests.fixtures.shapes import DEADLINES, HEAD, TASK_FIRST, build_shape_docx

TODAY = date(2021, 8, 3)


@pytest.fixture
def today():
    return TODAY


def pane_text(window, task_id: int) -> str:
    window.detail.show_task(task_id, "", TODAY)
    # The pane's full-width spaces come back from QTextDocument as plain ones.
    return window.detail.text.toPlainText().replace("\u3000", " ")


def task_id(window, text_start: str) -> int:
    return window.store.db.scalar("SELECT id FROM tasks WHERE text LIKE ?", (text_start + "%",))


def test_seed_000_task_5_shows_its_date_taken_from_the_text(window, seeds_dir):
    window.store.notices.save_import(import_file(next(seeds_dir.glob("000_*.txt"))))
    shown = pane_text(window, window.store.db.scalar("SELECT id FROM tasks WHERE number = '5'"))
    assert "完成时限：2020年10月30日（已逾期" in shown
    assert "[取自任务内容]" in shown
    shown = pane_text(window, window.store.db.scalar("SELECT id FROM tasks WHERE number = '10'"))
    assert "完成时限：未规定" in shown and "取自任务内容" not in shown


def test_periodic_and_two_date_deadlines_in_the_pane(window, tmp_path):
    window.store.notices.save_import(import_file(build_shape_docx(tmp_path / "d.docx", DEADLINES, HEAD)))
    assert "完成时限：定期（下次：2021年9月30日） 原文：每季度" in pane_text(window, task_id(window, "公开重大行政决策"))
    assert "定期（下次：2021年12月31日） 原文：每半年" in pane_text(window, task_id(window, "公开政府常务会议"))
    two = pane_text(window, task_id(window, "部署并完成"))
    assert "完成时限：2021年12月31日（还有 150 天）" in two
    assert "文中时间：2021年9月30日、2021年12月31日" in two


def test_title_and_requirement_both_show(window, tmp_path):
    window.store.notices.save_import(import_file(build_shape_docx(tmp_path / "t.docx", TASK_FIRST, HEAD)))
    shown = pane_text(window, task_id(window, "健全依申请公开"))
    assert "规范依申请公开" in shown and "健全依申请公开登记、审核、办理、答复流程。" in shown


def test_the_tree_shows_title_before_requirement(window, tmp_path):
    from gkdesk.store.browse import TaskFilter
    from gkdesk.ui.task_model import TEXT

    nid = window.store.notices.save_import(
        import_file(build_shape_docx(tmp_path / "t.docx", TASK_FIRST, HEAD))).notice_id
    window.task_model.set_filter(TaskFilter(nid))
    m = window.task_model
    ids = [r[0] for r in window.store.db.query("SELECT id FROM tasks WHERE notice_id = ? ORDER BY seq", (nid,))]
    texts = [m.index_for_task(i).siblingAtColumn(TEXT).data() for i in ids]
    assert texts == ["完善主动公开目录：2021年底前完成基层政务公开标准目录编制。",
                     "规范依申请公开：健全依申请公开登记、审核、办理、答复流程。",
                     "做好政策解读：重要政策文件与解读材料同步起草、同步审签、同步发布。"]


def test_reminders_dock_marks_the_report_date_fallback(window, seeds_dir):
    window.store.notices.save_import(import_file(next(seeds_dir.glob("000_*.txt"))))
    assert window.reminders.refresh("财政局", date(2020, 12, 1)) > 0
    mine = window.reminders.tree.topLevelItem(1)
    rows = {mine.child(i).text(0).split("．", 1)[0]: (mine.child(i).text(1), mine.child(i).text(2))
            for i in range(mine.childCount())}
    # Task 10 names no date: due with 附件1 on 2020年12月5日. Task 5 set its own date in its text.
    assert rows["10"] == ("2020年12月5日（附件1报送时限）", "还有 4 天")
    assert rows["5"] == ("2020年10月30日", "已逾期 32 天")


def test_import_preview_shows_title_and_the_deadline_source(qtbot, data_home, tmp_path, seeds_dir):
    from gkdesk.ui.import_wizard import COL_DEADLINE, COL_TEXT, PAGE_RESULT, ImportWizard

    store = Store.open()
    try:
        wizard = ImportWizard(store, path=str(build_shape_docx(tmp_path / "t.docx", TASK_FIRST, HEAD)))
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.waitUntil(lambda: wizard.stack.currentIndex() == PAGE_RESULT, timeout=20_000)
        rows = []
        stack = [wizard.tree.topLevelItem(i) for i in range(wizard.tree.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            stack[:0] = [item.child(i) for i in range(item.childCount())]
            if getattr(item, "node", None) is not None and hasattr(item.node, "deadline"):
                rows.append((item.text(COL_TEXT), item.text(COL_DEADLINE)))
        assert rows[0] == ("完善主动公开目录：2021年底前完成基层政务公开标准目录编制。", "2021年底前 → 2021-12-31（取自任务内容）")
        assert rows[1][0] == "规范依申请公开：健全依申请公开登记、审核、办理、答复流程。"
        wizard.close()
    finally:
        store.close()
