import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import Assignment, Commissioner, KeyVillage, RosterNotice, ServiceTeam

ATTRS = {"class": "table table-sm table-hover align-middle"}


class CommissionerTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("姓名（名称）"))
    kind = tables.Column(verbose_name=_("类型"))
    unit = tables.Column(verbose_name=_("工作单位"))
    title = tables.Column(verbose_name=_("职称"))
    expertise = tables.Column(verbose_name=_("专业特长"))
    on_roster = tables.BooleanColumn(verbose_name=_("在册"), yesno="是,否")

    class Meta:
        model = Commissioner
        fields = ("name", "kind", "unit", "title", "expertise", "on_roster")
        attrs = ATTRS
        empty_text = _("没有符合条件的特派员")


class NoticeTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("通知名称"))
    issued_on = DateColumn("Y-m-d", verbose_name=_("印发日期"))
    document_number = tables.Column(verbose_name=_("文号"))

    class Meta:
        model = RosterNotice
        fields = ("title", "issued_on", "document_number")
        attrs = ATTRS
        empty_text = _("没有符合条件的通知")


class KeyVillageTable(tables.Table):
    village = tables.Column(
        accessor="village__name",
        linkify=lambda record: record.get_absolute_url(),
        verbose_name=_("村（社区）"),
    )
    town = tables.Column(accessor="village__parent__name", verbose_name=_("所在乡镇"))
    kind = tables.Column(verbose_name=_("类别"))

    class Meta:
        model = KeyVillage
        fields = ("village", "town", "kind")
        attrs = ATTRS
        empty_text = _("没有符合条件的重点村")


class TeamTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("服务队名称"))
    town = tables.Column(accessor="town__name", verbose_name=_("服务乡镇（街道）"))
    captain = tables.Column(accessor="captain__name", verbose_name=_("队长"))
    year = tables.Column(verbose_name=_("年度"))

    class Meta:
        model = ServiceTeam
        fields = ("name", "town", "captain", "year")
        attrs = ATTRS
        empty_text = _("没有符合条件的服务队")


class AssignmentTable(tables.Table):
    commissioner = tables.Column(
        accessor="commissioner__name", verbose_name=_("特派员"), linkify=False
    )
    area = tables.Column(accessor="area__name", verbose_name=_("服务乡镇或村"))
    year = tables.Column(linkify=True, verbose_name=_("年度"))

    class Meta:
        model = Assignment
        fields = ("year", "commissioner", "area")
        attrs = ATTRS
        empty_text = _("没有符合条件的服务对接")
