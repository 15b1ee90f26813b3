from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import (
    Achievement,
    Appraisal,
    Assignment,
    Commissioner,
    Donation,
    KeyVillage,
    PointsRule,
    RosterNotice,
    ServiceRecord,
    ServiceTeam,
    Training,
)

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


class ServiceTable(tables.Table):
    served_on = DateColumn("Y-m-d", verbose_name=_("服务日期"), linkify=True)
    commissioner = tables.Column(accessor="commissioner__name", verbose_name=_("特派员"))
    village = tables.Column(accessor="village__name", verbose_name=_("服务村（社区）"))
    served_kind = tables.Column(verbose_name=_("服务对象类型"))
    served_name = tables.Column(verbose_name=_("服务对象"))
    served_count = tables.Column(verbose_name=_("服务人次"))

    class Meta:
        model = ServiceRecord
        fields = (
            "served_on",
            "commissioner",
            "village",
            "served_kind",
            "served_name",
            "served_count",
        )
        attrs = ATTRS
        empty_text = _("没有符合条件的服务记录")


class TrainingTable(tables.Table):
    held_on = DateColumn("Y-m-d", verbose_name=_("培训日期"), linkify=True)
    topic = tables.Column(verbose_name=_("培训主题"))
    town = tables.Column(accessor="town__name", verbose_name=_("培训乡镇（街道）"))
    commissioner = tables.Column(
        accessor="commissioner__name", verbose_name=_("主讲特派员"), default="—"
    )
    participants = tables.Column(
        accessor="participants", verbose_name=_("参训（人次）"), orderable=False
    )
    materials = tables.Column(verbose_name=_("发放资料（份）"))

    class Meta:
        model = Training
        fields = ("held_on", "topic", "town", "commissioner", "participants", "materials")
        attrs = ATTRS
        empty_text = _("没有符合条件的培训")


class AchievementTable(tables.Table):
    achieved_on = DateColumn("Y-m-d", verbose_name=_("日期"), linkify=True)
    commissioner = tables.Column(accessor="commissioner__name", verbose_name=_("特派员"))
    kind = tables.Column(verbose_name=_("业绩类型"))
    title = tables.Column(verbose_name=_("名称"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"), default="—")

    class Meta:
        model = Achievement
        fields = ("achieved_on", "commissioner", "kind", "title", "enterprise")
        attrs = ATTRS
        empty_text = _("没有符合条件的业绩")


class DonationTable(tables.Table):
    donated_on = DateColumn("Y-m-d", verbose_name=_("捐赠日期"), linkify=True)
    town = tables.Column(accessor="town__name", verbose_name=_("乡镇（街道）"))
    team = tables.Column(accessor="team__name", verbose_name=_("服务队"), default="—")
    donor = tables.Column(verbose_name=_("捐赠人"))
    items = tables.Column(verbose_name=_("捐赠物品"))
    value = tables.Column(verbose_name=_("折合金额（元）"))

    class Meta:
        model = Donation
        fields = ("donated_on", "town", "team", "donor", "items", "value")
        attrs = ATTRS
        empty_text = _("没有符合条件的捐赠活动")


class AppraisalTable(tables.Table):
    appraised_on = DateColumn("Y-m-d", verbose_name=_("鉴定日期"), linkify=True)
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("完成单位"))
    place = tables.Column(verbose_name=_("鉴定地点"))
    count = tables.Column(
        accessor="achievement_list", verbose_name=_("成果（项）"), orderable=False
    )

    class Meta:
        model = Appraisal
        fields = ("appraised_on", "enterprise", "place", "count")
        attrs = ATTRS
        empty_text = _("没有符合条件的成果鉴定")

    def render_count(self, value: Any) -> int:
        return len(value)


class RuleTable(tables.Table):
    year = tables.Column(verbose_name=_("年度"))
    item = tables.Column(verbose_name=_("积分项目"), linkify=True)
    points = tables.Column(verbose_name=_("每单位分值（分）"))
    cap = tables.Column(verbose_name=_("年度上限（分）"), default=_("不设上限"))
    note = tables.Column(verbose_name=_("计分说明"))

    class Meta:
        model = PointsRule
        fields = ("year", "item", "points", "cap", "note")
        attrs = ATTRS
        empty_text = _("尚未设置积分规则")
