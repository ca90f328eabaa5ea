"""Which plan answers a search (issue 16), shown by EXPLAIN QUERY PLAN, not by a clock.

A word found in every task is answered by reading the notice in document order until the page is
full (the full-text index would hand over every match first); a rare word by the trigram index,
after at most a bounded stretch of tasks. Both give the tasks a plain LIKE over the same fields
gives, in document order.
"""
from __future__ import annotations

import pytest

from gkdesk.store.search import search
from tests.fixtures.big_store import big_result

TASKS = 2_000
PAGE = 50  # the stretch read first is search.SCAN_PAGES (8) pages: 400 tasks of the 2,000


@pytest.fixture
def big(store):
    notice_id = store.notices.save_import(big_result(TASKS)).notice_id
    return store, notice_id


def record_statements(monkeypatch, db) -> list[tuple[str, tuple]]:
    """Every statement the search runs on the store, with its parameters."""
    seen: list[tuple[str, tuple]] = []
    for name in ("query", "query_one", "column"):
        real = getattr(db, name)

        def wrapper(sql, params=(), _real=real):
            seen.append((sql, tuple(params)))
            return _real(sql, params)

        monkeypatch.setattr(db, name, wrapper)
    return seen


def plan(db, sql: str, params: tuple) -> list[str]:
    return [r[3] for r in db.query(f"EXPLAIN QUERY PLAN {sql}", params)]


def task_reads(db, seen) -> list[tuple[str, list[str]]]:
    """The statements that pick task ids, with their plans."""
    return [(sql, plan(db, sql, params)) for sql, params in seen if sql.startswith("SELECT t.id FROM tasks t")]


def like_oracle(db, word: str, limit: int) -> list[int]:
    like = f"%{word}%"
    return [r[0] for r in db.query(
        "SELECT t.id FROM tasks t WHERE t.text LIKE ?1 OR t.title LIKE ?1 OR t.number LIKE ?1 OR t.id IN "
        "(SELECT tu.task_id FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE u.name LIKE ?1) "
        "ORDER BY t.notice_id, t.seq LIMIT ?2", (like, limit))]


def test_a_word_in_every_task_fills_its_page_in_document_order_without_the_index(monkeypatch, big):
    store, notice_id = big
    seen = record_statements(monkeypatch, store.db)
    found = search(store.db, "落实到位", limit=PAGE)
    monkeypatch.undo()
    first = [r[0] for r in store.db.query(
        "SELECT id FROM tasks WHERE notice_id = ? ORDER BY seq LIMIT ?", (notice_id, PAGE))]
    assert found == first == like_oracle(store.db, "落实到位", PAGE)
    assert store.db.scalar("SELECT text FROM tasks WHERE id = ?", (found[0],)).endswith("第1项工作按要求落实到位。")
    assert not any("task_fts" in sql for sql, _ in seen), [s for s, _ in seen]
    reads = task_reads(store.db, seen)
    assert len(reads) == 1, reads
    # The bounded stretch: an index range on (notice_id, seq), never a scan of every task.
    (sql, steps), = reads
    assert any(s.startswith("SEARCH t USING INDEX tasks_notice ((notice_id,seq)<") for s in steps), steps


def test_a_rare_word_is_answered_by_the_trigram_index(monkeypatch, big):
    store, _ = big
    seen = record_statements(monkeypatch, store.db)
    found = search(store.db, "第1777项", limit=PAGE)
    monkeypatch.undo()
    assert found == like_oracle(store.db, "第1777项", PAGE)
    assert len(found) == 1
    assert store.db.scalar("SELECT number FROM tasks WHERE id = ?", (found[0],)) == "1777"
    reads = task_reads(store.db, seen)
    # First the stretch of SCAN_PAGES pages (too few hits there), then the index.
    assert len(reads) == 2, reads
    stretch, index = reads
    assert any("(notice_id,seq)<" in s for s in stretch[1]), stretch
    assert "task_fts MATCH" in index[0]
    assert any(s.startswith("SCAN task_fts VIRTUAL TABLE INDEX") for s in index[1]), index
    # No step of either reads every task without an index.
    assert not any(s == "SCAN t" for _, steps in reads for s in steps), reads


def test_a_short_word_is_scanned_once_with_no_probe_of_units_it_does_not_name(monkeypatch, big):
    """细化 names no unit and no 完成情况: the one scan carries neither subquery."""
    store, _ = big
    seen = record_statements(monkeypatch, store.db)
    found = search(store.db, "细化", limit=PAGE)
    monkeypatch.undo()
    assert found and found == like_oracle(store.db, "细化", PAGE)
    reads = task_reads(store.db, seen)
    assert len(reads) == 1, reads
    sql, _steps = reads[0]
    assert "task_units" not in sql and "completions" not in sql and "task_fts" not in sql, sql
    # A short word that is part of unit names reaches their tasks through the unit index.
    seen = record_statements(monkeypatch, store.db)
    found = search(store.db, "财政", limit=PAGE)
    monkeypatch.undo()
    assert found == like_oracle(store.db, "财政", PAGE)
    (sql, steps), = task_reads(store.db, seen)
    assert any("task_units_unit" in s for s in steps), steps


def test_what_a_unit_wrote_is_found_by_the_scan_and_by_the_index(big):
    """A 完成情况 holding the word joins the scan only when some 完成情况 holds it."""
    store, notice_id = big
    late = store.db.scalar("SELECT id FROM tasks WHERE notice_id = ? AND number = '1900'", (notice_id,))
    store.completions.set_completion(late, "区财政局", text="已开设减税降费专栏，按月更新")
    # Rare (3+ characters): past the stretch, the index path still reads completions.
    assert search(store.db, "减税降费", limit=PAGE) == [late]
    # Short: the one scan over the notice.
    assert search(store.db, "专栏", limit=PAGE) == [late]
    # Two terms: one in every task's text, the other only in what the unit wrote.
    both = search(store.db, "落实到位 按月", limit=PAGE)
    assert both == [late]
