from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import industries
from .models import Enterprise

TEN_THOUSAND = Decimal(10000)


def wan(value: Decimal | None) -> str:
    return "—" if value is None else f"{value / TEN_THOUSAND:,.2f}"


def percent(value: Decimal | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


class EnterpriseTable(tables.Table):
    name = tables.Column(verbose_name=_("企业名称"), order_by=("name_sort", "name"))
    uscc = tables.Column(verbose_name=_("统一社会信用代码"))
    region = tables.Column(verbose_name=_("乡镇（街道）"), order_by=("region__code",))
    industry_code = tables.Column(verbose_name=_("行业"))
    flags = tables.Column(verbose_name=_("标识"), empty_values=(), orderable=False)
    y_sales_revenue = tables.Column(
        verbose_name=_("销售收入（万元）"), attrs={"td": {"class": "text-end"}}
    )
    rd_ratio = tables.Column(
        verbose_name=_("研发强度"),
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "text-end"}},
    )
    y_employees = tables.Column(verbose_name=_("职工"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Enterprise
        fields = ("name", "uscc", "region", "industry_code")
        sequence = (
            "name",
            "uscc",
            "region",
            "industry_code",
            "flags",
            "y_sales_revenue",
            "rd_ratio",
            "y_employees",
        )
        attrs = {"class": "table table-hover table-sm align-middle"}
        empty_text = _("没有符合条件的企业")
        order_by_field = "sort"

    def render_industry_code(self, value: str) -> str:
        item = industries.get(value)
        return f"{value} {item.name}" if item else value

    def render_flags(self, record: Any) -> str:
        labels = []
        if record.is_hte:
            labels.append(("text-bg-danger", _("高企")))
        if record.is_tech_sme:
            labels.append(("text-bg-warning", _("科小")))
        if record.is_above_scale:
            labels.append(("text-bg-primary", _("规上")))
        if record.in_rd_statistics:
            labels.append(("text-bg-info", _("纳统")))
        if record.is_key_cultivated:
            labels.append(("text-bg-success", _("重点培育")))
        return format_html_join(" ", '<span class="badge {}">{}</span>', labels) or "—"

    def render_y_sales_revenue(self, value: Decimal | None) -> str:
        return wan(value)

    def render_rd_ratio(self, record: Any) -> str:
        sales, rd = record.y_sales_revenue, record.y_rd_expense
        if not sales or rd is None:
            return "—"
        return percent(Decimal(rd) / Decimal(sales))

    def render_name(self, value: str, record: Any) -> str:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)
