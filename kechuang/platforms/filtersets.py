from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import RegionFilter, StyledFilterSet

from .choices import PlatformLevel, PlatformStatus
from .models import Platform, PlatformKind


class PlatformFilter(StyledFilterSet):
    """The list page's, the export's and the API's filters (one FilterSet)."""

    q = django_filters.CharFilter(label=_("平台、依托单位名称"), method="filter_q")
    kind = django_filters.ModelChoiceFilter(
        label=_("平台类型"), queryset=PlatformKind.objects.all(), empty_label=_("全部")
    )
    level = django_filters.ChoiceFilter(
        label=_("现有级别"), choices=PlatformLevel.choices, empty_label=_("全部")
    )
    sought_level = django_filters.ChoiceFilter(
        label=_("申报级别"), choices=PlatformLevel.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=PlatformStatus.choices, empty_label=_("全部")
    )
    region = RegionFilter(field_name="region")
    industry = django_filters.CharFilter(
        label=_("重点产业（行业代码开头）"), method="filter_industry", max_length=5
    )

    class Meta:
        model = Platform
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """The platform's, its host enterprise's or its institution's name (one stored column:
        matching a host's name through a join read the whole enterprise table)."""
        return qs.filter(search_text__icontains=value)

    def filter_industry(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """By the platform's key industry, else its host enterprise's industry (code prefix:
        "34" is the division, "3411" the class)."""
        code = value.strip()
        if not code.isdigit():
            return qs.none()
        return qs.filter(
            Q(industry_code__startswith=code)
            | Q(industry_code="", host_enterprise__industry_code__startswith=code)
        )
