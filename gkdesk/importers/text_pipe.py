"""Text copied from a government web page: one table cell per line, each ending in '|'.

Row breaks are not reliable in such a copy and rowspans leave rows short, so each line is read by
what it holds — 一、 section, （一） subsection, a list of units, a deadline, or a measure — and the
rows are rebuilt: a measure followed by two unit lines has its lead and responsible units; by one,
only its responsible units (the lead continues from the row above, as the rowspan did).
"""
from __future__ import annotations

import re

from gkdesk.domain.deadlines import parse_deadline
from gkdesk.domain.units import looks_like_unit_list

from .grid import Cell, Grid, compact
from .roles import header_kind, section_heading, subsection_heading

_PIPE_TAIL = re.compile(r"\s*\|[\s|]*$")


def is_pipe_text(text: str) -> bool:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    piped = sum(1 for ln in lines if _PIPE_TAIL.search(ln))
    return len(lines) >= 5 and piped >= 0.4 * len(lines) and "\n\t" not in text


def _cell(line: str) -> str:
    return _PIPE_TAIL.sub("", line).strip()


def parse_pipe_text(text: str) -> tuple[list[str], list[Grid]]:
    """(body lines, grids) of a web-page copy."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    start = None
    for i, ln in enumerate(lines):
        c = _cell(ln)
        # The header: consecutive one-cell lines that are all column words.
        if _PIPE_TAIL.search(ln) and " | " not in c and header_kind(c) in ("heading", "text"):
            j = i
            while j < len(lines) and _PIPE_TAIL.search(lines[j]) and header_kind(_cell(lines[j])):
                j += 1
            kinds = {header_kind(_cell(x)) for x in lines[i:j]}
            if kinds & {"lead", "responsible", "deadline"}:
                start = (i, j)
                break
    if start is None:
        return [_cell(ln) for ln in lines], []
    hs, he = start
    body = [_cell(ln) for ln in lines[:hs]]
    headers = [_cell(x) for x in lines[hs:he]]
    kinds = [header_kind(h) for h in headers]
    grid = _rebuild(headers, kinds, [_cell(x) for x in lines[he:] if _cell(x)])
    grid.caption = [b for b in body if b][-3:]
    return body, [grid]


def _rebuild(headers: list[str], kinds: list[str | None], cells: list[str]) -> Grid:
    heading = next((h for h, k in zip(headers, kinds) if k == "heading"), "")
    text_h = next((h for h, k in zip(headers, kinds) if k == "text"), "") or heading
    lead_h = next((h for h, k in zip(headers, kinds) if k == "lead"), "")
    resp_h = next((h for h, k in zip(headers, kinds) if k == "responsible"), "")
    dl_h = next((h for h, k in zip(headers, kinds) if k == "deadline"), "")
    cols = [heading or text_h, heading or text_h, text_h]
    cols += [h for h in (lead_h, resp_h, dl_h) if h]
    hrow = [Cell(cols[0]), Cell(cols[1], merged_left=True)] + [Cell(h) for h in cols[2:]]
    i_lead = cols.index(lead_h) if lead_h else None
    i_resp = cols.index(resp_h) if resp_h else None
    i_dl = cols.index(dl_h) if dl_h else None
    rows: list[list[Cell]] = [hrow]
    pending: list[str] = ["", ""]
    cur: list[Cell] | None = None
    units: list[str] = []

    def finish() -> None:
        nonlocal cur, units
        if cur is None:
            return
        slots = [i for i in (i_lead, i_resp) if i is not None]
        # Short rows lost their leading unit columns to a rowspan: fill from the right.
        for slot, u in zip(slots[len(slots) - len(units):] if len(units) <= len(slots) else slots, units):
            cur[slot] = Cell(u)
        if len(units) > len(slots) and slots:
            cur[slots[-1]] = Cell("、".join(units[len(slots) - 1 :]))
        rows.append(cur)
        cur, units = None, []

    for c in cells:
        t = compact(c)
        if section_heading(t):
            finish()
            pending = [c, ""]
            continue
        if subsection_heading(t):
            finish()
            pending[1] = c
            continue
        if cur is not None and looks_like_unit_list(c):
            units.append(c)
            continue
        if cur is not None and i_dl is not None and parse_deadline(c).kind in ("date", "monthly", "ongoing"):
            if len(c) <= 20:
                cur[i_dl] = Cell(c)
                continue
        finish()
        cur = [Cell(pending[0]), Cell(pending[1]), Cell(c)] + [Cell() for _ in cols[3:]]
        pending = ["", ""]
    finish()
    return Grid(rows=rows, explicit_merges=False, name="表1")
