"""Small settings kept in the store (they travel with the data file, unlike window geometry)."""

from __future__ import annotations

from typing import Any

from gkdesk.store.db import Database

OWN_UNIT = "本单位"  # the clerk's own unit name, e.g. "区财政局"


class SettingsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: Any = None) -> Any:
        # SQLite decodes a number or a string itself: the desk's first frame reads one setting (the
        # notice last shown) and need not import json for it (5 M instructions of the start, issue 16).
        row = self.db.query_one(
            "SELECT value, CASE WHEN json_valid(value) THEN json_type(value) END, "
            "CASE WHEN json_valid(value) THEN json_extract(value, '$') END FROM settings WHERE key = ?", (key,))
        if row is None:
            return default
        value, kind, plain = row
        if kind == "text" or (kind == "integer" and isinstance(plain, int)):  # else json's own float
            return plain
        import json

        try:
            return json.loads(value)  # also Python's own Infinity and NaN, which SQLite refuses
        except ValueError:  # not JSON: a damaged row reads as unset, and the desk still opens
            return default

    def set(self, key: str, value: Any) -> None:
        with self.db.transaction():
            if value is None:
                self.db.execute("DELETE FROM settings WHERE key = ?", (key,))
                return
            if type(value) is str or (type(value) is int and -2**63 <= value < 2**63):  # bool: json
                encoded, sql = value, "json_quote(?)"  # SQLite writes the JSON, as get() reads it
            else:
                import json

                encoded, sql = json.dumps(value, ensure_ascii=False), "?"
            self.db.execute(
                f"INSERT INTO settings(key, value) VALUES (?, {sql}) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, encoded))

    def all(self) -> dict[str, Any]:
        import json

        return {
            r["key"]: json.loads(r["value"])
            for r in self.db.query("SELECT key, value FROM settings ORDER BY key")
        }

    @property
    def own_unit(self) -> str:
        return self.get(OWN_UNIT, "")

    @own_unit.setter
    def own_unit(self, name: str) -> None:
        self.set(OWN_UNIT, name or None)
