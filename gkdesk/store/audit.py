"""Audit log: who changed what, kept so a lost 完成情况 can still be found and read back.

`who` is the unit that made the change (本单位, or "" before one is chosen); `channel` is how it came
in: the desk, the command line, or the bundled sample. A store opened for one channel records it on
every entry (Store.open(channel=…)); `AuditLog.channel()` changes it for the writes inside a block.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from gkdesk.store.db import Database, now

CHANNEL_DESK = "桌面"
CHANNEL_CLI = "命令行"
CHANNEL_SAMPLE = "示例"
CHANNELS = (CHANNEL_DESK, CHANNEL_CLI, CHANNEL_SAMPLE)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    who: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]
    channel: str = ""


def record(
    db: Database,
    action: str,
    entity: str,
    entity_id: int | None,
    detail: dict[str, Any] | None = None,
    who: str = "",
    channel: str | None = None,
) -> None:
    if db.op_label:
        detail = {**(detail or {}), "op": db.op_label}
    db.execute(
        "INSERT INTO audit_log(at, who, channel, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            now(),
            who,
            db.channel if channel is None else channel,
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

    @contextmanager
    def channel(self, channel: str) -> Iterator[None]:
        """Entries written inside the block name this channel (the welcome dialog's sample import)."""
        before, self.db.channel = self.db.channel, channel
        try:
            yield
        finally:
            self.db.channel = before

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
                r["channel"],
            )
            for r in rows
        ]
