"""Stored figures for the large regions (issue #15, goal 5): the worker computes, pages read.

A province's dashboard aggregates 100,000 enterprises for each card, area column and panel; its
work report lists every enterprise behind each number. Computed per request that is seconds, and
every work line adds more. So for the regions above a county (province and cities, whose staff
look at many counties at once) and the current and previous year, the task worker computes each
registered figure — value, facts, the first names, the count per child area and the ids of the
enterprises behind it — and each panel that allows it, and stores them (``FigureSnapshot``).

The dashboard and the report read a snapshot when all of this holds, else they compute now:

- the user sees the whole region (``figures.covers``): then the figure's answer for the
  user is the system's, which is what was stored;
- the snapshot is of today's data: its ``data_version`` (the newest audit row and derived rows,
  and the date) equals the current one — or it is at most ``MAX_AGE`` old (the stated delay: the
  worker refreshes within ``REFRESH_SECONDS`` of a change, so under a steady stream of edits the
  page shows the last refresh and says when that was).

Every stored number stays traceable: the figure page computes its records now, the report's
companion sheet lists the stored ids, and both say the time the number is of. Snapshots are
derived rows: no audit row, and the dashboard cache's fingerprint does not watch them.
"""

from __future__ import annotations

import array
import logging
import time
import zlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.functional import Promise

from kechuang.accounts.choices import CODE_LENGTH, RegionLevel
from kechuang.accounts.models import Region
from kechuang.core import figures, reporting
from kechuang.core.figures import EXAMPLES_KEPT, Result
from kechuang.core.periods import Period

from .models import FigureSnapshot
from .selectors import area_counts

logger = logging.getLogger(__name__)

FIGURE, PANEL = "figure", "panel"


def refresh_seconds() -> int:
    return int(getattr(settings, "FIGURE_SNAPSHOT_REFRESH_SECONDS", 60))


def max_age() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "FIGURE_SNAPSHOT_MAX_AGE", 300)))


# --- the data's version ---------------------------------------------------------------------
def data_version() -> str:
    """The newest audit row and derived row (as the dashboard cache), and the date: a figure
    counted "as of today" changes at midnight without any write."""
    from .cache import fingerprint

    return f"{fingerprint()}@{timezone.localdate().isoformat()}"


# --- encoding: JSON with dates and decimals kept --------------------------------------------
def encode(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, int | float | str):
        return value
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [encode(v) for v in value]
    raise TypeError(f"cannot store {type(value).__name__} in a figure snapshot")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if len(value) == 1:
            ((tag, text),) = value.items()
            if tag == "$decimal":
                return Decimal(text)
            if tag == "$datetime":
                return datetime.fromisoformat(text)
            if tag == "$date":
                return date.fromisoformat(text)
        return {k: decode(v) for k, v in value.items()}
    return value


def pack_ids(ids: list[int]) -> bytes:
    """Sorted ids as compressed gaps (45,000 ids: ~40 KB)."""
    ordered = sorted(ids)
    gaps = array.array("q", (b - a for a, b in zip([0, *ordered], ordered, strict=False)))
    return zlib.compress(gaps.tobytes(), 6)


def unpack_ids(blob: bytes | memoryview | None) -> list[int]:
    if not blob:
        return []
    gaps = array.array("q")
    gaps.frombytes(zlib.decompress(bytes(blob)))
    ids, total = [], 0
    for gap in gaps:
        total += gap
        ids.append(total)
    return ids


# --- what is stored -------------------------------------------------------------------------
def regions() -> list[Region]:
    """The regions above a county that hold enterprises (their dashboards span counties)."""
    codes = {
        code[:length]
        for code in figures.enterprise_model()
        .objects.values_list("region__code", flat=True)
        .distinct()
        if code
        for level, length in CODE_LENGTH.items()
        if level < RegionLevel.COUNTY
    }
    return list(
        Region.objects.filter(code__in=codes, level__lt=RegionLevel.COUNTY).order_by("code")
    )


def periods(today: date | None = None) -> list[Period]:
    year = (today or timezone.localdate()).year
    return [Period.year_of(year), Period.year_of(year - 1)]


