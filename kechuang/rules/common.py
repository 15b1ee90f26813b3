"""Shared result types and exact arithmetic for the rules (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

PASS, FAIL, UNDETERMINED = "pass", "fail", "undetermined"
ZERO = Decimal(0)


def D(value: Any) -> Decimal:
    """Decimal from anything numeric, exactly (floats through their shortest repr)."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value))


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """An exact decimal ratio (28 significant digits), compared with band limits unrounded.

    rules.md §0 suggests rounding before comparing to absorb binary-float error; with Decimal
    there is no such error, and rounding would wrongly lift 59.99999 % to 60 %. Rounding is for
    display only (``pct``).
    """
    if not denominator:
        return None
    return numerator / denominator


def pct(value: Decimal | None, *, against: Decimal | None = None) -> str:
    """A share as a percentage with two decimals. Compared ``against`` a threshold, it is cut
    toward its side of the verdict, so a failing 59.999999 % reads 59.99 %, never "60.00%,
    required 60.00%", and a passing share never reads below its threshold (issue #12)."""
    if value is None:
        return "—"
    percent = value * 100
    if against is None:
        return f"{percent.quantize(Decimal('0.01'))}%"
    rounding = ROUND_FLOOR if value < against else ROUND_CEILING
    return f"{percent.quantize(Decimal('0.01'), rounding=rounding)}%"


def wan(value: Decimal) -> str:
    """Yuan shown in 万元, the house unit: '30.00万元'. Rounded up to the hundred yuan, so an
    amount still needed is never shown short."""
    amount = (Decimal(value) / 10000).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    return f"{amount:,}万元"


def ceil_int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    passed: bool | None  # None: cannot be decided from the inputs (expert judgement pending)
    value: Any
    threshold: Any
    explanation: str
    points_min: int | None = None
    points_max: int | None = None


@dataclass(frozen=True)
class Gap:
    code: str
    explanation: str
    amount: Decimal | int | None = None
    unit: str = ""


@dataclass(frozen=True)
class Result:
    rule: str
    version: str
    verdict: str
    score_min: int | None
    score_max: int | None
    criteria: tuple[Criterion, ...]
    gaps: tuple[Gap, ...] = ()
    notes: tuple[str, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)

    def criterion(self, code: str) -> Criterion:
        return next(c for c in self.criteria if c.code == code)

    def to_dict(self) -> dict[str, Any]:
        plain_dict: dict[str, Any] = plain(self)
        return plain_dict


_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """JSON-ready copy of results and inputs: dataclasses as dicts, Decimal and dates as strings.

    Walks dataclass fields directly with a per-type cache of field names (dataclasses.asdict
    deep-copies every value, which was two thirds of the time of assessing a province).
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is Decimal:
        return str(value)
    names = _FIELD_NAMES.get(kind)
    if names is None and is_dataclass(value) and not isinstance(value, type):
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def band(value: Decimal | None, bands: list[tuple[Decimal, Any]], below: Any) -> Any:
    """The payload of the first band whose lower bound (inclusive) ``value`` reaches."""
    if value is None:
        return below
    for lower, payload in bands:
        if value >= lower:
            return payload
    return below
