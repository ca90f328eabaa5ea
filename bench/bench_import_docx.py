"""How long importing seed 000's .docx takes, next to python-docx merely opening it.

    python bench/bench_import_docx.py [--runs 7] [--keep FILE]

Builds the notice as a real Word file (tests/fixtures/seed_docs.build_docx when present, else a
representative 56-task, 6-column table with vMerge merges), then times, median of ``--runs`` runs
each, ``docx.Document(path)`` (python-docx alone opening the file) and
``gkdesk.importers.import_file(path)`` (sniff, unzip, parse, table reader, metadata). The issue's
aim: the import takes at most 2× the open. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def build_seed_000(path: Path) -> str:
    """Write the benchmark document; return how it was made."""
    try:
        from tests.fixtures.seed_docs import build_docx
    except ImportError:
        build_docx = None
    if build_docx is not None:
        try:
            build_docx("000", path)
            return "seed 000 (tests/fixtures/seed_docs.build_docx)"
        except Exception as exc:  # noqa: BLE001 — fall back to the stand-in below
            print(f"note: seed_docs.build_docx failed ({exc!r}); using the stand-in table", file=sys.stderr)
    build_standin(path)
    return "stand-in: 56 tasks, 6 columns, vMerge merges"


def build_standin(path: Path, sections: int = 6, subs_per_section: int = 4, tasks: int = 56) -> None:
    """A notice shaped like seed 000: 重点任务 over section+subsection (merged down), 56 numbered
    measures, 牵头单位 merged over runs of rows, 责任单位, empty 完成情况; ends with a paragraph."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    doc.add_paragraph("万盛经开办〔2020〕9号")
    doc.add_paragraph("关于印发万盛经开区2020年政务公开工作要点任务分工的通知")
    for _ in range(8):
        doc.add_paragraph("为贯彻落实《国务院办公厅关于印发2020年政务公开工作要点的通知》" * 3)
    doc.add_paragraph("附件1")
    doc.add_paragraph("万盛经开区2020年政务公开工作要点任务分工")

    header = ["重点任务", "重点任务", "贯彻举措", "牵头单位", "责任单位", "完成情况"]
    table = doc.add_table(rows=1, cols=6)
    hdr = table.rows[0].cells
    for c, word in enumerate(header):
        hdr[c].text = word
    hdr[0].merge(hdr[1])

    def vmerge(tc, restart: bool) -> None:
        pr = tc.get_or_add_tcPr()
        el = OxmlElement("w:vMerge")
        if restart:
            el.set(qn("w:val"), "restart")
        pr.append(el)

    zh = "一二三四五六七八九十"
    per_sub = tasks // (sections * subs_per_section) + 1
    n = 0
    for s in range(sections):
        for ss in range(subs_per_section):
            for k in range(per_sub):
                if n >= tasks:
                    break
                n += 1
                cells = table.add_row().cells
                first = k == 0
                cells[0].text = f"{zh[s]}、第{zh[s]}部分重点任务" if first else ""
                cells[1].text = f"（{zh[ss]}）第{zh[ss]}项工作" if first else ""
                cells[2].text = f"{n}．" + "深入推进政务公开标准化规范化建设，做好政策解读和回应关切工作。" * 2
                cells[3].text = "区政府办公室、区司法局" if first else ""
                cells[4].text = "各镇街、区政府各部门"
                for col in (0, 1, 3):
                    vmerge(cells[col]._tc, restart=first)
    doc.add_paragraph("")
    doc.save(str(path))


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="also save the benchmark .docx here")
    args = ap.parse_args(argv)

    import docx  # imported before timing: both sides are timed warm

    from gkdesk.importers import import_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed000.docx"
        how = build_seed_000(path)
        if args.keep:
            args.keep.write_bytes(path.read_bytes())
        result = import_file(path)  # warm-up, and a sanity check of what is being timed
        counts = result.counts()
        t_open = median_time(lambda: docx.Document(str(path)), args.runs)
        t_import = median_time(lambda: import_file(path), args.runs)

    print(f"document: {how}, {path.name}; import found {counts[0]} sections / "
          f"{counts[1]} subsections / {counts[2]} tasks")
    print(f"python-docx docx.Document(path): {t_open * 1000:8.1f} ms  (median of {args.runs})")
    print(f"gkdesk import_file(path):        {t_import * 1000:8.1f} ms  (median of {args.runs})")
    ratio = t_import / t_open if t_open else float("inf")
    print(f"ratio import/open: {ratio:.2f}x  (aim: at most 2x)")
    # Province scale (issue 15): a generated 500-row web page, next to lxml merely parsing it.
    sys.path.insert(0, str(REPO / "bench"))
    from bench_import_html import measure

    m = measure(args.runs)
    print(f"500-row .html ({m['rows']} rows, {m['counts'][2]} tasks): import {m['import'] * 1000:.1f} ms, "
          f"lxml parse {m['lxml'] * 1000:.1f} ms, ratio {m['import'] / m['lxml']:.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
