"""The installed desk's inspect hook (installer/rthooks/frozen_inspect.py), run as the bundle runs
it: in a fresh interpreter with sys._MEIPASS naming a bundle folder. PySide6 calls
inspect.getsource on every module imported after it; in the bundle most modules have no .py, and
PyInstaller's own hook answered a path for each anyway (and the .so itself for a Qt module),
listing base_library.zip with zipfile before the app's first line."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOOK = REPO / "installer" / "rthooks" / "frozen_inspect.py"

# Runs in the child: a fake bundle's modules, then the hook, then what inspect answers.
PROBE = r"""
import json, sys, types
bundle = sys.argv[1]
sys._MEIPASS = bundle
assert "zipfile" not in sys.modules
with open(sys.argv[2], encoding="utf-8") as f:
    exec(compile(f.read(), sys.argv[2], "exec"), {"__name__": "__main__"})
import inspect
zip_at_start = "zipfile" in sys.modules

def module(name, file):
    m = types.ModuleType(name)
    m.__file__ = file
    m.__loader__ = object()
    sys.modules[name] = m
    return m

answers = {}
for name, file in [
    ("gkdesk.ui.desk", bundle + "/gkdesk/ui/desk.py"),              # PYZ module: no .py on disk
    ("PySide6.QtWidgets", bundle + "/PySide6/QtWidgets.abi3.so"),  # extension module
    ("docx.api", bundle + "/docx/api.py"),                          # collected as source
]:
    m = module(name, file)
    try:
        src = inspect.getsource(m)
        answers[name] = ["source", inspect.getsourcefile(m), src]
    except OSError:
        answers[name] = ["no source", inspect.getsourcefile(m), None]
code = compile("x = 1", "gkdesk/store/db.py", "exec")  # relative co_filename, as PyInstaller stores
answers["relative code"] = inspect.getsourcefile(code)
code = compile("x = 1", "json/decoder.py", "exec")     # a base_library.zip module with its .py
answers["base library code"] = inspect.getsourcefile(code)
print(json.dumps({"zip_at_start": zip_at_start, "answers": answers}))
"""


def probe(bundle: Path) -> dict:
    # -S: site's .pth files (the editable install's finder) would import zipfile themselves
    proc = subprocess.run([sys.executable, "-I", "-S", "-c", PROBE, str(bundle), str(HOOK)],
                          check=False, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def make_bundle(tmp_path: Path) -> Path:
    bundle = tmp_path / "_internal"
    (bundle / "PySide6").mkdir(parents=True)
    (bundle / "PySide6" / "QtWidgets.abi3.so").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(4096))
    (bundle / "docx").mkdir()
    (bundle / "docx" / "api.py").write_text("def Document():\n    return '财政局'\n", encoding="utf-8")
    (bundle / "json").mkdir()
    (bundle / "json" / "decoder.py").write_text("x = 1\n", encoding="utf-8")
    with zipfile.ZipFile(bundle / "base_library.zip", "w") as z:
        z.writestr("json/decoder.pyc", b"")
        z.writestr("json/__init__.pyc", b"")
    return bundle


def test_a_bundled_module_without_its_source_has_none_and_nothing_is_read_at_start(tmp_path):
    bundle = make_bundle(tmp_path)
    result = probe(bundle)
    assert result["zip_at_start"] is False  # PyInstaller's hook imports zipfile and lists the zip
    answers = result["answers"]
    # no .py on disk: no source file, rather than a path that is not there
    assert answers["gkdesk.ui.desk"] == ["no source", None, None]
    assert answers["relative code"] is None
    # an extension module is never read as source text
    assert answers["PySide6.QtWidgets"] == ["no source", None, None]


def test_a_module_whose_source_is_bundled_still_shows_it(tmp_path):
    bundle = make_bundle(tmp_path)
    answers = probe(bundle)["answers"]
    kind, file, text = answers["docx.api"]
    assert kind == "source" and file == str(bundle / "docx" / "api.py")
    assert "财政局" in text
    # a base_library.zip module maps to its .pyc inside the zip, as its __file__ says
    assert answers["base library code"] == str(bundle / "base_library.zip" / "json" / "decoder.pyc")
