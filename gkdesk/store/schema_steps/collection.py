"""Step 5: collection between units (issue 12). Released: never edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database


# Collection between units (issue 12): the 单位名单, rounds, sheets sent, returns taken and the
# conflicts a take-back left for the clerk. One step; the integrator may renumber it.
COLLECTION = """
ALTER TABLE completions ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE unit_list (
    unit_id INTEGER PRIMARY KEY REFERENCES units(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    source TEXT NOT NULL DEFAULT '',           -- 手工录入 / 粘贴 / the spreadsheet's file name
    added_at TEXT NOT NULL
);

CREATE TABLE collection_rounds (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,                   -- 第N轮, per notice and collector
    collector TEXT NOT NULL,                   -- the collecting unit's name
    notice_key TEXT NOT NULL,                  -- domain.collection.notice_key
    report_due TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (notice_id, collector, number)
);

CREATE TABLE collection_sheets (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES collection_rounds(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    file_name TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    UNIQUE (round_id, unit_id)
);

CREATE TABLE collection_sheet_tasks (
    sheet_id INTEGER NOT NULL REFERENCES collection_sheets(id) ON DELETE CASCADE,
    task_key TEXT NOT NULL,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    digest TEXT NOT NULL,                      -- HMAC of identity + fixed texts
    sent TEXT NOT NULL DEFAULT '{}',           -- the values the sheet was pre-filled with (JSON)
    PRIMARY KEY (sheet_id, task_key)
) WITHOUT ROWID;

CREATE TABLE collection_returns (
    id INTEGER PRIMARY KEY,
    round_id INTEGER REFERENCES collection_rounds(id) ON DELETE CASCADE,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    kind TEXT NOT NULL,                        -- sheet / table
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    taken_at TEXT NOT NULL,
    rows_filled INTEGER NOT NULL,
    rows_empty INTEGER NOT NULL,
    changed INTEGER NOT NULL DEFAULT 0,        -- fields written into completions
    UNIQUE (notice_id, unit_id, file_sha256)
);
CREATE INDEX collection_returns_round ON collection_returns(round_id, unit_id);

CREATE TABLE collection_conflicts (
    id INTEGER PRIMARY KEY,
    return_id INTEGER NOT NULL REFERENCES collection_returns(id) ON DELETE CASCADE,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    field TEXT NOT NULL,
    ours TEXT NOT NULL,
    theirs TEXT NOT NULL,
    resolution TEXT                            -- NULL open; ours / theirs once the clerk chose
);
CREATE INDEX collection_conflicts_return ON collection_conflicts(return_id);

CREATE TABLE received_sheets (
    id INTEGER PRIMARY KEY,                    -- a 填报表 this unit received from its collector
    notice_id INTEGER REFERENCES notices(id) ON DELETE SET NULL,
    notice_key TEXT NOT NULL,
    round_no INTEGER NOT NULL,
    collector TEXT NOT NULL,
    unit TEXT NOT NULL,
    identity TEXT NOT NULL,                    -- JSON: headers, rows (key, fixed, digest)
    file_name TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (notice_key, round_no, collector, unit)
);
"""


def collection(db: Database) -> None:
    db.run_script(COLLECTION)
