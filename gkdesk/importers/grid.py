"""The one shape every format is turned into before the table reader sees it.

A Word table, an Excel sheet, an HTML table and a tab/pipe text extraction all become a Grid: rows of
cells at the table's full width, each covered cell saying how it is covered. Formats with explicit
merges (w:vMerge, merged ranges, rowspan) mark continuations; text formats cannot, so their blank
cells are left for the table reader to interpret.
"""
from __future__ import annotations

from gkdesk.domain.record import field, record

from gkdesk.domain.model import NoticeImportError

from .file_messages import MSG_TABLE_TOO_LARGE

# The one cell limit of every reader (.docx, .xlsx, .html): far beyond any notice (the largest seed
# table has a few thousand cells), small enough that a grid this size stays in tens of MB. Cells made
# by spans, rowspans, gridBefore and merged ranges count as much as written ones: a hostile file is
# mostly the former.
MAX_GRID_CELLS = 200_000


def check_cells(count: int) -> None:
    """Refuse a table as soon as it would hold more than MAX_GRID_CELLS, before they are allocated."""
    if count > MAX_GRID_CELLS:
        raise NoticeImportError(MSG_TABLE_TOO_LARGE)


@record
class Cell:
    text: str = ""
    # Continuation of the cell above (w:vMerge, rowspan, merged range); text repeats the top cell's.
    merged_above: bool = False
    # Covered by the cell to the left (w:gridSpan, colspan); text repeats that cell's.
    merged_left: bool = False


@record
class Grid:
    rows: list[list[Cell]]
    # False for text extractions, where a blank cell may be a merge the text could not show.
    explicit_merges: bool = True
    # "表1" — how warnings name the table.
    name: str = "表1"
    # Paragraph text just above the table (its printed title, "附件2" labels …).
    caption: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def padded(self) -> "Grid":
        w = self.width
        rows = [r + [Cell() for _ in range(w - len(r))] for r in self.rows]
        return Grid(rows, self.explicit_merges, self.name, list(self.caption))

    def texts(self) -> list[list[str]]:
        return [[c.text for c in r] for r in self.rows]


_TO_SPACE = str.maketrans({"\t": " ", "\u3000": " ", "\xa0": " "})


def clean_cell_text(text: str) -> str:
    """Paragraphs inside a cell become '\n'; runs of spaces inside a line are kept as one."""
    lines = [_fold_spaces(ln).strip() for ln in text.replace("\r", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return "\n".join(lines)


def _fold_spaces(line: str) -> str:
    """Each run of spaces, tabs, U+3000 and U+00A0 as one space (what re.sub of the run would give)."""
    if "\t" in line or "\u3000" in line or "\xa0" in line:
        line = line.translate(_TO_SPACE)
    while "  " in line:
        line = line.replace("  ", " ")
    return line


def compact(text: str) -> str:
    """Text with every kind of white space removed: header words, titles used as keys."""
    # str.split() splits at exactly the characters re's \s matches (U+3000 and U+00A0 among them).
    return "".join(text.split()) if text else ""
