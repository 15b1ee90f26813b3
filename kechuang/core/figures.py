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
from datetime import datetime
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
    # Read from a stored snapshot (reports.snapshots) instead of computed now: what it kept —
    # the first names, the enterprises behind the value, their count per child area — and when
    # it was computed. ``records`` is then today's query, for the figure page's live list.
    kept_examples: list[str] | None = None
    kept_ids: list[int] | None = None
    areas: dict[str, int] | None = None
    as_of: datetime | None = None

    def examples(self, n: int = 2) -> list[str]:
        """The first names by importance (key cultivated, then revenue order of the records)."""
        kept = self.kept_examples
        if kept is not None and (n <= len(kept) or len(kept) < EXAMPLES_KEPT):
            return kept[:n]
        if self.records is None:
            return []
        ordered = self.records.order_by("-is_key_cultivated", "-is_above_scale", "name")
        return [short_name(name) for name in ordered.values_list("name", flat=True)[:n]]

    def record_ids(self) -> list[int]:
        if self.kept_ids is not None:
            return list(self.kept_ids)
        return [] if self.records is None else list(self.records.values_list("pk", flat=True))


EXAMPLES_KEPT = 5  # names a snapshot keeps (the report's sentences name two)


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
    # The worker may store it for the large regions (reports.snapshots): true when the figure
    # sees the user only through ``enterprises_in`` (a staff user whose region holds the asked
    # one then gets exactly the system's answer, which is what is stored).
    snapshot: bool = True


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


def enterprise_model() -> Any:
    """The registry's Enterprise model (figures count enterprises; core imports no app)."""
    from django.apps import apps

    return apps.get_model("enterprises", "Enterprise")


def enterprises_in(user: Any, region: Any) -> QuerySet[Any]:
    """Enterprises of the region's subtree the user may see (``user=None``: the system)."""
    scoped: QuerySet[Any] = enterprise_model().objects.visible_in(user, region)
    return scoped


def covers(user: Any, region: Any) -> bool:
    """Whether the user sees every enterprise of the region (then every figure's answer for the
    user is the system's: ``enterprises_in`` is the region filter alone)."""
    return bool(enterprise_model().objects.covers(user, region))


SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def short_name(name: str) -> str:
    """'哈威机械有限公司' → '哈威机械' (how the seed names enterprises in running text)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name
