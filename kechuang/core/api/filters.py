"""Filters on ids and numbers that never overflow and never tell which ids exist.

``?enterprise=99999999999999999999999`` gave an OverflowError 500, and a non-existent id
answered 400 while another county's id answered 200 with no rows — which told a caller which ids
exist (issue #11, defect 11). Here an id filter is a plain number: any whole number in range
filters (foreign or missing alike give no rows, because the queryset is already scoped), anything
else gives no rows too; no filter looks the id up.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db import models
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet

from ..http import MAX_ID


class BoundedNumberFilter(django_filters.NumberFilter):
    """A whole-number filter: out of the 64-bit range or not whole → no rows."""

    def filter(self, qs: Any, value: Any) -> Any:
        if value in EMPTY_VALUES:
            return qs
        if isinstance(value, Decimal) and not value.is_finite():
            return qs.none()
        if value != int(value) or not (-MAX_ID <= int(value) <= MAX_ID):
            return qs.none()
        return super().filter(qs, int(value))


class IdFilter(BoundedNumberFilter):
    """A foreign key filtered by its id, never looked up."""


INTEGER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)


class FilterSet(RestFilterSet):
    FILTER_DEFAULTS = {
        **RestFilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        **{field: {"filter_class": BoundedNumberFilter} for field in INTEGER_FIELDS},
    }


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend: automatic filtersets use the safe filters above."""

    filterset_base = FilterSet
