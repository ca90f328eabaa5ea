"""操作历史: the steps a clerk may want to revert the next morning, read from the audit log.

Imports (notices), take-backs of returns and what undid them are listed with when, who and what;
each says whether it can still be reverted — an import while it is the notice's latest one, a
take-back while its return is still in the store. Reverting is the desk's job (a compensating
operation, audited like any other); this module only reads.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from gkdesk.store.db import Database

# Audit actions the history shows, and how the clerk reads each.
KINDS = {
    "import": "导入通知",
    "delete": "删除通知",
    "take_back": "导入回执",
    "undo_take_back": "撤销导入回执",
    "resolve_conflicts": "处理回执冲突",
    "undo_resolve_conflicts": "撤销处理冲突",
    "hand_out": "下发填报表",
    "load_unit_list": "导入单位名单",
}
# The kinds a row can be reverted from the history. Deleting a notice is reverted by the helper
# that owns deletion: it adds "delete" here and a reverter in ui/history_dialog.REVERTERS.
REVERTIBLE = ("import", "take_back")


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

    @property
    def kind(self) -> str:
        return KINDS.get(self.action, self.action)


def _what(action: str, d: dict) -> str:
    if action in ("import", "delete"):
        name = d.get("doc_number") or d.get("title", "")
        if action == "delete":
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
            f"SELECT id, at, who, channel, action, entity, entity_id, detail FROM audit_log WHERE action IN ({marks}) "
            "AND entity IN ('notice', 'collection_return', 'collection_round', 'unit_list') ORDER BY id DESC LIMIT ?",
            (*KINDS, limit))
        latest_import: dict[int, int] = {}
        latest_take: dict[int, int] = {}
        for r in self.db.query("SELECT entity_id, max(id) AS last FROM audit_log WHERE action = 'import' "
                               "AND entity = 'notice' GROUP BY entity_id"):
            latest_import[r["entity_id"]] = r["last"]
        for r in self.db.query("SELECT entity_id, max(id) AS last FROM audit_log WHERE action IN "
                               "('take_back', 'undo_take_back') AND entity = 'collection_return' GROUP BY entity_id"):
            latest_take[r["entity_id"]] = r["last"]
        notices = {r[0] for r in self.db.query("SELECT id FROM notices")}
        returns = {r[0] for r in self.db.query("SELECT id FROM collection_returns")}
        out = []
        for r in rows:
            d = json.loads(r["detail"])
            action, eid = r["action"], r["entity_id"]
            if action == "import":
                ok = eid in notices and latest_import.get(eid) == r["id"] and d.get("status") != "unchanged"
            elif action == "take_back":
                ok = eid in returns and latest_take.get(eid) == r["id"]
            else:
                ok = False
            what = _what(action, d)
            op = d.get("op", "")
            if op.startswith(("撤销", "重做")):
                what = f"{what}（{op}）"
            out.append(HistoryEntry(r["id"], r["at"], r["who"], r["channel"], action, eid, what, ok))
        return out


__all__ = ["KINDS", "REVERTIBLE", "HistoryEntry", "OperationHistory"]
