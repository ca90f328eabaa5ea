"""单位名单: every unit of the district with the groups it belongs to.

Notices address groups (各镇（街道）, 区政府各部门), not the towns and departments in them; the
collector's list says who is in each group. Group words and default memberships come from
domain/units.py (one rule for "my tasks" and for collection); this module only reads the list as
a clerk types or pastes it: one unit a line, optionally followed by its groups.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gkdesk.domain.units import default_membership, group_kind, normalize_unit, split_units

# The group kinds a clerk can name in the list, with the word shown for each.
GROUP_WORDS = {"towns": "镇街", "departments": "部门", "related": "有关单位"}

# Words a 通讯录 or a typed list uses for a kind besides the notices' own group words.
_LABELS: list[tuple[str, re.Pattern[str]]] = [
    ("towns", re.compile(r"^(?:各)?(?:乡镇|镇街|镇|街道|乡|镇（街道）|乡镇（街道）|乡镇街道)(?:类)?$")),
    ("departments", re.compile(r"^(?:各)?(?:区级|县级)?(?:政府)?(?:部门|委办局|单位|工作部门|区级部门)(?:类)?$")),
    ("related", re.compile(r"^(?:各)?(?:有关|相关)(?:部门|单位)$")),
]


@dataclass(frozen=True)
class ListedUnit:
    name: str
    groups: frozenset[str]

    @property
    def group_words(self) -> str:
        return "、".join(GROUP_WORDS.get(g, g) for g in sorted(self.groups, key=_kind_order))


def _kind_order(kind: str) -> tuple[int, str]:
    order = list(GROUP_WORDS)
    return (order.index(kind) if kind in order else len(order), kind)


def group_of_label(label: str) -> str | None:
    """The group kind a label names: 镇街, 部门, 各镇（街道）, 区政府各部门 …; None if it names none."""
    s = normalize_unit(label)
    if not s:
        return None
    kind = group_kind(s)
    if kind:
        return kind
    for k, pat in _LABELS:
        if pat.match(s):
            return k
    return None


def listed(name: str, labels: list[str] | None = None) -> ListedUnit:
    """A unit of the list; without labels its groups follow from its name (石林镇 is a town)."""
    name = normalize_unit(name)
    if labels:
        kinds = {k for k in (group_of_label(x) for x in labels) if k}
        if kinds:
            # "related" (有关单位) stays as the name implies unless the clerk names it.
            return ListedUnit(name, frozenset(kinds | (default_membership(name) & {"related"})))
    return ListedUnit(name, frozenset(default_membership(name)))


_LINE_SPLIT = re.compile(r"[\t：:｜|]+|\s{2,}")


def parse_unit_list(text: str) -> tuple[list[ListedUnit], list[str]]:
    """A typed or pasted list → (units, problems).

    Each line is one unit, or several separated by 、 (a pasted sentence), optionally followed by a
    tab / colon / two spaces and its groups: "石林镇\t镇街", "区财政局：部门". A group word itself
    (各镇街) is no unit and is reported.
    """
    units: dict[str, ListedUnit] = {}
    problems: list[str] = []
    for n, raw in enumerate(text.replace("\r", "\n").split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        parts = [p for p in _LINE_SPLIT.split(line) if p.strip()]
        names_part, labels = parts[0], [x for p in parts[1:] for x in split_units(p)]
        for name in split_units(names_part):
            if group_kind(name):
                problems.append(f"第{n}行“{name}”是单位类别，不是单位，未加入名单。")
                continue
            u = listed(name, labels)
            units[u.name] = u
    return list(units.values()), problems


__all__ = ["GROUP_WORDS", "ListedUnit", "group_of_label", "listed", "parse_unit_list"]
