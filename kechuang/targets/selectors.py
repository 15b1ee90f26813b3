"""Live progress of annual targets, and a forecast from the pipeline's stage counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from kechuang.core.scoping import region_q
from kechuang.cultivation.hte.models import PipelineEvent, Stage
from kechuang.cultivation.hte.selectors import current_stages as cultivation_stages
from kechuang.cultivation.techsme.models import SmeRegistration
from kechuang.enterprises.selectors import tech_sme_of_year, valid_qualifications

from .models import Metric, Target

# Expected share of this year's tech-SME registrations, by status, that end up registered.
SME_PASS_RATES = {"mobilised": 0.4, "self_evaluated": 0.7, "publicised": 0.95}

# Used when there is no earlier year to learn from (settings.TARGET_DEFAULT_PASS_RATES overrides).
DEFAULT_PASS_RATES = {
    "pool": 0.1,
    "trained": 0.3,
    "guided": 0.4,
    "verified": 0.6,
    "applied": 0.75,
    "publicised": 0.95,
}


def current_stages(region_code: str, year: int) -> dict[int, str]:
    """The region's enterprises' current steps of the year (cultivation's one definition)."""
    return cultivation_stages(
        PipelineEvent.objects.filter(region_q("enterprise__region", region_code), year=year)
    )


def pass_rates(region_code: str, year: int) -> tuple[dict[str, float], str]:
    """Share of enterprises that, having reached a stage in an earlier year, were recognised."""
    reached: dict[str, int] = {}
    recognised: dict[str, int] = {}
    events = PipelineEvent.objects.filter(
        region_q("enterprise__region", region_code), year__lt=year, superseded_by__isnull=True
    )
    by_enterprise: dict[tuple[int, int], set[str]] = {}
    for enterprise_id, event_year, stage in events.values_list("enterprise_id", "year", "stage"):
        by_enterprise.setdefault((enterprise_id, event_year), set()).add(stage)
    for stages in by_enterprise.values():
        done = Stage.RECOGNISED in stages
        for stage in DEFAULT_PASS_RATES:
            if stage in stages:
                reached[stage] = reached.get(stage, 0) + 1
                recognised[stage] = recognised.get(stage, 0) + int(done)
    if not reached:
        defaults = getattr(settings, "TARGET_DEFAULT_PASS_RATES", DEFAULT_PASS_RATES)
        return dict(defaults), "默认通过率"
    rates = {
        s: (recognised.get(s, 0) / reached[s] if reached.get(s) else DEFAULT_PASS_RATES[s])
        for s in DEFAULT_PASS_RATES
    }
    return rates, "往年数据"


@dataclass(frozen=True)
class Progress:
    target: Target
    actual: int
    forecast: int
    basis: str

    @property
    def percent(self) -> int:
        return min(100, round(self.actual * 100 / self.target.value)) if self.target.value else 100


# Progress of a metric another work line keeps the records of (introduced talents: projects),
# registered by that line in its AppConfig.ready: metric -> callable(target) -> Progress.
PROGRESS_SOURCES: dict[str, Any] = {}


def register_progress(metric: str, source: Any) -> None:
    PROGRESS_SOURCES[metric] = source


def progress(target: Target) -> Progress:
    code = target.region.code
    if target.metric in PROGRESS_SOURCES:
        found: Progress = PROGRESS_SOURCES[target.metric](target)
        return found
    if target.metric == Metric.HTE_RECOGNISED:
        stages = current_stages(code, target.year)
        actual = sum(1 for s in stages.values() if s == Stage.RECOGNISED)
        rates, basis = pass_rates(code, target.year)
        expected = sum(rates.get(s, 0.0) for s in stages.values() if s in rates)
        return Progress(target, actual, actual + round(expected), basis)
    if target.metric == Metric.HTE_VALID:
        return _hte_valid(target)
    if target.metric == Metric.HTE_TRAINED:
        actual = (
            PipelineEvent.objects.filter(
                region_q("enterprise__region", code),
                year=target.year,
                stage=Stage.TRAINED,
                superseded_by__isnull=True,
            )
            .values("enterprise_id")
            .distinct()
            .count()
        )
        return Progress(target, actual, actual, "培训记录")
    actual = tech_sme_of_year(target.year).filter(region_q("enterprise__region", code)).count()
    in_progress = SmeRegistration.objects.filter(
        region_q("enterprise__region", code), year=target.year
    ).values_list("status", flat=True)
    expected = sum(SME_PASS_RATES.get(s, 0.0) for s in in_progress)
    return Progress(target, actual, actual + round(expected), "已入库数+在评企业")


def _hte_valid(target: Target) -> Progress:
    """Certificates valid on 31 Dec of the year; forecast adds the pipeline's expected passes."""
    code = target.region.code
    year_end = date(target.year, 12, 31)
    valid = (
        valid_qualifications("hte", year_end)  # the one definition, counted at the year's end
        .filter(region_q("enterprise__region", code), issued_on__lte=timezone.localdate())
        .values("enterprise_id")
        .distinct()
        .count()
    )
    stages = current_stages(code, target.year)
    rates, basis = pass_rates(code, target.year)
    expected = sum(rates.get(s, 0.0) for s in stages.values() if s in rates)
    return Progress(target, valid, valid + round(expected), basis)


def targets_for(*, user: Any, year: int) -> list[Progress]:
    targets = Target.objects.visible_to(user).filter(year=year).select_related("region")
    return [progress(t) for t in targets]


def home_widget(user: Any) -> dict[str, Any] | None:
    if not (user.role_names & {"staff", "leader"}):
        return None
    year = timezone.localdate().year
    rows = targets_for(user=user, year=year)
    return {"template": "targets/_home.html", "rows": rows, "year": year} if rows else None
