from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kechuang.core.scoping import Scope, ScopedQuerySet


class BatchStatus(models.TextChoices):
    PREVIEWING = "previewing", _("检查中")
    READY = "ready", _("待确认导入")
    INVALID = "invalid", _("有错误，未导入")
    COMMITTING = "committing", _("导入中")
    COMMITTED = "committed", _("已导入")
    FAILED = "failed", _("导入失败，未写入")
    CANCELLED = "cancelled", _("已取消")


class ImportBatchQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> ImportBatchQuerySet:
        """A user sees the imports they made."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(created_by=user)


class ImportBatch(models.Model):
    """One uploaded file: who, when, what, its hash, and what it did (导入记录)."""

    plan: Any = None  # not stored: the preview's plan, for a caller that commits at once

    sheet = models.CharField(_("数据类型"), max_length=50)
    file_name = models.CharField(_("文件名"), max_length=255)
    file_format = models.CharField(_("格式"), max_length=10)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("大小（字节）"), default=0)
    status = models.CharField(
        _("状态"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.PREVIEWING
    )
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    error_count = models.PositiveIntegerField(_("错误"), default=0)
    errors = models.JSONField(_("错误明细"), default=list, blank=True)
    file_errors = models.JSONField(_("文件错误"), default=list, blank=True)
    preview = models.JSONField(_("预览"), default=dict, blank=True)
    options = models.JSONField(_("选项"), default=dict, blank=True)
    staged_name = models.CharField(max_length=100, blank=True)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    committed_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()
    scope = Scope(owner="created_by")

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("dataio:batch_detail", args=[self.pk])
