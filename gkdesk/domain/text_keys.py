"""Text keys shared by the store (revised imports) and collection (task keys in a 填报表).

One normalisation for both, so a task's key in a returned sheet is the key the store matches on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE_PUNCT = re.compile(
    r"[\s\u3000，,。.、；;：:！!？?“”\"‘’'（）()《》<>〔〕\[\]【】—\-…·]+"
)


def normalize_text(text: str) -> str:
    """Task text without width, spacing or punctuation differences (a retyped comma is no change)."""
    return _SPACE_PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


def content_key(text: str) -> str:
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()
