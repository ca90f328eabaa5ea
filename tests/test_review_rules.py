"""The review rules a clerk relies on: who reviews, what 退回 needs, and the three warning levels."""
from __future__ import annotations

from datetime import date

import pytest

from gkdesk.domain.review import (
    DUE_SOON,
    NORMAL,
    OVERDUE,
    PASSED,
    PENDING,
    RETURNED,
    ReviewError,
    after_change,
    check_transition,
    desk_role,
    warning,
    warning_label,
)
from gkdesk.domain.summary import percent


def test_role_from_own_unit_and_the_notice():
    # 政务服务办 receives the reports (the notice's 报送 recipient): it is the collecting office,
    # under any spelling of its name.
    office = desk_role("江津区政务服务办", ["区政务服务办"], led=12, responsible=3)
    assert office.role == "office" and office.may_review(False) and office.may_review(True)
    lead = desk_role("区司法局", ["区政务服务办"], led=5, responsible=9)
    assert lead.role == "lead" and lead.may_review(True) and not lead.may_review(False)
    resp = desk_role("区商务委", ["区政务服务办"], led=0, responsible=4)
    assert resp.role == "responsible" and not resp.may_review(True)
    assert "由牵头单位审核" in resp.describe()
    assert desk_role("", ["区政务服务办"], 0, 0).describe() == "请先在设置中填写本单位。"
    assert desk_role("区档案馆", ["区政务服务办"], 0, 0).role == "none"


def test_transitions():
    check_transition(PENDING, PASSED, "")
    check_transition(PASSED, RETURNED, "链接打不开")
    with pytest.raises(ReviewError, match="退回原因"):
        check_transition(PENDING, RETURNED, " ")
    with pytest.raises(ReviewError, match="不能设为“待审核”"):
        check_transition(PASSED, PENDING, "")
    assert after_change(PASSED) == PENDING and after_change(RETURNED) == PENDING


def test_three_warning_levels():
    today = date(2022, 9, 20)
    assert warning(date(2022, 9, 19), today) == OVERDUE
    assert warning(date(2022, 9, 19), today, done=True) == NORMAL
    assert warning(date(2022, 9, 20), today) == DUE_SOON
    assert warning(date(2022, 9, 23), today, soon_days=3) == DUE_SOON
    assert warning(date(2022, 9, 24), today, soon_days=3) == NORMAL
    assert warning(date(2022, 9, 27), today, soon_days=7) == DUE_SOON
    assert warning(None, today) == NORMAL
    # A symbol beside the colour so the level reads in black-and-white print.
    assert [warning_label(x) for x in (NORMAL, DUE_SOON, OVERDUE)] == ["○ 正常", "▲ 即将到期", "■ 已逾期"]


def test_percent_rounds_half_up():
    assert [percent(6, 22), percent(16, 22), percent(1, 8), percent(0, 0), percent(3, 3)] == [27, 73, 13, 0, 100]


def test_a_store_from_before_reviews_upgrades_and_keeps_its_entries(tmp_path):
    """A data folder written by the gkdesk before 审核 existed: the new step adds reviews and its triggers."""
    from gkdesk.store import Store, schema
    from tests.fixtures.released_stores import unpack_store

    reviews_step = next(n for n, step in schema.STEPS if step is schema._reviews)
    folder, expected = unpack_store(reviews_step - 1, tmp_path)  # written by that version's own code
    c = expected["completions"][0]
    store = Store.open(folder)
    try:
        assert store.db.has_table("reviews")
        task = store.db.scalar("SELECT id FROM tasks WHERE number = ? ORDER BY seq LIMIT 1", (c["task"],))
        assert store.completions.get_completion(task, c["unit"]).text == c["text"]
        office = store.db.scalar("SELECT recipient FROM report_deadlines WHERE recipient <> '' LIMIT 1")
        store.reviews.set_review(task, c["unit"], PASSED, who="张三", reviewer=office)
        assert store.reviews.get(task, c["unit"]).state == PASSED
        store.completions.set_completion(task, c["unit"], status="推进中", who="李四")
        assert store.reviews.get(task, c["unit"]).state == PENDING
    finally:
        store.close()
