"""Shared test set-up: offscreen Qt, a fresh data folder per test, the seed notices."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

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
