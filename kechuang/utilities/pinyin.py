"""Pinyin keys for search boxes: `hwjx` and `haweijixie` both find 哈威机械."""

from __future__ import annotations

import re

from pypinyin import Style, lazy_pinyin

_KEEP = re.compile(r"[^a-z0-9]")


def initials(text: str) -> str:
    parts = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")
    return _KEEP.sub("", "".join(parts).lower())


def full(text: str) -> str:
    parts = lazy_pinyin(text or "", style=Style.NORMAL, errors="default")
    return _KEEP.sub("", "".join(parts).lower())


def looks_like_pinyin(term: str) -> bool:
    return bool(term) and term.isascii() and term.isalpha()
