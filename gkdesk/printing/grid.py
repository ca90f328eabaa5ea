"""The printed table as plain data: column widths, header cells, body cells and merges.

Built from the two forms with the same layout rules as the Word and Excel writers
(exporters/layout.py), so the three agree on merged ranges and proportions. No Qt here.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gkdesk.domain.forms import CATEGORY_HEADING, CompletionForm, RosterForm
from gkdesk.exporters.layout import (
    column_widths_mm,
    header_spans,
    header_text,
    keeps_whole,
    roster_widths_mm,
    section_runs,
)
from gkdesk.printing.html_forms import MAX_CELL_CHARS

CENTERED_ROLES = ("number", "lead", "responsible", "deadline")


@dataclass
class Grid:
    widths: list[float]  # share of the type area per column, summing to 1
    header: list[tuple[str, int]]  # (text, columns spanned)
    rows: list[list[str]]
    centered: list[bool]  # per column
    merges: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # column → (start, length)
    keep: list[bool] = field(default_factory=list)  # per row: moved whole to the next page (layout.keeps_whole)
    min_row_mm: float = 0.0  # blank roster rows keep room to write by hand
    font_pt: float = 12.0  # 小四, as the .docx (exporters/docx_forms.TABLE_PT)
    landscape: bool = True


def cap(text: str, limit: int = MAX_CELL_CHARS) -> str:
    """A 2 MB paste would print as thousands of pages: cut it with a note; the files keep it all."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"……（以下从略，全文共{len(text)}字，见电子版）"


def completion_grid(form: CompletionForm) -> Grid:
    roles = [r for _, r in form.headers]
    words = [w for w, _ in form.headers]
    mm = column_widths_mm(form)
    total = sum(mm)
    merges = {roles.index(role): runs for role, runs in section_runs(form).items()}
    rows = [[cap(row.value(r)) for r in roles] for row in form.rows]
    keep = [keeps_whole([row.value(r) for r in roles]) for row in form.rows]
    if not rows:
        rows = [["" for _ in roles]]
        keep = [True]
    return Grid(
        widths=[w / total for w in mm],
        header=[(header_text(words[s], sum(mm[s:s + n])), n) for s, n in header_spans(words)],
        rows=rows,
        centered=[r in CENTERED_ROLES or r == "section" for r in roles],
        merges=merges if form.rows else {},
        keep=keep,
    )


def roster_grid(form: RosterForm) -> Grid:
    cols = list(form.columns)
    mm = roster_widths_mm(cols)  # the .docx's grid, as shares of the type area
    total = sum(mm)
    rows: list[list[str]] = []
    runs: list[tuple[int, int]] = []
    for category, persons in form.blocks:
        persons = persons or [["" for _ in cols]]
        runs.append((len(rows), len(persons)))
        for k, values in enumerate(persons):
            rows.append([category] + [cap(values[c]) if c < len(values) else "" for c in range(len(cols))])
    return Grid(
        widths=[w / total for w in mm],
        header=[(CATEGORY_HEADING, 1)] + [(c, 1) for c in cols],
        rows=rows,
        centered=[True] * (1 + len(cols)),
        merges={0: runs},
        keep=[True] * len(rows),  # as the .docx: every roster row cantSplit
        min_row_mm=12.0,
        font_pt=12,
        landscape=False,
    )


def grid_for(form) -> Grid:
    if isinstance(form, CompletionForm):
        return completion_grid(form)
    if isinstance(form, RosterForm):
        return roster_grid(form)
    raise TypeError(f"not a form: {type(form).__name__}")
