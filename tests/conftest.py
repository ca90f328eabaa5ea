"""Shared test set-up: offscreen Qt, a fresh data folder and store per test, the seed notices."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gkdesk.store import Store
from tests.fixtures.seed_docs import seed_dir

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
