"""The two forms a clerk hands in, as plain data: what the Word, Excel and print writers draw,
what they are called, and the 附件2 form most notices copy.

附件1 has one name everywhere the clerk reads it (menus, CLI output, exported titles, sheet names).
It is the notice's own 任务分工 table (seeds 000 and 001 list 附件1 as "…政务公开工作要点任务分工")
with the 完成情况 column filled in, and seed 000 asks for it back as "落实要点任务分工工作开展情况
（附件1）": so it is the 任务分工落实情况表. The text a unit writes per task keeps the column's own
word, 完成情况.
附件2 人员名单 (roster form): 类别 blocks with the persons a unit filled in.
The store gathers them (store/forms.py); exporters/ and printing/ only draw them.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from gkdesk.domain.deadlines import cn_date
from gkdesk.domain.form_names import COMPLETION_FORM, COMPLETION_LABEL, ROSTER_FORM, ROSTER_LABEL
from gkdesk.domain.model import RosterTemplate
from gkdesk.domain.records import NOT_STARTED

# The 附件2 table's first heading as the notice prints it (seed 000: "类   别", spaced out over
# its wide column); the .docx, the .xlsx and print all write it so.
CATEGORY_HEADING = "类\u3000别"

# Seed 000's 附件2: the form most notices copy. Used when a notice brought no roster template.
DEFAULT_ROSTER = RosterTemplate(
    title="政府信息公开工作人员名单",
    categories=[
        "政府信息公开工作负责人",
        "政府网站和政务新媒体管理工作负责人",
        "政府信息公开工作人员",
        "政府网站子网集群管理工作人员",
        "政务新媒体管理工作人员",
    ],
    columns=["姓名", "职务", "联系电话", "备注"],
    label=ROSTER_LABEL,
)


# Characters XML 1.0 (and so .docx/.xlsx) cannot hold; a pasted 完成情况 may carry them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str | None) -> str:
    """Text safe for an Office file: no control characters, \\r\\n → \\n."""
    if not text:
        return ""
    return _BAD_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def format_date(d: date | None) -> str:
    """2020年8月14日 (no leading zeros, as on official forms)."""
    return cn_date(d) if d else ""


def completion_cell(
    text: str = "",
    status: str = "",
    completed_on: date | None = None,
    links: Sequence[str] = (),
    evidence: Sequence[str] = (),
) -> str:
    """One unit's 完成情况 cell, as such forms are filled by hand: the text first, then the status
    and 完成日期 where set, "公开路径：…" and "佐证材料：…" (the evidence files' names).

    "未开始" with nothing else written is an empty cell, left for the unit to fill."""
    lines: list[str] = []
    body = clean_text(text).strip()
    if body:
        lines.append(body)
    state = [f"状态：{status}"] if status and status != NOT_STARTED else []
    if completed_on:
        state.append(f"完成日期：{format_date(completed_on)}")
    if state:
        lines.append("；".join(state))
    shown_links = [clean_text(x).strip() for x in links if x and x.strip()]
    if shown_links:
        lines.append("公开路径：" + "；".join(shown_links))
    names = [clean_text(x).strip() for x in evidence if x and x.strip()]
    if names:
        lines.append("佐证材料：" + "、".join(names))
    return "\n".join(lines)


@dataclass
class CompletionRow:
    section: str
    subsection: str
    number: str
    text: str
    lead: str
    responsible: str
    deadline: str
    completion: str
    title: str = ""  # short task title, for notices that have a 任务 column beside the detail
    task_id: int | None = None  # the stored task, so the desk's form editor edits this very row

    def value(self, role: str) -> str:
        """The cell text for a column role ("" for roles the form does not fill, e.g. note)."""
        return str(getattr(self, role, "") or "") if role in _ROW_ROLES else ""


_ROW_ROLES = {
    "section", "subsection", "number", "title", "text", "lead", "responsible", "deadline", "completion",
}


@dataclass
class CompletionForm:
    title: str
    label: str
    unit: str | None
    filled_on: date
    # (header word, role) in the notice's own order, incl. section/subsection; 完成情况 always present
    headers: list[tuple[str, str]]
    rows: list[CompletionRow] = field(default_factory=list)

    def unit_line(self) -> str:
        """填报单位：XX　　填报日期：YYYY年M月D日 (blank for hand filling when no unit)."""
        unit = self.unit or "\u3000" * 8
        return f"填报单位：{unit}\u3000\u3000填报日期：{format_date(self.filled_on)}"


@dataclass
class RosterForm:
    label: str
    title: str
    unit: str | None
    filled_on: date | None
    columns: list[str]
    # (category, rows of values in column order); at least one (empty) row per category
    blocks: list[tuple[str, list[list[str]]]] = field(default_factory=list)

    def unit_line(self) -> str:
        unit = self.unit or "\u3000" * 8
        when = format_date(self.filled_on) if self.filled_on else "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
        return f"单位（公章）：{unit}\u3000\u3000\u3000\u3000填报日期：{when}"


__all__ = [
    "COMPLETION_FORM",
    "COMPLETION_LABEL",
    "DEFAULT_ROSTER",
    "ROSTER_FORM",
    "ROSTER_LABEL",
    "CompletionForm",
    "CompletionRow",
    "RosterForm",
    "clean_text",
    "completion_cell",
    "format_date",
]
