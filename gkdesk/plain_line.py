"""The one word both plain command lines share, read as argparse reads it (issue 16).

`gkdesk [--data-dir DIR] [--smoke] [FILE]` (app.plain_args) and `gkdesk-cli [--data-dir DIR]
import FILE [--dry-run] [--json]` (cli.plain_import) are read without building an argparse
parser; any other line goes to argparse. A hypothesis test of each checks they agree with it.
"""
from __future__ import annotations

from collections.abc import Iterator


def data_dir_word(arg: str, words: Iterator[str]) -> str | None:
    """For `--data-dir DIR` (DIR taken from `words`) or `--data-dir=DIR`: DIR, or "" when argparse
    would not read the word the same way (no value, or one starting with "-"); None for any other word."""
    if arg.startswith("--data-dir="):
        value = arg[len("--data-dir="):]
    elif arg == "--data-dir":
        value = next(words, "")
    else:
        return None
    return "" if not value or value.startswith("-") else value
