"""Seed 001: "各牵头单位…将检查汇总情况分别于9月30日和12月31日前报区政务服务办". 区政务服务办 leads 15 of the
notice's tasks, but it is the office the summaries go to: its 提醒 must not ask it to hand the summary
in to itself. It is told the lead units' date as its own date to have them all in, and it is offered
no 标记已报送; a lead unit that is not the recipient still reports to 区政务服务办 and marks it handed in."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from gkdesk.importers import import_file
from gkdesk.store.handins import set_handed_in
from gkdesk.store.reminders import report_deadlines
from tests.fixtures.seed_docs import seed_path

OFFICE = "区政务服务办"  # the recipient named in the notice's sentence
LEAD = "区政府办公室"  # leads 16 tasks, reports its summary to the office
TODAY = date(2022, 9, 20)


@pytest.fixture
def today():
    return TODAY


@pytest.fixture
def store(store):
    store.nid = store.notices.save_import(import_file(seed_path("001")), who="测试").notice_id  # type: ignore[attr-defined]
    return store


def rows(w) -> list:
    top = w.reminders.tree.topLevelItem(0)
    return [top.child(i) for i in range(top.childCount())]


def test_the_office_is_told_to_collect_not_to_hand_in_to_itself(open_desk, store):
    store.settings.own_unit = OFFICE
    w = open_desk(store)
    w.show_reminders()
    first, second = rows(w)
    assert first.text(0) == "检查汇总情况 各牵头单位须于2022年9月30日前报送本单位（江津府办发〔2022〕97号）"
    assert second.text(0) == "检查汇总情况 各牵头单位须于2022年12月31日前报送本单位（江津府办发〔2022〕97号）"
    assert OFFICE not in first.text(0)
    assert (first.text(2), second.text(2)) == ("还有 10 天", "还有 102 天")  # its own date to have them in
    assert w.reminders.menu_for(first) is None and w.reminders.menu_for(second) is None  # nothing to mark


def test_a_lead_unit_reports_to_the_office_and_marks_it(open_desk, store):
    store.settings.own_unit = LEAD
    w = open_desk(store)
    w.show_reminders()
    first, _second = rows(w)
    assert first.text(0) == f"检查汇总情况 牵头单位须于2022年9月30日前报送{OFFICE}（江津府办发〔2022〕97号）"
    menu = w.reminders.menu_for(first)
    assert [a.text() for a in menu.actions()] == ["标记检查汇总情况为已报送（今天）"]


def test_the_store_says_who_collects_and_keeps_no_mark_for_the_recipient(store):
    office = report_deadlines(store.db, TODAY, unit=OFFICE)
    assert [(r.what, r.due, r.collects, r.recipient) for r in office] == [
        ("检查汇总情况", date(2022, 9, 30), True, OFFICE), ("检查汇总情况", date(2022, 12, 31), True, OFFICE)]
    # A mark left by an older gkdesk, which offered the office its own summary to mark, is not shown.
    with store.db.transaction():
        set_handed_in(store.db, store.nid, OFFICE, office[0].form, TODAY)
    assert [r.handed_in for r in report_deadlines(store.db, TODAY, unit=OFFICE)] == [None, None]
    # The office under its short name is the same office; a lead unit hands in.
    assert [r.collects for r in report_deadlines(store.db, TODAY, unit="政务服务办")] == [True, True]
    assert [r.collects for r in report_deadlines(store.db, TODAY, unit=LEAD)] == [False, False]
    assert [r.collects for r in report_deadlines(store.db, TODAY)] == [False, False]  # no 本单位 yet


def test_the_recipient_sees_its_date_even_when_it_leads_no_task(data_home):
    """Seed 000: 附件2 from every unit and 附件1 from the lead units, both "报送至政府信息公开中心", which
    leads none of its tasks. A 牵头单位 deadline is hidden from units that lead nothing — but not
    from the unit it goes to: both are its dates to collect by."""
    from gkdesk.store import Store

    store = Store.open(data_home)
    try:
        store.notices.save_import(import_file(seed_path("000")), who="测试")
        today = date(2020, 8, 1)
        seen = [(r.attachment, r.collects, r.handed_in) for r in report_deadlines(store.db, today, unit="政府信息公开中心")]
        assert seen == [("附件2", True, None), ("附件1", True, None)]
        assert [r.attachment for r in report_deadlines(store.db, today, unit="几江街道")] == ["附件2"]  # leads nothing
    finally:
        store.close()


def test_the_office_hands_no_sheet_to_itself(open_desk, store):
    """The district's 通讯录 lists 区政务服务办 too: 下发填报表 offers every unit the notice reaches but
    the office collecting, whose own entries are on its desk already (gkdesk-cli sheets did the same)."""
    from gkdesk.domain.unit_list import parse_unit_list
    from gkdesk.ui.hand_out_dialog import hand_out
    from tests.fixtures.collecting_office import UNIT_LIST

    store.unit_list.load(parse_unit_list(UNIT_LIST + "区政务服务办\t部门\n")[0], source="粘贴")
    assert "区政务服务办" in [r.unit.name for r in store.unit_list.reached(store.nid)]  # it is reached
    store.settings.own_unit = "政务服务办"  # the clerk chose the short name
    w = open_desk(store)
    dlg = hand_out(w)
    names = [dlg.units.item(i).data(Qt.ItemDataRole.UserRole) for i in range(dlg.units.count())]
    assert "区财政局" in names and "几江街道" in names
    assert "区政务服务办" not in names
    assert "区政务服务办" not in [r.unit.name for r in store.unit_list.reached(store.nid, collector="政务服务办")]
    dlg.reject()
