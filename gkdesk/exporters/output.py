"""Writing a form to a file in any of the formats a clerk asks for: the one call the CLI and the
desk share.

.docx/.xlsx go through the Qt-free writers here (safe on a worker thread); .pdf goes through Qt's
printing, imported only when asked for, so the CLI without a PDF export never loads Qt.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gkdesk.domain.forms import CompletionForm, RosterForm

FORMATS = ("docx", "xlsx", "pdf")


class UnknownFormat(ValueError):
    """A file name or format none of the writers knows."""


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int | None = None  # known for PDF only (Word and Excel lay out their own pages)


def format_of(path: str | Path, fmt: str | None = None) -> str:
    """The format asked for, else the file's suffix: "docx", "xlsx" or "pdf"."""
    f = (fmt or Path(path).suffix.lstrip(".")).lower()
    if f not in FORMATS:
        raise UnknownFormat(f"不支持的导出格式“{f or Path(path).name}”：可选 Word（.docx）、Excel（.xlsx）或 PDF（.pdf）。")
    return f


def write_form(form: CompletionForm | RosterForm, path: str | Path, fmt: str | None = None) -> Written:
    """Write the 附件1 or 附件2 form to path. Raises OSError when the file cannot be written.

    PDF needs Qt (PySide6) and must run on the GUI thread when a desk is running."""
    path = Path(path)
    kind = format_of(path, fmt)
    if not isinstance(form, (CompletionForm, RosterForm)):
        raise TypeError(f"not a form: {type(form).__name__}")
    roster = isinstance(form, RosterForm)
    if kind == "pdf":
        from gkdesk.printing.pdf import export_pdf

        return Written(path, export_pdf(form, path))
    if kind == "xlsx":
        from gkdesk.exporters.xlsx_forms import (
            export_completion_xlsx,
            export_roster_xlsx,
        )

        (export_roster_xlsx if roster else export_completion_xlsx)(form, path)
    else:
        from gkdesk.exporters.docx_forms import (
            export_completion_docx,
            export_roster_docx,
        )

        (export_roster_docx if roster else export_completion_docx)(form, path)
    return Written(path)


__all__ = ["FORMATS", "UnknownFormat", "Written", "format_of", "write_form"]
