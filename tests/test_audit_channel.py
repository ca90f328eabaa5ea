"""The audit log's `who` names a unit; how a change came in (命令行, 示例, 桌面) is its own field."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from gkdesk.cli import main
from gkdesk.store import Store, schema
from gkdesk.store.audit import CHANNEL_CLI, CHANNEL_DESK, CHANNEL_SAMPLE
from gkdesk.store.db import Database
from tests.fixtures.seed_docs import seed_path


def notice_entry(home: Path):
    store = Store.open(home)
    try:
        (entry,) = [e for e in store.audit.entries() if e.action == "import"]
        return entry
    finally:
        store.close()


def test_cli_import_names_the_own_unit_and_the_command_line(data_home, capsys):
    store = Store.open(data_home)
    store.settings.own_unit = "区政府信息公开中心"
    store.close()
    assert main(["import", str(seed_path("000"))]) == 0
    entry = notice_entry(data_home)
    assert (entry.who, entry.channel) == ("区政府信息公开中心", CHANNEL_CLI) == ("区政府信息公开中心", "命令行")


def test_cli_import_before_a_unit_is_chosen_leaves_who_empty(data_home, capsys):
    assert main(["import", str(seed_path("003"))]) == 0
    entry = notice_entry(data_home)
    assert (entry.who, entry.channel) == ("", "命令行")


def test_sample_import_is_marked_as_the_sample(qtbot, data_home):
    from gkdesk.ui.welcome import WelcomeDialog

    store = Store.open(data_home, channel=CHANNEL_DESK)
    try:
        dlg = WelcomeDialog(store)
        qtbot.addWidget(dlg)
        qtbot.mouseClick(dlg.sample_button, Qt.MouseButton.LeftButton)
        assert dlg.imported_notice_id is not None
        (entry,) = store.audit.entries("notice", dlg.imported_notice_id)
        assert (entry.who, entry.channel) == ("", CHANNEL_SAMPLE) == ("", "示例")
        # After the block the desk's own channel is back.
        store.settings.own_unit = "财政局"
        store.rosters.save_roster(dlg.imported_notice_id, "财政局", {}, who="财政局")
        latest = store.audit.entries(limit=1)[0]
        assert (latest.action, latest.who, latest.channel) == ("save_roster", "财政局", "桌面")
    finally:
        store.close()


def _v_before_channel() -> list:
    """The steps before the one that adds the channel column (whatever number it got)."""
    at = [fn for _, fn in schema.STEPS].index(schema._add_audit_channel)
    return schema.STEPS[:at]


def test_existing_rows_are_migrated(tmp_path, monkeypatch):
    path = tmp_path / "gkdesk.sqlite3"
    old_steps = _v_before_channel()
    monkeypatch.setattr(schema, "STEPS", old_steps)
    monkeypatch.setattr(schema, "LATEST", old_steps[-1][0])
    db = Database.open(path)
    with db.transaction():
        for who in ("命令行", "示例", "区财政局", ""):
            db.execute(
                "INSERT INTO audit_log(at, who, action, entity, entity_id) VALUES ('2020-08-12 09:00:00', ?, 'import', 'notice', 1)",
                (who,),
            )
    db.close()
    monkeypatch.undo()

    store = Store.open(tmp_path)
    try:
        got = [(e.who, e.channel) for e in reversed(store.audit.entries())]
    finally:
        store.close()
    assert got == [("", "命令行"), ("", "示例"), ("区财政局", ""), ("", "")]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE who IN ('命令行', '示例')").fetchone()[0] == 0
    finally:
        conn.close()
