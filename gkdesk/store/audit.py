"""Audit log: who changed what, kept so a lost 完成情况 can still be found and read back.

`who` is the unit that made the change (本单位, or "" before one is chosen); `channel` is how it came
in: the desk, the command line, or the bundled sample. A store opened for one channel records it on
every entry (Store.open(channel=…)); `AuditLog.channel()` changes it for the writes inside a block.

One operation is one entry. Inside `Database.operation(label)` the records are gathered, and just
before the commit the last becomes the operation's row and the others its "parts" (a list in that
row's detail: action, entity, entity_id, detail each): a take-back of three returns is one row that
names all three. Readers that look for one entity's entries read `ITEMS`, which lists each part as
its own item (id = the row's, part = 1, 2, …), so a return, a completion or a task finds its steps
whether they were written alone (the command line, older stores) or as a part of an operation.
In the order they were recorded, an operation's parts 1, 2, … come before its part 0.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gkdesk.domain.record import record
from gkdesk.store.db import Database, now

CHANNEL_DESK = "桌面"
CHANNEL_CLI = "命令行"
CHANNEL_SAMPLE = "示例"
CHANNELS = (CHANNEL_DESK, CHANNEL_CLI, CHANNEL_SAMPLE)


# A common table expression: every audit entry and every part of one, as rows of its own.
ITEMS = """audit_items(id, part, at, who, channel, action, entity, entity_id, detail) AS (
    SELECT id, 0, at, who, channel, action, entity, entity_id, detail FROM audit_log
    UNION ALL
    SELECT a.id, p.key + 1, a.at, a.who, a.channel, json_extract(p.value, '$.action'),
           json_extract(p.value, '$.entity'), json_extract(p.value, '$.entity_id'),
           json_extract(p.value, '$.detail')
    FROM audit_log a, json_each(a.detail, '$.parts') p WHERE a.detail LIKE '%"parts": [%')"""


@record(frozen=True)
class AuditEntry:
    id: int
    at: str
    who: str
    action: str
    entity: str
    entity_id: int | None
    detail: dict[str, Any]
    channel: str = ""
    #: 0 for an entry itself, 1, 2, … for the parts of an operation's entry (same id)
    part: int = 0


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
    if db.op_parts is not None:  # inside an operation: written with it, as one entry
        db.op_parts.append((action, entity, entity_id, detail or {}, who, db.channel if channel is None else channel))
        return
    _insert(db, action, entity, entity_id, detail, who, channel)


def write_operation(db: Database) -> None:
    """The operation's one entry (called before its commit): the last record, which says what the
    operation did (hand_out after the round it opened, add_evidence after the completion it
    needed), with the records before it as its parts, in the order they were made."""
    parts, db.op_parts = db.op_parts or [], None
    if not parts:
        return
    action, entity, entity_id, detail, who, channel = parts[-1]
    if len(parts) > 1:
        detail = {**detail, "parts": [{"action": a, "entity": e, "entity_id": i, "detail": d}
                                      for a, e, i, d, _w, _c in parts[:-1]]}
    _insert(db, action, entity, entity_id, detail, who, channel)


def _insert(db: Database, action: str, entity: str, entity_id: int | None, detail: dict[str, Any] | None,
            who: str, channel: str | None) -> None:
    import json  # on first use: not a module of the first frame (issue 16)

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
        import json  # on first use: not a module of the first frame (issue 16)

        where, params = [], []
        if entity is not None:
            where.append("entity = ?")
            params.append(entity)
        if entity_id is not None:
            where.append("entity_id = ?")
            params.append(entity_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.db.query(
            f"WITH {ITEMS} SELECT * FROM audit_items {clause} ORDER BY id DESC, part = 0 DESC, part DESC LIMIT ?",
            (*params, limit),
        )
        out = []
        for r in rows:
            detail = json.loads(r["detail"])
            detail.pop("parts", None)
            out.append(AuditEntry(r["id"], r["at"], r["who"], r["action"], r["entity"], r["entity_id"], detail,
                                  r["channel"], r["part"]))
        return out

    def operations(self, limit: int = 200) -> list[AuditEntry]:
        """The entries as stored, one per operation (parts left in detail["parts"]), newest first."""
        import json  # on first use: not a module of the first frame (issue 16)

        rows = self.db.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
        return [AuditEntry(r["id"], r["at"], r["who"], r["action"], r["entity"], r["entity_id"],
                           json.loads(r["detail"]), r["channel"]) for r in rows]
