"""How long importing a 500-row web page takes, next to lxml merely parsing it.

    python bench/bench_import_html.py [--runs 7] [--keep FILE]

The page is tests/fixtures/shapes.province_grid as an HTML table (25 section banners, 100
subsections merged down, 500 tasks, lead units merged over pairs, repeated header rows). Times,
median of ``--runs`` runs each, ``lxml.html.document_fromstring(page)`` (lxml alone) and
``gkdesk.importers.import_html(page)`` (parse, grid, table reader, metadata), and prints the ratio.
Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(runs: int, keep: Path | None = None) -> dict:
    """Time lxml's parse and gkdesk's import of the generated page; median of ``runs`` each."""
    from lxml import html as lxml_html

    from gkdesk.importers import import_html
    from tests.fixtures.shapes import build_shape_html, province_grid

    grid, expected = province_grid()
    page = build_shape_html(grid, ["XX市人民政府办公厅", "关于印发XX市2021年政务公开工作要点任务分工的通知"])
    if keep:
        keep.write_text(page, encoding="utf-8")
    result = import_html(page)  # warm-up, and a check of what is being timed
    counts = result.counts()
    assert counts[2] == len(expected), counts
    return {
        "rows": len(grid), "kib": len(page) // 1024, "counts": counts,
        "lxml": median_time(lambda: lxml_html.document_fromstring(page), runs),
        "import": median_time(lambda: import_html(page), runs),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="also save the benchmark page here")
    args = ap.parse_args(argv)
    m = measure(args.runs, args.keep)
    c = m["counts"]
    print(f"page: {m['rows']} table rows, {m['kib']} KiB; import found {c[0]} sections / "
          f"{c[1]} subsections / {c[2]} tasks")
    print(f"lxml document_fromstring(page): {m['lxml'] * 1000:8.1f} ms  (median of {args.runs})")
    print(f"gkdesk import_html(page):       {m['import'] * 1000:8.1f} ms  (median of {args.runs})")
    print(f"ratio import/parse: {m['import'] / m['lxml']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
