"""Deadlines a clerk can trust: periodic ones, two dates in one cell, and dates the task text sets
when the notice has no 完成时限 column (seed 000), kept through the store and reminded."""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.domain.deadlines import deadline_from_text, named_dates, next_due, parse_deadline
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store.reminders import due_tasks
from gkdesk.store.task_detail import get_task


def test_periodic_deadlines_and_their_next_due_date():
    today = date(2021, 8, 3)
    assert [(parse_deadline(t).kind, next_due(parse_deadline(t), today)) for t in
            ("每季度", "每半年", "每年1月31日前", "每月底前", "长期坚持")] == [
        ("periodic", date(2021, 9, 30)), ("periodic", date(2021, 12, 31)), ("periodic", date(2022, 1, 31)),
        ("monthly", date(2021, 8, 31)), ("ongoing", None)]
    assert next_due(parse_deadline("每半年"), date(2021, 3, 1)) == date(2021, 6, 30)


def test_the_forms_real_notices_use_that_already_parsed_still_do():
    got = [(parse_deadline(t, 2021).kind, parse_deadline(t, 2021).due) for t in
           ("2019年底", "常态化实施", "2021年6月底前", "持续推进", "长期坚持")]
    assert got == [("date", date(2019, 12, 31)), ("ongoing", None), ("date", date(2021, 6, 30)),
                   ("ongoing", None), ("ongoing", None)]


def test_two_dates_the_later_is_due_and_both_are_named():
    d = parse_deadline("9月底前部署，12月底前完成", 2021)
    assert (d.kind, d.due) == ("date", date(2021, 12, 31))
    assert named_dates(d.text, 2021) == [date(2021, 9, 30), date(2021, 12, 31)]
    assert named_dates("2020年底前") == [date(2020, 12, 31)]


def test_dates_in_task_text_need_a_year_and_qian():
    d = deadline_from_text("2020年10月30日前，编制完成26个试点领域基层政务公开标准目录。")
    assert (d.text, d.kind, d.due, d.source) == ("2020年10月30日前", "date", date(2020, 10, 30), "text")
    assert deadline_from_text("编制公开本单位2020年度报告，更新《负面清单(2020年版)》。") is None
    two = deadline_from_text("2020年9月底前完成梳理，2020年底前全部公开。")
    assert (two.text, two.due) == ("2020年9月底前、2020年底前", date(2020, 12, 31))


@pytest.fixture
def store_000(data_home, seeds_dir):
    s = Store.open()
    result = import_file(next(seeds_dir.glob("000_*.txt")))
    nid = s.notices.save_import(result).notice_id
    yield s, nid
    s.close()


def test_text_deadlines_are_stored_with_their_source(store_000):
    store, nid = store_000
    loaded = store.notices.load_result(nid)
    t5 = next(t for t in loaded.tasks() if t.number == "5")
    assert (t5.deadline.text, t5.deadline.due, t5.deadline.source) == ("2020年10月30日前", date(2020, 10, 30), "text")
    assert next(t for t in loaded.tasks() if t.number == "1").deadline.source == "column"
    # The five tasks of seed 000 whose words set a date (issue 11), and no other.
    from_text = {t.number: (t.deadline.text, t.deadline.due) for t in loaded.tasks() if t.deadline.source == "text"}
    assert from_text == {
        "5": ("2020年10月30日前", date(2020, 10, 30)), "6": ("2020年11月底前", date(2020, 11, 30)),
        "33": ("2020年底前", date(2020, 12, 31)), "34": ("2020年底前", date(2020, 12, 31)),
        "35": ("2020年9月底前", date(2020, 9, 30)),
    }
    detail = get_task(store.db, t5.id)
    assert detail.deadline.source == "text" and detail.deadline.due == date(2020, 10, 30)


def test_undated_tasks_fall_back_to_the_report_date_of_attachment_1(store_000):
    store, _ = store_000
    # 财政局 leads task 10 (no date in its text); 附件1 is due 2020年12月5日.
    due = due_tasks(store.db, "财政局", date(2020, 12, 1))
    assert due, "财政局 has tasks"
    by_number = {t.number: t for t in due}
    assert by_number["10"].due == date(2020, 12, 5) and by_number["10"].report_date
    assert by_number["10"].days_left == 4
    # A week earlier nothing of 财政局's is due yet.
    assert [t.number for t in due_tasks(store.db, "财政局", date(2020, 11, 1)) if t.report_date] == []


def test_cli_json_says_where_a_deadline_came_from(data_home, seeds_dir, capsys):
    import json

    from gkdesk.cli import main

    assert main(["import", str(next(seeds_dir.glob("000_*.txt"))), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    tasks = [t for s in data["sections"] for ss in s["subsections"] for t in ss["tasks"]]
    assert tasks[4]["deadline"] == {"text": "2020年10月30日前", "kind": "date", "due": "2020-10-30", "source": "text"}
    assert tasks[0]["deadline"] == {"text": "", "kind": "none", "due": None}
    # The stored notice gives the same JSON back.
    assert main(["show", "1", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    stored = [t for s in shown["sections"] for ss in s["subsections"] for t in ss["tasks"]]
    assert stored[4]["deadline"]["source"] == "text"
