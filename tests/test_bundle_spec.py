"""The Linux/Windows bundle keeps every Qt module the app imports. installer/gkdesk.spec leaves
out Qt modules the app never uses; when it left out QtNetwork, the installed .deb died at every
real start (ui/single_instance.py: "No module named 'PySide6.QtNetwork'") while `gkdesk --smoke`,
which skips the single-instance lock, still passed — found by installer/linux/ime-check.sh."""
from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def spec_values() -> dict[str, object]:
    """UNUSED_QT and the _DROP / _DROP_LINUX patterns, read from the spec without running it."""
    tree = ast.parse((REPO / "installer" / "gkdesk.spec").read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name == "UNUSED_QT":
                found[name] = ast.literal_eval(node.value)
            elif name in ("_DROP", "_DROP_LINUX"):
                found[name] = re.compile(ast.literal_eval(node.value.args[0]), re.IGNORECASE)
    return found


def imported_qt_modules() -> set[str]:
    found = set()
    for path in (REPO / "gkdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6."):
                found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6.")}
    return found


def test_every_imported_qt_module_is_bundled():
    spec = spec_values()
    used = imported_qt_modules()
    assert {"QtCore", "QtGui", "QtWidgets", "QtNetwork"} <= used
    assert not used & set(spec["UNUSED_QT"])
    for module in used:
        library = f"PySide6/Qt/lib/lib{module.replace('Qt', 'Qt6', 1)}.so.6"
        assert not spec["_DROP"].search(library), library
        assert not spec["_DROP_LINUX"].search(library), library


def spec_tree() -> ast.Module:
    return ast.parse((REPO / "installer" / "gkdesk.spec").read_text(encoding="utf-8"))


def analysis_keywords() -> dict[str, ast.expr]:
    for node in ast.walk(spec_tree()):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Analysis":
            return {k.arg: k.value for k in node.keywords}
    raise AssertionError("no Analysis(...) in the spec")


def test_the_installed_word_export_finds_python_docx_templates():
    # python-docx opens its default footer (every 附件1/附件2 .docx has one) and header through
    # docx/parts/../templates: a PYZ holds no docx/parts folder, so the installed app failed
    # every Word export. The spec must collect docx as files.
    hdrftr = Path(__import__("docx.parts.hdrftr").parts.hdrftr.__file__)
    assert '"..", "templates", "default-footer.xml"' in hdrftr.read_text(encoding="utf-8")
    mode = ast.literal_eval(analysis_keywords()["module_collection_mode"])
    assert mode.get("docx") in ("pyc", "py", "py+pyc")


def test_the_installed_start_leaves_out_what_gkdesk_never_runs():
    # PyInstaller's multiprocessing runtime hook imported pickle, socket and subprocess at every
    # start, and its inspect hook listed base_library.zip with zipfile; gkdesk starts no
    # processes through multiprocessing, and installer/rthooks/frozen_inspect.py does the
    # inspect hook's work lazily.
    source = (REPO / "installer" / "gkdesk.spec").read_text(encoding="utf-8")
    excludes = next(n.value for n in spec_tree().body if isinstance(n, ast.Assign)
                    and getattr(n.targets[0], "id", None) == "EXCLUDES")
    excluded = {c.value for c in ast.walk(excludes) if isinstance(c, ast.Constant)}
    assert "multiprocessing" in excluded
    for path in (REPO / "gkdesk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("multiprocessing", "concurrent")), (path, name)

    hooks = analysis_keywords()["runtime_hooks"]
    assert "frozen_inspect.py" in ast.unparse(hooks)
    assert (REPO / "installer" / "rthooks" / "frozen_inspect.py").is_file()
    assert 'a.scripts = [entry for entry in a.scripts if entry[0] != "pyi_rth_inspect"]' in source
