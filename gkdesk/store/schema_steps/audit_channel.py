"""Step 2: the audit log gets a `channel` column apart from `who`. Released: never edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database


def add_audit_channel(db: Database) -> None:
    """audit_log.who held a unit or a channel word; the channel gets its own column."""
    db.execute("ALTER TABLE audit_log ADD COLUMN channel TEXT NOT NULL DEFAULT ''")
    # Before this step the command line and the bundled sample wrote their channel into `who`.
    db.execute("UPDATE audit_log SET channel = who, who = '' WHERE who IN ('命令行', '示例')")
