"""Who hands in a notice's report, and who receives it (issue 11).

The unit a report goes to ("…报区政务服务办": the report's recipient) collects it: it is never asked
to hand that report in to itself, even when it also leads tasks of the notice (区政务服务办 in seed
001 leads 15). ``receives`` is that rule; the desk's role (domain/review.py) and the 提醒
(store/reminders.py) both ask it.

Who must hand in a report when only the stored words are left:

The importer reads the audience from the sentence itself ("请各牵头单位于…前…报": 牵头单位). A notice
imported before the store kept the audience (schema step 8) has only the report's words, its 附件
number and the notice's list of attachments; the upgrade then uses the rule the desk already works
by (domain/review.py): responsible units fill in and return to their lead, the lead units report
the task table's 落实情况 and the 检查汇总 of it to the office. Every other report (a roster, a
summary each unit writes) stays for every unit: hiding a deadline is worse than showing one more.
"""
from __future__ import annotations

import re

from gkdesk.domain.units import unit_key

LEADS = "牵头单位"


def receives(unit: str, recipient: str) -> bool:
    """True when ``unit`` is the one the report goes to (under any of its names: 政务服务办 is
    区政务服务办); a unit not chosen yet, or a report naming no recipient, receives nothing."""
    return bool(unit and recipient) and unit_key(unit) == unit_key(recipient)

# The report sums up what the responsible units did: only a lead unit can write it.
_SUMMING_UP = re.compile(r"检查汇总|汇总情况|汇总后")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text or "").strip("《》“”\"")


def audience_from_stored(what: str, attachment: str | None, attachments: list[str], table_title: str,
                         tasks_have_leads: bool) -> str:
    """"牵头单位" when the stored report is the lead units' own, else "" (every unit)."""
    if not tasks_have_leads:
        return ""  # nobody leads a task of this notice: nobody to narrow the deadline to
    if _SUMMING_UP.search(what):
        return LEADS
    m = re.fullmatch(r"附件\s*(\d+)", attachment or "")
    if not m or not table_title:
        return ""
    n = int(m.group(1))
    if not 1 <= n <= len(attachments):
        return ""
    # The attachment is the notice's task table: its 落实情况 goes up from the lead units.
    named, table = _key(attachments[n - 1]), _key(table_title)
    return LEADS if named and (named in table or table in named) else ""
