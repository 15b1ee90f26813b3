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
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise

from kechuang.accounts.choices import CODE_LENGTH, RegionLevel
from kechuang.accounts.models import Region
from kechuang.core import figures, reporting
from kechuang.core.figures import EXAMPLES_KEPT, Result
from kechuang.core.periods import Period

from .models import FigureSnapshot

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


def area_counts(records: Any, region: Region) -> dict[str, int]:
    """The records counted per child area of ``region`` (per town below a county)."""
    level = min(int(region.level) + 1, int(RegionLevel.TOWN))
    length = CODE_LENGTH[RegionLevel(level)]
    counts: dict[str, int] = {}
    grouped = records.order_by().values("region__code").annotate(n=Count("pk"))
    for code, n in grouped.values_list("region__code", "n"):
        counts[code[:length]] = counts.get(code[:length], 0) + n
    return counts


def _figure_row(key: str, region: Region, period: Period, version: str) -> FigureSnapshot:
    start = time.perf_counter()
    result = figures.compute(key, user=None, region=region, period=period)
    ids = result.record_ids() if result.records is not None else None
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


def refresh(*, today: date | None = None) -> dict[str, int]:
    """Compute and store every figure and stored panel for the large regions and the current
    and previous year. Computed first, then written in one short transaction per region."""
    version = data_version()
    done = {"regions": 0, "figures": 0, "panels": 0, "ms": 0}
    start = time.perf_counter()
    keep = []
    for region in regions():
        for period in periods(today):
            rows = [
                _figure_row(key, region, period, version)
                for key, figure in sorted(figures.FIGURES.items())
                if figure.snapshot and not key.startswith("example.")
            ]
            rows += [
                _panel_row(panel, region, period, version)
                for panel in reporting.panels()
                if panel.snapshot
            ]
            now = timezone.now()
            for row in rows:
                row.computed_at = now
            with transaction.atomic():
                FigureSnapshot.objects.filter(region=region, period_key=period.key).delete()
                FigureSnapshot.objects.bulk_create(rows)
            keep.append((region.pk, period.key))
            done["figures"] += sum(r.kind == FIGURE for r in rows)
            done["panels"] += sum(r.kind == PANEL for r in rows)
        done["regions"] += 1
    # regions and periods no longer stored (a year gone by) go
    stale = FigureSnapshot.objects.all()
    for region_id, period_key in keep:
        stale = stale.exclude(region_id=region_id, period_key=period_key)
    stale.delete()
    done["ms"] = round((time.perf_counter() - start) * 1000)
    return done


def stored_version() -> str | None:
    return (
        FigureSnapshot.objects.order_by("-computed_at").values_list("data_version", flat=True)
    ).first()


def refresh_if_stale() -> dict[str, int] | None:
    """The worker's check (every ``REFRESH_SECONDS``): refresh when the data moved on."""
    if not regions_exist():
        return None
    if stored_version() == data_version():
        return None
    done = refresh()
    logger.info("figure snapshots refreshed: %s", done)
    return done


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
