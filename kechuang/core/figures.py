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
        """The first names by importance (for enterprises: key cultivated, above scale, name;
        each kind of record says its own order in its ``Listing``)."""
        kept = self.kept_examples
        if kept is not None and (n <= len(kept) or len(kept) < EXAMPLES_KEPT):
            return kept[:n]
        if self.records is None:
            return []
        listing = listing_of(self.records.model)
        ordered = self.records.order_by(*listing.importance)
        names = ordered.values_list(listing.name, flat=True)[:n]
        return [listing.short(name) for name in names]

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
    # What its records are ("app.Model", a key of LISTINGS): enterprises unless it says so —
    # a platform count lists platforms, some of which no enterprise hosts.
    records: str = "enterprises.Enterprise"

    @property
    def listing(self) -> Listing:
        return LISTINGS[self.records]


@dataclass(frozen=True)
class Column:
    header: Any
    path: str  # attribute path from the record, "__" between steps ("region__name")
    yes_no: bool = False  # a boolean shown as 是 / 否


@dataclass(frozen=True)
class Listing:
    """How one kind of record behind a figure is listed: on the figure page, in its export, in
    the API and in the report's companion sheet. ``name`` is the field the report names."""

    model: str  # "app.Model"
    noun: Any  # 企业 / 平台
    unit: Any  # 家 / 个
    columns: tuple[Column, ...]  # the one whose path is ``name`` links to the record's page
    order: tuple[str, ...]  # the list's order
    importance: tuple[str, ...]  # the report's examples: most important first
    name: str = "name"  # the field a record is called by (the report's names, the link)
    region: str = "region"  # the path to the record's town (counts per area)
    # the report's companion sheet: (code, name, town, sort key) paths
    companion: tuple[str, str, str, str] = ("uscc", "name", "region__name", "name_sort")
    related: tuple[str, ...] = ("region",)  # select_related for the columns
    short: Callable[[str], str] = str  # how the report's running text names one

    def values(self, record: Any) -> list[Any]:
        """The record's raw values per column (the API's: booleans stay booleans)."""
        values: list[Any] = []
        for column in self.columns:
            value: Any = record
            for step in column.path.split("__"):
                value = getattr(value, step, None) if value is not None else None
            values.append(value() if callable(value) else value)  # get_level_display
        return values

    def row(self, record: Any) -> list[Any]:
        """The record's cells, booleans as 是 / 否 (a figure's export, page and sheet)."""
        from django.utils.translation import gettext as _

        return [
            (_("是") if value else _("否")) if column.yes_no else ("" if value is None else value)
            for column, value in zip(self.columns, self.values(record), strict=True)
        ]

    def records(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related(*self.related).order_by(*self.order)


LISTINGS: dict[str, Listing] = {}


def register_listing(listing: Listing) -> Listing:
    LISTINGS[listing.model] = listing
    return listing


def listing_of(model: Any) -> Listing:
    return LISTINGS[model._meta.label]


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


def _enterprise_listing() -> Listing:
    from django.utils.translation import gettext_lazy as _

    return Listing(
        model="enterprises.Enterprise",
        noun=_("企业"),
        unit=_("家"),
        columns=(
            Column(_("统一社会信用代码"), "uscc"),
            Column(_("企业名称"), "name"),
            Column(_("所在乡镇"), "region__name"),
            Column(_("行业代码"), "industry_code"),
            Column(_("规上企业"), "is_above_scale", yes_no=True),
        ),
        order=("region__code", "name_sort", "name", "pk"),
        importance=("-is_key_cultivated", "-is_above_scale", "name"),
        short=short_name,
    )


SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团", "公司")


def short_name(name: str) -> str:
    """'哈威机械有限公司' → '哈威机械' (how the seed names enterprises in running text)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


# the registry's enterprises: what every figure lists unless it says otherwise
register_listing(_enterprise_listing())
