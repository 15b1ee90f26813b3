from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kechuang.core.api.filters import StyledFilterSet

from .choices import Audience
from .models import Announcement


class AnnouncementFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("标题/正文"), method="filter_q")
    audience = django_filters.ChoiceFilter(
        label=_("发送范围"), choices=Audience.choices, empty_label=_("全部")
    )

    class Meta:
        model = Announcement
        fields: list[str] = []

    def filter_q(self, qs: Any, name: str, value: str) -> Any:
        value = value.strip()
        return qs.filter(Q(title__icontains=value) | Q(body__icontains=value)) if value else qs
