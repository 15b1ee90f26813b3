from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet, YearFilter
from kechuang.enterprises.filtersets import YesNoFilter

from .choices import CooperationStatus, InstitutionKind
from .models import (
    Cooperation,
    CooperationPlan,
    Expert,
    Institution,
    NeedSource,
    NeedStatus,
    TechNeed,
    Trip,
)


class InstitutionFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("单位名称"), field_name="name", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(
        label=_("单位类型"), choices=InstitutionKind.choices, empty_label=_("全部")
    )

    class Meta:
        model = Institution
        fields: list[str] = []


MAX_WORDS = 10  # a search's words, each one more condition on the query


class ExpertFilter(StyledFilterSet):
    """By name, institution and field; ``text`` searches keywords and profile word by word
    (jieba's segments: every word of the query must be among the expert's), through the
    database's full-text index (``core.fulltext``)."""

    q = django_filters.CharFilter(label=_("姓名、单位"), method="filter_q")
    field = django_filters.CharFilter(
        label=_("研究领域"), field_name="fields", lookup_expr="icontains"
    )
    text = django_filters.CharFilter(
        label=_("关键词全文检索"), method="filter_text", max_length=200
    )

    class Meta:
        model = Expert
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(name__icontains=value) | Q(institution__name__icontains=value))

    def filter_text(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        from .matching import segment

        return Expert.words.matching(qs, list(dict.fromkeys(segment(value)))[:MAX_WORDS])


class CooperationFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("项目、企业、单位"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("所处阶段"), choices=CooperationStatus.choices, empty_label=_("全部")
    )
    top = django_filters.ChoiceFilter(
        label=_("达到的最高阶段"), choices=CooperationStatus.choices, empty_label=_("全部")
    )
    region = RegionFilter(field_name="enterprise__region")

    class Meta:
        model = Cooperation
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(project__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(institution__name__icontains=value)
        )


class TripFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("活动、参加人员"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="started_on", lookup_expr="year")
    started_after = django_filters.DateFilter(
        label=_("开始日期（起）"),
        field_name="started_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    started_before = django_filters.DateFilter(
        label=_("开始日期（止）"),
        field_name="started_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Trip
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(title__icontains=value) | Q(members__icontains=value))


class NeedFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("需求、企业、标签"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=NeedStatus.choices, empty_label=_("全部")
    )
    source = django_filters.ChoiceFilter(
        label=_("来源"), choices=NeedSource.choices, empty_label=_("全部")
    )
    overdue = YesNoFilter(label=_("逾期未反馈"), method="filter_overdue")
    region = RegionFilter(field_name="enterprise__region")

    class Meta:
        model = TechNeed
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(title__icontains=value)
            | Q(enterprise__name__icontains=value)
            | Q(tags__icontains=value)
        )

    def filter_overdue(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        from django.utils import timezone

        from .models import overdue_q

        late = overdue_q(timezone.localdate())
        return qs.filter(late) if value == "1" else qs.exclude(late)


class PlanFilter(StyledFilterSet):
    year = YearFilter(label=_("计划年度"))
    q = django_filters.CharFilter(label=_("企业、单位"), method="filter_q")

    class Meta:
        model = CooperationPlan
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(enterprise__name__icontains=value) | Q(institution__name__icontains=value)
        )
