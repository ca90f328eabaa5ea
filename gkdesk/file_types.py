"""The kinds of file a clerk can import, in one list for the CLI, the file dialogs and drag-and-drop.

import_file decides by a file's bytes (safety.sniff), so this list is about names only: which files
a dialog shows and a drop accepts. .doc/.wps/.xls/.et need LibreOffice; import_file says so.
"""
from __future__ import annotations

import os

# In the order the clerk meets them: Word and Excel, the old formats, text, saved web pages.
IMPORTABLE_SUFFIXES = (
    ".docx", ".xlsx", ".doc", ".wps", ".xls", ".et", ".txt", ".html", ".htm", ".mht", ".mhtml",
)


def is_importable(path: str | os.PathLike[str]) -> bool:
    """True when the name ends in a suffix the importers read (any case: 通知.DOCX)."""
    return os.fspath(path).lower().endswith(IMPORTABLE_SUFFIXES)


def file_filter() -> str:
    """The open-file dialog's filter: every importable kind first, then all files."""
    patterns = " ".join("*" + s for s in IMPORTABLE_SUFFIXES)
    return f"通知文件 ({patterns});;所有文件 (*)"


def suffix_list() -> str:
    """".docx/.xlsx/…" for help texts."""
    return "/".join(IMPORTABLE_SUFFIXES)


__all__ = ["IMPORTABLE_SUFFIXES", "file_filter", "is_importable", "suffix_list"]
