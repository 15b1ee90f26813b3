"""Announcements (通知公告, issue #14): staff publish a notice to all the region's
enterprises, one town's, or a list (the survey's laggards, say), with attachments; each
addressed enterprise has a receipt row that records when it was first read and by whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.fields import Fields
from kechuang.core.scoping import Scope, ScopedQuerySet
from kechuang.enterprises.models import Enterprise

from .choices import Audience

# Written once: the form, the serializer and the service read it.
ANNOUNCEMENT_FIELDS = Fields("title", "body", "audience", "town")


class Announcement(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    audience = models.CharField(_("发送范围"), max_length=10, choices=Audience.choices)
    town = models.ForeignKey(
        Region,
        verbose_name=_("乡镇（街道）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("发布区划"), on_delete=models.PROTECT, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = ScopedQuerySet.as_manager()
    # Staff see their region's notices; an enterprise the notices addressed to it.
    scope = Scope(region="region", enterprise="recipients__enterprise")

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("announcements:announcement_detail", args=[self.pk])


class AnnouncementRecipient(models.Model):
    """One addressed enterprise and its read receipt."""

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("通知"), on_delete=models.CASCADE, related_name="recipients"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("阅读人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="enterprise__region", enterprise="enterprise_id")

    class Meta:
        verbose_name = _("通知送达")
        verbose_name_plural = _("通知送达")
        ordering = ["enterprise__name_sort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "enterprise"], name="announcement_once_per_enterprise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.announcement} → {self.enterprise}"
