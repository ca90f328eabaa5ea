"""财政局 handed in its 附件2 名单: the reminder says 已报送 with the day, the store keeps it per unit."""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store.reminders import report_deadlines

from tests.fixtures.write_checks import Tally
from tests.fixtures.seed_docs import seed_path

pytestmark = pytest.mark.usefixtures("count_view_state", "driven")  # tests/fixtures/write_checks.py

UNIT = "区财政局"


@pytest.fixture
def desk(open_desk, data_home):
    store = Store.open(data_home)
    store.notices.save_import(import_file(seed_path("000")), who="测试")
    store.settings.own_unit = UNIT
    yield open_desk(store)
    store.close()


def report_row(w, attachment):
    top = w.reminders.tree.topLevelItem(0)
    rows = [top.child(i) for i in range(top.childCount())]
    return next(r for r in rows if r.text(0).startswith(attachment))


def test_finance_marks_the_form_handed_in_and_takes_it_back(qtbot, desk, data_home):
    from gkdesk.store.handins import handed_in  # here: the module is new with the feature

    w = desk
    w.show_reminders()
    nid = w.notice_id
    assert report_row(w, "附件2").text(2) == "已逾期 18 天"  # 2020年8月14日, today 9月1日

    t = Tally(w.ops)
    w.reminders.menu_for(report_row(w, "附件2")).actions()[0].trigger()
    assert (t.commits, t.undo_steps, len(t.changes)) == (1, 1, 1)
    assert [a for a, _op in t.audit()] == ["set_handed_in"]
    assert handed_in(w.store.db, nid, UNIT, "附件2|2020-08-14") == date(2020, 9, 1)
    qtbot.waitUntil(lambda: report_row(w, "附件2").text(2) == "已报送（2020年9月1日）")
    # The mark is 财政局's: a town's clerk on the same store still sees the deadline open.
    town = {r.attachment: r.handed_in for r in report_deadlines(w.store.db, date(2020, 9, 1), unit="几江街道")}
    assert town["附件2"] is None
    assert report_row(w, "附件1").text(2).startswith("还有")  # the other form is not marked

    assert w.ops.undo(w)
    assert handed_in(w.store.db, nid, UNIT, "附件2|2020-08-14") is None
    qtbot.waitUntil(lambda: report_row(w, "附件2").text(2) == "已逾期 18 天")
    assert w.ops.redo(w)
    qtbot.waitUntil(lambda: report_row(w, "附件2").text(2).startswith("已报送"))

    menu = w.reminders.menu_for(report_row(w, "附件2"))
    assert menu.actions()[0].text() == "取消“已报送”（2020年9月1日）"
    menu.actions()[0].trigger()
    assert handed_in(w.store.db, nid, UNIT, "附件2|2020-08-14") is None
    qtbot.waitUntil(lambda: report_row(w, "附件2").text(2) == "已逾期 18 天")


def test_the_mark_is_kept_in_the_store_across_a_restart(qtbot, desk, open_desk, data_home):
    w = desk
    w.show_reminders()
    w.reminders.menu_for(report_row(w, "附件2")).actions()[0].trigger()
    w.close()
    w.store.close()
    again = Store.open(data_home)
    try:
        w2 = open_desk(again)
        w2.show_reminders()
        assert report_row(w2, "附件2").text(2) == "已报送（2020年9月1日）"
        w2.close()
    finally:
        again.close()


def test_a_deadline_for_the_lead_units_reaches_only_units_that_lead(data_home):
    """Seed 000: 附件2 from every unit by 8月14日; 附件1 "请各牵头单位于2020年12月5日前…报"."""
    store = Store.open(data_home)
    try:
        result = import_file(seed_path("000"))
        audience = {r.attachment: r.audience for r in result.notice.report_deadlines}
        assert audience == {"附件2": "", "附件1": "牵头单位"}
        nid = store.notices.save_import(result, who="测试").notice_id
        assert {r.attachment: r.audience for r in store.notices.load_result(nid).notice.report_deadlines} == audience
        leads = {u for t in result.tasks() for u in t.lead}
        assert "财政局" in leads and "交通局" not in leads
        today = date(2020, 9, 1)
        seen = {u: {r.attachment for r in report_deadlines(store.db, today, unit=u)} for u in ("区财政局", "交通局", "几江街道")}
        # 区财政局 is 财政局 under its full name; 交通局 is only responsible; a 镇街 leads nothing.
        assert seen == {"区财政局": {"附件1", "附件2"}, "交通局": {"附件2"}, "几江街道": {"附件2"}}
    finally:
        store.close()


