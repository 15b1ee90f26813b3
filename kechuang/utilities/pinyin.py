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


def sort_key(text: str) -> str:
    """The key Chinese names sort by (issue #14): syllables in lower case, one space apart, so
    that 阿 (a) comes before 爱 (ai) as in a dictionary; characters without a reading (Latin
    letters, digits) kept as they are, lower-cased. Stored, so SQLite and PostgreSQL sort the
    same way whatever their collation."""
    parts = lazy_pinyin(text or "", style=Style.NORMAL, errors="default")
    return " ".join(p.strip().lower() for p in parts if p.strip())
