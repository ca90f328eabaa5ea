"""The README and docs/DEVELOPING.md say what is true of this checkout."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
DEVELOPING = (REPO / "docs" / "DEVELOPING.md").read_text(encoding="utf-8")


def _links(text: str) -> list[str]:
    return [t for t in re.findall(r"\]\(([^)#\s]+)\)", text) if "://" not in t]


def test_every_picture_and_link_exists():
    for target in _links(README):
        assert (REPO / target).exists(), target
    for target in _links(DEVELOPING):
        assert (REPO / "docs" / target).exists(), target
    # every picture under docs/screenshots is shown somewhere: the README or a page of docs/
    shown = {(REPO / p).resolve() for p in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)}
    for page in (REPO / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for target in _links(text):
            assert (page.parent / target).exists(), f"{page.name}: {target}"
        shown |= {(page.parent / p).resolve() for p in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)}
    assert shown == {p.resolve() for p in (REPO / "docs" / "screenshots").glob("*.png")}


def test_each_screenshot_has_its_own_sentence():
    """A picture stands on its own line after a sentence saying what it shows, never inside a paragraph."""
    lines = README.splitlines()
    for i, line in enumerate(lines):
        if "![" in line:
            assert line.startswith("![") and line.rstrip().endswith(")"), line
            before = next(x for x in reversed(lines[:i]) if x.strip())
            assert before.rstrip().endswith(("。", "：")), before


def test_the_readme_test_command_is_what_ci_runs():
    assert "bash scripts/setup-debian.sh test" in README
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "exec bash scripts/setup-debian.sh test" in ci


def test_developer_detail_lives_in_developing():
    for word in ("glibc", "dpkg-shlibdeps", "debootstrap"):
        assert word not in README, word
        assert word in DEVELOPING, word
    assert "\n## The write path\n" in DEVELOPING
    # DEVELOPING.md's layout: resources/ holds icons and the sample notice only; docs/ holds
    # developer documents (.md) and the README's screenshots.
    assert sorted(p.name for p in (REPO / "resources").iterdir() if p.is_dir()) == ["icons", "samples"]
    assert all(p.suffix == ".md" or p.name == "screenshots" for p in (REPO / "docs").iterdir())
