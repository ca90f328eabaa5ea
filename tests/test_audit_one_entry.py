"""One operation, one audit entry: a clerk's bulk step is one row in audit_log (store/audit.py).

The office imports two units' returned rosters in one step (导入各单位报回的名单), then undoes it
(撤销 …). Each step is one stored audit row naming both rosters; the rosters' own histories still
find their steps, and what a rolled-back part of an operation recorded is not kept.
"""
from __future__ import annotations

import json

import pytest

from gkdesk.domain.forms import DEFAULT_ROSTER

CATS = DEFAULT_ROSTER.categories
LABEL = "导入各单位报回的名单"


@pytest.fixture
def store(store, import_seed):
    store.nid = import_seed("000")  # type: ignore[attr-defined]
    return store


def rows_after(store, mark: int) -> list[dict]:
    return [dict(r) for r in store.db.query("SELECT * FROM audit_log WHERE id > ? ORDER BY id", (mark,))]


def test_a_bulk_import_of_two_rosters_is_one_audit_row(store):
    mark = store.db.scalar("SELECT coalesce(max(id), 0) FROM audit_log")
    with store.db.operation(LABEL):
        r1 = store.rosters.save_roster(store.nid, "区教委", {CATS[0]: [{"姓名": "甲"}, {"姓名": "乙"}]})
        r2 = store.rosters.save_roster(store.nid, "区民政局", {CATS[0]: [{"姓名": "丙"}]})
    rows = rows_after(store, mark)
    assert len(rows) == 1  # not one per roster
    row = rows[0]
    d = json.loads(row["detail"])
    # The row is the last roster saved; the first is its part, with its own unit and head count.
    assert (row["action"], row["entity"], row["entity_id"], d["op"]) == ("save_roster", "roster", r2, LABEL)
    assert (d["unit"], d["people"]) == ("区民政局", 1)
    assert [(p["action"], p["entity_id"], p["detail"]["unit"], p["detail"]["people"], p["detail"]["op"])
            for p in d["parts"]] == [("save_roster", r1, "区教委", 2, LABEL)]
    # Each roster's own history still finds its step inside that one row.
    e1 = store.audit.entries("roster", r1)
    assert [(e.id, e.part, e.action, e.detail["unit"]) for e in e1] == [(row["id"], 1, "save_roster", "区教委")]
    assert "parts" not in e1[0].detail
    assert [(e.id, e.part) for e in store.audit.entries("roster", r2)] == [(row["id"], 0)]

    # 撤销 导入各单位报回的名单: deleting both rosters is again one row.
    mark = row["id"]
    with store.db.operation(f"撤销 {LABEL}"):
        store.rosters.delete_roster(r1)
        store.rosters.delete_roster(r2)
    rows = rows_after(store, mark)
    assert [(r["action"], r["entity_id"], json.loads(r["detail"])["op"]) for r in rows] == [
        ("delete_roster", r2, f"撤销 {LABEL}")]
    assert [p["entity_id"] for p in json.loads(rows[0]["detail"])["parts"]] == [r1]
    assert store.rosters.list_rosters(store.nid) == []


def test_a_rolled_back_part_leaves_no_trace_in_the_entry(store):
    mark = store.db.scalar("SELECT coalesce(max(id), 0) FROM audit_log")
    with store.db.operation(LABEL):
        r1 = store.rosters.save_roster(store.nid, "区教委", {CATS[0]: [{"姓名": "甲"}]})
        with pytest.raises(RuntimeError):
            with store.db.transaction():  # one file of the batch fails half-way
                store.rosters.save_roster(store.nid, "区民政局", {CATS[0]: [{"姓名": "丙"}]})
                raise RuntimeError("坏文件")
    rows = rows_after(store, mark)
    assert [(r["action"], r["entity_id"]) for r in rows] == [("save_roster", r1)]
    assert "parts" not in json.loads(rows[0]["detail"])
    assert [r.unit_name for r in store.rosters.list_rosters(store.nid)] == ["区教委"]


def test_a_write_outside_an_operation_is_its_own_row(store):
    """The command line and older code paths write without an operation: one row per record."""
    mark = store.db.scalar("SELECT coalesce(max(id), 0) FROM audit_log")
    store.rosters.save_roster(store.nid, "区教委", {CATS[0]: [{"姓名": "甲"}]})
    store.rosters.save_roster(store.nid, "区民政局", {CATS[0]: [{"姓名": "丙"}]})
    assert [json.loads(r["detail"])["unit"] for r in rows_after(store, mark)] == ["区教委", "区民政局"]
