from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn


class AnnouncementTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("标题"))
    audience = tables.Column(verbose_name=_("发送范围"))
    published_at = DateColumn("Y-m-d H:i", verbose_name=_("发布时间"))
    recipients_n = tables.Column(
        verbose_name=_("送达（家）"), attrs={"td": {"class": "text-end"}}, orderable=True
    )
    read_n = tables.Column(
        verbose_name=_("已阅（家）"), attrs={"td": {"class": "text-end"}}, orderable=True
    )

    class Meta:
        attrs = {"class": "table table-sm align-middle", "data-testid": "announcements"}
        empty_text = _("还没有通知公告")
