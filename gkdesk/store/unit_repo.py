"""Units, their aliases and editable group membership (who 各镇街 / 区政府各部门 means)."""

from __future__ import annotations

from gkdesk.domain.records import Unit
from gkdesk.domain.units import default_membership, group_kind, normalize_unit, unit_key
from gkdesk.store.db import Database


def _unit(row) -> Unit:
    return Unit(
        row["id"], row["name"], row["key"], bool(row["is_group"]), row["group_kind"]
    )


_COLS = "id, name, key, is_group, group_kind"


class UnitRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, name: str) -> Unit | None:
        row = self.db.query_one(
            f"SELECT {_COLS} FROM units WHERE name = ?", (normalize_unit(name),)
        )
        return _unit(row) if row else None

    def by_id(self, unit_id: int) -> Unit | None:
        row = self.db.query_one(f"SELECT {_COLS} FROM units WHERE id = ?", (unit_id,))
        return _unit(row) if row else None

    def ensure(self, name: str) -> Unit:
        """The unit spelled exactly so, created with its default group membership if new."""
        name = normalize_unit(name)
        found = self.get(name)
        if found:
            return found
        kind = group_kind(name)
        with self.db.transaction():
            unit_id = self.db.insert(
                "INSERT INTO units(name, key, is_group, group_kind) VALUES (?, ?, ?, ?)",
                (name, unit_key(name), int(kind is not None), kind),
            )
            self.db.executemany(
                "INSERT INTO unit_group_members(group_kind, unit_id) VALUES (?, ?)",
                [(k, unit_id) for k in sorted(default_membership(name))],
            )
        return Unit(unit_id, name, unit_key(name), kind is not None, kind)

    def resolve(self, name: str, create: bool = True) -> Unit | None:
        """The stored unit a clerk means: exact name, else an alias, else one with the same key."""
        found = self.get(name)
        if found:
            return found
        key = unit_key(name)
        row = self.db.query_one(
            f"SELECT {', '.join('u.' + c for c in _COLS.split(', '))} FROM unit_aliases a "
            "JOIN units u ON u.id = a.unit_id WHERE a.alias_key = ?",
            (key,),
        )
        if row is None:
            row = self.db.query_one(
                f"SELECT {_COLS} FROM units WHERE key = ? AND is_group = 0 ORDER BY id",
                (key,),
            )
        if row:
            return _unit(row)
        return self.ensure(name) if create else None

    def list_units(self, groups: bool | None = None) -> list[Unit]:
        where = "" if groups is None else f"WHERE is_group = {int(groups)}"
        return [
            _unit(r)
            for r in self.db.query(f"SELECT {_COLS} FROM units {where} ORDER BY name")
        ]

    def add_alias(self, alias: str, unit: str | Unit) -> None:
        """Teach that another spelling (区发改委) names the same unit (区发展改革委)."""
        target = unit if isinstance(unit, Unit) else self.ensure(unit)
        alias = normalize_unit(alias)
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO unit_aliases(alias_key, alias, unit_id) VALUES (?, ?, ?) "
                "ON CONFLICT(alias_key) DO UPDATE SET alias = excluded.alias, unit_id = excluded.unit_id",
                (unit_key(alias), alias, target.id),
            )

    def keys_for(self, name: str) -> set[str]:
        """Every unit key that means this unit: its own and those joined to it by an alias."""
        key = unit_key(name)
        keys = {key}
        rows = self.db.query(
            "SELECT u.key FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE a.alias_key = ? "
            "UNION SELECT a.alias_key FROM unit_aliases a JOIN units u ON u.id = a.unit_id WHERE u.key = ?",
            (key, key),
        )
        keys.update(r[0] for r in rows)
        return keys

    def group_kinds_of(self, name: str, keys: set[str] | None = None) -> set[str]:
        """Group kinds this concrete unit belongs to; the clerk's explicit choices win."""
        keys = keys or self.keys_for(name)
        marks = ",".join("?" * len(keys))
        rows = self.db.query(
            f"SELECT m.group_kind, m.member, m.explicit FROM unit_group_members m JOIN units u ON u.id = m.unit_id "
            f"WHERE u.key IN ({marks}) AND u.is_group = 0",
            tuple(keys),
        )
        if not rows:
            return default_membership(name)
        explicit = {r["group_kind"]: bool(r["member"]) for r in rows if r["explicit"]}
        implied = {r["group_kind"] for r in rows if r["member"] and not r["explicit"]}
        return {k for k in implied if explicit.get(k, True)} | {
            k for k, on in explicit.items() if on
        }

    def set_membership(self, kind: str, unit: str | Unit, member: bool = True) -> None:
        target = unit if isinstance(unit, Unit) else self.resolve(unit)
        assert target is not None
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO unit_group_members(group_kind, unit_id, member, explicit) VALUES (?, ?, ?, 1) "
                "ON CONFLICT(group_kind, unit_id) DO UPDATE SET member = excluded.member, explicit = 1",
                (kind, target.id, int(member)),
            )

    def members(self, kind: str) -> list[Unit]:
        """Concrete units in a group, e.g. every town for 各镇街 (for 'who has not reported')."""
        rows = self.db.query(
            f"SELECT {', '.join('u.' + c for c in _COLS.split(', '))} FROM unit_group_members m "
            "JOIN units u ON u.id = m.unit_id WHERE m.group_kind = ? AND m.member = 1 AND u.is_group = 0 "
            "ORDER BY u.name",
            (kind,),
        )
        return [_unit(r) for r in rows]
