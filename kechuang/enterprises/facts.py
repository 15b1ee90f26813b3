"""Facts adapters: registry data → the rules' frozen inputs, in bulk (a fixed number of queries)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Q

from kechuang.rules import hte, techsme
from kechuang.rules.common import D

from .choices import CLASS_I_KINDS, CLASS_II_KINDS, IpStatus
from .models import AnnualFigures, Enterprise, IntellectualProperty

CHUNK = 5000

# Facts other work lines hold about an enterprise (a platform it hosts, say): each source is
# called once per batch with the enterprise ids and the application date and returns
# {enterprise_id: {"hte": {field: value}, "techsme": {field: value}}}, applied over what the
# registry gives. A later app registers its source in its AppConfig.ready (issue #16).
FactSource = Callable[[list[int], date], dict[int, dict[str, dict[str, Any]]]]
FACT_SOURCES: list[FactSource] = []


def register_facts(source: FactSource) -> FactSource:
    if source not in FACT_SOURCES:
        FACT_SOURCES.append(source)
    return source


def application_date(year: int) -> date:
    """The reference application date used for a year's assessment."""
    return date(year, 6, 30)


def _chunks(items: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _ip_counts(ids: list[int], on: date) -> dict[int, tuple[int, int]]:
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for chunk in _chunks(ids):
        rows = (
            IntellectualProperty.objects.filter(enterprise_id__in=chunk, status=IpStatus.GRANTED)
            .filter(Q(granted_on__isnull=True) | Q(granted_on__lte=on))
            .values("enterprise_id", "kind")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            if row["kind"] in CLASS_I_KINDS:
                counts[row["enterprise_id"]][0] += row["n"]
            elif row["kind"] in CLASS_II_KINDS:
                counts[row["enterprise_id"]][1] += row["n"]
    return {k: (v[0], v[1]) for k, v in counts.items()}


FIGURE_COLUMNS = (
    "sales_revenue",
    "total_revenue",
    "high_tech_revenue",
    "rd_expense",
    "rd_expense_domestic",
    "total_assets",
    "total_liabilities",
    "employees",
    "st_staff",
    "total_cost",
)


def _figures(ids: list[int], years: list[int]) -> dict[int, dict[int, dict[str, Any]]]:
    """Only the columns the rules read, as plain values (no model instances)."""
    result: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for chunk in _chunks(ids):
        rows = AnnualFigures.objects.filter(enterprise_id__in=chunk, year__in=years).values_list(
            "enterprise_id", "year", *FIGURE_COLUMNS
        )
        for enterprise_id, year, *values in rows:
            result[enterprise_id][year] = dict(zip(FIGURE_COLUMNS, values, strict=True))
    return result


def _valid_hte(ids: list[int], on: date) -> set[int]:
    from .selectors import valid_qualifications  # the one definition (issue #12)

    found: set[int] = set()
    for chunk in _chunks(ids):
        found |= set(
            valid_qualifications("hte", on)
            .filter(enterprise_id__in=chunk)
            .values_list("enterprise_id", flat=True)
        )
    return found


def inputs_for(enterprises: list[Enterprise], year: int) -> dict[int, dict[str, Any]]:
    """For each enterprise: {"hte": HteInput, "techsme": TechSmeInput} for assessment ``year``."""
    on = application_date(year)
    ids = [e.pk for e in enterprises]
    years = [year - 3, year - 2, year - 1]
    figures = _figures(ids, years)
    ip = _ip_counts(ids, on)
    holders = _valid_hte(ids, on)
    result: dict[int, dict[str, Any]] = {}
    for e in enterprises:
        mine = figures.get(e.pk, {})
        recent = mine.get(year - 1)
        class1, class2 = ip.get(e.pk, (0, 0))
        hte_input = hte.HteInput(
            application_date=on,
            registered_on=e.registered_on,
            tech_field=e.tech_field,
            employees=recent["employees"] if recent else None,
            st_staff=recent["st_staff"] if recent else None,
            years=tuple(
                hte.YearFigures(
                    y,
                    D(f["sales_revenue"]),
                    D(f["total_revenue"]),
                    D(f["high_tech_revenue"]),
                    D(f["rd_expense"]),
                    D(f["rd_expense_domestic"]),
                    D(f["total_assets"]),
                    D(f["total_liabilities"]),
                )
                for y, f in sorted(mine.items())
            ),
            ip_class1_count=class1,
            ip_class2_count=class2,
            major_incident_last_year=False,  # none recorded in the registry
        )
        sme_input = techsme.TechSmeInput(
            employees=recent["employees"] if recent else None,
            st_staff=recent["st_staff"] if recent else None,
            sales_revenue=recent["sales_revenue"] if recent else None,
            total_assets=recent["total_assets"] if recent else None,
            total_cost=recent["total_cost"] if recent else None,
            rd_expense=recent["rd_expense"] if recent else None,
            ip_class1_count=class1,
            ip_class2_count=class2,
            prohibited_industry=False,
            incident_or_blacklisted=False,  # none recorded
            valid_hte=e.pk in holders,
        )
        result[e.pk] = {"hte": hte_input, "techsme": sme_input}
    for source in FACT_SOURCES:
        for enterprise_id, rules in source(ids, on).items():
            for rule, changes in rules.items():
                if enterprise_id in result and changes:
                    result[enterprise_id][rule] = dataclasses.replace(
                        result[enterprise_id][rule], **changes
                    )
    return result
