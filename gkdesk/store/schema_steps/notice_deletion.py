"""Step 7: 删除通知 (issue 11), deleted notices kept as snapshots. Released: never edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database


# 删除通知 (issue 11): a deleted notice is kept as a snapshot of every row that went with it, so the
# deletion can be undone today or reverted from the 操作历史 another day (store/notice_trash.py).
NOTICE_DELETION = """
CREATE TABLE deleted_notices (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL,                -- the id it had, and gets back unless taken since
    deleted_at TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    doc_number TEXT NOT NULL DEFAULT '',
    doc_key TEXT NOT NULL DEFAULT '',
    year INTEGER,
    source_sha256 TEXT,
    files TEXT NOT NULL DEFAULT '[]',          -- sha256 of its evidence files: kept on disk while restorable
    snapshot TEXT NOT NULL                     -- JSON: the rows of each table that went with it
);
"""


def notice_deletion(db: Database) -> None:
    db.run_script(NOTICE_DELETION)
