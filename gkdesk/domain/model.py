"""The notice as a plain tree: what every importer produces and the store keeps.

No Qt and no I/O here, so the same objects serve the CLI, the GUI and worker threads.
"""
from __future__ import annotations

from gkdesk.domain.record import field, record
from datetime import date
from typing import Any

# Column roles the table reader can give a column of the notice's own table.
ROLES = (
    "section",
    "subsection",
    "number",
    "title",  # short task title beside a detail column (some web pages)
    "text",
    "lead",
    "responsible",
    "deadline",
    "completion",
    "note",
    "ignore",
)

DEADLINE_KINDS = ("date", "monthly", "periodic", "ongoing", "none", "unparsed")
# Where a deadline was read: the notice's own 完成时限 (its column, or a "完成时限：" line), or — when the
# notice gives none — a date the task's own words set.
DEADLINE_SOURCES = ("column", "text")


@record
class Deadline:
    """完成时限 as written, and what it means."""

    text: str = ""
    kind: str = "none"
    due: date | None = None
    source: str = "column"

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "kind": self.kind, "due": self.due.isoformat() if self.due else None}
        if self.source != "column":
            d["source"] = self.source  # absent means the notice's own 完成时限 column
        return d


@record
class Task:
    """One 贯彻举措 item."""

    text: str
    number: str = ""
    title: str = ""
    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)
    # Where the task came from in the source, for warnings next to rows (e.g. "表1第12行").
    source_ref: str = ""
    # Store row id once saved (set by the store's load_result); None for a fresh import.
    id: int | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "number": self.number,
            "text": self.text,
            "lead": list(self.lead),
            "responsible": list(self.responsible),
            "deadline": self.deadline.to_json(),
        }
        if self.title:
            d["title"] = self.title
        return d


@record
class Subsection:
    """（一） level. Title "" when the notice has no such level."""

    title: str
    tasks: list[Task] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "tasks": [t.to_json() for t in self.tasks]}


@record
class Section:
    """一、 level."""

    title: str
    subsections: list[Subsection] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "subsections": [s.to_json() for s in self.subsections]}


@record
class ReportDeadline:
    """报送时限 from the notice body, e.g. 附件2 by 2020-08-14 18:00."""

    what: str
    due: date
    time: str | None = None  # "18:00"
    attachment: str | None = None  # "附件2"
    recipient: str = ""
    audience: str = ""  # "牵头单位": only units leading a task of the notice report ("各牵头单位…报")

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"what": self.what, "due": self.due.isoformat()}
        if self.time:
            d["time"] = self.time
        if self.attachment:
            d["attachment"] = self.attachment
        if self.recipient:
            d["recipient"] = self.recipient
        if self.audience:
            d["audience"] = self.audience
        return d


@record
class RosterTemplate:
    """The notice's own 附件2 form: title, 类别 blocks and person columns."""

    title: str
    categories: list[str]
    columns: list[str]
    label: str = "附件2"

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "categories": list(self.categories), "columns": list(self.columns)}


@record
class Column:
    """One column of the notice's task table: its own header words and the role it got."""

    header: str
    role: str

    def to_json(self) -> dict[str, Any]:
        return {"header": self.header, "role": self.role}


@record
class Notice:
    doc_number: str = ""
    title: str = ""
    issuer: str = ""
    date: date | None = None
    year: int | None = None
    attachments: list[str] = field(default_factory=list)
    report_deadlines: list[ReportDeadline] = field(default_factory=list)
    contact: str = ""
    phone: str = ""
    # Title of the task table as printed above it (e.g. "万盛经开区2020年政务公开工作要点任务分工").
    table_title: str = ""

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "doc_number": self.doc_number,
            "title": self.title,
            "issuer": self.issuer,
            "date": self.date.isoformat() if self.date else None,
            "year": self.year,
            "attachments": list(self.attachments),
            "report_deadlines": [r.to_json() for r in self.report_deadlines],
        }
        if self.contact or self.phone:
            d["contact"] = {"name": self.contact, "phone": self.phone}
        if self.table_title:
            d["table_title"] = self.table_title
        return d


@record
class ImportResult:
    """Everything one import produces; nothing is stored until the caller says so."""

    notice: Notice
    columns: list[Column] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    roster: RosterTemplate | None = None
    warnings: list[str] = field(default_factory=list)
    source_name: str = ""
    source_sha256: str = ""
    source_format: str = ""  # docx, xlsx, text, pipe, prose, html …
    # Warnings that the tree itself may be wrong (domain/plausibility.py); also first in `warnings`.
    # The wizard shows them above the preview, before anything is saved. Not stored.
    doubts: list[str] = field(default_factory=list)

    def tasks(self) -> list[Task]:
        return [t for s in self.sections for ss in s.subsections for t in ss.tasks]

    def counts(self) -> tuple[int, int, int]:
        """(sections, subsections with a title, tasks) — the numbers a clerk checks first."""
        subs = sum(1 for s in self.sections for ss in s.subsections if ss.title)
        return len(self.sections), subs, len(self.tasks())

    def to_json(self) -> dict[str, Any]:
        return {
            "notice": self.notice.to_json(),
            "columns": [c.to_json() for c in self.columns],
            "sections": [s.to_json() for s in self.sections],
            "roster": self.roster.to_json() if self.roster else None,
            "warnings": list(self.warnings),
        }


class NoticeImportError(Exception):
    """A file that cannot be read. The message is one clear line in Chinese for the clerk."""


class ImportCancelled(NoticeImportError):
    """The clerk pressed 取消 while the notice was being read."""

    def __init__(self) -> None:
        super().__init__("已取消导入。")

__all__ = [
    "ROLES",
    "DEADLINE_KINDS",
    "DEADLINE_SOURCES",
    "Deadline",
    "Task",
    "Subsection",
    "Section",
    "ReportDeadline",
    "RosterTemplate",
    "Column",
    "Notice",
    "ImportResult",
    "NoticeImportError",
    "ImportCancelled",
]
