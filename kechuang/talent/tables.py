from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import Cooperation, CooperationPlan, Expert, Institution, TechNeed, Trip


class InstitutionTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("单位名称"))
    kind = tables.Column(verbose_name=_("单位类型"))
    location = tables.Column(verbose_name=_("所在地"))
    region = tables.Column(accessor="region__name", verbose_name=_("登记单位"))

    class Meta:
        model = Institution
        fields = ("name", "kind", "location", "region")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的单位")


class ExpertTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("姓名"))
    title = tables.Column(verbose_name=_("职称"))
    institution = tables.Column(
        accessor="institution__name", verbose_name=_("所在单位"), order_by=("institution__name",)
    )
    department = tables.Column(verbose_name=_("院系（部门）"))
    fields = tables.Column(verbose_name=_("研究领域"))

    class Meta:
        model = Expert
        fields = ("name", "title", "institution", "department", "fields")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的专家")


class CooperationTable(tables.Table):
    project = tables.Column(linkify=True, verbose_name=_("合作项目"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"))
    institution = tables.Column(accessor="institution__name", verbose_name=_("合作单位"))
    status = tables.Column(verbose_name=_("所处阶段"))
    top = tables.Column(verbose_name=_("达到的最高阶段"))
    status_on = DateColumn("Y-m-d", verbose_name=_("阶段日期"))

    class Meta:
        model = Cooperation
        fields = ("project", "enterprise", "institution", "status", "top", "status_on")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的合作")


class TripTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("对接活动"))
    started_on = DateColumn("Y-m-d", verbose_name=_("开始日期"))
    ended_on = DateColumn("Y-m-d", verbose_name=_("结束日期"))
    members = tables.Column(verbose_name=_("参加人员"))
    visit_count = tables.Column(
        verbose_name=_("对接次数（次）"), attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        model = Trip
        fields = ("title", "started_on", "ended_on", "members", "visit_count")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的对接活动")


class NeedTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("需求名称"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"))
    tags = tables.Column(verbose_name=_("标签"))
    source = tables.Column(verbose_name=_("来源"))
    status = tables.Column(verbose_name=_("状态"))
    assignee = tables.Column(verbose_name=_("承办人或部门"))
    deadline = tables.Column(verbose_name=_("办理时限"))
    satisfaction = tables.Column(verbose_name=_("满意度"))
    raised_on = DateColumn("Y-m-d", verbose_name=_("提出日期"))

    class Meta:
        model = TechNeed
        fields = (
            "title",
            "enterprise",
            "tags",
            "source",
            "status",
            "assignee",
            "deadline",
            "satisfaction",
            "raised_on",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的需求")

    def render_deadline(self, value: Any, record: Any) -> Any:
        from django.utils import timezone
        from django.utils.html import format_html

        if record.overdue_on(timezone.localdate()):
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span>', f"{value:%Y-%m-%d}", _("逾期")
            )
        return f"{value:%Y-%m-%d}"


class PlanTable(tables.Table):
    year = tables.Column(verbose_name=_("计划年度"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"), linkify=True)
    institution = tables.Column(accessor="institution__name", verbose_name=_("拟合作单位"))
    topic = tables.Column(verbose_name=_("拟对接内容"))

    class Meta:
        model = CooperationPlan
        fields = ("year", "enterprise", "institution", "topic")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的计划合作")
