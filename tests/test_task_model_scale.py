"""A notice of 100,000 tasks: the tree opens and searches by reading a few hundred rows.

Rows are counted where the store hands them to Python (`Database.counting()`), not by asking the
model; time is measured only in bench/bench_tree.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QTreeView

from gkdesk.domain.model import ImportResult, Notice, Section, Subsection, Task
from gkdesk.store import Store, schema
from gkdesk.store.browse import TaskBrowser, TaskFilter
from gkdesk.ui.task_model import LEAD, NODE_KIND_ROLE, PAGE, TEXT, TaskTreeModel

SECTIONS, SUBSECTIONS, TASKS = 10, 10, 1000  # 100,000 tasks
LEADS = ("区财政局", "区政府办公室", "区发展改革委", "区卫生健康委", "区教委", "区司法局", "石林镇")
RARE_SHORT, RARE_LONG = "舆情", "网站集约化"  # 2 characters: LIKE; 5: the trigram index
MAX_ROWS = 2000
TODAY = date(2020, 12, 1)


def task_text(n: int) -> str:
    extra = f"，做好{RARE_SHORT}回应" if n % 97 == 0 else ""
    extra += f"，推进{RARE_LONG}建设" if n % 101 == 0 else ""
    return f"第{n}项：加强政府信息公开平台建设，规范政务新媒体管理{extra}。"


def build_big_notice(store: Store) -> int:
    """Store a 10 × 10 × 1000 notice; returns its id.

    The skeleton (notice, sections, subsections, units with their default groups) goes through
    save_import. save_import would take ~22 s for all 100,000 tasks, mostly in the full-text
    trigger that re-indexes a task's unit names once per task_units row, so the tasks are bulk
    inserted here with those triggers off and the index filled in one statement, then the
    triggers restored exactly as schema.V1_FTS defines them.
    """
    units = [*LEADS, "区政府各部门", "各镇街", "有关单位"]
    skeleton = ImportResult(
        Notice(doc_number="测试〔2020〕100号", title="十万项任务的通知", year=2020),
        sections=[Section(f"{s + 1}、第{s + 1}部分", [
            Subsection(f"（{ss + 1}）第{s + 1}.{ss + 1}小节",
                       [Task("占位", lead=units) if (s, ss) == (0, 0) else Task(f"占位{s}.{ss}")])
            for ss in range(SUBSECTIONS)]) for s in range(SECTIONS)],
    )
    notice_id = store.notices.save_import(skeleton).notice_id
    db = store.db
    unit_id = {u.name: u.id for u in store.units.list_units()}
    subs = [r[0] for r in db.query(
        "SELECT ss.id FROM subsections ss JOIN sections s ON s.id = ss.section_id "
        "WHERE s.notice_id = ? ORDER BY s.position, ss.position", (notice_id,))]
    triggers = re.findall(r"CREATE TRIGGER (?:tasks_fts_insert|task_units_fts_insert)\b.*?END;",
                          schema.V1_FTS, re.DOTALL)
    with db.transaction():
        db.execute("DELETE FROM tasks WHERE notice_id = ?", (notice_id,))
        for t in triggers if db.fts else []:
            db.execute(f"DROP TRIGGER {t.split()[2]}")
        tasks, links, n = [], [], 0
        for sub in subs:
            for pos in range(TASKS):
                n += 1
                dated = n % 3 != 0
                tasks.append((sub, notice_id, pos, n, str(pos + 1), task_text(n),
                              "2020年11月底前" if dated else "持续推进", "date" if dated else "ongoing",
                              ("2020-11-30" if n % 2 else "2020-12-05") if dated else None,
                              hashlib.sha1(str(n).encode()).hexdigest()))
                links.append((n, "lead", 0, unit_id[LEADS[n % len(LEADS)]]))
                for i, name in enumerate(("区政府各部门", "各镇街") if n % 4 else ("有关单位",)):
                    links.append((n, "responsible", i, unit_id[name]))
        first = int(db.scalar("SELECT coalesce(max(id), 0) FROM tasks")) + 1
        db.executemany(
            "INSERT INTO tasks(id, subsection_id, notice_id, position, seq, number, text, deadline_text, "
            "deadline_kind, deadline_due, content_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(first + t[3] - 1, *t) for t in tasks])
        db.executemany("INSERT INTO task_units(task_id, role, position, unit_id) VALUES (?, ?, ?, ?)",
                       [(first + link[0] - 1, *link[1:]) for link in links])
        if db.fts:
            db.execute(
                "INSERT INTO task_fts(rowid, number, title, text, units) SELECT t.id, t.number, t.title, "
                "t.text, (SELECT coalesce(group_concat(u.name, ' '), '') FROM task_units tu "
                "JOIN units u ON u.id = tu.unit_id WHERE tu.task_id = t.id) FROM tasks t WHERE t.notice_id = ?",
                (notice_id,))
            for t in triggers:
                db.execute(t)
    return notice_id


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Iterator[tuple[Store, int]]:
    store = Store.open(Path(tmp_path_factory.mktemp("big")))
    notice_id = build_big_notice(store)
    yield store, notice_id
    store.close()


def open_tree(qtbot, store: Store, f: TaskFilter) -> tuple[TaskTreeModel, QTreeView, QModelIndex]:
    """What the window does: show the tree, expand the first section and its first subsection."""
    model = TaskTreeModel(TaskBrowser(store.db))
    model.set_filter(f)
    view = QTreeView()
    view.setUniformRowHeights(True)
    view.setModel(model)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    section = model.index(0, 0)
    view.expand(section)  # fetchMore from the view, or the painted "正在加载…" row, loads it
    qtbot.waitUntil(lambda: model.data(model.index(0, 0, section), NODE_KIND_ROLE) == "subsection")
    sub = model.index(0, 0, section)
    view.expand(sub)  # … and the first page of tasks
    qtbot.waitUntil(lambda: model.data(model.index(0, 0, sub), NODE_KIND_ROLE) == "task")
    view.grab()  # a real paint (after the pending layout): the visible rows' data() is read here
    return model, view, sub


def test_store_holds_100k_tasks(big):
    store, notice_id = big
    assert store.db.scalar("SELECT count(*) FROM tasks WHERE notice_id = ?", (notice_id,)) == 100_000
    assert len(store.notices.search(RARE_LONG, notice_id, limit=10_000)) == 100_000 // 101


def test_open_reads_only_the_first_page(qtbot, big):
    store, notice_id = big
    with store.db.counting() as reads:
        model, view, sub = open_tree(qtbot, store, TaskFilter(notice_id, unit="财政局", today=TODAY))
        counts = model.counts()
    assert model.rowCount() == SECTIONS
    # A page, or a few: QTreeView fetches again while its scroll bar is not laid out yet.
    loaded = model.rowCount(sub) - 1  # the last row is "还有 N 项"
    assert loaded % PAGE == 0 and PAGE <= loaded < TASKS and model.canFetchMore(sub)
    assert model.data(model.index(0, TEXT, sub)).startswith("第1项：")
    assert model.data(model.index(0, LEAD, sub)) == LEADS[1]
    assert counts.total == 100_000 and counts.mine > 0
    assert reads.rows < MAX_ROWS, reads.rows
    print(f"open: {reads.rows} rows read, {loaded} task ids loaded")

    # Scrolling down to the branch's last row ("还有 N 项，正在加载…") loads the next page.
    more = model.index(model.rowCount(sub) - 1, TEXT, sub)
    assert model.data(more, NODE_KIND_ROLE) == "more"
    with store.db.counting() as more_reads:
        view.scrollTo(more)
        view.grab()
        qtbot.waitUntil(lambda: model.rowCount(sub) > loaded + 1)
        view.grab()
    assert more_reads.rows < MAX_ROWS, more_reads.rows
    print(f"scroll to the more row: {more_reads.rows} rows read, {model.rowCount(sub)} rows in the branch")


@pytest.mark.parametrize("query", [RARE_SHORT, RARE_LONG])
def test_search_reads_only_its_first_page(qtbot, big, query):
    store, notice_id = big
    with store.db.counting() as reads:
        model, _view, sub = open_tree(qtbot, store, TaskFilter(notice_id, unit="财政局", query=query))
        counts = model.counts()
    assert model.data(sub, NODE_KIND_ROLE) == "subsection"
    first = model.data(model.index(0, TEXT, sub))
    assert query in first
    print(f"search {query}: {reads.rows} rows read")
    step = 97 if query == RARE_SHORT else 101
    assert counts.total == 100_000 // step
    assert reads.rows < MAX_ROWS, reads.rows


def test_mine_and_deadline_filters_and_a_deep_task(qtbot, big):
    store, notice_id = big
    f = TaskFilter(notice_id, unit="区财政局", scope="lead", deadline="overdue", today=TODAY)
    with store.db.counting() as reads:
        model, _view, sub = open_tree(qtbot, store, f)
        counts = model.counts()
    assert model.rowCount(sub) > 0
    assert reads.rows < MAX_ROWS, reads.rows
    print(f"lead + overdue: {reads.rows} rows read")
    # Lead 区财政局 is every 7th task; overdue on 2020-12-01 are those due 2020-11-30 (odd, dated).
    expected = sum(1 for n in range(1, 100_001) if n % 7 == 1 and n % 3 and n % 2)
    assert counts.total == expected == counts.overdue

    last = int(store.db.scalar("SELECT max(id) FROM tasks WHERE notice_id = ?", (notice_id,)))
    model.set_filter(TaskFilter(notice_id, unit="财政局", today=TODAY))
    with store.db.counting() as reads:
        index = model.index_for_task(last)
        text = model.data(index.siblingAtColumn(TEXT))
    assert text.startswith("第100000项")
    assert reads.rows < 2 * MAX_ROWS, reads.rows  # the 1,000 ids before it, one page of rows
    print(f"index_for_task(last): {reads.rows} rows read")


def test_the_real_window_opens_and_searches_the_big_store(qtbot, big):
    """The desk itself on 100,000 tasks: window, reminders, counts and a search read few rows."""
    from gkdesk.ui.main_window import MainWindow

    store, notice_id = big
    store.settings.own_unit = "财政局"
    try:
        with store.db.counting() as reads:
            w = MainWindow(store, TODAY)
            qtbot.addWidget(w)
            w.resize(1400, 860)
            w.show()
            qtbot.waitExposed(w)
            w.grab()
        assert w.task_model.rowCount() == SECTIONS
        qtbot.waitUntil(lambda: w.counts_label.text().startswith("共 100000 项"))
        assert reads.rows < MAX_ROWS, reads.rows
        with store.db.counting() as reads:
            w.filter_bar.search.setText(RARE_LONG)
            w.apply_filter()
            w.grab()
        assert w.task_model.rowCount() > 0
        assert reads.rows < MAX_ROWS, reads.rows
        w.detach_models()
        w.close()
    finally:
        store.settings.own_unit = ""
