"""Where gkdesk keeps its data: one folder holding the SQLite file and the evidence files."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

APP_DIR_NAME = "gkdesk"
DB_FILE_NAME = "gkdesk.sqlite3"
EVIDENCE_DIR_NAME = "evidence"


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder: an explicit override, else $GKDESK_HOME, else the user's data folder."""
    if override:
        path = Path(override)
    elif os.environ.get("GKDESK_HOME"):
        path = Path(os.environ["GKDESK_HOME"])
    else:
        # appdirs turns an empty XDG_DATA_HOME into a relative "gkdesk": data would land in the
        # current folder. An empty value means unset.
        if os.environ.get("XDG_DATA_HOME", None) == "":
            os.environ.pop("XDG_DATA_HOME")
        path = Path(appdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    path = path.expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def db_path(directory: str | Path) -> Path:
    return Path(directory) / DB_FILE_NAME


def evidence_dir(directory: str | Path) -> Path:
    return Path(directory) / EVIDENCE_DIR_NAME
