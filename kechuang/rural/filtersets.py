from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet, YearFilter
from kechuang.enterprises.filtersets import YesNoFilter

from .choices import CommissionerKind
from .models import Assignment, Commissioner, KeyVillage, RosterNotice, ServiceTeam


class CommissionerFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("姓名、单位、特长"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("类型"), choices=CommissionerKind.choices, empty_label=_("全部")
    )
    on_roster = YesNoFilter(label=_("在册"))

    class Meta:
        model = Commissioner
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(name__icontains=value) | Q(unit__icontains=value) | Q(expertise__icontains=value)
        )


class NoticeFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("通知名称"), field_name="title", lookup_expr="icontains")
    year = YearFilter(label=_("年度"), field_name="issued_on", lookup_expr="year")

    class Meta:
        model = RosterNotice
        fields: list[str] = []


class KeyVillageFilter(StyledFilterSet):
    q = django_filters.CharFilter(
        label=_("村名"), field_name="village__name", lookup_expr="icontains"
    )
    region = RegionFilter(field_name="village")

    class Meta:
        model = KeyVillage
        fields: list[str] = []


class TeamFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("服务队、队长"), method="filter_q")
    year = YearFilter(label=_("年度"))
    region = RegionFilter(field_name="town")

    class Meta:
        model = ServiceTeam
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(name__icontains=value) | Q(captain__name__icontains=value))


class AssignmentFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("特派员"), method="filter_q")
    year = YearFilter(label=_("年度"))
    region = RegionFilter(field_name="area")

    class Meta:
        model = Assignment
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(commissioner__name__icontains=value)
