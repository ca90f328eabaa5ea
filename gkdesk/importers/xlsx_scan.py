"""A look at an .xlsx's sheet XML before openpyxl loads it: merged ranges and the used area.

openpyxl makes one object for every cell a merged range covers and for every cell up to the last
written one, so a sheet merging A1:XFD1048576 took 11.5 GB and one cell at XFD1048576 took 9 s.
Each worksheet part is streamed here (iterparse, the same hardened parser settings as
archive_limits.parse_xml, elements freed as they pass) and refused when a merge or the used area
is over the readers' one cell limit (grid.MAX_GRID_CELLS).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .archive_limits import has_doctype, read_zip_member, zip_namelist
from .file_messages import MSG_CORRUPT_XLSX, MSG_XML_ENTITY
from .grid import check_cells

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


def _ref(text: str | None) -> tuple[int, int] | None:
    """"XFD1048576" → (row, column), or None for a malformed ref."""
    m = _REF.match((text or "").strip())
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def _area(ref: str | None) -> int:
    a, _, b = (ref or "").partition(":")
    p, q = _ref(a), _ref(b or a)
    if p is None or q is None:
        return 0
    return (abs(q[0] - p[0]) + 1) * (abs(q[1] - p[1]) + 1)


def _scan_sheet(data: bytes) -> int:
    """The last row holding a value; raises when a merge or the used area is over the limit."""
    from lxml import etree

    if has_doctype(data):
        raise NoticeImportError(MSG_XML_ENTITY)
    last_row = last_col = 0
    merged = 0
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=(f"{S}c", f"{S}mergeCell"),
                             resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        for _, el in events:
            if el.tag == f"{S}mergeCell":
                # Counted over all ranges: openpyxl makes an object for every covered cell.
                merged += _area(el.get("ref"))
                check_cells(merged)
            elif len(el):  # a <c> with a <v> or <is>: a value; style-only cells do not count
                rc = _ref(el.get("r"))
                if rc is not None:
                    last_row, last_col = max(last_row, rc[0]), max(last_col, rc[1])
                    check_cells(last_row * last_col)
            el.clear()
    except etree.XMLSyntaxError as exc:
        raise NoticeImportError(MSG_CORRUPT_XLSX) from exc
    return last_row


def scan_sheets(path: str | Path) -> int:
    """Check every worksheet part; the last row with a value in any sheet (0 when all are empty)."""
    last = 0
    for name in zip_namelist(path):
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            last = max(last, _scan_sheet(read_zip_member(path, name)))
    return last
