"""What taking a return back did, per file (TakeBack) and per held value in dispute (Conflict).

Shared by the store's merge, the CLI's printout and the desk's result dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gkdesk.domain.collection import FIELD_LABELS


@dataclass
class Conflict:
    id: int
    task_id: int
    task: str  # the task's text, shortened
    unit: str
    field: str
    ours: str
    theirs: str
    resolution: str | None = None

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass
class TakeBack:
    """What taking one file back did: status taken / duplicate / unchanged / refused."""

    file: str
    status: str
    unit: str = ""
    notice_id: int | None = None
    return_id: int | None = None
    filled: int = 0
    empty: int = 0
    changed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    low_confidence: list[tuple[int, str, float]] = field(default_factory=list)  # (row, task, confidence)
    matches: list[tuple[int, str, float]] = field(default_factory=list)  # a table's rows taken: (row, task, confidence)
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "status": self.status, "unit": self.unit, "notice_id": self.notice_id,
            "return_id": self.return_id, "filled": self.filled, "empty": self.empty, "changed": self.changed,
            "conflicts": [c.__dict__ for c in self.conflicts], "problems": self.problems, "notes": self.notes,
            "low_confidence": [{"row": r, "task": t, "confidence": round(c, 2)} for r, t, c in self.low_confidence],
            "matches": [{"row": r, "task": t, "confidence": round(c, 2)} for r, t, c in self.matches],
            "message": self.message,
        }


__all__ = ["Conflict", "TakeBack"]
