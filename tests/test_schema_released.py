"""A released schema step never changes: a clerk's store already at that version will not run it again,
so a new install and an upgraded one would differ. tests/fixtures/schema_released.json holds
sqlite_master (type, name, table, SQL) after each released step, recorded from the code before the
step modules were split out of store/schema.py; a new step appends, it never rewrites an entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkdesk.store import schema
from gkdesk.store.db import Database

RECORDED = json.loads((Path(__file__).parent / "fixtures" / "schema_released.json").read_text(encoding="utf-8"))


def master(db: Database) -> list[list]:
    return [list(r) for r in db.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")]


@pytest.mark.parametrize("count", range(1, len(RECORDED) + 1), ids=[r["after"] for r in RECORDED])
def test_each_released_step_builds_the_tables_it_always_built(count, monkeypatch):
    steps = schema.STEPS[:count]
    monkeypatch.setattr(schema, "STEPS", steps)
    monkeypatch.setattr(schema, "LATEST", steps[-1][0])
    db = Database.open(":memory:")
    try:
        expected = RECORDED[count - 1]["sqlite_master"]
        if not db.fts:  # this SQLite has no trigram FTS5: step 1 leaves the index out
            expected = [row for row in expected if "fts" not in row[1]]
        assert master(db) == expected
        assert db.user_version == steps[-1][0]
    finally:
        db.close()


def test_a_fresh_store_runs_every_released_step_first(store):
    # The recording covers a prefix of STEPS; later steps only add to what it holds.
    assert len(schema.STEPS) >= len(RECORDED)
    names = {(row[0], row[1]) for row in master(store.db)}
    last = RECORDED[-1]["sqlite_master"]
    if not store.db.fts:
        last = [row for row in last if "fts" not in row[1]]
    assert {(row[0], row[1]) for row in last} <= names
