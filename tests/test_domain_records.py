"""Domain facts live in gkdesk.domain, and the store agrees with them."""

from __future__ import annotations

import re
import sqlite3

import pytest

from gkdesk.domain.forms import DEFAULT_ROSTER
from gkdesk.domain.model import ImportResult, Notice, Section, Subsection, Task
from gkdesk.domain.records import CLOSED, DONE, NOT_STARTED, STATUSES
from gkdesk.store.db import Database


def _check_list(db: Database, table: str, column: str) -> tuple[str, ...]:
    sql = db.scalar("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    found = re.search(rf"\b{column}\b[^,]*?CHECK \({column} IN \(([^)]*)\)\)", sql, re.S)
    assert found, f"no CHECK on {table}.{column}"
    return tuple(re.findall(r"'([^']*)'", found.group(1)))


def test_completion_statuses_are_the_stores_check_constraint():
    db = Database.open(":memory:")
    try:
        assert _check_list(db, "completions", "status") == STATUSES
        default = db.scalar("SELECT dflt_value FROM pragma_table_info('completions') WHERE name = 'status'")
        assert default == f"'{NOT_STARTED}'" == "'未开始'"
    finally:
        db.close()


def test_every_domain_status_round_trips_and_others_are_refused(store):
    result = ImportResult(
        notice=Notice(doc_number="万盛经开办〔2020〕9号", year=2020),
        sections=[Section("一、加强用权公开", [Subsection("", [Task("建立健全政务公开工作机制", lead=["区财政局"])])])],
    )
    nid = store.notices.save_import(result).notice_id
    (task,) = store.notices.load_result(nid).tasks()
    for status in STATUSES:
        assert store.completions.set_completion(task.id, "区财政局", status=status).status == status
    with pytest.raises(ValueError):
        store.completions.set_completion(task.id, "区财政局", status="已上报")
    # The constraint itself, below the repository's own check.
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("UPDATE completions SET status = '已上报'")
    assert store.completions.get_completion(task.id, "区财政局").status == STATUSES[-1]


def test_closed_statuses_are_known_statuses():
    assert DONE in CLOSED and set(CLOSED) <= set(STATUSES) and NOT_STARTED not in CLOSED


def test_default_roster_is_seed_000s_form():
    assert DEFAULT_ROSTER.label == "附件2"
    assert DEFAULT_ROSTER.categories[0] == "政府信息公开工作负责人" and len(DEFAULT_ROSTER.categories) == 5
    assert DEFAULT_ROSTER.columns == ["姓名", "职务", "联系电话", "备注"]


def test_store_records_are_domain_classes():
    """The store hands back gkdesk.domain objects: nothing outside store/ needs a store class."""
    import gkdesk.store as store_pkg
    from gkdesk.domain import records

    for name in ("Unit", "Completion", "Evidence", "Roster", "STATUSES"):
        assert not hasattr(store_pkg, name), f"gkdesk.store still exports {name}"
        assert hasattr(records, name)
