"""Issue 14 items 1-3: the store under a second process — a concurrent creator, a writer holding the
lock while the clerk types, a second window starting while evidence is added.

Children are forked (no interpreter start-up per child) and meet at a barrier, so both really open
the same brand-new data folder in the same instant.
"""
from __future__ import annotations

import multiprocessing
import sys

import pytest

from gkdesk.store import Store, schema

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(sys.platform == "win32", reason="forked children"),
]

_FORK = multiprocessing.get_context("fork") if sys.platform != "win32" else None


def _open_at_barrier(folder: str, barrier, results) -> None:
    try:
        barrier.wait(5)
        store = Store.open(folder)
        store.close()
        results.put("ok")
    except BaseException as exc:  # noqa: BLE001 - the parent asserts on the text
        results.put(f"{type(exc).__name__}: {exc}")


def test_two_processes_creating_the_same_new_data_folder_both_open_it(tmp_path):
    """Issue figure: 9 of 20 CLI pairs failed with 'table notices already exists'."""
    pairs, outcomes = 20, []
    for i in range(pairs):
        folder = tmp_path / f"d{i}"
        barrier, results = _FORK.Barrier(2), _FORK.Queue()
        kids = [_FORK.Process(target=_open_at_barrier, args=(str(folder), barrier, results)) for _ in range(2)]
        for k in kids:
            k.start()
        for k in kids:
            k.join(20)
        outcomes += [results.get(timeout=5) for _ in kids]
        store = Store.open(folder)
        try:
            assert store.db.user_version == schema.LATEST
            assert store.db.scalar("PRAGMA integrity_check") == "ok"
        finally:
            store.close()
    failures = [o for o in outcomes if o != "ok"]
    assert failures == [], f"{len(failures)} of {2 * pairs} opens failed: {failures[:3]}"
