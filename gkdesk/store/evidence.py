"""佐证材料 rows: which completion uses which stored file (the files are in evidence_files)."""

from __future__ import annotations

import itertools
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gkdesk.domain.records import Evidence
from gkdesk.store import audit
from gkdesk.store.db import Database, now
from gkdesk.store.notice_trash import NoticeTrash
from gkdesk.store.evidence_files import (
    DEFAULT_MAX_BYTES,
    INCOMING_PREFIX,
    blob_path,
    delete_blob,
    store_file,
    touch_blob,
)

# A file no row uses is deleted by prune() only after this long untouched: a day covers a removal
# kept for undo in a window that stays open while another one starts.
PRUNE_MIN_AGE_S = 24 * 3600


def _evidence(r: Any) -> Evidence:
    return Evidence(
        r["id"],
        r["completion_id"],
        r["sha256"],
        r["original_name"],
        r["size"],
        r["added_at"],
    )


class EvidenceRepository:
    def __init__(self, db: Database, root: Path) -> None:
        self.db = db
        self.root = root

    def for_completions(self, completion_ids: Iterable[int]) -> list[Evidence]:
        ids = tuple(completion_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self.db.query(
            f"SELECT * FROM evidence WHERE completion_id IN ({marks}) ORDER BY id", ids
        )
        return [_evidence(r) for r in rows]

    def add(
        self,
        completion_id: int,
        file_path: str | Path,
        max_bytes: int = DEFAULT_MAX_BYTES,
        who: str = "",
    ) -> Evidence:
        """Attach a file; the same content is stored once however often it is attached."""
        name = Path(file_path).name
        # Stored and attached under one write lock, so another window's prune() sees either
        # no file yet or the file with its row.
        with self.db.transaction():
            sha, size = store_file(self.root, file_path, max_bytes)
            return self._attach(completion_id, sha, name, size, who)

    def _attach(self, completion_id: int, sha: str, name: str, size: int, who: str) -> Evidence:
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO evidence(completion_id, sha256, original_name, size, added_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(completion_id, sha256) DO NOTHING",
                (completion_id, sha, name, size, now()),
            )
            row = self.db.query_one(
                "SELECT * FROM evidence WHERE completion_id = ? AND sha256 = ?",
                (completion_id, sha),
            )
            assert row is not None
            detail = {"name": name, "sha256": sha}
            audit.record(
                self.db, "add_evidence", "completion", completion_id, detail, who
            )
        return _evidence(row)

    def get(self, evidence_id: int) -> Evidence | None:
        row = self.db.query_one("SELECT * FROM evidence WHERE id = ?", (evidence_id,))
        return _evidence(row) if row else None

    def add_stored(self, completion_id: int, sha256: str, name: str, who: str = "") -> Evidence:
        """Attach a file already stored under its hash (undoing a removal)."""
        blob = blob_path(self.root, sha256)
        if not blob.is_file():
            from gkdesk.store.errors import StoreError

            raise StoreError(f"佐证材料“{name}”的文件已不在数据文件夹中，无法恢复。", "not_found")
        return self._attach(completion_id, sha256, name, blob.stat().st_size, who)

    def remove(self, evidence_id: int, who: str = "", keep_file: bool = False) -> None:
        """Detach a file; its stored copy goes too unless still used or kept for undo."""
        with self.db.transaction():
            row = self.db.query_one(
                "SELECT * FROM evidence WHERE id = ?", (evidence_id,)
            )
            if row is None:
                return
            self.db.execute("DELETE FROM evidence WHERE id = ?", (evidence_id,))
            still_used = self.db.scalar(
                "SELECT count(*) FROM evidence WHERE sha256 = ?", (row["sha256"],)
            )
            detail = {"name": row["original_name"], "sha256": row["sha256"]}
            audit.record(
                self.db,
                "remove_evidence",
                "completion",
                row["completion_id"],
                detail,
                who,
            )
        # Only after the commit: a rolled-back removal must still find its file.
        if not still_used and not keep_file:
            delete_blob(self.root, row["sha256"])
        elif not still_used:
            touch_blob(self.root, row["sha256"])  # kept for undo: young again for prune()

    def path(self, sha256: str) -> Path:
        return blob_path(self.root, sha256)

    def prune(self, min_age_s: float = PRUNE_MIN_AGE_S) -> int:
        """Delete stored files no evidence row uses (left by revisions that dropped tasks) and no
        restorable deleted notice needs.

        Another window may be adding or undoing a removal right now, so only what is provably
        unreferenced goes: the check and the deletions run under the write lock (an attach
        commits before or after, never in between: `add` stores and attaches in one
        transaction), and only files untouched for `min_age_s` — a removal kept for undo touches
        its file, so another window's start leaves it alone for that long. A temporary copy left
        by a killed process (.incoming-*) goes after the same age.
        """
        if not self.root.exists():
            return 0
        cutoff = time.time() - min_age_s
        removed = 0
        with self.db.transaction():
            used = {r[0] for r in self.db.query("SELECT DISTINCT sha256 FROM evidence")}
            if self.db.has_table("deleted_notices"):  # a deleted notice's files, while it can be restored
                used |= NoticeTrash(self.db).kept_files()
            leftovers = self.root.glob(INCOMING_PREFIX + "*")  # copies a killed process left
            for blob in itertools.chain(self.root.glob("??/*"), leftovers):
                try:
                    st = blob.lstat()
                except FileNotFoundError:
                    continue
                if not stat.S_ISREG(st.st_mode) or st.st_mtime > cutoff or blob.name in used:
                    continue
                if blob.name.startswith(".") and not blob.name.startswith(INCOMING_PREFIX):
                    continue
                try:
                    blob.unlink()
                except FileNotFoundError:  # another window's start took it first
                    continue
                removed += 1
        return removed
