"""The collector's 单位名单 in the store, and which units of it a notice reaches.

Group membership is kept where "my tasks" reads it (unit_group_members, see unit_repo.py), so a
town the list puts in 镇街 is reached by 各镇（街道） here and sees the same tasks on its own desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gkdesk.domain.report_audience import receives
from gkdesk.domain.unit_list import GROUP_WORDS, ListedUnit
from gkdesk.store import audit
from gkdesk.store.db import Database, now
from gkdesk.store.search import tasks_for_unit
from gkdesk.store.unit_repo import UnitRepository

# Kinds the list decides; "related" (有关单位) keeps what domain/units.py says.
_LISTED_KINDS = ("towns", "departments")


@dataclass(frozen=True)
class ReachedUnit:
    unit: ListedUnit
    lead: int  # tasks the unit leads
    responsible: int  # tasks it is responsible for (and does not lead)
    via: tuple[str, ...]  # the words of the notice that reach it: 区财政局, 各镇（街道）…


class UnitListRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.units = UnitRepository(db)

    def load(self, units: list[ListedUnit], source: str = "手工录入", replace: bool = False, who: str = "") -> dict[str, int]:
        """Add (or with replace, set) the list in one transaction; returns added/updated/removed counts."""
        counts = {"added": 0, "updated": 0, "removed": 0}
        with self.db.transaction():
            if replace:
                counts["removed"] = int(self.db.scalar("SELECT count(*) FROM unit_list", default=0))
                self.db.execute("DELETE FROM unit_list")
            position = int(self.db.scalar("SELECT coalesce(max(position), 0) FROM unit_list", default=0))
            for lu in units:
                u = self.units.ensure(lu.name)
                for kind in _LISTED_KINDS:
                    self.units.set_membership(kind, u, kind in lu.groups)
                exists = self.db.scalar("SELECT 1 FROM unit_list WHERE unit_id = ?", (u.id,))
                if exists:
                    counts["updated"] += 1
                    self.db.execute("UPDATE unit_list SET source = ? WHERE unit_id = ?", (source, u.id))
                else:
                    position += 1
                    counts["added"] += 1
                    self.db.execute(
                        "INSERT INTO unit_list(unit_id, position, source, added_at) VALUES (?, ?, ?, ?)",
                        (u.id, position, source, now()),
                    )
            if replace:
                counts["removed"] = max(0, counts["removed"] - counts["updated"])
            audit.record(self.db, "load_unit_list", "unit_list", None, {"source": source, **counts}, who)
        return counts

    def snapshot(self) -> dict[str, Any]:
        """The list and the group memberships as they are (for the desk's undo of a load)."""
        return {
            "list": [tuple(r) for r in self.db.query("SELECT unit_id, position, source, added_at FROM unit_list")],
            "members": [tuple(r) for r in self.db.query(
                "SELECT group_kind, unit_id, member, explicit FROM unit_group_members")],
            "max_unit": int(self.db.scalar("SELECT coalesce(max(id), 0) FROM units", default=0)),
        }

    def restore(self, snap: dict[str, Any], who: str = "") -> None:
        """Put the list back as a snapshot had it; units created since and used nowhere else go too."""
        with self.db.transaction():
            self.db.execute("DELETE FROM unit_list")
            self.db.executemany("INSERT INTO unit_list(unit_id, position, source, added_at) VALUES (?, ?, ?, ?)",
                                snap["list"])
            self.db.execute("DELETE FROM unit_group_members")
            self.db.executemany(
                "INSERT INTO unit_group_members(group_kind, unit_id, member, explicit) VALUES (?, ?, ?, ?)",
                snap["members"])
            used = " ".join(f"AND id NOT IN (SELECT unit_id FROM {t})" for t in self._tables_using_units())
            self.db.execute(f"DELETE FROM units WHERE id > ? AND is_group = 0 {used}", (snap["max_unit"],))
            audit.record(self.db, "restore_unit_list", "unit_list", None, {"units": len(snap["list"])}, who)

    def _tables_using_units(self) -> list[str]:
        # Every table naming a unit, except those that go with it (ON DELETE CASCADE): read from the
        # schema so that a later step's table is counted too.
        out = []
        for (name,) in self.db.query("SELECT name FROM sqlite_master WHERE type = 'table'"):
            for fk in self.db.query(f'PRAGMA foreign_key_list("{name}")'):
                if fk["table"] == "units" and fk["on_delete"].upper() != "CASCADE":
                    out.append(f'"{name}"')
        return out

    def remove(self, name: str, who: str = "") -> bool:
        u = self.units.resolve(name, create=False)
        if u is None:
            return False
        with self.db.transaction():
            cur = self.db.execute("DELETE FROM unit_list WHERE unit_id = ?", (u.id,))
            if cur.rowcount:
                audit.record(self.db, "remove_from_unit_list", "unit_list", u.id, {"unit": u.name}, who)
        return bool(cur.rowcount)

    def list_units(self) -> list[ListedUnit]:
        rows = self.db.query("SELECT u.name FROM unit_list l JOIN units u ON u.id = l.unit_id ORDER BY l.position")
        return [ListedUnit(r["name"], frozenset(self.units.group_kinds_of(r["name"]))) for r in rows]

    def members(self, group_word: str) -> list[ListedUnit]:
        """Units of the list in the group a word names (各镇街 → every town of the list)."""
        from gkdesk.domain.unit_list import group_of_label

        kind = group_of_label(group_word)
        return [u for u in self.list_units() if kind and kind in u.groups]

    def reached(self, notice_id: int, only_led_by: str | None = None, collector: str | None = None) -> list[ReachedUnit]:
        """Units of the list the notice reaches (named in it, or in a group word it uses), list order.

        With only_led_by (a lead unit collecting), only the tasks that unit leads count. The unit
        collecting (``collector``, or the lead unit) is left out: its returns come to itself.
        """
        led: set[int] | None = None
        if only_led_by:
            led = {t.task_id for t in tasks_for_unit(self.db, notice_id, only_led_by, ("lead",))}
        collector = collector or only_led_by
        me = self.units.resolve(collector, create=False) if collector else None
        out = []
        for lu in self.list_units():
            if collector and (receives(lu.name, collector) or (me is not None and self.units.resolve(lu.name, create=False) == me)):
                continue
            found = tasks_for_unit(self.db, notice_id, lu.name)
            if led is not None:
                found = [t for t in found if t.task_id in led]
            if not found:
                continue
            via = tuple(dict.fromkeys(v for t in found for v in t.via))
            lead = sum(1 for t in found if t.role == "lead")
            out.append(ReachedUnit(lu, lead, len(found) - lead, via))
        return out


__all__ = ["GROUP_WORDS", "ReachedUnit", "UnitListRepository"]
