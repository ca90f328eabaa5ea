"""附件1 of 1,000 rows to .docx: gkdesk's writer vs python-docx writing a bare table of the same cells.

Whole processes, alternating pairs: `python bench/bench_export_docx.py [--runs 7]`.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SIDE = r'''
import sys, tempfile
from datetime import date
from pathlib import Path
from gkdesk.store import Store
from gkdesk.store.forms import completion_form
from gkdesk.importers import import_file
from tests.fixtures.seed_docs import seed_dir
d = Path(tempfile.mkdtemp())
st = Store.open(d)
nid = st.notices.save_import(import_file(next(Path(seed_dir()).glob("000_*.txt")))).notice_id
form = completion_form(st, nid, today=date(2020, 8, 13))
form.rows = (form.rows * (1000 // len(form.rows) + 1))[:1000]
roles = [r for _, r in form.headers]
import time
t = time.perf_counter()
if sys.argv[1] == "gkdesk":
    from gkdesk.exporters.docx_forms import export_completion_docx
    export_completion_docx(form, d / "a.docx")
else:
    import docx
    doc = docx.Document()
    table = doc.add_table(rows=1 + len(form.rows), cols=len(roles))
    rows = list(table.rows)
    for c, (w, _) in enumerate(form.headers):
        rows[0].cells[c].text = w
    for i, data in enumerate(form.rows):
        cells = rows[1 + i].cells
        for c, role in enumerate(roles):
            cells[c].text = data.value(role)
    doc.save(str(d / "b.docx"))
print(time.perf_counter() - t)
'''


def main() -> None:
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
    times: dict[str, list[float]] = {"gkdesk": [], "bare": []}
    for _ in range(runs):
        for side in times:
            out = subprocess.run([sys.executable, "-c", SIDE, side], cwd=ROOT, capture_output=True,
                                 text=True, check=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin"})
            times[side].append(float(out.stdout.strip().splitlines()[-1]))
    for side, v in times.items():
        print(f"{side:7} median {statistics.median(v):.2f} s  min-max {min(v):.2f}-{max(v):.2f}")
    print(f"ratio {statistics.median(times['gkdesk']) / statistics.median(times['bare']):.2f}x (goal <= 1.5x)")


if __name__ == "__main__":
    main()
