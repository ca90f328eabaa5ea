"""已报送: the day a unit handed in a notice's form, against that notice's 报送时限 (issue 11)."""
from __future__ import annotations

from datetime import date

from gkdesk.store.audit import record
from gkdesk.store.db import Database


def form_of(attachment: str | None, what: str, due: date) -> str:
    """The key a mark is kept under: the deadline's attachment, else the words naming the report, and
    its date — seed 001 asks for the same 检查汇总情况 by 9月30日 and by 12月31日, two hand-ins."""
    return f"{attachment or what}|{due.isoformat()}"


def handed_in(db: Database, notice_id: int, unit: str, form: str) -> date | None:
    r = db.query_one("SELECT handed_in FROM report_handins WHERE notice_id = ? AND unit = ? AND form = ?",
                     (notice_id, unit, form))
    return date.fromisoformat(r["handed_in"]) if r else None


def marks(db: Database, unit: str) -> dict[tuple[int, str], date]:
    """(notice_id, form) → day handed in, for one unit."""
    return {(r["notice_id"], r["form"]): date.fromisoformat(r["handed_in"])
            for r in db.query("SELECT notice_id, form, handed_in FROM report_handins WHERE unit = ?", (unit,))}


def set_handed_in(db: Database, notice_id: int, unit: str, form: str, day: date | None, who: str = "") -> None:
    """Mark (day) or unmark (None), audited with the value it replaces; the caller holds the transaction."""
    before = handed_in(db, notice_id, unit, form)
    if day is None:
        db.execute("DELETE FROM report_handins WHERE notice_id = ? AND unit = ? AND form = ?", (notice_id, unit, form))
    else:
        db.execute("INSERT INTO report_handins(notice_id, unit, form, handed_in) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT(notice_id, unit, form) DO UPDATE SET handed_in = excluded.handed_in",
                   (notice_id, unit, form, day.isoformat()))
    record(db, "set_handed_in", "notice", notice_id,
           {"unit": unit, "form": form, "handed_in": day.isoformat() if day else None,
            "before": before.isoformat() if before else None}, who=who)
