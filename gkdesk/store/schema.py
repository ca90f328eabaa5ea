"""Schema versions. Each step runs in one transaction with its `PRAGMA user_version` bump.

Add a step by appending `(N, function)` to STEPS; never edit a released step.
Dates are ISO text (YYYY-MM-DD), timestamps "YYYY-MM-DD HH:MM:SS" local time, lists/dicts JSON.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database

V1 = """
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    doc_number TEXT NOT NULL DEFAULT '',
    doc_key TEXT NOT NULL DEFAULT '',          -- doc_number with brackets/spaces unified, for matching
    title TEXT NOT NULL DEFAULT '',
    issuer TEXT NOT NULL DEFAULT '',
    date TEXT,
    year INTEGER,
    attachments TEXT NOT NULL DEFAULT '[]',
    contact TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    table_title TEXT NOT NULL DEFAULT '',
    source_name TEXT NOT NULL DEFAULT '',
    source_sha256 TEXT UNIQUE,                 -- NULL when the source had no file (clipboard)
    source_format TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 1,
    imported_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX notices_doc_key ON notices(doc_key) WHERE doc_key <> '';
CREATE INDEX notices_title_year ON notices(title, year);

CREATE TABLE notice_columns (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    header TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (notice_id, position)
) WITHOUT ROWID;

CREATE TABLE report_deadlines (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    what TEXT NOT NULL,
    due TEXT NOT NULL,
    time TEXT,
    attachment TEXT,
    recipient TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_deadlines_notice ON report_deadlines(notice_id, position);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX sections_notice ON sections(notice_id, position);

CREATE TABLE subsections (
    id INTEGER PRIMARY KEY,
    section_id INTEGER NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX subsections_section ON subsections(section_id, position);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    subsection_id INTEGER NOT NULL REFERENCES subsections(id) ON DELETE CASCADE,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,                 -- within the subsection
    seq INTEGER NOT NULL,                      -- within the notice: document order in one index
    number TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    deadline_text TEXT NOT NULL DEFAULT '',
    deadline_kind TEXT NOT NULL DEFAULT 'none',
    deadline_due TEXT,
    source_ref TEXT NOT NULL DEFAULT '',
    content_key TEXT NOT NULL                  -- hash of the normalized text; survives revisions
);
CREATE INDEX tasks_subsection ON tasks(subsection_id, position);
CREATE INDEX tasks_notice ON tasks(notice_id, seq);
CREATE INDEX tasks_content_key ON tasks(notice_id, content_key);
CREATE INDEX tasks_due ON tasks(deadline_due) WHERE deadline_due IS NOT NULL;

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL,                         -- domain.units.unit_key: 区财政局 and 财政局 agree
    is_group INTEGER NOT NULL DEFAULT 0,
    group_kind TEXT                            -- towns / departments / related / a custom group
);
CREATE INDEX units_key ON units(key);

CREATE TABLE unit_aliases (
    alias_key TEXT PRIMARY KEY,                -- unit_key of the other spelling (区发改委)
    alias TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
);

CREATE TABLE unit_group_members (
    group_kind TEXT NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    member INTEGER NOT NULL DEFAULT 1,         -- 0 = the clerk took it out of the group
    explicit INTEGER NOT NULL DEFAULT 0,       -- 1 = set by the clerk, 0 = default from the name
    PRIMARY KEY (group_kind, unit_id)
) WITHOUT ROWID;
CREATE INDEX unit_group_members_unit ON unit_group_members(unit_id);

CREATE TABLE task_units (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'responsible')),
    position INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (task_id, role, position)
) WITHOUT ROWID;
CREATE INDEX task_units_unit ON task_units(unit_id);

