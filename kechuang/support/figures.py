"""Enterprise service's figures: one definition each, read by the dashboard, the API, the
exports and the report."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kechuang.core.figures import (
    Column,
    Figure,
    Listing,
    Result,
    enterprises_in,
    register,
    register_listing,
)
from kechuang.core.periods import Period

GROUP = _("企业服务")
NEEDS = "talent.TechNeed"
FLAGS = "support.Flag"

register_listing(
    Listing(
        model=NEEDS,
        noun=_("需求"),
        unit=_("项"),
        columns=(
            Column(_("需求名称"), "title"),
            Column(_("企业"), "enterprise__name"),
            Column(_("状态"), "get_status_display"),
            Column(_("承办人或部门"), "assignee"),
            Column(_("办理时限"), "deadline"),
        ),
        order=("raised_on", "pk"),
        importance=("raised_on", "pk"),
        name="title",
        region="enterprise__region",
        companion=("pk", "title", "enterprise__region__name", "pk"),
        related=("enterprise__region",),
    )
)
register_listing(
    Listing(
        model=FLAGS,
        noun=_("预警"),
        unit=_("条"),
        columns=(
            Column(_("预警内容"), "label"),
            Column(_("企业"), "enterprise__name"),
            Column(_("发现日期"), "raised_on"),
        ),
        order=("raised_on", "pk"),
        importance=("raised_on", "pk"),
        name="label",
        region="enterprise__region",
        companion=("pk", "label", "enterprise__region__name", "pk"),
        related=("enterprise__region",),
    )
)


def _needs(user: Any, region: Any) -> Any:
    from kechuang.talent.models import TechNeed

    return TechNeed.objects.filter(enterprise__in=enterprises_in(user, region).values("pk"))


def _as_of(period: Period) -> date:
    """The day a standing count is taken: the period's end, or today within it."""
    return min(period.end, timezone.localdate())


def visited(user: Any, region: Any, period: Period) -> Result:
    """Enterprises visited in the period (visit records); ``visits``: the visits (家次)."""
    from .models import Visit

    within = enterprises_in(user, region)
    visits = Visit.objects.filter(
        enterprise__in=within.values("pk"),
        visited_on__gte=period.start,
        visited_on__lte=period.end,
    )
    records = within.filter(pk__in=visits.values("enterprise_id"))
    return Result(records.count(), records, {"visits": visits.count()})


def flags_open(user: Any, region: Any, period: Period) -> Result:
    """Red flags raised by the period's end and not yet followed up by then."""
    from .models import Flag

    day = _as_of(period)
    found = Flag.objects.filter(
        enterprise__in=enterprises_in(user, region).values("pk"), raised_on__lte=day
    ).filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=day))
    labels = list(found.order_by("raised_on", "pk").values_list("label", flat=True)[:200])
    return Result(found.count(), found, {"labels": labels})


def needs_received(user: Any, region: Any, period: Period) -> Result:
    """Technical needs that entered the pool in the period (portal, visits or staff)."""
    found = _needs(user, region).filter(raised_on__gte=period.start, raised_on__lte=period.end)
    return Result(found.count(), found, {})


def needs_closed(user: Any, region: Any, period: Period) -> Result:
    """Needs closed (办结) in the period, with the enterprises' ratings: ``rate`` is the share
    rated 满意 or better, in per cent."""
    from kechuang.talent.models import SATISFIED_AT, NeedEvent, NeedStatus

    closed = NeedEvent.objects.filter(
        state=NeedStatus.CLOSED,
        occurred_on__gte=period.start,
        occurred_on__lte=period.end,
    )
    found = _needs(user, region).filter(pk__in=closed.values("need_id"))
    ratings = [r for r in found.values_list("satisfaction", flat=True) if r is not None]
    satisfied = sum(1 for r in ratings if r >= SATISFIED_AT)
    rate = round(100 * satisfied / len(ratings), 1) if ratings else None
    return Result(
        found.count(), found, {"rated": len(ratings), "satisfied": satisfied, "rate": rate}
    )


def needs_overdue(user: Any, region: Any, period: Period) -> Result:
    """Needs assigned whose time limit had passed without an answer, on the period's end (or
    today)."""
    from kechuang.talent.models import NeedEvent, NeedStatus

    day = _as_of(period)
    # where each need stood on that day: its last event on or before it
    answered = NeedEvent.objects.filter(
        state__in=(NeedStatus.ANSWERED, NeedStatus.CLOSED, NeedStatus.DECLINED),
        occurred_on__lte=day,
    ).values("need_id")
    assigned = NeedEvent.objects.filter(state=NeedStatus.ASSIGNED, occurred_on__lte=day).values(
        "need_id"
    )
    found = _needs(user, region).filter(deadline__lt=day, pk__in=assigned).exclude(pk__in=answered)
    return Result(found.count(), found, {"day": day})


def planned(user: Any, region: Any, period: Period) -> Result:
    """Enterprises with a one-enterprise-one-plan plan of the period's year."""
    from .models import EnterprisePlan

    within = enterprises_in(user, region)
    plans = EnterprisePlan.objects.filter(enterprise__in=within.values("pk"), year=period.end.year)
    records = within.filter(pk__in=plans.values("enterprise_id"))
    return Result(records.count(), records, {})


def liaised(user: Any, region: Any, period: Period) -> Result:
    """Enterprises under leadership liaison by the period's end; ``leaders``: how many
    leaders."""
    from .models import Liaison

    within = enterprises_in(user, region)
    pairs = Liaison.objects.filter(enterprise__in=within.values("pk"), since__lte=period.end)
    records = within.filter(pk__in=pairs.values("enterprise_id"))
    leaders = pairs.order_by().values("leader_id").distinct().count()
    return Result(records.count(), records, {"leaders": leaders})


register(
    Figure(
        "support.visited",
        _("走访服务的企业"),
        _("家"),
        _("期间内有走访记录的企业（事实“visits”为走访家次）。"),
        visited,
        GROUP,
    ),
    Figure(
        "support.flags_open",
        _("未跟进的走访预警"),
        _("条"),
        _("期末（或今天）前走访发现、尚未跟进完成的预警。"),
        flags_open,
        GROUP,
        records=FLAGS,
        snapshot=False,
    ),
    Figure(
        "support.needs_received",
        _("受理的技术需求"),
        _("项"),
        _("期间内进入需求池的技术难题和需求（企业提出、走访收集或科技局登记）。"),
        needs_received,
        GROUP,
        records=NEEDS,
        snapshot=False,
    ),
    Figure(
        "support.needs_closed",
        _("办结的技术需求"),
        _("项"),
        _("期间内办结的技术需求；满意率为评价“满意”及以上的占比（%）。"),
        needs_closed,
        GROUP,
        records=NEEDS,
        snapshot=False,
    ),
    Figure(
        "support.needs_overdue",
        _("逾期未反馈的技术需求"),
        _("项"),
        _("期末（或今天）已过办理时限、尚未反馈的已交办需求。"),
        needs_overdue,
        GROUP,
        records=NEEDS,
        snapshot=False,
    ),
    Figure(
        "support.planned",
        _("制定一企一策方案的企业"),
        _("家"),
        _("期末所在年度制定了一企一策培育方案的企业。"),
        planned,
        GROUP,
    ),
    Figure(
        "support.liaised",
        _("班子成员联系服务的企业"),
        _("家"),
        _("期末前已确定局领导联系服务的企业（事实“leaders”为联系领导人数）。"),
        liaised,
        GROUP,
    ),
)
