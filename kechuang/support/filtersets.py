from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet, YearFilter
from kechuang.enterprises.filtersets import YesNoFilter

from .choices import MeasureSource, PlanStatus, QuestionTopic, VisitKind
from .models import EnterprisePlan, Flag, Liaison, PlanMeasure, SurveyQuestion, Visit


def _people(*roles: str) -> Any:
    """The bureau people of the user's region in ``roles`` (the visitor and leader filters)."""

    def of(request: Any) -> Any:
        from kechuang.accounts.models import User

        from .forms import bureau_people

        if request is None:
            return User.objects.none()
        return bureau_people(request.user, roles)

    return of


class QuestionFilter(StyledFilterSet):
    year = YearFilter(label=_("年度"))
    topic = django_filters.ChoiceFilter(
        label=_("类别"), choices=QuestionTopic.choices, empty_label=_("全部")
    )
    q = django_filters.CharFilter(label=_("题目、预警"), method="filter_q")

    class Meta:
        model = SurveyQuestion
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(text__icontains=value) | Q(flag_label__icontains=value))


class VisitFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("企业、走访情况"), method="filter_q")
    year = YearFilter(label=_("年度"), field_name="visited_on", lookup_expr="year")
    kind = django_filters.ChoiceFilter(
        label=_("走访类型"), choices=VisitKind.choices, empty_label=_("全部")
    )
    visitor = django_filters.ModelChoiceFilter(
        label=_("走访人员"),
        field_name="visitors",
        queryset=_people("staff", "leader"),
        empty_label=_("全部"),
    )
    flagged = YesNoFilter(label=_("有预警"), method="filter_flagged")
    region = RegionFilter(field_name="enterprise__region")

    class Meta:
        model = Visit
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(enterprise__name__icontains=value) | Q(summary__icontains=value))

    def filter_flagged(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        with_flags = Q(pk__in=Flag.objects.values("visit_id"))
        return qs.filter(with_flags) if value == "1" else qs.exclude(with_flags)


class FlagFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("企业、预警内容"), method="filter_q")
    open = YesNoFilter(label=_("待跟进"), method="filter_open")
    year = YearFilter(label=_("年度"), field_name="raised_on", lookup_expr="year")
    region = RegionFilter(field_name="enterprise__region")

    class Meta:
        model = Flag
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(enterprise__name__icontains=value) | Q(label__icontains=value))

    def filter_open(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(resolved_on__isnull=value == "1")


class LiaisonFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("企业、领导"), method="filter_q")
    leader = django_filters.ModelChoiceFilter(
        label=_("联系领导"), field_name="leader", queryset=_people("leader"), empty_label=_("全部")
    )
    region = RegionFilter(field_name="enterprise__region")

    class Meta:
        model = Liaison
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(enterprise__name__icontains=value)
            | Q(leader__username__icontains=value)
            | Q(leader__full_name__icontains=value)
        )


class PlanFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("企业"), method="filter_q")
    year = YearFilter(label=_("年度"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=PlanStatus.choices, empty_label=_("全部")
    )
    review_due = YesNoFilter(label=_("已到复核日期"), method="filter_due")

    class Meta:
        model = EnterprisePlan
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(enterprise__name__icontains=value)

    def filter_due(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        from django.utils import timezone

        due = Q(review_on__lte=timezone.localdate(), status=PlanStatus.ACTIVE)
        return qs.filter(due) if value == "1" else qs.exclude(due)


class MeasureFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("措施、企业、责任人"), method="filter_q")
    plan = django_filters.NumberFilter(label=_("方案"), field_name="plan")
    source = django_filters.ChoiceFilter(
        label=_("来源"), choices=MeasureSource.choices, empty_label=_("全部")
    )
    done = YesNoFilter(label=_("已完成"), method="filter_done")

    class Meta:
        model = PlanMeasure
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(
            Q(measure__icontains=value)
            | Q(plan__enterprise__name__icontains=value)
            | Q(owner__icontains=value)
        )

    def filter_done(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return qs.filter(done_on__isnull=value != "1")
