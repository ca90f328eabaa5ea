"""tests/seeds is a copy of the product owner's ../shared/seeds: it must not drift from it."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.seed_docs import seed_dir

SHARED = Path(__file__).resolve().parents[2] / "shared" / "seeds"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/seeds is not beside this clone")
def test_committed_seeds_match_shared():
    ours = {p.name: p.read_bytes() for p in seed_dir().glob("*.txt")}
    theirs = {p.name: p.read_bytes() for p in SHARED.glob("*.txt")}
    assert ours == theirs
