"""Text copied out of a Word file: a cell starts with a tab, rows are separated by an empty line.

Word's text export cannot show merges, and an empty paragraph inside a cell looks like a row break,
so rows are re-joined to the table's width here; blank cells are left for the table reader.
"""
from __future__ import annotations

from collections import Counter

from .grid import Cell, Grid


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t")


def split_regions(lines: list[str]) -> list[tuple[int, int]]:
    """[start, end) line ranges holding tables; everything else is body text."""
    regions: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_cell_line(lines[i]):
            i += 1
            continue
        start = i
        j = i + 1
        while j < n:
            ln = lines[j]
            if _is_cell_line(ln) or ln == "" or (ln.strip() == "" and ln):
                j += 1
                continue
            if lines[j - 1] != "":
                j += 1  # a paragraph continuing the cell above
                continue
            # After an empty line, a plain line belongs to the table only if cells follow it.
            k = j + 1
            while k < n and lines[k] == "":
                k += 1
            if k < n and _is_cell_line(lines[k]):
                j += 1
                continue
            break
        end = j
        while end > start and lines[end - 1].strip() == "":
            end -= 1
        regions.append((start, end))
        i = j
    return regions


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln == "":
            if cur:
                blocks.append(cur)
                cur = []
        else:
            cur.append(ln)
    if cur:
        blocks.append(cur)
    return blocks


def _cells(block: list[str]) -> tuple[list[str], bool]:
    """Cells of one block, and whether it began mid-cell (no leading tab)."""
    cells: list[str] = []
    starts_mid = not _is_cell_line(block[0])
    for ln in block:
        if _is_cell_line(ln):
            cells.append(ln[1:])
        elif cells:
            cells[-1] += "\n" + ln
        else:
            cells.append(ln)
    return cells, starts_mid


def region_to_grid(lines: list[str], name: str, caption: list[str]) -> Grid:
    raw = [_cells(b) for b in _blocks(lines)]
    counts = Counter(len(c) for c, _ in raw if len(c) > 1)
    width = counts.most_common(1)[0][0] if counts else max((len(c) for c, _ in raw), default=1)
    rows: list[list[str]] = []
    for cells, starts_mid in raw:
        if rows and starts_mid:
            # The block goes on inside the last cell of the row above.
            rows[-1][-1] += "\n" + cells[0]
            rows[-1].extend(cells[1:])
        elif rows and len(rows[-1]) < width and len(rows[-1]) + len(cells) <= width and len(rows) > 1:
            rows[-1].extend(cells)
        else:
            rows.append(list(cells))
    width = max(width, max((len(r) for r in rows), default=0))
    grid_rows: list[list[Cell]] = []
    for i, r in enumerate(rows):
        if i == 0 and len(r) < width:
            # The header row is short because its first cell spans columns (重点任务 over the
            # section and subsection columns): widen that cell.
            extra = width - len(r)
            row = [Cell(r[0])] + [Cell(r[0], merged_left=True) for _ in range(extra)] + [Cell(t) for t in r[1:]]
        else:
            row = [Cell(t) for t in r] + [Cell() for _ in range(width - len(r))]
        grid_rows.append(row)
    return Grid(rows=grid_rows, explicit_merges=False, name=name, caption=caption)


def parse_tab_text(text: str) -> tuple[list[str], list[Grid]]:
    """(body paragraphs outside tables, grids) of a Word text extraction."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    regions = split_regions(lines)
    body: list[str] = []
    grids: list[Grid] = []
    pos = 0
    for k, (s, e) in enumerate(regions, 1):
        before = [ln.strip() for ln in lines[pos:s]]
        body.extend(before)
        caption = [ln for ln in before if ln][-4:]
        grids.append(region_to_grid(lines[s:e], f"表{k}", caption))
        pos = e
    body.extend(ln.strip() for ln in lines[pos:])
    return body, grids
