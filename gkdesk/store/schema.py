"""Schema versions. Each step runs in one transaction with its `PRAGMA user_version` bump (a new
store gets all steps in one transaction, each a savepoint of it: store/db.py `_upgrade`).

The SQL of each step lives in its own module under `schema_steps/`; this module only orders them.
Add a step by writing a new module there, appending `(N, function)` to STEPS and setting
store/schema_version.py's LATEST to N; never edit a released step (tests/test_schema_released.py
compares each released step's tables with a recording).
Dates are ISO text (YYYY-MM-DD), timestamps "YYYY-MM-DD HH:MM:SS" local time, lists/dicts JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from gkdesk.store import audience_upgrade
from gkdesk.store.schema_steps import (
    audit_channel,
    base,
    collection,
    deadline_source,
    notice_deletion,
    notice_versions,
    report_handins,
    reviews,
)
from gkdesk.store.schema_steps.base import V1, V1_FTS, trigram_available
from gkdesk.store.schema_steps.collection import COLLECTION
from gkdesk.store.schema_steps.notice_deletion import NOTICE_DELETION
from gkdesk.store.schema_steps.reviews import REVIEWS
from gkdesk.store.schema_version import LATEST as _LATEST_OPENED

if TYPE_CHECKING:
    from gkdesk.store.db import Database

__all__ = ["AFTER_STEP", "COLLECTION", "LATEST", "NOTICE_DELETION", "REVIEWS", "STEPS", "V1", "V1_FTS", "trigram_available"]

# The names the steps had when they lived here; tests find a step in STEPS by its function.
_v1 = base.v1
_add_audit_channel = audit_channel.add_audit_channel
_notice_versions = notice_versions.notice_versions
_task_deadline_source = deadline_source.task_deadline_source
_collection = collection.collection
_reviews = reviews.reviews
_notice_deletion = notice_deletion.notice_deletion
_report_handins = report_handins.report_handins

STEPS: list[tuple[int, Callable[[Database], None]]] = [
    (1, _v1),
    (2, _add_audit_channel),
    (3, _notice_versions),
    (4, _task_deadline_source),
    (5, _collection),
    (6, _reviews),
    (7, _notice_deletion),
    (8, _report_handins),
]
LATEST = STEPS[-1][0]
if LATEST != _LATEST_OPENED:
    raise ImportError(f"store/schema_version.py says {_LATEST_OPENED}, the last step is {LATEST}: update it")

# Data an old store is given right after a step, in the step's transaction: not DDL, so not a
# step of its own (the released steps' tables are unchanged). 8: the audience of the deadlines
# imported before step 8 (store/audience_upgrade.py).
AFTER_STEP: dict[int, Callable[[Database], object]] = {8: audience_upgrade.infer_old_audiences}
