"""Which column is which: header words first, cell content where the words are ambiguous.

The same header word means different things in different notices (工作任务 holds the 一、 sections in
one and short task titles in another), and one header may span several columns (重点任务 over the
section and subsection columns), so content decides wherever the words cannot.
"""
from __future__ import annotations

from gkdesk.lazy_re import lazy_compile

from .grid import Cell, Grid, compact

_NUMERALS = "一二三四五六七八九十"


# The two heading tests are string tests, not patterns: re builds a bitmap of all 65,536 BMP
# characters, chunk by chunk in Python, for each class of more than two runs of characters above
# U+00FF (~1M instructions a class; these two had three), and a dry run pays it at every start.
def section_heading(text: str) -> bool:
    r"""一、 十二． …: what ``re.match(r"^[一二三四五六七八九十]{1,3}\s*[、.．]", text)`` matches."""
    return _numerals_then(text, "、.．")


def subsection_heading(text: str) -> bool:
    r"""（一） (十二) …: what ``re.match(r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]", text)`` matches."""
    return text[:1] in ("（", "(") and _numerals_then(text[1:].lstrip(), "）)")


def _numerals_then(text: str, ends: str) -> bool:
    # str.lstrip() drops what re's \s matches (both are Py_UNICODE_ISSPACE).
    rest = text.lstrip(_NUMERALS)
    after = rest.lstrip()
    return 1 <= len(text) - len(rest) <= 3 and after[:1] != "" and after[0] in ends


NUMBER_CELL_RE = lazy_compile(r"^\d{1,3}\s*[.．、]?$")

# Header word → kind, tried in order: (kind, words the header is, words it contains). Plain words,
# not patterns: a table's header row is read once, and compiling eight patterns cost more.
_HEADER_WORDS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (kind, tuple(whole.split()), tuple(parts.split())) for kind, whole, parts in (
        ("number", "序号 编号 序", ""),
        ("lead", "", "牵头"),
        ("responsible", "", "责任 配合 协办 承办 参与 实施主体"),
        ("deadline", "", "时限 完成时间 时间要求 时间节点 完成期限 时间安排 进度安排"),
        ("completion", "", "完成情况 落实情况 进展情况 推进情况 工作进展 完成进度"),
        ("note", "备注", ""),
        ("text", "", "举措 具体要求 具体措施 工作措施 工作要求 主要内容 具体内容 任务内容 工作内容 措施 要求"),
        ("heading", "", "重点任务 工作任务 重点工作 主要任务 主要工作任务 工作事项 任务分工 任务 事项 项目"),
    )
]


def header_kind(text: str) -> str | None:
    w = compact(text)
    if not w or len(w) > 12:
        return None
    for kind, whole, parts in _HEADER_WORDS:
        if w in whole or any(p in w for p in parts):
            return kind
    return None


def find_header_row(grid: Grid, max_scan: int = 8) -> int | None:
    """Index of the first row naming at least two column kinds (one of them a unit or text column)."""
    for i, row in enumerate(grid.rows[:max_scan]):
        kinds = [header_kind(c.text) for c in row if not c.merged_left]
        found = {k for k in kinds if k}
        if found & {"text", "heading"} and found & {"lead", "responsible", "deadline", "completion", "number"}:
            return i
    return None


class ColumnStats:
    """Counts over one column's own cells (a plain class: only counted into, never compared)."""

    __slots__ = ("filled", "sections", "subsections", "numbers", "total_len")

    def __init__(self) -> None:
        self.filled = self.sections = self.subsections = self.numbers = self.total_len = 0

    def share(self, n: int) -> float:
        return n / self.filled if self.filled else 0.0


def column_stats(rows: list[list[Cell]], col: int) -> ColumnStats:
    st = ColumnStats()
    for row in rows:
        if col >= len(row):
            continue
        c = row[col]
        if c.merged_above or c.merged_left:
            continue
        t = compact(c.text)
        if not t:
            continue
        st.filled += 1
        st.total_len += len(t)
        if section_heading(t):
            st.sections += 1
        elif subsection_heading(t):
            st.subsections += 1
        elif NUMBER_CELL_RE.match(t):
            st.numbers += 1
    return st


def content_role(st: ColumnStats) -> str | None:
    """A role read from the cells alone, or None when they do not say."""
    if not st.filled:
        return None
    if st.share(st.sections) >= 0.5:
        return "section"
    if st.share(st.subsections) >= 0.5:
        return "subsection"
    if st.share(st.sections + st.subsections) >= 0.6:
        return "section"  # one column holding both levels; rows are told apart by their pattern
    if st.share(st.numbers) >= 0.6:
        return "number"
    return None


def assign_roles(grid: Grid, header_idx: int | None) -> tuple[list[str], list[str]]:
    """(header words per column, role per column) for a padded grid."""
    width = grid.width
    data = grid.rows[header_idx + 1 :] if header_idx is not None else grid.rows
    if header_idx is not None:
        # Header rows repeated at page breaks say nothing about the content.
        words = [compact(c.text) for c in grid.rows[header_idx]]
        data = [r for r in data if [compact(c.text) for c in r] != words]
    headers: list[str] = [""] * width
    groups: list[int] = list(range(width))
    if header_idx is not None:
        hrow = grid.rows[header_idx]
        for c in range(width):
            if c > 0 and hrow[c].merged_left:
                headers[c] = headers[c - 1]
                groups[c] = groups[c - 1]
            else:
                headers[c] = compact(hrow[c].text)
    kinds = [header_kind(h) for h in headers]
    group_size = {g: groups.count(g) for g in set(groups)}
    stats = [column_stats(data, c) for c in range(width)]
    roles: list[str] = [""] * width
    for c in range(width):
        kind = kinds[c]
        by_content = content_role(stats[c])
        spanned = group_size[groups[c]] > 1
        if kind in ("lead", "responsible", "deadline", "completion", "number", "note"):
            roles[c] = kind
        elif spanned and not stats[c].filled:
            roles[c] = "ignore"  # e.g. a section column left empty because sections are banner rows
        elif by_content and (kind in (None, "heading") or spanned):
            roles[c] = by_content
        elif kind == "text":
            roles[c] = "text"
        elif kind == "heading":
            roles[c] = "heading"  # resolved below: title beside a text column, else text
        else:
            roles[c] = "ignore" if not stats[c].filled else "unknown"
    has_text = "text" in roles
    for c in range(width):
        if roles[c] == "heading":
            roles[c] = "title" if has_text else "text"
            has_text = True
    # Without header words, the longest unclaimed column is the measure text and short unit-like
    # columns stay unknown: better a warning than a guess that puts units into the text.
    if "text" not in roles:
        cands = [c for c in range(width) if roles[c] == "unknown"]
        if cands:
            best = max(cands, key=lambda c: stats[c].total_len)
            roles[best] = "text"
    roles = ["ignore" if r == "unknown" else r for r in roles]
    return headers, roles