def test_two_dates_for_the_same_report_are_two_hand_ins(data_home):
    """Seed 001: 检查汇总情况 by 9月30日 and by 12月31日; 区政府办公室 (a lead unit, reporting to
    区政务服务办) hands in the first, the second stays open."""
    from gkdesk.store.handins import set_handed_in

    store = Store.open(data_home)
    try:
        nid = store.notices.save_import(import_file(seed_path("001")), who="测试").notice_id
        today = date(2022, 7, 25)
        first, second = report_deadlines(store.db, today, unit="区政府办公室")[:2]
        assert (first.what, second.what) == ("检查汇总情况", "检查汇总情况") and first.due < second.due
        with store.db.transaction():
            set_handed_in(store.db, nid, "区政府办公室", first.form, today)
        marks = [r.handed_in for r in report_deadlines(store.db, today, unit="区政府办公室")[:2]]
        assert marks == [today, None]
    finally:
        store.close()


def test_a_store_from_before_step_8_learns_which_deadlines_are_for_lead_units(tmp_path):
    """A clerk imported seed 000 with the gkdesk of schema step 7 (tests/fixtures/stores/v7, written by
    that code): the 附件1 deadline was stored without its audience. After the upgrade a 镇街 that leads
    nothing no longer sees it, 区财政局 (which leads tasks) still does — as if it had been re-imported."""
    from tests.fixtures.released_stores import unpack_store

    folder, _ = unpack_store(7, tmp_path)
    store = Store.open(folder)
    try:
        rows = store.db.query("SELECT attachment, audience FROM report_deadlines ORDER BY position")
        assert [(r["attachment"], r["audience"]) for r in rows] == [("附件2", ""), ("附件1", "牵头单位")]
        today = date(2020, 9, 1)
        seen = {u: [r.attachment for r in report_deadlines(store.db, today, unit=u)] for u in ("区财政局", "几江街道")}
        assert seen == {"区财政局": ["附件2", "附件1"], "几江街道": ["附件2"]}
    finally:
        store.close()


def test_the_upgrade_guesses_what_the_notices_own_words_say_for_every_seed():
    """The upgrade has only what was stored (the report's words, its 附件 and the notice's attachment
    list); on every seed it must come to the audience the importer reads from the sentence."""
    from gkdesk.domain.report_audience import audience_from_stored

    from gkdesk.resources import resource_path

    checked = 0
    sample = next(resource_path("samples").glob("*.docx"))  # the welcome's 示例 (seed 000 as Word)
    for path in [*(seed_path(name) for name in ("000", "001", "002", "003", "004")), sample]:
        result = import_file(path)
        name = path.name
        n = result.notice
        leads = any(t.lead for t in result.tasks())
        for r in n.report_deadlines:
            assert audience_from_stored(r.what, r.attachment, n.attachments, n.table_title, leads) == r.audience, (name, r)
            checked += 1
    assert checked == 6  # 000 and the sample: 附件2 for all, 附件1 for leads; 001: 检查汇总情况 twice, for leads
    # A notice whose tasks name no lead unit has nobody to narrow a deadline to.
    assert audience_from_stored("检查汇总情况", None, [], "", False) == ""
    # A roster every unit sends stays for every unit.
    assert audience_from_stored("本单位政府信息公开工作负责人及工作人员名单", "附件2",
                                ["…任务分工", "全区政府信息公开工作人员名单"], "…任务分工", True) == ""
