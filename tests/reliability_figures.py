"""The figures of docs/RELIABILITY.md's generated table, recorded by the reliability tests themselves.

A test asks for the `reliability_figures` fixture and calls ``record(guarantee, figure=amount)``
after it has checked what the figure counts (so a failing test records nothing). At the session's
end the sums are written as JSON to $GKDESK_RELIABILITY_JSON when that is set;
scripts/reliability_report.py runs `pytest -m reliability` with it and rewrites the table.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

# Each guarantee the table shows: its row text, its test file, and its figures in row order
# (name, label). "deterministic" figures are the same on every run; the others (commits that a
# killed writer reported) depend on when the kills land.
GUARANTEES: dict[str, dict] = {
    "kills": {
        "row": "a writer of completions, evidence files and audit entries SIGKILLed at a random moment: "
               "integrity_check ok, every reported commit present, no orphan file or .incoming-* copy after prune",
        "test": "tests/test_reliability_kills.py",
        "figures": [("kills", "kills survived, nothing lost"), ("commits", "reported commits checked (this run)")],
        "deterministic": ["kills"],
    },
    "concurrent_open": {
        "row": "two processes open the same brand-new data folder at the same instant (forked, met at a barrier): "
               "both open it, schema newest, integrity_check ok",
        "test": "tests/test_reliability_store.py",
        "figures": [("pairs", "pairs"), ("opens", "opens, all ok")],
        "deterministic": ["pairs", "opens"],
    },
    "prune_race": {
        "row": "windows starting (evidence clean-up) while another process adds evidence files: every evidence row "
               "keeps its file",
        "test": "tests/test_reliability_store.py",
        "figures": [("rows", "evidence rows added during start-ups, all with their file")],
        "deterministic": ["rows"],
    },
    "hostile_files": {
        "row": "a hostile notice (issue item 4: FIFO, /dev/zero link, w:gridBefore rows, huge spans, "
               "merge of the whole sheet, a cell at XFD1048576) refused in one Chinese line within 10 s "
               "under a 1 GiB RLIMIT_AS, nothing stored",
        "test": "tests/test_reliability_files.py",
        "figures": [("tried", "hostile files tried"), ("refused", "refused")],
        "deterministic": ["tried", "refused"],
    },
    "fuzz": {
        "row": "a mutated .docx/.xlsx/.html notice ends in an import or one Chinese sentence within 10 s, "
               "never another exception, store untouched",
        "test": "tests/test_reliability_fuzz.py",
        "figures": [("cases", "fuzz cases run"), ("refused", "refused"), ("imported", "imported")],
        "deterministic": ["cases", "refused", "imported"],
    },
    "migrations": {
        "row": "a data folder of every earlier schema version upgrades with every count, text and evidence file kept",
        "test": "tests/test_migrations.py",
        "figures": [("upgraded", "older schema versions upgraded to the newest")],
        "deterministic": ["upgraded"],
    },
    "restore_round_trips": {
        "row": "backup → damage the live database (8 KiB zeroed, -wal/-shm gone) → restore: integrity_check ok, "
               "every row and evidence file equal",
        "test": "tests/test_backup.py",
        "figures": [("rounds", "restore round trips")],
        "deterministic": ["rounds"],
    },
    "typing_locked": {
        "row": "a 完成情况 typed while another process holds a write transaction (a long import): no undo entry "
               "and a Chinese message while it fails, the words kept in the editor (also after switching task), "
               "saved by a quiet retry, by 重试 or on closing once the store is free",
        "test": "tests/test_reliability_typing.py",
        "figures": [("saves", "saves while locked: text kept, retried, stored after release")],
        "deterministic": ["saves"],
    },
    "stale_lock": {
        "row": "the folder lock's holder SIGKILLed: its pid still in gkdesk.lock, the next start owns the folder "
               "at once (within 1 s)",
        "test": "tests/test_folder_lock.py",
        "figures": [("kills", "lock holder(s) SIGKILLed, the folder taken over by the next start")],
        "deterministic": ["kills"],
    },
}


class Figures:
    """Sums of figures by guarantee; the session's one instance feeds the JSON."""

    def __init__(self) -> None:
        self.sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def record(self, guarantee: str, **amounts: int) -> None:
        known = {name for name, _ in GUARANTEES[guarantee]["figures"]}
        assert set(amounts) <= known, (guarantee, amounts)
        for name, amount in amounts.items():
            self.sums[guarantee][name] += amount

    def recorded(self) -> dict[str, dict[str, int]]:
        return {g: dict(v) for g, v in self.sums.items()}


_SESSION = Figures()


@pytest.fixture(scope="session")
def reliability_figures() -> Figures:
    return _SESSION


def pytest_sessionfinish(session, exitstatus):
    out = os.environ.get("GKDESK_RELIABILITY_JSON")
    if out:
        Path(out).write_text(json.dumps({"exitstatus": int(exitstatus), "figures": _SESSION.recorded()},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
