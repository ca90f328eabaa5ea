"""Which rows of a parsed return may go into the store, or why none of it may (one Chinese line).

A 填报表 must belong to a round this store handed out, to a unit that got a sheet in it, and every
row's locked texts must still match the keyed digest kept when the sheet was sent. A returned
附件1 table must belong to a stored notice and a unit it reaches; rows for other units' tasks
are left out with a note, rows matched below the confidence floor are held for the clerk.
A plan is a dict (round_id, notice_id, unit, rows, low); a refusal is a TakeBack.
"""

from __future__ import annotations

import json

from gkdesk.domain.collection import ParsedReturn, digests_equal, fixed_digest
from gkdesk.store.collection import CollectionRepository, key_map, result_notice_key
from gkdesk.store.db import Database
from gkdesk.store.loader import load_result
from gkdesk.store.merge_outcome import TakeBack
from gkdesk.store.search import tasks_for_unit
from gkdesk.store.unit_repo import UnitRepository


def refuse(parsed: ParsedReturn, problems: list[str]) -> TakeBack:
    return TakeBack(parsed.name, "refused", parsed.unit, problems=problems,
                    message=f"{parsed.name}：{problems[0]}" + (f"（另有 {len(problems) - 1} 处问题）" if len(problems) > 1 else ""))

def notice_for_key(db: Database, key: str) -> int | None:
    for r in db.query("SELECT DISTINCT notice_id FROM collection_rounds WHERE notice_key = ?", (key,)):
        return int(r[0])
    for r in db.query("SELECT id FROM notices ORDER BY id DESC"):
        if result_notice_key(load_result(db, r[0])) == key:
            return int(r[0])
    return None


def plan_sheet(db: Database, parsed: ParsedReturn):
    rnd = CollectionRepository(db).find_round(parsed.notice_key, parsed.round_no, parsed.collector)
    if rnd is None:
        nid = notice_for_key(db, parsed.notice_key)
        if nid is None:
            return refuse(parsed, [f"这份填报表属于另一份通知（{parsed.doc_number or parsed.notice_title}），本机没有这份通知。"])
        return refuse(parsed, [f"本机没有发出过这份填报表（{parsed.collector}第{parsed.round_no}轮），可能是其他单位下发的。"])
    unit = UnitRepository(db).resolve(parsed.unit, create=False)
    sheet = None
    if unit is not None:
        sheet = db.query_one("SELECT id FROM collection_sheets WHERE round_id = ? AND unit_id = ?", (rnd.id, unit.id))
    if sheet is None or unit is None:
        reached = unit is not None and tasks_for_unit(db, rnd.notice_id, unit.name)
        why = "本轮未向该单位发放填报表" if reached else "该单位不在本通知涉及的单位中"
        return refuse(parsed, [f"填报单位“{parsed.unit}”：{why}。"])
    sent = {r["task_key"]: r for r in db.query(
        "SELECT task_key, task_id, digest, sent FROM collection_sheet_tasks WHERE sheet_id = ?", (sheet["id"],))}
    secret = CollectionRepository(db).secret()
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
        return refuse(parsed, problems)
    return {"round_id": rnd.id, "notice_id": rnd.notice_id, "unit": unit, "rows": rows, "low": []}

def plan_table(db: Database, parsed: ParsedReturn, notice_id: int | None, min_confidence: float):
    nid = notice_id if notice_id is not None else notice_for_key(db, parsed.notice_key)
    if nid is None:
        return refuse(parsed, ["无法确定这份表格属于哪一份通知。"])
    if not parsed.unit:
        return refuse(parsed, ["无法确定填报单位：文件名和表格上方都没有写明单位。"])
    unit = UnitRepository(db).resolve(parsed.unit, create=False)
    if unit is None or not tasks_for_unit(db, nid, unit.name):
        return refuse(parsed, [f"填报单位“{parsed.unit}”不在本通知涉及的单位中。"])
    ids = key_map(load_result(db, nid))
    mine = {t.task_id for t in tasks_for_unit(db, nid, unit.name)}
    rnd = CollectionRepository(db).latest_round(nid)
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



__all__ = ["notice_for_key", "plan_sheet", "plan_table", "refuse"]
