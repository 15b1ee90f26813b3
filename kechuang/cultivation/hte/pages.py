"""The HTE recognition lists as declared pages (core.pages): the pipeline list (each
enterprise's current step of a year) and the certificates (validity, annual reports, risk).

Both rows are computed — a current step is the furthest stage among an enterprise's events, a
certificate's risk counts its missed reports — so the FilterSet narrows the events or
certificates in SQL and :meth:`rows` finishes in Python what SQL cannot say."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core import calendar
from kechuang.core.access import BUSINESS_READ
from kechuang.core.api.filters import BoundedNumberFilter, StyledFilterSet, enterprise_name_filter
from kechuang.core.pages import ListPages, register
from kechuang.core.tables import ActionsColumn, CellColumn, DateColumn
from kechuang.cultivation.hte import selectors
from kechuang.cultivation.hte.models import HTE_BATCH, PipelineEvent, Stage
from kechuang.enterprises.models import Qualification

# --- the pipeline list --------------------------------------------------------------------------


class PipelineFilter(StyledFilterSet):
    q = enterprise_name_filter()
    stage = django_filters.ChoiceFilter(
        label=gettext_lazy("当前环节"),
        choices=Stage.choices,
        empty_label=gettext_lazy("全部"),
        method="keep",  # a *current* step: applied in PipelinePages.rows
    )
    batch = BoundedNumberFilter(label=gettext_lazy("申报批次"), method="filter_batch")
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("只看逾期"),
        method="keep",  # against the batch calendar: applied in PipelinePages.rows
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = PipelineEvent
        fields: list[str] = []

    def keep(self, qs: Any, name: str, value: Any) -> Any:
        return qs

    def filter_batch(self, qs: Any, name: str, value: int) -> Any:
        applied = PipelineEvent.objects.filter(
            stage=Stage.APPLIED, superseded_by__isnull=True, batch=value
        )
        # The queryset is one year's events; the batch is that year's application's.
        applied = applied.filter(year__in=qs.values("year"))
        return qs.filter(enterprise_id__in=applied.values("enterprise_id"))


class PipelineTable(tables.Table):
    enterprise = CellColumn(
        "<a href=\"{% url 'cultivation:gap_report' record.enterprise_id %}?year={{ record.year }}"
        '#pipeline">{{ record.enterprise.name }}</a>',
        verbose_name=gettext_lazy("企业"),
        order_by=("enterprise__name_sort", "enterprise__name"),
    )
    region = tables.Column(
        accessor="enterprise__region__name", verbose_name=gettext_lazy("乡镇（街道）")
    )
    stage = CellColumn(
        '{{ record.label }}{% if record.reason %} <span class="small text-body-secondary">'
        "（{{ record.reason }}）</span>{% endif %}",
        verbose_name=gettext_lazy("当前环节"),
    )
    occurred_on = DateColumn(
        "Y-m-d", verbose_name=gettext_lazy("日期"), attrs={"td": {"class": "text-nowrap"}}
    )
    overdue = tables.Column(
        verbose_name=gettext_lazy("逾期"),
        default="",
        attrs={"td": {"class": "text-danger small"}},
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover", "data-testid": "pipeline-list"}
        empty_text = gettext_lazy("没有符合条件的企业")


@register
class PipelinePages(ListPages):
    model = PipelineEvent
    namespace, name, route = "cultivation", "pipeline", "pipeline/"
    title, noun = gettext_lazy("认定进度列表"), gettext_lazy("企业")
    filterset, table = PipelineFilter, PipelineTable
    read = BUSINESS_READ
    list_template = "cultivation/pipeline_list.html"

    def default_year(self) -> int:
        from kechuang.core.periods import year_with_data

        return year_with_data(PipelineEvent.objects.visible_to(self.user))

    def queryset(self) -> Any:
        return (
            PipelineEvent.objects.visible_to(self.user)
            .filter(year=self.the_year())
            .select_related("enterprise", "enterprise__region")
        )

    def rows(self, filterset: Any) -> list[PipelineEvent]:
        """Each enterprise's current step of the year, with ``overdue`` against the calendar."""
        year = self.the_year()
        batches = list(calendar.batches(HTE_BATCH.key, year))
        today = timezone.localdate()
        found = []
        for event in selectors.current_events(filterset.qs).values():
            event.overdue = selectors.overdue_reason(event, batches, today)  # type: ignore[attr-defined]
            found.append(event)
        data = filterset.form.cleaned_data if filterset.is_bound and filterset.is_valid() else {}
        if data.get("stage"):
            found = [e for e in found if e.stage == data["stage"]]
        if data.get("overdue"):
            found = [e for e in found if getattr(e, "overdue", None)]
        return sorted(found, key=lambda e: (e.enterprise.name_sort, e.enterprise.name))

    def list_context(self, filterset: Any) -> dict[str, Any]:
        return {"title": _("%(y)s年高新技术企业认定进度（列表）") % {"y": self.the_year()}}

    def export_rows(self, rows: Any) -> tuple[list[str], Iterable[Sequence[Any]]]:
        headers = [
            _("企业名称"),
            _("统一社会信用代码"),
            _("乡镇（街道）"),
            _("当前环节"),
            _("日期"),
            _("逾期"),
        ]
        body = (
            [
                e.enterprise.name,
                e.enterprise.uscc,
                e.enterprise.region.name,
                str(e.label),
                e.occurred_on,
                str(getattr(e, "overdue", None) or ""),
            ]
            for e in rows
        )
        return headers, body

    def export_filename(self) -> str:
        return f"hte-pipeline-{self.the_year()}.xlsx"


# --- the certificates ---------------------------------------------------------------------------

CERTIFICATE_VIEWS = (
    ("expiring", gettext_lazy("今明两年到期（重新认定）")),
    ("at_risk", gettext_lazy("年报缺报风险")),
)


class CertificateFilter(StyledFilterSet):
    q = enterprise_name_filter()
    view = django_filters.ChoiceFilter(
        label=gettext_lazy("筛选"),
        choices=CERTIFICATE_VIEWS,
        empty_label=gettext_lazy("全部"),
        method="filter_view",
    )

    as_of: Any = None  # the day the page sees the certificates at (CertificatePages.filtered)

    class Meta:
        model = Qualification
        fields: list[str] = []

    def filter_view(self, qs: Any, name: str, value: str) -> Any:
        if value == "expiring":
            start, end = selectors.expiring_window(self.as_of or timezone.localdate())
            return qs.filter(valid_until__range=(start, end))
        return qs  # at_risk counts missed reports: CertificatePages.rows


class CertificateTable(tables.Table):
    enterprise = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("企业"),
        order_by=("certificate__enterprise__name_sort", "certificate__enterprise__name"),
    )
    number = tables.Column(accessor="certificate__number", verbose_name=gettext_lazy("证书编号"))
    valid_until = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("有效期至"),
        order_by=("certificate__valid_until",),
    )
    reports = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("年报"),
        orderable=False,
    )
    assessment = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("当前评价"),
        orderable=False,
    )
    actions = ActionsColumn("cultivation/cells/certificate_actions.html")

    class Meta:
        attrs = {"class": "table table-sm align-middle", "data-testid": "certificates"}
        empty_text = gettext_lazy("没有符合条件的证书")

    # Cells written in Python (a template per cell costs more than the page's query).
    def render_enterprise(self, record: Any) -> str:
        enterprise = record.certificate.enterprise
        return format_html('<a href="{}">{}</a>', enterprise.get_absolute_url(), enterprise.name)

    def render_valid_until(self, record: Any) -> str:
        until = record.certificate.valid_until
        html = format_html("{}", until.strftime("%Y-%m-%d") if until else "")
        if record.expired:
            html += format_html(' <span class="badge text-bg-secondary">{}</span>', _("已过期"))
        elif record.expiring_soon:
            days = _("%(d)s天后到期") % {"d": record.expires_in_days}
            html += format_html(' <span class="badge text-bg-warning">{}</span>', days)
        return html

    def render_reports(self, record: Any) -> str:
        html = mark_safe("")
        if record.filed:
            html += format_html("{}{}", _("已报："), "、".join(str(y) for y in record.filed))
        if record.missed:
            missed = "、".join(str(y) for y in record.missed)
            html += format_html(' <span class="text-danger">{}{}</span>', _("未报："), missed)
        if record.at_risk:
            html += format_html(' <span class="badge text-bg-danger">{}</span>', _("有取消风险"))
        return html

    def render_assessment(self, record: Any) -> str:
        if not record.assessment:
            return "—"
        url = reverse("cultivation:gap_report", args=[record.certificate.enterprise_id])
        return format_html('<a href="{}">{}</a>', url, record.assessment.get_verdict_display())

    def value_enterprise(self, record: Any) -> str:
        return str(record.certificate.enterprise.name)

    def value_valid_until(self, record: Any) -> Any:
        return record.certificate.valid_until

    def value_reports(self, record: Any) -> str:
        filed = "、".join(str(y) for y in record.filed)
        missed = "、".join(str(y) for y in record.missed)
        return "；".join(
            part
            for part in (
                _("已报：%(y)s") % {"y": filed} if filed else "",
                _("未报：%(y)s") % {"y": missed} if missed else "",
            )
            if part
        )

    def value_assessment(self, record: Any) -> str:
        return str(record.assessment.get_verdict_display()) if record.assessment else ""


@register
class CertificatePages(ListPages):
    model = Qualification
    namespace, name, route = "cultivation", "certificate", "certificates/"
    title, noun = gettext_lazy("高新技术企业证书"), gettext_lazy("证书")
    filterset, table = CertificateFilter, CertificateTable
    read = BUSINESS_READ
    list_template = "cultivation/certificates.html"

    def default_year(self) -> int:
        return timezone.localdate().year

    def selection_value(self, record: Any) -> Any:
        return record.certificate.pk  # a row is a certificate's status

    def selection_label(self, record: Any) -> str:
        return str(record.certificate.enterprise.name)

    def as_of(self) -> Any:
        """The day the certificates are seen at: today in this year, a past year's last day
        (which were valid then, what was due and filed by then)."""
        from kechuang.core.periods import Period

        return Period.year_of(self.the_year()).as_of

    def filtered(self) -> Any:
        filterset = super().filtered()
        filterset.as_of = self.as_of()
        return filterset

    def queryset(self) -> Any:
        year = self.the_year()
        return (
            Qualification.objects.visible_to(self.user)
            .filter(kind="hte", valid_until__gte=date(year, 1, 1), issued_on__lte=self.as_of())
            .select_related("enterprise", "enterprise__region")
            .order_by("valid_until", "pk")
        )

    def rows(self, filterset: Any) -> list[Any]:
        from kechuang.cultivation.models import Assessment

        today = self.as_of()
        found = selectors.status_of(list(filterset.qs), today)
        if self.request.GET.get("view") == "at_risk":
            found = [r for r in found if r.at_risk]
        latest = {
            a.enterprise_id: a
            for a in Assessment.objects.filter(
                enterprise_id__in=[r.certificate.enterprise_id for r in found],
                rule="hte",
                year=today.year,
                is_latest=True,
            )
        }
        return [CertificateRow(r, latest.get(r.certificate.enterprise_id)) for r in found]

    def list_context(self, filterset: Any) -> dict[str, Any]:
        year = self.the_year()
        return {
            "view": self.request.GET.get("view", ""),
            "today": self.as_of(),
            "title": _("%(y)s年高新技术企业证书") % {"y": year},
        }

    def export_filename(self) -> str:
        return f"hte-certificates-{self.the_year()}.xlsx"


class CertificateRow:
    """A certificate's status with its holder's current assessment, for one table row."""

    def __init__(self, status: Any, assessment: Any) -> None:
        self.status = status
        self.assessment = assessment

    def __getattr__(self, name: str) -> Any:
        return getattr(self.status, name)
