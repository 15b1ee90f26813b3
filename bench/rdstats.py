"""R&D survey (issue #6): the figures of a province-sized campaign (100,000 forms)."""

from __future__ import annotations

import random
import statistics
import time
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .registry import _pct, _province_staff


def _timed(func: Any, runs: int = 10) -> tuple[float, float]:
    func()  # warm the caches once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, _pct(times, 0.95) * 1000


def _naive_figures(campaign: Any) -> Decimal:
    """What a spreadsheet-style script does: load every accepted form, add up in Python."""
    from kechuang.rdstats.models import SurveyForm

    total = Decimal(0)
    below = 0
    towns: dict[int, Decimal] = {}
    for form in SurveyForm.objects.filter(campaign=campaign, status="accepted").select_related(
        "enterprise"
    ):
        total += form.exp_total or 0
        ratio = form.rd_ratio
        if ratio is not None and ratio < campaign.threshold:
            below += 1
        region = form.enterprise.region_id
        towns[region] = towns.get(region, Decimal(0)) + (form.exp_total or 0)
    return total


def run() -> str:
    from kechuang.accounts.models import Region
    from kechuang.demo.rdsurvey import build_campaign
    from kechuang.enterprises.models import AnnualFigures, Enterprise
    from kechuang.rdstats import selectors
    from kechuang.rdstats.models import SurveyCampaign

    lines = ["## R&D survey figures (issue #6)", ""]
    if Enterprise.objects.count() < 100_000:
        from .registry import run as registry_run

        registry_run()  # builds the province database first
    province = Region.objects.get(code="99")
    year = AnnualFigures.objects.order_by("-year").values_list("year", flat=True).first()
    campaign = SurveyCampaign.objects.filter(region=province, year=year).first()
    if campaign is None:
        Enterprise.objects.update(in_rd_statistics=True)
        start = time.perf_counter()
        campaign = build_campaign(
            random.Random(6),
            province,
            year,
            [("accepted", 80), ("submitted", 8), ("returned", 2), ("draft", 5), ("pending", 5)],
            audited=False,
            gdp=Decimal("8500000000000"),
        )
        seconds = time.perf_counter() - start
        lines.append(
            f"- Built a province-wide campaign of {campaign.forms.count():,} forms (with their "
            f"status events) from the registry's figures in {seconds:.0f} s."
        )
    from .__main__ import analyze

    analyze()
    user = _province_staff()
    forms = campaign.forms.count()
    accepted = campaign.forms.filter(status="accepted").count()

    p50, p95 = _timed(lambda: selectors.figures(user=user, campaign=campaign))
    with CaptureQueriesContext(connection) as ctx:
        selectors.figures(user=user, campaign=campaign)
    queries = len(ctx.captured_queries)
    start = time.perf_counter()
    _naive_figures(campaign)
    naive_ms = (time.perf_counter() - start) * 1000

    client = Client()
    client.force_login(user)
    pages = [
        (
            "figures page (all aggregates, chart, areas, industries)",
            f"/rdstats/campaigns/{campaign.pk}/figures/",
            {},
        ),
        ("campaign page (counts + first 50 laggards)", f"/rdstats/campaigns/{campaign.pk}/", {}),
        (
            "drill-down: accepted, R&D/revenue below 3 %, first page",
            f"/rdstats/campaigns/{campaign.pk}/forms/",
            {"status": "accepted", "below": "1"},
        ),
        (
            "drill-down: band 3–5 %, sorted by R&D",
            f"/rdstats/campaigns/{campaign.pk}/forms/",
            {"status": "accepted", "band": "3-5", "sort": "rd"},
        ),
    ]
    lines += [
        f"- Campaign: {forms:,} forms, {accepted:,} accepted; province-level staff user.",
        f"- **Aggregates (`rdstats.selectors.figures`: status counts, total, bands, below "
        f"threshold, by area, by industry, year on year, intensity): p50 {p50:.0f} ms, "
        f"p95 {p95:.0f} ms, {queries} queries** (target ≤ 2 s) — "
        f"{accepted / (p50 / 1000):,.0f} accepted forms aggregated per second.",
        f"- Loading every accepted form and adding up in Python (the spreadsheet way): "
        f"{naive_ms:,.0f} ms — the database aggregates are **{naive_ms / p50:.1f}×** faster.",
        "",
        "Pages, server time through the full middleware stack:",
        "",
        "| page | p50 ms | p95 ms |",
        "|---|---|---|",
    ]
    for label, url, params in pages:
        assert client.get(url, params).status_code == 200
        p50, p95 = _timed(lambda url=url, params=params: client.get(url, params), runs=5)
        lines.append(f"| {label} | {p50:.0f} | {p95:.0f} |")
    return "\n".join(lines)
