"""The task tree and notice models over real seed notices, checked by Qt's own model tester."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QAbstractItemModelTester

from gkdesk.domain.model import ImportResult, Notice, Section, Subsection, Task
from gkdesk.domain.units import MAY_CONCERN, default_membership, group_kind, unit_key
from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store.browse import TaskBrowser, TaskFilter
from gkdesk.ui.notice_model import NOTICE_ID_ROLE, NoticeTreeModel
from gkdesk.ui.task_model import (
    DEADLINE,
    LEAD,
    NODE_KIND_ROLE,
    NUMBER,
    STATUS,
    TASK_ID_ROLE,
    TEXT,
    TEXT_COLORS,
    TaskTreeModel,
)

FATAL = QAbstractItemModelTester.FailureReportingMode.Fatal
D, T = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole


def load_seed(store: Store, seeds_dir: Path, seed: str) -> tuple[ImportResult, int]:
    result = import_file(next(seeds_dir.glob(f"{seed}_*.txt")))
    return result, store.notices.save_import(result).notice_id


def make_model(store: Store, f: TaskFilter) -> tuple[TaskTreeModel, QAbstractItemModelTester]:
    model = TaskTreeModel(TaskBrowser(store.db))
    tester = QAbstractItemModelTester(model, FATAL)  # re-checks the tree on every reset and insertion
    # The tester runs its checks from the modelReset signal before it marks the reset finished, so
    # its own fetchMore() there would insert rows "during" the reset and fail any synchronous lazy
    # model. The tests fetch themselves (task_indexes) and the tester checks each insertion.
    tester.setUseFetchMore(False)
    model.set_filter(f)
    return model, tester


def task_indexes(model: TaskTreeModel, parent: QModelIndex = QModelIndex()) -> Iterator[QModelIndex]:
    """Every task row in display order, fetching whatever is not loaded yet."""
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    for row in range(model.rowCount(parent)):
        child = model.index(row, 0, parent)
        if model.data(child, NODE_KIND_ROLE) == "task":
            yield child
        else:
            yield from task_indexes(model, child)


def numbers(model: TaskTreeModel) -> list[str]:
    return [model.data(i, D) for i in task_indexes(model)]


def task_id(store: Store, notice_id: int, number: str) -> int:
    return next(t.id for t in store.notices.load_result(notice_id).tasks() if t.number == number)


def test_seed_000_tree_reads_as_the_notice(qtbot, store, seeds_dir):
    result, nid = load_seed(store, seeds_dir, "000")
    model, _tester = make_model(store, TaskFilter(nid))
    first = model.index(0, 0)
    assert model.data(first, D) == "一、围绕贯彻落实党的十九届四中全会精神加强用权公开"
    assert model.data(first, Qt.ItemDataRole.FontRole).bold()
    # Subsections come on expansion; until then one "正在加载…" row that fetches when painted.
    assert model.rowCount(first) == 1 and model.data(model.index(0, 0, first), NODE_KIND_ROLE) == "more"
    model.fetchMore(first)
    assert model.data(model.index(0, 0, first), D) == "（一）以权责清单为依托，加强权力配置信息公开。"
    assert numbers(model) == [t.number for t in result.tasks()]

    ten = model.index_for_task(task_id(store, nid, "10"))
    assert model.data(ten.siblingAtColumn(NUMBER), D) == "10"
    assert model.data(ten.siblingAtColumn(LEAD), D) == "财政局"
    assert model.data(ten, TASK_ID_ROLE) == model.task_id(ten)
    text = model.data(ten.siblingAtColumn(TEXT), T)
    assert text.startswith("加大稳金融政策公开力度") and model.data(ten.siblingAtColumn(TEXT), D) in text
    assert model.data(ten.siblingAtColumn(STATUS), D) == "未开始"


def expected_mine(result: ImportResult, unit: str) -> list[str]:
    """Worked out from the import, not the store: the unit by any spelling, or a group it is in."""
    # 财政局: departments (管委会各部门 …); 有关单位 only "may concern" it, it is not counted as mine.
    groups = default_membership(unit) - MAY_CONCERN
    return [
        t.number for t in result.tasks()
        if any(unit_key(n) == unit_key(unit) or group_kind(n) in groups for n in t.lead + t.responsible)
    ]


@pytest.mark.parametrize("spelling", ["财政局", "区财政局"])
def test_my_unit_sees_tasks_addressed_to_it_or_its_groups(qtbot, store, seeds_dir, spelling):
    result, nid = load_seed(store, seeds_dir, "000")
    model, _tester = make_model(store, TaskFilter(nid, unit=spelling, scope="mine"))
    shown = numbers(model)
    assert shown == expected_mine(result, "财政局")
    # By hand: only 29 (公安分局/卫生健康局/各镇街), 35, 50 and 54 name neither 财政局 nor its groups;
    # 46 (教育局…交通局等有关单位) may concern it and is shown under 可能涉及, not as its own.
    assert {t.number for t in result.tasks()} - set(shown) == {"29", "35", "46", "50", "54"}
    counts = model.counts()
    # Tasks 5, 6, 33 and 34 set their dates in their own text (2020, so overdue now; issue 11).
    assert (counts.total, counts.mine, counts.done, counts.overdue) == (51, 51, 0, 4)
    model.set_filter(TaskFilter(nid, unit=spelling, scope="concern"))
    assert numbers(model) == ["46"]
    model.set_filter(TaskFilter(nid, unit=spelling, scope="lead"))
    assert numbers(model) == ["10", "19"]


def test_group_membership_edit_changes_mine(qtbot, store, seeds_dir):
    _result, nid = load_seed(store, seeds_dir, "000")
    store.units.set_membership("departments", "财政局", False)
    model, _tester = make_model(store, TaskFilter(nid, unit="财政局", scope="mine"))
    # Out of 管委会各部门: what is left names 财政局 itself (46, 47 go to 有关单位: "may concern").
    assert numbers(model) == ["10", "19"]


@pytest.mark.parametrize("query", ["舆情", "政务新媒体", "政府网站 舆情"])
def test_search_finds_the_tasks_containing_it(qtbot, store, seeds_dir, query):
    result, nid = load_seed(store, seeds_dir, "000")
    model, _tester = make_model(store, TaskFilter(nid, query=query))
    expected = [t.number for t in result.tasks() if all(w in t.text for w in query.split())]
    assert expected and numbers(model) == expected
    assert model.counts().total == len(expected)
    assert model.rowCount() < len(result.sections)  # only sections holding a match


def test_deadline_colours_icons_and_done(qtbot, store, seeds_dir):
    result, nid = load_seed(store, seeds_dir, "003")
    today = date(2020, 12, 1)
    overdue = [t for t in result.tasks() if t.deadline.due and t.deadline.due < today]
    assert overdue, "seed 003 has dated deadlines"
    model, _tester = make_model(store, TaskFilter(nid, unit="财政局", today=today))
    late = model.index_for_task(task_id(store, nid, overdue[0].number))
    cell = late.siblingAtColumn(DEADLINE)
    assert model.data(cell, D) == overdue[0].deadline.due.isoformat()
    assert model.data(cell, T).startswith(f"原文：{overdue[0].deadline.text}") and "已逾期" in model.data(cell, T)
    assert model.data(late.siblingAtColumn(TEXT), Qt.ItemDataRole.ForegroundRole) == TEXT_COLORS["overdue"]
    icon = model.data(cell, Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QIcon) and not icon.isNull()

    # 已完成 turns it grey with a check in the status column once the row is re-read.
    store.completions.set_completion(model.task_id(late), "财政局", status="已完成")
    assert model.refresh_task(model.task_id(late))
    assert model.data(late.siblingAtColumn(STATUS), D) == "已完成"
    assert model.data(late, Qt.ItemDataRole.ForegroundRole) == TEXT_COLORS["done"]
    assert model.data(cell, Qt.ItemDataRole.DecorationRole) is None
    assert not model.data(late.siblingAtColumn(STATUS), Qt.ItemDataRole.DecorationRole).isNull()

    # Due in a week: amber with the clock; the filters agree with the colours.
    soon = TaskFilter(nid, unit="财政局", deadline="week", today=date(2020, 12, 26))
    model.set_filter(soon)
    index = next(task_indexes(model))
    assert model.data(index, Qt.ItemDataRole.ForegroundRole) == TEXT_COLORS["soon"]
    assert not model.data(index.siblingAtColumn(DEADLINE), Qt.ItemDataRole.DecorationRole).isNull()
    model.set_filter(TaskFilter(nid, unit="财政局", deadline="overdue", today=today))
    assert numbers(model) == [t.number for t in overdue[1:]]  # the done one is no longer overdue
    assert model.counts().overdue == len([t for t in overdue[1:] if t.number in expected_mine(result, "财政局")])


def test_status_filter_and_counts(qtbot, store, seeds_dir):
    _result, nid = load_seed(store, seeds_dir, "000")
    for number, status in (("10", "已完成"), ("19", "推进中"), ("1", "已完成")):
        store.completions.set_completion(task_id(store, nid, number), "区财政局", status=status)
    model, _tester = make_model(store, TaskFilter(nid, unit="财政局", statuses={"已完成"}))
    assert numbers(model) == ["1", "10"]
    model.set_filter(TaskFilter(nid, unit="财政局", scope="mine", statuses={"未开始"}))
    assert len(numbers(model)) == 51 - 3  # 51 through 管委会各部门 or by name; 46 only "may concern"
    model.set_filter(TaskFilter(nid, unit="财政局"))
    counts = model.counts()
    assert (counts.total, counts.mine, counts.done, counts.overdue) == (56, 51, 2, 4)  # 5, 6, 33, 34


def test_untitled_subsections_hang_tasks_under_the_section(qtbot, store, seeds_dir):
    result, nid = load_seed(store, seeds_dir, "004")  # prose: no （一） level
    model, _tester = make_model(store, TaskFilter(nid))
    model.fetchMore(model.index(0, 0))
    assert model.data(model.index(0, 0, model.index(0, 0)), NODE_KIND_ROLE) == "task"
    assert numbers(model) == [t.number for t in result.tasks()]
    # A section holding loose tasks before its （一）: both stay in document order.
    mixed = ImportResult(Notice(title="混合"), sections=[Section("一、总体", [
        Subsection("", [Task("甲"), Task("乙")]), Subsection("（一）细项", [Task("丙")])])])
    nid = store.notices.save_import(mixed).notice_id
    model.set_filter(TaskFilter(nid))
    section = model.index(0, 0)
    model.fetchMore(section)
    QCoreApplication.processEvents()  # the spent "正在加载…" row goes on the next event loop turn
    assert [model.data(model.index(r, 0, section), D) or model.data(model.index(r, TEXT, section), D)
            for r in range(model.rowCount(section))] == ["甲", "乙", "（一）细项"]
    assert model.index_for_task(task_id(store, nid, "")).row() == 0


def test_hidden_task_has_no_index(qtbot, store, seeds_dir):
    _result, nid = load_seed(store, seeds_dir, "000")
    model, _tester = make_model(store, TaskFilter(nid, query="舆情"))
    assert not model.index_for_task(task_id(store, nid, "10")).isValid()
    assert not model.refresh_task(task_id(store, nid, "10"))


def test_notice_model_groups_by_year(qtbot, store, seeds_dir):
    ids = {seed: load_seed(store, seeds_dir, seed)[1] for seed in ("000", "001", "003")}
    model = NoticeTreeModel(store.notices)
    _tester = QAbstractItemModelTester(model, FATAL)
    assert [model.data(model.index(r, 0), D) for r in range(model.rowCount())] == ["2022年", "2020年"]
    y2020 = model.index(1, 0)
    assert {model.data(model.index(r, 0, y2020), D) for r in range(2)} == {
        "万盛经开办〔2020〕9号", "泗政办秘〔2020〕49号"}
    found = model.index_for_notice(ids["001"])
    assert model.data(found, D) == "江津府办发〔2022〕97号"
    assert model.data(found, NOTICE_ID_ROLE) == model.notice_id(found) == ids["001"]
    assert "政务公开" in model.data(found.siblingAtColumn(1), D)
    model.reload()
    assert model.rowCount() == 2
