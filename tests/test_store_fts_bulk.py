"""Saving an import fills the full-text index in one statement, and leaves it exactly right.

store/fts.py pauses the per-row triggers while a tree is written; these stories check the index
afterwards against the tasks themselves, for a new notice, a revision, a preview and later edits.
"""

from __future__ import annotations

import pytest

from gkdesk.store import Store
from tests.fixtures.big_store import big_result

TASKS = 400  # behaviour, not size: the bench stores 20,000


def index_rows(store: Store) -> dict[int, tuple]:
    return {r[0]: (r[1], r[2], r[3], sorted(r[4].split())) for r in store.db.query(
        "SELECT rowid, number, title, text, units FROM task_fts")}


def expected_rows(store: Store) -> dict[int, tuple]:
    """What the per-row triggers would have written: each task with its units' names."""
    units: dict[int, list[str]] = {}
    for r in store.db.query("SELECT tu.task_id, u.name FROM task_units tu JOIN units u ON u.id = tu.unit_id"):
        units.setdefault(r[0], []).append(r[1])
    return {r[0]: (r[1], r[2], r[3], sorted(units.get(r[0], []))) for r in store.db.query(
        "SELECT id, number, title, text FROM tasks")}


def triggers(store: Store) -> list[tuple[str, str]]:
    return [tuple(r) for r in store.db.query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")]


@pytest.fixture
def store(store):
    if not store.db.fts:
        pytest.skip("SQLite here has no trigram FTS5")
    return store


def test_a_new_notice_is_indexed_task_for_task(store):
    before = triggers(store)
    nid = store.notices.save_import(big_result(TASKS)).notice_id
    assert len(expected_rows(store)) == TASKS
    assert index_rows(store) == expected_rows(store)
    task = store.db.query_one("SELECT id FROM tasks WHERE notice_id = ? AND number = '123'", (nid,))
    assert store.notices.search("第123项工作") == [task["id"]]
    # A unit name is found through the index too (a word of 3+ characters goes to FTS).
    lead = store.db.scalar("SELECT count(*) FROM task_units tu JOIN units u ON u.id = tu.unit_id "
                           "WHERE u.name = '区大数据发展局'")
    assert lead and len(store.notices.search("区大数据发展局", limit=TASKS)) == lead
    assert triggers(store) == before  # the per-row triggers are back, exactly as stored


def test_a_revised_import_keeps_the_index_right(store):
    store.notices.save_import(big_result(TASKS))
    revised = big_result(TASKS, shift=TASKS // 2)  # half the tasks gone, as many new ones
    revised.sections[0].subsections[0].tasks[0].lead = ["区审计局"]
    outcome = store.notices.save_import(revised)
    assert outcome.status == "revised"
    assert index_rows(store) == expected_rows(store)
    assert len(index_rows(store)) == TASKS
    assert store.notices.search("第1项工作") == []  # dropped with the revision
    assert len(store.notices.search(f"第{TASKS + TASKS // 2}项工作")) == 1  # added by it
    assert len(store.notices.search("区审计局")) == 1  # a kept task's new lead unit


def test_a_second_notice_leaves_the_first_ones_index_alone(store):
    store.notices.save_import(big_result(TASKS))
    first = index_rows(store)
    store.notices.save_import(big_result(50, doc_number="测试〔2021〕21号", sections=2, subsections=5))
    rows = index_rows(store)
    assert len(rows) == TASKS + 50
    assert {k: rows[k] for k in first} == first
    assert rows == expected_rows(store)


def test_a_preview_changes_neither_the_index_nor_the_triggers(store):
    store.notices.save_import(big_result(TASKS))
    rows, before = index_rows(store), triggers(store)
    store.notices.preview_import(big_result(TASKS, shift=10))
    assert index_rows(store) == rows
    assert triggers(store) == before


def test_edits_after_the_save_still_reach_the_index(store):
    """The triggers are live again: a task edited and a unit removed after the import show up."""
    nid = store.notices.save_import(big_result(TASKS)).notice_id
    task_id = store.db.scalar("SELECT id FROM tasks WHERE notice_id = ? AND number = '7'", (nid,))
    with store.db.transaction():
        store.db.execute("UPDATE tasks SET text = '规范行政执法公示信息' WHERE id = ?", (task_id,))
        store.db.execute("DELETE FROM task_units WHERE task_id = ? AND role = 'lead'", (task_id,))
    assert store.notices.search("行政执法公示") == [task_id]
    assert index_rows(store) == expected_rows(store)


def test_the_index_is_written_by_a_few_statements_not_per_task(store):
    """The old path ran a trigger per task and per task_units row (≈3 index writes per task).

    SQLite's statement trace reports a statement again at the start of each trigger program it
    runs, so an INSERT seen exactly once per row means no trigger fired for it.
    """
    seen: list[str] = []
    store.db._conn.set_trace_callback(seen.append)
    try:
        store.notices.save_import(big_result(TASKS))
    finally:
        store.db._conn.set_trace_callback(None)
    links = store.db.scalar("SELECT count(*) FROM task_units")
    assert sum(1 for s in seen if s.startswith("INSERT INTO tasks(")) == TASKS
    assert sum(1 for s in seen if s.startswith("INSERT INTO task_units(")) == links
    writes = [s for s in seen if s.startswith(("INSERT INTO task_fts(", "DELETE FROM task_fts "))]
    assert len(writes) == 2, writes  # the notice's old rows out, all its tasks in: one statement each


def test_the_refill_hands_the_index_its_tasks_in_rowid_order(store):
    """FTS5 flushes its pending terms to a new segment whenever a rowid is lower than the last one
    written; the refill's SELECT (the rows INSERT … SELECT writes) must come in ascending id
    order, whatever index the planner picks for `notice_id = ?` (tasks_content_key is in key order)."""
    from gkdesk.store import fts

    notice_id = store.notices.save_import(big_result(TASKS)).notice_id
    select = "SELECT" + fts._REFILL.split("SELECT", 1)[1]
    ids = [r[0] for r in store.db.query(select, (notice_id,))]
    assert len(ids) == TASKS
    assert ids == sorted(ids), ids[:10]
    # The order a plain walk by notice_id would give is not the id order (the test can fail).
    by_key = [r[0] for r in store.db.query(
        "SELECT t.id FROM tasks t INDEXED BY tasks_content_key WHERE t.notice_id = ?", (notice_id,))]
    assert by_key != sorted(by_key)
