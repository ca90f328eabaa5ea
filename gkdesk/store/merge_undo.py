"""Undoing a take-back, or the newest choice of conflicts on it, as one step each.

The audit log holds every step on a return (take_back, resolve_conflicts and their undos, alone or
as parts of an operation's entry: audit.ITEMS) with the completion images it wrote; undo walks the steps still in force, newest first, refuses when a
later edit touched the same rows (it would be lost), and restores the before-images.
"""

from __future__ import annotations

import json

from gkdesk.store import audit
from gkdesk.store import completion_images as images
from gkdesk.store.db import Database
from gkdesk.store.errors import StoreError


def undo_take_back(db: Database, return_id: int, who: str = "") -> None:
    """Undo a take-back (and the conflict choices made on it) as one step."""
    entries = steps(db, return_id)
    if not entries or entries[0]["action"] == "undo_take_back" or not any(e["action"] == "take_back" for e in entries):
        raise StoreError("这次导入回执已撤销或不存在。", "not_found")
    file_name = db.scalar("SELECT file_name FROM collection_returns WHERE id = ?", (return_id,))
    with db.transaction():
        for e in in_force(entries):  # newest first: conflict choices, then the take-back itself
            undo = json.loads(e["detail"]).get("undo", {})
            if not images.still_as_left(db, undo):
                raise StoreError(f"“{file_name}”导入的内容之后又被修改过（手工填写或另一份回执），"
                                 "撤销会丢失这些修改，未撤销。请先撤销之后的操作。", "conflict")
            images.restore(db, undo)
            if e["action"] == "take_back":
                break
        db.execute("DELETE FROM collection_returns WHERE id = ?", (return_id,))
        audit.record(db, "undo_take_back", "collection_return", return_id, {"file": file_name}, who)


def steps(db: Database, return_id: int) -> list:
    """Every step on the return in the audit log, newest first."""
    return db.query(
        f"WITH {audit.ITEMS} SELECT id, action, detail FROM audit_items WHERE entity = 'collection_return' "
        "AND entity_id = ? AND action IN ('take_back', 'resolve_conflicts', 'undo_resolve_conflicts', 'undo_take_back') "
        "ORDER BY id DESC, part = 0 DESC, part DESC", (return_id,))


def in_force(entries: list) -> list:
    """The steps not yet undone, newest first: an undone choice of conflicts is left out."""
    out, skip = [], 0
    for e in entries:
        if e["action"] == "undo_resolve_conflicts":
            skip += 1
        elif e["action"] == "resolve_conflicts" and skip:
            skip -= 1
        elif e["action"] != "undo_take_back":
            out.append(e)
            if e["action"] == "take_back":
                break  # a return id SQLite reused: older steps belong to an undone take-back
    return out


def undo_resolve(db: Database, return_id: int, who: str = "") -> None:
    """Undo the newest choice of conflicts made on a return: values back, conflicts open again."""
    last = next((e for e in in_force(steps(db, return_id)) if e["action"] == "resolve_conflicts"), None)
    if last is None:
        raise StoreError("这份回执没有可撤销的冲突处理。", "not_found")
    detail = json.loads(last["detail"])
    undo = detail.get("undo", {})
    with db.transaction():
        if not images.still_as_left(db, undo):
            raise StoreError("处理冲突后这些内容又被修改过，撤销会丢失这些修改，未撤销。", "conflict")
        images.restore(db, undo)
        ids = [int(k) for k in detail.get("choices", {})]
        db.executemany("UPDATE collection_conflicts SET resolution = NULL WHERE id = ?", [(i,) for i in ids])
        audit.record(db, "undo_resolve_conflicts", "collection_return", return_id, {"conflicts": ids}, who)


__all__ = ["in_force", "steps", "undo_resolve", "undo_take_back"]
