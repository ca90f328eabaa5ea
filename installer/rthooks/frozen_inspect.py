"""gkdesk's stand-in for PyInstaller's pyi_rth_inspect runtime hook (installer/gkdesk.spec).

Both make ``inspect.getsourcefile`` understand the bundle: PyInstaller stores modules with relative
``co_filename`` values, which must be resolved against ``sys._MEIPASS`` (PyInstaller issue #5963).
PyInstaller's hook costs the installed desk's start twice over:

* it lists ``base_library.zip`` with ``zipfile`` before the app's first line (importing zipfile and
  everything zipfile imports), though the listing is needed only when a ``.py`` is on disk;
* it answers a path for every bundled module, whether or not a source file is there — the ``.py``
  the PYZ never held, or the extension module's ``.so`` itself. PySide6 looks for the word
  "PySide6" in the source of each module imported after it (``inspect.getsource`` in shiboken's
  feature check), so every such answer sent linecache and the loader after a file that is not
  there, or had the tokenizer read a binary library as text, before failing.

Here the listing is read on first need, and a bundled module whose ``.py`` is not on disk has no
source file (None), which is what ``inspect.getsourcefile`` says of such a module anywhere else.
Tracebacks are unaffected: they read ``co_filename`` through linecache, not through inspect.
"""


def _gkdesk_rthook():
    import inspect
    import os
    import sys

    prefix = os.path.normpath(sys._MEIPASS)
    base_library = os.path.join(prefix, "base_library.zip")
    listing = []  # filled on first need: the normalized names inside base_library.zip

    def in_base_library(name):
        if not listing:
            names = set()
            if os.path.isfile(base_library):
                import zipfile
                with zipfile.ZipFile(base_library) as zf:
                    names = {os.path.normpath(n) for n in zf.namelist()}
            listing.append(names)
        return name in listing[0]

    original = inspect.getsourcefile

    def getsourcefile(object):
        filename = os.path.normpath(inspect.getfile(object))
        relative = None
        if not os.path.isabs(filename):
            main_file = getattr(sys.modules["__main__"], "__file__", None)
            if main_file and filename == os.path.basename(main_file):
                return main_file
            relative, filename = filename, os.path.join(prefix, filename)
        elif not filename.startswith(prefix):
            return original(object)
        if not (filename.endswith(".py") and os.path.isfile(filename)):
            return None
        # A base_library module's __file__ names the .pyc inside the zip; answering that path
        # lets inspect.getmodule match the module, as PyInstaller's hook does.
        if relative is not None and in_base_library(relative + "c"):
            return os.path.join(base_library, relative + "c")
        return filename

    inspect.getsourcefile = getsourcefile


_gkdesk_rthook()
del _gkdesk_rthook
