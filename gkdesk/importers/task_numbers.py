"""Task numbers written into the task's own cell: "1．对照……" in the text, "（3）做好……" in a title."""
from __future__ import annotations

from gkdesk.domain.model import Section
from gkdesk.lazy_re import LazyPattern, lazy_compile

_LEADING_NUMBER = lazy_compile(r"^\s*(\d{1,3})\s*(?:[．、]|\.(?!\d))\s*")
# Task titles also number as "（3）".
_LEADING_TITLE_NUMBER = lazy_compile(r"^\s*(?:(\d{1,3})\s*(?:[．、]|\.(?!\d))|[（(]\s*(\d{1,3})\s*[）)])\s*")


def number_from_text(sections: list[Section]) -> None:
    """Leading 1．2．3． that run in sequence through the table are task numbers.

    "1." at the start of every cell (a list inside the cell) is not: the sequence must climb,
    through the table or anew in each section. Where the table has a title column beside the
    text, the numbers stand in the title ("1.主动公开…", "（3）…").
    """
    tasks = [t for s in sections for ss in s.subsections for t in ss.tasks]
    in_title = any(t.title for t in tasks)
    pattern = _LEADING_TITLE_NUMBER if in_title else _LEADING_NUMBER
    found = [(t, pattern.match(t.title if in_title else t.text)) for t in tasks]
    nums = [int(m.group(1) or m.group(2)) for _, m in found if m]
    if len(nums) < 3 or len(nums) < 0.8 * len(tasks):
        return
    if not (_consecutive(nums) or _restarting(sections, pattern, in_title)):
        return
    for t, m in found:
        if m:
            t.number = m.group(1) or m.group(2)
            if in_title:
                t.title = t.title[m.end() :].lstrip()
            else:
                t.text = t.text[m.end() :].lstrip()


def _consecutive(nums: list[int]) -> bool:
    return nums == list(range(nums[0], nums[0] + len(nums)))


def _restarting(sections: list[Section], pattern: LazyPattern, in_title: bool) -> bool:
    """Each section numbers its tasks 1, 2, 3 … again."""
    if len(sections) < 2:
        return False
    for s in sections:
        found = [pattern.match(t.title if in_title else t.text) for ss in s.subsections for t in ss.tasks]
        nums = [int(m.group(1) or m.group(2)) for m in found if m]
        if not nums or nums[0] != 1 or not _consecutive(nums):
            return False
    return True
