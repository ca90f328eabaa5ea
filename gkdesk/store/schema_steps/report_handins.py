"""Step 8: 已报送 marks on a notice's 报送时限 (issue 11). Released once on main: never edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gkdesk.store.db import Database


# One mark per unit, notice and form: the clerk handed in 附件1 (or the 名单, or a report named
# only by its words) on this day. Keyed by the form, not the deadline's position, because a revised
# import rewrites report_deadlines; it goes with its notice on deletion (store/notice_trash.py).
REPORT_HANDINS = """
CREATE TABLE report_handins (
    notice_id INTEGER NOT NULL REFERENCES notices(id) ON DELETE CASCADE,
    unit TEXT NOT NULL,                       -- 本单位 when marked ('' before one is chosen)
    form TEXT NOT NULL,                       -- the deadline's attachment ("附件1"), else its words
    handed_in TEXT NOT NULL,                  -- ISO date the unit handed it in
    PRIMARY KEY (notice_id, unit, form)
);
"""


def report_handins(db: Database) -> None:
    db.run_script(REPORT_HANDINS)
