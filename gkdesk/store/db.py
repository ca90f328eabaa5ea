"""One SQLite connection: transactions with savepoints, schema upgrades, error sorting, read counts.

Repositories call `query`/`query_one`/`scalar` so `rows_read` counts every row the store hands
back; tests and the profiler read it to see how much a screen costs.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

from gkdesk.store import schema_version
from gkdesk.store.errors import StoreBusy, StoreError, newer_database, user_problem

Params = Sequence[Any] | dict[str, Any]
# A patient writer's step: short, so Ctrl+C is seen between the steps.
_WAIT_STEP_MS = 250


def now() -> str:
    """Local wall-clock time as the clerk reads it, to the second."""
    return datetime.now().isoformat(sep=" ", timespec="seconds")


@contextmanager
def guarded() -> Iterator[None]:
    """Turn the clerk's disk/lock/file problems into StoreError; let bugs through untouched."""
    try:
        yield
    except sqlite3.Error as exc:
        problem = user_problem(exc)
        if problem is None:
            raise
        raise problem from exc


def _use_wal(conn: sqlite3.Connection, timeout_ms: int) -> None:
    """Switch to WAL, waiting out a second process doing the same to the same new file.

    Changing the journal mode needs an exclusive lock and SQLite answers SQLITE_BUSY at once,
    without calling the busy handler, while another connection creates the schema; so wait here.
    """
    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
        return
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            problem = user_problem(exc)
            if problem is None or problem.kind != "locked" or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


