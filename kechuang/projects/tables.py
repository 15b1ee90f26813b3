import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import (
    BureauDocument,
    Call,
    CompetitionEntry,
    IntroducedTalent,
    Proposal,
    TalentApplication,
)

ATTRS = {"class": "table table-sm table-hover align-middle"}


class CallTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("征集名称"))
    programme = tables.Column(verbose_name=_("计划类别"))
    level = tables.Column(verbose_name=_("级别"))
    kind = tables.Column(verbose_name=_("项目类型"))
    opens_on = DateColumn("Y-m-d", verbose_name=_("开始日期"))
    deadline = DateColumn("Y-m-d", verbose_name=_("截止日期"))
    proposal_count = tables.Column(
        verbose_name=_("储备项目（项）"), attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        model = Call
        fields = ("title", "programme", "level", "kind", "opens_on", "deadline", "proposal_count")
        attrs = ATTRS
        empty_text = _("没有符合条件的征集")


class ProposalTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("项目名称"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("申报企业"))
    kind = tables.Column(verbose_name=_("项目类型"))
    call = tables.Column(accessor="call__title", verbose_name=_("对应征集"), default="—")
    status = tables.Column(verbose_name=_("所处阶段"))
    status_on = DateColumn("Y-m-d", verbose_name=_("阶段日期"))
    requested_funds = tables.Column(
        verbose_name=_("申请资金（万元）"), attrs={"td": {"class": "text-end"}}
    )

    class Meta:
        model = Proposal
        fields = ("title", "enterprise", "kind", "call", "status", "status_on", "requested_funds")
        attrs = ATTRS
        empty_text = _("没有符合条件的项目")

    def render_requested_funds(self, value: object) -> str:
        from kechuang.core.money import show

        return str(show(value))


class ApplicationTable(tables.Table):
    person = tables.Column(linkify=True, verbose_name=_("申报人"), default="—")
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("申报企业"), default="—")
    programme = tables.Column(verbose_name=_("人才计划"))
    year = tables.Column(verbose_name=_("年度"))
    status = tables.Column(verbose_name=_("申报阶段"))
    status_on = DateColumn("Y-m-d", verbose_name=_("阶段日期"))

    class Meta:
        model = TalentApplication
        fields = ("person", "enterprise", "programme", "year", "status", "status_on")
        attrs = ATTRS
        empty_text = _("没有符合条件的申报")


class EntryTable(tables.Table):
    project = tables.Column(linkify=True, verbose_name=_("参赛项目"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("参赛企业"))
    competition = tables.Column(verbose_name=_("大赛名称"))
    level = tables.Column(verbose_name=_("级别"))
    year = tables.Column(verbose_name=_("年度"))
    result = tables.Column(verbose_name=_("成绩"), default="—")

    class Meta:
        model = CompetitionEntry
        fields = ("project", "enterprise", "competition", "level", "year", "result")
        attrs = ATTRS
        empty_text = _("没有符合条件的参赛记录")


class TalentTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("姓名"))
    category = tables.Column(verbose_name=_("人才类别"))
    field = tables.Column(verbose_name=_("专业领域"))
    enterprise = tables.Column(accessor="enterprise__name", verbose_name=_("引进企业"))
    introduced_on = DateColumn("Y-m-d", verbose_name=_("引进日期"))

    class Meta:
        model = IntroducedTalent
        fields = ("name", "category", "field", "enterprise", "introduced_on")
        attrs = ATTRS
        empty_text = _("没有符合条件的人才")


class DocumentTable(tables.Table):
    title = tables.Column(linkify=True, verbose_name=_("文件名称"))
    kind = tables.Column(verbose_name=_("文件类别"))
    status = tables.Column(verbose_name=_("状态"))
    drafted_on = DateColumn("Y-m-d", verbose_name=_("起草日期"))
    issued_on = DateColumn("Y-m-d", verbose_name=_("印发日期"))
    document_number = tables.Column(verbose_name=_("文号"))

    class Meta:
        model = BureauDocument
        fields = ("title", "kind", "status", "drafted_on", "issued_on", "document_number")
        attrs = ATTRS
        empty_text = _("没有符合条件的文件")
