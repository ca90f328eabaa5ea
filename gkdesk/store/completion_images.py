"""Completion rows written by a take-back or a choice of conflicts, with the images undo needs.

Each write returns the before-images of the rows it changed, the ids it inserted and the
after-images; undo checks the after-images still hold (nothing changed the rows since, else undo
would lose that change) and then puts the before-images back, so the tables end exactly as they were.
"""

from __future__ import annotations

import json
from typing import Any

from gkdesk.domain.collection import value_text
from gkdesk.domain.records import NOT_STARTED
from gkdesk.store.db import Database, now

COMPLETION_COLS = ("id", "task_id", "unit_id", "status", "text", "started_on", "completed_on", "links",
                   "updated_at", "updated_by", "note")


def current_values(row) -> dict[str, str]:
    """A completion row as the texts a return is compared with (status 未开始 counts as empty)."""
    if row is None:
        return {}
    return {
        "status": "" if row["status"] == NOT_STARTED else row["status"],
        "text": row["text"],
        "completed_on": row["completed_on"] or "",
        "links": value_text("links", json.loads(row["links"])),
        "note": row["note"],
    }


def column_value(fld: str, text: str) -> Any:
    """A field's text as its completions column stores it."""
    if fld == "links":
        return json.dumps([x for x in text.split("\n") if x], ensure_ascii=False)
    if fld == "status":
        return text or NOT_STARTED
    if fld == "completed_on":
        return text or None
    return text


def write(db: Database, unit_id: int, changes: list[tuple[int, str, str]], who: str) -> dict[str, Any]:
    """Write field values; returns the before-images (and inserted ids) that undo needs."""
    before: dict[int, dict[str, Any]] = {}
    inserted: list[int] = []
    stamp = now()
    for task_id, fld, theirs in changes:
        row = db.query_one("SELECT * FROM completions WHERE task_id = ? AND unit_id = ?", (task_id, unit_id))
        if row is None:
            cid = db.insert(
                "INSERT INTO completions(task_id, unit_id, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                (task_id, unit_id, stamp, who))
            inserted.append(cid)
        else:
            cid = row["id"]
            if cid not in before and cid not in inserted:
                before[cid] = {c: row[c] for c in COMPLETION_COLS}
        db.execute(f"UPDATE completions SET {fld} = ?, updated_at = ?, updated_by = ? WHERE id = ?",
               (column_value(fld, theirs), stamp, who, cid))
    touched = [*inserted, *before]
    return {"inserted": inserted, "before": list(before.values()), "after": images(db, touched)}


def images(db: Database, ids: list[int]) -> list[dict[str, Any]]:
    """The completion rows with these ids, every column, in id order."""
    if not ids:
        return []
    rows = db.query(f"SELECT * FROM completions WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", tuple(ids))
    return [{c: r[c] for c in COMPLETION_COLS} for r in rows]


def still_as_left(db: Database, undo: dict[str, Any]) -> bool:
    """True when nothing changed the completions this step wrote since (else undo would lose it)."""
    after = undo.get("after", [])
    return images(db, [r["id"] for r in after]) == after


def restore(db: Database, undo: dict[str, Any]) -> None:
    """Delete the rows a step inserted and put the before-images of the rows it changed back."""
    marks = ",".join("?" * len(undo.get("inserted", [])))
    if marks:
        db.execute(f"DELETE FROM completions WHERE id IN ({marks})", tuple(undo["inserted"]))
    for row in undo.get("before", []):
        cols = [c for c in COMPLETION_COLS if c != "id"]
        db.execute(f"UPDATE completions SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
                   (*(row[c] for c in cols), row["id"]))


__all__ = ["COMPLETION_COLS", "column_value", "current_values", "images", "restore", "still_as_left", "write"]
