from typing import Any

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import EnterprisePlan, Flag, Liaison, PlanMeasure, SurveyQuestion, Visit

ATTRS = {"class": "table table-sm table-hover align-middle"}


def _person(user: Any) -> str:
    return str(user.display_name) if user is not None else "—"


class QuestionTable(tables.Table):
    year = tables.Column(verbose_name=_("年度"))
    order = tables.Column(verbose_name=_("序号"))
    text = tables.Column(verbose_name=_("题目"), linkify=True)
    topic = tables.Column(verbose_name=_("类别"))
    kind = tables.Column(verbose_name=_("答题方式"))
    flag_label = tables.Column(verbose_name=_("预警内容"), default="—")
    region = tables.Column(accessor="region__name", verbose_name=_("适用区划"))
    active = tables.BooleanColumn(verbose_name=_("启用"), yesno="是,否")

    class Meta:
        model = SurveyQuestion
        fields = ("year", "order", "text", "topic", "kind", "flag_label", "region", "active")
        attrs = ATTRS
        empty_text = _("本年度尚未设置走访问卷")


class VisitTable(tables.Table):
    visited_on = DateColumn("Y-m-d", verbose_name=_("走访日期"), linkify=True)
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"))
    kind = tables.Column(verbose_name=_("走访类型"))
    visitors = tables.Column(verbose_name=_("走访人员"), orderable=False, empty_values=())
    partners = tables.Column(verbose_name=_("联合部门"), default="—")
    flag_count = tables.Column(verbose_name=_("预警（条）"), orderable=False, empty_values=())

    class Meta:
        model = Visit
        fields = ("visited_on", "enterprise", "kind", "visitors", "partners", "flag_count")
        attrs = ATTRS
        empty_text = _("没有符合条件的走访记录")

    def render_visitors(self, record: Any) -> str:
        return "、".join(_person(u) for u in record.visitors.all()) or "—"

    def render_flag_count(self, record: Any) -> Any:
        return len(record.flags.all())


class FlagTable(tables.Table):
    raised_on = DateColumn("Y-m-d", verbose_name=_("发现日期"), linkify=True)
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"))
    label = tables.Column(verbose_name=_("预警内容"))
    answer = tables.Column(verbose_name=_("走访答案"), default="—")
    resolved_on = DateColumn("Y-m-d", verbose_name=_("跟进完成"), default=_("待跟进"))
    resolution = tables.Column(verbose_name=_("跟进情况"), default="—")

    class Meta:
        model = Flag
        fields = ("raised_on", "enterprise", "label", "answer", "resolved_on", "resolution")
        attrs = ATTRS
        empty_text = _("没有符合条件的预警")


class LiaisonTable(tables.Table):
    leader = tables.Column(verbose_name=_("联系领导"), linkify=True)
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("联系企业"))
    since = DateColumn("Y-m-d", verbose_name=_("联系起始日期"))
    interval_days = tables.Column(verbose_name=_("走访间隔（天）"))

    class Meta:
        model = Liaison
        fields = ("leader", "enterprise", "since", "interval_days")
        attrs = ATTRS
        empty_text = _("尚未确定领导联系企业")

    def render_leader(self, record: Any) -> str:
        return _person(record.leader)


class PlanTable(tables.Table):
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("企业"), linkify=True)
    year = tables.Column(verbose_name=_("年度"))
    owner = tables.Column(verbose_name=_("责任人"))
    review_on = DateColumn("Y-m-d", verbose_name=_("下次复核日期"))
    reviewed_on = DateColumn("Y-m-d", verbose_name=_("上次复核日期"), default="—")
    status = tables.Column(verbose_name=_("状态"))

    class Meta:
        model = EnterprisePlan
        fields = ("enterprise", "year", "owner", "review_on", "reviewed_on", "status")
        attrs = ATTRS
        empty_text = _("没有符合条件的方案")

    def render_owner(self, record: Any) -> str:
        return _person(record.owner)


class MeasureTable(tables.Table):
    measure = tables.Column(verbose_name=_("措施"), linkify=True, attrs={"td": {"class": "wraps"}})
    plan = tables.Column(accessor="plan__enterprise__name", verbose_name=_("企业"))
    source = tables.Column(verbose_name=_("来源"))
    owner = tables.Column(verbose_name=_("责任人或部门"))
    due_on = DateColumn("Y-m-d", verbose_name=_("完成时限"))
    done_on = DateColumn("Y-m-d", verbose_name=_("完成日期"), default=_("未完成"))

    class Meta:
        model = PlanMeasure
        fields = ("measure", "plan", "source", "owner", "due_on", "done_on")
        attrs = ATTRS
        empty_text = _("没有符合条件的措施")
