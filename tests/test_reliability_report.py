"""docs/RELIABILITY.md's generated table is the suite's: its rows are the guarantees the reliability
tests record, and the figures that do not depend on the run are the ones the tests are set to run."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from gkdesk.store.schema import LATEST
from scripts.reliability_report import END, START, render, rewrite
from tests.reliability_figures import GUARANTEES, Figures

ROOT = Path(__file__).resolve().parents[1]


def _table_rows() -> list[list[str]]:
    text = (ROOT / "docs" / "RELIABILITY.md").read_text(encoding="utf-8")
    assert START in text and END in text
    table = text.partition(START)[2].partition(END)[0].strip().splitlines()
    return [[c.strip() for c in ln.strip("|").split(" | ")] for ln in table[2:]]


def test_the_committed_table_has_one_row_per_recorded_guarantee():
    rows = _table_rows()
    assert [r[0] for r in rows] == [g["row"] for g in GUARANTEES.values()]
    assert [r[1] for r in rows] == [f"`{g['test']}`" for g in GUARANTEES.values()]
    for key, g in GUARANTEES.items():  # each row is fed by its test file, after its checks
        assert f'record("{key}"' in (ROOT / g["test"]).read_text(encoding="utf-8"), key


def test_the_committed_figures_that_do_not_depend_on_the_run_are_the_suites():
    from tests.test_reliability_fuzz import CASES
    from tests.test_reliability_kills import KILLS

    amount = {g: {label: int(n.replace(",", "")) for n, label in re.findall(r"([\d,]+) ([^;]+)", r[2])}
              for g, r in zip(GUARANTEES, _table_rows())}
    assert amount["kills"]["kills survived, nothing lost"] == KILLS
    assert amount["kills"]["reported commits checked (this run)"] >= KILLS
    assert amount["concurrent_open"] == {"pairs": 20, "opens, all ok": 40}
    assert amount["prune_race"] == {"evidence rows added during start-ups, all with their file": 600}  # 2 × 300
    assert amount["hostile_files"] == {"hostile files tried": 6, "refused": 6}  # the six of issue item 4
    fuzz = amount["fuzz"]
    assert fuzz["fuzz cases run"] == 3 * CASES == fuzz["refused"] + fuzz["imported"]
    assert amount["migrations"]["older schema versions upgraded to the newest"] == LATEST - 1
    assert amount["restore_round_trips"]["restore round trips"] == 10
    # One save each in the four typing stories; one SIGKILLed lock holder.
    assert amount["typing_locked"] == {"saves while locked: text kept, retried, stored after release": 4}
    assert amount["stale_lock"] == {"lock holder(s) SIGKILLed, the folder taken over by the next start": 1}


def test_render_writes_the_recorded_sums_between_the_markers():
    f = Figures()
    f.record("restore_round_trips", rounds=1)
    f.record("restore_round_trips", rounds=1)
    f.record("fuzz", cases=1, refused=1)
    assert f.recorded() == {"restore_round_trips": {"rounds": 2}, "fuzz": {"cases": 1, "refused": 1}}
    table = render({"kills": {"kills": 50, "commits": 2006}})
    assert "| 50 kills survived, nothing lost; 2,006 reported commits checked (this run) |" in table
    assert "0 restore round trips" in table  # a guarantee nobody recorded shows 0, never disappears
    doc = f"# R\n{START}\nold\n{END}\nafter\n"
    assert rewrite(doc, "NEW") == f"# R\n{START}\nNEW\n{END}\nafter\n"


def test_a_run_of_the_quick_reliability_tests_records_the_committed_rows(tmp_path):
    """The quick ones (hostile files, migrations, restore round trips, the second process, typing while locked,
    the killed lock holder) run as the script runs them;
    the rows rendered from what they recorded are the committed rows, figure for figure."""
    out = tmp_path / "figures.json"
    env = {**os.environ, "GKDESK_RELIABILITY_JSON": str(out), "QT_QPA_PLATFORM": "offscreen",
           "GKDESK_HOME": str(tmp_path / "home")}
    quick = ["tests/test_reliability_files.py", "tests/test_migrations.py", "tests/test_backup.py",
             "tests/test_reliability_store.py", "tests/test_reliability_typing.py", "tests/test_folder_lock.py"]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-m", "reliability", "-q", "-p", "no:cacheprovider",
                           *quick], cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-2000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["exitstatus"] == 0
    assert set(data["figures"]) == {"hostile_files", "migrations", "restore_round_trips", "concurrent_open",
                                    "prune_race", "typing_locked", "stale_lock"}
    rendered = render(data["figures"]).splitlines()[2:]
    committed = (ROOT / "docs" / "RELIABILITY.md").read_text(encoding="utf-8").partition(START)[2]
    committed = committed.partition(END)[0].strip().splitlines()[2:]
    keys = list(GUARANTEES)
    for key in data["figures"]:
        assert rendered[keys.index(key)] == committed[keys.index(key)], key
