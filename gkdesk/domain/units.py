"""Unit names as notices write them: splitting lists, unifying brackets, aliases and groups.

A task addressed to 各镇街 or 区政府各部门 belongs to every town or department, so group words are
recognised here and each concrete unit gets a default membership from its name. Vague words
(有关单位, 区政府有关部门) only "may concern" a unit: see MAY_CONCERN.
"""
from __future__ import annotations

import re

from gkdesk.lazy_re import LazyPattern, lazy_compile

_BRACKETS = str.maketrans({"(": "（", ")": "）", "[": "〔", "]": "〕", "【": "〔", "】": "〕"})
# Separators between units: 、，, ； and line breaks. Brackets may hold 、 ("区国资委（区金融工作办、…）"),
# so splitting skips separators inside brackets.
_SEPARATORS = set("、，,;；\n\r\t/")
_DASHES = {"—", "——", "-", "--", "－", "–", "/", "无", "——", "…"}

# Prefixes of the issuing level: 区财政局 = 财政局 = 县财政局 = 江津区财政局 for matching. "市" is
# never stripped alone (市场监管局), nor is a development zone's name (经济开发区管委会).
_PLACE_PREFIX = lazy_compile(r"^(?:重庆市)?(?P<place>[\u4e00-\u9fa5]{2,3}[区县])(?!委|政府)")
_NOT_PLACES = ("开发", "经开", "高新", "新区", "园区", "管委")

_GROUP_PATTERNS: list[tuple[str, LazyPattern]] = [
    ("towns", lazy_compile(r"^各(?:乡镇|镇|街道|镇街|镇（街道）|乡镇（街道）|乡镇人民政府|镇人民政府|乡镇街道)")),
    ("towns", lazy_compile(r"^(?:各)?(?:镇街|乡镇（街道）|镇（街道）)$")),
    ("departments", lazy_compile(r"^(?:区|县|市|管委会)?(?:政府)?各(?:部门|单位|委办局)$")),
    ("departments", lazy_compile(r"^(?:区|县|市)政府各(?:部门|工作部门)")),
    ("departments", lazy_compile(r"^管委会各部门")),
    # 区政府有关部门 may concern a department, never a town; 有关单位 may concern anyone.
    ("related_departments", lazy_compile(r"(?:有关|相关)部门$")),
    ("related", lazy_compile(r"有关单位$|^相关单位$")),
    ("related", lazy_compile(r"成员单位$|^各政务服务场所$")),
]

_AND_RELATED = ("等有关部门", "等有关单位", "等相关部门", "等相关单位")  # "县卫健委等有关部门"
_DEPT_SUFFIX = lazy_compile(r"(?:局|委|办|办公室|部|中心|院|馆|所|队|站|处|会|分局|支队|大队|公司|校)$")
_TOWN_SUFFIX = lazy_compile(r"(?:镇|乡|街道|街道办事处|镇人民政府|乡人民政府)$")


def normalize_unit(name: str) -> str:
    """One spelling per unit: full-width brackets, no spaces or trailing punctuation."""
    s = name.translate(_BRACKETS)
    s = re.sub(r"\s+", "", s)
    s = s.strip("、，,;；。:：")
    return s


def is_blank_unit(text: str) -> bool:
    """'—' and friends mean "no unit" in the notice's own words."""
    s = re.sub(r"\s+", "", text)
    return not s or s in _DASHES or set(s) <= set("—-－–")


def split_units(text: str) -> list[str]:
    """Split a 牵头单位/责任单位 cell into unit names, keeping 等有关部门 as its own group word."""
    if is_blank_unit(text):
        return []
    s = text.translate(_BRACKETS)
    parts: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in s:
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth = max(0, depth - 1)
        if ch in _SEPARATORS and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    parts.append("".join(buf))
    out: list[str] = []
    for p in parts:
        p = normalize_unit(p)
        if not p or is_blank_unit(p):
            continue
        # "县卫健委等有关部门" names a unit and a group.
        m = re.match(r"^(.+?)等(有关部门|有关单位|相关部门|相关单位)$", p) if p.endswith(_AND_RELATED) else None
        if m and not m.group(1).startswith("各"):
            out.append(m.group(1))
            out.append(m.group(2))
            continue
        out.append(p)
    # The same unit named twice in one cell is one unit.
    seen: set[str] = set()
    return [u for u in out if not (u in seen or seen.add(u))]


def group_kind(name: str) -> str | None:
    """'towns', 'departments', 'related' or 'related_departments' for a group word; None for a
    concrete unit."""
    n = normalize_unit(name)
    for kind, pat in _GROUP_PATTERNS:
        if pat.search(n):
            return kind
    return None


def unit_key(name: str) -> str:
    """Alias key: 财政局, 区财政局 and 县财政局 share one key; groups keep their full name."""
    n = normalize_unit(name)
    if group_kind(n):
        return n
    stripped = n
    m = _PLACE_PREFIX.match(n)
    if m and not any(w in m.group("place") for w in _NOT_PLACES):
        stripped = n[m.end():]
    elif n[:1] in ("区", "县"):
        stripped = n[1:]
    # Never strip a name down to a bare suffix ("区委" is not "委").
    return stripped if len(stripped) >= 2 else n


# Group words that do not say who they mean ("…等有关单位", "区政府有关部门", "…成员单位"): a
# task so addressed may concern a unit, which the clerk decides; it is never silently "mine".
MAY_CONCERN = frozenset({"related", "related_departments"})


def may_concern_kinds(kinds: set[str]) -> set[str]:
    """The vague group words that may concern a unit in these groups: 有关单位 any unit, 有关部门
    departments only — both unless the clerk took the unit out of "related" (设置 → 本单位)."""
    if "related" not in kinds:
        return set()
    return {"related", "related_departments"} if "departments" in kinds else {"related"}


def default_membership(unit: str) -> set[str]:
    """Group kinds a concrete unit belongs to unless the clerk edits it ("related": 有关单位 may
    concern it, see MAY_CONCERN)."""
    n = normalize_unit(unit)
    if group_kind(n):
        return set()
    kinds: set[str] = {"related"}
    n = re.sub(r"（[^）]*）$", "", n)  # 区国资委（区金融工作办） is named by what precedes the bracket
    if _TOWN_SUFFIX.search(n):
        kinds.add("towns")
    elif _DEPT_SUFFIX.search(n):
        kinds.add("departments")
    return kinds


def looks_like_unit_list(text: str) -> bool:
    """True for a line such as "区发展改革委、区商务委" — used where rows lost their columns."""
    s = text.strip()
    if not s or s.endswith(("。", "；", ";", "！", "？")) or len(s) > 200:
        return False
    parts = split_units(s)
    if not parts:
        return False
    for p in parts:
        if len(p) > 30:
            return False
        if not (group_kind(p) or _DEPT_SUFFIX.search(p) or _TOWN_SUFFIX.search(p) or p.endswith(("）", "单位", "部门", "政府", "组", "场所"))):
            return False
    return True
