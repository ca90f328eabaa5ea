"""Step 1: the notices, their task tree, units, completions, evidence, rosters, settings and the
audit log; and the trigram full-text index when this SQLite has it. Released: never edit."""

from __future__ import annotations

import sqlite3
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


def v1(db: Database) -> None:
    db.run_script(V1)
    # Without trigram FTS search falls back to LIKE; a later step can add the table.
    if trigram_available(db):
        db.run_script(V1_FTS)
