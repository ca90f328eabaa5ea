"""Earlier versions of a notice: what it was before each revision, kept so that a revision the
clerk notices was wrong (the next morning, after a restart) can be reverted from the 历史.

The codec is lossless, unlike ``ImportResult.to_json`` (which is the CLI's view and leaves out
source refs, the roster label and the source fields).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Any

from gkdesk.domain.model import (
    Column,
    Deadline,
    ImportResult,
    Notice,
    ReportDeadline,
    RosterTemplate,
    Section,
    Subsection,
    Task,
)
from gkdesk.store.db import Database, now


def dump(result: ImportResult) -> str:
    return json.dumps(asdict(result), ensure_ascii=False, default=_iso)


def _iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__}")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(text: str) -> ImportResult:
    d = json.loads(text)
    n = d["notice"]
    notice = Notice(**{**n, "date": _day(n["date"]), "report_deadlines": [
        ReportDeadline(**{**r, "due": date.fromisoformat(r["due"])}) for r in n["report_deadlines"]]})
    sections = [
        Section(s["title"], [
            Subsection(ss["title"], [
                Task(**{**t, "id": None, "deadline": Deadline(**{
                    **t["deadline"], "due": _day(t["deadline"]["due"])})})
                for t in ss["tasks"]])
            for ss in s["subsections"]])
        for s in d["sections"]
    ]
    return ImportResult(
        notice=notice,
        columns=[Column(**c) for c in d["columns"]],
        sections=sections,
        roster=RosterTemplate(**d["roster"]) if d["roster"] else None,
        warnings=list(d["warnings"]),
        source_name=d["source_name"],
        source_sha256=d["source_sha256"],
        source_format=d["source_format"],
    )


class VersionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def keep(self, notice_id: int, before: ImportResult) -> int:
        with self.db.transaction():
            return self.db.insert(
                "INSERT INTO notice_versions(notice_id, saved_at, result) VALUES (?, ?, ?)",
                (notice_id, now(), dump(before)),
            )

    def latest(self, notice_id: int) -> tuple[int, ImportResult] | None:
        """The version before the notice's last revision: (version id, the notice as it was)."""
        row = self.db.query_one(
            "SELECT id, result FROM notice_versions WHERE notice_id = ? ORDER BY id DESC LIMIT 1",
            (notice_id,),
        )
        return None if row is None else (int(row["id"]), load(row["result"]))

    def drop(self, version_id: int) -> None:
        """A version written back (the revision reverted) is used up."""
        with self.db.transaction():
            self.db.execute("DELETE FROM notice_versions WHERE id = ?", (version_id,))
