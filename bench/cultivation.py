"""Eligibility (issue #4): the pure engine, and 100,000 enterprise-years assessed and stored."""

from __future__ import annotations

import time
from typing import Any


def _naive_rate(enterprises: list[Any], year: int) -> float:
    """Per enterprise: its own queries for figures, IP and qualifications, assess, save."""
    from django.db import transaction

    from kechuang.cultivation.assessments.services import build
    from kechuang.cultivation.models import Assessment
    from kechuang.enterprises.facts import inputs_for

    start = time.perf_counter()
    with transaction.atomic():
        for enterprise in enterprises:
            inputs = inputs_for([enterprise], year)[enterprise.pk]  # 4 queries per enterprise
            for rule in ("hte", "techsme"):
                build(enterprise, year, rule, inputs[rule], None).save()
        transaction.set_rollback(True)
    assert Assessment.objects.count() >= 0
    return len(enterprises) / (time.perf_counter() - start)


def run() -> str:
    from kechuang.cultivation.assessments.services import assess_enterprises
    from kechuang.cultivation.models import Assessment
    from kechuang.enterprises.facts import inputs_for
    from kechuang.enterprises.models import AnnualFigures, Enterprise
    from kechuang.rules import hte, techsme

    lines = ["## Eligibility engine and assessments (issue #4)", ""]
    if Enterprise.objects.count() < 100_000:
        from .registry import run as registry_run

        registry_run()  # builds the province database first
    year = AnnualFigures.objects.order_by("-year").values_list("year", flat=True).first() + 1
    enterprises = list(
        Enterprise.objects.only("pk", "registered_on", "tech_field", "region_id", "name").order_by(
            "pk"
        )
    )

    sample = enterprises[:20_000]
    inputs = inputs_for(sample, year)
    start = time.perf_counter()
    for data in inputs.values():
        hte.assess(data["hte"])
        techsme.assess(data["techsme"])
    engine_seconds = time.perf_counter() - start
    per_second = 2 * len(sample) / engine_seconds
    lines.append(
        f"- Pure engine (no database): {per_second:,.0f} assessments/s "
        f"({len(sample):,} enterprises × HTE + tech SME in {engine_seconds:.1f} s)."
    )

    Assessment.objects.all().delete()
    start = time.perf_counter()
    count = assess_enterprises(actor=None, enterprises=enterprises, year=year)
    seconds = time.perf_counter() - start
    stored = Assessment.objects.count()
    naive = _naive_rate(enterprises[:1000], year)
    ours = count / seconds
    lines += [
        f"- **{count:,} enterprise-years assessed from the database (HTE + tech SME) and "
        f"{stored:,} assessments stored with their input snapshots: {seconds:.1f} s — "
        f"{ours:,.0f} enterprise-years/s** (target ≤ 30 s).",
        f"- Naive per-enterprise loop (its own queries, one save per assessment), first 1,000: "
        f"{naive:,.0f} enterprise-years/s — the bulk path is **{ours / naive:.1f}×** faster "
        f"(the naive loop would need {count / naive:.0f} s).",
    ]
    return "\n".join(lines)
