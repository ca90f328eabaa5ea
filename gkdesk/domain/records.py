"""What the store keeps for each unit, as plain data: its 完成情况, their 佐证材料, its 附件2 roster.

The store fills these from its rows; the desk, the CLI and the exporters read them. No Qt, no SQL.
"""
from __future__ import annotations

from datetime import date

from gkdesk.domain.record import field, record

# The states a unit's 完成情况 can be in, in the order the clerk picks them. The store's CHECK
# constraint repeats them (a released schema step cannot import this); tests/test_domain_records.py
# checks that the two agree.
STATUSES = ("未开始", "推进中", "已完成", "持续推进", "不涉及")
NOT_STARTED = STATUSES[0]
IN_PROGRESS = STATUSES[1]
DONE = STATUSES[2]
# A task in these states is no longer overdue or due soon.
CLOSED = (DONE, "不涉及")

# category → rows, each row keyed by the template's column words (姓名, 职务, 联系电话, 备注)
Entries = dict[str, list[dict[str, str]]]


@record(frozen=True)
class Unit:
    """A unit as the store knows it; a group word (各镇街) is a unit with is_group set."""

    id: int
    name: str
    key: str
    is_group: bool
    group_kind: str | None


@record(frozen=True)
class Evidence:
    """One 佐证材料 file attached to a completion; the file itself is stored by its sha256."""

    id: int
    completion_id: int
    sha256: str
    original_name: str
    size: int
    added_at: str


@record
class Completion:
    """One unit's 完成情况 for one task."""

    id: int
    task_id: int
    unit_id: int
    unit_name: str
    status: str = NOT_STARTED
    text: str = ""
    started_on: date | None = None
    completed_on: date | None = None
    links: list[str] = field(default_factory=list)
    updated_at: str = ""
    updated_by: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@record
class Roster:
    """One unit's filled 附件2 人员名单 for a notice."""

    id: int
    notice_id: int
    unit_id: int
    unit_name: str
    filled_on: date | None
    updated_at: str
    entries: Entries = field(default_factory=dict)


__all__ = ["CLOSED", "DONE", "NOT_STARTED", "STATUSES", "Completion", "Entries", "Evidence", "Roster", "Unit"]
