"""The full-text index during a save: per-row triggers paused, the index refilled in one statement.

The triggers of schema.V1_FTS re-index a task once for its own row and once more for each of its
task_units rows (an FTS5 update is a delete plus an insert), which was ~80 % of storing a large
tree. While a notice's tree is written they are dropped, and its tasks are indexed afterwards by
one INSERT … SELECT in the same transaction; the triggers are then recreated from their own
stored SQL, so whatever a schema step defines is what comes back (and a rollback restores them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from gkdesk.store.db import Database

# The triggers a tree write fires per row. tasks_fts_delete stays: removed tasks leave the index
# through it, and units_fts_rename is not fired by a save.
PAUSED = ("tasks_fts_insert", "tasks_fts_update", "task_units_fts_insert", "task_units_fts_delete")

_REFILL = (
    "INSERT INTO task_fts(rowid, number, title, text, units) "
    "SELECT t.id, t.number, t.title, t.text, "
    "(SELECT coalesce(group_concat(u.name, ' '), '') FROM task_units tu JOIN units u ON u.id = tu.unit_id "
    " WHERE tu.task_id = t.id) "
    # In rowid order: FTS5 flushes its pending terms whenever a rowid is lower than the last one
    # written, and tasks_content_key (the index this WHERE picks) hands the tasks over in key
    # order; 100,000 tiny segments cost 5x the whole index.
    "FROM tasks t WHERE t.notice_id = ? ORDER BY t.id"
)


def reindex_notice(db: Database, notice_id: int) -> None:
    """Index every task of the notice afresh (its old index rows, if any, go first)."""
    db.execute(
        "DELETE FROM task_fts WHERE rowid IN (SELECT id FROM tasks WHERE notice_id = ?)", (notice_id,)
    )
    db.execute(_REFILL, (notice_id,))


@contextmanager
def deferred(db: Database) -> Iterator[Callable[[int], None]]:
    """Inside a transaction: pause the per-row triggers; call the yielded function with the
    notice id once its tree is written to index it in one statement."""
    names = ", ".join("?" * len(PAUSED))
    saved = db.query(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({names})", PAUSED
    )
    if not saved:  # no FTS table (SQLite without trigram): nothing to index
        yield lambda notice_id: None
        return
    for row in saved:
        db.execute(f"DROP TRIGGER {row['name']}")
    try:
        yield lambda notice_id: reindex_notice(db, notice_id)
    finally:
        for row in saved:
            db.execute(row["sql"])
