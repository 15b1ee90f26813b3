"""Targets as figures: the next period's targets for the report's plan (seed rows 33, 36)."""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Figure, Result, register
from kechuang.core.periods import Period

from .models import UNITS, Metric, Target


def _next_target(metric: str) -> Any:
    def compute(user: Any, region: Any, period: Period) -> Result:
        target = Target.objects.filter(region=region, year=period.year + 1, metric=metric).first()
        return Result(target.value if target else None, None, {"year": period.year + 1})

    return compute


register(
    *[
        Figure(
            f"targets.next_{metric.value}",
            format_lazy("{}{}", _("下一年度目标："), metric.label),
            UNITS.get(metric, _("家")),
            _("区划下一年度设定的目标值（年度目标页面设定）。"),
            _next_target(metric.value),
            _("年度目标"),
        )
        for metric in Metric
    ]
)
