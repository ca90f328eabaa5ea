"""Which Qt input-method plugin the app asks for on Linux, so a clerk's Chinese input method works
without setting anything (issue 17).

Qt 6 reads QT_IM_MODULE once, when QApplication is created. Desktops set it for their input
method, but not always: a session started by hand, an xinit/xrdp desktop, or an input method that
im-config never configured leaves it unset, and Qt then loads only its compose plugin — no Chinese.
The bundle carries Qt's ``ibus`` plugin and the fcitx plugin (``fcitx``, built from fcitx-qt5
1.2.7's Qt 6 module by installer/linux/build-fcitx-qt.sh), which speaks both fcitx5's and fcitx 4's
D-Bus interfaces.

The choice is a plain function of the environment, the running input-method daemons and the
plugins present, so it is tested without Qt or a desktop. A value the clerk's system set
(QT_IM_MODULE=fcitx from im-config, say) is never changed.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterable, Mapping, MutableMapping
from pathlib import Path

# Process names (/proc/PID/comm) of the input-method daemons.
FCITX5 = "fcitx5"
FCITX4 = "fcitx"
IBUS = "ibus-daemon"
DAEMONS = frozenset({FCITX5, FCITX4, IBUS})

# Qt plugin keys, and the plugin files that provide them.
PLUGIN_FILES = {
    "fcitx": ("libfcitxplatforminputcontextplugin-qt6.so",  # installer/linux/build-fcitx-qt.sh
              "libfcitx5platforminputcontextplugin.so"),  # fcitx5-qt's name, if one is dropped in
    "ibus": ("libibusplatforminputcontextplugin.so",),
}


def _system_set(env: Mapping[str, str]) -> bool:
    return bool(env.get("QT_IM_MODULE", "").strip() or env.get("QT_IM_MODULES", "").strip())


def _hint(env: Mapping[str, str]) -> str | None:
    """The framework the desktop named: 'fcitx', 'ibus' or None. XMODIFIERS (@im=NAME, set for
    X11 clients by every framework's launcher) first, then GTK_IM_MODULE."""
    xmod = env.get("XMODIFIERS", "")
    names = [part.split("=", 1)[1] for part in xmod.split() if part.startswith("@im=")]
    names.append(env.get("GTK_IM_MODULE", ""))
    for name in names:
        name = name.strip().lower()
        if name.startswith("fcitx"):
            return "fcitx"
        if name == "ibus":
            return "ibus"
    return None


def choose_im_module(env: Mapping[str, str], running: Iterable[str],
                     plugins: Iterable[str]) -> str | None:
    """The QT_IM_MODULE to set, or None to leave the environment as it is.

    ``running``: names of the input-method daemons running for this user (see DAEMONS);
    ``plugins``: the Qt plugin keys the bundle has ('fcitx', 'ibus').
    """
    if _system_set(env):
        return None  # the system's own setting
    running = frozenset(running) & DAEMONS
    plugins = frozenset(plugins)
    fcitx_running = bool(running & {FCITX5, FCITX4})
    # A running daemon is a fact; the variables may be left over from another session. Only
    # when both kinds run, or none is seen, do the variables decide.
    if fcitx_running != (IBUS in running):
        family = "fcitx" if fcitx_running else "ibus"
    else:
        family = _hint(env)
    if family == "ibus":
        return "ibus" if "ibus" in plugins else None
    if family == "fcitx":
        if "fcitx" in plugins:
            return "fcitx"  # the fcitx plugin: fcitx5 or fcitx 4, whichever answers
        if FCITX4 not in running and "ibus" in plugins:
            return "ibus"  # fcitx5 also answers the ibus protocol; fcitx 4 does not
    return None


def running_daemons(proc: Path = Path("/proc")) -> frozenset[str]:
    """Names from DAEMONS of processes this user can see (their /proc/PID/comm)."""
    # os-level calls, not pathlib: a desktop runs 200–400 processes, each one file read at start.
    found = set()
    try:
        entries = [e.name for e in os.scandir(proc) if e.name.isdigit()]
    except OSError:
        return frozenset()
    for pid in entries:
        try:
            with open(f"{proc}/{pid}/comm", "rb") as f:
                name = f.read().decode("utf-8", "replace").strip()
        except OSError:
            continue  # gone, or not ours to read
        if name in DAEMONS:
            found.add(name)
    return frozenset(found)


def bundled_plugins(folders: Iterable[Path] | None = None) -> frozenset[str]:
    """Plugin keys whose file is in a platforminputcontexts folder of PySide6's Qt."""
    if folders is None:
        folders = _pyside_plugin_folders()
    keys = set()
    for folder in folders:
        for key, names in PLUGIN_FILES.items():
            if any((folder / name).is_file() for name in names):
                keys.add(key)
    return frozenset(keys)


def _pyside_plugin_folders() -> list[Path]:
    """PySide6/Qt/plugins/platforminputcontexts, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return [Path(loc) / "Qt" / "plugins" / "platforminputcontexts" for loc in locations]


def configure(env: MutableMapping[str, str] | None = None) -> str | None:
    """Set QT_IM_MODULE in ``env`` (os.environ) when the clerk's system left it unset and an input
    method runs. Linux only; call before QApplication is created. Returns what was set."""
    if env is None:
        env = os.environ
    if not sys.platform.startswith("linux") or _system_set(env):
        return None  # the system's own setting needs no look at the processes (one read each)
    module = choose_im_module(env, running_daemons(), bundled_plugins())
    if module is not None:
        env["QT_IM_MODULE"] = module
    return module
