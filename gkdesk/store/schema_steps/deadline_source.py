"""Step 4: where a task's deadline was read. Released: never edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database


def task_deadline_source(db: Database) -> None:
    """Where a task's deadline was read: 'column' (the notice's 完成时限) or 'text' (the task's words)."""
    db.run_script(
        "ALTER TABLE tasks ADD COLUMN deadline_source TEXT NOT NULL DEFAULT 'column' "
        "CHECK (deadline_source IN ('column', 'text'));"
    )
