"""Rounds (轮次) and the 填报表 handed out: what was sent to whom, with which identity.

The collector's secret for the keyed digests lives in the settings table and never leaves this
store; the sheets carry only the digests. Writing the .xlsx files is the exporter's job: this
module builds their plain data (domain.collection.SheetData) and records them once written.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import date

from gkdesk.domain.collection import (
    SheetData,
    SheetRow,
    digest_of_normalized,
    normalized_fixed,
    notice_key,
    sheet_file_name,
    task_keys,
    value_text,
)
from gkdesk.domain.model import ImportResult, ReportDeadline
from gkdesk.domain.records import NOT_STARTED, STATUSES
from gkdesk.domain.submission import SubmissionStatus, UnitSubmission
from gkdesk.store import audit
from gkdesk.store.db import Database, now
from gkdesk.store.errors import StoreError
from gkdesk.store.loader import load_result
from gkdesk.store.review import ReviewRepository
from gkdesk.store.search import tasks_for_unit
from gkdesk.store.unit_repo import UnitRepository

SECRET_KEY = "collection_secret"
FIXED_ROLES = ("section", "subsection", "number", "title", "text", "lead", "responsible", "deadline")
_DEFAULT_FIXED = [("工作任务", "section"), ("具体任务", "text"), ("牵头单位", "lead"), ("责任单位", "responsible"), ("完成时限", "deadline")]


@dataclass(frozen=True)
class Round:
    id: int
    notice_id: int
    number: int
    collector: str
    notice_key: str
    report_due: date | None
    created_at: str


def _round(r) -> Round:
    due = date.fromisoformat(r["report_due"]) if r["report_due"] else None
    return Round(r["id"], r["notice_id"], r["number"], r["collector"], r["notice_key"], due, r["created_at"])


def result_notice_key(result: ImportResult) -> str:
    return notice_key(result.notice.doc_number, result.notice.title, [t.text for t in result.tasks()])


def fixed_columns(result: ImportResult) -> list[tuple[str, str]]:
    cols = [(c.header, c.role) for c in result.columns if c.role in FIXED_ROLES]
    return cols or list(_DEFAULT_FIXED)


def fixed_values(result: ImportResult, roles: list[str]) -> dict[int, list[str]]:
    """Task id → the texts of its fixed cells, in column order."""
    out: dict[int, list[str]] = {}
    for s in result.sections:
        for ss in s.subsections:
            for t in ss.tasks:
                by_role = {
                    "section": s.title,
                    "subsection": ss.title,
                    "number": t.number,
                    "title": t.title,
                    "text": t.text,
                    "lead": "、".join(t.lead),
                    "responsible": "、".join(t.responsible),
                    "deadline": t.deadline.text or (t.deadline.due.isoformat() if t.deadline.due else ""),
                }
                assert t.id is not None
                out[t.id] = [by_role[r] for r in roles]
    return out


def key_map(result: ImportResult) -> dict[str, int]:
    """Task key → task id for a stored notice (document order decides repeated texts)."""
    tasks = result.tasks()
    return {k: t.id for k, t in zip(task_keys([t.text for t in tasks]), tasks) if t.id is not None}


_HELD_SQL = (
    "SELECT c.task_id, c.status, c.text, c.completed_on, c.links, c.note FROM completions c "
    "JOIN tasks t ON t.id = c.task_id WHERE t.notice_id = ? AND c.unit_id = ?"
)


def held_values(db: Database, notice_id: int, unit_id: int) -> dict[int, dict[str, str]]:
    """What the collector holds for a unit, as sheet texts (未开始 is the default, not a value)."""
    out: dict[int, dict[str, str]] = {}
    for r in db.query(_HELD_SQL, (notice_id, unit_id)):
        vals = {
            "status": "" if r["status"] == NOT_STARTED else r["status"],
            "text": r["text"],
            "completed_on": r["completed_on"] or "",
            "links": value_text("links", json.loads(r["links"])),
            "note": r["note"],
        }
        out[r["task_id"]] = {k: v for k, v in vals.items() if v}
    return out


class CollectionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.units = UnitRepository(db)

    # -- the secret ----------------------------------------------------------------------------
    def secret(self) -> bytes:
        value = self.db.scalar("SELECT value FROM settings WHERE key = ?", (SECRET_KEY,))
        if value is None:
            with self.db.transaction():
                value = json.dumps(secrets.token_hex(32))
                self.db.execute("INSERT OR IGNORE INTO settings(key, value) VALUES (?, ?)", (SECRET_KEY, value))
                value = self.db.scalar("SELECT value FROM settings WHERE key = ?", (SECRET_KEY,))
        return bytes.fromhex(json.loads(value))

    # -- rounds --------------------------------------------------------------------------------
    def new_round(self, notice_id: int, collector: str, report_due: date | None = None, who: str = "") -> Round:
        result = load_result(self.db, notice_id)
        if report_due is None:
            report_due = _first_report_due(result)
        with self.db.transaction():
            number = 1 + int(self.db.scalar(
                "SELECT coalesce(max(number), 0) FROM collection_rounds WHERE notice_id = ? AND collector = ?",
                (notice_id, collector), default=0))
            rid = self.db.insert(
                "INSERT INTO collection_rounds(notice_id, number, collector, notice_key, report_due, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (notice_id, number, collector, result_notice_key(result), report_due.isoformat() if report_due else None, now()),
            )
            audit.record(self.db, "new_round", "collection_round", rid, {"notice_id": notice_id, "number": number, "collector": collector}, who)
        r = self.round(rid)
        assert r is not None
        return r

    def delete_round(self, round_id: int) -> None:
        """Drop a round whose sheets could not be written (its sheets and returns go with it)."""
        with self.db.transaction():
            self.db.execute("DELETE FROM collection_rounds WHERE id = ?", (round_id,))
            audit.record(self.db, "delete_round", "collection_round", round_id, {})

    def round(self, round_id: int) -> Round | None:
        r = self.db.query_one("SELECT * FROM collection_rounds WHERE id = ?", (round_id,))
        return _round(r) if r else None

    def rounds(self, notice_id: int | None = None) -> list[Round]:
        where = "" if notice_id is None else "WHERE notice_id = ?"
        rows = self.db.query(f"SELECT * FROM collection_rounds {where} ORDER BY notice_id, collector, number",
                             () if notice_id is None else (notice_id,))
        return [_round(r) for r in rows]

    def latest_round(self, notice_id: int) -> Round | None:
        r = self.db.query_one("SELECT * FROM collection_rounds WHERE notice_id = ? ORDER BY id DESC LIMIT 1", (notice_id,))
        return _round(r) if r else None

    def find_round(self, key: str, number: int, collector: str) -> Round | None:
        r = self.db.query_one(
            "SELECT * FROM collection_rounds WHERE notice_key = ? AND number = ? AND collector = ?", (key, number, collector))
        return _round(r) if r else None

    # -- sheets --------------------------------------------------------------------------------
    def plan_sheets(self, round_id: int, unit_names: list[str], only_led: bool = False) -> list[SheetData]:
        """One SheetData per unit (its tasks, group words resolved, what is held pre-filled)."""
        rnd = self.round(round_id)
        if rnd is None:
            raise StoreError(f"找不到编号为 {round_id} 的轮次。", "not_found")
        result = load_result(self.db, rnd.notice_id)
        cols = fixed_columns(result)
        fixed = fixed_values(result, [r for _, r in cols])
        keys = {v: k for k, v in key_map(result).items()}
        led = None
        if only_led:
            led = {t.task_id for t in tasks_for_unit(self.db, rnd.notice_id, rnd.collector, ("lead",))}
        secret = self.secret()
        norm: dict[int, str] = {}  # task id → its fixed texts normalised, shared by every unit's digest
        out = []
        for name in unit_names:
            unit = self.units.resolve(name, create=False)
            ids = [t.task_id for t in tasks_for_unit(self.db, rnd.notice_id, unit.name)] if unit else []
            if led is not None:
                ids = [i for i in ids if i in led]
            if unit is None or not ids:
                raise StoreError(f"“{name}”在这份通知中没有{'本单位牵头的' if led is not None else ''}任务，"
                                 "不能为它生成填报表（单位名称是否写错？）。", "invalid")
            held = held_values(self.db, rnd.notice_id, unit.id)
            reasons = ReviewRepository(self.db).returned_reasons(rnd.notice_id, unit.id)
            rows = []
            for i in ids:
                if i not in norm:
                    norm[i] = normalized_fixed(fixed[i])
                rows.append(SheetRow(keys[i], fixed[i],
                                     digest_of_normalized(secret, rnd.notice_key, unit.name, rnd.number, keys[i], norm[i]),
                                     held.get(i, {}), reasons.get(i, "")))
            n = result.notice
            out.append(SheetData(
                notice_key=rnd.notice_key, doc_number=n.doc_number, notice_title=n.title,
                table_title=n.table_title or (n.attachments[0] if n.attachments else ""),
                unit=unit.name, round_no=rnd.number, collector=rnd.collector,
                fixed_headers=[h for h, _ in cols], rows=rows, statuses=list(STATUSES),
                report_due=rnd.report_due, instructions=round_instructions(rnd),
                file_stem=sheet_file_name(n.title, unit.name, n.table_title).removesuffix(".xlsx"),
                fixed_roles=[r for _, r in cols],
            ))
        return out

    def record_sheets(self, round_id: int, sheets: list[tuple[SheetData, str]], who: str = "") -> int:
        """Record the sheets once their files are written (name of each file); one audit step."""
        rnd = self.round(round_id)
        assert rnd is not None
        result = load_result(self.db, rnd.notice_id)
        ids = key_map(result)
        with self.db.transaction():
            for data, file_name in sheets:
                unit = self.units.resolve(data.unit)
                assert unit is not None
                self.db.execute("DELETE FROM collection_sheets WHERE round_id = ? AND unit_id = ?", (round_id, unit.id))
                sid = self.db.insert(
                    "INSERT INTO collection_sheets(round_id, unit_id, file_name, sent_at) VALUES (?, ?, ?, ?)",
                    (round_id, unit.id, file_name, now()))
                self.db.executemany(
                    "INSERT INTO collection_sheet_tasks(sheet_id, task_key, task_id, digest, sent) VALUES (?, ?, ?, ?, ?)",
                    [(sid, r.key, ids[r.key], r.digest, json.dumps(r.held, ensure_ascii=False)) for r in data.rows])
            audit.record(self.db, "hand_out", "collection_round", round_id,
                         {"units": [d.unit for d, _ in sheets], "files": [f for _, f in sheets]}, who)
        return len(sheets)


    # -- 报送情况 --------------------------------------------------------------------------------
    def status(self, round_id: int, today: date | None = None) -> SubmissionStatus:
        """Per unit of the round: sent, returned (when, which file, rows filled / empty) or not."""
        from gkdesk.domain.today import today as _today

        rnd = self.round(round_id)
        if rnd is None:
            raise StoreError(f"找不到编号为 {round_id} 的轮次。", "not_found")
        title = self.db.scalar("SELECT title FROM notices WHERE id = ?", (rnd.notice_id,), default="")
        st = SubmissionStatus(title, rnd.collector, rnd.number, rnd.report_due, today or _today())
        units: dict[int, UnitSubmission] = {}
        for r in self.db.query(
            "SELECT s.unit_id, u.name, s.sent_at, s.file_name FROM collection_sheets s JOIN units u ON u.id = s.unit_id "
            "LEFT JOIN unit_list l ON l.unit_id = s.unit_id WHERE s.round_id = ? ORDER BY coalesce(l.position, 1e9), s.id",
            (round_id,),
        ):
            units[r["unit_id"]] = UnitSubmission(r["name"], r["sent_at"], r["file_name"])
        for r in self.db.query(
            "SELECT x.unit_id, u.name, x.taken_at, x.file_name, x.rows_filled, x.rows_empty, "
            "(SELECT count(*) FROM collection_conflicts k WHERE k.return_id = x.id AND k.resolution IS NULL) AS open "
            "FROM collection_returns x JOIN units u ON u.id = x.unit_id WHERE x.round_id = ? ORDER BY x.id",
            (round_id,),
        ):
            u = units.setdefault(r["unit_id"], UnitSubmission(r["name"]))
            u.returned_at, u.return_file = r["taken_at"], r["file_name"]
            u.rows_filled, u.rows_empty = r["rows_filled"], r["rows_empty"]
            u.returns += 1
            u.open_conflicts += r["open"]
        st.units = list(units.values())
        return st


    def roster_units(self, notice_id: int, result: ImportResult | None = None) -> list[str]:
        """Who owes a 附件2 人员名单: the 单位名单's units the notice reaches, less the office the
        rosters go to (it collects them; it does not hand one in to itself)."""
        from gkdesk.store.unit_list import UnitListRepository

        result = result or load_result(self.db, notice_id)
        reached = UnitListRepository(self.db).reached(notice_id, collector=_roster_recipient(result) or None)
        return [r.unit.name for r in reached]

    def roster_status(self, notice_id: int, today: date | None = None) -> SubmissionStatus:
        """附件2 人员名单: every unit that owes one (roster_units), reported (a roster stored) or not."""
        from gkdesk.domain.today import today as _today
        from gkdesk.store.roster_summary import units_missing

        result = load_result(self.db, notice_id)
        dues = [d.due for d in _roster_deadlines(result)]
        expected = self.roster_units(notice_id, result)
        missing = set(units_missing(self.db, notice_id, expected))
        st = SubmissionStatus(result.notice.title, _roster_recipient(result), 0,
                              min(dues) if dues else None, today or _today(), what="附件2人员名单")
        people = {r["unit_id"]: (r["updated_at"], r["n"]) for r in self.db.query(
            "SELECT r.unit_id, r.updated_at, (SELECT count(*) FROM roster_entries e WHERE e.roster_id = r.id) AS n "
            "FROM rosters r WHERE r.notice_id = ?", (notice_id,))}
        for name in expected:
            u = UnitSubmission(name)
            if name not in missing:
                unit = self.units.resolve(name, create=False)
                at, n = people.get(unit.id if unit else -1, ("已报送", 0))
                u.returned_at, u.rows_filled, u.returns = at, n, 1
            st.units.append(u)
        return st


def _first_report_due(result: ImportResult) -> date | None:
    """The notice's report deadline for 附件1 / the completion summary (the first one it sets)."""
    dues = [d for d in result.notice.report_deadlines if d.attachment != "附件2" and "名单" not in d.what]
    if not dues:
        return None
    from gkdesk.domain.today import today

    upcoming = [d.due for d in dues if d.due >= today()]
    return min(upcoming) if upcoming else max(d.due for d in dues)


