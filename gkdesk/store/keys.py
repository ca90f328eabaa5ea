"""Matching keys that let a revised import find what the clerk already stored."""

from __future__ import annotations

import re
import unicodedata

from gkdesk.domain.text_keys import content_key, normalize_text

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


def doc_key(doc_number: str) -> str:
    """万盛经开办〔2020〕9号, 万盛经开办[2020]9号 and 万盛经开办（2020）9 号 are one 发文字号."""
    s = unicodedata.normalize("NFKC", re.sub(r"\s+", "", doc_number))
    return s.translate(_OPEN)


__all__ = ["content_key", "doc_key", "normalize_text"]
