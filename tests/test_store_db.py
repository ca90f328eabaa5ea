"""The data file itself: creating, upgrading, refusing, locking and sorting SQLite errors."""

from __future__ import annotations

import sqlite3

import pytest

from gkdesk import paths
from gkdesk.store import schema, schema_version
from gkdesk.store.db import Database
from gkdesk.store.errors import MSG_BUSY, StoreBusy, StoreError, user_problem


def test_data_dir_override_env_and_default(tmp_path, monkeypatch):
    monkeypatch.setenv("GKDESK_HOME", str(tmp_path / "from-env"))
    assert paths.data_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert (tmp_path / "explicit").is_dir()
    assert (
        paths.data_dir() == tmp_path / "from-env" and (tmp_path / "from-env").is_dir()
    )
    monkeypatch.delenv("GKDESK_HOME")
    monkeypatch.setattr(
        paths.appdirs,
        "user_data_dir",
        lambda name, appauthor=None: str(tmp_path / "appdata" / name),
    )
    assert paths.data_dir() == tmp_path / "appdata" / "gkdesk"
    assert paths.db_path(tmp_path) == tmp_path / "gkdesk.sqlite3"
    assert paths.evidence_dir(tmp_path) == tmp_path / "evidence"


def test_empty_file_is_migrated_to_latest(tmp_path):
    path = tmp_path / "gkdesk.sqlite3"
    path.touch()  # the clerk's "new file" in Explorer, zero bytes
    db = Database.open(path)
    assert db.user_version == schema.LATEST
    assert db.has_table("notices") and db.has_table("task_fts")
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.scalar("PRAGMA journal_mode") == "wal"
    db.close()
    assert not list(tmp_path.glob("*.bak-v*"))  # nothing worth backing up
    again = Database.open(path)
    assert again.user_version == schema.LATEST
    again.close()


def test_in_memory_store(tmp_path):
    db = Database.open(":memory:")
    assert db.user_version == schema.LATEST and db.path is None
    db.close()


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "gkdesk.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Database.open(path)
    assert (
        str(err.value)
        == "数据文件由更新版本的政务公开任务台创建（版本 99），请升级本软件后再打开。"
    )
    assert err.value.kind == "newer"
    assert path.read_bytes() == before




def _add_step_2(monkeypatch, step):
    """Append one more step after today's last (named for the first test that used it)."""
    new = schema.LATEST + 1
    monkeypatch.setattr(schema, "STEPS", [*schema.STEPS, (new, step)])
    monkeypatch.setattr(schema, "LATEST", new)
    monkeypatch.setattr(schema_version, "LATEST", new)  # what opening a store compares with
    return new


def test_upgrade_backs_up_first_and_runs_each_step_once(tmp_path, monkeypatch):
    path = tmp_path / "gkdesk.sqlite3"
    db = Database.open(path)
    with db.transaction():
        db.execute("INSERT INTO settings(key, value) VALUES ('本单位', '\"区财政局\"')")
    db.close()
    calls = []
    before = schema.LATEST
    new = _add_step_2(
        monkeypatch,
        lambda d: (
            calls.append(1),
            d.execute("ALTER TABLE notices ADD COLUMN archived INTEGER"),
        ),
    )
    db = Database.open(path)
    assert db.user_version == new and calls == [1]
    assert "archived" in [r["name"] for r in db.query("PRAGMA table_info(notices)")]
    db.close()
    backup = tmp_path / f"gkdesk.sqlite3.bak-v{before}"
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == before
    assert old.execute("SELECT value FROM settings").fetchone()[0] == '"区财政局"'
    old.close()
    Database.open(path).close()
    assert calls == [1]


def test_failed_upgrade_step_leaves_old_version(tmp_path, monkeypatch):
    path = tmp_path / "gkdesk.sqlite3"
    Database.open(path).close()
    before = schema.LATEST

    def half_done(d):
        d.execute("CREATE TABLE half_done(x)")
        raise RuntimeError("bug in step 2")

    _add_step_2(monkeypatch, half_done)
    with pytest.raises(RuntimeError):
        Database.open(path)
    monkeypatch.undo()
    db = Database.open(path)
    assert db.user_version == before and not db.has_table("half_done")
    db.close()


def test_not_a_database_gets_a_clear_message(tmp_path):
    path = tmp_path / "gkdesk.sqlite3"
    path.write_bytes("关于印发2020年政务公开工作要点任务分工的通知".encode() * 200)
    with pytest.raises(StoreError) as err:
        Database.open(path)
    assert err.value.kind == "notadb" and "不是政务公开任务台的数据文件" in str(
        err.value
    )


def test_locked_database_is_the_clerks_problem(tmp_path):
    path = tmp_path / "gkdesk.sqlite3"
    first = Database.open(path)
    second = Database.open(path, timeout_ms=50)
    with first.transaction():
        first.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
        with pytest.raises(StoreError) as err, second.transaction():
            second.execute("INSERT INTO settings(key, value) VALUES ('b', '2')")
    # StoreBusy: nothing written, and the clerk is told to try again, not to close other windows.
    assert isinstance(err.value, StoreBusy) and str(err.value) == MSG_BUSY
    assert err.value.kind == "locked" and "重试" in str(err.value)
    assert not second.in_transaction
    first.close()
    second.close()


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (13, "full"),
        (8, "readonly"),
        (8 | (1 << 8), "readonly"),
        (5, "locked"),
        (26, "notadb"),
        (10 | (3 << 8), "io"),
    ],
)
def test_sqlite_codes_sorted_into_clerk_problems(code, kind):
    exc = sqlite3.OperationalError("x")
    exc.sqlite_errorcode = code
    problem = user_problem(exc)
    assert problem is not None and problem.kind == kind
    assert all("\u4e00" <= ch <= "\u9fff" for ch in str(problem)[:2])


def test_bugs_are_not_disguised(tmp_path):
    db = Database.open(tmp_path / "gkdesk.sqlite3")
    with pytest.raises(sqlite3.OperationalError):
        db.query("SELECT no_such_column FROM notices")
    with pytest.raises(sqlite3.IntegrityError), db.transaction():
        db.execute(
            "INSERT INTO tasks(subsection_id, notice_id, position, seq, text, content_key) "
            "VALUES (999, 999, 0, 0, 'x', 'k')"
        )  # foreign keys are enforced
    db.close()


def test_nested_transaction_rolls_back_only_the_inner_part(tmp_path):
    db = Database.open(tmp_path / "gkdesk.sqlite3")
    with db.transaction():
        db.execute("INSERT INTO settings(key, value) VALUES ('outer', '1')")
        with pytest.raises(ValueError), db.transaction():
            db.execute("INSERT INTO settings(key, value) VALUES ('inner', '1')")
            raise ValueError("clerk cancelled")
        assert db.in_transaction
    assert [r[0] for r in db.query("SELECT key FROM settings")] == ["outer"]
    with db.counting() as reads:
        db.query("SELECT key FROM settings")
        db.query_one("SELECT key FROM settings WHERE key = 'none'")
    assert reads.rows == 1 and db.rows_read >= 2
    db.close()


def test_empty_xdg_data_home_is_treated_as_unset(monkeypatch, tmp_path):
    from gkdesk import paths

    monkeypatch.delenv("GKDESK_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    folder = paths.data_dir()
    assert folder.is_absolute() and folder == tmp_path / ".local" / "share" / "gkdesk"
