"""Where the top-level ``resources/`` folder is, however gkdesk was installed. No Qt here.

The folder (icons and the sample notice; app.py also looks for Qt translations in a
``translations/`` sub-folder, which is not shipped today) lives beside the package in the
repository. It is found, in this order:

1. ``GKDESK_RESOURCES`` — an explicit override (packagers, tests);
2. a PyInstaller bundle: ``<sys._MEIPASS>/resources``;
3. a source checkout or editable install: ``<repo>/resources`` next to ``gkdesk/``;
4. a wheel install: ``<sys.prefix>/share/gkdesk/resources`` (pyproject ``data-files``).

It may be missing (an empty ``resources/`` is not kept by git), so callers treat every resource as
optional: ``resource_path`` returns ``None`` rather than raising.
"""
from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path


def _candidates() -> list[Path]:
    out: list[Path] = []
    env = os.environ.get("GKDESK_RESOURCES")
    if env:
        out.append(Path(env))
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        out.append(Path(meipass) / "resources")
    out.append(Path(__file__).resolve().parent.parent / "resources")
    out.append(Path(sys.prefix) / "share" / "gkdesk" / "resources")
    return out


@lru_cache(maxsize=1)
def resources_dir() -> Path | None:
    """The first existing resources folder, or None when there is none."""
    for cand in _candidates():
        if cand.is_dir():
            return cand
    return None


def resource_path(*parts: str) -> Path | None:
    """``resources/<parts…>`` if that file or folder exists, else None."""
    base = resources_dir()
    if base is None:
        return None
    p = base.joinpath(*parts)
    return p if p.exists() else None
