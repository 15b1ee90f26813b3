"""Innovation platforms: the type dictionary, the platform, its dated history, its evaluations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields, year_range, year_validators
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.core.states import INITIAL, StateEvent, Workflow, register
from kechuang.enterprises.models import Enterprise, validate_contact_phone

from .choices import LEVEL_RANK, EvaluationGrade, PlatformLevel, PlatformStatus


class PlatformKind(models.Model):
    """A platform type (众创空间, 科技企业孵化器 …): a dictionary staff extend."""

    name = models.CharField(_("平台类型"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("平台类型")
        verbose_name_plural = _("平台类型")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# The field list, written once: forms, serializers, services and pages read it.
PLATFORM_FIELDS = Fields(
    "name",
    "kind",
    "host_enterprise",
    "host_institution",
    "partners",
    "region",
    "address",
    "contact_person",
    "contact_phone",
    "founded_on",
    "industry_code",
    own=("partners", "address", "contact_person", "contact_phone"),
)


class Platform(models.Model):
    name = models.CharField(_("平台名称"), max_length=200)
    kind = models.ForeignKey(
        PlatformKind, verbose_name=_("平台类型"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(
        _("现有级别"),
        max_length=20,
        choices=PlatformLevel.choices,
        blank=True,
        help_text=_("已获批的最高级别；尚未获批的留空"),
    )
    sought_level = models.CharField(
        _("申报级别"), max_length=20, choices=PlatformLevel.choices, blank=True
    )
    host_enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("依托企业"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
    )
    host_institution = models.CharField(
        _("依托单位（非企业）"),
        max_length=200,
        blank=True,
        help_text=_("依托高校、科研院所等非企业单位时填写"),
    )
    partners = models.CharField(
        _("合作单位与专家"),
        max_length=500,
        blank=True,
        help_text=_("高校、院所、院士专家，用顿号分隔"),
    )
    region = models.ForeignKey(
        Region, verbose_name=_("所在乡镇（街道）"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("地址"), max_length=300, blank=True)
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("联系电话"), max_length=30, blank=True, validators=[validate_contact_phone]
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    industry_code = models.CharField(_("重点产业（行业代码）"), max_length=5, blank=True)
    status = models.CharField(_("状态"), max_length=30, choices=PlatformStatus.choices, blank=True)
    status_on = models.DateField(_("状态日期"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    # staff by the platform's town; an enterprise user sees the platforms it hosts
    scope = Scope(region="region", enterprise="host_enterprise_id")

    class Meta:
        verbose_name = _("创新平台")
        verbose_name_plural = _("创新平台")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["region", "name"]),
            models.Index(fields=["kind", "level"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("platforms:platform_detail", args=[self.pk])

    @property
    def host_name(self) -> str:
        """The host: the enterprise's name, else the institution's."""
        return self.host_enterprise.name if self.host_enterprise_id else self.host_institution

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.host_enterprise_id is None and not self.host_institution.strip():
            errors["host_enterprise"] = _("请选择依托企业，或填写依托单位（高校、科研院所等）。")
        if self.host_enterprise_id is not None and self.host_institution.strip():
            errors["host_institution"] = _("依托企业与依托单位只填一项。")
        if self.sought_level and self.level and not above(self.sought_level, self.level):
            errors["sought_level"] = _("申报级别须高于现有级别（%(l)s）。") % {
                "l": PlatformLevel(self.level).label
            }
        if errors:
            raise ValidationError(errors)


def above(level: str, than: str) -> bool:
    """Whether ``level`` is higher than ``than`` ("" is below every level)."""
    return LEVEL_RANK.get(PlatformLevel(level), 0) > (
        LEVEL_RANK.get(PlatformLevel(than), 0) if than else 0
    )


class PlatformEvent(StateEvent):
    """A dated status of a platform; an approval carries its level, document number and issuer;
    an application the level it seeks."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.CASCADE, related_name="events"
    )
    level = models.CharField(_("级别"), max_length=20, choices=PlatformLevel.choices, blank=True)
    document_number = models.CharField(_("批准文号"), max_length=100, blank=True)
    issuer = models.CharField(_("发文单位"), max_length=100, blank=True)

    @property
    def state_label(self) -> str:
        return PLATFORM_WORKFLOW.label(self.state)

    class Meta(StateEvent.Meta):
        verbose_name = _("平台进展")
        verbose_name_plural = _("平台进展")
        indexes = [models.Index(fields=["state", "occurred_on"], name="platform_event_state_date")]


S = PlatformStatus
_BUILDING = frozenset({S.PLANNING, S.NEGOTIATING, S.INTENTION, S.APPLYING})
PLATFORM_WORKFLOW = register(
    Workflow(
        key="platforms.platform",
        choices=PlatformStatus,
        moves={
            # a platform already approved before it was recorded enters as approved
            INITIAL: _BUILDING | {S.APPROVED},
            S.PLANNING: frozenset({S.NEGOTIATING, S.INTENTION, S.APPLYING}),
            S.NEGOTIATING: frozenset({S.PLANNING, S.INTENTION, S.APPLYING}),
            S.INTENTION: frozenset({S.NEGOTIATING, S.APPLYING}),
            S.APPLYING: frozenset(
                {S.RECOMMENDED_CITY, S.RECOMMENDED_PROVINCE, S.PUBLICISED, S.APPROVED, S.REJECTED}
            ),
            S.RECOMMENDED_CITY: frozenset(
                {S.RECOMMENDED_PROVINCE, S.PUBLICISED, S.APPROVED, S.REJECTED}
            ),
            S.RECOMMENDED_PROVINCE: frozenset({S.PUBLICISED, S.APPROVED, S.REJECTED}),
            S.PUBLICISED: frozenset({S.APPROVED, S.REJECTED}),
            # a level-up is a new application on the same platform; the history stays
            S.APPROVED: frozenset({S.PLANNING, S.APPLYING, S.REVOKED}),
            S.REJECTED: frozenset({S.PLANNING, S.APPLYING}),
            S.REVOKED: frozenset({S.PLANNING}),
        },
        event_model=PlatformEvent,
        subject="platform",
        requires={
            S.APPROVED: {
                "level": _("请填写获批级别。"),
                "document_number": _("获批须填写批准文号。"),
                "issuer": _("获批须填写发文单位。"),
            },
            S.APPLYING: {"level": _("请填写申报级别。")},
        },
    )
)


class PlatformEvaluation(models.Model):
    """An annual evaluation of an approved platform (优秀 / 合格 / 不合格), one per year."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("考核年度"), validators=year_validators())
    grade = models.CharField(_("考核结果"), max_length=20, choices=EvaluationGrade.choices)
    evaluated_on = models.DateField(_("考核日期"))
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="platform__region", enterprise="platform__host_enterprise_id")

    class Meta:
        verbose_name = _("平台年度考核")
        verbose_name_plural = _("平台年度考核")
        ordering = ["platform", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="platform_evaluation_once"),
            year_range("platform_evaluation_year"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year} {self.get_grade_display()}"
