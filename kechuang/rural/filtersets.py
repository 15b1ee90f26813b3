from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet, YearFilter
from kechuang.enterprises.filtersets import YesNoFilter

from .choices import AchievementKind, CommissionerKind, ServedKind
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


def _commissioner_q(qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    return qs.filter(commissioner__name__icontains=value)


class ServiceFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("特派员、服务对象、内容"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="served_on", lookup_expr="year")
    served_kind = django_filters.ChoiceFilter(
        label=_("服务对象类型"), choices=ServedKind.choices, empty_label=_("全部")
    )
    region = RegionFilter(field_name="village")

    class Meta:
        model = ServiceRecord
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(commissioner__name__icontains=value)
            | Q(served_name__icontains=value)
            | Q(content__icontains=value)
        )


class TrainingFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("主题、特派员"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="held_on", lookup_expr="year")
    month = django_filters.NumberFilter(
        label=_("月份"), field_name="held_on", lookup_expr="month", min_value=1, max_value=12
    )
    region = RegionFilter(field_name="town")

    class Meta:
        model = Training
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(topic__icontains=value) | Q(commissioner__name__icontains=value))


class AchievementFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("特派员"), method=_commissioner_q)
    year = YearFilter(label=_("年度"), field_name="achieved_on", lookup_expr="year")
    kind = django_filters.ChoiceFilter(
        label=_("业绩类型"), choices=AchievementKind.choices, empty_label=_("全部")
    )

    class Meta:
        model = Achievement
        fields: list[str] = []


class DonationFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("捐赠人、物品"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="donated_on", lookup_expr="year")
    region = RegionFilter(field_name="town")

    class Meta:
        model = Donation
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(donor__icontains=value) | Q(items__icontains=value))


class AppraisalFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("成果、企业、专家"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="appraised_on", lookup_expr="year")

    class Meta:
        model = Appraisal
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(achievements__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(experts__icontains=value)
        )


class RuleFilter(StyledFilterSet):
    year = YearFilter(label=_("年度"))

    class Meta:
        model = PointsRule
        fields: list[str] = []
