"""汇总 (summary) of a notice's entries and the 通报 paragraph written for the leadership.

Plain data filled by store/summary.py (one GROUP BY per table) and read by the exporters, the CLI
and the desk's 汇总 view. The 通报 follows the wording district offices use:
"截至…，确定事项22件，已办结6件，占比27%；正在办理16件，占比73%。…" and names the units with
overdue items together with the items' numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gkdesk.domain.deadlines import cn_date


def percent(part: int, whole: int) -> int:
    """Whole percent, rounded half up as a clerk rounds (27.3 → 27, 72.7 → 73, 12.5 → 13)."""
    if whole <= 0:
        return 0
    return (200 * part + whole) // (2 * whole)


@dataclass
class SummaryRow:
    """One unit's (or one section's) entries: 事项, 已报送, 通过, 退回, 未填, 逾期, 已完成."""

    name: str
    tasks: int = 0
    reported: int = 0  # entries the unit filled (status set or text written)
    passed: int = 0
    sent_back: int = 0  # 退回
    empty: int = 0
    overdue: int = 0
    done: int = 0  # entries with status 已完成 or 不涉及
    due_soon: int = 0  # entries not done whose deadline is within the warning days (即将到期)

    @property
    def pending(self) -> int:
        return self.tasks - self.passed - self.sent_back

    @property
    def warning(self) -> str:
        """The unit's (or section's) three-level warning: its worst entry."""
        from gkdesk.domain.review import DUE_SOON, NORMAL, OVERDUE

        return OVERDUE if self.overdue else DUE_SOON if self.due_soon else NORMAL

    @property
    def rate(self) -> int:
        """完成率 in whole percent: entries 已完成 of all entries."""
        return percent(self.done, self.tasks)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "tasks": self.tasks, "reported": self.reported, "passed": self.passed,
                "sent_back": self.sent_back, "empty": self.empty, "overdue": self.overdue, "done": self.done,
                "due_soon": self.due_soon, "pending": self.pending, "rate": self.rate, "warning": self.warning}


@dataclass
class OverdueItem:
    unit: str
    item_no: int  # 第N项: the task's place in the notice (document order, from 1)
    task: str
    due: date
    status: str

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "item_no": self.item_no, "task": self.task, "due": self.due.isoformat(),
                "status": self.status}


@dataclass
class Summary:
    notice_title: str
    doc_number: str
    collector: str
    today: date
    warning_days: int = 7  # N of 即将到期 (设置: 预警天数)
    task_count: int = 0  # 确定事项: tasks of the notice with at least one entry
    tasks_done: int = 0  # every entry of the task 已完成
    units: list[SummaryRow] = field(default_factory=list)
    sections: list[SummaryRow] = field(default_factory=list)
    overdue: list[OverdueItem] = field(default_factory=list)

    @property
    def tasks_in_progress(self) -> int:
        return self.task_count - self.tasks_done

    @property
    def total(self) -> SummaryRow:
        out = SummaryRow("合计")
        for u in self.units:
            for f in ("tasks", "reported", "passed", "sent_back", "empty", "overdue", "done", "due_soon"):
                setattr(out, f, getattr(out, f) + getattr(u, f))
        return out

    def ranking(self) -> list[SummaryRow]:
        """Units best first: higher 完成率, then fewer overdue, more 通过, fewer 退回, then the name."""
        return sorted(self.units, key=lambda u: (-u.done * 10_000 // max(u.tasks, 1), u.overdue, -u.passed,
                                                 u.sent_back, u.name))

    def overdue_by_unit(self) -> list[tuple[str, list[int]]]:
        """Units with overdue items and the items' numbers, in the order of the unit table."""
        order = {u.name: i for i, u in enumerate(self.units)}
        by: dict[str, list[int]] = {}
        for item in self.overdue:
            by.setdefault(item.unit, []).append(item.item_no)
        return sorted(((u, sorted(set(n))) for u, n in by.items()), key=lambda p: (order.get(p[0], 1 << 30), p[0]))

    def briefing(self) -> str:
        """The 通报 paragraph."""
        n, d, p = self.task_count, self.tasks_done, self.tasks_in_progress
        title = f"《{self.notice_title}》" if self.notice_title else "本通知"
        if not self.units:
            return f"截至{cn_date(self.today)}，{title}尚未向各单位发放填报表，也没有收到各单位的落实情况。"
        parts = [f"截至{cn_date(self.today)}，{title}确定事项{n}件，已办结{d}件，占比{percent(d, n)}%；"
                 f"正在办理{p}件，占比{percent(p, n)}%。"]
        t = self.total
        if self.units:
            parts.append(f"{len(self.units)}个单位应报送落实情况{t.tasks}条，已报送{t.reported}条，"
                         f"报送率{percent(t.reported, t.tasks)}%；审核通过{t.passed}条，退回修改{t.sent_back}条，"
                         f"待审核{t.pending}条。")
        late = self.overdue_by_unit()
        if late:
            named = "、".join(f"{u}（第{'、'.join(map(str, nums))}项）" for u, nums in late)
            items = len({i.item_no for i in self.overdue})
            parts.append(f"逾期未办结事项{items}件，涉及{len(late)}个单位：{named}，请相关单位抓紧办理并及时报送。")
        else:
            parts.append("各单位均无逾期未办结事项。")
        return "".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "notice": self.notice_title, "doc_number": self.doc_number, "collector": self.collector,
            "today": self.today.isoformat(), "warning_days": self.warning_days, "task_count": self.task_count, "tasks_done": self.tasks_done,
            "tasks_in_progress": self.tasks_in_progress,
            "units": [u.to_json() for u in self.units], "sections": [s.to_json() for s in self.sections],
            "total": self.total.to_json(), "overdue": [o.to_json() for o in self.overdue],
            "ranking": [u.name for u in self.ranking()], "briefing": self.briefing(),
        }


__all__ = ["OverdueItem", "Summary", "SummaryRow", "percent"]
