"""Rewrite docs/RELIABILITY.md's generated table from what the reliability suite records.

    python scripts/reliability_report.py              # runs `pytest -m reliability` (a few minutes)
    python scripts/reliability_report.py --from-json F  # uses figures written by an earlier run

The tests record their figures through the `reliability_figures` fixture (tests/reliability_figures.py);
the run writes them to a JSON file and this script puts them between the markers below. A failing
run changes nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.reliability_figures import GUARANTEES  # noqa: E402

DOC = ROOT / "docs" / "RELIABILITY.md"
START = "<!-- reliability-table:start (scripts/reliability_report.py writes this table; do not edit) -->"
END = "<!-- reliability-table:end -->"


def render(figures: dict[str, dict[str, int]]) -> str:
    """The table's Markdown for figures {guarantee: {figure: amount}}; every guarantee gets a row."""
    lines = ["| guarantee | test | figures recorded by the last run |", "|---|---|---|"]
    for key, g in GUARANTEES.items():
        got = figures.get(key, {})
        cells = "; ".join(f"{got.get(name, 0):,} {label}" for name, label in g["figures"])
        lines.append(f"| {g['row']} | `{g['test']}` | {cells} |")
    return "\n".join(lines)


def rewrite(doc_text: str, table: str) -> str:
    head, sep, rest = doc_text.partition(START)
    if not sep or END not in rest:
        raise SystemExit(f"{DOC.name}: the markers of the generated table are missing")
    return head + START + "\n" + table + "\n" + END + rest.partition(END)[2]


def run_suite() -> dict:
    with tempfile.TemporaryDirectory(prefix="gkdesk-reliability-") as tmp:
        out = Path(tmp) / "figures.json"
        env = {**os.environ, "GKDESK_RELIABILITY_JSON": str(out), "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([sys.executable, "-m", "pytest", "-m", "reliability", "-q", "-p", "no:cacheprovider"],
                       cwd=ROOT, env=env, check=False)
        if not out.exists():
            raise SystemExit("the reliability run wrote no figures")
        return json.loads(out.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--from-json", type=Path, help="figures written by a run with GKDESK_RELIABILITY_JSON set")
    args = ap.parse_args(argv)
    data = json.loads(args.from_json.read_text(encoding="utf-8")) if args.from_json else run_suite()
    if data["exitstatus"] != 0:
        print(f"the reliability run failed (exit {data['exitstatus']}); {DOC.name} left as it was", file=sys.stderr)
        return 1
    DOC.write_text(rewrite(DOC.read_text(encoding="utf-8"), render(data["figures"])), encoding="utf-8")
    print(f"{DOC.relative_to(ROOT)}: table rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
