"""Talent's figures (seed problem 一, diagnostic 1; issue #17): the cooperation ladder read from
the dated history, so last year's count is last year's."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import Column, Figure, Listing, Result, register, register_listing
from kechuang.core.periods import Period

from .choices import RUNG, SHALLOW, CooperationStatus
from .models import Cooperation, CooperationEvent

COOPERATIONS = "talent.Cooperation"
GROUP = _("产学研合作")

register_listing(
    Listing(
        model=COOPERATIONS,
        noun=_("合作"),
        unit=_("项"),
        columns=(
            Column(_("合作项目"), "project"),
            Column(_("企业"), "enterprise__name"),
            Column(_("合作单位"), "institution__name"),
            Column(_("所处阶段"), "get_status_display"),
            Column(_("达到的最高阶段"), "get_top_display"),
            Column(_("所在乡镇"), "enterprise__region__name"),
        ),
        order=("enterprise__region__code", "project", "pk"),
        importance=("project", "pk"),
        name="project",
        region="enterprise__region",
        companion=("institution__name", "project", "enterprise__region__name", "project"),
        related=("enterprise__region", "institution"),
    )
)


def cooperations_in(user: Any, region: Any) -> Any:
    return Cooperation.objects.visible_in(user, region)


def ladder(user: Any, region: Any, on: date) -> dict[int, tuple[str, str]]:
    """Each cooperation's (rung it stands on, highest rung reached) on day ``on``."""
    found: dict[int, tuple[str, str]] = {}
    for pk, state in (
        CooperationEvent.objects.filter(
            cooperation__in=cooperations_in(user, region).values("pk"), occurred_on__lte=on
        )
        .order_by("cooperation_id", "occurred_on", "pk")
        .values_list("cooperation_id", "state")
    ):
        top = found.get(pk, ("", ""))[1]
        if RUNG.get(state, -1) > RUNG.get(top, -1):
            top = state
        found[pk] = (state, top)
    return found


def recorded(user: Any, region: Any, period: Period) -> Result:
    """Cooperations on the ladder on the count day (dropped ones included: they count in the
    diagnostic by the rung they reached)."""
    standing = ladder(user, region, period.as_of)
    ids = sorted(standing)
    return Result(
        len(ids),
        cooperations_in(user, region).filter(pk__in=ids),
        {"as_of_label": period.as_of_label},
    )


def shallow(user: Any, region: Any, period: Period) -> Result:
    """Diagnostic 1: cooperations whose highest rung on the count day is a framework agreement
    or below; with their share (%) of all."""
    standing = ladder(user, region, period.as_of)
    ids = sorted(pk for pk, (_state, top) in standing.items() if top in SHALLOW)
    share = round(len(ids) * 100 / len(standing), 1) if standing else None
    return Result(
        len(ids),
        cooperations_in(user, region).filter(pk__in=ids),
        {"share": share, "base": len(standing), "as_of_label": period.as_of_label},
    )


def at_rung(status: str) -> Any:
    def compute(user: Any, region: Any, period: Period) -> Result:
        standing = ladder(user, region, period.as_of)
        ids = sorted(pk for pk, (state, _top) in standing.items() if state == status)
        return Result(len(ids), cooperations_in(user, region).filter(pk__in=ids))

    return compute


register(
    Figure(
        "talent.cooperations",
        _("登记的产学研合作"),
        _("项"),
        _("统计日已有进展记录的企业与高校院所合作（含已终止的）。"),
        recorded,
        GROUP,
        records=COOPERATIONS,
    ),
    Figure(
        "talent.shallow",
        _("停留在框架协议及以下的合作"),
        _("项"),
        _(
            "统计日达到的最高阶段为初步接触、合作意向、初步协议或框架协议的合作；"
            "并给出占全部合作的比重（%）。"
        ),
        shallow,
        GROUP,
        records=COOPERATIONS,
    ),
    *[
        Figure(
            f"talent.at_{status.value}",
            status.label,
            _("项"),
            _("统计日处于该阶段的合作。"),
            at_rung(status.value),
            GROUP,
            records=COOPERATIONS,
        )
        for status in CooperationStatus
    ],
)
