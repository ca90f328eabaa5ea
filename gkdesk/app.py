"""``gkdesk``: start Qt, open the store in the data folder, show the main window.

    gkdesk [--data-dir DIR] [--smoke] [FILE]

``--data-dir`` (or ``GKDESK_HOME``) chooses the data folder instead of the user's own
(appdirs ``user_data_dir("gkdesk")``). ``--smoke`` opens the window, waits for its first frame
(what stands in the task tree's place painted: the tree with its first rows, or the line saying the
restored search or filter finds nothing), says what it showed and exits 0 — a start-up check
for set-up scripts, CI and the start-up benchmark. It does not take the folder: no lock, no
evidence prune or daily backup, no window.ini written. ``FILE`` opens the import wizard on it.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace

from gkdesk import APP_NAME, APP_TITLE, __version__
from gkdesk.plain_line import data_dir_word

SMOKE_TIMEOUT_MS = 30_000

# The desk's modules without Qt that its first paint needs, imported before PySide6 (issue 16).
# Once PySide6 is loaded, its import hook (shibokensupport's feature_imported) reads the source of
# every module that imports anything, looking for `from __feature__ import`. Everything else
# (collection, export, backup, history …) is imported on first use (ui/desk_menus.py).
# tests/test_startup_order.py checks that `--smoke` imports no other such module after PySide6,
# tests/test_startup_lazy.py that it imports none of the later ones.
WITHOUT_QT = (
    "gkdesk.store", "gkdesk.store.browse", "gkdesk.store.notices",
    "gkdesk.store.settings", "gkdesk.store.review", "gkdesk.store.reminders", "gkdesk.domain.form_names",
    "gkdesk.domain.deadlines", "gkdesk.domain.today", "gkdesk.resources", "gkdesk.paths",
)


def _parse_args(argv: Sequence[str]) -> tuple[SimpleNamespace, list[str]]:
    plain = plain_args(argv)
    if plain is not None:
        return plain, []
    ours, qt_args = _qt_options(argv)
    args, rest = parser().parse_known_args(ours)  # the rest (-reverse, -widgetcount …) is Qt's too
    return SimpleNamespace(**vars(args)), qt_args + rest


# QApplication's options that take a value (QGuiApplication/QApplication docs): given to argparse,
# `-platform offscreen` left "offscreen" behind as the file to import.
QT_VALUE_OPTIONS = ("-platform", "-platformpluginpath", "-platformtheme", "-plugin", "-qmljsdebugger", "-qwindowgeometry",
                    "-qwindowicon", "-qwindowtitle", "-style", "-stylesheet", "-session", "-display", "-geometry",
                    "-title", "-name", "-visual")


def _qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the words for argparse, Qt's value-taking options with their values)."""
    ours: list[str] = []
    qt: list[str] = []
    words = iter(argv)
    for arg in words:
        if arg in QT_VALUE_OPTIONS:
            qt += [arg, next(words, "")]
        elif arg.split("=", 1)[0] in QT_VALUE_OPTIONS:
            qt.append(arg)
        else:
            ours.append(arg)
    return ours, [w for w in qt if w]


def parser():
    import argparse

    parser = argparse.ArgumentParser(prog="gkdesk", description=f"{APP_TITLE}（{APP_NAME} {__version__}）")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（默认为用户数据目录，或环境变量 GKDESK_HOME）")
    parser.add_argument("--smoke", action="store_true", help="打开窗口，绘制完成后立即退出（用于检查安装）")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("file", nargs="?", help="要导入的通知文件")
    return parser


