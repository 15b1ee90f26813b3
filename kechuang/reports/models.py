"""Work reports: per-region settings, staff-editable templates, and every report generated.

A generated report keeps its parameters, the template version and a snapshot of every figure's
value and record ids, so a report issued in March can be reproduced and explained in December.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.scoping import Scope, ScopedQuerySet


class ReportSetting(models.Model):
    """A region's wording and the diagnostics' thresholds."""

    region = models.OneToOneField(
        Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    slogan = models.CharField(
        _("精神表述"),
        max_length=40,
        blank=True,
        help_text=_("如“实干担当、创新争先的X精神”中的X，例如“泰泉”"),
    )
    talent_min = models.PositiveIntegerField(
        _("人才问题提示下限（家）"),
        default=1,
        help_text=_("没有本科及以上学历人员的规上企业达到此数时，在“存在的问题”中写明"),
    )
    plan_text = models.TextField(
        _("下步工作计划（补充）"), blank=True, help_text=_("每段一行，写入“三、下步工作计划”")
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("工作总结设置")
        verbose_name_plural = _("工作总结设置")

    def __str__(self) -> str:
        return f"{self.region}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_list")


class ReportTemplate(models.Model):
    """A staff-uploaded .docx template (the built-in default is used when none is active)."""

    name = models.CharField(_("名称"), max_length=100)
    version = models.PositiveIntegerField(_("版本"))
    file = models.FileField(
        _("模板文件"),
        upload_to="report-templates/",
        validators=[FileExtensionValidator(["docx"])],
    )
    sha256 = models.CharField(max_length=64)
    region = models.ForeignKey(
        Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("当前使用"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("工作总结模板")
        verbose_name_plural = _("工作总结模板")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return _("%(n)s（第%(v)s版）") % {"n": self.name, "v": self.version}

    def get_absolute_url(self) -> str:
        return reverse("reports:report_list")


class WorkReport(models.Model):
    region = models.ForeignKey(
        Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    period_key = models.CharField(_("期间"), max_length=40)
    period_start = models.DateField(_("开始日期"))
    period_end = models.DateField(_("结束日期"))
    title = models.CharField(_("标题"), max_length=200)
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("模板"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    template_version = models.CharField(_("模板版本"), max_length=40)
    params = models.JSONField(_("参数"), default=dict)
    snapshot = models.JSONField(_("数据快照"), default=dict)
    docx = models.FileField(_("报告"), upload_to="work-reports/%Y/", blank=True)
    xlsx = models.FileField(_("数据明细"), upload_to="work-reports/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("工作总结")
        verbose_name_plural = _("工作总结")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])


class FigureSnapshot(models.Model):
    """A figure's (or a dashboard panel's) value for one region and period, computed by the task
    worker for the large regions (province, city) so their dashboard and report read it instead
    of aggregating 100,000 enterprises per request (reports.snapshots, issue #15 goal 5).

    Derived and rewritten wholesale: no audit row, and not watched by the dashboard cache's
    fingerprint (it would always be stale). ``data_version`` is the fingerprint of the data it
    was computed from; ``record_ids`` the enterprises behind the value, so a report that uses it
    lists exactly those."""

    kind = models.CharField(_("类别"), max_length=10, default="figure")  # figure | panel
    key = models.CharField(_("指标"), max_length=100)
    region = models.ForeignKey(
        "accounts.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("区划")
    )
    period_key = models.CharField(_("期间"), max_length=40)
    value = models.JSONField(_("数值"), null=True)  # reports.snapshots' tagged encoding
    facts = models.JSONField(_("说明数据"), default=dict)
    examples = models.JSONField(_("示例企业"), default=list)
    areas = models.JSONField(_("分地区计数"), default=dict)
    record_ids = models.BinaryField(_("企业编号"), null=True)
    record_count = models.IntegerField(_("企业数"), null=True)
    data_version = models.CharField(_("数据版本"), max_length=200)
    computed_at = models.DateTimeField(_("计算时间"))
    took_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "region", "period_key"], name="figure_snapshot_once"
            )
        ]
        indexes = [models.Index(fields=["region", "period_key"], name="figure_snapshot_scope")]

    def __str__(self) -> str:
        return f"{self.key} {self.region_id} {self.period_key}"