def _recipient(result: ImportResult) -> str:
    return next((d.recipient for d in result.notice.report_deadlines if d.recipient), result.notice.issuer)


def _roster_deadlines(result: ImportResult) -> list[ReportDeadline]:
    return [d for d in result.notice.report_deadlines if d.attachment == "附件2" or "名单" in d.what]


def _roster_recipient(result: ImportResult) -> str:
    """Where the 附件2 goes: its own deadline's recipient, else the notice's first one (or issuer)."""
    return next((d.recipient for d in _roster_deadlines(result) if d.recipient), _recipient(result))


def round_instructions(rnd: Round) -> list[str]:
    due = f"{rnd.report_due.year}年{rnd.report_due.month}月{rnd.report_due.day}日" if rnd.report_due else "通知规定的时限"
    return [
        f"请在“状态”“完成情况”“完成时间”“公开路径/链接”“备注”列填写本单位的落实情况，于{due}前报{rnd.collector}。",
        "灰色列为通知原文，已锁定，请勿修改；可以排序、筛选、隐藏列，但请勿删除或移动列、行，"
        "也不要复制到新表格（否则无法自动汇总）。完成时间请填日期，如 2022年9月30日。",
    ]


__all__ = ["CollectionRepository", "Round", "fixed_columns", "held_values", "key_map", "result_notice_key"]
