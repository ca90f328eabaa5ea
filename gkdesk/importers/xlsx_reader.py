"""An .xlsx task list as grids: merged ranges become explicit continuations.

openpyxl leaves the covered cells of a merge empty, so each range is mapped back: cells below the
top row are merged_above, cells right of the first column merged_left, all carrying the top-left
text. Rows above the header (a title row merged across the sheet) become the grid's caption.
"""
from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .grid import Cell, Grid, clean_cell_text
from .archive_limits import MAX_ZIP_MEMBER, read_zip_member
from .file_messages import MSG_BOMB, MSG_CORRUPT_XLSX
from .xlsx_scan import scan_sheets

_MAX_ROWS = 20_000
_MAX_COLS = 40


def _check_sizes(path: Path) -> None:
    """Inflate every sheet part under the cap before openpyxl sees it (it trusts the zip)."""
    with zipfile.ZipFile(path) as zf:
        names = [n for n in zf.namelist() if n.startswith("xl/") and n.endswith(".xml")]
    total = 0
    for n in names:
        total += len(read_zip_member(path, n))
        if total > MAX_ZIP_MEMBER:
            raise NoticeImportError(MSG_BOMB)


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if hasattr(v, "strftime"):
        return v.strftime("%Y年%m月%d日")
    return clean_cell_text(str(v))


def read_xlsx(path: str | Path) -> tuple[list[str], list[Grid]]:
    path = Path(path)
    _check_sizes(path)
    last_value_row = scan_sheets(path)  # refuses hostile merges and used areas before openpyxl
    import openpyxl  # lazily: 0.2 s of start-up the GUI should not pay

    with warnings.catch_warnings():
        # openpyxl warns about what it drops while reading (data validation extensions, a missing
        # default style, WPS's own parts); none changes a cell value, and on the command line the
        # English line would stand before the Chinese one. Under pytest's "error" it would even
        # turn a good sheet into "damaged".
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")
        return _read_workbook(path, openpyxl, last_value_row)


def _read_workbook(path: Path, openpyxl, last_value_row: int) -> tuple[list[str], list[Grid]]:
    try:
        # Opened from a file object: openpyxl refuses a file *named* other than .xlsx/.xlsm, and the
        # sniffer has already seen from the content that this is a workbook (a sheet named .docx).
        with open(path, "rb") as f:
            wb = openpyxl.load_workbook(f, data_only=True)
    except NoticeImportError:
        raise
    except OSError as exc:
        from .file_access import open_error

        raise open_error(path, exc) from exc
    except Exception as exc:  # openpyxl raises many kinds for a broken package
        raise NoticeImportError(MSG_CORRUPT_XLSX) from exc
    body: list[str] = []
    grids: list[Grid] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        # Rows below the last value (styled blanks, a stray far cell) would each be made by openpyxl.
        max_r = min(ws.max_row or 0, _MAX_ROWS, last_value_row)
        max_c = min(ws.max_column or 0, _MAX_COLS)
        if max_r == 0 or max_c == 0:
            continue
        values = [[_text(v) for v in row] for row in ws.iter_rows(min_row=1, max_row=max_r, max_col=max_c, values_only=True)]
        rows = [[Cell(t) for t in r] + [Cell() for _ in range(max_c - len(r))] for r in values]
        for rng in ws.merged_cells.ranges:
            top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= max_r and rng.min_col <= max_c else None
            if top is None:
                continue
            for r in range(rng.min_row, min(rng.max_row, max_r) + 1):
                for c in range(rng.min_col, min(rng.max_col, max_c) + 1):
                    if (r, c) == (rng.min_row, rng.min_col):
                        continue
                    rows[r - 1][c - 1] = Cell(top.text, merged_above=r > rng.min_row, merged_left=c > rng.min_col)
        # Title rows: one text across the sheet above the table.
        caption: list[str] = []
        while rows and len({c.text for c in rows[0] if c.text}) <= 1 and sum(1 for c in rows[0] if c.text and not c.merged_left) <= 1:
            t = next((c.text for c in rows[0] if c.text), "")
            if t:
                caption.append(t.replace("\n", ""))
                body.append(t)
            rows.pop(0)
            if not rows:
                break
        if rows:
            grids.append(Grid(rows=rows, explicit_merges=True, name=f"{ws.title}表", caption=caption))
    return body, grids
