from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet, YearFilter
from kechuang.enterprises.filtersets import YesNoFilter

from .choices import Channel, Outlet, PolicyLevel, Response
from .models import Dissemination, Policy, Push


class PolicyFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("政策名称、文号、发文单位"), method="filter_q")
    level = django_filters.ChoiceFilter(
        label=_("政策层级"), choices=PolicyLevel.choices, empty_label=_("全部")
    )
    in_force = YesNoFilter(label=_("有效期内"), method="filter_in_force")

    class Meta:
        model = Policy
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(title__icontains=value)
            | Q(document_number__icontains=value)
            | Q(issuer__icontains=value)
        )

    def filter_in_force(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        from django.utils import timezone

        today = timezone.localdate()
        live = Q(issued_on__lte=today) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        return qs.filter(live) if value == "1" else qs.exclude(live)


class PushFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("企业、政策"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="pushed_on", lookup_expr="year")
    policy = django_filters.NumberFilter(label=_("政策"), field_name="policy")
    channel = django_filters.ChoiceFilter(
        label=_("推送方式"), choices=Channel.choices, empty_label=_("全部")
    )
    response = django_filters.ChoiceFilter(
        label=_("企业反馈"), choices=Response.choices, empty_label=_("全部")
    )
    region = RegionFilter(field_name="enterprise__region")

    class Meta:
        model = Push
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(enterprise__name__icontains=value) | Q(policy__title__icontains=value))


class DisseminationFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("标题"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="published_on", lookup_expr="year")
    outlet = django_filters.ChoiceFilter(
        label=_("宣传方式"), choices=Outlet.choices, empty_label=_("全部")
    )

    class Meta:
        model = Dissemination
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(title__icontains=value)
