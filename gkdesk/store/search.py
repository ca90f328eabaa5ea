"""Finding tasks: full-text search and "my unit's tasks" (by alias key and group membership)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gkdesk.store.db import Database
from gkdesk.store.unit_repo import UnitRepository

# The trigram tokenizer cannot match fewer than three characters; shorter terms use LIKE.
MIN_FTS_TERM = 3


@dataclass(frozen=True)
class UnitTask:
    task_id: int
    role: str  # "lead" when the unit leads, else "responsible"
    via: tuple[str, ...]  # the names on the task that matched: 区财政局, 区政府各部门 …


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search(
    db: Database, query: str, notice_id: int | None = None, limit: int = 500
) -> list[int]:
    """Task ids whose number, title, text or unit names contain every term, in document order."""
    terms = query.split()
    if not terms:
        return []
    scope = "" if notice_id is None else " AND t.notice_id = ?"
    extra: list[object] = [] if notice_id is None else [notice_id]
    if db.fts and all(len(t) >= MIN_FTS_TERM for t in terms):
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)
        rows = db.query(
            "SELECT t.id FROM task_fts JOIN tasks t ON t.id = task_fts.rowid "
            f"WHERE task_fts MATCH ?{scope} ORDER BY t.notice_id, t.seq LIMIT ?",
            (match, *extra, limit),
        )
        return [r[0] for r in rows]
    clause = (
        "(t.text LIKE ? ESCAPE '\\' OR t.title LIKE ? ESCAPE '\\' OR t.number LIKE ? ESCAPE '\\' OR EXISTS ("
        "SELECT 1 FROM task_units tu JOIN units u ON u.id = tu.unit_id "
        "WHERE tu.task_id = t.id AND u.name LIKE ? ESCAPE '\\'))"
    )
    params: list[object] = []
    for t in terms:
        params += [_like(t)] * 4
    rows = db.query(
        f"SELECT t.id FROM tasks t WHERE {' AND '.join([clause] * len(terms))}{scope} "
        "ORDER BY t.notice_id, t.seq LIMIT ?",
        (*params, *extra, limit),
    )
    return [r[0] for r in rows]


def tasks_for_unit(
    db: Database,
    notice_id: int | None,
    unit_name: str,
    roles: Sequence[str] = ("lead", "responsible"),
) -> list[UnitTask]:
    """Tasks naming this unit under any spelling, or a group it belongs to (各镇街 for 石林镇)."""
    units = UnitRepository(db)
    keys = units.keys_for(unit_name)
    kinds = units.group_kinds_of(unit_name, keys)
    key_marks = ",".join("?" * len(keys))
    kind_marks = ",".join("?" * len(kinds)) or "NULL"
    role_marks = ",".join("?" * len(roles)) or "NULL"
    scope = "" if notice_id is None else " AND t.notice_id = ?"
    rows = db.query(
        "SELECT tu.task_id, tu.role, u.name FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
        "JOIN units u ON u.id = tu.unit_id "
        f"WHERE tu.role IN ({role_marks}) AND (u.key IN ({key_marks}) "
        f"OR (u.is_group = 1 AND u.group_kind IN ({kind_marks}))){scope} "
        "ORDER BY t.notice_id, t.seq, tu.role, tu.position",
        (
            *roles,
            *sorted(keys),
            *sorted(kinds),
            *([] if notice_id is None else [notice_id]),
        ),
    )
    found: dict[int, tuple[str, list[str]]] = {}
    for r in rows:
        role, via = found.setdefault(r["task_id"], (r["role"], []))
        if r["role"] == "lead":
            role = "lead"
        via.append(r["name"])
        found[r["task_id"]] = (role, via)
    return [
        UnitTask(task_id, role, tuple(via)) for task_id, (role, via) in found.items()
    ]
