"""The store's small settings (store/settings.py): any JSON value the desk keeps there comes back as it
went in, and the stored text is JSON any reader (a backup, an older gkdesk) decodes to the same value.
Strings and 64-bit integers are written and read by SQLite's JSON functions (the desk's first frame then
needs no json module, issue 16); everything else goes through json."""
from __future__ import annotations

import json

from hypothesis import given, settings as hsettings, strategies as st

from gkdesk.store import Store

_SCALARS = (st.integers() | st.text() | st.booleans()
            | st.floats(allow_nan=False) | st.sampled_from(["区财政局", "县政务服务中心", "", "a\"b\\c\n\u0001"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.text(max_size=4), inner, max_size=3), max_leaves=6)


@hsettings(max_examples=300, deadline=None)
@given(value=_VALUES)
def test_a_setting_comes_back_as_it_went_in(tmp_path_factory, value):
    store = Store.open(tmp_path_factory.mktemp("settings"))
    try:
        store.settings.set("本单位", value)
        back = store.settings.get("本单位")
        assert back == value and type(back) is type(value)
        raw = store.db.scalar("SELECT value FROM settings WHERE key = '本单位'")
        assert json.loads(raw) == value
        assert store.settings.all() == {"本单位": value}
    finally:
        store.close()


def test_the_notice_last_shown_and_the_own_unit_are_plain_json(tmp_path):
    """What the desk writes most — the notice last shown, the clerk's own unit — stays readable text."""
    store = Store.open(tmp_path)
    try:
        store.settings.set("last_notice", 2)
        store.settings.own_unit = "区财政局"
        rows = dict(store.db.query("SELECT key, value FROM settings"))
        assert rows == {"last_notice": "2", "本单位": '"区财政局"'}
        assert store.settings.get("last_notice") == 2 and store.settings.own_unit == "区财政局"
        store.settings.own_unit = ""
        assert store.settings.get("本单位", "无") == "无"
    finally:
        store.close()


def test_a_damaged_setting_reads_as_unset_and_the_desk_still_opens(store, import_seed, open_desk):
    """The notice last shown was stored damaged (not JSON: a disk fault, a hand edit). The desk opens
    on the newest notice as if nothing were stored, and the next choice writes the setting again."""
    import_seed("000")
    store.db.execute("INSERT INTO settings(key, value) VALUES ('last_notice', '{broken') "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
    assert store.settings.get("last_notice", "未设置") == "未设置"
    w = open_desk(store)
    assert w.notice_id == store.db.scalar("SELECT id FROM notices ORDER BY year DESC, id DESC LIMIT 1")
    assert store.settings.get("last_notice") == w.notice_id
