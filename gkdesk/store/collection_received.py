"""A unit's side of collection: the 填报表 it received and its return upward in the same format.

The return keeps the received identity (notice key, unit, round, each row's key and digest) —
this store cannot make those digests, having no secret of the collector's — and fills the columns
with this unit's values. A lead unit that collected from its responsible units reports, per task,
its own 完成情况 when it wrote one, else what each responsible unit returned, one line per unit.
"""

from __future__ import annotations

import json
from typing import Any

from gkdesk.domain.collection import (
    FILL_COLUMNS,
    ParsedReturn,
    SheetData,
    SheetRow,
    sheet_file_name,
    value_text,
)
from gkdesk.domain.model import ImportResult
from gkdesk.domain.records import DONE, IN_PROGRESS, NOT_STARTED, STATUSES
from gkdesk.domain.review import PASSED, RETURNED
from gkdesk.store import audit
from gkdesk.store.collection import held_values, key_map
from gkdesk.store.db import Database, now
from gkdesk.store.errors import StoreError
from gkdesk.store.loader import load_result
from gkdesk.store.merge_checks import notice_for_key
from gkdesk.store.unit_repo import UnitRepository


class ReceivedRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.units = UnitRepository(db)

    def receive(self, parsed: ParsedReturn, who: str = "", as_notice: ImportResult | None = None) -> int:
        """Keep a received sheet. When this store lacks its notice, `as_notice` (the sheet read as a
        notice, importers.fill_return.sheet_as_notice) is saved as this unit's task list, in the same step."""
        if parsed.problems:
            raise StoreError(parsed.problems[0], "invalid")
        with self.db.transaction():
            return self._receive(parsed, who, as_notice)

    def has_notice(self, key: str) -> bool:
        return notice_for_key(self.db, key) is not None

    def _receive(self, parsed: ParsedReturn, who: str, as_notice: ImportResult | None) -> int:
        nid = notice_for_key(self.db, parsed.notice_key)
        if nid is None and as_notice is not None:
            from gkdesk.store.notices import NoticeRepository

            nid = NoticeRepository(self.db).save_import(as_notice, who).notice_id
        n_fixed = len(parsed.headers) - 1 - len(FILL_COLUMNS)
        identity = {
            "doc_number": parsed.doc_number, "notice_title": parsed.notice_title, "headers": parsed.headers,
            "fixed_headers": parsed.headers[1:1 + n_fixed], "fixed_roles": parsed.fixed_roles,
            "rows": [{"key": r.key, "fixed": r.fixed, "digest": r.digest} for r in sorted(parsed.rows, key=lambda r: r.row)],
        }
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO received_sheets(notice_id, notice_key, round_no, collector, unit, identity, file_name, received_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(notice_key, round_no, collector, unit) DO UPDATE SET "
                "notice_id = excluded.notice_id, identity = excluded.identity, file_name = excluded.file_name, "
                "received_at = excluded.received_at",
                (nid, parsed.notice_key, parsed.round_no, parsed.collector, parsed.unit,
                 json.dumps(identity, ensure_ascii=False), parsed.name, now()))
            rid = int(self.db.scalar(
                "SELECT id FROM received_sheets WHERE notice_key = ? AND round_no = ? AND collector = ? AND unit = ?",
                (parsed.notice_key, parsed.round_no, parsed.collector, parsed.unit)))
            audit.record(self.db, "receive_sheet", "received_sheet", rid,
                         {"file": parsed.name, "collector": parsed.collector, "round": parsed.round_no}, who)
        return rid

    def list_received(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.query(
            "SELECT id, notice_id, round_no, collector, unit, file_name, received_at FROM received_sheets ORDER BY id")]

    def snapshot(self) -> dict[int, dict[str, Any]]:
        """Every received sheet's full row by id: what undoing a receive puts back."""
        return {r["id"]: dict(r) for r in self.db.query("SELECT * FROM received_sheets")}

    def undo_receive(self, received_id: int, before: dict[str, Any] | None, who: str = "") -> None:
        """Undo one receive: a sheet new then is forgotten; one received again gets its earlier row back."""
        with self.db.transaction():
            if before is None:
                self.db.execute("DELETE FROM received_sheets WHERE id = ?", (received_id,))
            else:
                self.db.execute(
                    "UPDATE received_sheets SET notice_id = ?, identity = ?, file_name = ?, received_at = ? WHERE id = ?",
                    (before["notice_id"], before["identity"], before["file_name"], before["received_at"], received_id))
            audit.record(self.db, "undo_receive_sheet", "received_sheet", received_id, {"kept": before is not None}, who)

    def return_data(self, received_id: int) -> SheetData:
        r = self.db.query_one("SELECT * FROM received_sheets WHERE id = ?", (received_id,))
        if r is None:
            raise StoreError(f"找不到编号为 {received_id} 的填报表。", "not_found")
        if r["notice_id"] is None:
            raise StoreError("请先导入这份填报表所属的通知，再填写回执。", "not_found")
        ident = json.loads(r["identity"])
        result = load_result(self.db, r["notice_id"])
        ids = key_map(result)
        unit = self.units.resolve(r["unit"])
        assert unit is not None
        own = held_values(self.db, r["notice_id"], unit.id)
        rows = []
        for row in ident["rows"]:
            task_id = ids.get(row["key"])
            values = self._values(task_id, unit.id, own) if task_id is not None else {}
            rows.append(SheetRow(row["key"], row["fixed"], row["digest"], values))
        from gkdesk.store.collection import Round, round_instructions

        rnd = Round(0, r["notice_id"], r["round_no"], r["collector"], r["notice_key"], None, "")
        return SheetData(
            notice_key=r["notice_key"], doc_number=ident["doc_number"], notice_title=ident["notice_title"],
            table_title=result.notice.table_title, unit=r["unit"], round_no=r["round_no"], collector=r["collector"],
            fixed_headers=ident["fixed_headers"], fixed_roles=ident.get("fixed_roles", []), rows=rows,
            statuses=list(STATUSES),
            instructions=round_instructions(rnd),
            file_stem=sheet_file_name(ident["notice_title"], r["unit"], result.notice.table_title).removesuffix(".xlsx").replace("_填报表_", "_回执_"),
        )

    def _values(self, task_id: int, unit_id: int, own: dict[int, dict[str, str]]) -> dict[str, str]:
        """This unit's own values, else a summary of what its responsible units returned."""
        mine = dict(own.get(task_id, {}))
        if mine.get("text"):
            return mine
        rows = self.db.query(
            "SELECT u.name, c.status, c.text, c.completed_on, c.links, v.state FROM completions c "
            "JOIN units u ON u.id = c.unit_id LEFT JOIN reviews v ON v.task_id = c.task_id AND v.unit_id = c.unit_id "
            "WHERE c.task_id = ? AND c.unit_id <> ? AND (c.text <> '' OR c.status <> ?) "
            "AND coalesce(v.state, '') <> ? ORDER BY u.name",
            (task_id, unit_id, NOT_STARTED, RETURNED))
        if any(x["state"] == PASSED for x in rows):  # 审核: once the lead checked entries, only those go up
            rows = [x for x in rows if x["state"] == PASSED]
        if not rows:
            return mine
        mine["text"] = "\n".join(f"{x['name']}：{x['text'] or x['status']}" for x in rows)
        if not mine.get("status"):
            statuses = {x["status"] for x in rows}
            mine["status"] = DONE if statuses == {DONE} else IN_PROGRESS
        if not mine.get("links"):
            links = [link for x in rows for link in json.loads(x["links"])]
            if links:
                mine["links"] = value_text("links", list(dict.fromkeys(links)))
        dates = [x["completed_on"] for x in rows if x["completed_on"]]
        if not mine.get("completed_on") and dates and mine["status"] == DONE:
            mine["completed_on"] = max(dates)
        return mine


__all__ = ["ReceivedRepository"]