CREATE TABLE completions (
    id INTEGER PRIMARY KEY,
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    status TEXT NOT NULL DEFAULT '未开始'
        CHECK (status IN ('未开始', '推进中', '已完成', '持续推进', '不涉及')),
    text TEXT NOT NULL DEFAULT '',
    started_on TEXT,
    completed_on TEXT,
    links TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    UNIQUE (task_id, unit_id)
);
CREATE INDEX completions_unit ON completions(unit_id);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    completion_id INTEGER NOT NULL REFERENCES completions(id) ON DELETE CASCADE,
    sha256 TEXT NOT NULL,                      -- file lives at evidence/<sha[:2]>/<sha>
    original_name TEXT NOT NULL,
    size INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    UNIQUE (completion_id, sha256)
);
CREATE INDEX evidence_sha ON evidence(sha256);

CREATE TABLE roster_templates (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    label TEXT NOT NULL DEFAULT '附件2',
    title TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    columns TEXT NOT NULL DEFAULT '[]',
    UNIQUE (notice_id, label)
);

CREATE TABLE rosters (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    filled_on TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (notice_id, unit_id)
);

CREATE TABLE roster_entries (
    id INTEGER PRIMARY KEY,                    -- insertion order keeps the categories in form order
    roster_id INTEGER NOT NULL REFERENCES rosters(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    position INTEGER NOT NULL,
    "values" TEXT NOT NULL DEFAULT '{}',       -- {"姓名": …, "职务": …} keyed by the template's columns
    UNIQUE (roster_id, category, position)
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                        -- JSON
) WITHOUT ROWID;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
"""

# One row per task, rowid = task id; `units` holds the names of its lead and responsible units.
V1_FTS = """
CREATE VIRTUAL TABLE task_fts USING fts5(number, title, text, units, tokenize = 'trigram');

CREATE TRIGGER tasks_fts_insert AFTER INSERT ON tasks BEGIN
    INSERT INTO task_fts(rowid, number, title, text, units) VALUES (new.id, new.number, new.title, new.text, '');
END;
CREATE TRIGGER tasks_fts_update AFTER UPDATE OF number, title, text ON tasks BEGIN
    UPDATE task_fts SET number = new.number, title = new.title, text = new.text WHERE rowid = new.id;
END;
CREATE TRIGGER tasks_fts_delete AFTER DELETE ON tasks BEGIN
    DELETE FROM task_fts WHERE rowid = old.id;
END;
CREATE TRIGGER task_units_fts_insert AFTER INSERT ON task_units BEGIN
    UPDATE task_fts SET units = (
        SELECT coalesce(group_concat(u.name, ' '), '') FROM task_units tu JOIN units u ON u.id = tu.unit_id
        WHERE tu.task_id = new.task_id) WHERE rowid = new.task_id;
END;
CREATE TRIGGER task_units_fts_delete AFTER DELETE ON task_units BEGIN
    UPDATE task_fts SET units = (
        SELECT coalesce(group_concat(u.name, ' '), '') FROM task_units tu JOIN units u ON u.id = tu.unit_id
        WHERE tu.task_id = old.task_id) WHERE rowid = old.task_id;
END;
CREATE TRIGGER units_fts_rename AFTER UPDATE OF name ON units BEGIN
    UPDATE task_fts SET units = (
        SELECT coalesce(group_concat(u.name, ' '), '') FROM task_units tu JOIN units u ON u.id = tu.unit_id
        WHERE tu.task_id = task_fts.rowid)
    WHERE rowid IN (SELECT task_id FROM task_units WHERE unit_id = new.id);
END;
"""


def trigram_available(db: Database) -> bool:
    """FTS5 with the trigram tokenizer needs SQLite 3.34+ built with FTS5."""
    if sqlite3.sqlite_version_info < (3, 34, 0):
        return False
    try:
        with db.transaction():
            db.execute(
                "CREATE VIRTUAL TABLE temp.fts_probe USING fts5(x, tokenize = 'trigram')"
            )
            db.execute("DROP TABLE temp.fts_probe")
    except sqlite3.Error:
        return False
    return True


def _v1(db: Database) -> None:
    db.run_script(V1)
    # Without trigram FTS search falls back to LIKE; a later step can add the table.
    if trigram_available(db):
        db.run_script(V1_FTS)


def _add_audit_channel(db: Database) -> None:
    """audit_log.who held a unit or a channel word; the channel gets its own column."""
    db.execute("ALTER TABLE audit_log ADD COLUMN channel TEXT NOT NULL DEFAULT ''")
    # Before this step the command line and the bundled sample wrote their channel into `who`.
    db.execute("UPDATE audit_log SET channel = who, who = '' WHERE who IN ('命令行', '示例')")


def _notice_versions(db: Database) -> None:
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


def _task_deadline_source(db: Database) -> None:
    """Where a task's deadline was read: 'column' (the notice's 完成时限) or 'text' (the task's words)."""
    db.run_script(
        "ALTER TABLE tasks ADD COLUMN deadline_source TEXT NOT NULL DEFAULT 'column' "
        "CHECK (deadline_source IN ('column', 'text'));"
    )


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


def _collection(db: Database) -> None:
    db.run_script(COLLECTION)


# 审核 (issue 13): the review state of each (task, unit) entry. Its history is the task's audit log
# (entity 'task', action 'review'). The triggers apply domain.review.after_change on every write
# path (the desk, the CLI, a take-back): an entry whose content changes after 通过 or 退回 — or a
# resubmission that differs from what the reviewer holds (a conflict row) — returns to 待审核.
REVIEWS = """
CREATE TABLE reviews (
    task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    state TEXT NOT NULL CHECK (state IN ('待审核', '通过', '退回')),
    reason TEXT NOT NULL DEFAULT '',           -- the 退回 reason the unit reads in its next 填报表
    at TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (task_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX reviews_unit ON reviews(unit_id);
CREATE INDEX audit_log_task_review ON audit_log(entity_id) WHERE entity = 'task';
"""

_REVIEW_BACK = """
CREATE TRIGGER {name} AFTER {event} {when}
BEGIN
    INSERT INTO audit_log(at, who, action, entity, entity_id, detail)
    SELECT datetime('now', 'localtime'), {who}, 'review', 'task', v.task_id,
           json_object('unit', u.name, 'unit_id', v.unit_id, 'from', v.state, 'to', '待审核', 'reason', v.reason,
                       'cause', {cause})
    FROM reviews v JOIN units u ON u.id = v.unit_id
    WHERE v.task_id = new.task_id AND v.unit_id = new.unit_id AND v.state <> '待审核';
    UPDATE reviews SET state = '待审核', reason = '', at = datetime('now', 'localtime'), who = {who}
    WHERE task_id = new.task_id AND unit_id = new.unit_id AND state <> '待审核';
END;
"""

_CHANGED = ("WHEN old.status IS NOT new.status OR old.text IS NOT new.text OR old.started_on IS NOT new.started_on "
            "OR old.completed_on IS NOT new.completed_on OR old.links IS NOT new.links OR old.note IS NOT new.note")


def _reviews(db: Database) -> None:
    db.run_script(REVIEWS)
    changed = "CASE v.state WHEN '退回' THEN '退回后内容有修改' ELSE '通过后内容有修改' END"
    db.run_script(_REVIEW_BACK.format(name="completions_review_update", who="new.updated_by", when=_CHANGED, cause=changed,
                                      event="UPDATE OF status, text, started_on, completed_on, links, note ON completions FOR EACH ROW"))
    db.run_script(_REVIEW_BACK.format(name="completions_review_insert", who="new.updated_by", when="", cause=changed,
                                      event="INSERT ON completions FOR EACH ROW"))
    db.run_script(_REVIEW_BACK.format(name="conflicts_review_insert", who="''", when="", cause="'重新报送的内容与已有的不同'",
                                      event="INSERT ON collection_conflicts FOR EACH ROW"))


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


def _notice_deletion(db: Database) -> None:
    db.run_script(NOTICE_DELETION)


STEPS: list[tuple[int, Callable[[Database], None]]] = [
    (1, _v1),
    (2, _add_audit_channel),
    (3, _notice_versions),
    (4, _task_deadline_source),
    (5, _collection),
    (6, _reviews),
    (7, _notice_deletion),
]
LATEST = STEPS[-1][0]
