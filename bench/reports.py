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

    lines = ["## Dashboard and work report (issue #7)", ""]
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
    lines += [
        f"Province database: {Enterprise.objects.count():,} enterprises; the largest county has "
        f"{county_n:,}. Period {period.label}, province-level staff user, server time through the "
        "full middleware stack:",
        "",
        "| page | cold p50 ms | cold p95 ms | cached p50 ms |",
        "|---|---|---|---|",
    ]
    for label, region, target in (
        ("dashboard, one county", county, "≤ 300 ms"),
        ("dashboard, whole province (cities side by side)", province, "≤ 2 s"),
    ):
        p50, p95, warm = _page(client, "/reports/", {"region": region.code, "period": period.key})
        lines.append(f"| {label} (target {target}) | {p50:.0f} | {p95:.0f} | {warm:.0f} |")
    p50, p95, warm = _page(
        client,
        "/reports/figures/cultivation.tech_sme_registered/",
        {"region": province.code, "period": period.key},
    )
    lines.append(
        f"| figure page (tech SMEs registered) with its records, province, not cached "
        f"| {p50:.0f} | {p95:.0f} | {warm:.0f} |"
    )
    times = []
    for _ in range(3):
        start = time.perf_counter()
        report = services.generate(actor=user, region=county, period=period)
        times.append(time.perf_counter() - start)
    lines += [
        "",
        f"- **Work report of the county ({len(report.snapshot['figures'])} numbers, .docx + "
        f".xlsx stored): p50 {statistics.median(times):.2f} s** (target ≤ 5 s).",
    ]
    start = time.perf_counter()
    report = services.generate(actor=user, region=province, period=period)
    lines.append(
        f"- Work report of the whole province: {time.perf_counter() - start:.1f} s "
        f"({len(report.snapshot['figures'])} numbers)."
    )
    return "\n".join(lines)
