"""完成时限 text → a Deadline with a real date where the words give one."""
from __future__ import annotations

import re
from datetime import date, timedelta

from gkdesk.lazy_re import lazy_compile

from .model import Deadline

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_ONGOING = lazy_compile(r"持续推进|长期开展|长期坚持|长期|持续|常态化|经常性|随时|及时|动态")
_MONTHLY = lazy_compile(r"每月")
# 每季度 / 每半年 / 每年…: a deadline that comes back; kind "periodic" (DESIGN's list of kinds).
_PERIODIC = lazy_compile(r"每(?:个)?季度?|按季度?|每半年|按半年|每年|按年度")
_EVERY_YEAR_ON = lazy_compile(r"每年(\d{1,2})月(?:(\d{1,2})日|底|末)")
_NONE_CHARS = "—-－–/无"  # a cell of only these (or empty) sets no deadline

# 2020年10月30日前 / 2020年10月底前 / 2020年底前 / 2022年12月底之前 / 2020年9月30日
_FULL = lazy_compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_MONTH_END = lazy_compile(r"(\d{4})年(\d{1,2})月(?:底|末|份|内)?")
_YEAR_END = lazy_compile(r"(\d{4})年(?:底|末|年底|内|年内|全年)")
_YEAR_HALF = lazy_compile(r"(\d{4})年(上半年|下半年)")
_MONTH_NO_YEAR = lazy_compile(r"(?<!\d)(\d{1,2})月(?:(\d{1,2})日|底|末)")
# A date the task's own text sets ("2020年10月30日前，编制完成…"): a year and 前, so that
# "2020年度报告" or "2020年版" are never read as deadlines.
_TEXT_DUE = lazy_compile(r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日|底|末)?|年?底|年?末)(?:之)?前")


def _last_day(y: int, m: int) -> date:
    """The month's last day (m in 1–12): the day before the next month's first."""
    if not 1 <= m <= 12:
        raise ValueError(f"month {m}")
    return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def _safe_date(y: int, m: int, d: int | None = None) -> date | None:
    if not (1 <= m <= 12) or not (1900 <= y <= 2200):
        return None
    if d is None:
        return _last_day(y, m)
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _named_dates(s: str, year_hint: int | None) -> list[date]:
    """Every date a compact deadline text names, in the order the patterns find them."""
    dates: list[date] = []
    for m in _FULL.finditer(s):
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            dates.append(d)
    rest = _FULL.sub("", s)
    for m in _MONTH_END.finditer(rest):
        d = _safe_date(int(m.group(1)), int(m.group(2)))
        if d:
            dates.append(d)
    rest = _MONTH_END.sub("", rest)
    for m in _YEAR_END.finditer(rest):
        d = _safe_date(int(m.group(1)), 12)
        if d:
            dates.append(d)
    for m in _YEAR_HALF.finditer(rest):
        d = _safe_date(int(m.group(1)), 6 if m.group(2) == "上半年" else 12)
        if d:
            dates.append(d)
    if not dates and year_hint and not _PERIODIC.search(s):
        for m in _MONTH_NO_YEAR.finditer(s):
            day = int(m.group(2)) if m.group(2) else None
            d = _safe_date(year_hint, int(m.group(1)), day)
            if d:
                dates.append(d)
    return dates


def named_dates(text: str, year_hint: int | None = None) -> list[date]:
    """The dates a deadline names, earliest first: "9月底前部署，12月底前完成" names two."""
    return sorted(set(_named_dates(re.sub(r"\s+", "", text or ""), year_hint)))


def parse_deadline(text: str, year_hint: int | None = None) -> Deadline:
    """Read a 完成时限 cell. Unknown wording stays as text with kind 'unparsed'."""
    raw = (text or "").strip()
    # "2020年\n底前" is one deadline split over lines in the cell.
    s = re.sub(r"\s+", "", raw)
    shown = s
    if not s.strip(_NONE_CHARS):
        return Deadline(text=shown, kind="none", due=None)
    # The latest date named is the deadline ("2020年9月底前部署，12月底前完成").
    dates = _named_dates(s, year_hint)
    if dates:
        return Deadline(text=shown, kind="date", due=max(dates))
    if _MONTHLY.search(s):
        return Deadline(text=shown, kind="monthly", due=None)
    if _PERIODIC.search(s):
        return Deadline(text=shown, kind="periodic", due=None)
    if _ONGOING.search(s):
        return Deadline(text=shown, kind="ongoing", due=None)
    return Deadline(text=shown, kind="unparsed", due=None)


def deadline_from_text(text: str) -> Deadline | None:
    """The deadline a task's own text sets when the notice has no 完成时限 column, or None.

    Only dates with a year and 前 count; of several the latest is due, and all are kept as the
    deadline's text ("2020年9月底前、2020年底前").
    """
    s = re.sub(r"\s+", "", text or "")
    phrases: list[str] = []
    dates: list[date] = []
    for m in _TEXT_DUE.finditer(s):
        y = int(m.group(1))
        if m.group(2):
            d = _safe_date(y, int(m.group(2)), int(m.group(3)) if m.group(3) else None)
        else:
            d = _safe_date(y, 12)
        if d and m.group(0) not in phrases:
            phrases.append(m.group(0))
            dates.append(d)
    if not dates:
        return None
    return Deadline(text="、".join(phrases), kind="date", due=max(dates), source="text")


def next_due(deadline: Deadline, today: date) -> date | None:
    """When the deadline next falls due: the date itself, or the end of the running period for
    每月 / 每季度 / 每半年 / 每年 (每年1月31日前: the next 31 January)."""
    if deadline.kind == "date":
        return deadline.due
    s = re.sub(r"\s+", "", deadline.text)
    if deadline.kind == "monthly":
        return _last_day(today.year, today.month)
    if deadline.kind != "periodic":
        return None
    if "季" in s:
        return _last_day(today.year, ((today.month - 1) // 3 + 1) * 3)
    if "半年" in s:
        return _last_day(today.year, 6 if today.month <= 6 else 12)
    m = _EVERY_YEAR_ON.search(s)
    if m:
        month, day = int(m.group(1)), int(m.group(2)) if m.group(2) else None
        for y in (today.year, today.year + 1):
            d = _safe_date(y, month, day)
            if d and d >= today:
                return d
        return None
    return _last_day(today.year, 12)


def cn_number(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (section and subsection numbers)."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if any(ch not in _CN_DIGITS for ch in s):
        return None
    if "十" not in s:
        n = 0
        for ch in s:
            n = n * 10 + _CN_DIGITS[ch]
        return n
    tens, _, ones = s.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def cn_date(d: date) -> str:
    """2020-08-14 → 2020年8月14日, as notices and forms write dates."""
    return f"{d.year}年{d.month}月{d.day}日"
