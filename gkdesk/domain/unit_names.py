"""Unit names wrapped over paragraphs inside a cell: which line breaks separate units, which do not.

A 牵头单位 cell holds one unit per paragraph, but a long name is sometimes wrapped by hand
("省食品药品" / "监管局") and an alias goes on its own line ("省编办" / "（省审改办）"). A reader joins
a line that opens with a bracket to the unit before it, and joins two lines when the first ends
mid-name (no unit ending such as 局/委/办/厅/中心/政府/街道) or the second is only a name's tail
(监管局, 办公室 …). Whole units on their own lines stay separate.
"""
from __future__ import annotations

import re

# How real unit names end (longest first, so "办公室" is tried before "室").
UNIT_SUFFIXES: tuple[str, ...] = tuple(sorted((
    "局", "委", "办", "厅", "室", "部", "院", "馆", "所", "队", "站", "处", "会", "中心", "政府", "街道",
    "镇", "乡", "组", "社", "台", "行", "团", "校", "公司", "集团", "单位", "部门", "场所", "机关",
    "办公室", "委员会", "管委会", "办事处", "领导小组", "联席会议", "分局", "支队", "大队", "法院",
    "检察院", "党校", "学院", "医院", "总队", "协会", "联合会", "工会", "妇联", "团委", "科", "股",
    "区", "县", "市", "省", "新区", "园区", "各镇街", "镇街", "联", "协", "村", "厂",
), key=len, reverse=True))

# Words that name no unit alone: a line that is just one of these (or ends a name with one after a
# generic word) is the tail of the unit on the line above.
NAME_TAILS: tuple[str, ...] = (
    "监管局", "管理局", "监督管理局", "服务局", "服务中心", "管理中心", "发展中心", "办公室", "委员会",
    "联席办", "领导小组办公室", "工作办", "事务局", "保障局", "建设委", "改革委", "发展局", "执法局",
)

_OPENS_ALIAS = ("（", "(")
_SEPARATOR_END = ("、", "，", ",", "；", ";")


def ends_like_unit(name: str) -> bool:
    """True when the text ends the way a unit name (or its alias in brackets) ends."""
    s = name.strip()
    if not s:
        return False
    if s.endswith(("）", ")", "〕")):
        return True
    return s.endswith(UNIT_SUFFIXES)


def is_name_tail(line: str) -> bool:
    return line.strip() in NAME_TAILS


def join_wrapped_names(text: str) -> str:
    """The cell's text with the line breaks inside one unit's name removed."""
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    if len(lines) < 2:
        return "\n".join(lines)
    out = [lines[0]]
    for ln in lines[1:]:
        prev = out[-1]
        last_name = re.split(r"[、，,；;]", prev)[-1]
        if set(prev) <= set("—-－–/无"):
            out.append(ln)  # "—" means no unit; it never starts a name
        elif prev.endswith(_SEPARATOR_END):
            out[-1] = prev + ln
        elif ln.startswith(_OPENS_ALIAS) or is_name_tail(ln):
            out[-1] = prev + ln
        elif last_name and not ends_like_unit(last_name):
            out[-1] = prev + ln
        else:
            out.append(ln)
    return "\n".join(out)
