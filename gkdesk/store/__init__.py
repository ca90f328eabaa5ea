"""SQLite store: schema, repositories and search. Never imports Qt.

store = Store.open()            # data folder from $GKDESK_HOME or the user's data folder
outcome = store.notices.save_import(result, who="张三")
store.completions.set_completion(task_id, "区财政局", status="已完成", text="…")
"""

from __future__ import annotations

from pathlib import Path

from gkdesk import paths
from gkdesk.store.audit import AuditEntry, AuditLog
from gkdesk.store.collection import CollectionRepository
from gkdesk.store.collection_merge import MergeRepository
from gkdesk.store.collection_received import ReceivedRepository
from gkdesk.store.completions import CompletionRepository
from gkdesk.store.db import Database
from gkdesk.store.errors import StoreBusy, StoreError
from gkdesk.store.review import ReviewRepository
from gkdesk.store.notices import NoticeRepository, NoticeSummary
from gkdesk.store.notice_trash import NoticeTrash
from gkdesk.store.op_history import OperationHistory
from gkdesk.store.rosters import RosterRepository
from gkdesk.store.search import UnitTask
from gkdesk.store.settings import OWN_UNIT, SettingsRepository
from gkdesk.store.tree import SaveOutcome
from gkdesk.store.unit_list import UnitListRepository
from gkdesk.store.unit_repo import UnitRepository
from gkdesk.store.versions import VersionRepository


BUSY_TIMEOUT_MS = 5000


class Store:
    """One open data folder with every repository on it."""

    def __init__(self, db: Database, directory: Path) -> None:
        self.db = db
        self.directory = directory
        self.notices = NoticeRepository(db)
        self.units = UnitRepository(db)
        self.completions = CompletionRepository(db, paths.evidence_dir(directory))
        self.rosters = RosterRepository(db)
        self.settings = SettingsRepository(db)
        self.audit = AuditLog(db)
        self.versions = VersionRepository(db)
        self.trash = NoticeTrash(db)  # 删除通知, kept restorable (store/notice_trash.py)
        # Collection between units (填报表 out, 回执 back): see store/collection*.py.
        self.unit_list = UnitListRepository(db)
        self.collection = CollectionRepository(db)
        self.merge = MergeRepository(db)
        self.received = ReceivedRepository(db)
        self.history = OperationHistory(db)  # 操作历史: imports and take-backs to revert
        self.reviews = ReviewRepository(db)  # 审核 (store/review.py); 汇总: store/summary.py

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
