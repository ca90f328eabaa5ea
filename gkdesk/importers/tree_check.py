"""The evidence a task table's cells give about its tree, for domain/plausibility.py's rule. No Qt.

Counted on the grid, independent of the column roles the table reader chose: a wrong header
moves every value into the wrong role but leaves the cells themselves as they were.
"""
from __future__ import annotations

from gkdesk.domain.model import ImportResult
from gkdesk.domain.plausibility import TableEvidence, tree_doubts
from gkdesk.lazy_re import lazy_compile

from .grid import Grid, compact
from .roles import subsection_heading

# "12", "12．…", "12、…", "12.…" (not "12.5"): how a task's number stands in a 序号 or measure cell.
_TASK_NUMBER = lazy_compile(r"^\s*\d{1,3}\s*(?:$|[．、]|\.(?!\d))")


def table_evidence(grids: list[Grid]) -> TableEvidence:
    subsections: set[str] = set()
    numbered = 0
    for grid in grids:
        for row in grid.rows:
            has_number = False
            for cell in row:
                if cell.merged_above or cell.merged_left or not cell.text:
                    continue  # a merge repeats its first cell's text: counted once
                if subsection_heading(cell.text):
                    subsections.add(compact(cell.text))
                elif _TASK_NUMBER.match(cell.text):
                    has_number = True
            numbered += has_number
    return TableEvidence(subsection_cells=len(subsections), numbered_rows=numbered)


def doubt_tree(result: ImportResult, grids: list[Grid]) -> None:
    """Put the plausibility rule's doubts first in the result's warnings (and in result.doubts)."""
    _sections, subsections, tasks = result.counts()
    doubts = tree_doubts(table_evidence(grids), subsections, tasks)
    result.doubts = doubts
    result.warnings[:0] = doubts
