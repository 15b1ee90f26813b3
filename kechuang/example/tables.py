import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import Nomination


class NominationTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("成果名称"))
    enterprise = tables.Column(
        accessor="enterprise__name",
        verbose_name=_("企业"),
        order_by=("enterprise__name_sort", "enterprise__name"),
    )
    award = tables.Column(verbose_name=_("奖项"))
    status = tables.Column(verbose_name=_("状态"))
    status_on = DateColumn("Y-m-d", verbose_name=_("状态日期"))

    class Meta:
        model = Nomination
        fields = ("title", "enterprise", "award", "status", "status_on")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的推荐")
