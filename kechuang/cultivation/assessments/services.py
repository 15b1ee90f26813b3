"""Assess enterprises and store the results; one enterprise or a whole region, in bulk."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db import transaction
from django.utils import timezone

from kechuang.core.bulk import insert_values
from kechuang.core.jobs import job_progress
from kechuang.core.models import Job
from kechuang.core.scoping import check_enterprise_in_scope
from kechuang.cultivation.models import Assessment, ExpertGrade
from kechuang.enterprises.facts import inputs_for
from kechuang.enterprises.models import Enterprise
from kechuang.rules import registry as rule_registry
from kechuang.rules.common import Result, plain

RULES = ("hte", "techsme")  # assessed for every enterprise; versions in kechuang.rules.registry


def compact(result: Result) -> dict[str, Any]:
    """What is stored of a result. The criteria are not: replaying the stored input snapshot
    under the stored (frozen) rule version gives them back exactly (rules.registry.replay)."""
    stored: dict[str, Any] = plain(
        {
            "rule": result.rule,
            "version": result.version,
            "verdict": result.verdict,
            "score_min": result.score_min,
            "score_max": result.score_max,
            "gaps": result.gaps,
            "notes": result.notes,
            "facts": result.facts,
        }
    )
    return stored


BATCH = 2000


def _snapshot(data: Any) -> dict[str, Any]:
    snapshot: dict[str, Any] = plain(data)
    return snapshot


ROW_FIELDS = (
    "enterprise",
    "rule",
    "year",
    "rule_version",
    "verdict",
    "score_min",
    "score_max",
    "gap_codes",
    "gap_count",
    "snapshot",
    "result",
    "is_latest",
    "created_by",
    "created_at",
)


def _row(
    enterprise_id: int, year: int, rule: str, data: Any, actor_id: int | None, now: Any
) -> tuple[Any, ...]:
    result = rule_registry.evaluate(rule, data)
    gap_codes = "|" + "|".join(g.code for g in result.gaps) + "|" if result.gaps else ""
    return (
        enterprise_id,
        rule,
        year,
        result.version,
        result.verdict,
        result.score_min,
        result.score_max,
        gap_codes,
        len(result.gaps),
        _snapshot(data),
        compact(result),
        True,
        actor_id,
        now,
    )


def build(enterprise: Enterprise, year: int, rule: str, data: Any, actor: Any) -> Assessment:
    """One assessment as an unsaved model instance (the bulk path inserts rows directly)."""
    values = _row(enterprise.pk, year, rule, data, getattr(actor, "pk", None), timezone.now())
    fields = dict(zip(ROW_FIELDS, values, strict=True))
    fields["enterprise_id"] = fields.pop("enterprise")
    fields["created_by_id"] = fields.pop("created_by")
    return Assessment(**fields)


def _graded_inputs(chunk: list[Enterprise], year: int) -> dict[int, dict[str, Any]]:
    """The rules' inputs from the registry; the experts' grades narrow the HTE innovation
    score from a band to points (issue #12)."""
    inputs = inputs_for(chunk, year)
    for grade in ExpertGrade.objects.filter(enterprise__in=[e.pk for e in chunk], year=year):
        graded = grade.as_inputs()
        if graded:
            inputs[grade.enterprise_id]["hte"] = dataclasses.replace(
                inputs[grade.enterprise_id]["hte"], **graded
            )
    return inputs


def evaluate_one(*, enterprise: Enterprise, year: int) -> dict[str, Assessment]:
    """What an assessment would say now, unsaved (a page shown on GET writes nothing)."""
    inputs = _graded_inputs([enterprise], year)[enterprise.pk]
    return {rule: build(enterprise, year, rule, inputs[rule], None) for rule in RULES}


@transaction.atomic
def assess_enterprises(
    *, actor: Any, enterprises: list[Enterprise], year: int, progress: Any = None
) -> int:
    """Assess (HTE and tech SME) and store; earlier assessments stay, marked not latest."""
    done = 0
    for start in range(0, len(enterprises), BATCH):
        chunk = enterprises[start : start + BATCH]
        inputs = _graded_inputs(chunk, year)
        now = timezone.now()
        actor_id = getattr(actor, "pk", None)
        rows = [
            _row(e.pk, year, rule, inputs[e.pk][rule], actor_id, now)
            for e in chunk
            for rule in RULES
        ]

        Assessment.objects.filter(
            enterprise__in=[e.pk for e in chunk], year=year, is_latest=True
        ).update(is_latest=False)
        insert_values(Assessment, ROW_FIELDS, rows)  # derived rows: no signals, no ids
        done += len(chunk)
        if progress:
            progress(done, len(enterprises))
    return done


def assess_one(*, actor: Any, enterprise: Enterprise, year: int) -> list[Assessment]:
    assess_enterprises(actor=actor, enterprises=[enterprise], year=year)
    return list(Assessment.objects.filter(enterprise=enterprise, year=year, is_latest=True))


def assess_all_job(*, job: Job, year: int, region_code: str) -> dict[str, Any]:
    """Job body: every enterprise of a region for a year, with progress."""
    from kechuang.core.scoping import region_q

    enterprises = list(
        Enterprise.objects.filter(region_q("region", region_code)).only(
            "pk", "registered_on", "tech_field", "region_id", "name"
        )
    )
    count = assess_enterprises(
        actor=job.created_by,
        enterprises=enterprises,
        year=year,
        progress=lambda done, total: job_progress(job=job, progress=done, total=total),
    )
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return {
        "assessed": count,
        "year": year,
        "url": f"{reverse('cultivation:pool')}?year={year}",
        "url_label": _("%(y)s年培育库（已评价%(n)d家）") % {"y": year, "n": count},
    }


GRADE_FIELDS = (
    "ip_advancement",
    "ip_core_support",
    "ip_obtained",
    "standards_bonus",
    "conversion_points",
    "rd_management_points",
    "expert",
    "note",
)


@transaction.atomic
def expert_grade_save(
    *, actor: Any, enterprise: Enterprise, year: int, **fields: Any
) -> tuple[ExpertGrade, list[Assessment]]:
    """Record the experts' grades of an enterprise for an application year, then re-assess it:
    the verdict narrows, the pool re-ranks."""
    check_enterprise_in_scope(actor, enterprise)
    unknown = set(fields) - set(GRADE_FIELDS)
    if unknown:
        raise ValueError(f"not grade fields: {sorted(unknown)}")
    grade = ExpertGrade.objects.filter(enterprise=enterprise, year=year).first() or ExpertGrade(
        enterprise=enterprise, year=year
    )
    for name, value in fields.items():
        setattr(grade, name, value)
    grade.entered_by = actor if getattr(actor, "pk", None) else None
    grade.entered_at = timezone.now()
    grade.full_clean()
    grade.save()
    return grade, assess_one(actor=actor, enterprise=enterprise, year=year)
