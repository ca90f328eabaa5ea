"""SQLite store: schema, repositories and search. Never imports Qt.

store = Store.open()            # data folder from $GKDESK_HOME or the user's data folder
outcome = store.notices.save_import(result, who="张三")
store.completions.set_completion(task_id, "区财政局", status="已完成", text="…")
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from gkdesk import paths
from gkdesk.store.db import Database
from gkdesk.store.errors import StoreBusy, StoreError

if TYPE_CHECKING:
    from gkdesk.store.audit import AuditEntry, AuditLog
    from gkdesk.store.collection import CollectionRepository
    from gkdesk.store.collection_merge import MergeRepository
    from gkdesk.store.collection_received import ReceivedRepository
    from gkdesk.store.completions import CompletionRepository
    from gkdesk.store.notice_trash import NoticeTrash
    from gkdesk.store.notices import NoticeRepository, NoticeSummary
    from gkdesk.store.op_history import OperationHistory
    from gkdesk.store.review import ReviewRepository
    from gkdesk.store.rosters import RosterRepository
    from gkdesk.store.search import UnitTask
    from gkdesk.store.settings import OWN_UNIT, SettingsRepository
    from gkdesk.store.tree import SaveOutcome
    from gkdesk.store.unit_list import UnitListRepository
    from gkdesk.store.unit_repo import UnitRepository
    from gkdesk.store.versions import VersionRepository


BUSY_TIMEOUT_MS = 5000

# The names this package hands out, each from its module, imported on first use (issue 16: the
# desk's first paint needs the notices, settings and reviews, not collection, merge or history).
_EXPORTS = {
    "AuditEntry": "audit", "AuditLog": "audit", "CompletionRepository": "completions",
    "NoticeRepository": "notices", "NoticeSummary": "notices", "RosterRepository": "rosters",
    "SaveOutcome": "tree", "SettingsRepository": "settings", "OWN_UNIT": "settings",
    "UnitRepository": "unit_repo", "UnitTask": "search",
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


class _Repository:
    """A repository of the store made on first use, its module imported then. Two threads asking
    at once may each make one; a repository holds no state of its own beyond the connection."""

    def __init__(self, module: str, cls: str, evidence: bool = False) -> None:
        self.module, self.cls, self.evidence = f"{__name__}.{module}", cls, evidence

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, store, owner=None):
        if store is None:
            return self
        make = getattr(importlib.import_module(self.module), self.cls)
        repo = make(store.db, paths.evidence_dir(store.directory)) if self.evidence else make(store.db)
        store.__dict__[self.name] = repo  # asked again, the instance's own attribute answers
        return repo


class Store:
    """One open data folder with every repository on it."""

    # Annotated for readers and type checkers; each is a _Repository until first asked.
    notices: NoticeRepository = _Repository("notices", "NoticeRepository")
    units: UnitRepository = _Repository("unit_repo", "UnitRepository")
    completions: CompletionRepository = _Repository("completions", "CompletionRepository", evidence=True)
    rosters: RosterRepository = _Repository("rosters", "RosterRepository")
    settings: SettingsRepository = _Repository("settings", "SettingsRepository")
    audit: AuditLog = _Repository("audit", "AuditLog")
    versions: VersionRepository = _Repository("versions", "VersionRepository")
    trash: NoticeTrash = _Repository("notice_trash", "NoticeTrash")  # 删除通知, kept restorable
    # Collection between units (填报表 out, 回执 back): see store/collection*.py.
    unit_list: UnitListRepository = _Repository("unit_list", "UnitListRepository")
    collection: CollectionRepository = _Repository("collection", "CollectionRepository")
    merge: MergeRepository = _Repository("collection_merge", "MergeRepository")
    received: ReceivedRepository = _Repository("collection_received", "ReceivedRepository")
    history: OperationHistory = _Repository("op_history", "OperationHistory")  # 操作历史
    reviews: ReviewRepository = _Repository("review", "ReviewRepository")  # 审核; 汇总: store/summary.py

    def __init__(self, db: Database, directory: Path) -> None:
        self.db = db
        self.directory = directory

    @classmethod
    def open(cls, directory: str | Path | None = None, channel: str = "",
             timeout_ms: int = BUSY_TIMEOUT_MS) -> Store:
        """channel: how changes come in (audit.CHANNEL_DESK, CHANNEL_CLI …), kept on each audit entry.

        timeout_ms: how long a write waits for another window's or process's transaction before
        it fails with StoreBusy (nothing written, try again).
        """
        folder = paths.data_dir(directory)
        store = cls(Database.open(paths.db_path(folder), timeout_ms=timeout_ms), folder)
        store.db.channel = channel
        return store

    def close(self) -> None:
        self.db.close()


__all__ = [
    "OWN_UNIT",
    "AuditEntry",
    "AuditLog",
    "CompletionRepository",
    "Database",
    "NoticeRepository",
    "NoticeSummary",
    "RosterRepository",
    "SaveOutcome",
    "SettingsRepository",
    "Store",
    "StoreBusy",
    "StoreError",
    "UnitRepository",
    "UnitTask",
]
