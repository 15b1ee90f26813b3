"""Stored assessments: the rule version, the input snapshot and the result, replayable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
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
        from .services import replay

        criteria: list[dict[str, Any]] = replay(self.rule, self.snapshot).to_dict()["criteria"]
        return criteria

    @property
    def score_display(self) -> str:
        if self.score_min is None:
            return "—"
        if self.score_min == self.score_max:
            return str(self.score_min)
        return f"{self.score_min}—{self.score_max}"


from .certificates import AnnualReport  # noqa: E402,F401
from .pipeline import Activity, HteBatch, PipelineEvent, Stage  # noqa: E402,F401
from .techsme import SmeBatch, SmeRegistration  # noqa: E402,F401
