"""删除通知 and its restore: a deleted notice is kept as a snapshot of every row that went with it.

Why a snapshot and not a ``deleted_at`` column: a soft-deleted notice would still be in every query
(the tree, search, reminders, collection, review, revision matching, the UNIQUE source_sha256 that
refuses the same file imported again), and each of them would need a filter to forget. Deleting the
rows and keeping their exact copies touches nothing else, and restoring them puts back the same
rows with the same ids, so the tasks' own 历史 (the audit log, keyed by task and completion id),
the undo entries of the session and a 回执's take-back still name them.

Which rows go with a notice is read from the schema, not listed here: every table that reaches
``notices`` through ON DELETE CASCADE foreign keys (a later schema step's table is kept too), and
the rows that ON DELETE SET NULL only unlinks (a 填报表 received for it). The units those rows name
are kept as well, since a unit used nowhere else may be removed meanwhile.

Evidence files stay on disk while a deletion can be restored: ``files`` lists their hashes, and
``EvidenceRepository.prune`` keeps them. Deleting a notice therefore frees no disk space until
the deletion is restored (then they are in use again) — there is no expiry, on purpose: a clerk
who deleted last year's notice may want its 佐证材料 back at the next inspection.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from gkdesk.store import audit
from gkdesk.store.db import Database, now
from gkdesk.store.errors import StoreError

# Restored after every other table: the review triggers (schema step 6) reset a review to 待审核
# when a completion or a conflict row is inserted after it, which a restore must not do.
_LAST = ("reviews",)


@dataclass(frozen=True)
class Link:
    """A foreign key ``table.column → parent.to`` by which rows of ``table`` go with the notice."""

    table: str
    column: str
    parent: str
    to: str


@dataclass(frozen=True)
class NoticeContents:
    """What deleting a notice takes with it (the confirmation names it)."""

    notice_id: int
    title: str
    tasks: int
    completions: int
    evidence: int
    rosters: int
    reviews: int
    returns: int

    def sentence(self) -> str:
        parts = [f"{self.tasks} 项任务", f"{self.completions} 条完成情况", f"{self.evidence} 个佐证材料文件"]
        if self.rosters:
            parts.append(f"{self.rosters} 份人员名单")
        if self.reviews:
            parts.append(f"{self.reviews} 条审核记录")
        if self.returns:
            parts.append(f"{self.returns} 份已导入的回执")
        return "、".join(parts)


@dataclass(frozen=True)
class Deletion:
    id: int
    notice_id: int
    deleted_at: str
    title: str


def _pk(db: Database, table: str) -> str | None:
    """The INTEGER PRIMARY KEY (rowid alias) column of a table, None for WITHOUT ROWID or composite keys."""
    cols = db.query(f'PRAGMA table_info("{table}")')
    keys = [c for c in cols if c["pk"]]
    if len(keys) != 1 or keys[0]["type"].upper() != "INTEGER":
        return None
    without_rowid = "WITHOUT ROWID" in (db.scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)) or "").upper()
    return None if without_rowid else keys[0]["name"]


def _tables(db: Database) -> list[str]:
    return [r[0] for r in db.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]


def dependents(db: Database) -> tuple[list[str], list[Link], list[Link], list[Link]]:
    """(tables in restore order, cascade links, set-null links, links to units) for ``notices``."""
    fks: dict[str, list[Link]] = {}
    on_delete: dict[Link, str] = {}
    for t in _tables(db):
        fks[t] = []
        for fk in db.query(f'PRAGMA foreign_key_list("{t}")'):
            link = Link(t, fk["from"], fk["table"], fk["to"] or _pk(db, fk["table"]) or "rowid")
            fks[t].append(link)
            on_delete[link] = fk["on_delete"].upper()
    closure = {"notices"}
    grew = True
    while grew:
        grew = False
        for t, links in fks.items():
            if t not in closure and any(lk.parent in closure and on_delete[lk] == "CASCADE" for lk in links):
                closure.add(t)
                grew = True
    cascade = [lk for t in closure for lk in fks.get(t, []) if lk.parent in closure and on_delete[lk] == "CASCADE"]
    set_null = [lk for t, links in fks.items() if t not in closure for lk in links
                if lk.parent in closure and on_delete[lk] == "SET NULL"]
    to_units = [lk for t in closure for lk in fks.get(t, []) if lk.parent == "units"]
    # Parents before children, so each row's foreign keys exist when it is inserted again.
    order: list[str] = []
    pending = set(closure)
    while pending:
        ready = sorted(t for t in pending if all(lk.parent not in pending or lk.parent == t
                                                 for lk in cascade if lk.table == t))
        if not ready:  # a cycle cannot come from this schema; keep going rather than loop forever
            ready = sorted(pending)
        order += ready
        pending -= set(ready)
    order = [t for t in order if t not in _LAST] + [t for t in _LAST if t in order]
    return order, cascade, set_null, to_units


def _where(table: str, cascade: list[Link], depth: int = 0) -> tuple[str, list[Any]]:
    """SQL predicate selecting the rows of ``table`` that go with notice ``?`` (params: notice ids)."""
    if table == "notices":
        return "id = ?", [None]
    parts, params = [], []
    for lk in cascade:
        if lk.table == table and depth < 12:
            inner, p = _where(lk.parent, cascade, depth + 1)
            parts.append(f'"{lk.column}" IN (SELECT "{lk.to}" FROM "{lk.parent}" WHERE {inner})')
            params += p
    return " OR ".join(parts) or "0", params


def _enc(v: Any) -> Any:
    return {"$b": base64.b64encode(v).decode()} if isinstance(v, bytes) else v


def _dec(v: Any) -> Any:
    return base64.b64decode(v["$b"]) if isinstance(v, dict) else v


class NoticeTrash:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading -----------------------------------------------------------------------------------
    def contents(self, notice_id: int) -> NoticeContents | None:
        row = self.db.query_one("SELECT coalesce(nullif(doc_number, ''), title) AS name FROM notices WHERE id = ?",
                                (notice_id,))
        if row is None:
            return None
        q = self.db.scalar
        done = ("SELECT count(*) FROM completions c JOIN tasks t ON t.id = c.task_id WHERE t.notice_id = ?")
        return NoticeContents(
            notice_id, row["name"],
            tasks=q("SELECT count(*) FROM tasks WHERE notice_id = ?", (notice_id,)),
            completions=q(done, (notice_id,)),
            evidence=q("SELECT count(*) FROM evidence e JOIN completions c ON c.id = e.completion_id "
                       "JOIN tasks t ON t.id = c.task_id WHERE t.notice_id = ?", (notice_id,)),
            rosters=q("SELECT count(*) FROM rosters WHERE notice_id = ?", (notice_id,)),
            reviews=q("SELECT count(*) FROM reviews r JOIN tasks t ON t.id = r.task_id WHERE t.notice_id = ?",
                      (notice_id,)) if self.db.has_table("reviews") else 0,
            returns=q("SELECT count(*) FROM collection_returns WHERE notice_id = ?", (notice_id,))
            if self.db.has_table("collection_returns") else 0,
        )

    def get(self, deletion_id: int) -> Deletion | None:
        r = self.db.query_one("SELECT id, notice_id, deleted_at, title FROM deleted_notices WHERE id = ?",
                              (deletion_id,))
        return None if r is None else Deletion(r["id"], r["notice_id"], r["deleted_at"], r["title"])

    def kept_files(self) -> set[str]:
        """Hashes of evidence files a restorable deletion still needs (prune keeps them)."""
        out: set[str] = set()
        for (files,) in self.db.query("SELECT files FROM deleted_notices"):
            out.update(json.loads(files))
        return out

    def blocker(self, deletion_id: int) -> str | None:
        """Why restoring this deletion would clash with what was imported since; None when it would not."""
        r = self.db.query_one("SELECT * FROM deleted_notices WHERE id = ?", (deletion_id,))
        if r is None:
            return "这份通知已经恢复。"
        clash = None
        if r["source_sha256"]:
            clash = self.db.query_one("SELECT id, title, doc_number, imported_at FROM notices WHERE source_sha256 = ?",
                                      (r["source_sha256"],))
        if clash is None and r["doc_key"]:
            clash = self.db.query_one("SELECT id, title, doc_number, imported_at FROM notices WHERE doc_key = ?",
                                      (r["doc_key"],))
        if clash is None and not r["doc_key"]:
            clash = self.db.query_one("SELECT id, title, doc_number, imported_at FROM notices WHERE doc_key = '' "
                                      "AND title = ? AND year IS ?", (r["title"], r["year"]))
        if clash is None:
            return None
        name = clash["doc_number"] or clash["title"]
        return (f"删除之后又导入了同一份通知“{name}”（{clash['imported_at']}），恢复后会有两份相同的通知。"
                "请先删除那份通知，再恢复这一份。")

    # -- writing -----------------------------------------------------------------------------------
    def delete(self, notice_id: int, who: str = "") -> int:
        """Delete a notice and everything that goes with it, keeping it restorable; the deletion's id."""
        info = self.contents(notice_id)
        if info is None:
            raise StoreError("这份通知已不在任务台中。", "not_found")
        order, cascade, set_null, to_units = dependents(self.db)
        with self.db.transaction():
            tables: dict[str, dict[str, Any]] = {}
            for t in order:
                where, params = _where(t, cascade)
                cur = self.db.execute(f'SELECT * FROM "{t}" WHERE {where}', tuple(notice_id for _ in params))
                cols = [d[0] for d in cur.description]
                rows = [[_enc(v) for v in row] for row in cur.fetchall()]
                if rows:
                    tables[t] = {"columns": cols, "rows": rows}
            unlinked = []
            for lk in set_null:
                where, params = _where(lk.parent, cascade)
                pk = _pk(self.db, lk.table) or "rowid"
                rows = self.db.query(
                    f'SELECT "{pk}", "{lk.column}" FROM "{lk.table}" WHERE "{lk.column}" IN '
                    f'(SELECT "{lk.to}" FROM "{lk.parent}" WHERE {where})', tuple(notice_id for _ in params))
                if rows:
                    unlinked.append({"table": lk.table, "pk": pk, "column": lk.column,
                                     "rows": [[r[0], r[1]] for r in rows]})
            unit_ids = set()
            for lk in to_units:
                block = tables.get(lk.table)
                if block:
                    i = block["columns"].index(lk.column)
                    unit_ids.update(row[i] for row in block["rows"] if row[i] is not None)
            units = [list(r) for r in self.db.query(
                f"SELECT * FROM units WHERE id IN ({','.join('?' * len(unit_ids))})", tuple(unit_ids))] if unit_ids else []
            unit_cols = [c["name"] for c in self.db.query('PRAGMA table_info("units")')]
            files = sorted({r["sha256"] for r in self.db.query(
                "SELECT DISTINCT e.sha256 FROM evidence e JOIN completions c ON c.id = e.completion_id "
                "JOIN tasks t ON t.id = c.task_id WHERE t.notice_id = ?", (notice_id,))})
            n = self.db.query_one("SELECT * FROM notices WHERE id = ?", (notice_id,))
            snapshot = {"order": [t for t in order if t in tables], "tables": tables, "unlinked": unlinked,
                        "units": {"columns": unit_cols, "rows": units}}
            deletion_id = self.db.insert(
                "INSERT INTO deleted_notices(notice_id, deleted_at, title, doc_number, doc_key, year, source_sha256, "
                "files, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (notice_id, now(), n["title"], n["doc_number"], n["doc_key"], n["year"], n["source_sha256"],
                 json.dumps(files), json.dumps(snapshot, ensure_ascii=False)))
            self.db.execute("DELETE FROM notices WHERE id = ?", (notice_id,))
            audit.record(self.db, "delete", "notice", notice_id, {
                "title": n["title"], "doc_number": n["doc_number"], "deletion": deletion_id, "tasks": info.tasks,
                "completions": info.completions, "evidence": info.evidence, "rosters": info.rosters}, who)
        return deletion_id

    def restore(self, deletion_id: int, who: str = "") -> tuple[int, bool]:
        """Put a deleted notice back, row for row: (its id, whether any id had to change).

        An id is kept unless a row inserted since took it (SQLite reuses the highest ids); then the
        row gets a new id and the rows naming it follow.
        """
        r = self.db.query_one("SELECT * FROM deleted_notices WHERE id = ?", (deletion_id,))
        if r is None:
            raise StoreError("这份通知已经恢复，或不存在。", "not_found")
        why = self.blocker(deletion_id)
        if why:
            raise StoreError(why, "conflict")
        snap = json.loads(r["snapshot"])
        _, cascade, _, to_units = dependents(self.db)
        maps: dict[str, dict[Any, Any]] = {}
        with self.db.transaction():
            maps["units"] = self._units_back(snap["units"])
            for t in snap["order"]:
                block = snap["tables"][t]
                self._rows_back(t, block["columns"], block["rows"], cascade + to_units, maps)
            for u in snap["unlinked"]:
                pmap = maps.get("notices", {})
                for pk, value in u["rows"]:
                    self.db.execute(f'UPDATE "{u["table"]}" SET "{u["column"]}" = ? WHERE "{u["pk"]}" = ? '
                                    f'AND "{u["column"]}" IS NULL', (pmap.get(value, value), pk))
            self.db.execute("DELETE FROM deleted_notices WHERE id = ?", (deletion_id,))
            notice_id = maps.get("notices", {}).get(r["notice_id"], r["notice_id"])
            audit.record(self.db, "restore", "notice", notice_id,
                         {"title": r["title"], "doc_number": r["doc_number"], "deletion": deletion_id}, who)
        moved = any(old != new for m in maps.values() for old, new in m.items())
        return notice_id, moved

    def _units_back(self, block: dict[str, Any]) -> dict[Any, Any]:
        cols, out = block["columns"], {}
        for row in block["rows"]:
            d = dict(zip(cols, row))
            same = self.db.scalar("SELECT id FROM units WHERE name = ?", (d["name"],))
            if same is not None:
                out[d["id"]] = same
            elif self.db.scalar("SELECT 1 FROM units WHERE id = ?", (d["id"],)) is None:
                self.db.execute(f"INSERT INTO units({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", row)
                out[d["id"]] = d["id"]
            else:
                new = self.db.insert(f"INSERT INTO units({', '.join(c for c in cols if c != 'id')}) VALUES "
                                     f"({', '.join('?' * (len(cols) - 1))})", tuple(d[c] for c in cols if c != "id"))
                out[d["id"]] = new
        return out

    def _rows_back(self, table: str, cols: list[str], rows: list[list[Any]], links: list[Link],
                   maps: dict[str, dict[Any, Any]]) -> None:
        fixes = [(cols.index(lk.column), lk.parent) for lk in links if lk.table == table and lk.column in cols]
        pk = _pk(self.db, table)
        pk_at = cols.index(pk) if pk in cols else None
        taken: set[Any] = set()
        if pk_at is not None:
            ids = [row[pk_at] for row in rows]
            taken = {x[0] for x in self.db.query(f'SELECT "{pk}" FROM "{table}" WHERE "{pk}" BETWEEN ? AND ?',
                                                 (min(ids), max(ids)))} & set(ids)
        names = ", ".join(f'"{c}"' for c in cols)
        insert = f'INSERT INTO "{table}"({names}) VALUES ({", ".join("?" * len(cols))})'
        plain, moved = [], []
        for row in rows:
            row = [_dec(v) for v in row]
            for i, parent in fixes:
                m = maps.get(parent)
                if m and row[i] in m:
                    row[i] = m[row[i]]
            (moved if pk_at is not None and row[pk_at] in taken else plain).append(row)
        self.db.executemany(insert, [tuple(row) for row in plain])
        # After the rows that keep their ids, so a new id cannot be one of theirs.
        for row in moved:
            old, row[pk_at] = row[pk_at], None
            maps.setdefault(table, {})[old] = self.db.insert(insert, tuple(row))
        if pk_at is not None and table not in maps:
            maps[table] = {}
