"""re.compile deferred to a pattern's first use.

A pattern costs 0.1–0.3 ms to compile (classes of Chinese characters more), and the readers'
modules hold dozens: `gkdesk-cli import --dry-run` of seed 000 as a web page compiled 75 module
patterns on import and used 37 of them (the others are for other layouts, deadlines and group
words it never meets). A LazyPattern compiles when first used; from then on `p.match` is the
compiled pattern's own bound method, so a reader's inner loop pays no extra call.
"""
from __future__ import annotations

import re

_ATTRS = ("match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer",
          "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``; compiled on the first attribute read."""

    __slots__ = ("_source",) + _ATTRS

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str):
        # Reached only while the slots are unset (nothing compiled yet), or for a rarer attribute.
        compiled = self.compiled()
        return getattr(compiled, name)

    def compiled(self) -> re.Pattern:
        compiled = re.compile(*self._source)  # re's own cache makes a second call cheap
        for attr in _ATTRS:
            setattr(self, attr, getattr(compiled, attr))
        return compiled

    def __repr__(self) -> str:
        return f"LazyPattern({self._source[0]!r})"


def lazy_compile(pattern: str | bytes, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
