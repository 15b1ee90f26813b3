"""Column specs: one per model field in a sheet. They drive the template, parsing and export."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from kechuang.core.money import SCALES
from kechuang.utilities.text import CONTROL_CHARACTERS

TEXT, INT, MONEY, DECIMAL, DATE, BOOL, CHOICE, YEAR = (
    "text",
    "int",
    "money",
    "decimal",
    "date",
    "bool",
    "choice",
    "year",
)
UNITS = {unit: SCALES[unit] for unit in ("元", "千元", "万元")}  # what a header may say
UNIT_RE = re.compile(r"^(?P<base>.*?)\s*[（(]\s*(?P<unit>[^()（）]*)\s*[)）]\s*$")
TRUE = {"是", "y", "yes", "true", "1", "√", "✓", "有"}
FALSE = {"否", "n", "no", "false", "0", "×", "✗", "无", ""}


SLOW = object()  # Column.fast could not decide: call Column.parse
CENT = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 16


class CellError(ValueError):
    """A value that cannot be read; the message (Chinese) is the reason."""


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = TEXT
    required: bool = False
    aliases: tuple[str, ...] = ()
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    help: str = ""
    masked: bool = False  # personal data: exported masked, masked input keeps the stored value
    min_value: int | None = 0
    max_length: int | None = None
    blank_bool: bool | None = False  # a blank yes/no cell: 否 (or None where "unknown" is meant)

    def header_for(self, unit: str = "元") -> str:
        return f"{self.header}（{unit}）" if self.kind == MONEY else self.header

    def names(self) -> set[str]:
        return {normalise_header(n) for n in (self.header, *self.aliases)}

    def parse(self, raw: Any, unit: str = "元") -> Any:
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if self.required:
                raise CellError(_("不能为空"))
            if self.kind == BOOL:
                return self.blank_bool
            return "" if self.kind in (TEXT, CHOICE) else None
        parser = getattr(self, f"_parse_{self.kind}")
        return parser(raw, unit)

    def fast(self, unit: str = "元") -> Callable[[Any], Any]:
        """``parse`` for the cells a spreadsheet reader hands over most (numbers as floats or
        ints, plain text), without its general dispatch; anything else — a blank, a string
        number, a value out of range — returns :data:`SLOW`, and the caller calls ``parse``
        for the exact value or message. Same result as ``parse`` wherever it answers."""
        if self.kind == MONEY:
            scale, low = UNITS[unit], self.min_value

            def money(raw: Any) -> Any:
                kind = type(raw)
                if kind is float:
                    value = Decimal(repr(raw)) * scale
                elif kind is int:
                    value = Decimal(raw) * scale
                else:
                    return SLOW
                if not value.is_finite() or abs(value) >= MONEY_LIMIT:
                    return SLOW
                cents = value.quantize(CENT)
                if value != cents:
                    return SLOW
                if low is not None and value < low:
                    return SLOW
                return cents

            return money
        if self.kind in (INT, YEAR):
            low = self.min_value
            high = 2100 if self.kind == YEAR else 10**12
            low = max(low, 1980) if self.kind == YEAR and low is not None else low

            def integer(raw: Any) -> Any:
                kind = type(raw)
                if kind is float:
                    if not raw.is_integer():
                        return SLOW
                    raw = int(raw)
                elif kind is not int:
                    return SLOW
                if (low is not None and raw < low) or abs(raw) > high:
                    return SLOW
                return raw

            return integer
        if self.kind == TEXT:
            longest = self.max_length

            def text(raw: Any) -> Any:
                if type(raw) is not str:
                    return SLOW
                value = raw.strip()
                if not value or (longest and len(value) > longest):
                    return SLOW
                if CONTROL_CHARACTERS.search(value):
                    return SLOW
                return value

            return text
        return lambda _raw: SLOW

    # --- parsers ----------------------------------------------------------------------------
    def _parse_text(self, raw: Any, unit: str) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # phone numbers and codes typed as numbers
        if isinstance(raw, datetime | date):
            raw = raw.isoformat()
        text = str(raw).strip()
        if CONTROL_CHARACTERS.search(text):
            raise CellError(_("含有不可见的控制字符，请删除后重试"))
        if self.max_length and len(text) > self.max_length:
            raise CellError(_("超过 %(n)d 个字符") % {"n": self.max_length})
        return text

    def _number(self, raw: Any) -> Decimal:
        if isinstance(raw, bool):
            raise CellError(_("应为数字"))
        if isinstance(raw, int | Decimal):
            return Decimal(raw)
        if isinstance(raw, float):
            if raw != raw or raw in (float("inf"), float("-inf")):
                raise CellError(_("应为数字"))
            return Decimal(repr(raw))
        text = str(raw).strip().replace(",", "").replace("，", "").replace(" ", "")
        try:
            value = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(_("应为数字")) from exc
        if not value.is_finite():
            raise CellError(_("应为数字"))
        return value

    def _parse_int(self, raw: Any, unit: str) -> int:
        value = self._number(raw)
        if value != value.to_integral_value():
            raise CellError(_("应为整数"))
        if self.min_value is not None and value < self.min_value:
            raise CellError(_("不能小于 %(m)s") % {"m": self.min_value})
        if abs(value) > 10**12:
            raise CellError(_("数值过大"))
        return int(value)

    def _parse_year(self, raw: Any, unit: str) -> int:
        value = self._parse_int(raw, unit)
        if not 1980 <= value <= 2100:
            raise CellError(_("年度应在 1980—2100 之间"))
        return value

    def _parse_money(self, raw: Any, unit: str) -> Decimal:
        value = self._number(raw) * UNITS[unit]
        if abs(value) >= MONEY_LIMIT:  # first: quantizing 1E+300 to cents overflows
            raise CellError(_("金额过大"))
        if value != value.quantize(Decimal("0.01")):
            raise CellError(_("换算为元后超过两位小数（精确到分）"))
        if self.min_value is not None and value < self.min_value:
            raise CellError(_("不能为负数"))
        return value.quantize(Decimal("0.01"))

    def _parse_decimal(self, raw: Any, unit: str) -> Decimal:
        return self._number(raw)

    def _parse_date(self, raw: Any, unit: str) -> date:
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = str(raw).strip()
        match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
        if not match and re.fullmatch(r"\d{8}", text):
            match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
        if not match:
            raise CellError(_("日期格式应为 2024-01-31"))
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as exc:
            raise CellError(_("不是有效日期")) from exc

    def _parse_bool(self, raw: Any, unit: str) -> bool:
        text = str(raw).strip().lower()
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float) and raw in (0, 1):
            return bool(raw)
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise CellError(_("应填“是”或“否”"))

    def _parse_choice(self, raw: Any, unit: str) -> str:
        text = self._parse_text(raw, unit)
        for value, label in self.choices:
            if text in (value, label):
                return value
        allowed = "、".join(label for _v, label in self.choices)
        raise CellError(_("应为以下之一：%(a)s") % {"a": allowed})

    # --- export -----------------------------------------------------------------------------
    def export(self, value: Any, unit: str = "元") -> Any:
        if value is None:
            return None
        if self.kind == MONEY:
            return value / UNITS[unit]
        if self.kind == BOOL:
            return "是" if value else "否"
        if self.kind == CHOICE:
            return dict(self.choices).get(value, value)
        return value

    def describe(self) -> str:
        kinds = {
            TEXT: _("文本"),
            INT: _("整数"),
            MONEY: _("金额"),
            DECIMAL: _("数字"),
            DATE: _("日期，如 2024-01-31"),
            BOOL: _("是/否"),
            CHOICE: _("选项"),
            YEAR: _("年度，如 2024"),
        }
        text = str(kinds[self.kind])
        if self.kind == CHOICE:
            text += "：" + "、".join(label for _v, label in self.choices)
        return text


def normalise_header(text: Any) -> str:
    return re.sub(r"[\s*＊]", "", str(text or ""))


def split_unit(header: Any) -> tuple[str, str | None]:
    """'销售收入（万元）' → ('销售收入', '万元'); a header without unit → (header, None)."""
    text = normalise_header(header)
    match = UNIT_RE.match(text)
    if match:
        return match["base"], match["unit"]
    return text, None


@dataclass
class HeaderMap:
    """Which column of the sheet holds which field, and the money unit each header states."""

    index: dict[str, int] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as in the file
