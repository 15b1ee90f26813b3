"""The cultivation pool as a declared list (core.pages): ranked by distance to recognition,
with the same filters on the page, the export and (as ``AssessmentFilter``) the API."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import django_filters
import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.access import BUSINESS_READ
from kechuang.core.api.filters import RegionFilter, StyledFilterSet
from kechuang.core.pages import ListPages, register
from kechuang.cultivation.assessments import selectors
from kechuang.cultivation.assessments.selectors import GAP_LABELS
from kechuang.cultivation.models import Assessment, Verdict
from kechuang.enterprises.choices import TechField


class PoolFilter(StyledFilterSet):
    region = RegionFilter(field_name="enterprise__region")
    tech_field = django_filters.ChoiceFilter(
        label=gettext_lazy("技术领域"),
        field_name="enterprise__tech_field",
        choices=TechField.choices,
        empty_label=gettext_lazy("全部"),
    )
    verdict = django_filters.ChoiceFilter(
        label=gettext_lazy("结论"), choices=Verdict.choices, empty_label=gettext_lazy("全部")
    )
    gap = django_filters.ChoiceFilter(
        label=gettext_lazy("含差距项"),
        choices=list(GAP_LABELS.items()),
        empty_label=gettext_lazy("全部"),
        method="filter_gap",
    )
    only_gap = django_filters.ChoiceFilter(
        label=gettext_lazy("仅差一项"),
        choices=list(GAP_LABELS.items()),
        empty_label=gettext_lazy("不限"),
        method="filter_only_gap",
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def filter_gap(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(gap_codes__contains=f"|{value}|")

    def filter_only_gap(self, qs: Any, name: str, value: str) -> Any:
        return qs.filter(gap_codes=f"|{value}|")


class PoolTable(tables.Table):
    enterprise = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("企业"),
        order_by=("enterprise__name_sort", "enterprise__name"),
        attrs={"td": {"class": "text-nowrap"}},
    )
    region = tables.Column(
        accessor="enterprise__region__name",
        verbose_name=gettext_lazy("乡镇"),
        order_by=("enterprise__region__code",),
        attrs={"td": {"class": "text-nowrap"}},
    )
    verdict = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("结论"),
        order_by=("rank", "gap_count"),
    )
    score = tables.Column(
        accessor="score_display",
        verbose_name=gettext_lazy("评分"),
        order_by=("score_max",),
        attrs={"td": {"class": "text-nowrap"}},
    )
    gaps = tables.Column(
        empty_values=(),
        verbose_name=gettext_lazy("差距"),
        order_by=("gap_count",),
        attrs={"td": {"class": "small"}},
    )

    class Meta:
        attrs = {"class": "table table-sm table-hover", "data-testid": "pool"}
        empty_text = gettext_lazy("暂无评价结果。")

    # Cells written in Python (a template per cell costs more than the page's query).
    def render_enterprise(self, record: Assessment) -> str:
        url = reverse("cultivation:gap_report", args=[record.enterprise_id])
        return format_html('<a href="{}?year={}">{}</a>', url, record.year, record.enterprise.name)

    def render_verdict(self, record: Assessment) -> str:
        badge = BADGES.get(record.verdict, "text-bg-secondary")
        html = format_html('<span class="badge {}">{}</span>', badge, record.get_verdict_display())
        until = getattr(record, "renewal_until", None)
        if until:
            note = _("现持证，%(d)s到期，需重新认定") % {"d": until.strftime("%Y-%m-%d")}
            html += format_html(
                '<div class="small text-body-secondary" data-testid="renewal">{}</div>', note
            )
        return html

    def render_gaps(self, record: Assessment) -> str:
        if not record.gaps:
            return "—"
        return format_html_join("", "<div>{}</div>", ((g["explanation"],) for g in record.gaps))

    def value_enterprise(self, record: Assessment) -> str:
        return str(record.enterprise.name)

    def value_verdict(self, record: Assessment) -> str:
        return str(record.get_verdict_display())

    def value_gaps(self, record: Assessment) -> str:
        return "\n".join(g["explanation"] for g in record.gaps)


BADGES = {"pass": "text-bg-success", "undetermined": "text-bg-warning"}


@register
class PoolPages(ListPages):
    model = Assessment
    namespace, name = "cultivation", "pool"
    url_names = {"list": "pool", "export": "pool_export"}
    title, noun = gettext_lazy("培育库"), gettext_lazy("企业")
    filterset, table = PoolFilter, PoolTable
    read = BUSINESS_READ
    per_page = 30
    page_sizes = (30, 50, 100)
    list_template = "cultivation/pool.html"
    table_template = "cultivation/_pool_table.html"
    export_order = ()  # keep the ranking

    def default_year(self) -> int:
        from kechuang.core.periods import year_with_data

        return year_with_data(Assessment.objects.visible_to(self.user).filter(is_latest=True))

    def queryset(self) -> Any:
        return selectors.pool(user=self.user, year=self.the_year())

    # The ticked rows are enterprises: record an activity for them, mobilise them for the
    # tech-SME evaluation, or export them (the shared batch bar).
    selection_field, selection_lookup = "enterprises", "enterprise_id"

    def selection_value(self, record: Any) -> Any:
        return record.enterprise_id

    def selection_label(self, record: Any) -> str:
        return str(record.enterprise.name)

    def batch_actions(self) -> list[dict[str, Any]]:
        from django.urls import reverse

        from kechuang.core.access import rule_for
        from kechuang.core.scoping import user_roles

        actions = super().batch_actions()
        roles = user_roles(self.user)
        for name, label, testid in (
            ("cultivation:activity_add", _("为勾选的企业记录培训/指导/核实"), "add-activity"),
            ("cultivation:tech_sme_mobilise", _("动员勾选企业参加科小评价"), "mobilise"),
        ):
            rule = rule_for(name)
            if rule is not None and rule.allows(roles, "POST"):
                actions.append(
                    {"label": label, "url": reverse(name), "method": "get", "testid": testid}
                )
        return actions

    def list_context(self, filterset: Any) -> dict[str, Any]:
        year = self.the_year()
        from django.db.models import Count, Q

        # one query for the three counts of the filtered pool
        counts: dict[str, int] = filterset.qs.order_by().aggregate(
            **{
                str(Verdict.PASS): Count("pk", filter=Q(verdict=Verdict.PASS)),
                str(Verdict.UNDETERMINED): Count("pk", filter=Q(verdict=Verdict.UNDETERMINED)),
                "one_gap": Count("pk", filter=Q(verdict=Verdict.FAIL, gap_count=1)),
            }
        )
        counts["holders"] = selectors.pool(
            user=self.user, year=year, filters={"holders": True}
        ).count()
        return {
            "title": _("培育库（%(y)s年高新技术企业认定）") % {"y": year},
            "counts": counts,
            "rule_is_hte": True,
        }

    def export_rows(self, rows: Any) -> tuple[list[str], Iterable[Sequence[Any]]]:
        headers = [
            _("企业名称"),
            _("统一社会信用代码"),
            _("乡镇（街道）"),
            _("结论"),
            _("评分"),
            _("差距项数"),
            _("差距说明"),
        ]
        body = (
            [
                a.enterprise.name,
                a.enterprise.uscc,
                a.enterprise.region.name,
                a.get_verdict_display(),
                a.score_display,
                a.gap_count,
                "\n".join(g["explanation"] for g in a.gaps),
            ]
            for a in rows.iterator()
        )
        return headers, body

    def export_filename(self) -> str:
        return f"cultivation-pool-{self.the_year()}.xlsx"
