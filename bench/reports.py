"""Dashboard and work report (issue #7): server time for a county and for the whole province."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.test import Client

from .registry import _pct, _province_staff


def _page(client: Client, url: str, params: dict[str, Any], runs: int = 5) -> tuple[float, ...]:
    """(cold p50, cold p95, cached p50): cold = the dashboard cache emptied first."""
    from django.core.cache import cache

    assert client.get(url, params).status_code == 200
    cold, warm = [], []
    for _ in range(runs):
        cache.clear()
        start = time.perf_counter()
        client.get(url, params)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        client.get(url, params)
        warm.append(time.perf_counter() - start)
    return (
        statistics.median(cold) * 1000,
        _pct(cold, 0.95) * 1000,
        statistics.median(warm) * 1000,
    )


def run() -> str:
    from django.db.models import Count

    from kechuang.accounts.choices import RegionLevel
    from kechuang.accounts.models import Region
    from kechuang.core.periods import Period
    from kechuang.enterprises.models import Enterprise
    from kechuang.reports import services

    lines = ["## Dashboard and work report (issues #7, #15)", ""]
    if Enterprise.objects.count() < 100_000:
        from .registry import run as registry_run

        registry_run()
    from .__main__ import analyze

    analyze()
    user = _province_staff()
    year = (
        Enterprise.objects.values_list("annual_figures__year", flat=True)
        .order_by("-annual_figures__year")
        .first()
    )
    period = Period.year_of(year)  # the year of the latest figures (its history is complete)
    county_id = (
        Enterprise.objects.filter(region__parent__level=RegionLevel.COUNTY)
        .values("region__parent")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("region__parent", flat=True)
        .first()
    )
    county = Region.objects.get(pk=county_id)
    province = Region.objects.get(code="99")
    county_n = Enterprise.objects.filter(region__parent=county).count()
    client = Client()
    client.force_login(user)
    from kechuang.reports import snapshots
    from kechuang.reports.models import FigureSnapshot

    FigureSnapshot.objects.all().delete()  # first: every number computed per request
    lines += [
        f"Province database: {Enterprise.objects.count():,} enterprises; the largest county has "
        f"{county_n:,}. Period {period.label}, province-level staff user, server time through the "
        "full middleware stack. *Computed now*: no stored figures (a county's dashboard always, "
        "and a province's when its snapshot is older than the stated delay). *Stored*: the "
        "worker's snapshot of the province and cities (`reports.snapshots`). Cold = the "
        "dashboard cache emptied first.",
        "",
        "| page | cold p50 ms | cold p95 ms | cached p50 ms |",
        "|---|---|---|---|",
    ]
    for label, region in (
        ("dashboard, one county (target ≤ 300 ms), computed now", county),
        ("dashboard, whole province, computed now", province),
    ):
        p50, p95, warm = _page(client, "/reports/", {"region": region.code, "period": period.key})
        lines.append(f"| {label} | {p50:.0f} | {p95:.0f} | {warm:.0f} |")
    p50, p95, warm = _page(
        client,
        "/reports/figures/cultivation.tech_sme_registered/",
        {"region": province.code, "period": period.key},
    )
    lines.append(
        f"| figure page (tech SMEs registered) with its records, province, not cached "
        f"| {p50:.0f} | {p95:.0f} | {warm:.0f} |"
    )

    def report_seconds(region: Any, runs: int) -> tuple[float, Any]:
        times, report = [], None
        for _ in range(runs):
            start = time.perf_counter()
            report = services.generate(actor=user, region=region, period=period)
            times.append(time.perf_counter() - start)
        return statistics.median(times), report

    county_s, county_report = report_seconds(county, 3)
    live_s, live_report = report_seconds(province, 1)
    # the worker's refresh (as after a change), then the same pages from the snapshot
    refreshes = []
    for _ in range(2):
        start = time.perf_counter()
        done = snapshots.refresh()
        refreshes.append(time.perf_counter() - start)
    p50, p95, warm = _page(client, "/reports/", {"region": province.code, "period": period.key})
    lines.append(
        f"| **dashboard, whole province, stored (target ≤ 1 s cold)** | **{p50:.0f}** | {p95:.0f} "
        f"| {warm:.0f} |"
    )
    stored_s, stored_report = report_seconds(province, 3)
    same = [u["value"] for u in stored_report.snapshot["figures"]] == [
        u["value"] for u in live_report.snapshot["figures"]
    ]
    ids = sum(len(u["ids"]) for u in stored_report.snapshot["figures"])
    lines += [
        "",
        f"- **Work report of the county ({len(county_report.snapshot['figures'])} numbers, .docx "
        f"+ .xlsx stored): p50 {county_s:.2f} s** (target ≤ 5 s).",
        f"- Work report of the whole province, computed now: {live_s:.1f} s "
        f"({len(live_report.snapshot['figures'])} numbers).",
        f"- **Work report of the whole province from the stored figures: p50 {stored_s:.2f} s** "
        f"(target ≤ 3 s; {len(stored_report.snapshot['figures'])} numbers, the companion sheet "
        f"lists {ids:,} enterprise rows); the same numbers as computed now: "
        f"{'yes' if same else '**NO**'}.",
        f"- The worker's full refresh round (every figure and stored panel for "
        f"{done['regions']} regions above a county × 2 years: {done['figures']} figures, "
        f"{done['panels']} panels): {statistics.median(refreshes):.1f} s, taken one region and "
        "period per step between tasks; it starts within "
        f"{snapshots.refresh_seconds()} s of a change, and pages show a snapshot of older data "
        f"for at most {snapshots.max_age().seconds} s.",
    ]
    return "\n".join(lines)
