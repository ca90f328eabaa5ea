"""A .docx as body paragraphs and table grids, read straight from word/document.xml.

Walking w:tc ourselves is ~10× faster than python-docx's row.cells and sees the merges as they are
written: w:gridSpan for a cell over several columns, w:vMerge for a cell continued downwards
("restart" starts it, a valueless one continues it). The XML comes through the safety module, so
zip bombs and entity bombs never reach the parser.
"""
from __future__ import annotations

from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .grid import Cell, Grid, check_cells, clean_cell_text
from .archive_limits import TextTooLong, parse_xml, read_zip_member
from .file_messages import msg_cell_too_long

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The longest task cell of the seeds is under 1,000 characters; a cell past this is a paste gone
# wrong, and the clerk is told which one rather than that the file is "damaged".
MAX_CELL_CHARS = 100_000


def _paragraph_text(p) -> str:
    out: list[str] = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}delText", f"{W}noBreakHyphen"):
        tag = el.tag
        if tag == f"{W}t":
            out.append(el.text or "")
        elif tag == f"{W}tab":
            out.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        # w:delText is deleted text under track changes: left out.
    return "".join(out)


def _cell_text(tc) -> str:
    lines: list[str] = []
    for el in tc.iter(f"{W}p"):
        # Paragraphs of a nested table are read in document order with the rest of the cell.
        lines.append(_paragraph_text(el))
    return clean_cell_text("\n".join(lines))


def _int_attr(el, default: int) -> int:
    """w:val of a gridSpan/gridBefore, clamped so a hostile value cannot blow up the grid."""
    if el is None:
        return default
    try:
        return min(max(1, int(el.get(f"{W}val", default))), 64)
    except (TypeError, ValueError):
        return default


def _table_grid(tbl, name: str, caption: list[str], number: int = 1) -> Grid:
    rows: list[list[Cell]] = []
    count = 0
    for tr in tbl.findall(f"{W}tr"):
        row: list[Cell] = []
        trpr = tr.find(f"{W}trPr")
        grid_before = trpr.find(f"{W}gridBefore") if trpr is not None else None
        if grid_before is not None:
            before = _int_attr(grid_before, 1)
            # Counted like written cells: 600,000 rows of gridBefore alone once took 5.2 GB.
            count += before
            check_cells(count)
            row.extend(Cell() for _ in range(before))
        for tc in tr.iter(f"{W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{W}sdtContent":
                continue  # a nested table's cell: already part of its parent cell's text
            tcpr = tc.find(f"{W}tcPr")
            span = _int_attr(tcpr.find(f"{W}gridSpan") if tcpr is not None else None, 1)
            vm = tcpr.find(f"{W}vMerge") if tcpr is not None else None
            count += span
            check_cells(count)  # before the span's cells are made
            col = len(row)
            if vm is not None and vm.get(f"{W}val") != "restart":
                above = rows[-1][col] if rows and col < len(rows[-1]) else Cell()
                first = Cell(above.text, merged_above=bool(rows))
            else:
                first = Cell(_cell_text(tc))
                if len(first.text) > MAX_CELL_CHARS:
                    raise NoticeImportError(msg_cell_too_long(number, len(rows) + 1, col + 1, len(first.text),
                                                             len(first.text.encode("utf-8"))))
            row.append(first)
            for _ in range(span - 1):
                row.append(Cell(first.text, merged_above=first.merged_above, merged_left=True))
        if not row:
            count += 1  # an empty row still costs a list: 600,000 of them are no notice either
            check_cells(count)
        rows.append(row)
    return Grid(rows=rows, explicit_merges=True, name=name, caption=caption)


def _walk(parent, body: list[str], grids: list[Grid]) -> None:
    for el in parent:
        tag = el.tag
        if tag == f"{W}p":
            body.append(_paragraph_text(el).strip())
        elif tag == f"{W}tbl":
            caption = [b for b in body if b.strip()][-4:]
            grids.append(_table_grid(el, f"表{len(grids) + 1}", caption, len(grids) + 1))
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml", f"{W}smartTag"):
            _walk(el, body, grids)


def read_docx(path: str | Path) -> tuple[list[str], list[Grid]]:
    """(body paragraphs outside tables, table grids) of a .docx."""
    data = read_zip_member(path, "word/document.xml")  # under MAX_ZIP_MEMBER (50 MB)
    try:
        root = parse_xml(data)
    except TextTooLong:
        # Past libxml2's 10 MB text limit: parse once more without it, only to name the cell
        # (the MAX_CELL_CHARS check below raises); a long body paragraph keeps the general words.
        try:
            _read_root(parse_xml(data, huge=True))
        except RecursionError:
            pass
        raise
    return _read_root(root)


def _read_root(root) -> tuple[list[str], list[Grid]]:
    body_el = root.find(f"{W}body")
    body: list[str] = []
    grids: list[Grid] = []
    if body_el is not None:
        _walk(body_el, body, grids)
    return body, grids
