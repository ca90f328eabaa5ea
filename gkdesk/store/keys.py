"""Matching keys that let a revised import find what the clerk already stored."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE_PUNCT = re.compile(
    r"[\s\u3000，,。.、；;：:！!？?“”\"‘’'（）()《》<>〔〕\[\]【】—\-…·]+"
)
_OPEN = str.maketrans(
    {
        "[": "〔",
        "【": "〔",
        "［": "〔",
        "(": "〔",
        "（": "〔",
        "]": "〕",
        "】": "〕",
        "］": "〕",
        ")": "〕",
        "）": "〕",
    }
)


def normalize_text(text: str) -> str:
    """Task text without width, spacing or punctuation differences (a retyped comma is no change)."""
    return _SPACE_PUNCT.sub("", unicodedata.normalize("NFKC", text)).lower()


def content_key(text: str) -> str:
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def doc_key(doc_number: str) -> str:
    """万盛经开办〔2020〕9号, 万盛经开办[2020]9号 and 万盛经开办（2020）9 号 are one 发文字号."""
    s = unicodedata.normalize("NFKC", re.sub(r"\s+", "", doc_number))
    return s.translate(_OPEN)
