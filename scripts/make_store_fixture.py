"""Make tests/fixtures/stores/vN: a data folder written by the gkdesk of schema version N.

    python scripts/make_store_fixture.py --all        # every released version, from git history
    python scripts/make_store_fixture.py OUT_DIR      # the checked-out code's version, into OUT_DIR

A migration test is only worth something when the old store was written by the old code, so
``--all`` checks out, for each schema version, the last commit of main whose newest step was that
version (a detached worktree in a temporary folder) and runs this script with that code. The filling
below uses only the store API every version has had: save_import, set_completion, add_evidence,
settings.own_unit. ``expected.json`` beside each store says what must survive the upgrade.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORES = ROOT / "tests" / "fixtures" / "stores"
COMPLETIONS = [  # (task number, unit, status, text)
    ("1", "区财政局", "已完成", "已在门户网站公开年度预算和决算。"),
    ("10", "区发展改革委", "推进中", "已发布政策解读3篇，另有2篇在审。"),
    ("10", "区财政局", "持续推进", "按月更新惠企政策专栏。"),
]


def fill(out: Path, seed: Path) -> None:
    """Run with the checked-out code on PYTHONPATH: a store in OUT with seed 000 and completions."""
    from gkdesk.importers import import_file
    from gkdesk.store import Store

    store = Store.open(out)
    try:
        version = store.db.scalar("PRAGMA user_version")
        store.notices.save_import(import_file(seed), who="区政务服务办")
        store.settings.own_unit = "区财政局"
        done = []
        for number, unit, status, text in COMPLETIONS:
            tid = store.db.scalar("SELECT id FROM tasks WHERE number = ? ORDER BY seq LIMIT 1", (number,))
            c = store.completions.set_completion(tid, unit, status=status, text=text, who=unit)
            done.append({"task": number, "unit": unit, "status": status, "text": text, "completion": c.id})
        proof = out.parent / f"{out.name}-佐证材料.txt"
        proof.write_text("2020年预算公开截图说明\n", encoding="utf-8")
        store.completions.add_evidence(done[0]["completion"], proof, who="区财政局")
        proof.unlink()
        counts = {t: store.db.scalar(f"SELECT count(*) FROM {t}")
                  for t in ("notices", "sections", "subsections", "tasks", "completions", "evidence", "audit_log")}
        expected = {"version": version, "counts": counts, "completions": done, "tasks_sha256": tasks_digest(store.db),
                    "evidence_sha256": hashlib.sha256("2020年预算公开截图说明\n".encode()).hexdigest()}
    finally:
        store.close()
    db = out / "gkdesk.sqlite3"
    con = sqlite3.connect(db)
    con.execute("VACUUM")
    con.close()
    # Gzipped: a store is mostly empty pages and indexes (300 KB → 55 KB); the test unpacks it.
    with gzip.open(db.with_suffix(".sqlite3.gz"), "wb", compresslevel=9) as z:
        z.write(db.read_bytes())
    for f in out.glob("gkdesk.sqlite3*"):
        if f.suffix != ".gz":
            f.unlink()
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8")


def tasks_digest(db) -> str:
    """Every task's number and text in order: what an upgrade must not touch."""
    rows = db.query("SELECT number, text FROM tasks ORDER BY seq")
    return hashlib.sha256("\n".join(f"{r[0]}|{r[1]}" for r in rows).encode()).hexdigest()


def _steps_at(commit: str) -> int:
    text = subprocess.run(["git", "show", f"{commit}:gkdesk/store/schema.py"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout
    return max(int(n) for n in re.findall(r"^    \((\d+), _\w+\)", text, re.M))


def commits_by_version() -> dict[int, str]:
    """For each schema version, the newest first-parent commit of HEAD whose newest step it was:
    the last code that wrote stores of that version (the commit that added a step may be broken)."""
    changes = subprocess.run(["git", "rev-list", "--first-parent", "HEAD", "--", "gkdesk/store/schema.py",
                              "gkdesk/store/schema_steps"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    found: dict[int, str] = {}
    newer = None  # the commit that raised the version above the one being looked at
    for rev in changes:  # newest first
        n = _steps_at(rev)
        if newer is not None and n < newer[0]:
            found.setdefault(n, subprocess.run(["git", "rev-parse", f"{newer[1]}^1"], cwd=ROOT, capture_output=True,
                                               text=True, check=True).stdout.strip())
        newer = (n, rev)
    # The newest version is the code as it is now (uncommitted work included: ROOT itself).
    found[_steps_at("HEAD")] = ""
    return found


def make_all(seed: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for version, rev in sorted(commits_by_version().items()):
            code = ROOT
            if rev:
                code = Path(tmp) / f"code-{version}"
                subprocess.run(["git", "worktree", "add", "-q", "--detach", str(code), rev], cwd=ROOT, check=True)
            target = STORES / f"v{version}"
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            try:
                subprocess.run([sys.executable, str(ROOT / "scripts" / "make_store_fixture.py"), str(target),
                                "--seed", str(seed)], cwd=code, check=True,
                               env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin", "GKDESK_HOME": str(target)})
            finally:
                if rev:
                    subprocess.run(["git", "worktree", "remove", "--force", str(code)], cwd=ROOT, check=True)
            print(f"v{version}: {rev[:10] or 'working tree'} → {target.relative_to(ROOT)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--seed", default=str(next((ROOT / "tests" / "seeds").glob("000_*.txt"), "")))
    args = ap.parse_args()
    if args.all:
        make_all(Path(args.seed))
    elif args.out:
        fill(Path(args.out), Path(args.seed))
    else:
        ap.error("OUT_DIR or --all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
