"""A 单位名单 from a file: a typed list (.txt), or a roster / 通讯录 spreadsheet or Word table.

A 通讯录 lists people, each beside their unit (often a merged cell over several rows), so units are
read from the column headed 单位 and repeated names count once; a 类别/分组 column, when there is one,
gives each unit's groups. Never touches the store.
"""
from __future__ import annotations

import re
from pathlib import Path

from gkdesk.domain.model import NoticeImportError
from gkdesk.domain.unit_list import ListedUnit, listed, parse_unit_list
from gkdesk.domain.units import group_kind, normalize_unit

from .grid import Grid, compact

_UNIT_HEADER = re.compile(r"^(?:单位|单位名称|部门|部门名称|部门（单位）|单位（部门）|填报单位|责任单位|所在单位|工作单位|镇街|部门单位)$")
_GROUP_HEADER = re.compile(r"^(?:类别|分组|类型|单位类别|单位类型|所属类别|所属|性质|分类|组别)$")


def _grids(path: Path) -> list[Grid]:
    ext = path.suffix.lower()
    if ext in (".xls", ".et", ".doc", ".wps"):
        from .libreoffice import converted

        with converted(path) as copy:
            return _grids(copy)
    if ext in (".xlsx", ".xlsm"):
        from .xlsx_reader import read_xlsx

        return read_xlsx(path)[1]
    if ext == ".docx":
        from .docx_reader import read_docx

        return read_docx(path)[1]
    raise NoticeImportError("单位名单只能从 .txt、.xlsx/.xls/.et 或 .docx 文件读取。")


def read_unit_list(path: str | Path) -> tuple[list[ListedUnit], list[str]]:
    """(units, problems) from a file; raises NoticeImportError (one Chinese line) when unreadable."""
    path = Path(path)
    if path.suffix.lower() in (".txt", ".csv", ""):
        from .text_decoding import read_text

        text = read_text(path)
        if path.suffix.lower() == ".csv":
            text = "\n".join("\t".join(p.strip() for p in line.split(",")) for line in text.splitlines())
        return parse_unit_list(text)
    units: dict[str, ListedUnit] = {}
    problems: list[str] = []
    for grid in _grids(path):
        g = grid.padded()
        header, ucol, gcol = None, None, None
        for i, row in enumerate(g.rows[:8]):
            words = [compact(c.text) for c in row]
            hits = [j for j, w in enumerate(words) if _UNIT_HEADER.match(w)]
            if hits:
                header, ucol = i, hits[0]
                gcol = next((j for j, w in enumerate(words) if _GROUP_HEADER.match(w)), None)
                break
        if header is None:
            continue
        for row in g.rows[header + 1:]:
            name = normalize_unit(row[ucol].text.split("\n")[0])
            if not name or len(name) > 30 or name in units:
                continue
            if group_kind(name):
                problems.append(f"“{name}”是单位类别，不是单位，未加入名单。")
                continue
            labels = re.split(r"[、，,；;/\s]+", row[gcol].text) if gcol is not None else []
            units[name] = listed(name, [x for x in labels if x])
    if not units:
        raise NoticeImportError("文件中找不到“单位”或“单位名称”列，无法读取单位名单。")
    return list(units.values()), problems


__all__ = ["read_unit_list"]
