"""Innovation platforms (issue #16): the registry list at province scale (the demo generator's
5,100 platforms across 100 counties) — server time and a query count that does not move with
the page size or the filter — and the level-up readiness check of every platform at once."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

BUDGET_MS = 150  # the target for the list page


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(client: Client, url: str, params: dict[str, Any], n: int = 20) -> list[float]:
    client.get(url, params)  # warm: the first request of a path builds its caches
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return times


def run() -> str:
    from kechuang.accounts.models import Region
    from kechuang.enterprises.models import Enterprise
    from kechuang.platforms import readiness
    from kechuang.platforms.models import Platform, PlatformEvent, PlatformKind

    from .registry import _province_staff

    lines = ["## Innovation platforms (issue #16)", ""]
    if not Region.objects.filter(code="99").exists() or Enterprise.objects.count() < 100_000:
        from .registry import run as registry_run

        registry_run()  # builds the province database first (the demo generator's platforms)
    count = Platform.objects.count()
    events = PlatformEvent.objects.count()
    user = _province_staff()
    client = Client()
    client.force_login(user)
    kind = PlatformKind.objects.get(name="企业技术中心").pk
    cases = [
        ("no filter", {}),
        ("type 企业技术中心", {"kind": kind}),
        ("level provincial, status approved", {"level": "provincial", "status": "approved"}),
        ("search `众创`", {"q": "众创"}),
        ("one county", {"region": Region.objects.filter(level=3).order_by("code")[0].code}),
        ("no filter, 100 per page", {"per_page": "100"}),
    ]
    lines += [
        f"Platform list `/platforms/`, {count:,} platforms with {events:,} dated events, "
        "province-level staff user (server time through the full middleware stack, 20 runs "
        f"after one warm-up; target ≤ {BUDGET_MS} ms):",
        "",
        "| list | p50 ms | p95 ms | queries |",
        "|---|---|---|---|",
    ]
    seen: set[int] = set()
    worst = 0.0
    for label, params in cases:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/platforms/", params).status_code == 200
        queries = len(ctx.captured_queries)  # read now: the next request resets the log
        seen.add(queries)
        times = _time(client, "/platforms/", params)
        p50 = statistics.median(times) * 1000
        if "per_page" not in params:  # the target is the page as a user opens it (20 rows)
            worst = max(worst, p50)
        lines.append(f"| {label} | {p50:.0f} | {_pct(times, 0.95) * 1000:.0f} | {queries} |")
    lines += [
        "",
        f"Query counts per page: {sorted(seen)} — fixed: the page size does not change it, and "
        "a filter adds at most its own look-up (the region's code); "
        "tests/core/test_declared_pages.py holds every declared list to it. "
        f"Slowest p50 at the default page size (20 rows): {worst:.0f} ms — "
        f"**{'within' if worst <= BUDGET_MS else 'OVER'} the {BUDGET_MS} ms target**. "
        "At 100 rows a page the rendering of five times the cells dominates (the shared "
        "table component, core.tables).",
        "",
    ]
    _over.clear()
    if worst > BUDGET_MS:
        _over.append(f"platform list p50 {worst:.0f} ms > {BUDGET_MS} ms")

    # the readiness of every platform at once (the readiness page's whole list)
    platforms = list(Platform.objects.all())
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        found = readiness.for_platforms(platforms, 2026)
        seconds = time.perf_counter() - start
    check_queries = len(ctx.captured_queries)
    times = _time(client, "/platforms/readiness/", {"year": 2026}, n=5)
    naive_start = time.perf_counter()
    for platform in platforms[:300]:
        readiness.of(platform, 2026)
    naive = (time.perf_counter() - naive_start) / 300 * len(platforms)
    lines += [
        f"- Readiness of all {len(found):,} platforms for their next level: "
        f"{seconds * 1000:.0f} ms in {check_queries} queries; one platform at a "
        f"time would take ~{naive:.1f} s (**{naive / seconds:.0f}×**). The readiness page "
        f"(all platforms checked, 50 shown): p50 {statistics.median(times) * 1000:.0f} ms.",
    ]
    return "\n".join(lines)


_over: list[str] = []


def failures() -> list[str]:
    return list(_over)