def _figure_row(key: str, region: Region, period: Period, version: str) -> FigureSnapshot:
    start = time.perf_counter()
    result = figures.compute(key, user=None, region=region, period=period)
    # the ids in any order (stored sorted): without the registry's pinyin sort
    ids = (
        list(result.records.order_by().values_list("pk", flat=True))
        if result.records is not None
        else None
    )
    row = FigureSnapshot(
        kind=FIGURE,
        key=key,
        region=region,
        period_key=period.key,
        value=encode(result.value),
        facts=encode(result.facts),
        examples=result.examples(EXAMPLES_KEPT) if result.records is not None else [],
        areas=area_counts(result.records, region) if result.records is not None else {},
        record_ids=pack_ids(ids) if ids is not None else None,
        record_count=len(ids) if ids is not None else None,
        data_version=version,
    )
    row.took_ms = round((time.perf_counter() - start) * 1000)
    return row


def _panel_row(panel: Any, region: Region, period: Period, version: str) -> FigureSnapshot:
    from .compose import Composer

    start = time.perf_counter()
    composer = Composer(user=None, region=region, period=period, stored=False)
    data = panel.build(user=None, region=region, period=period, composer=composer)
    return FigureSnapshot(
        kind=PANEL,
        key=panel.key,
        region=region,
        period_key=period.key,
        value=encode(data),
        data_version=version,
        took_ms=round((time.perf_counter() - start) * 1000),
    )


def _refresh_one(region: Region, period: Period, version: str) -> tuple[int, int]:
    """Compute one region's and period's figures and panels, then replace its rows in one short
    transaction. (figures, panels) written."""
    rows = [
        _figure_row(key, region, period, version)
        for key, figure in sorted(figures.FIGURES.items())
        if figure.snapshot and not key.startswith("example.")
    ]
    rows += [
        _panel_row(panel, region, period, version) for panel in reporting.panels() if panel.snapshot
    ]
    now = timezone.now()
    for row in rows:
        row.computed_at = now
    with transaction.atomic():
        FigureSnapshot.objects.filter(region=region, period_key=period.key).delete()
        FigureSnapshot.objects.bulk_create(rows)
    return sum(r.kind == FIGURE for r in rows), sum(r.kind == PANEL for r in rows)


def _wanted(today: date | None) -> list[tuple[Region, Period]]:
    return [(region, period) for region in regions() for period in periods(today)]


def _drop_unwanted(wanted: list[tuple[Region, Period]]) -> None:
    """Regions and periods no longer stored (a year gone by) go."""
    stale = FigureSnapshot.objects.all()
    for region, period in wanted:
        stale = stale.exclude(region=region, period_key=period.key)
    stale.delete()


def refresh(*, today: date | None = None) -> dict[str, int]:
    """Compute and store every figure and stored panel for the large regions and the current
    and previous year, one region and period at a time."""
    version = data_version()
    done = {"regions": 0, "figures": 0, "panels": 0, "ms": 0}
    start = time.perf_counter()
    wanted = _wanted(today)
    for region, period in wanted:
        n_figures, n_panels = _refresh_one(region, period, version)
        done["figures"] += n_figures
        done["panels"] += n_panels
    done["regions"] = len({region.pk for region, _period in wanted})
    _drop_unwanted(wanted)
    done["ms"] = round((time.perf_counter() - start) * 1000)
    return done


