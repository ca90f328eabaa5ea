"""汇总 exports as the CLI and the desk run them: .xlsx (native chart), .docx report, PDF.

Only orchestration: the store counts (store/summary.py), printing/ draws the charts (Qt, offscreen
when there is no window) and the PDF, exporters/ write the Qt-free files.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from gkdesk.domain.summary import Summary

FORMATS = ("xlsx", "docx", "pdf")


def summary_of(store, notice_id: int, collector: str | None = None, today: date | None = None) -> Summary:
    from gkdesk.store.summary import summarise

    return summarise(store.db, notice_id, collector, today)


def charts(summary: Summary) -> tuple[bytes | None, bytes | None]:
    """The two 完成率 charts (per unit, per section) as PNG bytes; None for a table with no rows."""
    from gkdesk.printing.summary_chart import rate_chart_png

    return (rate_chart_png("各单位完成率", summary.units) if summary.units else None,
            rate_chart_png("各部分完成率", summary.sections) if summary.sections else None)


def export_summary(summary: Summary, fmt: str, path: str | Path) -> Path:
    """Write the 汇总 as `fmt` (xlsx / docx / pdf) to `path`."""
    path = Path(path)
    if fmt == "xlsx":
        from gkdesk.exporters.summary_xlsx import export_summary_xlsx

        return export_summary_xlsx(summary, path)
    if fmt == "docx":
        from gkdesk.exporters.summary_docx import export_summary_docx

        units, sections = charts(summary)
        return export_summary_docx(summary, path, units, sections)
    if fmt == "pdf":
        from gkdesk.printing.summary_pdf import export_summary_pdf

        export_summary_pdf(summary, path)
        return path
    raise ValueError(f"unknown format {fmt!r}")


__all__ = ["FORMATS", "charts", "export_summary", "summary_of"]
