"""One FilterSet per model, used by the list page, the export and the API."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from kechuang.accounts.choices import RegionLevel
from kechuang.accounts.models import Region
from kechuang.core.api.filters import BoundedNumberFilter, IdFilter, ScopedFilterSet
from kechuang.rules import uscc as uscc_rules
from kechuang.utilities import pinyin

from . import industries
from .choices import IpKind, TechField
from .models import AnnualFigures, Enterprise, IntellectualProperty

YES_NO = [("", _("全部")), ("1", _("是")), ("0", _("否"))]


def search_q(term: str) -> Q:
    term = term.strip()
    query = Q(name__icontains=term)
    code = uscc_rules.normalise(term)
    if code and code.isalnum() and len(code) >= 4:
        query |= Q(uscc__startswith=code)
    if pinyin.looks_like_pinyin(term):
        lowered = term.lower()
        query |= Q(name_initials__contains=lowered) | Q(name_pinyin__contains=lowered)
    return query


def industry_q(value: str, field: str = "industry_code") -> Q:
    value = (value or "").strip().upper()
    if not value:
        return Q()
    if value.isalpha():  # a section letter: every division in it
        divisions = [
            i.code for i in industries.industries().values() if i.section == value and i.level == 2
        ]
        query = Q(pk__in=[])
        for code in divisions:
            query |= Q(**{f"{field}__startswith": code})
        return query
    return Q(**{f"{field}__startswith": industries.normalise(value)})


@extend_schema_field(OpenApiTypes.STR)  # "1"/"0" (是/否), not a JSON boolean
class YesNoFilter(django_filters.ChoiceFilter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", YES_NO[1:])
        kwargs.setdefault("empty_label", _("全部"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "1"})


class EnterpriseFilter(ScopedFilterSet):
    #: The ratio and revenue filters read the list's figures year from ``year`` in the data
    #: (core.pages fills it in when the query string names none).
    reads_year = True

    q = django_filters.CharFilter(label=_("名称/信用代码/拼音首字母"), method="filter_q")
    region = django_filters.ModelChoiceFilter(
        label=_("乡镇（街道）"), queryset=Region.objects.none(), method="filter_region"
    )
    industry = django_filters.CharFilter(
        label=_("行业（门类字母或代码）"), method="filter_industry"
    )
    tech_field = django_filters.ChoiceFilter(
        label=_("高新技术领域"), choices=TechField.choices, empty_label=_("全部")
    )
    is_above_scale = YesNoFilter(label=_("规上企业"))
    in_rd_statistics = YesNoFilter(label=_("纳统企业"))
    is_key_cultivated = YesNoFilter(label=_("重点培育"))
    is_hte = YesNoFilter(label=_("高新技术企业"))
    is_tech_sme = YesNoFilter(label=_("科技型中小企业"))
    rd_ratio_min = django_filters.NumberFilter(
        label=_("研发投入强度≥（%）"), method="filter_rd_min"
    )
    rd_ratio_max = django_filters.NumberFilter(
        label=_("研发投入强度<（%）"), method="filter_rd_max"
    )
    revenue_min = django_filters.NumberFilter(
        label=_("销售收入≥（万元）"), method="filter_revenue_min"
    )
    revenue_max = django_filters.NumberFilter(
        label=_("销售收入<（万元）"), method="filter_revenue_max"
    )
    ordering = django_filters.OrderingFilter(
        label=_("排序"),
        fields=(
            ("name", "name"),
            ("uscc", "uscc"),
            ("registered_on", "registered_on"),
            ("y_sales_revenue", "sales_revenue"),
            ("y_rd_expense", "rd_expense"),
            ("y_employees", "employees"),
        ),
        field_labels={
            "name": _("名称"),
            "registered_on": _("成立日期"),
            "sales_revenue": _("销售收入"),
            "rd_expense": _("研发费用"),
            "employees": _("职工人数"),
            "uscc": _("信用代码"),
        },
    )

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        regions = Region.objects.none()
        if user is not None and user.region is not None:
            # Two levels below the user's own: a county sees its towns, a province its cities
            # and counties (a long <select> of every town would dominate the page time).
            deepest = min(user.region.level + 2, RegionLevel.TOWN)
            regions = Region.objects.visible_to(user).filter(level__lte=deepest)
        self.filters["region"].queryset = regions
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(search_q(value)) if value.strip() else qs

    def filter_region(self, qs: QuerySet[Any], name: str, value: Region) -> QuerySet[Any]:
        from kechuang.core.scoping import region_q

        return qs.filter(region_q("region", value.code)) if value else qs

    def filter_industry(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(industry_q(value))

    # Ratio and revenue ranges compare exact decimals (rd >= sales × p/100, no float division)
    # over the year's figures, as one `pk IN (...)` the database answers from the figures table.
    @staticmethod
    def _decimal(value: Any) -> Decimal | None:
        try:
            return Decimal(str(value))
        except (InvalidOperation, TypeError):
            return None

    def _year(self) -> int:
        from .selectors import default_year

        try:
            return int(self.data.get("year") or default_year())
        except (TypeError, ValueError):
            return default_year()

    def _with_figures(self, qs: QuerySet[Any], condition: Q) -> QuerySet[Any]:
        """Collect the condition; filter_queryset applies all of them as one subquery."""
        self._figure_conditions.append(condition)
        return qs

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        self._figure_conditions: list[Q] = []
        queryset = super().filter_queryset(queryset)
        if self._figure_conditions:
            condition = Q(year=self._year())
            for part in self._figure_conditions:
                condition &= part
            ids = AnnualFigures.objects.filter(condition).values("enterprise_id")
            queryset = queryset.filter(pk__in=ids)
        return queryset

    def filter_rd_min(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        pct = self._decimal(value)
        if pct is None:
            return qs
        return self._with_figures(
            qs, Q(sales_revenue__gt=0, rd_expense__gte=F("sales_revenue") * pct / 100)
        )

    def filter_rd_max(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        pct = self._decimal(value)
        if pct is None:
            return qs
        return self._with_figures(
            qs,
            Q(sales_revenue__gt=0)
            & (Q(rd_expense__lt=F("sales_revenue") * pct / 100) | Q(rd_expense=None)),
        )

    def filter_revenue_min(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        amount = self._decimal(value)
        return (
            qs if amount is None else self._with_figures(qs, Q(sales_revenue__gte=amount * 10000))
        )

    def filter_revenue_max(self, qs: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        amount = self._decimal(value)
        return qs if amount is None else self._with_figures(qs, Q(sales_revenue__lt=amount * 10000))


class AnnualFiguresFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))
    uscc = django_filters.CharFilter(field_name="enterprise__uscc", label=_("统一社会信用代码"))
    year = BoundedNumberFilter(label=_("年度"))
    year_min = BoundedNumberFilter(field_name="year", lookup_expr="gte", label=_("起始年度"))
    year_max = BoundedNumberFilter(field_name="year", lookup_expr="lte", label=_("截止年度"))

    class Meta:
        model = AnnualFigures
        fields: list[str] = []


class IntellectualPropertyFilter(django_filters.FilterSet):
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))
    kind = django_filters.ChoiceFilter(choices=IpKind.choices, label=_("类型"))
    status = django_filters.CharFilter(label=_("状态"))
    q = django_filters.CharFilter(label=_("编号或名称"), method="filter_q")

    class Meta:
        model = IntellectualProperty
        fields: list[str] = []

    def filter_q(self, qs: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return qs.filter(Q(number__icontains=value) | Q(title__icontains=value)) if value else qs
