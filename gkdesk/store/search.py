"""Finding tasks: full-text search and "my unit's tasks" (by alias key and group membership)."""

from __future__ import annotations

from collections.abc import Sequence

from gkdesk.domain.record import record
from gkdesk.domain.units import MAY_CONCERN, group_kind, may_concern_kinds
from gkdesk.store.db import Database
from gkdesk.store.unit_repo import UnitRepository

# The trigram tokenizer cannot match fewer than three characters; shorter terms use LIKE.
MIN_FTS_TERM = 3


@record(frozen=True)
class UnitTask:
    task_id: int
    role: str  # "lead" when the unit leads, else "responsible"
    via: tuple[str, ...]  # the names on the task that matched: 区财政局, 区政府各部门 …


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _unit_name_like() -> str:
    """Tasks naming a unit whose name is LIKE ?: the few matching units first, then their rows
    through the task_units_unit index. A JOIN of task_units with units scanned all of task_units
    (every row of every task) for each search."""
    return (
        "t.id IN (SELECT tu.task_id FROM task_units tu WHERE tu.unit_id IN ("
        "SELECT id FROM units WHERE name LIKE ? ESCAPE '\\'))"
    )


# Unit names are matched once per statement (few units contain a search term), not once per task.
_LIKE_CLAUSE = (
    "(t.text LIKE ? ESCAPE '\\' OR t.title LIKE ? ESCAPE '\\' OR t.number LIKE ? ESCAPE '\\' OR "
    + _unit_name_like()
    + ")"
)


def text_condition(db: Database, query: str) -> tuple[str, list[object]] | None:
    """SQL condition on tasks `t`: every term of `query` in its number, title, text, unit names or a 完成情况.

    Terms of three or more characters go through the trigram index; shorter ones (舆情) use LIKE,
    which the trigram tokenizer cannot answer. None for a blank query. Shared by `search` and
    the task tree's filters (store/browse.py) so both find the same tasks.
    """
    terms = query.split()
    if not terms:
        return None
    indexed = [t for t in terms if _indexed(db, t)]
    short = [t for t in terms if t not in indexed]
    parts: list[str] = []
    params: list[object] = []
    # A term may also be in a unit's 完成情况 (what the clerk wrote): few tasks carry one, so the
    # LIKE over completions is a small scan beside the task index.
    done = "t.id IN (SELECT c.task_id FROM completions c WHERE c.text LIKE ? ESCAPE '\\')"
    for t in indexed:
        parts.append(f"(t.id IN (SELECT rowid FROM task_fts WHERE task_fts MATCH ?) OR {done})")
        params += ['"' + t.replace('"', '""') + '"', _like(t)]
    for t in short:
        parts.append(f"({_LIKE_CLAUSE} OR {done})")
        params += [_like(t)] * 5
    return " AND ".join(parts), params


def _indexed(db: Database, term: str) -> bool:
    return bool(db.fts) and len(term) >= MIN_FTS_TERM


# How far the page-first scan reads, in pages: a word in one task of 8 or more fills its page
# there, and a rarer one has cost at most this many rows before the index answers.
SCAN_PAGES = 8


def _contains(column: str, term: str) -> tuple[str, object]:
    """`column` contains `term`, as LIKE '%term%' does: LIKE folds ASCII letters only, so a term
    without them is matched by instr(), which skips LIKE's pattern machinery (~15 % of a scan)."""
    if any("A" <= ch <= "Z" or "a" <= ch <= "z" for ch in term):
        return f"{column} LIKE ? ESCAPE '\\'", _like(term)
    return f"instr({column}, ?) > 0", term


def _scan_condition(db: Database, terms: list[str]) -> tuple[str, list[object]]:
    """The condition of `text_condition` without the index, for one statement run now: the unit
    names and 完成情况 holding a term are looked up first, and a clause that matches nothing is
    left out instead of being probed for every task read (a short term names no unit mostly)."""
    parts: list[str] = []
    params: list[object] = []
    for term in terms:
        ors: list[str] = []
        for column in ("t.text", "t.title", "t.number"):
            sql, param = _contains(column, term)
            ors.append(sql)
            params.append(param)
        # One statement per term: the units whose name holds it, and whether a 完成情况 does.
        units_csv, in_done = db.query_one(
            "SELECT (SELECT group_concat(id) FROM units WHERE name LIKE ?1 ESCAPE '\\'), "
            "EXISTS (SELECT 1 FROM completions WHERE text LIKE ?1 ESCAPE '\\')", (_like(term),))
        if units_csv:
            units = [int(u) for u in str(units_csv).split(",")]
            ors.append("t.id IN (SELECT tu.task_id FROM task_units tu WHERE tu.unit_id IN "
                       f"({','.join('?' * len(units))}))")
            params += units
        if in_done:
            ors.append("t.id IN (SELECT c.task_id FROM completions c WHERE c.text LIKE ? ESCAPE '\\')")
            params.append(_like(term))
        parts.append("(" + " OR ".join(ors) + ")")
    return " AND ".join(parts), params


