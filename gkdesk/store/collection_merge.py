"""Taking a return back (导入回执): checks, the three-way merge, conflicts, and undo — one transaction each.

Per task and field the merge compares three values: what the sheet was pre-filled with (`sent`),
what the unit returned (`theirs`), what the collector holds now (`ours`). An unchanged or empty
return value does nothing; a new value goes in where ours is empty or still what was sent; a
value differing from a changed ours is a conflict, stored for the clerk to choose — nothing is
overwritten silently. Each take-back is one audit entry carrying the before-images of every
completion it touched, so `undo_take_back` restores the tables exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from gkdesk.domain.collection import (
    FIELD_LABELS,
    FILL_FIELDS,
    MIN_CONFIDENCE,
    ParsedReturn,
    digests_equal,
    fixed_digest,
    value_text,
)
from gkdesk.domain.records import NOT_STARTED
from gkdesk.store import audit
from gkdesk.store.collection import CollectionRepository, key_map, result_notice_key
from gkdesk.store.db import Database, now
from gkdesk.store.errors import StoreError
from gkdesk.store.loader import load_result
from gkdesk.store.search import tasks_for_unit
from gkdesk.store.unit_repo import UnitRepository

_COMPLETION_COLS = ("id", "task_id", "unit_id", "status", "text", "started_on", "completed_on", "links",
                    "updated_at", "updated_by", "note")


@dataclass
class Conflict:
    id: int
    task_id: int
    task: str  # the task's text, shortened
    unit: str
    field: str
    ours: str
    theirs: str
    resolution: str | None = None

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, self.field)


@dataclass
class TakeBack:
    """What taking one file back did: status taken / duplicate / unchanged / refused."""

    file: str
    status: str
    unit: str = ""
    notice_id: int | None = None
    return_id: int | None = None
    filled: int = 0
    empty: int = 0
    changed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    low_confidence: list[tuple[int, str, float]] = field(default_factory=list)  # (row, task, confidence)
    matches: list[tuple[int, str, float]] = field(default_factory=list)  # a table's rows taken: (row, task, confidence)
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "status": self.status, "unit": self.unit, "notice_id": self.notice_id,
            "return_id": self.return_id, "filled": self.filled, "empty": self.empty, "changed": self.changed,
            "conflicts": [c.__dict__ for c in self.conflicts], "problems": self.problems, "notes": self.notes,
            "low_confidence": [{"row": r, "task": t, "confidence": round(c, 2)} for r, t, c in self.low_confidence],
            "matches": [{"row": r, "task": t, "confidence": round(c, 2)} for r, t, c in self.matches],
            "message": self.message,
        }


def _current(row) -> dict[str, str]:
    if row is None:
        return {}
    return {
        "status": "" if row["status"] == NOT_STARTED else row["status"],
        "text": row["text"],
        "completed_on": row["completed_on"] or "",
        "links": value_text("links", json.loads(row["links"])),
        "note": row["note"],
    }


def _column_value(fld: str, text: str) -> Any:
    if fld == "links":
        return json.dumps([x for x in text.split("\n") if x], ensure_ascii=False)
    if fld == "status":
        return text or NOT_STARTED
    if fld == "completed_on":
        return text or None
    return text


class _PreviewDone(Exception):
    """Raised inside preview's transaction so that it rolls back."""


class MergeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.units = UnitRepository(db)
        self.collection = CollectionRepository(db)

    # -- checks ----------------------------------------------------------------------------------
    def _refuse(self, parsed: ParsedReturn, problems: list[str]) -> TakeBack:
        return TakeBack(parsed.name, "refused", parsed.unit, problems=problems,
                        message=f"{parsed.name}：{problems[0]}" + (f"（另有 {len(problems) - 1} 处问题）" if len(problems) > 1 else ""))

    def _notice_for_key(self, key: str) -> int | None:
        for r in self.db.query("SELECT DISTINCT notice_id FROM collection_rounds WHERE notice_key = ?", (key,)):
            return int(r[0])
        for r in self.db.query("SELECT id FROM notices ORDER BY id DESC"):
            if result_notice_key(load_result(self.db, r[0])) == key:
                return int(r[0])
        return None

    def take_back(self, parsed: ParsedReturn, who: str = "", notice_id: int | None = None,
                  min_confidence: float = MIN_CONFIDENCE) -> TakeBack:
        """Check one parsed return and merge it in one transaction; a refused file changes nothing."""
        if parsed.problems:
            return self._refuse(parsed, parsed.problems)
        with self.db.transaction():
            if parsed.kind == "sheet":
                plan = self._plan_sheet(parsed)
            else:
                plan = self._plan_table(parsed, notice_id, min_confidence)
            if isinstance(plan, TakeBack):
                return plan
            return self._apply(parsed, plan, who)

    def preview(self, parsed: ParsedReturn, notice_id: int | None = None,
                min_confidence: float = MIN_CONFIDENCE) -> TakeBack:
        """What take_back would do (matches, changes, conflicts), with nothing kept: the same take-back,
        rolled back, so what the clerk confirms is what the take-back then does."""
        out: TakeBack | None = None
        try:
            with self.db.transaction():
                out = self.take_back(parsed, "", notice_id, min_confidence)
                raise _PreviewDone
        except _PreviewDone:
            pass
        assert out is not None
        if out.status == "taken":
            out.status, out.return_id = "preview", None
            out.message = out.message.replace("已导入", "将导入").replace("写入", "将写入")
            for c in out.conflicts:
                c.id = 0
        return out

    def _plan_sheet(self, parsed: ParsedReturn):
        rnd = self.collection.find_round(parsed.notice_key, parsed.round_no, parsed.collector)
        if rnd is None:
            nid = self._notice_for_key(parsed.notice_key)
            if nid is None:
                return self._refuse(parsed, [f"这份填报表属于另一份通知（{parsed.doc_number or parsed.notice_title}），本机没有这份通知。"])
            return self._refuse(parsed, [f"本机没有发出过这份填报表（{parsed.collector}第{parsed.round_no}轮），可能是其他单位下发的。"])
        unit = self.units.resolve(parsed.unit, create=False)
        sheet = None
        if unit is not None:
            sheet = self.db.query_one("SELECT id FROM collection_sheets WHERE round_id = ? AND unit_id = ?", (rnd.id, unit.id))
        if sheet is None or unit is None:
            reached = unit is not None and tasks_for_unit(self.db, rnd.notice_id, unit.name)
            why = "本轮未向该单位发放填报表" if reached else "该单位不在本通知涉及的单位中"
            return self._refuse(parsed, [f"填报单位“{parsed.unit}”：{why}。"])
        sent = {r["task_key"]: r for r in self.db.query(
            "SELECT task_key, task_id, digest, sent FROM collection_sheet_tasks WHERE sheet_id = ?", (sheet["id"],))}
        secret = self.collection.secret()
        problems = []
        rows = []
        for row in parsed.rows:
            st = sent.get(row.key)
            if st is None:
                problems.append(f"第{row.row}行的任务不是本轮发给“{unit.name}”的任务。")
                continue
            mine = fixed_digest(secret, rnd.notice_key, unit.name, rnd.number, row.key, row.fixed)
            if not digests_equal(mine, st["digest"]):
                text = next((f for f in reversed(row.fixed) if len(f) > 8), "")
                problems.append(f"第{row.row}行的通知原文（锁定的列）被修改：“{text[:20]}…”。请使用原表填写，不要改动灰色列。")
                continue
            rows.append((row, st["task_id"], json.loads(st["sent"])))
        if problems:
            return self._refuse(parsed, problems)
        return {"round_id": rnd.id, "notice_id": rnd.notice_id, "unit": unit, "rows": rows, "low": []}

    def _plan_table(self, parsed: ParsedReturn, notice_id: int | None, min_confidence: float):
        nid = notice_id if notice_id is not None else self._notice_for_key(parsed.notice_key)
        if nid is None:
            return self._refuse(parsed, ["无法确定这份表格属于哪一份通知。"])
        if not parsed.unit:
            return self._refuse(parsed, ["无法确定填报单位：文件名和表格上方都没有写明单位。"])
        unit = self.units.resolve(parsed.unit, create=False)
        if unit is None or not tasks_for_unit(self.db, nid, unit.name):
            return self._refuse(parsed, [f"填报单位“{parsed.unit}”不在本通知涉及的单位中。"])
        ids = key_map(load_result(self.db, nid))
        mine = {t.task_id for t in tasks_for_unit(self.db, nid, unit.name)}
        rnd = self.collection.latest_round(nid)
        rows, low = [], []
        others = []
        for row in parsed.rows:
            if row.key not in ids:
                continue
            if ids[row.key] not in mine:
                if row.values:
                    others.append(f"第{row.row}行")
                continue
            if row.confidence < min_confidence:
                low.append((row.row, row.matched_text[:30], row.confidence))
                continue
            rows.append((row, ids[row.key], {}))
        if others:
            parsed.notes.append(f"{'、'.join(others[:10])}的任务没有交办给“{unit.name}”，未导入。")
        return {"round_id": rnd.id if rnd else None, "notice_id": nid, "unit": unit, "rows": rows, "low": low}

    # -- the merge -------------------------------------------------------------------------------
    def _apply(self, parsed: ParsedReturn, plan: dict[str, Any], who: str) -> TakeBack:
        unit = plan["unit"]
        nid = plan["notice_id"]
        out = TakeBack(parsed.name, "taken", unit.name, nid, filled=parsed.filled, empty=parsed.empty,
                       notes=list(parsed.notes), low_confidence=plan["low"],
                       matches=[(r.row, r.matched_text[:30], r.confidence) for r, _, _ in plan["rows"]
                                if parsed.kind == "table" and r.values])
        same = self.db.query_one(
            "SELECT taken_at, file_name FROM collection_returns WHERE notice_id = ? AND unit_id = ? AND file_sha256 = ?",
            (nid, unit.id, parsed.sha256))
        if same is not None:
            out.status = "duplicate"
            out.message = f"{parsed.name}：与 {same['taken_at']} 导入的“{same['file_name']}”内容完全相同，未作任何改动。"
            return out
        changes: list[tuple[int, str, str]] = []  # (task_id, field, theirs)
        conflicts: list[tuple[int, str, str, str]] = []  # (task_id, field, ours, theirs)
        for row, task_id, sent in plan["rows"]:
            cur = _current(self.db.query_one(
                "SELECT * FROM completions WHERE task_id = ? AND unit_id = ?", (task_id, unit.id)))
            for fld in FILL_FIELDS:
                if fld not in row.values:
                    continue
                theirs = value_text(fld, row.values[fld])
                if not theirs or theirs == sent.get(fld, ""):
                    continue  # empty, or what the sheet was pre-filled with: the unit changed nothing
                ours = cur.get(fld, "")
                if ours == theirs:
                    continue
                if not ours or ours == sent.get(fld, ""):
                    changes.append((task_id, fld, theirs))
                else:
                    conflicts.append((task_id, fld, ours, theirs))
        previous = self.db.scalar(
            "SELECT count(*) FROM collection_returns WHERE notice_id = ? AND unit_id = ? AND round_id IS ?",
            (nid, unit.id, plan["round_id"]), default=0)
        if not changes and not conflicts and previous:
            out.status = "unchanged"
            out.message = f"{parsed.name}：内容与已导入的回执相同，未作任何改动。"
            return out
        rid = self.db.insert(
            "INSERT INTO collection_returns(round_id, notice_id, unit_id, kind, file_name, file_sha256, taken_at, "
            "rows_filled, rows_empty, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (plan["round_id"], nid, unit.id, parsed.kind, parsed.name, parsed.sha256, now(), parsed.filled,
             parsed.empty, len(changes)))
        undo = self._write(unit.id, changes, who)
        for task_id, fld, ours, theirs in conflicts:
            self.db.insert(
                "INSERT INTO collection_conflicts(return_id, task_id, unit_id, field, ours, theirs) VALUES (?, ?, ?, ?, ?, ?)",
                (rid, task_id, unit.id, fld, ours, theirs))
        audit.record(self.db, "take_back", "collection_return", rid, {
            "file": parsed.name, "unit": unit.name, "kind": parsed.kind, "filled": parsed.filled,
            "empty": parsed.empty, "changed": len(changes), "conflicts": len(conflicts), "undo": undo}, who)
        out.return_id = rid
        out.changed = len(changes)
        out.conflicts = self.conflicts(rid)
        out.message = (f"{parsed.name}：已导入“{unit.name}”的回执，填报 {parsed.filled} 项、未填 {parsed.empty} 项，"
                       f"写入 {len(changes)} 处" + (f"，{len(conflicts)} 处与已有内容不同，请选择保留哪一个" if conflicts else "") + "。")
        return out

    def _write(self, unit_id: int, changes: list[tuple[int, str, str]], who: str) -> dict[str, Any]:
        """Write field values; returns the before-images (and inserted ids) that undo needs."""
        before: dict[int, dict[str, Any]] = {}
        inserted: list[int] = []
        stamp = now()
        for task_id, fld, theirs in changes:
            row = self.db.query_one("SELECT * FROM completions WHERE task_id = ? AND unit_id = ?", (task_id, unit_id))
            if row is None:
                cid = self.db.insert(
                    "INSERT INTO completions(task_id, unit_id, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                    (task_id, unit_id, stamp, who))
                inserted.append(cid)
            else:
                cid = row["id"]
                if cid not in before and cid not in inserted:
                    before[cid] = {c: row[c] for c in _COMPLETION_COLS}
            self.db.execute(f"UPDATE completions SET {fld} = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                            (_column_value(fld, theirs), stamp, who, cid))
        touched = [*inserted, *before]
        return {"inserted": inserted, "before": list(before.values()), "after": self._images(touched)}

    def _images(self, ids: list[int]) -> list[dict[str, Any]]:
        if not ids:
            return []
        rows = self.db.query(f"SELECT * FROM completions WHERE id IN ({','.join('?' * len(ids))}) ORDER BY id", tuple(ids))
        return [{c: r[c] for c in _COMPLETION_COLS} for r in rows]

    def _still_as_left(self, undo: dict[str, Any]) -> bool:
        """True when nothing changed the completions this step wrote since (else undo would lose it)."""
        after = undo.get("after", [])
        return self._images([r["id"] for r in after]) == after

    def _restore(self, undo: dict[str, Any]) -> None:
        marks = ",".join("?" * len(undo.get("inserted", [])))
        if marks:
            self.db.execute(f"DELETE FROM completions WHERE id IN ({marks})", tuple(undo["inserted"]))
        for row in undo.get("before", []):
            cols = [c for c in _COMPLETION_COLS if c != "id"]
            self.db.execute(f"UPDATE completions SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ?",
                            (*(row[c] for c in cols), row["id"]))

    # -- conflicts -------------------------------------------------------------------------------
    def conflicts(self, return_id: int, open_only: bool = False) -> list[Conflict]:
        rows = self.db.query(
            "SELECT k.*, t.text AS task, u.name AS unit FROM collection_conflicts k JOIN tasks t ON t.id = k.task_id "
            "JOIN units u ON u.id = k.unit_id WHERE k.return_id = ?" + (" AND k.resolution IS NULL" if open_only else "")
            + " ORDER BY t.seq, k.id", (return_id,))
        return [Conflict(r["id"], r["task_id"], r["task"][:40], r["unit"], r["field"], r["ours"], r["theirs"],
                         r["resolution"]) for r in rows]

    def resolve(self, return_id: int, choices: dict[int, str], who: str = "") -> int:
        """Apply the clerk's choice per conflict ("ours" keeps the held value, "theirs" takes the return's)."""
        open_ = {c.id: c for c in self.conflicts(return_id, open_only=True)}
        bad = [k for k, v in choices.items() if k not in open_ or v not in ("ours", "theirs")]
        if bad:
            raise StoreError(f"冲突编号 {bad[0]} 不存在、已处理，或选择不是“ours/theirs”。", "not_found")
        with self.db.transaction():
            unit_changes: dict[int, list[tuple[int, str, str]]] = {}
            for cid, choice in choices.items():
                c = open_[cid]
                self.db.execute("UPDATE collection_conflicts SET resolution = ? WHERE id = ?", (choice, cid))
                if choice == "theirs":
                    uid = int(self.db.scalar("SELECT unit_id FROM collection_conflicts WHERE id = ?", (cid,)))
                    unit_changes.setdefault(uid, []).append((c.task_id, c.field, c.theirs))
            undo: dict[str, list] = {"inserted": [], "before": [], "after": []}
            for uid, changes in unit_changes.items():
                part = self._write(uid, changes, who)
                for k in undo:
                    undo[k] += part[k]
            audit.record(self.db, "resolve_conflicts", "collection_return", return_id,
                         {"choices": {str(k): v for k, v in choices.items()}, "undo": undo}, who)
        return len(choices)

    # -- undo ------------------------------------------------------------------------------------
    def undo_take_back(self, return_id: int, who: str = "") -> None:
        """Undo a take-back (and the conflict choices made on it) as one step."""
        entries = self._steps(return_id)
        if not entries or entries[0]["action"] == "undo_take_back" or not any(e["action"] == "take_back" for e in entries):
            raise StoreError("这次导入回执已撤销或不存在。", "not_found")
        file_name = self.db.scalar("SELECT file_name FROM collection_returns WHERE id = ?", (return_id,))
        with self.db.transaction():
            for e in self._in_force(entries):  # newest first: conflict choices, then the take-back itself
                undo = json.loads(e["detail"]).get("undo", {})
                if not self._still_as_left(undo):
                    raise StoreError(f"“{file_name}”导入的内容之后又被修改过（手工填写或另一份回执），"
                                     "撤销会丢失这些修改，未撤销。请先撤销之后的操作。", "conflict")
                self._restore(undo)
                if e["action"] == "take_back":
                    break
            self.db.execute("DELETE FROM collection_returns WHERE id = ?", (return_id,))
            audit.record(self.db, "undo_take_back", "collection_return", return_id, {"file": file_name}, who)

    def _steps(self, return_id: int) -> list:
        return self.db.query(
            "SELECT id, action, detail FROM audit_log WHERE entity = 'collection_return' AND entity_id = ? "
            "AND action IN ('take_back', 'resolve_conflicts', 'undo_resolve_conflicts', 'undo_take_back') "
            "ORDER BY id DESC", (return_id,))

    @staticmethod
    def _in_force(entries: list) -> list:
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

    def undo_resolve(self, return_id: int, who: str = "") -> None:
        """Undo the newest choice of conflicts made on a return: values back, conflicts open again."""
        last = next((e for e in self._in_force(self._steps(return_id)) if e["action"] == "resolve_conflicts"), None)
        if last is None:
            raise StoreError("这份回执没有可撤销的冲突处理。", "not_found")
        detail = json.loads(last["detail"])
        undo = detail.get("undo", {})
        with self.db.transaction():
            if not self._still_as_left(undo):
                raise StoreError("处理冲突后这些内容又被修改过，撤销会丢失这些修改，未撤销。", "conflict")
            self._restore(undo)
            ids = [int(k) for k in detail.get("choices", {})]
            self.db.executemany("UPDATE collection_conflicts SET resolution = NULL WHERE id = ?", [(i,) for i in ids])
            audit.record(self.db, "undo_resolve_conflicts", "collection_return", return_id, {"conflicts": ids}, who)

    def history(self, notice_id: int | None = None) -> list[dict[str, Any]]:
        """Take-backs still in force, newest first (what the desk's history offers to undo)."""
        where = "" if notice_id is None else "WHERE x.notice_id = ?"
        rows = self.db.query(
            "SELECT x.id, x.notice_id, x.round_id, u.name AS unit, x.kind, x.file_name, x.taken_at, x.rows_filled, "
            "x.rows_empty, x.changed, (SELECT count(*) FROM collection_conflicts k WHERE k.return_id = x.id "
            f"AND k.resolution IS NULL) AS open_conflicts FROM collection_returns x JOIN units u ON u.id = x.unit_id {where} "
            "ORDER BY x.id DESC", () if notice_id is None else (notice_id,))
        return [dict(r) for r in rows]

    def last_take_back(self) -> int | None:
        """The newest take-back not yet undone (for the desk's and the CLI's 撤销)."""
        for r in self.db.query("SELECT id FROM collection_returns ORDER BY id DESC LIMIT 1"):
            return int(r[0])
        return None


__all__ = ["Conflict", "MergeRepository", "TakeBack"]
