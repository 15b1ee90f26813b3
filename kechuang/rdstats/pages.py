"""The R&D survey's lists as declared pages (core.pages): the campaigns, and each campaign's
forms (a list nested under its campaign: ``campaigns/<campaign>/forms/``)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.access import BUSINESS_READ
from kechuang.core.api.filters import BoundedNumberFilter, IdFilter, StyledFilterSet
from kechuang.core.money import WAN, show
from kechuang.core.pages import ListPages, ModelPages, make_filterset, register
from kechuang.core.tables import ActionsColumn, CellColumn, DateColumn

from . import selectors
from .filtersets import SurveyFormFilter
from .importers import SurveySheet
from .models import SurveyCampaign, SurveyForm

# --- campaigns ----------------------------------------------------------------------------------


class CampaignFilter(StyledFilterSet):
    year = BoundedNumberFilter(label=gettext_lazy("年度"))
    region = IdFilter(label=gettext_lazy("地区"))

    class Meta:
        model = SurveyCampaign
        fields: list[str] = []


class CampaignTable(tables.Table):
    name = CellColumn(
        '<a href="{{ record.get_absolute_url }}">{{ record }}</a>',
        verbose_name=gettext_lazy("调查"),
        order_by=("year", "region__code"),
    )
    deadline = DateColumn("Y-m-d", verbose_name=gettext_lazy("截止日期"))
    n_forms = tables.Column(
        verbose_name=gettext_lazy("企业数（家）"), attrs={"td": {"class": "text-end"}}
    )
    n_submitted = tables.Column(
        verbose_name=gettext_lazy("待审核（份）"), attrs={"td": {"class": "text-end"}}
    )
    n_accepted = tables.Column(
        verbose_name=gettext_lazy("已通过（份）"), attrs={"td": {"class": "text-end"}}
    )
    figures = ActionsColumn("rdstats/cells/campaign_actions.html")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "data-testid": "campaigns"}
        empty_text = gettext_lazy("还没有发起过研发统计调查。")

    def value_name(self, record: SurveyCampaign) -> str:
        return str(record)


@register
class CampaignPages(ModelPages):
    model = SurveyCampaign
    namespace, name = "rdstats", "campaign"
    url_names = {"list": "campaign_list", "export": "campaign_list_export"}
    title, noun = gettext_lazy("企业研发投入统计调查"), gettext_lazy("调查")
    pages = ("list", "export")
    filterset, table = CampaignFilter, CampaignTable
    read = BUSINESS_READ
    owner = None  # a campaign belongs to a region, not to an enterprise
    page_filters = ("year",)  # a county has one campaign a year; the API filters by region too
    list_template = "rdstats/campaign_list.html"
    export_order = ("-year", "region__code")

    def queryset(self) -> Any:
        return selectors.campaigns(user=self.user)

    def export_filename(self) -> str:
        return "rd-campaigns.xlsx"


# --- one campaign's forms -----------------------------------------------------------------------


class SurveyFormTable(tables.Table):
    enterprise = CellColumn(
        '<a href="{{ record.get_absolute_url }}">{{ record.enterprise.name }}</a>',
        verbose_name=gettext_lazy("企业"),
        orderable=False,
    )
    region = tables.Column(
        accessor="enterprise__region__name", verbose_name=gettext_lazy("乡镇"), orderable=False
    )
    status = tables.Column(verbose_name=gettext_lazy("状态"), orderable=False)
    exp_total = tables.Column(
        verbose_name=gettext_lazy("研发费用（万元）"),
        orderable=False,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    operating_revenue = tables.Column(
        verbose_name=gettext_lazy("营业收入（万元）"),
        orderable=False,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    rd_ratio = tables.Column(
        verbose_name=gettext_lazy("强度（%）"),
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    staff_total = tables.Column(
        verbose_name=gettext_lazy("研发人员（人）"),
        orderable=False,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    submitted_at = DateColumn("Y-m-d H:i", verbose_name=gettext_lazy("提交时间"), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm align-middle", "data-testid": "rd-forms"}
        empty_text = gettext_lazy("没有符合条件的统计表")

    # Sorting is the FilterSet's ``sort`` (the same order on the page, the export and the API).

    def render_exp_total(self, value: Any) -> str:
        return show(value, WAN)

    def render_operating_revenue(self, value: Any) -> str:
        return show(value, WAN)

    def render_rd_ratio(self, record: SurveyForm) -> str:
        ratio = record.rd_ratio
        return "—" if ratio is None else f"{ratio:.2f}%"


@register
class SurveyFormPages(ListPages):
    model = SurveyForm
    namespace, name = "rdstats", "form"
    routes = {
        "list": "campaigns/<int:campaign>/forms/",
        "export": "campaigns/<int:campaign>/export/",
    }
    url_names = {"list": "form_list", "export": "campaign_export"}
    title, noun = gettext_lazy("统计表"), gettext_lazy("统计表")
    filterset, table, sheet = SurveyFormFilter, SurveyFormTable, SurveySheet
    read = BUSINESS_READ
    page_filters = ("q", "status", "sort")
    list_template = "rdstats/form_list.html"
    export_order = ()  # the FilterSet's sort

    @classmethod
    def url_kwargs(cls, obj: Any) -> dict[str, Any]:
        return {"campaign": obj.campaign_id}

    def campaign(self) -> SurveyCampaign:
        if not hasattr(self, "_campaign"):
            self._campaign = get_object_or_404(
                SurveyCampaign.objects.visible_to(self.user).select_related("region"),
                pk=self.kwargs["campaign"],
            )
        return self._campaign

    def queryset(self) -> Any:
        return selectors.forms_of(user=self.user, campaign=self.campaign())

    def filtered(self) -> Any:
        # Always bound (an empty query string too): the FilterSet's filter_queryset sorts
        # and joins, and django-filter skips it for an unbound FilterSet.
        filterset = make_filterset(self.filterset, self.request.GET, self.queryset(), self.request)
        filterset.campaign = self.campaign()
        return filterset

    def batch_actions(self) -> list[dict[str, Any]]:
        from django.urls import reverse

        from kechuang.core.access import rule_for
        from kechuang.core.scoping import user_roles

        actions = super().batch_actions()
        rule = rule_for("rdstats:campaign_remind")
        if rule is not None and rule.allows(user_roles(self.user), "POST"):
            actions.append(
                {
                    "label": _("提醒选中的未提交企业"),
                    "url": reverse("rdstats:campaign_remind", args=[self.campaign().pk]),
                    "method": "post",
                    "testid": "remind-selected",
                }
            )
        return actions

    def list_context(self, filterset: Any) -> dict[str, Any]:
        data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
        return {
            "campaign": self.campaign(),
            "drill": {k: data.get(k) for k in ("town", "industry", "band", "below") if data.get(k)},
            "threshold": filterset.threshold_value(),
        }

    def export_filename(self) -> str:
        return f"rd-survey-{self.campaign().year}.xlsx"

    def export_audit(self, count: int) -> tuple[type[Any], str, str]:
        campaign = self.campaign()
        text = _("导出%(c)s的统计表 %(n)d 份") % {"c": campaign, "n": count}
        return SurveyCampaign, str(campaign.pk), text
