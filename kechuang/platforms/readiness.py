"""Level-up readiness: a platform's yearly values against the conditions staff set for its
type and the level it seeks — the eligibility engine's "exact gap" idea in the same wording
("还差1家在孵企业").

One function of plain data (``check``) does the judging; ``for_platforms`` feeds it for many
platforms with a fixed number of queries (the registry's page of 50, or 5,000 at once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .choices import LEVEL_RANK, PlatformLevel
from .models import Criterion, Platform, PlatformYear

READY, GAP, MISSING, NO_CRITERIA, TOP = "ready", "gap", "missing", "no_criteria", "top"


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    unit: str
    minimum: Decimal
    value: Decimal | None
    met: bool | None  # None: no value recorded
    text: str  # "在孵企业52家，要求≥50家" / "还差1家在孵企业" / "未填报在孵企业"

    @property
    def minimum_text(self) -> str:
        return plain(self.minimum)

    @property
    def value_text(self) -> str:
        return plain(self.value) if self.value is not None else ""


@dataclass
class Readiness:
    target: str  # the level checked ("" when the platform holds the top level)
    year: int
    criteria_year: int | None  # the year whose conditions apply (the latest ≤ year)
    values_year: int | None
    verdict: str
    lines: list[Line] = field(default_factory=list)

    @property
    def target_label(self) -> str:
        return str(PlatformLevel(self.target).label) if self.target else ""

    @property
    def gaps(self) -> list[Line]:
        return [line for line in self.lines if line.met is False]

    @property
    def summary(self) -> str:
        """One sentence for a list cell."""
        level = PlatformLevel(self.target).label if self.target else ""
        if self.verdict == TOP:
            return _("已是国家级")
        if self.verdict == NO_CRITERIA:
            return _("尚未设定%(l)s升级条件") % {"l": level}
        if self.verdict == READY:
            return _("满足%(l)s全部条件") % {"l": level}
        missing = [line for line in self.lines if line.met is None]
        parts = [line.text for line in self.gaps]
        if missing:
            parts.append(_("%(n)d项未填报") % {"n": len(missing)})
        return _("%(l)s：%(p)s") % {"l": level, "p": "；".join(parts)}


def next_level(platform: Platform) -> str:
    """The level sought, else the one above the level held ("" at the top)."""
    if platform.sought_level:
        return platform.sought_level
    rank = LEVEL_RANK.get(PlatformLevel(platform.level), 0) if platform.level else 0
    for level, r in sorted(LEVEL_RANK.items(), key=lambda item: item[1]):
        if r > rank:
            return level.value
    return ""


def number(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def plain(value: Decimal) -> str:
    """52.00 → '52'; 0.50 → '0.5'."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def check(criteria: list[Criterion], values: dict[str, Any]) -> tuple[str, list[Line]]:
    lines = []
    for criterion in criteria:
        have = number(values.get(criterion.key))
        need = criterion.minimum
        unit, label = criterion.unit, criterion.label
        if have is None:
            text = _("未填报%(label)s") % {"label": label}
            lines.append(Line(criterion.key, label, unit, need, None, None, text))
        elif have >= need:
            text = _("%(label)s%(have)s%(unit)s，要求≥%(need)s%(unit)s") % {
                "label": label,
                "have": plain(have),
                "need": plain(need),
                "unit": unit,
            }
            lines.append(Line(criterion.key, label, unit, need, have, True, text))
        else:
            text = _("还差%(gap)s%(unit)s%(label)s") % {
                "gap": plain(need - have),
                "unit": unit,
                "label": label,
            }
            lines.append(Line(criterion.key, label, unit, need, have, False, text))
    if not lines:
        return NO_CRITERIA, lines
    if any(line.met is False for line in lines):
        return GAP, lines
    if any(line.met is None for line in lines):
        return MISSING, lines
    return READY, lines


def for_platforms(platforms: list[Platform], year: int) -> dict[int, Readiness]:
    """Each platform's readiness for its next level in ``year``: the conditions of the latest
    year ≤ ``year`` that has any for the type and level, and the platform's latest values of a
    year ≤ ``year``. Two queries whatever the number of platforms."""
    kinds = {p.kind_id for p in platforms}
    by_set: dict[tuple[int, str], dict[int, list[Criterion]]] = {}
    for criterion in Criterion.objects.filter(kind_id__in=kinds, year__lte=year).order_by(
        "order", "pk"
    ):
        by_set.setdefault((criterion.kind_id, criterion.level), {}).setdefault(
            criterion.year, []
        ).append(criterion)
    values: dict[int, PlatformYear] = {}
    for row in PlatformYear.objects.filter(
        platform_id__in=[p.pk for p in platforms], year__lte=year
    ).order_by("platform_id", "year"):
        values[row.platform_id] = row  # the latest year wins
    found = {}
    for platform in platforms:
        target = next_level(platform)
        if not target:
            found[platform.pk] = Readiness("", year, None, None, TOP)
            continue
        sets = by_set.get((platform.kind_id, target), {})
        criteria_year = max(sets) if sets else None
        row = values.get(platform.pk)
        criteria = sets[criteria_year] if criteria_year is not None else []
        verdict, lines = check(criteria, row.values if row else {})
        found[platform.pk] = Readiness(
            target, year, criteria_year, row.year if row else None, verdict, lines
        )
    return found


def of(platform: Platform, year: int) -> Readiness:
    return for_platforms([platform], year)[platform.pk]
