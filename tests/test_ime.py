"""The input-method plugin the app asks Qt for at start-up (gkdesk/ime.py, issue 17): the clerk
sets nothing, and whatever the clerk's system set is kept. The real typing through ibus, fcitx5
and fcitx 4 is proven by installer/linux/ime-check.sh in the installer check."""
from __future__ import annotations

import pytest

from gkdesk import ime
from gkdesk.ime import FCITX4, FCITX5, IBUS, bundled_plugins, choose_im_module, configure, running_daemons

BOTH = {"fcitx", "ibus"}
# What im-config writes for each framework on Debian, UOS and Kylin.
FCITX_ENV = {"XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}
IBUS_ENV = {"XMODIFIERS": "@im=ibus", "GTK_IM_MODULE": "ibus"}


@pytest.mark.parametrize("env, running, module", [
    # a bare session (xinit, xrdp, a kiosk): only the daemon says which framework runs
    ({}, {FCITX5}, "fcitx"),
    ({}, {FCITX4}, "fcitx"),  # Kylin V10's fcitx 4
    ({}, {IBUS}, "ibus"),
    # the variables a desktop exports, with or without a daemon seen yet
    (FCITX_ENV, {FCITX5}, "fcitx"),
    (FCITX_ENV, set(), "fcitx"),
    ({"XMODIFIERS": "@im=fcitx5"}, set(), "fcitx"),
    (IBUS_ENV, {IBUS}, "ibus"),
    ({"GTK_IM_MODULE": "ibus"}, set(), "ibus"),
    # a daemon that runs beats a variable left over from another desktop
    (IBUS_ENV, {FCITX5}, "fcitx"),
    (FCITX_ENV, {IBUS}, "ibus"),
    # both kinds running: the desktop's variables decide
    (FCITX_ENV, {FCITX5, IBUS}, "fcitx"),
    (IBUS_ENV, {FCITX5, IBUS}, "ibus"),
    # nothing runs and nothing is named: Qt's own default
    ({}, set(), None),
    ({"XMODIFIERS": "@im=none"}, set(), None),
    # other processes are not input methods
    ({}, {"bash", "Xvfb"}, None),
])
def test_choice_from_environment_and_daemons(env, running, module):
    assert choose_im_module(env, running, BOTH) == module


@pytest.mark.parametrize("value", ["fcitx", "ibus", "xim", "compose"])
def test_the_systems_own_setting_is_kept(value):
    """im-config's QT_IM_MODULE=fcitx (or anything else the clerk's system chose) stays."""
    env = dict(FCITX_ENV, QT_IM_MODULE=value)
    assert choose_im_module(env, {FCITX5, IBUS}, BOTH) is None
    env = {"QT_IM_MODULES": "wayland;fcitx"}  # Qt 6.8's list form counts too
    assert choose_im_module(env, {IBUS}, BOTH) is None


def test_without_the_fcitx_plugin():
    """Qt's own ibus plugin serves fcitx5 (it answers the ibus protocol), never fcitx 4."""
    assert choose_im_module(FCITX_ENV, {FCITX5}, {"ibus"}) == "ibus"
    assert choose_im_module({}, {FCITX5}, {"ibus"}) == "ibus"
    assert choose_im_module(FCITX_ENV, {FCITX4}, {"ibus"}) is None
    assert choose_im_module(IBUS_ENV, {IBUS}, set()) is None


def test_running_daemons_reads_proc(tmp_path):
    for pid, name in [("1", "systemd"), ("42", "fcitx5"), ("43", "ibus-daemon"), ("44", "fcitx5-config")]:
        (tmp_path / pid).mkdir()
        (tmp_path / pid / "comm").write_text(name + "\n", encoding="utf-8")
    (tmp_path / "45").mkdir()  # a process that ended while being read: no comm
    (tmp_path / "self").mkdir()
    assert running_daemons(tmp_path) == {FCITX5, IBUS}
    assert running_daemons(tmp_path / "missing") == frozenset()


def test_bundled_plugins_looks_for_the_files(tmp_path):
    folder = tmp_path / "platforminputcontexts"
    folder.mkdir()
    (folder / "libibusplatforminputcontextplugin.so").write_bytes(b"\x7fELF")
    assert bundled_plugins([folder]) == {"ibus"}
    (folder / "libfcitxplatforminputcontextplugin-qt6.so").write_bytes(b"\x7fELF")
    assert bundled_plugins([folder, tmp_path / "none"]) == {"fcitx", "ibus"}


def test_pyside_has_qts_ibus_plugin():
    """The folder is found without importing Qt, where the wheel (and the bundle) keeps it."""
    assert "ibus" in bundled_plugins()


def test_configure_sets_only_what_is_unset(monkeypatch):
    monkeypatch.setattr(ime.sys, "platform", "linux")
    monkeypatch.setattr(ime, "running_daemons", lambda: frozenset({FCITX5}))
    monkeypatch.setattr(ime, "bundled_plugins", lambda: frozenset(BOTH))
    env = dict(FCITX_ENV)
    assert configure(env) == "fcitx"
    assert env["QT_IM_MODULE"] == "fcitx"
    env = dict(FCITX_ENV, QT_IM_MODULE="ibus")
    monkeypatch.setattr(ime, "running_daemons", lambda: pytest.fail("the system's setting needs no /proc scan"))
    assert configure(env) is None
    assert env["QT_IM_MODULE"] == "ibus"
    monkeypatch.setattr(ime.sys, "platform", "win32")  # Windows: Qt talks to the system IME itself
    env = {}
    assert configure(env) is None and env == {}


def test_probe_hook_focuses_the_completion_editor(qtbot, data_home, monkeypatch, capsys):
    """ime-check.sh's hook: own unit set, the task shown, the 完成情况 editor focused and one
    'ready' line printed; what is then typed is saved like the clerk's typing."""
    from datetime import date

    from gkdesk.importers import import_file
    from gkdesk.store import Store
    from gkdesk.ui import ime_probe
    from gkdesk.ui.main_window import MainWindow
    from tests.fixtures.seed_docs import seed_dir

    store = Store.open(data_home)
    store.notices.save_import(import_file(next(seed_dir().glob("000_*.txt"))))
    task_id = store.db.scalar(
        "SELECT min(tu.task_id) FROM task_units tu JOIN units u ON u.id = tu.unit_id WHERE u.name = '财政局'")
    window = MainWindow(store, date(2020, 9, 1))
    qtbot.addWidget(window)
    assert not ime_probe.install(window)  # off unless asked for
    monkeypatch.setenv(ime_probe.ENV, f"财政局:{task_id}")
    window.show()
    assert ime_probe.install(window)
    out = []
    qtbot.waitUntil(lambda: out.append(capsys.readouterr().out) or "IME-PROBE ready" in "".join(out),
                    timeout=10000)
    assert f"IME-PROBE ready task={task_id} unit=财政局" in "".join(out)
    editor = window.detail.editor
    assert store.settings.own_unit == "财政局"
    assert (editor.task_id, editor.unit) == (task_id, "财政局")
    # What an input-context plugin sends when the clerk picks a candidate, to the focus widget.
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    commit = QInputMethodEvent()
    commit.setCommitString("政务公开")
    QApplication.sendEvent(QApplication.focusWidget(), commit)
    qtbot.waitUntil(lambda: (c := store.completions.get_completion(task_id, "财政局")) is not None
                    and c.text == "政务公开", timeout=5000)
    window.close()
    store.close()
