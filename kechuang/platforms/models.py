"""Innovation platforms: the type dictionary, the platform, its dated history, its evaluations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
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


class KindQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> KindQuerySet:
        """Reference data: every signed-in user of the bureau or an enterprise reads it."""
        from kechuang.core.scoping import user_roles

        return self if user_roles(user) else self.none()


class PlatformKind(models.Model):
    """A platform type (众创空间, 科技企业孵化器 …): a dictionary staff extend."""

    name = models.CharField(_("平台类型"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    is_rd_institution = models.BooleanField(
        _("属于研发机构"),
        default=False,
        help_text=_(
            "重点实验室、工程技术研究中心、企业技术中心等：省部级以上的，"
            "依托企业可直接认定为科技型中小企业"
        ),
    )
    is_open_platform = models.BooleanField(
        _("属于开放式创新创业平台"),
        default=False,
        help_text=_("众创空间、孵化器、星创天地等：高企“研究开发组织管理水平”的评价依据之一"),
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = KindQuerySet.as_manager()

    class Meta:
        verbose_name = _("平台类型")
        verbose_name_plural = _("平台类型")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("platforms:kind_detail", args=[self.pk])


KIND_FIELDS = Fields("name", "order", "is_active", "is_rd_institution", "is_open_platform")


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
        PlatformKind, verbose_name=_("平台类型"), on_delete=models.PROTECT, related_name="platforms"
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
    # name, host enterprise's name and institution in one column: the list's search reads it
    # instead of joining the enterprise table (a province: 100,000 names) into every query
    search_text = models.CharField(_("检索文本"), max_length=700, blank=True, editable=False)
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
            # the list's order: a database walks it and stops at a page instead of joining and
            # sorting every platform of a province (PostgreSQL: 125 → 67 ms a page)
            models.Index(fields=["name", "id"], name="platform_name_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_search_text()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("platforms:platform_detail", args=[self.pk])

    @property
    def host_name(self) -> str:
        """The host: the enterprise's name, else the institution's."""
        host = self.host_enterprise if self.host_enterprise_id else None
        return host.name if host is not None else self.host_institution

    def set_search_text(self) -> None:
        host = self.host_enterprise if self.host_enterprise_id else None
        parts = (self.name, host.name if host is not None else "", self.host_institution)
        self.search_text = " ".join(p for p in parts if p)[:700]

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

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="platform__region", enterprise="platform__host_enterprise_id")

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


class Criterion(models.Model):
    """One level-up condition for a platform type and target level in a year: a number the
    platform's yearly value must reach (在孵企业 ≥ 50 家). Staff edit them per year."""

    kind = models.ForeignKey(
        PlatformKind, verbose_name=_("平台类型"), on_delete=models.CASCADE, related_name="criteria"
    )
    level = models.CharField(_("目标级别"), max_length=20, choices=PlatformLevel.choices)
    year = models.PositiveSmallIntegerField(_("适用年度"), validators=year_validators())
    key = models.SlugField(_("指标代码"), max_length=40, help_text=_("英文字母、数字和下划线"))
    label = models.CharField(_("指标名称"), max_length=60, help_text=_("如：在孵企业"))
    unit = models.CharField(_("单位"), max_length=10, help_text=_("如：家、平方米、万元、%"))
    minimum = models.DecimalField(_("最低要求"), max_digits=14, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    source = models.CharField(_("依据"), max_length=200, blank=True)

    objects = KindQuerySet.as_manager()

    class Meta:
        verbose_name = _("升级条件")
        verbose_name_plural = _("升级条件")
        ordering = ["kind__order", "kind__name", "level", "-year", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level", "year", "key"], name="platform_criterion_once"
            ),
            year_range("platform_criterion_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.kind} {self.get_level_display()} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("platforms:criterion_detail", args=[self.pk])


class ValuesStatus(models.TextChoices):
    DRAFT = "draft", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已审核")
    RETURNED = "returned", _("已退回")


class PlatformYear(models.Model):
    """A platform's yearly values for the level-up checklist, with evidence files attached;
    the host enterprise fills and submits them, staff review (accept or return)."""

    platform = models.ForeignKey(
        Platform, verbose_name=_("平台"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    values = models.JSONField(_("指标值"), default=dict, blank=True)
    status = models.CharField(
        _("审核状态"), max_length=20, choices=ValuesStatus.choices, default=ValuesStatus.DRAFT
    )
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="platform__region", enterprise="platform__host_enterprise_id")

    class Meta:
        verbose_name = _("平台年度指标")
        verbose_name_plural = _("平台年度指标")
        ordering = ["platform", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["platform", "year"], name="platform_year_once"),
            year_range("platform_year_year"),
        ]

    def __str__(self) -> str:
        return f"{self.platform} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("platforms:readiness", args=[self.platform_id]) + f"?year={self.year}"
