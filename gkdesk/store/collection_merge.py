"""Taking a return back (导入回执): the three-way merge and the clerk's choice of conflicts — one
transaction each. The checks are in merge_checks, the completion images in completion_images,
undo in merge_undo, the outcome types in merge_outcome.

Per task and field the merge compares three values: what the sheet was pre-filled with (`sent`),
what the unit returned (`theirs`), what the collector holds now (`ours`). An unchanged or empty
return value does nothing; a new value goes in where ours is empty or still what was sent; a
value differing from a changed ours is a conflict, stored for the clerk to choose — nothing is
overwritten silently. Each take-back is one audit entry carrying the before-images of every
completion it touched, so `undo_take_back` restores the tables exactly.
"""

from __future__ import annotations

from typing import Any

from gkdesk.domain.collection import (
    FILL_FIELDS,
    MIN_CONFIDENCE,
    ParsedReturn,
    value_text,
)
from gkdesk.store import audit, merge_undo
from gkdesk.store import completion_images as images
from gkdesk.store.db import Database, now
from gkdesk.store.errors import StoreError
from gkdesk.store.merge_checks import plan_sheet, plan_table, refuse
from gkdesk.store.merge_outcome import Conflict, TakeBack


class _PreviewDone(Exception):
    """Raised inside preview's transaction so that it rolls back."""


class MergeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def take_back(self, parsed: ParsedReturn, who: str = "", notice_id: int | None = None,
                  min_confidence: float = MIN_CONFIDENCE) -> TakeBack:
        """Check one parsed return and merge it in one transaction; a refused file changes nothing."""
        if parsed.problems:
            return refuse(parsed, parsed.problems)
        with self.db.transaction():
            if parsed.kind == "sheet":
                plan = plan_sheet(self.db, parsed)
            else:
                plan = plan_table(self.db, parsed, notice_id, min_confidence)
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
            cur = images.current_values(self.db.query_one(
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
        undo = images.write(self.db, unit.id, changes, who)
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
                part = images.write(self.db, uid, changes, who)
                for k in undo:
                    undo[k] += part[k]
            audit.record(self.db, "resolve_conflicts", "collection_return", return_id,
                         {"choices": {str(k): v for k, v in choices.items()}, "undo": undo}, who)
        return len(choices)

    # -- undo ------------------------------------------------------------------------------------
    def undo_take_back(self, return_id: int, who: str = "") -> None:
        """Undo a take-back (and the conflict choices made on it) as one step."""
        merge_undo.undo_take_back(self.db, return_id, who)

    def undo_resolve(self, return_id: int, who: str = "") -> None:
        """Undo the newest choice of conflicts made on a return: values back, conflicts open again."""
        merge_undo.undo_resolve(self.db, return_id, who)

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
