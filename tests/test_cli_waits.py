"""Issue 14: the command line is not locked out by an open window. Its write waits for the
window's transaction (a long import), not for the window to close, and says so when it waits."""
from __future__ import annotations

import threading
import time

import pytest

from gkdesk import cli
from gkdesk.store import Store
from gkdesk.store.errors import MSG_BUSY
from tests.fixtures.seed_docs import seed_dir

pytestmark = pytest.mark.reliability


def seed_text(sid: str):
    return next(seed_dir().glob(f"{sid}_*.txt"))


class WindowHoldingTheStore(threading.Thread):
    """Another window's long import: a write transaction held open for `seconds`."""

    def __init__(self, folder, seconds: float) -> None:
        super().__init__(daemon=True)
        self.folder, self.seconds = folder, seconds
        self.holding = threading.Event()

    def run(self) -> None:
        other = Store.open(self.folder)
        try:
            with other.db.transaction():
                other.settings.set("held_by", "导入通知")
                self.holding.set()
                time.sleep(self.seconds)
        finally:
            other.close()


def notices(folder) -> list[str]:
    store = Store.open(folder)
    try:
        return [n.title for n in store.notices.list_notices()]
    finally:
        store.close()


def test_an_import_waits_for_the_windows_write_says_so_and_then_saves(data_home, capsys, monkeypatch):
    Store.open(data_home).close()  # the folder exists, as when a window is open on it
    monkeypatch.setattr(cli, "_open_store", _patient(cli._open_store, notice_s=0.3))
    holder = WindowHoldingTheStore(data_home, seconds=1.5)
    holder.start()
    assert holder.holding.wait(10)
    started = time.monotonic()
    code = cli.main(["import", str(seed_text("001"))])
    waited = time.monotonic() - started
    holder.join(10)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err.count(cli.MSG_WAITING) == 1  # told once, not once per step
    assert MSG_BUSY not in err
    assert waited >= 1.0  # it really waited for the window rather than failing at once
    titles = notices(data_home)
    assert len(titles) == 1 and "区" in titles[0]


def test_past_the_wait_limit_nothing_is_written_and_the_clerk_is_told(data_home, capsys, monkeypatch):
    Store.open(data_home).close()
    monkeypatch.setattr(cli, "_open_store", _patient(cli._open_store, notice_s=0.2, limit_s=0.8))
    holder = WindowHoldingTheStore(data_home, seconds=3)
    holder.start()
    assert holder.holding.wait(10)
    code = cli.main(["import", str(seed_text("001"))])
    _, err = capsys.readouterr()
    holder.join(10)
    assert code == cli.EXIT_STORE
    assert cli.MSG_WAITING in err and MSG_BUSY in err
    assert notices(data_home) == []


def test_without_a_window_the_cli_says_nothing_about_waiting(data_home, capsys):
    code = cli.main(["import", str(seed_text("001"))])
    _, err = capsys.readouterr()
    assert code == 0
    assert cli.MSG_WAITING not in err
    assert len(notices(data_home)) == 1


def _patient(open_store, notice_s: float, limit_s: float | None = None):
    """The CLI's own store, with the test's shorter notice and limit (the real ones: 3 s, 10 min)."""

    def opened(args):
        store = open_store(args)
        assert store.db.on_wait is not None  # the CLI itself asks to be told
        store.db.wait_notice_s = notice_s
        if limit_s is not None:
            store.db.wait_limit_s = limit_s
        return store

    return opened
