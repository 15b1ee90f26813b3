"""The survey sheet: one row per enterprise in the 107-2 layout; export and import alike.

Staff import many forms at once (filled on the enterprises' behalf from paper or another system).
A row updates the enterprise's form of that year's campaign; a form already submitted or accepted
is refused. After the import, each form whose checks pass (warnings explained in the 预警说明
column) is submitted; the others stay drafts with their findings shown on the form.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from kechuang.dataio.columns import DECIMAL, INT, MONEY, TEXT, YEAR, Column
from kechuang.dataio.engine import SheetSpec, register
from kechuang.enterprises.importers import ENTERPRISE_NAME, USCC, _EnterpriseRefMixin

from .models import EDITABLE, VALUE_FIELDS, SurveyForm


def _kind(name: str) -> str:
    field = SurveyForm._meta.get_field(name)
    if isinstance(field, models.PositiveIntegerField):
        return INT
    if name == "fte":
        return DECIMAL
    return MONEY


def _header(name: str) -> str:
    return str(getattr(SurveyForm._meta.get_field(name), "verbose_name", name))


@register
class SurveySheet(_EnterpriseRefMixin, SheetSpec):
    name = "rd-survey"
    label = "企业研发投入统计表"
    model = SurveyForm
    key = ("campaign", "enterprise")
    notes = (
        "每行一家企业的年度研发统计表（107-2 表汇总数），以统一社会信用代码和统计年度找到该企业"
        "在本年度调查中的统计表。已提交或已通过的表不能通过导入修改。导入后校验通过的表自动提交，"
        "未通过的保留为填报中。需要说明的预警请在“预警说明”列填写原因。"
    )
    columns: ClassVar[list[Column]] = [
        USCC,
        ENTERPRISE_NAME,
        Column("year", "统计年度", kind=YEAR, required=True, aliases=("年度",)),
        *[Column(name, _header(name), kind=_kind(name)) for name in VALUE_FIELDS],
        Column("explanation", "预警说明", kind=TEXT, max_length=2000, aliases=("说明",)),
    ]

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        self.load_enterprises(rows)
        years = sorted({int(r["year"]) for r in rows if r.get("year")})
        ids = [e.pk for e in self.enterprises.values()]
        self.forms: dict[tuple[int, int], SurveyForm] = {}
        for start in range(0, len(ids), 5000):
            for form in (
                SurveyForm.objects.visible_to(self.user)
                .filter(enterprise_id__in=ids[start : start + 5000], campaign__year__in=years)
                .select_related("campaign")
            ):
                self.forms[(form.enterprise_id, form.campaign.year)] = form

    def resolve(self, values: dict[str, Any]) -> dict[str, Any]:
        enterprise = self.enterprise_for(values)
        year = values.pop("year")
        form = self.forms.get((enterprise.pk, year))
        if form is None:
            raise ValidationError(
                {"uscc": _("该企业不在%(y)s年度研发统计调查名单中") % {"y": year}}
            )
        text = (values.pop("explanation", "") or "").strip()
        if text:
            values["explanations"] = {"*": text}
        values["campaign"] = form.campaign
        values["enterprise"] = enterprise
        return values

    def existing(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        wanted = set(keys)
        return {
            (f.campaign_id, f.enterprise_id): f
            for f in self.forms.values()
            if (f.campaign_id, f.enterprise_id) in wanted
        }

    def check_existing(self, current: models.Model, values: dict[str, Any]) -> None:
        if not isinstance(current, SurveyForm):
            raise TypeError(type(current))
        if current.status not in EDITABLE:
            raise ValidationError(
                {
                    "uscc": _("该企业的统计表状态为“%(s)s”，不能通过导入修改")
                    % {"s": current.get_status_display()}
                }
            )

    def before_save(self, instance: models.Model) -> None:
        """The hard checks (sums, "of which" lines, FTE, degrees, cost) refuse the row."""
        from . import services, validation

        if not isinstance(instance, SurveyForm):
            raise TypeError(type(instance))
        ctx = validation.Context(labels=services.labels())
        errors: dict[str, list[str]] = {}
        for finding in validation.check(services.values_of(instance), [], ctx, submitting=False):
            if finding.level == validation.ERROR:
                errors.setdefault(finding.field, []).append(finding.message)
        if errors:
            raise ValidationError(errors)

    def export_queryset(self, queryset: models.QuerySet[Any]) -> Any:
        return queryset.select_related("enterprise", "campaign").iterator(chunk_size=2000)

    def export_value(self, instance: models.Model, column: Column) -> Any:
        if not isinstance(instance, SurveyForm):
            raise TypeError(type(instance))
        if column.field == "year":
            return instance.campaign.year
        if column.field == "explanation":
            return "；".join(str(v) for v in (instance.explanations or {}).values())
        return super().export_value(instance, column)
