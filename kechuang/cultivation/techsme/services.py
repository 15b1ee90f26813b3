"""Changes to tech-SME registrations, through the state-change block."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kechuang.core.models import Batch
from kechuang.core.scoping import check_enterprise_in_scope
from kechuang.core.states import transition
from kechuang.cultivation.techsme.models import SME_WORKFLOW, SmeRegistration, SmeStatus
from kechuang.enterprises.models import Enterprise, Qualification


@transaction.atomic
def registration_mobilise(
    *, actor: Any, enterprise: Enterprise, year: int, on: date, batch: Batch | None = None
) -> SmeRegistration:
    check_enterprise_in_scope(actor, enterprise)
    if SmeRegistration.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationError(
            {"enterprise": _("%(e)s 已有%(y)s年度的科小入库记录。") % {"e": enterprise, "y": year}}
        )
    item = SmeRegistration(
        enterprise=enterprise,
        year=year,
        batch=batch,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    transition(workflow=SME_WORKFLOW, actor=actor, obj=item, to=SmeStatus.MOBILISED, on=on)
    return item


@transaction.atomic
def registration_advance(
    *,
    actor: Any,
    registration: SmeRegistration,
    status: str,
    on: date,
    registration_number: str = "",
    reason: str = "",
    batch: Batch | None = None,
) -> SmeRegistration:
    """Move a registration to its next status; registering also records the qualification."""
    check_enterprise_in_scope(actor, registration.enterprise)
    record: dict[str, Any] = {}
    if batch is not None:
        record["batch"] = batch
    if registration_number:
        record["registration_number"] = registration_number
    if reason:
        record["reason"] = reason
    transition(
        workflow=SME_WORKFLOW,
        actor=actor,
        obj=registration,
        to=status,
        on=on,
        record=record,
        registration_number=registration_number,
        reason=reason,
    )
    item = SmeRegistration.objects.get(pk=registration.pk)
    if status == SmeStatus.REGISTERED:
        from kechuang.enterprises import services as registry_services

        registry_services.qualification_create(
            actor=None,
            enterprise=item.enterprise,
            kind="tech_sme",
            number=registration_number,
            year=item.year,
            issued_on=on,
            valid_until=date(item.year, 12, 31),
            note=_("由科小入库记录生成"),
        )
    if status == SmeStatus.REVOKED:
        # the number is revoked for the year of the act (115号 Art. 14): the registry must stop
        # counting the enterprise as a tech SME from that day on
        for qualification in Qualification.objects.filter(
            enterprise=item.enterprise, kind="tech_sme", year=item.year
        ):
            qualification.valid_until = on
            qualification.note = _("已撤销：%(r)s") % {"r": reason}
            qualification.save(update_fields=["valid_until", "note"])
    return item


def update_mark(*, actor: Any, registration: SmeRegistration, on: date) -> SmeRegistration:
    check_enterprise_in_scope(actor, registration.enterprise)
    if registration.status != SmeStatus.REGISTERED:
        raise ValidationError({"updated_on": _("只有已入库企业需要年度信息更新。")})
    registration.updated_on = on
    registration.save(update_fields=["updated_on"])
    return registration
