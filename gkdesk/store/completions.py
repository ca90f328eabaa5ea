"""完成情况 per task and unit, and their 佐证材料 (evidence files)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from gkdesk.domain.records import NOT_STARTED, STATUSES, Completion, Evidence, Unit
from gkdesk.paths import evidence_dir
from gkdesk.store import audit
from gkdesk.store.db import Database, now
from gkdesk.store.errors import StoreError
from gkdesk.store.evidence import EvidenceRepository
from gkdesk.store.evidence_files import DEFAULT_MAX_BYTES
from gkdesk.store.unit_repo import UnitRepository

FIELDS = ("status", "text", "started_on", "completed_on", "links")


def _stored(value: Any) -> Any:
    """A field's value as JSON keeps it in the audit log (dates as ISO text, links as a list)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _iso(value: date | str | None) -> str | None:
    if value is None or value == "":
        return None
    return (
        value.isoformat()
        if isinstance(value, date)
        else date.fromisoformat(value).isoformat()
    )


_SELECT = "SELECT c.*, u.name AS unit_name FROM completions c JOIN units u ON u.id = c.unit_id "


class CompletionRepository:
    def __init__(self, db: Database, evidence_root: str | Path | None = None) -> None:
        if evidence_root is None:
            if db.path is None:
                raise ValueError("an in-memory store needs an explicit evidence_root")
            evidence_root = evidence_dir(db.path.parent)
        self.db = db
        self.root = Path(evidence_root)
        self.units = UnitRepository(db)
        self.evidence = EvidenceRepository(db, self.root)

    def _unit(self, unit: str | int | Unit) -> Unit:
        if isinstance(unit, Unit):
            return unit
        if isinstance(unit, int):
            found = self.units.by_id(unit)
            if found is None:
                raise StoreError(f"找不到编号为 {unit} 的单位。", "not_found")
            return found
        resolved = self.units.resolve(unit)
        assert resolved is not None
        return resolved

    def set_completion(
        self, task_id: int, unit: str | int | Unit, *, who: str = "", **fields: Any
    ) -> Completion:
        """Create or update one unit's 完成情况 for a task; only the fields given change."""
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise TypeError(f"unknown completion fields: {sorted(unknown)}")
        if "status" in fields and fields["status"] not in STATUSES:
            raise ValueError(
                f"status must be one of {STATUSES}, got {fields['status']!r}"
            )
        values: dict[str, Any] = {}
        for name, value in fields.items():
            if name in ("started_on", "completed_on"):
                values[name] = _iso(value)
            elif name == "links":
                values[name] = json.dumps(list(value or []), ensure_ascii=False)
            else:
                values[name] = value or (NOT_STARTED if name == "status" else "")
        with self.db.transaction():
            u = self._unit(unit)
            # The history says old → new; the old values are read inside the same transaction.
            prior = self.get_completion(task_id, u)
            before = {f: _stored(getattr(prior, f, None)) for f in fields} if prior is not None else {}
            if self.db.scalar("SELECT 1 FROM tasks WHERE id = ?", (task_id,)) is None:
                raise StoreError(
                    f"找不到编号为 {task_id} 的任务，可能已在修订导入时删除。",
                    "not_found",
                )
            cols = ["task_id", "unit_id", "updated_at", "updated_by", *values]
            updates = ", ".join(f"{c} = excluded.{c}" for c in cols[2:])
            self.db.execute(
                f"INSERT INTO completions({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                f"ON CONFLICT(task_id, unit_id) DO UPDATE SET {updates}",
                (task_id, u.id, now(), who, *values.values()),
            )
            completion = self.get_completion(task_id, u)
            assert completion is not None
            audit.record(
                self.db,
                "set_completion",
                "completion",
                completion.id,
                {"task_id": task_id, "unit": u.name, **fields, **({"before": before} if before else {})},
                who,
            )
        return completion

    def get_completion(self, task_id: int, unit: str | int | Unit) -> Completion | None:
        u = (
            self._unit(unit)
            if not isinstance(unit, str)
            else self.units.resolve(unit, create=False)
        )
        if u is None:
            return None
        found = self._load(
            _SELECT + "WHERE c.task_id = ? AND c.unit_id = ?", (task_id, u.id)
        )
        return found[0] if found else None

    def completions_for_task(self, task_id: int) -> list[Completion]:
        return self._load(_SELECT + "WHERE c.task_id = ? ORDER BY u.name", (task_id,))

    def completions_for_notice(
        self, notice_id: int, unit: str | None = None
    ) -> list[Completion]:
        """Every completion of a notice in document order (for exports and the lead unit's summary)."""
        sql = _SELECT + "JOIN tasks t ON t.id = c.task_id WHERE t.notice_id = ?"
        params: tuple[Any, ...] = (notice_id,)
        if unit is not None:
            u = self.units.resolve(unit, create=False)
            if u is None:
                return []
            sql += " AND c.unit_id = ?"
            params += (u.id,)
        return self._load(sql + " ORDER BY t.seq, u.name", params)

    def _load(self, sql: str, params: tuple[Any, ...]) -> list[Completion]:
        rows = self.db.query(sql, params)
        out = {
            r["id"]: Completion(
                r["id"],
                r["task_id"],
                r["unit_id"],
                r["unit_name"],
                r["status"],
                r["text"],
                date.fromisoformat(r["started_on"]) if r["started_on"] else None,
                date.fromisoformat(r["completed_on"]) if r["completed_on"] else None,
                json.loads(r["links"]),
                r["updated_at"],
                r["updated_by"],
            )
            for r in rows
        }
        for e in self.evidence.for_completions(out):
            out[e.completion_id].evidence.append(e)
        return list(out.values())

    # -- evidence ------------------------------------------------------------------------------
    def add_evidence(
        self,
        completion: Completion | int,
        file_path: str | Path,
        max_bytes: int = DEFAULT_MAX_BYTES,
        who: str = "",
    ) -> Evidence:
        """Attach a file; the same content is stored once however often it is attached."""
        cid = completion.id if isinstance(completion, Completion) else completion
        return self.evidence.add(cid, file_path, max_bytes, who)

    def remove_evidence(self, evidence: Evidence | int, who: str = "") -> None:
        self.evidence.remove(
            evidence.id if isinstance(evidence, Evidence) else evidence, who
        )

    def evidence_path(self, evidence: Evidence | str) -> Path:
        return self.evidence.path(
            evidence.sha256 if isinstance(evidence, Evidence) else evidence
        )

    def prune_evidence_files(self) -> int:
        return self.evidence.prune()
