"""Shared test set-up: offscreen Qt, a fresh data folder and store per test, the seed notices."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from gkdesk.store import Store
from tests.fixtures.seed_docs import seed_dir

# reliability_figures: the figures of docs/RELIABILITY.md's generated table (scripts/reliability_report.py);
# write_checks: the write path's counters (count_view_state, driven), for the modules that ask for them.
pytest_plugins = ["tests.reliability_figures", "tests.fixtures.write_checks"]

# Without a display Qt aborts the whole run (exit 134); tests never need a real screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
# tests/seeds holds a copy of ../shared/seeds, so a bare clone runs the suite too.
SEEDS = seed_dir()


@pytest.fixture
def data_home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty data folder that gkdesk uses instead of the clerk's own (via GKDESK_HOME)."""
    home = tmp_path / "gkdesk-home"
    home.mkdir()
    monkeypatch.setenv("GKDESK_HOME", str(home))
    return home


@pytest.fixture
def seeds_dir() -> Path:
    """The five real notices (text extractions): tests/seeds, a copy of ../shared/seeds."""
    if not SEEDS.is_dir():
        pytest.fail(f"seed notices not found at {SEEDS}")
    return SEEDS


@pytest.fixture
def store(data_home) -> Iterator[Store]:
    """An empty store in the test's own data folder, closed afterwards.

    A module that needs a notice in it overrides this fixture and asks for this one by the same
    name (``def store(store, import_seed): store.nid = import_seed("000"); return store``).
    """
    s = Store.open(data_home)
    yield s
    s.close()


@pytest.fixture
def import_seed(store, seeds_dir) -> Callable[[str], int]:
    """import_seed("000") imports that seed notice into `store` and returns its notice id."""
    from gkdesk.importers import import_file

    def load(sid: str) -> int:
        return store.notices.save_import(import_file(next(seeds_dir.glob(f"{sid}_*.txt")))).notice_id

    return load


@pytest.fixture
def reviewing_office(tmp_path, monkeypatch) -> Iterator[tuple[Store, int, object]]:
    """区政务服务办's own store on the round's day (tests/fixtures/collecting_office.py): seed 001,
    the district's six units, 本单位 the office; yields (store, notice id, import result)."""
    from tests.fixtures.collecting_office import OFFICE, TODAY, load_office

    monkeypatch.setenv("GKDESK_TODAY", TODAY.isoformat())
    s = Store.open(tmp_path / "office")
    nid, _, result = load_office(s, tmp_path)
    s.settings.own_unit = OFFICE
    yield s, nid, result
    s.close()


@pytest.fixture
def today() -> date:
    """The desk's today. A module whose story is set in another year overrides it by this name."""
    return date(2020, 9, 1)


@pytest.fixture
def open_desk(qtbot, data_home, monkeypatch, today) -> Iterator[Callable[..., object]]:
    """open_desk(store=None, restore=False) opens the clerk's desk (a shown MainWindow) on `today`.

    Without a store it opens one on the data folder, as a new start of the app does, and closes it
    afterwards; ``restore=True`` restores the saved layout (window.ini) as ``gkdesk`` does at start,
    otherwise the window gets the old default size 1400×860. Every desk still open is closed at the
    end, so a test may close one and open another on the same folder (a restart).
    """
    from gkdesk.ui.main_window import MainWindow

    monkeypatch.setenv("GKDESK_TODAY", today.isoformat())
    opened: list[tuple[MainWindow, Store | None]] = []

    def open_(store: Store | None = None, restore: bool = False) -> MainWindow:
        own = Store.open(data_home) if store is None else None
        w = MainWindow(store or own, today)
        qtbot.addWidget(w)
        if restore:
            w.restore_state()
        else:
            w.resize(1400, 860)
        w.show()
        qtbot.waitExposed(w)
        opened.append((w, own))
        return w

    yield open_
    for w, own in reversed(opened):
        if w.isVisible():
            w.close()
        if own is not None:
            own.close()


@pytest.fixture
def window(open_desk, store):
    """The desk on the test's `store` (override `store` to put a notice or 本单位 in it first)."""
    return open_desk(store)
