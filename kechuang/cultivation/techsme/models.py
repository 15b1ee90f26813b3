"""Tech-based SME registration (科技型中小企业入库): statuses, registrations, dated history.

The batch calendar is data (``core.Batch``, kind "techsme"). An enterprise's registration for a
year moves mobilised → self-evaluated → publicised → registered (with the registration number)
or rejected (with the reason); a registered enterprise may later be revoked (115号 Art. 14).
Every move is a ``SmeEvent`` through the state-change block. Registered enterprises must update
their information by the end of March of the following year (115号 Art. 12).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kechuang.core.calendar import BatchKind, register_kind
from kechuang.core.fields import year_range, year_validators
from kechuang.core.models import Batch
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.core.states import INITIAL, StateEvent, Workflow
from kechuang.core.states import register as register_workflow
from kechuang.enterprises.models import Enterprise

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

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        """(value, label) of each status this registration may move to next."""
        return [(v, str(SmeStatus(v).label)) for v in sorted(NEXT[self.status])]

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
