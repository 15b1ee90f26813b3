"""The figures registry: every number of the dashboard and the work report, with its records.

It lives in ``core`` so every app can register its own figures (``<app>/figures.py``, imported in
its ``AppConfig.ready``) while ``reports`` — the top of the dependency order — only reads them.

A figure is a named, documented function of (region, period) — and of the user, whose scope the
records are cut to — that returns its value *and* the enterprises behind it. Apps register their
figures in ``<app>/figures.py``; the report, the dashboard and the figure page only look figures
up here, so a new work line adds its numbers without touching them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from .periods import Period


@dataclass
class Result:
    """A figure's value, the enterprises behind it, and facts the report's wording needs."""

    value: int | Decimal | None
    records: QuerySet[Any] | None = None  # enterprises
    facts: dict[str, Any] = field(default_factory=dict)

    def examples(self, n: int = 2) -> list[str]:
        """The first names by importance (key cultivated, then revenue order of the records)."""
        if self.records is None:
            return []
        ordered = self.records.order_by("-is_key_cultivated", "-is_above_scale", "name")
        return [short_name(name) for name in ordered.values_list("name", flat=True)[:n]]

    def record_ids(self) -> list[int]:
        return [] if self.records is None else list(self.records.values_list("pk", flat=True))


# What one figure may cost, cold, for the whole province (100,000 enterprises) and one year:
# value, count and the report's examples. bench/figures.py measures every registered figure and
# makes `make bench` fail when one goes over (issue #15: the dashboard shows them all at once).
DEFAULT_BUDGET_MS = 250


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any  # lazily translated text
    unit: Any
    description: Any
    compute: Callable[[Any, Any, Period], Result]  # (user, region, period)
    group: Any = ""
    budget_ms: int = DEFAULT_BUDGET_MS


def over_budget(timings: dict[str, float]) -> list[str]:
    """The figures whose measured time (ms, by key) is over their budget, as sentences."""
    problems = []
    for key, ms in sorted(timings.items()):
        figure = FIGURES.get(key)
        if figure is not None and ms > figure.budget_ms:
            problems.append(f"{key}: {ms:.0f} ms > budget {figure.budget_ms} ms")
    return problems


FIGURES: dict[str, Figure] = {}


def register(*figures: Figure) -> None:
    for figure in figures:
        FIGURES[figure.key] = figure


def get(key: str) -> Figure:
    return FIGURES[key]


def compute(key: str, *, user: Any, region: Any, period: Period) -> Result:
    return FIGURES[key].compute(user, region, period)


def enterprises_in(user: Any, region: Any) -> QuerySet[Any]:
    """Enterprises of the region's subtree the user may see (``user=None``: the system)."""
    from django.apps import apps

    enterprise = apps.get_model("enterprises", "Enterprise")
    scoped: QuerySet[Any] = enterprise.objects.visible_in(user, region)
    return scoped


SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def short_name(name: str) -> str:
    """'哈威机械有限公司' → '哈威机械' (how the seed names enterprises in running text)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