def refresh_step(*, today: date | None = None) -> dict[str, Any] | None:
    """Refresh the one region and period most out of date (missing first, then the oldest,
    the province before its cities); None when every one is of the current data.

    The worker takes one step per idle moment and looks at its task queue in between, so a
    province's full round (46 s on PostgreSQL) never holds up a queued import or report by
    more than one region's step."""
    version = data_version()
    wanted = _wanted(today)
    ages: dict[tuple[int, str], tuple[datetime, bool]] = {}
    for region_id, period_key, at, current in (
        FigureSnapshot.objects.values("region_id", "period_key", "data_version")
        .annotate(at=Min("computed_at"))
        .values_list("region_id", "period_key", "at", "data_version")
    ):
        ages[(region_id, period_key)] = (at, current == version)
    stale = [
        (region, period)
        for region, period in wanted
        if not ages.get((region.pk, period.key), (None, False))[1]
    ]
    if not stale:
        _drop_unwanted(wanted)
        return None

    def urgency(pair: tuple[Region, Period]) -> tuple[bool, Any, str, str]:
        found = ages.get((pair[0].pk, pair[1].key))
        return (found is not None, found[0] if found else None, pair[0].code, pair[1].key)

    region, period = min(stale, key=urgency)
    start = time.perf_counter()
    n_figures, n_panels = _refresh_one(region, period, version)
    return {
        "region": region.code,
        "period": period.key,
        "figures": n_figures,
        "panels": n_panels,
        "remaining": len(stale) - 1,
        "ms": round((time.perf_counter() - start) * 1000),
    }


def stored_version() -> str | None:
    return (
        FigureSnapshot.objects.order_by("-computed_at").values_list("data_version", flat=True)
    ).first()


def refresh_if_stale(*, today: date | None = None) -> dict[str, int] | None:
    """Refresh every region and period whose snapshot is not of the current data (the
    command's ``--if-stale``); None when all are current."""
    done = {"regions": 0, "figures": 0, "panels": 0, "ms": 0}
    regions_done: set[str] = set()
    while (step := refresh_step(today=today)) is not None:
        regions_done.add(step["region"])
        done["figures"] += step["figures"]
        done["panels"] += step["panels"]
        done["ms"] += step["ms"]
    if not regions_done:
        return None
    done["regions"] = len(regions_done)
    return done


def worker_step() -> bool:
    """The worker's idle hook: one step; True when more regions wait (run again soon)."""
    if not regions_exist():
        return False
    step = refresh_step()
    if step is None:
        return False
    logger.info("figure snapshots: %s", step)
    return bool(step["remaining"])


def regions_exist() -> bool:
    return Region.objects.filter(level__lt=RegionLevel.COUNTY).exists()


# --- reading --------------------------------------------------------------------------------
class Reader:
    """The snapshots of one region and period that a user may be shown (one query, lazily)."""

    def __init__(self, user: Any, region: Region, period: Period) -> None:
        self.user, self.region, self.period = user, region, period
        self._rows: dict[tuple[str, str], FigureSnapshot] | None = None
        self.as_of: datetime | None = None  # the oldest snapshot actually used

    def _load(self) -> dict[tuple[str, str], FigureSnapshot]:
        if self._rows is None:
            self._rows = {}
            if int(self.region.level) < RegionLevel.COUNTY and figures.covers(
                self.user, self.region
            ):
                rows = list(
                    FigureSnapshot.objects.filter(region=self.region, period_key=self.period.key)
                )
                if rows and _usable(rows[0]):
                    self._rows = {(r.kind, r.key): r for r in rows}
        return self._rows

    def _used(self, row: FigureSnapshot) -> None:
        if self.as_of is None or row.computed_at < self.as_of:
            self.as_of = row.computed_at

    def figure(self, key: str) -> Result | None:
        row = self._load().get((FIGURE, key))
        if row is None:
            return None
        self._used(row)
        # records stay None: what a stored result offers is what it kept (names, ids, areas);
        # the figure page and the API compute their record lists now
        return Result(
            decode(row.value),
            None,
            decode(row.facts),
            kept_examples=list(row.examples),
            kept_ids=unpack_ids(row.record_ids) if row.record_ids is not None else None,
            areas=dict(row.areas) if row.record_ids is not None else None,
            as_of=row.computed_at,
        )

    def panel(self, key: str) -> dict[str, Any] | None:
        row = self._load().get((PANEL, key))
        if row is None:
            return None
        self._used(row)
        data: dict[str, Any] = decode(row.value)
        return data


def _usable(row: FigureSnapshot) -> bool:
    if row.computed_at >= timezone.now() - max_age():
        return True
    return row.data_version == data_version()
