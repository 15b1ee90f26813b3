"""GB/T 4754-2017 national economic industry classification, read once from data/.

Source: the standard's published tables as transcribed in a public repository
(zmshe/capital, src/utils/category.js), via shared/data/gbt4754-2017.csv.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "gbt4754-2017.csv"


@dataclass(frozen=True)
class Industry:
    code: str  # section letter, or 2/3/4 digits
    name: str
    level: int  # 1 section, 2 division, 3 group, 4 class
    section: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@cache
def industries() -> dict[str, Industry]:
    result: dict[str, Industry] = {}
    with DATA.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            level = int(row["level"])
            code = {1: row["section"], 2: row["division"], 3: row["group"], 4: row["class"]}[level]
            result[code] = Industry(code, row["name"].strip(), level, row["section"])
    return result


def normalise(code: str) -> str:
    """'C3411', 'c 3411', '3411 金属结构制造' → '3411'; a section letter stays a letter."""
    text = (code or "").strip().upper().split(" ")[0] if code else ""
    if len(text) > 1 and text[0].isalpha() and text[1:].isdigit():
        text = text[1:]
    return text


def get(code: str) -> Industry | None:
    return industries().get(normalise(code))


def is_class(code: str) -> bool:
    """A code the registry accepts: a 4-digit class (or a division/group without classes)."""
    item = get(code)
    return item is not None and item.level >= 2


def search(term: str, limit: int = 20) -> list[Industry]:
    term = (term or "").strip()
    if not term:
        return []
    matches = [
        item
        for item in industries().values()
        if item.code.startswith(term.upper()) or term in item.name
    ]
    matches.sort(key=lambda i: (not i.code.startswith(term.upper()), i.level != 4, i.code))
    return matches[:limit]


def section_of(code: str) -> str:
    item = get(code)
    return item.section if item else ""
