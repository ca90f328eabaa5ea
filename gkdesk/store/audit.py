"""Audit log: who changed what, kept so a lost 完成情况 can still be found and read back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gkdesk.store.db import Database, now


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    who: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]


def record(
    db: Database,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: dict[str, Any] | None = None,
    who: str = "",
) -> None:
    if db.op_label:
        detail = {**(detail or {}), "op": db.op_label}
    db.execute(
        "INSERT INTO audit_log(at, who, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
        (
            now(),
            who,
            action,
            entity,
            entity_id,
            json.dumps(detail or {}, ensure_ascii=False, default=str),
        ),
    )


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: dict[str, Any] | None = None,
        who: str = "",
    ) -> None:
        with self.db.transaction():
            record(self.db, action, entity, entity_id, detail, who)

    def entries(
        self, entity: str | None = None, entity_id: int | None = None, limit: int = 200
    ) -> list[AuditEntry]:
        """Newest first."""
        where, params = [], []
        if entity is not None:
            where.append("entity = ?")
            params.append(entity)
        if entity_id is not None:
            where.append("entity_id = ?")
            params.append(entity_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.query(
            f"SELECT * FROM audit_log {clause} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [
            AuditEntry(
                r["id"],
                r["at"],
                r["who"],
                r["action"],
                r["entity"],
                r["entity_id"],
                json.loads(r["detail"]),
            )
            for r in rows
        ]
