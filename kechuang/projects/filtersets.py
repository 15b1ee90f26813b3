from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet, YearFilter

from .choices import ApplicationStatus, CallLevel, ProgrammeKind, ProposalKind, ProposalStatus
from .models import (
    BureauDocument,
    Call,
    CompetitionEntry,
    IntroducedTalent,
    Proposal,
    TalentApplication,
)


class CallFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("征集名称、计划类别"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="deadline", lookup_expr="year")
    kind = django_filters.ChoiceFilter(
        label=_("项目类型"), choices=ProposalKind.choices, empty_label=_("全部")
    )
    level = django_filters.ChoiceFilter(
        label=_("级别"), choices=CallLevel.choices, empty_label=_("全部")
    )

    class Meta:
        model = Call
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(title__icontains=value) | Q(programme__icontains=value))


def _calls(request: Any) -> QuerySet[Any]:
    """The calls the user sees, newest first (the pool's call filter)."""
    from .selectors import calls_for

    if request is None:
        return Call.objects.none()
    return calls_for(request.user).order_by("-deadline", "pk")


class ProposalFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("项目、企业"), method="filter_q")
    kind = django_filters.ChoiceFilter(
        label=_("项目类型"), choices=ProposalKind.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("所处阶段"), choices=ProposalStatus.choices, empty_label=_("全部")
    )
    call = django_filters.ModelChoiceFilter(label=_("征集"), queryset=_calls, empty_label=_("全部"))
    year = YearFilter(label=_("征集年度"), field_name="call__deadline", lookup_expr="year")
    region = RegionFilter(field_name="enterprise__region")

    class Meta:
        model = Proposal
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value))


class ApplicationFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("申报人、企业"), method="filter_q")
    year = YearFilter(label=_("年度"))
    programme = django_filters.ChoiceFilter(
        label=_("人才计划"), choices=ProgrammeKind.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("申报阶段"), choices=ApplicationStatus.choices, empty_label=_("全部")
    )

    class Meta:
        model = TalentApplication
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(person__icontains=value) | Q(enterprise__name__icontains=value))


class EntryFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("大赛、项目、企业"), method="filter_q")
    year = YearFilter(label=_("年度"))
    level = django_filters.ChoiceFilter(
        label=_("级别"), choices=CallLevel.choices, empty_label=_("全部")
    )

    class Meta:
        model = CompetitionEntry
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(competition__icontains=value)
            | Q(project__icontains=value)
            | Q(enterprise__name__icontains=value)
        )


class TalentFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("姓名、企业"), method="filter_q")
    year = YearFilter(label=_("引进年度"), field_name="introduced_on", lookup_expr="year")

    class Meta:
        model = IntroducedTalent
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(name__icontains=value) | Q(enterprise__name__icontains=value))


class DocumentFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("文件名称"), field_name="title", lookup_expr="icontains")
    year = YearFilter(label=_("起草年度"), field_name="drafted_on", lookup_expr="year")

    class Meta:
        model = BureauDocument
        fields: list[str] = []
