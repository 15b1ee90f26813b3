"""Foundation: region-tree scoping at province scale, and the server time of the first pages."""

from __future__ import annotations

import statistics
import time

from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext


def _timeit(func, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run() -> str:
    from kechuang.accounts.models import Region, User
    from kechuang.demo.generator import DemoGenerator

    lines = ["## Foundation (issue #2)", ""]

    start = time.perf_counter()
    generator = DemoGenerator(seed=42, scale="province", log=lambda _m: None)
    generator.build_regions()  # regions only: the registry suite times the enterprises
    generator.build_accounts()
    seed_seconds = time.perf_counter() - start
    regions = Region.objects.count()
    lines += [
        f"- Province-scale demo regions: {regions:,} divisions generated and stored (with their "
        f"audit rows) in {seed_seconds:.1f} s — {regions / seed_seconds:,.0f} divisions/s.",
    ]

    # Scoping: the code-range subtree (one indexed query) against a naive parent walk.
    city = Region.objects.filter(level=2).order_by("code").first()

    def by_range():
        return list(Region.objects.within(city.code).values_list("pk", flat=True))

    def by_walk():
        found, frontier = [city.pk], [city.pk]
        while frontier:
            frontier = list(
                Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            )
            found += frontier
        return found

    assert sorted(by_range()) == sorted(by_walk())
    range_t = _timeit(by_range, 50)
    walk_t = _timeit(by_walk, 50)
    range_ms, walk_ms = statistics.median(range_t) * 1000, statistics.median(walk_t) * 1000
    lines += [
        f"- Subtree of one city ({len(by_range()):,} divisions): code-range query "
        f"{range_ms:.2f} ms (p50) vs level-by-level parent walk {walk_ms:.2f} ms — "
        f"{walk_ms / range_ms:.1f}× faster, and one query instead of {_levels(city)}.",
    ]

    # Server time of pages through the full middleware stack (Django test client, no network).
    staff = User.objects.get(username="demo-staff")
    admin = User.objects.get(username="demo-admin")
    rows = [
        "",
        "| page | user | p50 ms | p95 ms | requests/s | queries |",
        "|---|---|---|---|---|---|",
    ]
    for url, user in [
        ("/", staff),
        ("/accounts/regions/", staff),
        ("/api/v1/regions/", staff),
        ("/accounts/users/", admin),
        ("/accounts/login/", None),
    ]:
        client = Client()
        if user is not None:
            client.force_login(user)
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        queries = len(ctx.captured_queries)
        reset_queries()
        times = _timeit(lambda c=client, u=url: c.get(u), 200)
        rows.append(
            f"| `{url}` | {user.username if user else 'anonymous'} | "
            f"{_pct(times, 0.5) * 1000:.1f} | {_pct(times, 0.95) * 1000:.1f} | "
            f"{len(times) / sum(times):,.0f} | {queries} |"
        )
    lines += rows
    return "\n".join(lines)


def _levels(city) -> int:
    from kechuang.accounts.models import Region

    return Region.objects.within(city.code).values("level").distinct().count()
