from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import Dissemination, Policy, Push

ATTRS = {"class": "table table-sm table-hover align-middle"}


class PolicyTable(tables.Table):
    title = tables.Column(verbose_name=_("政策名称"), linkify=True)
    document_number = tables.Column(verbose_name=_("文号"), default="—")
    issuer = tables.Column(verbose_name=_("发文单位"))
    level = tables.Column(verbose_name=_("层级"))
    issued_on = DateColumn("Y-m-d", verbose_name=_("发布日期"))
    expires_on = DateColumn("Y-m-d", verbose_name=_("有效期至"), default=_("长期"))
    conditions = tables.Column(verbose_name=_("条件（条）"), orderable=False)

    class Meta:
        model = Policy
        fields = (
            "title",
            "document_number",
            "issuer",
            "level",
            "issued_on",
            "expires_on",
            "conditions",
        )
        attrs = ATTRS
        empty_text = _("政策库中没有符合条件的政策")

    def render_conditions(self, value: Any) -> int:
        return len(value or [])


class PushTable(tables.Table):
    pushed_on = DateColumn("Y-m-d", verbose_name=_("推送日期"), linkify=True)
    policy = tables.Column(accessor="policy__title", verbose_name=_("政策"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"))
    channel = tables.Column(verbose_name=_("推送方式"))
    pushed_by = tables.Column(verbose_name=_("推送人"), default="—")
    response = tables.Column(verbose_name=_("企业反馈"))

    class Meta:
        model = Push
        fields = ("pushed_on", "policy", "enterprise", "channel", "pushed_by", "response")
        attrs = ATTRS
        empty_text = _("没有符合条件的推送记录")

    def render_pushed_by(self, value: Any) -> str:
        return str(value.display_name)


class DisseminationTable(tables.Table):
    published_on = DateColumn("Y-m-d", verbose_name=_("发布日期"), linkify=True)
    outlet = tables.Column(verbose_name=_("宣传方式"))
    title = tables.Column(verbose_name=_("标题"))
    policy = tables.Column(accessor="policy__title", verbose_name=_("相关政策"), default="—")
    reach = tables.Column(verbose_name=_("覆盖人次"), default="—")

    class Meta:
        model = Dissemination
        fields = ("published_on", "outlet", "title", "policy", "reach")
        attrs = ATTRS
        empty_text = _("没有符合条件的宣传记录")
