"""Step 3: the notice as it was before each revision. Released: never edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database


def notice_versions(db: Database) -> None:
    """The notice as it was before each revision, so the revision can be reverted another day."""
    db.run_script(
        """
CREATE TABLE notice_versions (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    saved_at TEXT NOT NULL,
    result TEXT NOT NULL                       -- the ImportResult before the revision (versions.dump)
);
CREATE INDEX notice_versions_notice ON notice_versions(notice_id, id);
"""
    )
