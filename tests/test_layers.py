"""The code's shape: exporters take domain objects and write files (they never query the store),
one write_form serves the CLI and the desk, and no module imports another's private helpers."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import gkdesk

PACKAGE = Path(gkdesk.__file__).resolve().parent


def imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            out.extend((a.name, []) for a in node.names)
    return out


def test_exporters_never_import_the_store_or_qt():
    for path in (PACKAGE / "exporters").glob("*.py"):
        for module, _names in imports(path):
            assert not module.startswith(("gkdesk.store", "PySide6")), f"{path.name} imports {module}"
            # PDF is the one format drawn by Qt: printing/ is imported lazily, inside write_form.
            if module.startswith("gkdesk.printing"):
                assert path.name == "output.py"


def test_exporters_take_forms_not_the_store():
    """The form is gathered on the store side (store/forms.py); no exporter is handed a store."""
    takers = []
    for path in (PACKAGE / "exporters").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(a.arg in ("store", "db") for a in node.args.args):
                takers.append(f"{path.name}:{node.name}")
    assert takers == []


def test_no_module_imports_another_modules_private_names():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for module, names in imports(path):
            if module.startswith("gkdesk"):
                offenders += [f"{path.relative_to(PACKAGE)}: {module}.{n}" for n in names if n.startswith("_") and not n.startswith("__")]
    assert offenders == []


def test_cli_and_desk_write_through_the_one_write_form(data_home, tmp_path, monkeypatch, qtbot):
    from gkdesk import cli
    from gkdesk.domain.forms import RosterForm
    from gkdesk.exporters import output
    from gkdesk.ui import export_actions
    from tests.fixtures.seed_docs import seed_dir

    calls = []
    real = output.write_form

    def spy(form, path, fmt=None):
        calls.append((type(form).__name__, Path(path).suffix, fmt))
        return real(form, path, fmt)

    monkeypatch.setattr(output, "write_form", spy)
    monkeypatch.setattr(export_actions, "write_form", spy)
    assert cli.main(["import", str(next(seed_dir().glob("000_*.txt")))]) == 0
    assert cli.main(["export", "roster", "--notice", "1", "--unit", "财政局", "--format", "xlsx",
                     "-o", str(tmp_path / "r.xlsx")]) == 0
    assert calls == [("RosterForm", ".xlsx", "xlsx")]

    class Window:  # the one thing export_to needs of the main window for a PDF: its status bar
        def __init__(self):
            from PySide6.QtWidgets import QMainWindow
            self.w = QMainWindow()
            qtbot.addWidget(self.w)

        def statusBar(self):
            return self.w.statusBar()

    form = RosterForm("附件2", "人员名单", "财政局", date(2020, 8, 13), ["姓名"], [("负责人", [["张三"]])])
    window = Window()
    export_actions.export_to(window.w, form, tmp_path / "r.pdf")
    assert calls[-1] == ("RosterForm", ".pdf", None) and (tmp_path / "r.pdf").stat().st_size > 1000
    assert "1 页" in window.statusBar().currentMessage()
