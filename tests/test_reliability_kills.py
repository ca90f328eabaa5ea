"""A writer killed at any moment (SIGKILL, as a power cut or the task manager would) loses nothing it
reported as saved and leaves nothing half-written (issue 14). 50 kills of a process writing
completions with their evidence files and audit entries; after each: integrity_check, every
reported commit still there; after the product's clean-up (prune at start-up): no orphan file and
no temporary copy left in evidence/."""
from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gkdesk.importers import import_file
from gkdesk.store import Store
from gkdesk.store.evidence_files import INCOMING_PREFIX

pytestmark = pytest.mark.reliability
KILLS = 50
ROOT = Path(__file__).resolve().parent.parent


def _run_and_kill(folder: Path, first: int, rng: random.Random) -> list[int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen([sys.executable, "-m", "tests.fixtures.kill_writer", str(folder), str(first)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True)
    assert p.stdout is not None
    first_line = p.stdout.readline()  # the writer is up and has committed once
    assert first_line.strip(), p.stderr.read() if p.stderr else ""
    time.sleep(rng.uniform(0.0, 0.25))  # then dies at a random point of a later commit
    p.send_signal(signal.SIGKILL)
    out, _err = p.communicate(timeout=10)
    assert p.returncode == -signal.SIGKILL
    return [int(x) for x in (first_line + out).split()]


def test_fifty_kills_lose_no_reported_commit(seeds_dir, tmp_path, reliability_figures):
    folder = tmp_path / "data"
    store = Store.open(folder)
    store.notices.save_import(import_file(next(seeds_dir.glob("000_*.txt"))), who="测试")
    store.close()
    rng = random.Random(14)
    reported: list[int] = []
    first = 0
    for _kill in range(KILLS):
        done = _run_and_kill(folder, first, rng)
        reported += done
        first = done[-1] + 2  # the next writer starts past a commit that may have landed unreported

        store = Store.open(folder)
        try:
            db = store.db
            assert db.scalar("PRAGMA integrity_check") == "ok"
            texts = {(r[0], r[1]): r[2] for r in db.query(
                "SELECT c.task_id, u.name, c.text FROM completions c JOIN units u ON u.id = c.unit_id")}
            shas = {r[0] for r in db.query("SELECT sha256 FROM evidence")}
            tasks = [r[0] for r in db.query("SELECT id FROM tasks ORDER BY seq")]
            for n in done:
                stored = texts[(tasks[n % len(tasks)], f"测试单位{n % 5}")]
                assert int(re.fullmatch(r"第(\d+)次写入", stored).group(1)) >= n  # this commit or a later one
                sha = hashlib.sha256((f"第{n}次写入的佐证材料\n" * 40).encode()).hexdigest()
                assert sha in shas
                assert store.completions.evidence_path(sha).read_bytes().decode().startswith(f"第{n}次")
            audited = db.scalar("SELECT count(*) FROM audit_log WHERE action = 'add_evidence'")
            assert audited >= len(reported)
        finally:
            store.close()

    assert len(reported) >= KILLS
    store = Store.open(folder)
    try:
        evidence = folder / "evidence"
        left_before = len(list(evidence.glob(INCOMING_PREFIX + "*")))
        store.completions.evidence.prune(min_age_s=0)  # the start-up clean-up, once their day is past
        used = {r[0] for r in store.db.query("SELECT sha256 FROM evidence")}
        files = {p.name for p in evidence.glob("??/*")}
        assert files == used, (len(files - used), "orphans", left_before, "temporary copies before clean-up")
        assert list(evidence.glob(INCOMING_PREFIX + "*")) == []
        assert store.db.scalar("PRAGMA integrity_check") == "ok"
    finally:
        store.close()
    reliability_figures.record("kills", kills=KILLS, commits=len(reported))
    print(f"{KILLS} kills, {len(reported)} reported commits all present, "
          f"{left_before} temporary copies cleaned at the next start")
