"""Changes on the HTE line: stage events checked against the stage rules, corrections,
activities and annual reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.scoping import check_enterprise_in_scope
from kechuang.core.states import INITIAL, check_move
from kechuang.cultivation.hte.models import (
    ACTIVITY_STAGE,
    HTE_WORKFLOW,
    Activity,
    ActivityKind,
    AnnualReport,
    PipelineEvent,
    Stage,
    hte_valid_until,
    rank,
)
from kechuang.enterprises import services as registry_services
from kechuang.enterprises.models import Enterprise, Qualification


def active_events(enterprise_id: int, year: int) -> list[PipelineEvent]:
    """The enterprise's events of the year that no correction superseded, oldest first."""
    return list(
        PipelineEvent.objects.filter(
            enterprise_id=enterprise_id, year=year, superseded_by__isnull=True
        ).order_by("occurred_on", "pk")
    )


def current_stage(events: list[PipelineEvent]) -> str | None:
    if not events:
        return None
    return max(events, key=lambda e: (rank(e.stage), e.occurred_on, e.pk)).stage


def check_stage(events: list[PipelineEvent], stage: str) -> None:
    """Raise ValidationError if ``stage`` may not follow ``events``: the HTE workflow's
    transitions map (core.states) over the current stage."""
    check_move(HTE_WORKFLOW, current_stage(events) or INITIAL, stage)


@transaction.atomic
def event_record(
    *,
    actor: Any,
    enterprise: Enterprise,
    year: int,
    stage: str,
    occurred_on: date,
    batch: int | None = None,
    participants: str = "",
    note: str = "",
    certificate_number: str = "",
    certificate_issued_on: date | None = None,
    reason: str = "",
    activity: Activity | None = None,
    supersedes: PipelineEvent | None = None,
    attachment: Any = None,
) -> PipelineEvent:
    check_enterprise_in_scope(actor, enterprise)
    events = [
        e for e in active_events(enterprise.pk, year) if supersedes is None or e.pk != supersedes.pk
    ]
    check_stage(events, stage)
    if stage == Stage.APPLIED and not batch:
        raise ValidationError({"batch": _("申报须填写批次。")})
    if stage == Stage.RECOGNISED and not (certificate_number and certificate_issued_on):
        raise ValidationError({"certificate_number": _("认定须填写证书编号和发证日期。")})
    if stage == Stage.NOT_RECOGNISED and not reason:
        raise ValidationError({"reason": _("请填写未通过原因。")})
    event = PipelineEvent(
        enterprise=enterprise,
        year=year,
        stage=stage,
        occurred_on=occurred_on,
        batch=batch,
        participants=participants,
        note=note,
        certificate_number=certificate_number,
        certificate_issued_on=certificate_issued_on,
        reason=reason,
        activity=activity,
        supersedes=supersedes,
        attachment=attachment or "",
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    event.full_clean()
    event.save()
    if stage == Stage.RECOGNISED and certificate_issued_on is not None:
        # The enterprise is an HTE holder from the issue date on: the registry sees it at once.
        registry_services.qualification_create(
            actor=None,
            enterprise=enterprise,
            kind="hte",
            number=certificate_number,
            year=certificate_issued_on.year,
            issued_on=certificate_issued_on,
            valid_until=hte_valid_until(certificate_issued_on),
            note=_("由认定环节记录生成"),
        )
    return event


@transaction.atomic
def event_correct(*, actor: Any, event: PipelineEvent, **changes: Any) -> PipelineEvent:
    """A correction: a new event that supersedes ``event`` (the old one stays, marked)."""
    if hasattr(event, "superseded_by"):
        raise ValidationError(_("该记录已被更正过，请更正最新的记录。"))
    fields = {
        name: getattr(event, name)
        for name in (
            "stage",
            "occurred_on",
            "batch",
            "participants",
            "note",
            "certificate_number",
            "certificate_issued_on",
            "reason",
            "activity",
            "attachment",
        )
    }
    fields.update(changes)
    return event_record(
        actor=actor, enterprise=event.enterprise, year=event.year, supersedes=event, **fields
    )


@transaction.atomic
def activity_record(
    *,
    actor: Any,
    kind: str,
    title: str,
    held_on: date,
    enterprises: list[Enterprise],
    year: int,
    place: str = "",
    organisers: str = "",
    materials: str = "",
) -> tuple[Activity, list[str]]:
    """Record one activity for many enterprises; each gets its stage event where the rules
    allow. Returns the activity and the names of enterprises skipped, with the reason."""
    region = actor.region if actor is not None else enterprises[0].region
    activity = Activity(
        kind=kind,
        title=title,
        held_on=held_on,
        place=place,
        organisers=organisers,
        materials=materials,
        region=region,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    activity.full_clean()
    activity.save()
    activity.enterprises.set(enterprises)
    skipped: list[str] = []
    stage = ACTIVITY_STAGE[ActivityKind(kind)]
    for enterprise in enterprises:
        try:
            event_record(
                actor=actor,
                enterprise=enterprise,
                year=year,
                stage=stage,
                occurred_on=held_on,
                participants=organisers,
                activity=activity,
            )
        except ValidationError as exc:
            skipped.append(f"{enterprise.name}：{'；'.join(exc.messages)}")
    return activity, skipped


@transaction.atomic
def annual_report_mark(
    *, actor: Any, certificate: Qualification, year: int, filed_on: date
) -> AnnualReport:
    report, _created = AnnualReport.objects.get_or_create(
        certificate=certificate,
        year=year,
        defaults={
            "filed_on": filed_on,
            "created_by": actor if getattr(actor, "pk", None) else None,
        },
    )
    return report
