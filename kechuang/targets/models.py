from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.core.fields import year_range, year_validators
from kechuang.core.scoping import Scope, ScopedQuerySet


class Metric(models.TextChoices):
    HTE_RECOGNISED = "hte_recognised", _("新认定高新技术企业（家）")
    TECH_SME_REGISTERED = "tech_sme_registered", _("科技型中小企业入库（家）")
    HTE_VALID = "hte_valid", _("有效期内高新技术企业（家，年末）")
    HTE_TRAINED = "hte_trained", _("参加高企认定培训企业（家）")
    TALENT_INTRODUCED = "talent_introduced", _("帮助企业引进高层次科研人才（名）")
    KEY_VILLAGES_COVERED = "key_villages_covered", _("科技特派员覆盖的重点村（个）")


# a metric's unit where it is not 家 (enterprises)
UNITS = {Metric.TALENT_INTRODUCED: _("名"), Metric.KEY_VILLAGES_COVERED: _("个")}


class Target(models.Model):
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    metric = models.CharField(_("指标"), max_length=40, choices=Metric.choices)
    value = models.PositiveIntegerField(_("目标值"))
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["-year", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "metric", "region"], name="target_once_per_region_year"
            ),
            year_range("target_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_metric_display()} ≥ {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("targets:target_list")
