"""A 附件2 roster a unit sent back (.docx/.xlsx) → its unit, date and persons. No Qt.

The coordinating office gets these back by mail/QQ: some exported by gkdesk, most typed in Word/WPS
into the notice's own form. Both are read the same way: the first table that looks like a roster
(类别/姓名/职务/联系电话 …), the “单位（公章）：…　填报日期：…” line above it, 类别 cells merged
(w:vMerge / merged ranges) or left blank over several persons apply to each of them, and a category
name the clerk broke over two lines is joined again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from gkdesk.domain.model import NoticeImportError

from .grid import Grid, compact
from .roster import is_roster_grid
from .file_messages import MSG_CORRUPT, MSG_CORRUPT_XLSX
from .sniffing import check_file

MSG_NO_ROSTER = "文件中没有找到人员名单表（需要“类别、姓名、职务、联系电话”等列）。"
MSG_FORMAT = "人员名单请导入 Word（.docx/.doc）、WPS 或 Excel（.xlsx/.xls）文件。"
WARN_NO_UNIT = "文件中没有找到“单位（公章）：”后填写的单位名称。"

_CATEGORY_WORDS = ("类别", "人员类别", "类型", "分类", "岗位")
_NOT_CATEGORY = ("序号", "编号", "单位", "单位名称", "填报单位")
_UNIT_RE = re.compile(r"(?:填报)?单位(?:[（(][^）)]{0,4}[）)])?\s*[：:][\s\u3000]*([^\s\u3000]*)")
_DATE_RE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")


@dataclass
class RosterReturn:
    unit: str
    filled_on: date | None
    categories: list[str]
    columns: list[str]
    entries: dict[str, list[dict[str, str]]]
    warnings: list[str] = field(default_factory=list)

    @property
    def people(self) -> int:
        return sum(len(v) for v in self.entries.values())


def _find_unit(lines: list[str]) -> str | None:
    """The unit written after 单位（公章）：, "" when the line is there but blank, None when no line."""
    for line in lines:
        m = _UNIT_RE.search(line or "")
        if m:
            unit = m.group(1)
            unit = re.split(r"填报|日期|时间", unit)[0]
            return unit.strip("：:，, _")
    return None


def _find_date(lines: list[str]) -> date | None:
    for line in lines:
        text = line or ""
        k = text.find("日期")
        for m in _DATE_RE.finditer(text[k:] if k >= 0 else text):
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


# A unit's own form may say 手机号码 or 联系方式 where the notice says 联系电话: one key for the list.
_SYNONYMS = (
    ("联系电话", ("联系电话", "电话", "联系方式", "手机", "手机号码", "电话号码", "办公电话", "联系电话（手机）")),
    ("职务", ("职务", "职务/职称", "职务（职称）", "职称", "职位")),
    ("姓名", ("姓名",)),
    ("备注", ("备注",)),
)


def _canonical(header: list[str]) -> list[str]:
    out = list(header)
    for word, variants in _SYNONYMS:
        if word in out:
            continue
        i = next((k for k, h in enumerate(out) if h in variants), None)
        if i is not None:
            out[i] = word
    return out


def _match_category(name: str, template: list[str] | None) -> str:
    if not template or not name:
        return name
    key = compact(name)
    for t in template:
        if compact(t) == key:
            return t
    # 信息公开工作负责人 ↔ 政府信息公开工作负责人: one contains the other, and only one does
    near = [t for t in template if key in compact(t) or compact(t) in key]
    return near[0] if len(near) == 1 else name


def _read_grid(grid: Grid, template: list[str] | None):
    rows = grid.padded().rows
    hidx = next(i for i, r in enumerate(rows[:3]) if any(compact(c.text) == "姓名" for c in r))
    header = [compact(c.text) if not c.merged_left else "" for c in rows[hidx]]
    header = _canonical(header)
    name_col = header.index("姓名")
    cat_col = next((i for i, h in enumerate(header) if h in _CATEGORY_WORDS), None)
    if cat_col is None:  # an unlabelled first column left of 姓名, but never 序号
        cat_col = next((i for i, h in enumerate(header[:name_col]) if h not in _NOT_CATEGORY), None)
    cols = [(i, h) for i, h in enumerate(header) if h and i >= name_col and i != cat_col]
    columns = [h for _, h in cols]
    entries: dict[str, list[dict[str, str]]] = {}
    categories: list[str] = []
    current = ""
    for r in rows[hidx + 1 :]:
        if cat_col is not None:
            text = compact(r[cat_col].text)  # joins "政府信息公开\n工作负责人"
            if text:
                current = _match_category(text, template)
        if current and current not in categories:
            categories.append(current)
        person = {h: r[i].text.strip() for i, h in cols}
        if "姓名" in person:
            person["姓名"] = compact(person["姓名"])  # 张　三 typed with a space to line up
        if not any(person.values()):
            continue  # the blank lines of the paper form
        entries.setdefault(current, []).append(person)
    return categories, columns, entries, rows[:hidx]


def _tables(path: Path) -> tuple[list[str], list[Grid]]:
    kind = check_file(path)
    if kind in ("doc", "wps", "xls", "et"):
        from .libreoffice import converted

        # LibreOffice turns .doc/.wps/.xls/.et into .docx/.xlsx (clear message when not installed)
        with converted(path) as copy:
            return _tables(copy)
    if kind == "docx":
        from .docx_reader import read_docx

        return read_docx(path)
    if kind == "xlsx":
        from .xlsx_reader import read_xlsx

        return read_xlsx(path)
    if path.suffix.lower() in (".docx", ".xlsx"):  # named so, but text or junk inside
        raise NoticeImportError(MSG_CORRUPT_XLSX if path.suffix.lower() == ".xlsx" else MSG_CORRUPT)
    raise NoticeImportError(MSG_FORMAT)


def read_roster_return(path: str | Path, template: list[str] | None = None) -> RosterReturn:
    """Read one returned roster. ``template``: the notice's categories, to spell them its way.

    Raises NoticeImportError (Chinese message) for a bad file or one without a roster table.
    """
    path = Path(path)
    body, grids = _tables(path)
    grid = next((g for g in grids if is_roster_grid(g)), None)
    if grid is None:
        raise NoticeImportError(MSG_NO_ROSTER)
    categories, columns, entries, above = _read_grid(grid, template)
    # Where the unit line may stand: just above the table, then cells above the header, then anywhere.
    lines = list(reversed(grid.caption)) + [c.text for r in above for c in r if c.text] + body
    warnings: list[str] = []
    unit = _find_unit(lines)
    if not unit:
        unit = ""
        warnings.append(WARN_NO_UNIT)
    filled_on = _find_date(lines)
    if not any(entries.values()):
        warnings.append("名单表中没有填写任何人员。")
    if template:
        extra = [c for c in categories if c not in template]
        if extra:
            warnings.append("以下类别与通知的名单格式不一致：" + "、".join(extra))
    return RosterReturn(unit, filled_on, categories, columns, entries, warnings)


__all__ = ["MSG_NO_ROSTER", "WARN_NO_UNIT", "RosterReturn", "read_roster_return"]
