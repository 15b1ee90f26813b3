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


VISITS = "talent.Visit"
register_listing(
    Listing(
        model=VISITS,
        noun=_("对接"),
        unit=_("次"),
        columns=(
            Column(_("对接项目或内容"), "topic"),
            Column(_("对接日期"), "visited_on"),
            Column(_("企业"), "enterprise__name"),
            Column(_("对接单位"), "institution__name"),
            Column(_("对接单位或人员（专家库以外）"), "counterpart"),
            Column(_("达成阶段"), "get_outcome_display"),
        ),
        order=("visited_on", "pk"),
        importance=("visited_on", "pk"),
        companion=("institution__name", "topic", "trip__region__name", "visited_on"),
        related=("enterprise", "institution", "trip__region"),
        name="topic",
        region="trip__region",
    )
)


def visits(user: Any, region: Any, period: Period) -> Result:
    """Matching visits within the period, with what the report's sentences say of each:
    the trip's dates, the enterprise, the counterpart and its experts, the topic, the rung."""
    from kechuang.core.figures import short_name

    from .models import Visit

    found = (
        Visit.objects.visible_in(user, region)
        .filter(visited_on__gte=period.start, visited_on__lte=period.end)
        .select_related("trip", "enterprise", "institution")
        .prefetch_related("experts")
        .order_by("trip__started_on", "trip_id", "visited_on", "pk")
    )
    items = [
        {
            "id": v.pk,
            "trip": v.trip_id,
            "start": v.trip.started_on,
            "end": v.trip.ended_on,
            "on": v.visited_on,
            "enterprise": short_name(v.enterprise.name) if v.enterprise_id else "",
            "institution": v.institution.name if v.institution_id else "",
            "counterpart": v.counterpart,
            "experts": [[e.name, e.title] for e in v.experts.all()],
            "topic": v.topic,
            "outcome": v.get_outcome_display() if v.outcome else "",
        }
        for v in found
    ]
    ids = [item["id"] for item in items]
    return Result(
        len(ids), Visit.objects.visible_in(user, region).filter(pk__in=ids), {"items": items}
    )


register(
    Figure(
        "talent.visits",
        _("期间对接走访"),
        _("次"),
        _("期间内对接活动中的每一次对接（企业、高校院所或专家、项目），附日期和达成阶段。"),
        visits,
        GROUP,
        records=VISITS,
    )
)
