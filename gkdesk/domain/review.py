"""审核 (review) of each responsible unit's entry, the desk's role for a notice, and the 预警 levels.

An entry is one unit's 完成情况 for one task. Its review state is 待审核 until the collecting
office (or the task's lead unit) marks it 通过 or 退回 with a reason. Any change to the entry's
content afterwards — the unit's resubmission of a 退回 entry taken back by the collection rules,
or an edit after 通过 — sends it back to 待审核 (the store applies this rule in a trigger, so every
write path obeys it). No Qt, no I/O.
"""

from __future__ import annotations

from datetime import date, timedelta

from gkdesk.domain.record import record
from gkdesk.domain.records import CLOSED
from gkdesk.domain.report_audience import receives

PENDING = "待审核"
PASSED = "通过"
RETURNED = "退回"
STATES = (PENDING, PASSED, RETURNED)


class ReviewError(ValueError):
    """A review the rules do not allow; the message is one Chinese line for the clerk."""


def check_transition(old: str, new: str, reason: str) -> None:
    """A reviewer may set 通过 or 退回 (a reason is required for 退回) from any state.

    待审核 is never set by hand: it is what a changed entry returns to.
    """
    if new not in (PASSED, RETURNED):
        raise ReviewError(f"审核结果只能是“{PASSED}”或“{RETURNED}”，不能设为“{new}”。")
    if old not in STATES:
        raise ReviewError(f"未知的审核状态“{old}”。")
    if new == RETURNED and not reason.strip():
        raise ReviewError("退回时请写明退回原因，单位才知道要改什么。")


def after_change(state: str) -> str:
    """The state of an entry whose content changed (a resubmission, an edit after 通过)."""
    return PENDING


# -- the desk's role for a notice ---------------------------------------------------------------

OFFICE = "office"  # the collecting office: reports go to it, it reviews every task
LEAD = "lead"  # lead unit of some tasks: reviews the responsible units of those tasks
RESPONSIBLE = "responsible"  # a responsible unit: fills and returns, is reviewed
NONE = "none"

ROLE_WORDS = {OFFICE: "汇总单位", LEAD: "牵头单位", RESPONSIBLE: "责任单位", NONE: "未涉及"}


@record(frozen=True)
class DeskRole:
    role: str
    unit: str
    led: int = 0  # tasks the unit leads
    responsible: int = 0  # tasks it is responsible for

    @property
    def words(self) -> str:
        return ROLE_WORDS[self.role]

    def may_review(self, task_led_by_me: bool) -> bool:
        """The office reviews any task; a lead unit the tasks it leads; nobody else reviews."""
        return self.role == OFFICE or (self.role == LEAD and task_led_by_me)

    def describe(self) -> str:
        if self.role == OFFICE:
            return f"{self.unit}是本通知的汇总单位：可审核全部任务的各单位落实情况。"
        if self.role == LEAD:
            return f"{self.unit}牵头 {self.led} 项任务：可审核这些任务中各责任单位的落实情况。"
        if self.role == RESPONSIBLE:
            return f"{self.unit}是 {self.responsible} 项任务的责任单位：填报落实情况，由牵头单位审核。"
        return f"本通知没有交办给{self.unit or '本单位'}的任务。" if self.unit else "请先在设置中填写本单位。"


def desk_role(own_unit: str, collectors: list[str], led: int, responsible: int) -> DeskRole:
    """The role from 设置 (本单位) and the notice: `collectors` are the units reports go to (the
    notice's report recipients, the collector of rounds handed out on this PC)."""
    if not own_unit:
        return DeskRole(NONE, "")
    if any(receives(own_unit, c) for c in collectors):
        return DeskRole(OFFICE, own_unit, led, responsible)
    if led:
        return DeskRole(LEAD, own_unit, led, responsible)
    if responsible:
        return DeskRole(RESPONSIBLE, own_unit, led, responsible)
    return DeskRole(NONE, own_unit)


# -- the three-level warning (预警) ---------------------------------------------------------------

NORMAL = "正常"
DUE_SOON = "即将到期"
OVERDUE = "已逾期"
WARNING_LEVELS = (NORMAL, DUE_SOON, OVERDUE)
# Colour (for screen and the coloured print) and a symbol, so the level also reads in black and white.
WARNING_COLOURS = {NORMAL: "#2F6FD0", DUE_SOON: "#E0A800", OVERDUE: "#D03030"}
WARNING_SYMBOLS = {NORMAL: "○", DUE_SOON: "▲", OVERDUE: "■"}
WARNING_DAYS_SETTING = "预警天数"
# 7, as the desk's task tree and 提醒 already count "due soon" (store/browse.py SOON_DAYS); the clerk
# changes it in 设置 (预警天数). Open 督办 systems use 3.
DEFAULT_WARNING_DAYS = 7
DONE_STATUSES = CLOSED  # a closed entry is never overdue


def warning_bounds(today: date, soon_days: int = DEFAULT_WARNING_DAYS) -> tuple[date, date]:
    """(overdue before, 即将到期 up to and including): the one rule `warning` and the store's counts use."""
    return today, today + timedelta(days=max(0, soon_days))


def warning(due: date | None, today: date, done: bool = False, soon_days: int = DEFAULT_WARNING_DAYS) -> str:
    """正常 / 即将到期 (due within `soon_days`, today included) / 已逾期 (due passed, not done)."""
    if done or due is None:
        return NORMAL
    overdue_before, soon_until = warning_bounds(today, soon_days)
    if due < overdue_before:
        return OVERDUE
    if due <= soon_until:
        return DUE_SOON
    return NORMAL


def warning_label(level: str) -> str:
    return f"{WARNING_SYMBOLS[level]} {level}"


__all__ = [
    "DEFAULT_WARNING_DAYS",
    "DONE_STATUSES",
    "DUE_SOON",
    "LEAD",
    "NONE",
    "NORMAL",
    "OFFICE",
    "OVERDUE",
    "PASSED",
    "PENDING",
    "RESPONSIBLE",
    "RETURNED",
    "STATES",
    "WARNING_COLOURS",
    "WARNING_DAYS_SETTING",
    "WARNING_LEVELS",
    "WARNING_SYMBOLS",
    "DeskRole",
    "ReviewError",
    "after_change",
    "check_transition",
    "desk_role",
    "warning",
    "warning_bounds",
    "warning_label",
]
