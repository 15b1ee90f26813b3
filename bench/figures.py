"""Every registered figure against its budget (issue #15, goal 5).

For the whole province (100,000 enterprises from the demo generator; ``BENCH_SCALE=city`` for a
quick look at 4,800) and the latest year, each figure is computed cold — its value and the
report's examples, as the dashboard and the work report use it — and its time set beside its
``budget_ms``. A figure over budget makes ``make bench`` exit non-zero (after this section is
written), so a work line that adds a slow figure is caught where it is added.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

PROBLEMS: list[str] = []


def failures() -> list[str]:
    return list(PROBLEMS)


def _data() -> tuple[Any, Any]:
    from kechuang.accounts.models import Region
    from kechuang.demo.generator import DemoGenerator
    from kechuang.enterprises.models import Enterprise

    scale = os.environ.get("BENCH_SCALE", "province")
    wanted = 100_000 if scale == "province" else 4_000
    if Enterprise.objects.count() < wanted:
        if scale == "province":
            from .registry import run as registry_run

            registry_run()
        else:
            DemoGenerator(seed=42, scale=scale, log=lambda _m: None).run()
    from .__main__ import analyze

    analyze()
    root = Region.objects.filter(parent__isnull=True).order_by("code").first()
    return root, Enterprise.objects.count()


def run() -> str:
    from django.core.cache import cache

    from kechuang.core import figures
    from kechuang.core.periods import Period
    from kechuang.enterprises.models import AnnualFigures

    from .registry import _province_staff

    region, enterprises = _data()
    user = _province_staff()
    year = AnnualFigures.objects.order_by("-year").values_list("year", flat=True).first()
    period = Period.year_of(year)
    rows, timings = [], {}
    for key, figure in sorted(figures.FIGURES.items()):
        if key.startswith("example."):
            continue  # the developer guide's worked example is not part of the product
        runs = []
        for _ in range(3):
            cache.clear()
            start = time.perf_counter()
            result = figures.compute(key, user=user, region=region, period=period)
            result.examples()  # what the work report's sentence names
            runs.append((time.perf_counter() - start) * 1000)
        records = result.records.count() if result.records is not None else None
        ms = statistics.median(runs)
        timings[key] = ms
        mark = "**over**" if ms > figure.budget_ms else "ok"
        rows.append(
            f"| `{key}` | {figure.label} | {ms:.0f} | {figure.budget_ms} | {mark} | "
            f"{'—' if records is None else f'{records:,}'} |"
        )
    PROBLEMS[:] = figures.over_budget(timings)
    total = sum(timings.values())
    lines = [
        "## Every figure against its budget (issue #15)",
        "",
        f"{enterprises:,} enterprises, the whole region ({region.name}), year {year}, a "
        "province-level staff user; each figure cold (value and the report's examples), median "
        "of 3; the records column (counted apart) is how many enterprises stand behind it.",
        "",
        "| figure | label | ms | budget ms | | records |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
        f"All {len(timings)} figures: {total:,.0f} ms in sequence. "
        + (
            f"**Over budget: {'; '.join(PROBLEMS)}** — `make bench` exits 1."
            if PROBLEMS
            else "None over budget."
        ),
    ]
    return "\n".join(lines)
