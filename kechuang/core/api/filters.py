"""Filters on ids and numbers that never overflow and never tell which ids exist.

``?enterprise=99999999999999999999999`` gave an OverflowError 500, and a non-existent id
answered 400 while another county's id answered 200 with no rows — which told a caller which ids
exist (issue #11, defect 11). Here an id filter is a plain number: any whole number in range
filters (foreign or missing alike give no rows, because the queryset is already scoped), anything
else gives no rows too; no filter looks the id up.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db import models
from django_filters.constants import EMPTY_VALUES
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.rest_framework import FilterSet as RestFilterSet
from rest_framework.exceptions import ValidationError

from ..http import MAX_ID


class WholeNumberField(forms.IntegerField):
    """Digits only, with an optional minus: "0.0", "1e3" and " 7" are not whole numbers here
    (Django's own field would take "0.0" as 0)."""

    def to_python(self, value: Any) -> int | None:
        if value in EMPTY_VALUES:
            return None
        text = str(value)
        if not re.fullmatch(r"-?[0-9]{1,30}", text):
            raise forms.ValidationError("应为整数。", code="invalid")
        return int(text)


class BoundedNumberFilter(django_filters.NumberFilter):
    """A whole-number filter: not a whole number → 400 (as the schema says: integer); out of
    the 64-bit range → no rows."""

    field_class = WholeNumberField

    def filter(self, qs: Any, value: Any) -> Any:
        if value in EMPTY_VALUES:
            return qs
        if isinstance(value, Decimal) and not value.is_finite():
            return qs.none()
        if value != int(value) or not (-MAX_ID <= int(value) <= MAX_ID):
            return qs.none()
        return super().filter(qs, int(value))


class YearFilter(BoundedNumberFilter):
    """A calendar year (``field_name`` a date with ``lookup_expr="year"``, or a year column):
    a year no calendar has → no rows, never a server error."""

    def filter(self, qs: Any, value: Any) -> Any:
        if value in EMPTY_VALUES:
            return qs
        if isinstance(value, Decimal) and not value.is_finite():
            return qs.none()
        if value != int(value) or not (1 <= int(value) <= 9999):
            return qs.none()
        return super().filter(qs, int(value))


class StrictBooleanField(forms.Field):
    """true/false (or 1/0); anything else is an error, not "no filter"."""

    VALUES = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value: Any) -> bool | None:
        if value in EMPTY_VALUES:
            return None
        text = str(value).strip().lower()
        if text not in self.VALUES:
            raise forms.ValidationError("应为 true 或 false。", code="invalid")
        return self.VALUES[text]


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


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
        models.BooleanField: {"filter_class": BooleanFilter},
        **{field: {"filter_class": BoundedNumberFilter} for field in INTEGER_FIELDS},
    }


class FilterBackend(DjangoFilterBackend):
    """The API's filter backend: automatic filtersets use the safe filters above, and a filter
    given with no value is a 400 naming it (leave it out to not filter) — the schema's types
    and enums hold for every value the API takes."""

    filterset_base = FilterSet

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            names = set(filterset_class.base_filters)
            empty = sorted(
                name
                for name, values in request.query_params.lists()
                if name in names and any(v.strip() == "" for v in values)
            )
            if empty:
                raise ValidationError(
                    {name: ["参数为空：不筛选时请省略该参数。"] for name in empty}
                )
        return super().filter_queryset(request, queryset, view)


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet that knows who is asking (``self.user``), whether the page passes ``user=``
    or the API's backend passes ``request=`` — so choices such as regions are scoped the same
    way on the page and in the API."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else getattr(self.request, "user", None)


def style_form(form: Any) -> Any:
    """Bootstrap classes on a filter form's widgets (selects, boxes, inputs)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


class StyledFilterSet(ScopedFilterSet):
    """A ScopedFilterSet whose form is styled for the list pages."""

    @property
    def form(self) -> Any:
        form = super().form
        if not getattr(form, "_styled", False):
            style_form(form)
            form._styled = True
        return form


def visible_regions(request: Any) -> Any:
    """The regions a filter offers: two levels below the user's own (a county sees its towns,
    a province its cities and counties — a <select> of every town would dominate the page)."""
    from kechuang.accounts.choices import RegionLevel
    from kechuang.accounts.models import Region

    user = getattr(request, "user", None)
    if user is None or getattr(user, "region", None) is None:
        return Region.objects.none()
    deepest = min(user.region.level + 2, RegionLevel.TOWN)
    return Region.objects.visible_to(user).filter(level__lte=deepest)  # type: ignore[attr-defined]


class RegionFilter(django_filters.ModelChoiceFilter):
    """A region and everything under it (``field_name`` is the path to the row's region)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.utils.translation import gettext_lazy

        kwargs.setdefault("label", gettext_lazy("乡镇（街道）"))
        kwargs.setdefault("queryset", visible_regions)
        kwargs.setdefault("empty_label", gettext_lazy("全部"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: Any, value: Any) -> Any:
        from kechuang.core.scoping import region_q

        return qs.filter(region_q(self.field_name, value.code)) if value else qs


def enterprise_name_filter() -> Any:
    """企业名称: the rows whose enterprise's name contains the text."""
    from django.utils.translation import gettext_lazy

    return django_filters.CharFilter(
        label=gettext_lazy("企业名称"), field_name="enterprise__name", lookup_expr="icontains"
    )
