"""A clerk's data folder written by any earlier gkdesk opens in this one with nothing lost (issue 14).

tests/fixtures/stores/vN was written by the gkdesk whose newest schema step was N (made by
scripts/make_store_fixture.py --all from git history, not by today's code): seed 000, three
completions by two units, one evidence file. Opening it upgrades it to LATEST; every count, task
text, completion and the evidence file must come through, and the old database is kept beside it.
"""
from __future__ import annotations

import hashlib

import pytest

from gkdesk.store import Store, backup
from gkdesk.store.schema import LATEST
from tests.fixtures.released_stores import VERSIONS, unpack_store


def test_every_schema_version_has_a_store_written_by_its_own_code():
    # A new schema step comes with its fixture: python scripts/make_store_fixture.py --all
    assert VERSIONS == list(range(1, LATEST + 1))


@pytest.mark.reliability
@pytest.mark.parametrize("version", VERSIONS)
def test_an_old_store_upgrades_with_nothing_lost(version, tmp_path, reliability_figures):
    folder, expected = unpack_store(version, tmp_path)
    assert expected["version"] == version
    store = Store.open(folder)
    try:
        db = store.db
        assert db.scalar("PRAGMA user_version") == LATEST
        assert db.scalar("PRAGMA integrity_check") == "ok"
        assert db.scalar("PRAGMA foreign_key_check") is None
        for table, count in expected["counts"].items():
            if table == "audit_log":
                assert db.scalar("SELECT count(*) FROM audit_log") >= count  # an upgrade may note itself
            else:
                assert db.scalar(f"SELECT count(*) FROM {table}") == count, table
        rows = db.query("SELECT number, text FROM tasks ORDER BY seq")
        digest = hashlib.sha256("\n".join(f"{r[0]}|{r[1]}" for r in rows).encode()).hexdigest()
        assert digest == expected["tasks_sha256"]
        for c in expected["completions"]:
            tid = db.scalar("SELECT id FROM tasks WHERE number = ? ORDER BY seq LIMIT 1", (c["task"],))
            got = store.completions.get_completion(tid, c["unit"])
            assert (got.status, got.text) == (c["status"], c["text"])
        [sha] = [r[0] for r in db.query("SELECT sha256 FROM evidence")]
        assert sha == expected["evidence_sha256"]
        assert store.completions.evidence_path(sha).read_text(encoding="utf-8") == "2020年预算公开截图说明\n"
        assert store.settings.own_unit == "区财政局"
    finally:
        store.close()
    if version < LATEST:  # the database as it was, kept before the upgrade, listed by 从备份恢复…
        assert (folder / f"gkdesk.sqlite3.bak-v{version}").exists()
        [snap] = backup.list_backups(folder)
        assert (snap.kind, snap.schema_version) == (backup.KIND_SNAPSHOT, version)
        assert snap.counts["tasks"] == expected["counts"]["tasks"]
        assert snap.counts["completions"] == expected["counts"]["completions"]
        reliability_figures.record("migrations", upgraded=1)
