"""Assess enterprises and store the results; one enterprise or a whole region, in bulk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from kechuang.core.bulk import insert_many
from kechuang.core.models import Job
from kechuang.core.services import job_progress
from kechuang.enterprises.facts import inputs_for
from kechuang.enterprises.models import Enterprise
from kechuang.rules import hte, techsme
from kechuang.rules.common import Result, plain

from .models import Assessment

RULES: dict[str, Callable[[Any], Result]] = {"hte": hte.assess, "techsme": techsme.assess}
INPUTS: dict[str, Any] = {"hte": hte.HteInput, "techsme": techsme.TechSmeInput}


def compact(result: Result) -> dict[str, Any]:
    """What is stored of a result. The criteria are not: replaying the stored input snapshot
    under the stored (frozen) rule version gives them back exactly (see ``replay``)."""
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


def replay(rule: str, snapshot: dict[str, Any]) -> Result:
    return RULES[rule](INPUTS[rule].from_dict(snapshot))


BATCH = 2000


def _snapshot(data: Any) -> dict[str, Any]:
    snapshot: dict[str, Any] = plain(data)
    return snapshot


def build(enterprise: Enterprise, year: int, rule: str, data: Any, actor: Any) -> Assessment:
    result = RULES[rule](data)
    return Assessment(
        enterprise=enterprise,
        rule=rule,
        year=year,
        rule_version=result.version,
        verdict=result.verdict,
        score_min=result.score_min,
        score_max=result.score_max,
        gap_codes="|" + "|".join(g.code for g in result.gaps) + "|" if result.gaps else "",
        gap_count=len(result.gaps),
        snapshot=_snapshot(data),
        result=compact(result),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


@transaction.atomic
def assess_enterprises(
    *, actor: Any, enterprises: list[Enterprise], year: int, progress: Any = None
) -> int:
    """Assess (HTE and tech SME) and store; earlier assessments stay, marked not latest."""
    done = 0
    for start in range(0, len(enterprises), BATCH):
        chunk = enterprises[start : start + BATCH]
        inputs = inputs_for(chunk, year)
        rows = [build(e, year, rule, inputs[e.pk][rule], actor) for e in chunk for rule in RULES]
        Assessment.objects.filter(
            enterprise__in=[e.pk for e in chunk], year=year, is_latest=True
        ).update(is_latest=False)
        insert_many(Assessment, rows)  # derived rows: no signals, no ids needed
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
    return {"assessed": count, "year": year}
