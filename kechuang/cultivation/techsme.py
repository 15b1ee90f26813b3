"""Tech-based SME registration (科技型中小企业入库): yearly batches and each enterprise's status.

The batch calendar is data, set by staff each year (rules.md §2: "store it as configuration, not
code"). An enterprise's registration for a year moves mobilised → self-evaluated → publicised →
registered (with the registration number) or rejected (with the reason); a registered enterprise
may later be revoked (with the reason, 115号 Art. 14). Registered enterprises must update their
information by the end of March of the following year (115号 Art. 12); ``updated_on`` records it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from kechuang.core.calendar import BatchKind, register_kind
from kechuang.core.fields import year_range, year_validators
from kechuang.core.models import Batch
from kechuang.core.scoping import Scope, ScopedQuerySet, check_enterprise_in_scope
from kechuang.core.states import INITIAL, StateEvent, Workflow, transition
from kechuang.core.states import register as register_workflow
from kechuang.enterprises.models import Enterprise, Qualification

UPDATE_DUE = (3, 31)  # 每年3月底前 (115号 Art. 12)


SME_BATCH = register_kind(
    BatchKind(
        "techsme",
        label=_("科小评价批次"),
        opens_label=_("开始日期"),
        closes_label=_("截止日期"),
        publicise_label=_("公示完成日期"),
    )
)


class SmeStatus(models.TextChoices):
    MOBILISED = "mobilised", _("已动员")
    SELF_EVALUATED = "self_evaluated", _("已自评")
    PUBLICISED = "publicised", _("公示中")
    REGISTERED = "registered", _("已入库")
    REJECTED = "rejected", _("未入库")
    REVOKED = "revoked", _("已撤销")


NEXT: dict[str, set[str]] = {
    SmeStatus.MOBILISED: {SmeStatus.SELF_EVALUATED},
    SmeStatus.SELF_EVALUATED: {SmeStatus.PUBLICISED, SmeStatus.REJECTED},
    SmeStatus.PUBLICISED: {SmeStatus.REGISTERED, SmeStatus.REJECTED},
    SmeStatus.REGISTERED: {SmeStatus.REVOKED},
    SmeStatus.REJECTED: set(),
    SmeStatus.REVOKED: set(),
}


class SmeRegistration(models.Model):
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="sme_registrations",
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("批次"),
        limit_choices_to={"kind": "techsme"},
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=SmeStatus.choices, default=SmeStatus.MOBILISED
    )
    status_on = models.DateField(_("状态日期"))
    registration_number = models.CharField(_("入库登记编号"), max_length=40, blank=True)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    updated_on = models.DateField(
        _("年度信息更新日期"), null=True, blank=True, help_text=_("次年3月底前须完成")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("科小入库")
        verbose_name_plural = _("科小入库")
        ordering = ["-year", "enterprise"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="sme_registration_once"),
            year_range("sme_registration_year_range"),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="sme_year_status"),
            models.Index(fields=["status", "status_on"], name="sme_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} {self.get_status_display()}"

    @property
    def update_due(self) -> date:
        return date(self.year + 1, *UPDATE_DUE)

    def clean(self) -> None:
        if self.batch is not None and self.batch.kind != SME_BATCH.key:
            raise ValidationError({"batch": _("请选择科小评价批次。")})
        if self.batch is not None and self.batch.year != self.year:
            raise ValidationError({"batch": _("批次年度与入库年度不一致。")})
        if self.status == SmeStatus.REGISTERED and not self.registration_number:
            raise ValidationError({"registration_number": _("入库须填写入库登记编号。")})
        if self.status in (SmeStatus.REJECTED, SmeStatus.REVOKED) and not self.reason:
            raise ValidationError({"reason": _("请填写未入库或撤销的原因。")})


class SmeEvent(StateEvent):
    """One dated status of a registration: the history is kept, a revocation is a new event
    (the registration still counts in the period it was registered)."""

    registration = models.ForeignKey(
        SmeRegistration, verbose_name=_("科小入库"), on_delete=models.CASCADE, related_name="events"
    )
    registration_number = models.CharField(_("入库登记编号"), max_length=40, blank=True)
    reason = models.CharField(_("原因"), max_length=300, blank=True)

    class Meta(StateEvent.Meta):
        verbose_name = _("科小入库状态")
        verbose_name_plural = _("科小入库状态")
        indexes = [models.Index(fields=["state", "occurred_on"], name="sme_event_state_date")]

    def __str__(self) -> str:
        return f"{self.registration} {SME_WORKFLOW.label(self.state)} {self.occurred_on}"


SME_WORKFLOW = register_workflow(
    Workflow(
        "techsme",
        choices=SmeStatus,
        moves={
            INITIAL: frozenset({SmeStatus.MOBILISED}),
            **{state: frozenset(targets) for state, targets in NEXT.items()},
        },
        event_model=SmeEvent,
        subject="registration",
    )
)
# An imported list records where each enterprise stands today: a new row may start anywhere.
IMPORT_FIRST_STATES = frozenset(SmeStatus.values)


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


def updates_due(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    """Registered last year and the annual update not recorded yet (pending or overdue)."""
    return (
        SmeRegistration.objects.visible_to(user)
        .filter(year=today.year - 1, status=SmeStatus.REGISTERED, updated_on__isnull=True)
        .select_related("enterprise")
    )


def updates_overdue(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    """Not updated, and the end-of-March deadline has passed."""
    qs = updates_due(user=user, today=today)
    return qs if today > date(today.year, *UPDATE_DUE) else qs.none()


def updates_pending(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    """Not updated, deadline still ahead (the reminder window)."""
    qs = updates_due(user=user, today=today)
    return qs.none() if today > date(today.year, *UPDATE_DUE) else qs


def behind_batch(*, user: Any, today: date) -> models.QuerySet[SmeRegistration]:
    """Still mobilised after their batch closed: the self-evaluation was missed."""
    return (
        SmeRegistration.objects.visible_to(user)
        .filter(status=SmeStatus.MOBILISED, batch__closes_on__lt=today)
        .select_related("enterprise", "batch")
    )


def status_counts(*, user: Any, year: int) -> dict[str, int]:
    rows = (
        SmeRegistration.objects.visible_to(user)
        .filter(year=year)
        .values("status")
        .annotate(n=models.Count("pk"))
    )
    counts = {s.value: 0 for s in SmeStatus}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts
