"""Tech-SME registrations as a declared list (core.pages). The page and the API filter through
the one ``SmeRegistrationFilter``; the page adds the year it shows by default."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core import calendar
from kechuang.core.access import BUSINESS_READ
from kechuang.core.api.filters import (
    BoundedNumberFilter,
    IdFilter,
    StyledFilterSet,
    enterprise_name_filter,
)
from kechuang.core.pages import ListPages, register
from kechuang.core.tables import ActionsColumn, DateColumn
from kechuang.cultivation.techsme import models as techsme_models
from kechuang.cultivation.techsme import selectors
from kechuang.cultivation.techsme.models import SmeRegistration, SmeStatus

VIEWS = (
    ("update", gettext_lazy("年度信息更新")),
    ("behind", gettext_lazy("批次截止未自评")),
)


class SmeRegistrationFilter(StyledFilterSet):
    q = enterprise_name_filter()
    year = BoundedNumberFilter(label=gettext_lazy("年度"), method="filter_year")
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("状态"), choices=SmeStatus.choices, empty_label=gettext_lazy("全部")
    )
    view = django_filters.ChoiceFilter(
        label=gettext_lazy("待办"),
        choices=VIEWS,
        empty_label=gettext_lazy("全部"),
        method="filter_view",
    )
    enterprise = IdFilter(label=gettext_lazy("企业"))
    batch = IdFilter(label=gettext_lazy("批次"))

    class Meta:
        model = SmeRegistration
        fields: list[str] = []

    def filter_year(self, qs: Any, name: str, value: int) -> Any:
        # A to-do view spans years (last year's registrations are updated this year).
        return qs if self.form.cleaned_data.get("view") else qs.filter(year=value)

    def filter_view(self, qs: Any, name: str, value: str) -> Any:
        today = timezone.localdate()
        if value == "update":
            return qs.filter(selectors.updates_due_q(today))
        if value == "behind":
            return qs.filter(selectors.behind_batch_q(today))
        return qs


class SmeRegistrationTable(tables.Table):
    enterprise = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("企业"),
        order_by=("enterprise__name_sort", "enterprise__name"),
    )
    year = tables.Column(verbose_name=gettext_lazy("年度"))
    batch = tables.Column(
        verbose_name=gettext_lazy("批次"),
        order_by=("batch__opens_on",),
        attrs={"td": {"class": "text-nowrap"}},
    )
    status = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("状态"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    status_on = DateColumn(
        "Y-m-d", verbose_name=gettext_lazy("状态日期"), attrs={"td": {"class": "text-nowrap"}}
    )
    registration_number = tables.Column(verbose_name=gettext_lazy("入库登记编号"))
    updated_on = tables.Column(empty_values=(), verbose_name=gettext_lazy("年度更新"))
    actions = ActionsColumn("cultivation/cells/sme_actions.html")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "data-testid": "sme-registrations"}
        empty_text = gettext_lazy("没有符合条件的记录")

    # Cells written in Python (a template per cell costs more than the page's query).
    def render_enterprise(self, record: SmeRegistration) -> str:
        enterprise = record.enterprise
        return format_html('<a href="{}">{}</a>', enterprise.get_absolute_url(), enterprise.name)

    def render_status(self, record: SmeRegistration) -> str:
        html = format_html("{}", record.get_status_display())
        if record.reason:
            note = '<span class="small text-body-secondary">（{}）</span>'
            html += format_html(" " + note, record.reason)
        return html

    def render_updated_on(self, record: SmeRegistration) -> str:
        if record.updated_on:
            return record.updated_on.strftime("%Y-%m-%d")
        if record.status != SmeStatus.REGISTERED:
            return "—"
        due = record.update_due
        late = "text-danger" if due < timezone.localdate() else ""
        text = _("未更新（%(d)s前）") % {"d": due.strftime("%Y-%m-%d")}
        return format_html('<span class="{}">{}</span>', late, text)

    def value_enterprise(self, record: SmeRegistration) -> str:
        return str(record.enterprise.name)

    def value_status(self, record: SmeRegistration) -> str:
        return str(record.get_status_display())

    def value_updated_on(self, record: SmeRegistration) -> Any:
        return record.updated_on or ""


@register
class TechSmePages(ListPages):
    model = SmeRegistration
    namespace, name, route = "cultivation", "tech_sme", "tech-sme/"
    title, noun = gettext_lazy("科小入库"), gettext_lazy("入库登记")
    filterset, table = SmeRegistrationFilter, SmeRegistrationTable
    read = BUSINESS_READ
    list_template = "cultivation/tech_sme.html"
    page_filters = ("q", "status", "view")
    export_order = ("enterprise__name", "pk")

    def default_year(self) -> int:
        from kechuang.core.periods import year_with_data

        return year_with_data(SmeRegistration.objects.visible_to(self.user))

    def queryset(self) -> Any:
        return (
            SmeRegistration.objects.visible_to(self.user)
            .select_related("enterprise", "batch")
            .order_by("enterprise__name_sort", "enterprise__name", "pk")
        )

    def list_context(self, filterset: Any) -> dict[str, Any]:
        today = timezone.localdate()
        year = self.the_year()
        counts = selectors.status_counts(user=self.user, year=year)
        sme_batch = techsme_models.SME_BATCH.key
        return {
            "title": _("%(y)s年科技型中小企业入库") % {"y": year},
            "view": self.request.GET.get("view", ""),
            "counts": [(s, s.label, counts[s.value]) for s in SmeStatus],
            "batches": calendar.batches(sme_batch, year),
            "today": today,
            "update_due": techsme_models.SmeRegistration(year=today.year - 1).update_due,
            "batch_form": calendar.batch_form(sme_batch, initial={"year": year}),
        }

    def export_filename(self) -> str:
        return f"tech-sme-{self.the_year()}.xlsx"
