"""One figure, one definition: the dashboard, the API, the export and the report read it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Figure, Result, enterprises_in, register
from kechuang.core.periods import Period

from .choices import NominationStatus
from .models import NominationEvent


def awarded(user: Any, region: Any, period: Period) -> Result:
    """Enterprises whose nomination was awarded within the period (by the dated history)."""
    within = enterprises_in(user, region)
    events = NominationEvent.objects.filter(
        nomination__enterprise__in=within.values("pk"),
        state=NominationStatus.AWARDED,
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
    )
    records = within.filter(pk__in=events.values("nomination__enterprise_id"))
    return Result(records.count(), records, {"awards": events.count()})


register(
    Figure(
        "example.awarded",
        _("获科技奖励的企业"),
        _("家"),
        _("期间内推荐记录进入“获奖”状态的企业。"),
        awarded,
        _("科技奖励"),
    )
)
