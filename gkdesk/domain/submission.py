"""报送情况: who was sent a 填报表, who returned it, who is late — and the 催报 list text."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gkdesk.domain.deadlines import cn_date


@dataclass
class UnitSubmission:
    unit: str
    sent_at: str = ""  # "" when no sheet was sent (a unit that returned the notice's own table)
    sheet_file: str = ""
    returned_at: str = ""
    return_file: str = ""
    rows_filled: int = 0
    rows_empty: int = 0
    returns: int = 0
    open_conflicts: int = 0

    @property
    def returned(self) -> bool:
        return bool(self.returned_at)


@dataclass
class SubmissionStatus:
    notice_title: str
    collector: str
    round_no: int
    report_due: date | None
    today: date
    units: list[UnitSubmission] = field(default_factory=list)
    what: str = "落实情况填报表"  # or "附件2人员名单"

    @property
    def days_left(self) -> int | None:
        return None if self.report_due is None else (self.report_due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def missing(self) -> list[UnitSubmission]:
        return [u for u in self.units if not u.returned]

    def deadline_words(self) -> str:
        if self.report_due is None:
            return "通知未写明报送时限"
        d = self.days_left
        assert d is not None
        when = f"报送时限：{cn_date(self.report_due)}"
        if d > 0:
            return f"{when}，还剩 {d} 天"
        if d == 0:
            return f"{when}，今天截止"
        return f"{when}，已逾期 {-d} 天"

    def chase_text(self) -> str:
        """The 催报 message a clerk copies into QQ or prints."""
        late = self.missing()
        if not late:
            return f"截至{cn_date(self.today)}，{len(self.units)} 个单位已全部报送。"
        lines = [f"截至{cn_date(self.today)}，以下 {len(late)} 个单位尚未报送《{self.notice_title}》{self.what}"
                 f"（{self.deadline_words()}），请抓紧报送{self.collector}："]
        lines += [f"{i}. {u.unit}" for i, u in enumerate(late, 1)]
        return "\n".join(lines)

    def lines(self) -> list[str]:
        rnd = f"　{self.collector}第{self.round_no}轮" if self.round_no else f"　{self.what}"
        out = [f"{self.notice_title}{rnd}　{self.deadline_words()}",
               f"已报送 {len(self.units) - len(self.missing())} 个，未报送 {len(self.missing())} 个："]
        for u in self.units:
            if u.returned:
                extra = f"，{u.open_conflicts} 处待选择" if u.open_conflicts else ""
                filled = f"填报 {u.rows_filled} 项、未填 {u.rows_empty} 项" if self.round_no else f"{u.rows_filled} 人"
                out.append(f"  已报送  {u.unit}　{u.returned_at}　{u.return_file}　{filled}{extra}")
            else:
                late = "（已逾期）" if self.overdue else ""
                out.append(f"  未报送  {u.unit}　{'已下发 ' + u.sent_at if u.sent_at else '未下发'}{late}")
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "notice": self.notice_title, "what": self.what, "collector": self.collector, "round": self.round_no,
            "report_due": self.report_due.isoformat() if self.report_due else None,
            "today": self.today.isoformat(), "days_left": self.days_left, "overdue": self.overdue,
            "units": [{**u.__dict__, "returned": u.returned} for u in self.units],
            "missing": [u.unit for u in self.missing()],
            "chase": self.chase_text(),
        }


__all__ = ["SubmissionStatus", "UnitSubmission"]
