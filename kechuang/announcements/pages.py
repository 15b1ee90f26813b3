"""The declaration: list (with 送达/已读 counts), export, detail (body, attachments, receipts),
publish."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, OWN_READ
from kechuang.core.pages import ModelPages, register

from .filtersets import AnnouncementFilter
from .forms import AnnouncementForm
from .models import ANNOUNCEMENT_FIELDS, Announcement, AnnouncementRecipient
from .tables import AnnouncementTable


@register
class AnnouncementPages(ModelPages):
    model = Announcement
    namespace, name, route = "announcements", "announcement", ""
    title, noun = _("通知公告"), _("通知")
    pages = ("list", "export", "detail", "add")
    fields = ANNOUNCEMENT_FIELDS
    filterset, table, form = AnnouncementFilter, AnnouncementTable, AnnouncementForm
    read, write = OWN_READ, BUSINESS_WRITE
    detail_roles = OWN_READ
    owner = None  # a notice may go to many enterprises; the scope is by receipts
    detail_template = "announcements/detail.html"
    add_title = _("发布通知公告")
    export_order = ("-published_at", "-pk")

    def queryset(self) -> Any:
        return (
            Announcement.objects.visible_to(self.user)
            .annotate(
                recipients_n=Count("recipients", distinct=True),
                read_n=Count(
                    "recipients", filter=Q(recipients__read_at__isnull=False), distinct=True
                ),
            )
            .order_by("-published_at", "-pk")
        )

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.title)

    def make_form(self, instance: Any = None) -> Any:
        self.form_shown = super().make_form(instance)
        return self.form_shown

    def create(self, data: dict[str, Any]) -> Announcement:
        form = self.form_shown
        from . import services

        notice, delivery = services.announcement_publish(
            actor=self.user,
            enterprises=form.cleaned_data.get("enterprises") or (),
            attachment=form.cleaned_data.get("attachment"),
            **data,
        )
        self.delivery = delivery
        return notice

    def detail_context(self, obj: Any) -> dict[str, Any]:
        from kechuang.core.scoping import user_roles

        mine = None
        if getattr(self.user, "enterprise_id", None):
            mine = AnnouncementRecipient.objects.filter(
                announcement=obj, enterprise_id=self.user.enterprise_id
            ).first()
        staff_view = bool(user_roles(self.user) & BUSINESS_READ)
        if not staff_view:
            return {"mine": mine, "staff_view": False}
        from django.core.paginator import Paginator

        receipts = AnnouncementRecipient.objects.filter(announcement=obj)
        read_count = receipts.filter(read_at__isnull=False).count()
        shown = self.request.GET.get("receipt", "")
        if shown in ("read", "unread"):
            receipts = receipts.filter(read_at__isnull=(shown == "unread"))
        page = Paginator(
            receipts.select_related("enterprise", "read_by").order_by(
                "enterprise__name_sort", "pk"
            ),
            50,
        ).get_page(self.request.GET.get("page"))
        return {
            "mine": mine,
            "staff_view": True,
            "page": page,
            "shown": shown,
            "read_count": read_count,
            "unread_count": obj.recipients.count() - read_count,
        }

    def detail_rows(self, obj: Any) -> list[tuple[Any, Any]]:
        return [
            (_t("发送范围"), obj.get_audience_display()),
            (_t("发布时间"), f"{timezone.localtime(obj.published_at):%Y-%m-%d %H:%M}"),
            (_t("发布人"), obj.published_by.display_name),
        ]

    def export_filename(self) -> str:
        return "announcements.xlsx"
