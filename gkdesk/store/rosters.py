"""附件2 rosters: the notice's template and each unit's filled form."""

from __future__ import annotations

import json
from datetime import date

from gkdesk.domain.model import RosterTemplate
from gkdesk.domain.records import Entries, Roster, Unit
from gkdesk.store import audit
from gkdesk.store.db import Database, now
from gkdesk.store.loader import roster_template
from gkdesk.store.unit_repo import UnitRepository


class RosterRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.units = UnitRepository(db)

    def template(self, notice_id: int) -> RosterTemplate | None:
        return roster_template(self.db, notice_id)

    def save_template(self, notice_id: int, template: RosterTemplate) -> None:
        """Replace the template (the clerk corrected a category or column); filled rosters stay."""
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO roster_templates(notice_id, label, title, categories, columns) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(notice_id, label) DO UPDATE SET title = excluded.title, "
                "categories = excluded.categories, columns = excluded.columns",
                (
                    notice_id,
                    template.label,
                    template.title,
                    json.dumps(template.categories, ensure_ascii=False),
                    json.dumps(template.columns, ensure_ascii=False),
                ),
            )

    def save_roster(
        self,
        notice_id: int,
        unit: str | Unit,
        entries: Entries,
        filled_on: date | None = None,
        who: str = "",
    ) -> int:
        """Store a unit's whole filled roster, replacing what it had before. Returns the roster id."""
        with self.db.transaction():
            u = unit if isinstance(unit, Unit) else self.units.resolve(unit)
            assert u is not None
            self.db.execute(
                "INSERT INTO rosters(notice_id, unit_id, filled_on, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(notice_id, unit_id) DO UPDATE SET filled_on = excluded.filled_on, "
                "updated_at = excluded.updated_at",
                (notice_id, u.id, filled_on.isoformat() if filled_on else None, now()),
            )
            roster_id = int(
                self.db.scalar(
                    "SELECT id FROM rosters WHERE notice_id = ? AND unit_id = ?",
                    (notice_id, u.id),
                )
            )
            self.db.execute(
                "DELETE FROM roster_entries WHERE roster_id = ?", (roster_id,)
            )
            self.db.executemany(
                'INSERT INTO roster_entries(roster_id, category, position, "values") VALUES (?, ?, ?, ?)',
                [
                    (roster_id, category, pos, json.dumps(row, ensure_ascii=False))
                    for category, rows in entries.items()
                    for pos, row in enumerate(rows)
                ],
            )
            audit.record(
                self.db,
                "save_roster",
                "roster",
                roster_id,
                {
                    "notice_id": notice_id,
                    "unit": u.name,
                    "people": sum(len(r) for r in entries.values()),
                },
                who,
            )
        return roster_id

    def load_roster(self, notice_id: int, unit: str | Unit) -> Roster | None:
        u = unit if isinstance(unit, Unit) else self.units.resolve(unit, create=False)
        if u is None:
            return None
        found = self._rosters(
            "r.notice_id = ? AND r.unit_id = ?", (notice_id, u.id), with_entries=True
        )
        return found[0] if found else None

    def list_rosters(self, notice_id: int, with_entries: bool = False) -> list[Roster]:
        """Filled rosters of a notice, by unit name (the coordinating office's 'who has reported')."""
        return self._rosters("r.notice_id = ?", (notice_id,), with_entries)

    def delete_roster(self, roster_id: int, who: str = "") -> None:
        with self.db.transaction():
            self.db.execute("DELETE FROM rosters WHERE id = ?", (roster_id,))
            audit.record(self.db, "delete_roster", "roster", roster_id, {}, who)

    def _rosters(self, where: str, params: tuple, with_entries: bool) -> list[Roster]:
        rows = self.db.query(
            "SELECT r.*, u.name AS unit_name FROM rosters r JOIN units u ON u.id = r.unit_id "
            f"WHERE {where} ORDER BY u.name",
            params,
        )
        out = {
            r["id"]: Roster(
                r["id"],
                r["notice_id"],
                r["unit_id"],
                r["unit_name"],
                date.fromisoformat(r["filled_on"]) if r["filled_on"] else None,
                r["updated_at"],
            )
            for r in rows
        }
        if with_entries and out:
            marks = ",".join("?" * len(out))
            for e in self.db.query(
                f'SELECT roster_id, category, "values" FROM roster_entries WHERE roster_id IN ({marks}) '
                "ORDER BY roster_id, id",
                tuple(out),
            ):
                out[e["roster_id"]].entries.setdefault(e["category"], []).append(
                    json.loads(e["values"])
                )
        return list(out.values())