def plain_args(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a plain ``[--data-dir 文件夹] [--smoke] [文件]`` line (the desktop entry's,
    the installer check's), each word spelled out and given once, as argparse reads them; None for
    any other line (help, version, Qt's own -platform …), which argparse answers. Building the
    parser and its gettext look-ups is ~17 M instructions of a start of ~1,070 M (issue 16)."""
    values: dict[str, object] = {"data_dir": None, "smoke": False, "file": None}
    words = iter(argv)
    for arg in words:
        folder = data_dir_word(arg, words) if values["data_dir"] is None else None
        if folder is not None:
            if not folder:
                return None
            values["data_dir"] = folder
        elif arg == "--smoke" and not values["smoke"]:
            values["smoke"] = True
        elif arg and not arg.startswith("-") and values["file"] is None:
            values["file"] = arg
        else:
            return None
    return SimpleNamespace(**values)


def _no_display() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def _say(message: str) -> None:
    stream = sys.stderr or sys.stdout  # a gui-script on Windows may have neither
    if stream is not None:
        print(message, file=stream)


def install_translations(app) -> list:
    """Qt's own dialogs and buttons in Simplified Chinese (qtbase_zh_CN from Qt, or resources/)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from gkdesk.resources import resource_path

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    bundled = resource_path("translations")
    if bundled is not None:
        folders.append(str(bundled))
    installed = []
    for name in ("qtbase_zh_CN",):
        for folder in folders:
            tr = QTranslator(app)
            if tr.load(name, folder):
                app.installTranslator(tr)
                installed.append(tr)
                break
    # Installed last so it is asked first, and answers only what qtbase_zh_CN lacks.
    from gkdesk.ui.fallback_words import install_fallback_translator

    installed.append(install_fallback_translator(app))
    return installed


def window_icon():
    """The window's icon from the PNG sizes installer/make_icons.py renders from gkdesk.svg
    (resources/icons/gkdesk-<N>.png): Qt reads PNG itself, where an SVG icon loads the SVG icon
    engine plugin and parses the file at start (3.6 M of the start's ~1,050 M instructions, issue
    16); each size is read when first drawn."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from gkdesk.resources import resource_path

    icon = QIcon()
    folder = resource_path("icons")
    for png in sorted(folder.glob("gkdesk-*.png")) if folder is not None else ():
        size = png.stem.rpartition("-")[2]
        if size.isdigit():
            icon.addFile(str(png), QSize(int(size), int(size)))
    return icon


def main(argv: Sequence[str] | None = None) -> int:
    import gc

    # Nearly everything the start makes outlives it (at the first frame the collector tracks ~30,000
    # objects; a full pass then finds 672 unreachable), so its passes over them (the survivors
    # scanned again at each older generation) are 2 % of the start's instructions (issue 16). It is off until the desk's
    # first frame (_collect_after_first_frame) and on again whatever way the start ends.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


# A desk that never paints its first frame (started minimized) collects garbage again after this.
GC_RESUME_MS = 5_000


def _collect_after_first_frame(window) -> None:
    import gc

    from PySide6.QtCore import QTimer

    def resume() -> None:
        window.tree_area_painted.disconnect(resume)
        # Queued like the status-bar count (ui/after_paint.py): the frame is shown first.
        QTimer.singleShot(0, window, gc.enable)

    window.tree_area_painted.connect(resume)
    QTimer.singleShot(GC_RESUME_MS, window, gc.enable)


def _main(argv: Sequence[str] | None) -> int:
    args, qt_args = _parse_args(sys.argv[1:] if argv is None else argv)
    if _no_display():
        if args.smoke:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            _say("未找到图形显示环境（DISPLAY/WAYLAND_DISPLAY 均未设置），无法打开窗口。"
                 "请在桌面环境中运行，或加 --smoke 仅检查能否启动。")
            return 1

    import importlib
    import linecache

    for name in WITHOUT_QT:
        importlib.import_module(name)
    from gkdesk import ime

    ime.configure()  # QT_IM_MODULE for the running input method, read when QApplication is made
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from gkdesk.domain.today import today
    from gkdesk.store import Store
    from gkdesk.store.audit import CHANNEL_DESK
    from gkdesk.ui.main_window import MainWindow

    # PySide6's import hook read the source of the desk's modules imported since PySide6 (see
    # WITHOUT_QT) through inspect.getsource, and linecache keeps every line of it: ~2 MiB of str
    # nothing reads (0.6 MiB of --smoke's peak RSS), freed before the window allocates; a traceback
    # reads the lines it needs again.
    linecache.clearcache()
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME, *qt_args])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app._gkdesk_translators = install_translations(app)  # keep them alive
    app.setWindowIcon(window_icon())

    from gkdesk import paths

    try:
        folder = paths.data_dir(args.data_dir)
    except paths.DataDirError as exc:
        _say(str(exc))
        if not args.smoke:  # the clerk started it from a shortcut: no console to read
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(None, APP_TITLE, str(exc))
        return 1
    owner_lock = None
    if not args.smoke:  # --smoke only checks that a window can open; it never takes the folder
        from gkdesk.folder_lock import FolderLock
        from gkdesk.ui import single_instance

        owner_lock = FolderLock(folder)
        holder = owner_lock.acquire()
        if holder is not None:
            # One writer per folder: the running window comes to the front and takes the file.
            if single_instance.hand_over(folder, args.file):
                _say(f"{APP_TITLE}已在运行，已切换到该窗口。")
                return 0
            text = f"数据文件夹“{folder}”正被{holder.describe()}使用，请切换到那个窗口，或关闭它后再打开。"
            _say(text)
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(None, APP_TITLE, text)
            return 1
    from gkdesk.ui import crash, damaged_store

    def open_store() -> Store:
        # Evidence files kept only so a removal could be undone in the last session are pruned
        # after the first paint (ui/housekeeping.py), with the day's backup.
        return Store.open(args.data_dir, channel=CHANNEL_DESK)

    def make_window(store: Store) -> MainWindow:
        # From here on an unexpected error says 程序出错 (details copyable, logged in the data folder)
        # instead of vanishing into a console the clerk does not have.
        crash.install(store.directory)
        window = MainWindow(store, today())
        _collect_after_first_frame(window)
        return window

    # The constructor reads the store first: a damage found there is met like one found by open().
    opened = damaged_store.open_desk(folder, open_store, make_window, _say,
                                     interactive=not args.smoke)
    if opened is None:
        return 1
    store, window = opened
    window.restore_state()

    if args.smoke:
        from gkdesk.ui.desk_layout import tree_place

        shown: list[str] = []  # what the first frame showed in the task tree's place
        window.keeps_layout = False

        def _first_frame() -> None:
            # The tree with its rows (the empty hint above it is drawn in the same paint), or the
            # line that hides it when the restored search or filter finds nothing.
            if not shown:
                shown.append(tree_place(window))
                # The loop ends once this paint (the whole window's, flushed in the same event) is
                # done, before any 0 ms timer: the status-bar count queued by the same paint
                # (ui/after_paint.py) is not start-up, and with 100,000 tasks it takes ~0.5 s.
                app.exit(0)

        window.tree_area_painted.connect(_first_frame)

        def _give_up() -> None:
            _say("窗口在限定时间内未能显示。")
            app.quit()

        QTimer.singleShot(SMOKE_TIMEOUT_MS, _give_up)
        window.show()
        app.exec()
        window.tree_area_painted.disconnect(_first_frame)
        _dispose(app, window)
        store.close()
        if shown:
            print(f"{APP_TITLE}：窗口已显示，{shown[0]}（数据文件夹 {store.directory}）。")
        return 0 if shown else 1

    if owner_lock is not None:
        from gkdesk.ui import single_instance

        single_instance.serve(window, store.directory, owner_lock)
    window.show()
    from gkdesk.ui.housekeeping import Housekeeping

    # The prune, then the daily backup the last session never made (it is made at exit; this one
    # only catches up on a session that never got there), once the desk has painted its first frame.
    catch_up = Housekeeping(window)
    from gkdesk.ui import ime_probe
    from gkdesk.ui.welcome import should_welcome

    if ime_probe.install(window):  # installer/linux/ime-check.sh only
        pass
    elif args.file:
        QTimer.singleShot(0, lambda: window.open_import(args.file))
    elif should_welcome(store):
        QTimer.singleShot(0, window.welcome)
    code = app.exec()
    catch_up.wait(60)  # a backup cut off at exit would only be thrown away
    # Here, not in closeEvent: only the app's own session ends with a backup, not every window closed.
    from gkdesk.ui import backup_actions

    backup_actions.back_up_at_exit(window)
    _dispose(app, window)
    store.close()
    return code


def _dispose(app, window) -> None:
    """Destroy the window while Qt is still whole: left to interpreter exit, PySide may free the
    models before the views that use them and crash on the way out."""
    window.close()
    window.detach_models()
    window.deleteLater()
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


if __name__ == "__main__":
    raise SystemExit(main())
