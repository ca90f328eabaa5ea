"""操作历史: the steps a clerk may want to revert the next morning, read from the audit log.

Imports (notices, revisions), take-backs of returns, deletions of notices and what undid them are
listed with when, who and what; each says whether it can still be reverted, and if not, why — in
the clerk's words, naming the later operation it depends on: an import while it is the notice's
latest one, a take-back while its return is in the store and nothing wrote over what it wrote, a
deletion while nothing imported since is the same notice. Reverting is the desk's job (a
compensating operation, audited like any other: ui/history_dialog.py); this module only reads.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from gkdesk.store.audit import ITEMS
from gkdesk.store.db import Database
from gkdesk.store.notice_trash import NoticeTrash

# Audit actions the history shows, and how the clerk reads each.
KINDS = {
    "import": "导入通知",
    "delete": "删除通知",
    "restore": "恢复通知",
    "take_back": "导入回执",
    "undo_take_back": "撤销导入回执",
    "resolve_conflicts": "处理回执冲突",
    "undo_resolve_conflicts": "撤销处理冲突",
    "hand_out": "下发填报表",
    "load_unit_list": "导入单位名单",
}
# The kinds a row can be reverted from the history (each has a reverter in ui/history_dialog.py).
REVERTIBLE = ("import", "take_back", "delete")


@dataclass(frozen=True)
class HistoryEntry:
    audit_id: int
    at: str
    who: str
    channel: str
    action: str
    entity_id: int | None  # the notice (import, delete) or the return (take_back)
    what: str
    can_revert: bool
    #: why it cannot be reverted (which later operation depends on it); "" when it can
    reason: str = ""
    #: the kept snapshot of a deleted notice (store.trash), for "delete"
    deletion_id: int | None = None
    #: the notice the entry is about (the return's notice for a take-back)
    notice_id: int | None = None
    #: which part of its operation's audit entry (0: the entry itself; a take-back of several
    #: returns is one entry, one history row per return)
    part: int = 0

    @property
    def key(self) -> tuple[int, int]:
        return self.audit_id, self.part

    @property
    def kind(self) -> str:
        return KINDS.get(self.action, self.action)


def _what(action: str, d: dict) -> str:
    if action in ("import", "delete", "restore"):
        name = d.get("doc_number") or d.get("title", "")
        if action == "delete" and "tasks" in d:
            return (f"“{name}”（{d.get('tasks', 0)} 项任务、{d.get('completions', 0)} 条完成情况、"
                    f"{d.get('evidence', 0)} 个佐证材料文件）")
        if action in ("delete", "restore"):
            return f"“{name}”"
        return f"“{name}”（{ {'new': '新导入', 'revised': '修订', 'unchanged': '未变'}.get(d.get('status'), d.get('status', ''))}，" \
               f"新增 {d.get('added', 0)} 项、删除 {d.get('removed', 0)} 项、修改 {d.get('changed', 0)} 项）"
    if action == "take_back":
        extra = f"，{d['conflicts']} 处待选择" if d.get("conflicts") else ""
        return f"“{d.get('file', '')}”（{d.get('unit', '')}，填报 {d.get('filled', 0)} 项，写入 {d.get('changed', 0)} 处{extra}）"
    if action == "undo_take_back":
        return f"“{d.get('file', '')}”"
    if action == "hand_out":
        return f"{len(d.get('units', []))} 个单位：{'、'.join(d.get('units', [])[:6])}" + ("…" if len(d.get("units", [])) > 6 else "")
    if action == "load_unit_list":
        return f"来源：{d.get('source', '')}，新增 {d.get('added', 0)} 个、更新 {d.get('updated', 0)} 个"
    if action in ("resolve_conflicts", "undo_resolve_conflicts"):
        n = len(d.get("choices", d.get("conflicts", [])))
        return f"{n} 处"
    return ""


class OperationHistory:
    def __init__(self, db: Database) -> None:
        self.db = db

    def entries(self, limit: int = 500) -> list[HistoryEntry]:
        """Newest first."""
        marks = ",".join("?" * len(KINDS))
        rows = self.db.query(
            f"WITH {ITEMS} SELECT id, part, at, who, channel, action, entity, entity_id, detail FROM audit_items "
            f"WHERE action IN ({marks}) AND entity IN ('notice', 'collection_return', 'collection_round', 'unit_list') "
            "ORDER BY id DESC, part = 0 DESC, part DESC LIMIT ?", (*KINDS, limit))
        latest_import: dict[int, int] = {}
        latest_take: dict[int, int] = {}
        for r in self.db.query(f"WITH {ITEMS} SELECT entity_id, max(id) AS last FROM audit_items "
                               "WHERE action = 'import' AND entity = 'notice' GROUP BY entity_id"):
            latest_import[r["entity_id"]] = r["last"]
        for r in self.db.query(f"WITH {ITEMS} SELECT entity_id, max(id) AS last FROM audit_items WHERE action IN "
                               "('take_back', 'undo_take_back') AND entity = 'collection_return' GROUP BY entity_id"):
            latest_take[r["entity_id"]] = r["last"]
        notices = {r[0] for r in self.db.query("SELECT id FROM notices")}
        returns = {r[0]: r[1] for r in self.db.query("SELECT id, notice_id FROM collection_returns")}
        out = []
        for r in rows:
            d = json.loads(r["detail"])
            action, eid = r["action"], r["entity_id"]
            notice_id = eid if action in ("import", "delete", "restore") else returns.get(eid, d.get("notice_id"))
            deletion = d.get("deletion") if action == "delete" else None
            if action == "import":
                reason = self._import_blocker(r["id"], eid, d, notices, latest_import)
            elif action == "take_back":
                reason = self._take_back_blocker(r["id"], eid, d, returns, latest_take)
            elif action == "delete":
                reason = self._deletion_blocker(deletion, d)
            else:
                reason = "此类操作不能在这里撤销。"
            what = _what(action, d)
            op = d.get("op", "")
            if op.startswith(("撤销", "重做")):
                what = f"{what}（{op}）"
            out.append(HistoryEntry(r["id"], r["at"], r["who"], r["channel"], action, eid, what, not reason,
                                    reason, deletion, notice_id, r["part"]))
        return out

    def get(self, audit_id: int, part: int = 0) -> HistoryEntry | None:
        """One entry as entries() has it now (the dialog checks again just before reverting)."""
        return next((e for e in self.entries(limit=100_000) if e.key == (audit_id, part)), None)

    # -- why an entry cannot be reverted (None: it can) ------------------------------------------
    def _later(self, after_id: int, sql: str, params: tuple) -> list:
        return self.db.query(f"WITH {ITEMS} SELECT id, at, who, action, entity_id, detail FROM audit_items "
                             f"WHERE id > ? AND {sql} ORDER BY id, part = 0, part", (after_id, *params))

    def _import_blocker(self, audit_id: int, notice_id: int, d: dict, notices: set, latest: dict) -> str:
        if d.get("status") == "unchanged":
            return "这次导入没有改动任何内容，无需撤销。"
        if notice_id not in notices:
            gone = self._later(audit_id, "action = 'delete' AND entity = 'notice' AND entity_id = ?", (notice_id,))
            if gone:
                return f"这份通知已于 {gone[-1]['at']} 删除。如需恢复，请撤销那次“删除通知”。"
            return "这份通知已不在任务台中。"
        if latest.get(notice_id) != audit_id:
            later = self._later(audit_id, "action = 'import' AND entity = 'notice' AND entity_id = ?", (notice_id,))
            if later:
                e = later[-1]
                return f"之后（{e['at']}）又导入了这份通知的{_status_word(json.loads(e['detail']))}，请先撤销那次导入。"
            return "之后又导入了这份通知，请先撤销那次导入。"
        return ""

    def _take_back_blocker(self, audit_id: int, return_id: int, d: dict, returns: dict, latest: dict) -> str:
        if return_id not in returns:
            undone = self._later(audit_id, "action = 'undo_take_back' AND entity = 'collection_return' "
                                           "AND entity_id = ?", (return_id,))
            if undone:
                return f"这份回执已于 {undone[0]['at']} 撤销。"
            return "这份回执已不在任务台中（它所属的通知可能已删除或已撤销导入）。"
        if latest.get(return_id) != audit_id:
            return "这份回执之后又被撤销或重新导入过。"
        after = d.get("undo", {}).get("after", [])
        if not after:
            return ""
        ids = [a["id"] for a in after]
        now_rows = {x["id"]: {k: x[k] for k in after[0]} for x in self.db.query(
            f"SELECT * FROM completions WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))}
        changed = {a["id"] for a in after if now_rows.get(a["id"]) != a}
        if not changed:
            return ""
        marks = ",".join("?" * len(changed))
        for e in self._later(audit_id, f"((action = 'set_completion' AND entity = 'completion' AND entity_id IN ({marks})) "
                                       "OR (action = 'take_back' AND entity = 'collection_return'))", tuple(changed)):
            detail = json.loads(e["detail"])
            if e["action"] == "set_completion":
                task = self.db.scalar("SELECT number FROM tasks WHERE id = ?", (detail.get("task_id"),)) or ""
                who = f"{e['who']}" if e["who"] else "任务台"
                return (f"之后（{e['at']}）{who}修改了第 {task} 项的完成情况，撤销这份回执会丢失那次修改。"
                        "请先撤销那次修改，或手工改回。")
            if {a["id"] for a in detail.get("undo", {}).get("after", [])} & changed:
                return (f"之后（{e['at']}）导入的回执“{detail.get('file', '')}”改写了同样的内容，"
                        "请先撤销那份回执。")
        return "这份回执导入的内容之后又被修改过，撤销会丢失这些修改。"

    def _deletion_blocker(self, deletion_id: int | None, d: dict) -> str:
        if deletion_id is None:
            if str(d.get("op", "")).startswith("撤销"):
                return "这是撤销导入时删除的通知；如需要，请重新导入那份文件。"
            return "这次删除没有保留可恢复的内容。"
        if not self.db.scalar("SELECT 1 FROM deleted_notices WHERE id = ?", (deletion_id,)):
            back = self.db.query_one(f"WITH {ITEMS} SELECT at FROM audit_items WHERE action = 'restore' "
                                     "AND entity = 'notice' AND json_extract(detail, '$.deletion') = ? ORDER BY id DESC",
                                     (deletion_id,))
            return f"这份通知已于 {back['at']} 恢复。" if back else "这份通知已经恢复。"
        return NoticeTrash(self.db).blocker(deletion_id) or ""


def _status_word(d: dict) -> str:
    return {"revised": "修订版", "unchanged": "同一文件", "new": "新版本"}.get(d.get("status", ""), "新版本")

__all__ = ["KINDS", "REVERTIBLE", "HistoryEntry", "OperationHistory"]
