"""Unified social credit code (统一社会信用代码), GB 32100-2015, and its GB 11714 part.

One implementation for the whole project (rules.md §5). ``validate(code)`` normalises the input
(upper case, full-width to half-width, spaces removed) and returns a :class:`UsccResult` naming
which check failed, in Chinese. The GB 11714 organisation-code check (positions 9–17) is reported
as a warning, not a failure: old registrations do not always follow it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I, O, S, V, Z
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, 17, 20, ...
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


@dataclass(frozen=True)
class UsccResult:
    code: str  # the normalised input
    valid: bool
    errors: tuple[str, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def division_code(self) -> str:
        return self.code[2:8] if len(self.code) == 18 else ""


def normalise(raw: str) -> str:
    """Upper case, full-width to half-width (NFKC), whitespace and hyphens removed."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"[\s\-]", "", text).upper()


def check_character(first17: str) -> str:
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_value(ch: str) -> int:
    """GB 11714 values: digits as themselves, A=10 … Z=35 (the full alphabet)."""
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_check_character(body8: str) -> str:
    total = sum(org_value(ch) * w for ch, w in zip(body8, ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def validate(raw: str) -> UsccResult:
    code = normalise(raw)
    if len(code) != 18:
        return UsccResult(code, False, (f"长度应为18位，实际为{len(code)}位",))
    bad = sorted({ch for ch in code if ch not in VALUES})
    if bad:
        return UsccResult(
            code, False, (f"含有不允许的字符：{'、'.join(bad)}（不使用 I、O、S、V、Z）",)
        )
    if not code[2:8].isdigit():
        return UsccResult(code, False, ("第3—8位（登记管理机关行政区划码）应为数字",))
    if not PATTERN.match(code):  # pragma: no cover - implied by the checks above
        return UsccResult(code, False, ("格式不符合 GB 32100-2015",))
    expected = check_character(code[:17])
    if code[17] != expected:
        return UsccResult(code, False, (f"第18位校验码错误：应为 {expected}，实际为 {code[17]}",))
    warnings: tuple[str, ...] = ()
    org_expected = org_check_character(code[8:16])
    if code[16] != org_expected:
        warnings = (
            f"第17位（组织机构代码校验码）按 GB 11714 应为 {org_expected}，实际为 {code[16]}"
            "（早期登记的代码可能不符合，请核实后确认）",
        )
    return UsccResult(code, True, (), warnings)


def make(prefix8: str, body8: str) -> str:
    """Build a valid code from department+category+division (8) and an organisation body (8)."""
    first17 = normalise(prefix8) + normalise(body8) + org_check_character(normalise(body8))
    return first17 + check_character(first17)
