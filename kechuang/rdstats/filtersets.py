"""The R&D survey forms' one FilterSet: the form list, its export, the figures page's drill-down
links and the API all filter through it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.accounts.models import Region
from kechuang.core.api.filters import BoundedNumberFilter, IdFilter, StyledFilterSet
from kechuang.core.scoping import region_q
from kechuang.enterprises.filtersets import industry_q, search_q
from kechuang.enterprises.models import Enterprise

from .models import NOT_SUBMITTED, SurveyForm, SurveyStatus
from .selectors import BAND_KEYS, HAS_RATIO, band_q, below_q, threshold_from, with_ratio

LAGGARD = "laggard"
SORTS = {
    "": ("enterprise__name", "pk"),
    "rd": ("-exp_total", "pk"),
    "ratio": ("ratio_order", "pk"),
    "status": ("status", "enterprise__name", "pk"),
    "submitted": ("-submitted_at", "pk"),
}
SORT_CHOICES = [
    ("rd", _("研发费用从高到低")),
    ("ratio", _("研发投入强度从低到高")),
    ("status", _("状态")),
    ("submitted", _("最近提交")),
]


class SurveyFormFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("企业名称/信用代码/拼音"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[(LAGGARD, _("尚未提交")), *SurveyStatus.choices],
        empty_label=_("全部"),
        method="filter_status",
    )
    sort = django_filters.ChoiceFilter(
        label=_("排序"), choices=SORT_CHOICES, empty_label=_("企业名称"), method="keep"
    )
    # Drill-down from the figures page (kept as hidden fields on the list).
    town = BoundedNumberFilter(label=_("乡镇"), method="filter_town")
    industry = django_filters.CharFilter(label=_("行业"), method="filter_industry")
    band = django_filters.ChoiceFilter(
        label=_("强度区间"), choices=[(k, k) for k in BAND_KEYS], method="filter_band"
    )
    below = django_filters.ChoiceFilter(
        label=_("低于强度"), choices=[("1", _("是"))], method="filter_below"
    )
    threshold = django_filters.NumberFilter(label=_("强度线（%）"), method="keep")
    campaign = IdFilter(label=_("调查"))
    enterprise = IdFilter(label=_("企业"))

    class Meta:
        model = SurveyForm
        fields: list[str] = []

    def __init__(self, *args: Any, campaign: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    def keep(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs  # read by filter_queryset / filter_below

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()[:50]
        if not value:
            return qs
        return qs.filter(enterprise__in=Enterprise.objects.filter(search_q(value)).values("pk"))

    def filter_status(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == LAGGARD:
            return qs.filter(status__in=NOT_SUBMITTED)
        return qs.filter(status=value)

    def filter_town(self, qs: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        region = Region.objects.filter(pk=value).first()
        return qs.filter(region_q("enterprise__region", region.code)) if region else qs.none()

    def filter_industry(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()[:5]
        return qs.filter(industry_q(value, "enterprise__industry_code")) if value else qs

    def filter_band(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(band_q(value))

    def threshold_value(self) -> Decimal:
        """The ?threshold= of a drill-down (0–100 %), else the campaign's own."""
        default = self.campaign.threshold if self.campaign is not None else Decimal(0)
        return threshold_from(self.data.get("threshold"), default)

    def filter_below(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(HAS_RATIO & below_q(self.threshold_value()))

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        qs = super().filter_queryset(with_ratio(queryset))
        sort = self.form.cleaned_data.get("sort") or ""
        if sort == "ratio":
            qs = qs.annotate(ratio_order=F("exp_total") / F("operating_revenue"))
        return qs.select_related("enterprise", "enterprise__region").order_by(
            *SORTS.get(sort, SORTS[""])
        )
