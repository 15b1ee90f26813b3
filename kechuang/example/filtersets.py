from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet

from .choices import Award, NominationStatus
from .models import Nomination


class NominationFilter(StyledFilterSet):
    """The list page's, the export's and the API's filters (one FilterSet)."""

    q = django_filters.CharFilter(label=_("企业或成果名称"), method="filter_q")
    region = RegionFilter(field_name="enterprise__region")
    award = django_filters.ChoiceFilter(
        label=_("奖项"), choices=Award.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=NominationStatus.choices, empty_label=_("全部")
    )

    class Meta:
        model = Nomination
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(title__icontains=value) | Q(enterprise__name__icontains=value))