def search(
    db: Database, query: str, notice_id: int | None = None, limit: int = 500
) -> list[int]:
    """Task ids whose number, title, text or unit names contain every term, in document order.

    The index hands over every match before the first page can be cut: 100,000 rowids for a word
    found in every task (~50 ms), where reading the tasks in document order fills the page after
    500 rows (~0.4 ms). So a query with indexed terms first scans a bounded stretch of tasks
    (SCAN_PAGES × limit, in document order); a page filled there, or a stretch that is the whole
    scope, is the answer. Otherwise (a rare word) the index answers. Terms too short for the
    index are scanned over the whole scope.
    """
    terms = query.split()
    if not terms:
        return []
    scope = "" if notice_id is None else " AND t.notice_id = ?"
    extra: list[object] = [] if notice_id is None else [notice_id]
    order = " ORDER BY t.notice_id, t.seq LIMIT ?"
    scan, scan_params = _scan_condition(db, terms)
    bound = None
    if any(_indexed(db, t) for t in terms):
        bound = db.query_one(
            f"SELECT t.notice_id, t.seq FROM tasks t WHERE 1{scope} ORDER BY t.notice_id, t.seq "
            "LIMIT 1 OFFSET ?", (*extra, SCAN_PAGES * limit))
    stretch = "" if bound is None else " AND (t.notice_id, t.seq) < (?, ?)"
    ids = db.column(
        f"SELECT t.id FROM tasks t WHERE {scan}{scope}{stretch}{order}",
        (*scan_params, *extra, *(() if bound is None else tuple(bound)), limit))
    if bound is None or len(ids) == limit:
        return ids
    where, params = text_condition(db, query)  # type: ignore[misc]
    return db.column(f"SELECT t.id FROM tasks t WHERE {where}{scope}{order}", (*params, *extra, limit))


def _group_ids(db: Database, kinds: set[str]) -> list[int]:
    """Stored group words of these kinds, classified by today's rule (domain.units.group_kind),
    not by the kind stored when the word was first seen: the rule may have learned since."""
    if not kinds:
        return []
    rows = db.query("SELECT id, name FROM units WHERE is_group = 1")
    return sorted(r["id"] for r in rows if group_kind(r["name"]) in kinds)


def _condition(keys: set[str], ids: list[int]) -> tuple[str, list[object]]:
    key_marks = ",".join("?" * len(keys)) or "NULL"
    id_marks = ",".join("?" * len(ids)) or "NULL"
    return f"(u.key IN ({key_marks}) OR u.id IN ({id_marks}))", [*sorted(keys), *ids]


def unit_condition(db: Database, unit_name: str) -> tuple[str, list[object]]:
    """SQL condition on a units row `u` naming this unit: any alias spelling, or a group it is in
    (各镇街, 区政府各部门). Vague words (有关单位, 区政府有关部门) are not "mine": see concern_condition."""
    units = UnitRepository(db)
    keys = units.keys_for(unit_name)
    kinds = units.group_kinds_of(unit_name, keys) - MAY_CONCERN
    return _condition(keys, _group_ids(db, kinds))


def concern_condition(db: Database, unit_name: str) -> tuple[str, list[object]]:
    """SQL condition on a units row `u` that may concern this unit: 有关单位 (any unit the clerk has
    not taken out), 区政府有关部门 (departments only)."""
    units = UnitRepository(db)
    kinds = may_concern_kinds(units.group_kinds_of(unit_name))
    return _condition(set(), _group_ids(db, kinds))


def addressed_condition(
    db: Database, unit_name: str, roles: Sequence[str] = ("lead", "responsible")
) -> tuple[str, list[object]]:
    """SQL condition on tasks `t`: the task names this unit (or its group) in one of `roles`."""
    cond, params = unit_condition(db, unit_name)
    role_marks = ",".join("?" * len(roles)) or "NULL"
    sql = (
        "EXISTS (SELECT 1 FROM task_units tu JOIN units u ON u.id = tu.unit_id "
        f"WHERE tu.task_id = t.id AND tu.role IN ({role_marks}) AND {cond})"
    )
    return sql, [*roles, *params]


def concerning_condition(
    db: Database, unit_name: str, roles: Sequence[str] = ("lead", "responsible")
) -> tuple[str, list[object]]:
    """SQL condition on tasks `t`: not addressed to this unit, but to a vague group word that may
    concern it ("…交通局等有关单位" for 财政局)."""
    mine, mine_params = addressed_condition(db, unit_name, roles)
    cond, params = concern_condition(db, unit_name)
    role_marks = ",".join("?" * len(roles)) or "NULL"
    sql = (
        "EXISTS (SELECT 1 FROM task_units tu JOIN units u ON u.id = tu.unit_id "
        f"WHERE tu.task_id = t.id AND tu.role IN ({role_marks}) AND {cond}) AND NOT {mine}"
    )
    return sql, [*roles, *params, *mine_params]


def tasks_for_unit(
    db: Database,
    notice_id: int | None,
    unit_name: str,
    roles: Sequence[str] = ("lead", "responsible"),
    concerning: bool = False,
) -> list[UnitTask]:
    """Tasks naming this unit under any spelling, or a group it belongs to (各镇街 for 石林镇).
    With concerning, instead the tasks that may concern it (有关单位 …) and are not its own."""
    if concerning:
        cond, params = concern_condition(db, unit_name)
        mine, mine_params = addressed_condition(db, unit_name, roles)
        cond = f"{cond} AND NOT {mine}"
        params = [*params, *mine_params]
    else:
        cond, params = unit_condition(db, unit_name)
    role_marks = ",".join("?" * len(roles)) or "NULL"
    scope = "" if notice_id is None else " AND t.notice_id = ?"
    rows = db.query(
        "SELECT tu.task_id, tu.role, u.name FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
        "JOIN units u ON u.id = tu.unit_id "
        f"WHERE tu.role IN ({role_marks}) AND {cond}{scope} "
        "ORDER BY t.notice_id, t.seq, tu.role, tu.position",
        (*roles, *params, *([] if notice_id is None else [notice_id])),
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
