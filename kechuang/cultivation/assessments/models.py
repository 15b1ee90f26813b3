"""Stored assessments: the rule version, the input snapshot and the result, replayable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.fields import year_range, year_validators
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.enterprises.models import Enterprise


class RuleName(models.TextChoices):
    HTE = "hte", _("高新技术企业认定")
    TECHSME = "techsme", _("科技型中小企业评价")


class Verdict(models.TextChoices):
    PASS = "pass", _("符合")
    FAIL = "fail", _("不符合")
    UNDETERMINED = "undetermined", _("待定（需专家评分）")


class Assessment(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="assessments"
    )
    rule = models.CharField(_("规则"), max_length=20, choices=RuleName.choices)
    year = models.PositiveSmallIntegerField(_("评价年度"), validators=year_validators())
    rule_version = models.CharField(_("规则版本"), max_length=20)
    verdict = models.CharField(_("结论"), max_length=20, choices=Verdict.choices)
    score_min = models.SmallIntegerField(_("最低分"), null=True, blank=True)
    score_max = models.SmallIntegerField(_("最高分"), null=True, blank=True)
    # "|rd_ratio|st_staff|": delimited so "only R&D short" and "has an R&D gap" are plain
    # string lookups on SQLite and PostgreSQL alike.
    gap_codes = models.CharField(_("差距项"), max_length=300, blank=True, db_index=True)
    gap_count = models.PositiveSmallIntegerField(_("差距项数"), default=0)
    snapshot = models.JSONField(_("输入快照"), default=dict)
    result = models.JSONField(_("评价结果"), default=dict)
    is_latest = models.BooleanField(_("最新"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("评价时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("资格评价")
        verbose_name_plural = _("资格评价")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["rule", "year", "is_latest", "verdict"], name="assess_pool"),
            models.Index(fields=["enterprise", "rule", "year", "is_latest"], name="assess_latest"),
        ]
        constraints = [year_range("assessment_year_range")]

    def __str__(self) -> str:
        return (
            f"{self.enterprise} {self.year} {self.get_rule_display()}：{self.get_verdict_display()}"
        )

    def get_absolute_url(self) -> str:
        return reverse("cultivation:gap_report", args=[self.enterprise_id]) + f"?year={self.year}"

    @property
    def gaps(self) -> list[dict[str, Any]]:
        gaps: list[dict[str, Any]] = self.result.get("gaps", [])
        return gaps

    @property
    def criteria(self) -> list[dict[str, Any]]:
        """Every condition and indicator with its explanation, replayed from the snapshot."""
        from kechuang.rules.registry import replay

        result = replay(self.rule, self.snapshot, self.rule_version)
        criteria: list[dict[str, Any]] = result.to_dict()["criteria"]
        return criteria

    @property
    def score_display(self) -> str:
        if self.score_min is None:
            return "—"
        if self.score_min == self.score_max:
            return str(self.score_min)
        return f"{self.score_min}—{self.score_max}"


class Grade(models.TextChoices):
    A = "A", _("A（最高档）")
    B = "B", _("B")
    C = "C", _("C")
    D = "D", _("D")
    E = "E", _("E（无）")


class IpObtained(models.TextChoices):
    OWN = "own", _("自主研发")
    TRANSFER = "transfer", _("受让、受赠、并购等")


class ExpertGrade(models.Model):
    """The expert-judged inputs of an HTE assessment for one enterprise and application year
    (高企认定办法 innovation score: technology of the IP, its core support, how it was obtained,
    standards, conversion and R&D management). Blank: not graded yet (the engine keeps the whole
    band). Entered by staff or an expert they invite; who and when are recorded (issue #12)."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="expert_grades"
    )
    year = models.PositiveSmallIntegerField(_("认定年度"), validators=year_validators())
    ip_advancement = models.CharField(
        _("知识产权技术的先进程度"), max_length=1, choices=Grade.choices, blank=True
    )
    ip_core_support = models.CharField(
        _("对主要产品（服务）的核心支持作用"), max_length=1, choices=Grade.choices, blank=True
    )
    ip_obtained = models.CharField(
        _("知识产权获得方式"), max_length=10, choices=IpObtained.choices, blank=True
    )
    standards_bonus = models.BooleanField(
        _("参与编制国家、行业标准等（加分）"), null=True, blank=True
    )
    conversion_points = models.PositiveSmallIntegerField(
        _("科技成果转化能力（0–30分）"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(30)],
    )
    rd_management_points = models.PositiveSmallIntegerField(
        _("研究开发组织管理水平（0–20分）"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(20)],
    )
    expert = models.CharField(_("评分专家"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("专家评分")
        verbose_name_plural = _("专家评分")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year"], name="expert_grade_once"),
            year_range("expert_grade_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year} 专家评分"

    def get_absolute_url(self) -> str:
        return reverse("cultivation:expert_grade", args=[self.enterprise_id]) + f"?year={self.year}"

    def as_inputs(self) -> dict[str, Any]:
        """The HteInput fields this grade fixes (blank ones stay open)."""
        values: dict[str, Any] = {
            "ip_advancement": self.ip_advancement or None,
            "ip_core_support": self.ip_core_support or None,
            "ip_obtained": self.ip_obtained or None,
            "standards_bonus": self.standards_bonus,
            "conversion_points": self.conversion_points,
            "rd_management_points": self.rd_management_points,
        }
        return {k: v for k, v in values.items() if v is not None}
