"""Small settings kept in the store (they travel with the data file, unlike window geometry)."""

from __future__ import annotations

import json
from typing import Any

from gkdesk.store.db import Database

OWN_UNIT = "本单位"  # the clerk's own unit name, e.g. "区财政局"


class SettingsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, key: str, default: Any = None) -> Any:
        value = self.db.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return default if value is None else json.loads(value)

    def set(self, key: str, value: Any) -> None:
        with self.db.transaction():
            if value is None:
                self.db.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                self.db.execute(
                    "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (key, json.dumps(value, ensure_ascii=False)),
                )

    def all(self) -> dict[str, Any]:
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
