"""The policy library (with eligibility as structured conditions), the push ledger, and
dissemination records."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields
from kechuang.core.money import money_field
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.enterprises.models import Enterprise

from .choices import BenefitRule, Channel, Outlet, PolicyLevel, Response

POLICY_FIELDS = Fields(
    "title",
    "issuer",
    "document_number",
    "level",
    "issued_on",
    "expires_on",
    "summary",
    "benefits",
    "conditions",
    "benefit_rule",
    "benefit_amount",
    "region",
)


class Policy(models.Model):
    title = models.CharField(_("政策名称"), max_length=200)
    issuer = models.CharField(_("发文单位"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    level = models.CharField(_("政策层级"), max_length=20, choices=PolicyLevel.choices)
    issued_on = models.DateField(_("发布日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    summary = models.TextField(_("政策要点"), blank=True)
    benefits = models.TextField(
        _("支持内容"), blank=True, help_text=_("如：按研发费用的100%加计扣除")
    )
    conditions = models.JSONField(_("申报条件"), default=list, blank=True)
    benefit_rule = models.CharField(
        _("受益估算方式"), max_length=20, choices=BenefitRule.choices, default=BenefitRule.NONE
    )
    benefit_amount = money_field(_("定额奖补金额"), unit="元")
    region = models.ForeignKey(
        Region, verbose_name=_("登记区划"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("科技政策")
        verbose_name_plural = _("科技政策")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policies:policy_detail", args=[self.pk])

    def in_force(self, day: object) -> bool:
        return self.issued_on <= day and (self.expires_on is None or self.expires_on >= day)  # type: ignore[operator]

    def clean(self) -> None:
        if self.expires_on and self.issued_on and self.expires_on < self.issued_on:
            raise ValidationError({"expires_on": _("有效期不能早于发布日期。")})
        if self.benefit_rule == BenefitRule.FIXED and not self.benefit_amount:
            raise ValidationError({"benefit_amount": _("按定额估算时须填写定额奖补金额。")})


PUSH_FIELDS = Fields("policy", "enterprise", "pushed_on", "channel", "response", "note")


class Push(models.Model):
    """The push ledger (政策推送台账): who was told of which policy, when, by whom, how, and
    what they answered."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("政策"), on_delete=models.PROTECT, related_name="pushes"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    pushed_on = models.DateField(_("推送日期"))
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推送人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    channel = models.CharField(_("推送方式"), max_length=20, choices=Channel.choices)
    response = models.CharField(
        _("企业反馈"), max_length=20, choices=Response.choices, default=Response.PENDING
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("政策推送")
        verbose_name_plural = _("政策推送")
        ordering = ["-pushed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "enterprise", "pushed_on", "channel"], name="push_once"
            )
        ]
        indexes = [models.Index(fields=["policy", "enterprise"], name="push_policy_enterprise")]

    def __str__(self) -> str:
        return f"{self.pushed_on:%Y-%m-%d} {self.policy} → {self.enterprise}"

    def get_absolute_url(self) -> str:
        return reverse("policies:push_detail", args=[self.pk])


DISSEMINATION_FIELDS = Fields(
    "published_on", "outlet", "title", "policy", "reach", "link", "region", "note"
)


class Dissemination(models.Model):
    """A dissemination record (宣传): a WeChat or official-account post, a talk, with its
    title — the report counts and names them."""

    published_on = models.DateField(_("发布日期"))
    outlet = models.CharField(_("宣传方式"), max_length=20, choices=Outlet.choices)
    title = models.CharField(_("标题"), max_length=200)
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("相关政策"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disseminations",
    )
    reach = models.PositiveIntegerField(_("覆盖人次"), null=True, blank=True)
    link = models.URLField(_("链接"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("发布区划"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("宣传记录")
        verbose_name_plural = _("宣传记录")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policies:dissemination_detail", args=[self.pk])
