"""The demo county's nominations: a few enterprises nominated this year, one awarded."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from kechuang.demo.generator import register_step

from . import services
from .choices import Award, NominationStatus


@register_step
def build_nominations(generator: Any) -> None:
    from kechuang.enterprises.models import Enterprise

    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    for county in generator.counties:
        firms = list(
            Enterprise.objects.filter(region__code__startswith=county.code).order_by("pk")[:3]
        )
        for i, firm in enumerate(firms):
            nomination = services.nomination_create(
                actor=None,
                on=start,
                enterprise=firm,
                title=f"{firm.name}新型装备研制（示例）",
                award=Award.MUNICIPAL,
            )
            if i == 0:
                for state in (NominationStatus.SUBMITTED, NominationStatus.AWARDED):
                    services.nomination_advance(
                        actor=None, nomination=nomination, to=state, on=start
                    )
    generator.log("示例：科技奖励推荐")
