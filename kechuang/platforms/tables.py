import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from kechuang.core.tables import DateColumn

from .models import Platform


class PlatformTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("平台名称"))
    kind = tables.Column(
        accessor="kind__name", verbose_name=_("平台类型"), order_by=("kind__order", "kind__name")
    )
    level = tables.Column(verbose_name=_("现有级别"))
    sought_level = tables.Column(verbose_name=_("申报级别"))
    host = tables.Column(
        accessor="host_enterprise__name",
        verbose_name=_("依托单位"),
        order_by=("host_enterprise__name", "host_institution"),
        empty_values=(),  # an institution host: rendered from the record below
    )
    region = tables.Column(accessor="region__name", verbose_name=_("乡镇（街道）"))
    status = tables.Column(verbose_name=_("状态"))
    status_on = DateColumn("Y-m-d", verbose_name=_("状态日期"))
    readiness = tables.Column(
        verbose_name=_("升级准备（本年度）"), accessor="pk", orderable=False, empty_values=()
    )

    class Meta:
        model = Platform
        fields = (
            "name",
            "kind",
            "level",
            "sought_level",
            "host",
            "region",
            "status",
            "status_on",
            "readiness",
        )
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("没有符合条件的平台")

    def render_host(self, value: str | None, record: Platform) -> str:
        return value or record.host_institution or "—"

    def render_readiness(self, record: Platform) -> str:
        """The next level's checklist in one line, for the rows of this page: checked together
        on the first row (two queries, whatever the page size)."""
        from django.utils import timezone

        from .readiness import for_platforms

        found = getattr(self, "_readiness", None)
        if found is None:
            # the page's records themselves: iterating its rows would spawn BoundRows, each
            # taking the next number of the 序号 counter
            page = getattr(self, "page", None)
            rows = list(getattr(page.object_list, "data", page.object_list)) if page else [record]
            found = self._readiness = for_platforms(rows, timezone.localdate().year)
        result = (
            found.get(record.pk) or for_platforms([record], timezone.localdate().year)[record.pk]
        )
        return result.summary
