"""The printed 附件1 of a notice with both a 工作任务 and a 工作要求 column keeps both columns."""
from __future__ import annotations

from gkdesk.store.forms import completion_form
from gkdesk.importers import import_file
from gkdesk.store import Store
from tests.fixtures.shapes import HEAD, TASK_FIRST, build_shape_docx


def test_completion_form_has_the_title_and_the_requirement(data_home, tmp_path):
    store = Store.open()
    try:
        nid = store.notices.save_import(import_file(build_shape_docx(tmp_path / "t.docx", TASK_FIRST, HEAD))).notice_id
        form = completion_form(store, nid, "区司法局")
        assert form.headers == [("工作任务", "title"), ("牵头单位", "lead"), ("责任单位", "responsible"),
                                ("工作要求", "text"), ("完成情况", "completion")]
        second = form.rows[1]
        assert [second.value(r) for _, r in form.headers] == [
            "规范依申请公开", "区司法局", "区政府各部门", "健全依申请公开登记、审核、办理、答复流程。", ""]
    finally:
        store.close()
