"""Group words: 各部门/各镇街 make a task a unit's own; 有关单位 and 区政府有关部门 only "may concern" it.

Expectations are built from seeds 000 (万盛经开区) and 001 (江津区) as imported, not from the store.
"""
from __future__ import annotations

import pytest

from gkdesk.domain.units import (
    MAY_CONCERN,
    default_membership,
    group_kind,
    may_concern_kinds,
)
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store.browse import TaskFilter
from tests.fixtures.seed_docs import seed_dir

SEEDS = seed_dir()


@pytest.fixture
def seeded(data_home):
    st = Store.open(data_home)
    st.results = {}  # type: ignore[attr-defined]
    for sid in ("000", "001"):
        nid = st.notices.save_import(import_file(next(SEEDS.glob(f"{sid}_*.txt"))), who="测试").notice_id
        st.results[sid] = (nid, st.notices.load_result(nid))  # type: ignore[attr-defined]
    yield st
    st.close()


def numbers_of(result, pred) -> list[int]:
    return [t.id for t in result.tasks() if pred(t.lead + t.responsible)]


def test_group_word_kinds():
    assert group_kind("区政府有关部门") == "related_departments"
    assert group_kind("有关部门") == "related_departments"
    assert group_kind("有关单位") == group_kind("各有关单位") == "related"
    assert group_kind("区疫情防控工作领导小组成员单位") == "related"
    assert group_kind("各镇（街道）") == "towns" and group_kind("管委会各部门") == "departments"
    # "Mine" never comes from a vague word; what may concern a unit depends on what it is.
    assert not (default_membership("财政局") - MAY_CONCERN) & MAY_CONCERN
    assert may_concern_kinds(default_membership("区财政局")) == {"related", "related_departments"}
    assert may_concern_kinds(default_membership("几江街道")) == {"related"}


def test_caizhengju_of_seed_000_gets_the_tasks_of_guanweihui_gebumen(seeded):
    nid, result = seeded.results["000"]
    mine = {t.task_id for t in seeded.notices.tasks_for_unit(nid, "财政局")}
    via_group = set(numbers_of(result, lambda names: "管委会各部门" in names))
    named = set(numbers_of(result, lambda names: any(n in ("财政局", "区财政局") for n in names)))
    assert mine == via_group | named and len(via_group) == 51 and named <= via_group
    # 46: "教育局…交通局等有关单位" — may concern 财政局, not its own.
    maybe = seeded.notices.tasks_for_unit(nid, "财政局", concerning=True)
    task46 = next(t.id for t in result.tasks() if t.number == "46")
    assert [(t.task_id, t.via) for t in maybe] == [(task46, ("有关单位",))]
    assert task46 not in mine


def test_a_town_of_seed_001_gets_the_20_tasks_of_gezhen_jiedao(seeded):
    nid, result = seeded.results["001"]
    mine = {t.task_id for t in seeded.notices.tasks_for_unit(nid, "几江街道")}
    via_towns = set(numbers_of(result, lambda names: "各镇（街道）" in names))
    assert mine == via_towns and len(mine) == 20
    # 区政府有关部门 is a department word: not even "may concern" for a town.
    maybe = seeded.notices.tasks_for_unit(nid, "几江街道", concerning=True)
    assert "区政府有关部门" not in {v for t in maybe for v in t.via}
    assert {v for t in maybe for v in t.via} == {"区疫情防控工作领导小组成员单位", "各政务服务场所"}


def test_a_department_of_seed_001_may_be_concerned_by_quzhengfu_youguan_bumen(seeded):
    nid, result = seeded.results["001"]
    mine = {t.task_id for t in seeded.notices.tasks_for_unit(nid, "区财政局")}
    assert "区政府有关部门" not in {v for t in seeded.notices.tasks_for_unit(nid, "区财政局") for v in t.via}
    maybe = {t.task_id: t.via for t in seeded.notices.tasks_for_unit(nid, "区财政局", concerning=True)}
    youguan = set(numbers_of(result, lambda names: "区政府有关部门" in names)) - mine
    assert youguan and youguan <= set(maybe)


def test_the_desk_filter_shows_what_may_concern_the_unit(seeded):
    from gkdesk.store.browse import TaskBrowser

    nid, result = seeded.results["000"]
    browser = TaskBrowser(seeded.db)

    def shown(scope: str) -> list[str]:
        f = TaskFilter(nid, unit="区财政局", scope=scope)
        ids = [i for sec in browser.sections(f) for sub in browser.subsections(f, sec.id)
               for i in browser.task_ids(f, sub.id)]
        return [t.number for t in result.tasks() if t.id in ids]

    assert shown("concern") == ["46"]
    mine = shown("mine")
    assert len(mine) == 51 and "46" not in mine
    assert browser.counts(TaskFilter(nid, unit="区财政局")).mine == 51


def test_the_desk_filter_bar_offers_keyi_sheji(qtbot):
    from gkdesk.ui.filter_bar import FilterBar

    bar = FilterBar()
    qtbot.addWidget(bar)
    bar.scope_buttons["concern"].click()
    assert bar.scope == "concern" and bar.scope_buttons["concern"].text() == "可能涉及"


def test_the_task_detail_marks_what_may_concern_the_unit(seeded):
    from gkdesk.store.task_detail import get_task

    _nid, result = seeded.results["000"]
    by_number = {t.number: t.id for t in result.tasks()}
    maybe = get_task(seeded.db, by_number["46"], "区财政局")
    assert maybe.my_role is None and maybe.may_concern == ("有关单位",)
    mine = get_task(seeded.db, by_number["47"], "区财政局")
    assert mine.my_role == "responsible" and mine.my_via == ("管委会各部门",) and mine.may_concern == ()
