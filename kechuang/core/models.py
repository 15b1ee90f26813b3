"""Core models: the visible background Job."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import year_range, year_validators
from .scoping import Scope, ScopedQuerySet


class JobStatus(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class JobQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> JobQuerySet:
        """A user sees the jobs they started."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(created_by=user)


class Job(models.Model):
    """A unit of background work a user waits for: status, progress and result."""

    name = models.CharField(_("任务"), max_length=200)
    kind = models.CharField(_("类型"), max_length=100)
    status = models.CharField(
        _("状态"), max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    progress = models.PositiveIntegerField(_("进度"), default=0)
    total = models.PositiveIntegerField(_("总量"), default=0)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()
    scope = Scope(owner="created_by")

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.progress * 100 / self.total))

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}


class NotificationQuerySet(ScopedQuerySet):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A user sees their own notifications."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user)


class Notification(models.Model):
    """An in-app reminder; ``key`` makes each reminder happen once per user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    key = models.CharField(_("提醒标识"), max_length=200)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    emailed = models.BooleanField(_("已发邮件"), default=False)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("已知晓"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()
    scope = Scope(owner="user")

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_user")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:notification_list")


class AppendOnly(models.Model):
    """A record that is written once and never changed or deleted through the application
    (logs, audit seals)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{type(self).__name__} rows are append-only")


class AuditSeal(AppendOnly):
    """One link of an audit hash chain (core.audit_chain): the keyed digest of a log row and of
    every row before it. Append-only, like the logs it seals."""

    log = models.CharField(_("日志"), max_length=20)
    record_id = models.BigIntegerField(_("记录编号"))
    digest = models.CharField(_("链值"), max_length=64)
    sealed_at = models.DateTimeField(_("封存时间"), default=timezone.now)

    class Meta:
        verbose_name = _("审计封存")
        verbose_name_plural = _("审计封存")
        constraints = [models.UniqueConstraint(fields=["log", "record_id"], name="audit_seal_once")]

    def __str__(self) -> str:
        return f"{self.log} #{self.record_id}"


class Batch(models.Model):
    """One dated round of a kind's calendar for a year (core.calendar registers the kinds)."""

    kind = models.CharField(_("类别"), max_length=30, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators())
    number = models.PositiveSmallIntegerField(_("批次"))
    opens_on = models.DateField(_("开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("截止日期"))
    publicise_by = models.DateField(_("公示日期"), null=True, blank=True)
    note = models.CharField(_("依据/说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("批次日历")
        verbose_name_plural = _("批次日历")
        ordering = ["kind", "-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "number"],
                name="batch_kind_year_number",
                violation_error_message=_("本年度这一批次已经录入，不能重复。"),
            ),
            year_range("batch_year_range"),
        ]

    def __str__(self) -> str:
        return str(_("%(y)s年第%(n)s批") % {"y": self.year, "n": self.number})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .calendar import KINDS

        if self.kind not in KINDS:
            raise ValidationError({"kind": _("未知的批次类别“%(k)s”。") % {"k": self.kind}})
        info = KINDS[self.kind]
        errors: dict[str, Any] = {}
        if info.opens_label is None and self.opens_on is not None:
            errors["opens_on"] = _("该类批次没有开始日期。")
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("%(c)s不能早于%(o)s。") % {
                "c": info.closes_label,
                "o": info.opens_label,
            }
        if self.publicise_by and self.closes_on and self.publicise_by < self.closes_on:
            errors["publicise_by"] = _("%(p)s不能早于%(c)s。") % {
                "p": info.publicise_label,
                "c": info.closes_label,
            }
        if errors:
            raise ValidationError(errors)


class ListPreference(models.Model):
    """The columns a user hid on one declared list (the column chooser, issue #14); the screen
    and the export of that list leave them out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="list_preferences",
    )
    key = models.CharField(_("列表"), max_length=100)
    hidden = models.JSONField(_("隐藏的列"), default=list, blank=True)

    class Meta:
        verbose_name = _("列表显示设置")
        verbose_name_plural = _("列表显示设置")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="list_preference_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.key}"


class AttachmentQuerySet(models.QuerySet["Attachment"]):
    def visible_to(self, user: Any) -> AttachmentQuerySet:
        """Attachments of records the user may see: each attachable model's own scope
        (core.attachments.register) decides, never the attachment itself."""
        from django.contrib.contenttypes.models import ContentType
        from django.db.models import Q

        from .attachments import ATTACHABLE

        condition = Q(pk__in=[])
        for model in ATTACHABLE:
            content_type = ContentType.objects.get_for_model(model)
            visible = model.objects.visible_to(user).values("pk")  # type: ignore[attr-defined]
            condition |= Q(content_type=content_type, object_id__in=visible)
        return self.filter(condition)


class Attachment(models.Model):
    """A file attached to any registered record (an enterprise's business licence, a notice's
    documents, later a platform's approval): one component for every work line (issue #14).
    Type and size are checked on the bytes, the scanner hook runs before storing, downloads go
    through the record's scope."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("记录类型"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("记录"))
    kind = models.CharField(_("附件类别"), max_length=40)
    file = models.FileField(_("文件"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    file_type = models.CharField(_("文件类型"), max_length=10)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:attachment_download", args=[self.pk])


class Delivery(models.Model):
    """One reminder run or notice sent through the channels (core.channels): how many were
    reached by which channel, and who could not be reached and why (issue #14)."""

    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("类别"), max_length=40)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    total = models.PositiveIntegerField(_("对象数"))
    reached = models.JSONField(_("各渠道送达"), default=dict)
    unreachable = models.JSONField(_("无法送达"), default=list)
    source_url = models.CharField(_("来源页面"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope(region="region")

    class Meta:
        verbose_name = _("提醒发送记录")
        verbose_name_plural = _("提醒发送记录")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:delivery_detail", args=[self.pk])

    @property
    def reached_count(self) -> int:
        return self.total - len(self.unreachable)


class SentMessage(models.Model):
    """What went out by e-mail or SMS under a message key, so that a second run the same day
    (the same key) reaches nobody twice (core.channels)."""

    key = models.CharField(_("提醒标识"), max_length=200)
    channel = models.CharField(_("渠道"), max_length=10)
    address = models.CharField(_("地址"), max_length=200)
    sent_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("已发送消息")
        verbose_name_plural = _("已发送消息")
        constraints = [
            models.UniqueConstraint(fields=["key", "channel", "address"], name="sent_message_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.key}"