class ReadCounter:
    """Rows read since it was created; frozen when its `with` block ends."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._start = db.rows_read
        self._final: int | None = None

    @property
    def rows(self) -> int:
        return (
            self._final if self._final is not None else self._db.rows_read - self._start
        )

    def freeze(self) -> None:
        self._final = self._db.rows_read - self._start


class Database:
    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self._conn = conn
        self.path = path
        self.rows_read = 0
        self._depth = 0
        self.fts = False  # trigram full-text search table present
        self.channel = ""  # how this session's changes come in, recorded in the audit log
        # Top-level commits on this connection: a test sees that one operation is one transaction.
        self.commits = 0
        # What the clerk is doing ("修改完成情况", "撤销 修改完成情况"): every audit entry written
        # inside `operation()` carries it, so the history says which step a row belongs to.
        self.op_label: str | None = None
        # The audit entries of the open operation, written as its one row before it commits
        # (store/audit.py: one operation, one audit entry); None outside an operation.
        self.op_parts: list | None = None
        # A patient writer (the CLI) sets this: its write transactions wait for another window's
        # long transaction in short steps up to `wait_limit_s`, calling `on_wait` once when the
        # wait passes `wait_notice_s`, so the person at the terminal knows why nothing happens and
        # Ctrl+C still works between the steps. None: wait the busy timeout, then StoreBusy.
        self.on_wait: Callable[[], None] | None = None
        self.wait_notice_s = 3.0
        self.wait_limit_s = 600.0

    @classmethod
    def open(
        cls, path: str | Path, *, timeout_ms: int = 5000, check_same_thread: bool = True
    ) -> Database:
        """Open (creating or upgrading) the store at `path`; ":memory:" gives a throwaway store."""
        memory = str(path) == ":memory:"
        file = None if memory else Path(path)
        with guarded():
            conn = sqlite3.connect(
                ":memory:" if memory else str(file),
                isolation_level=None,
                check_same_thread=check_same_thread,
                timeout=timeout_ms / 1000,
            )
        db = cls(conn, file)
        try:
            conn.row_factory = sqlite3.Row
            with guarded():
                version = (
                    db.user_version
                )  # first read: also how a non-database file shows itself
                if version > schema_version.LATEST:
                    raise newer_database(version)
                conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
                conn.execute("PRAGMA foreign_keys = ON")
                if not memory:
                    _use_wal(conn, timeout_ms)
            db._upgrade(version)
            db.fts = db.has_table("task_fts")
        except BaseException:
            conn.close()
            raise
        return db

    def close(self) -> None:
        self._conn.close()

    # -- reading -------------------------------------------------------------------------------
    def query(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        with guarded():
            rows = self._conn.execute(sql, params).fetchall()
        self.rows_read += len(rows)
        return rows

    def column(self, sql: str, params: Params = ()) -> list[Any]:
        """The first value of every row, without building sqlite3.Row objects (a page of ids)."""
        with guarded():
            cur = self._conn.cursor()
            cur.row_factory = None
            values = [row[0] for row in cur.execute(sql, params)]
        self.rows_read += len(values)
        return values

    def query_one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        with guarded():
            row = self._conn.execute(sql, params).fetchone()
        if row is not None:
            self.rows_read += 1
        return row

    def scalar(self, sql: str, params: Params = (), default: Any = None) -> Any:
        row = self.query_one(sql, params)
        return default if row is None else row[0]

    @contextmanager
    def counting(self) -> Iterator[ReadCounter]:
        counter = ReadCounter(self)
        try:
            yield counter
        finally:
            counter.freeze()

    @property
    def user_version(self) -> int:
        with guarded():
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def has_table(self, name: str) -> bool:
        with guarded():
            row = self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = ?", (name,)
            ).fetchone()
        return row is not None

    # -- writing -------------------------------------------------------------------------------
    def execute(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        with guarded():
            return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        with guarded():
            self._conn.executemany(sql, rows)

    def insert(self, sql: str, params: Params = ()) -> int:
        cur = self.execute(sql, params)
        return int(cur.lastrowid or 0)

    def run_script(self, script: str) -> None:
        """Run several statements inside the current transaction (executescript would commit)."""
        buf = ""
        for piece in script.split(";"):
            buf += piece + ";"
            if sqlite3.complete_statement(buf):
                if buf.strip(" \n\t;"):
                    self.execute(buf)
                buf = ""
        if buf.strip(" \n\t;"):
            raise ValueError(f"incomplete SQL statement: {buf[:80]!r}")

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All or nothing. Nested blocks become savepoints, so a helper may open its own."""
        depth = self._depth
        name = f"sp{depth}"
        if depth == 0:
            self._begin()
        else:
            self.execute(f"SAVEPOINT {name}")
        self._depth += 1
        parts = None if self.op_parts is None else len(self.op_parts)
        try:
            yield self
        except BaseException:
            self._depth = depth
            if parts is not None and self.op_parts is not None:
                del self.op_parts[parts:]  # what the rolled-back savepoint recorded goes with it
            if (
                self._conn.in_transaction
            ):  # SQLite may already have rolled back (disk full)
                with guarded():
                    if depth == 0:
                        self._conn.execute("ROLLBACK")
                    else:
                        self._conn.execute(f"ROLLBACK TO {name}")
                        self._conn.execute(f"RELEASE {name}")
            raise
        self._depth = depth
        self.execute("COMMIT" if depth == 0 else f"RELEASE {name}")
        if depth == 0:
            self.commits += 1

    def _begin(self) -> None:
        if self.on_wait is None:
            self.execute("BEGIN IMMEDIATE")
            return
        started = time.monotonic()
        told = False
        with self.busy_timeout(_WAIT_STEP_MS):
            while True:
                try:
                    self.execute("BEGIN IMMEDIATE")
                    return
                except StoreBusy:
                    waited = time.monotonic() - started
                    if waited >= self.wait_limit_s:
                        raise
                    if not told and waited >= self.wait_notice_s:
                        told = True
                        self.on_wait()

    @contextmanager
    def operation(self, label: str) -> Iterator[Database]:
        """One step the clerk takes: one transaction and one audit entry carrying `label`.

        What the repositories record inside it is gathered and written, just before the commit, as
        that one entry (the last record is the entry, the others its "parts": store/audit.py).
        """
        from gkdesk.store import audit  # audit imports this module

        outer = self.op_label
        self.op_label = label if outer is None else outer
        if outer is not None:  # an operation inside another is a part of it (a savepoint)
            with self.transaction():
                yield self
            return
        try:
            with self.transaction():
                self.op_parts = []
                yield self
                audit.write_operation(self)
        finally:
            self.op_label = outer
            self.op_parts = None

    @contextmanager
    def busy_timeout(self, ms: int) -> Iterator[None]:
        """Wait at most `ms` for another writer inside this block (a quiet retry must not freeze
        the window for the full timeout)."""
        before = int(self.scalar("PRAGMA busy_timeout", default=5000))
        self.execute(f"PRAGMA busy_timeout = {int(ms)}")
        try:
            yield
        finally:
            self.execute(f"PRAGMA busy_timeout = {before}")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    # -- schema --------------------------------------------------------------------------------
    def _snapshot_before_upgrade(self) -> None:
        """Also a backup .zip in backups/ (issue 14: before every schema migration), so 从备份恢复…
        lists the store as the older gkdesk left it; the .bak-vN copy beside it stays as well."""
        from gkdesk import paths
        from gkdesk.store import backup  # late: backup imports this module's errors

        assert self.path is not None
        if self.path.name == paths.DB_FILE_NAME:
            backup.snapshot_quietly(self.path.parent)

    def _upgrade(self, version: int) -> None:
        if version >= schema_version.LATEST:
            return
        from gkdesk.store import schema  # the steps' modules: only to create or upgrade a store

        fresh = version == 0 and not self._has_objects()
        if self.path is not None and not fresh:
            self._backup(self.path.with_name(f"{self.path.name}.bak-v{version}"))
            self._snapshot_before_upgrade()
        # A new store is made in one transaction (its steps become savepoints): one commit, one
        # sync of the file instead of one per step (issue 16: 65–100 ms at a clerk's first start).
        with self.transaction() if fresh else nullcontext():
            for step_version, step in schema.STEPS:
                if step_version <= version:
                    continue
                with self.transaction():
                    # Re-read under the write lock (BEGIN IMMEDIATE): another process opening the
                    # same new folder at the same moment may have run this step while we waited.
                    if self.user_version >= step_version:
                        continue
                    step(self)
                    if step_version in schema.AFTER_STEP:
                        schema.AFTER_STEP[step_version](self)
                    self.execute(f"PRAGMA user_version = {int(step_version)}")

    def _has_objects(self) -> bool:
        with guarded():
            return (
                self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                > 0
            )

    def _backup(self, target: Path) -> None:
        # The backup API copies a consistent snapshot, including pages still in the WAL file.
        with guarded():
            dest = sqlite3.connect(str(target))
            try:
                self._conn.backup(dest)
            finally:
                dest.close()


__all__ = ["Database", "ReadCounter", "StoreError", "guarded", "now"]
