"""Before the desk deletes a notice, replaces its tasks with a revision or merges returns, it keeps a
database snapshot (issue 14: "before every bulk merge or deletion"), so 从备份恢复… can give back
the state the clerk had even when the undo is long gone. Typing a completion keeps none."""
from __future__ import annotations

import sqlite3
import zipfile

from gkdesk.importers import import_file
from gkdesk.store import backup
from gkdesk.ui.collection_edits import TakeBackReturns
from gkdesk.ui.edits import ImportNotice
from gkdesk.ui.notice_edits import DeleteNotice
from tests.fixtures.seed_docs import seed_path
from tests.fixtures.seed_revisions import revised_without_task_10

SEED_000 = seed_path("000")
UNIT = "财政局"


def _snapshots(folder):
    return sorted((b for b in backup.list_backups(folder) if b.kind == backup.KIND_SNAPSHOT),
                  key=lambda b: b.created_at)


def _rows(snapshot, tmp_path, sql):
    out = tmp_path / f"snap-{snapshot.path.stem}.sqlite3"
    with zipfile.ZipFile(snapshot.path) as z:
        out.write_bytes(z.read(backup.DB_MEMBER))
    con = sqlite3.connect(out)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_deletion_keeps_the_notice_in_a_snapshot_first(open_desk, data_home, tmp_path):
    w = open_desk()
    w.ops.who = UNIT
    assert w.ops.run(ImportNotice(import_file(SEED_000)))  # new: nothing it could replace
    assert _snapshots(data_home) == []
    nid = w.notice_id
    t10 = int(w.store.db.scalar("SELECT id FROM tasks WHERE number = '10'"))
    assert w.ops.set_field(t10, UNIT, "text", "已发布解读3篇。")
    assert _snapshots(data_home) == []  # typing is not a bulk change

    assert w.ops.run(DeleteNotice(nid))
    assert w.store.db.scalar("SELECT count(*) FROM tasks") == 0
    [snap] = _snapshots(data_home)
    assert _rows(snap, tmp_path, "SELECT count(*) FROM tasks") == [(56,)]
    assert _rows(snap, tmp_path, "SELECT u.name, c.text FROM completions c JOIN units u ON u.id = c.unit_id") == [(UNIT, "已发布解读3篇。")]

    # Undo of the deletion writes every row back: a snapshot of the empty store comes first.
    assert w.ops.undo()
    assert w.store.db.scalar("SELECT count(*) FROM tasks") == 56
    assert [_rows(s, tmp_path, "SELECT count(*) FROM tasks") for s in _snapshots(data_home)] == [[(56,)], [(0,)]]


def test_a_revision_keeps_the_replaced_tasks_in_a_snapshot(open_desk, data_home, tmp_path, qtbot):
    w = open_desk()
    w.ops.who = UNIT
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    job = w.ops.start(ImportNotice(revised_without_task_10()))  # on a worker, as the wizard does
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert w.store.db.scalar("SELECT count(*) FROM tasks") == 55
    [snap] = _snapshots(data_home)
    assert _rows(snap, tmp_path, "SELECT count(*) FROM tasks WHERE number = '10'") == [(1,)]


def test_a_take_back_keeps_a_snapshot_before_it_merges(open_desk, data_home, tmp_path, qtbot):
    w = open_desk()
    assert w.ops.run(ImportNotice(import_file(SEED_000)))
    damaged = tmp_path / "损坏的回执.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    op = TakeBackReturns([damaged], notice_id=w.notice_id)
    job = w.ops.start(op)
    with qtbot.waitSignal(job.finished, timeout=20_000):
        pass
    assert [o.status for o in op.outcomes] == ["refused"]
    assert len(_snapshots(data_home)) == 1
