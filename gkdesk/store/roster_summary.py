"""全区名单: every person of every unit's 附件2 roster for one notice, and who has not reported.

The coordinating office's consolidated list, read straight from the roster tables. No Qt.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from gkdesk.domain.units import unit_key
from gkdesk.store.db import Database


@dataclass
class Person:
    roster_id: int
    unit: str
    category: str
    position: int  # index of the person within the category of that unit's roster
    values: dict[str, str] = field(default_factory=dict)  # 姓名/职务/联系电话/备注 (+ template extras)
    filled_on: date | None = None

    def get(self, column: str) -> str:
        return str(self.values.get(column, "") or "")


def all_people(db: Database, notice_id: int) -> list[Person]:
    """Every stored person of the notice, by unit name, then in each form's own category order."""
    rows = db.query(
        'SELECT r.id AS roster_id, u.name AS unit, r.filled_on, e.category, e.position, e."values" '
        "FROM rosters r JOIN units u ON u.id = r.unit_id "
        "JOIN roster_entries e ON e.roster_id = r.id "
        "WHERE r.notice_id = ? ORDER BY u.name, r.id, e.id",
        (notice_id,),
    )
    out: list[Person] = []
    for r in rows:
        try:
            values = json.loads(r["values"]) or {}
        except (TypeError, ValueError):
            values = {}
        out.append(
            Person(
                int(r["roster_id"]),
                r["unit"],
                r["category"],
                int(r["position"]),
                {str(k): "" if v is None else str(v) for k, v in values.items()},
                date.fromisoformat(r["filled_on"]) if r["filled_on"] else None,
            )
        )
    return out


def reported_units(db: Database, notice_id: int) -> list[str]:
    """Units that have a roster stored for the notice (even an empty one), by name."""
    rows = db.query(
        "SELECT u.name FROM rosters r JOIN units u ON u.id = r.unit_id WHERE r.notice_id = ? ORDER BY u.name",
        (notice_id,),
    )
    return [r["name"] for r in rows]


def units_missing(db: Database, notice_id: int, expected_units: list[str]) -> list[str]:
    """Those of ``expected_units`` (in their order) that have not sent a roster.

    区财政局 and 财政局 are the same unit (unit_key), and so is any alias stored for it.
    """
    have = set(reported_units(db, notice_id))
    keys = {unit_key(n) for n in have}
    for r in db.query(
        "SELECT a.alias_key FROM unit_aliases a JOIN rosters r ON r.unit_id = a.unit_id WHERE r.notice_id = ?",
        (notice_id,),
    ):
        keys.add(r["alias_key"])
    out: list[str] = []
    for name in expected_units:
        if name in have or unit_key(name) in keys or name in out:
            continue
        out.append(name)
    return out


__all__ = ["Person", "all_people", "reported_units", "units_missing"]
